package main

// Figures 2, 3, 4a and 4b: memory and idle CPU of the logged-in window,
// next to the baseline ticking one label once a second, measured at the same
// time on two X servers: first both in view, then both minimised, then both
// fully covered.

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// idleSample is what one idle window measured for the app and the baseline.
type idleSample struct {
	wall   time.Duration
	cpu    [2]float64 // CPU seconds used during the window
	rss    [2]float64 // MiB at its end
	frames [2]int     // DAMAGE events; -1 when not counted
}

func (r *runner) benchIdle(ctx context.Context, dispA, dispB string, p *idp) error {
	app, err := r.launch(ctx, dispA, appTitle, r.app, append([]string{"--issuer", p.issuer}, demoClient...)...)
	if err != nil {
		return err
	}
	defer r.stop(app.cmd)
	if err := r.logInWindow(ctx, app); err != nil {
		return err
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

	rss0 := [2]float64{rssMiB(app.cmd.Process.Pid), rssMiB(base.cmd.Process.Pid)}
	s, err := r.idleWindow(ctx, app, base)
	if err != nil {
		return err
	}
	r.threeTokens = &s
	r.detail("RSS (MiB) after login+settle → after idle: app %.1f → %.1f, baseline %.1f → %.1f", rss0[0], s.rss[0], rss0[1], s.rss[1])
	r.detail("RSS parts (MiB, anon / file / shmem): app %s; baseline %s", rssParts(app.cmd.Process.Pid), rssParts(base.cmd.Process.Pid))
	r.idleDetail("in view", s)
	r.put("2", result{app: fmt.Sprintf("%.1f MiB", s.rss[0]), base: fmt.Sprintf("%.1f MiB", s.rss[1]), ratio: s.rss[0] / s.rss[1], ratioed: true})
	r.put("3", result{name: fmt.Sprintf("%s, over %s", targetByID("3").name, r.cfg.idle), app: fmt.Sprintf("%.2f s", s.cpu[0]),
		base: fmt.Sprintf("%.2f s", s.cpu[1]), ratio: s.cpu[0] / s.cpu[1], ratioed: true})

	for _, h := range []struct {
		id, state string
		hide      hideFunc
	}{{"4a", "minimised", minimise}, {"4b", "fully covered", cover}} {
		s, err := r.idleHidden(ctx, app, base, h.state, h.hide)
		if err != nil {
			return fmt.Errorf("%s: %w", h.state, err)
		}
		r.idleDetail(h.state, s)
		r.put(h.id, result{name: fmt.Sprintf("%s, over %s", targetByID(h.id).name, r.cfg.idle), app: fmt.Sprintf("%.2f s", s.cpu[0]),
			base: fmt.Sprintf("%.2f s", s.cpu[1]), ratio: s.cpu[0] / max(s.cpu[1], 0.01), ratioed: true})
	}
	return nil
}

// logInWindow logs the window in with Ctrl+L, as a person would; the fake
// browser completes it.
func (r *runner) logInWindow(ctx context.Context, app *window) error {
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
	return nil
}

// idleHidden puts both windows out of sight the same way, measures an idle
// window, shows them again and checks that the app draws again.
func (r *runner) idleHidden(ctx context.Context, app, base *window, state string, hide hideFunc) (idleSample, error) {
	var shows []func() error
	showAll := func() error {
		var first error
		for _, show := range shows {
			if err := show(); err != nil && first == nil {
				first = err
			}
		}
		shows = nil
		return first
	}
	defer showAll()
	for _, w := range []*window{app, base} {
		show, err := hide(w.display, w.id)
		if err != nil {
			return idleSample{}, err
		}
		shows = append(shows, show)
	}
	sleepCtx(ctx, time.Second) // let both take in the new state
	s, err := r.idleWindow(ctx, app, base)
	if err != nil {
		return s, err
	}
	// After it shows again the app must draw (its countdowns right on the
	// first frame is the UI tests' part): count its frames for 2 s.
	d, err := countDamage(app.display, app.id)
	if err != nil {
		return s, err
	}
	defer d.Close()
	if err := showAll(); err != nil {
		return s, err
	}
	sleepCtx(ctx, 2*time.Second)
	r.detail("%s: frames the app drew in the 2 s after it showed again: %d", state, d.count())
	if d.count() == 0 {
		return s, fmt.Errorf("the app drew nothing in the 2 s after it was %s and shown again", state)
	}
	return s, nil
}

// idleWindow measures CPU, frames and RSS of both windows over cfg.idle.
func (r *runner) idleWindow(ctx context.Context, app, base *window) (idleSample, error) {
	s := idleSample{frames: [2]int{-1, -1}}
	wins := []*window{app, base}
	var frames [2]*damageCounter
	for i, w := range wins {
		d, err := countDamage(w.display, w.id)
		if err != nil {
			r.detail("frame count unavailable: %v", err)
			continue
		}
		defer d.Close()
		frames[i] = d
	}
	var cpu0 [2]float64
	for i, w := range wins {
		cpu0[i] = cpuSeconds(w.cmd.Process.Pid)
	}
	t0 := time.Now()
	sleepCtx(ctx, r.cfg.idle)
	s.wall = time.Since(t0)
	for i, w := range wins {
		s.cpu[i] = cpuSeconds(w.cmd.Process.Pid) - cpu0[i]
		s.rss[i] = rssMiB(w.cmd.Process.Pid)
		if frames[i] != nil {
			s.frames[i] = frames[i].count()
		}
	}
	if ctx.Err() != nil {
		return s, ctx.Err()
	}
	for i, w := range wins {
		if r.exited(w.cmd) || math.IsNaN(s.cpu[i]) || math.IsNaN(s.rss[i]) {
			return s, fmt.Errorf("%s exited during the idle window:\n%s", filepath.Base(w.cmd.Path), w.output.String())
		}
	}
	return s, nil
}

func (r *runner) idleDetail(state string, s idleSample) {
	wall := s.wall.Round(time.Millisecond)
	r.detail("idle CPU %s over %s: app %.2f s, baseline %.2f s (utime+stime, clock ticks of 10 ms)", state, wall, s.cpu[0], s.cpu[1])
	if s.frames[0] == 0 && s.frames[1] == 0 {
		r.detail("frames drawn %s: none reported (X DAMAGE reports nothing that lands out of sight; the CPU figure is what counts)", state)
	} else if s.frames[0] >= 0 && s.frames[1] >= 0 {
		fa, fb := float64(s.frames[0]), float64(s.frames[1])
		r.detail("frames drawn %s (X DAMAGE events) over %s: app %.0f (%.2f/s), baseline %.0f (%.2f/s); CPU per frame: app %.1f ms, baseline %.1f ms",
			state, wall, fa, fa/s.wall.Seconds(), fb, fb/s.wall.Seconds(), 1000*s.cpu[0]/max(fa, 1), 1000*s.cpu[1]/max(fb, 1))
	}
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
