package main

// Figures 2 and 3: memory and idle CPU of the logged-in window, next to
// the baseline ticking one label, measured at the same time.

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func (r *runner) benchIdle(ctx context.Context, dispA, dispB string, p *idp) error {
	app, err := r.launch(ctx, dispA, appTitle, r.app,
		"--issuer", p.issuer, "--client-id", "tokeninspector-demo", "--client-secret", "demo-secret")
	if err != nil {
		return err
	}
	defer r.stop(app.cmd)

	// Log in with Ctrl+L, as a person would; the fake browser completes it.
	win := strconv.FormatUint(uint64(app.id), 10)
	loggedIn := func() bool { return strings.Contains(app.output.String(), "status: Logged in") }
	for try := 0; try < 3 && !loggedIn(); try++ {
		if _, err := app.xdo(ctx, "windowfocus", "--sync", win); err != nil {
			r.detail("windowfocus: %v", err)
		}
		if _, err := app.xdo(ctx, "key", "--window", win, "ctrl+l"); err != nil {
			return err
		}
		waitUntil(ctx, 15*time.Second, loggedIn)
	}
	if !loggedIn() {
		return fmt.Errorf("the app did not log in:\n%s", app.output.String())
	}
	// The three signatures are checked in the background: wait for them.
	waitUntil(ctx, 20*time.Second, func() bool { return strings.Count(app.output.String(), "signature of the ") >= 3 })
	r.detail("app after login: %d signature checks logged", strings.Count(app.output.String(), "signature of the "))
	// The baseline opens at the size the app's window has now, with the
	// tokens shown (a repaint costs in proportion to the pixels).
	geo := app.geometry(ctx)
	wh := strings.Split(geo, "x")
	if len(wh) != 2 {
		return fmt.Errorf("app window geometry %q", geo)
	}
	base, err := r.launch(ctx, dispB, baseTitle, r.base, "-tick", "-width", wh[0], "-height", wh[1])
	if err != nil {
		return err
	}
	defer r.stop(base.cmd)
	r.detail("window size with tokens shown: app %s, baseline %s", geo, base.geometry(ctx))
	sleepCtx(ctx, r.cfg.settle)

	pids := []int{app.cmd.Process.Pid, base.cmd.Process.Pid}
	var frames []*damageCounter
	for _, w := range []*window{app, base} {
		d, err := countDamage(w.display, w.id)
		if err != nil {
			r.detail("frame count unavailable: %v", err)
			break
		}
		defer d.Close()
		frames = append(frames, d)
	}
	rss0 := []float64{rssMiB(pids[0]), rssMiB(pids[1])}
	cpu0 := []float64{cpuSeconds(pids[0]), cpuSeconds(pids[1])}
	f0 := counts(frames)
	t0 := time.Now()
	sleepCtx(ctx, r.cfg.idle)
	cpu1 := []float64{cpuSeconds(pids[0]), cpuSeconds(pids[1])}
	f1 := counts(frames)
	wall := time.Since(t0)
	rss1 := []float64{rssMiB(pids[0]), rssMiB(pids[1])}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for i, w := range []*window{app, base} {
		if r.exited(w.cmd) || math.IsNaN(cpu1[i]) || math.IsNaN(rss1[i]) {
			return fmt.Errorf("%s exited during the idle window:\n%s", filepath.Base(w.cmd.Path), w.output.String())
		}
	}
	r.detail("RSS (MiB) after login+settle → after idle: app %.1f → %.1f, baseline %.1f → %.1f", rss0[0], rss1[0], rss0[1], rss1[1])
	r.detail("RSS parts (MiB, anon / file / shmem): app %s; baseline %s", rssParts(pids[0]), rssParts(pids[1]))
	r.detail("idle CPU over %s: app %.2f s, baseline %.2f s (utime+stime, clock ticks of 10 ms)", wall.Round(time.Millisecond), cpu1[0]-cpu0[0], cpu1[1]-cpu0[1])
	if len(f0) == 2 && len(f1) == 2 {
		fa, fb := float64(f1[0]-f0[0]), float64(f1[1]-f0[1])
		r.detail("frames drawn (X DAMAGE events) over %s: app %.0f (%.2f/s), baseline %.0f (%.2f/s); CPU per frame: app %.1f ms, baseline %.1f ms",
			wall.Round(time.Millisecond), fa, fa/wall.Seconds(), fb, fb/wall.Seconds(),
			1000*(cpu1[0]-cpu0[0])/max(fa, 1), 1000*(cpu1[1]-cpu0[1])/max(fb, 1))
	}
	r.rows = append(r.rows,
		row{id: "2", name: "Memory: RSS, three tokens shown", app: fmt.Sprintf("%.1f MiB", rss1[0]), base: fmt.Sprintf("%.1f MiB", rss1[1]),
			ratio: rss1[0] / rss1[1], target: "≤ 1.2×", limit: 1.2},
		row{id: "3", name: fmt.Sprintf("Idle CPU over %s, countdowns ticking", r.cfg.idle), app: fmt.Sprintf("%.2f s", cpu1[0]-cpu0[0]),
			base: fmt.Sprintf("%.2f s", cpu1[1]-cpu0[1]), ratio: (cpu1[0] - cpu0[0]) / (cpu1[1] - cpu0[1]), target: "≤ 1.1×", limit: 1.1},
	)
	return nil
}

func waitUntil(ctx context.Context, timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func counts(ds []*damageCounter) []int {
	var out []int
	for _, d := range ds {
		out = append(out, d.count())
	}
	return out
}
