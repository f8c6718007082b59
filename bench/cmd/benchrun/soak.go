package main

// Figure 5d (make soak-rss, not in make bench): the window refreshing
// 2-second tokens for an hour (1,800 rotations on the demo provider, which
// rotates refresh tokens), its RSS sampled every 10 s; the figure is the RSS
// at the end against the RSS after the first minute. The window is
// bench/cmd/benchwin (the shipped window's wiring). The workspace spaces
// automatic refreshes at least 10 s apart (autoGap), which would make 360
// rotations an hour of 2-second tokens; benchwin asks for a refresh every
// 2 s instead, as the Refresh button does.

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

func (r *runner) benchSoak(ctx context.Context, display string) error {
	length := r.cfg.soak
	if length <= 0 { // smoke: a short run, to check that it works
		length = 15 * time.Second
	}
	first := min(time.Minute, length/4)
	p, err := r.startIDPWith(ctx, "--access-ttl", "2s", "--refresh-ttl", (length + time.Hour).String())
	if err != nil {
		return err
	}
	w, err := r.launch(ctx, display, appTitle, r.benchwin,
		append([]string{"-profiles", "1", "-refresh-every", "2s", "-count", "--issuer", p.issuer}, demoClient...)...)
	if err != nil {
		return err
	}
	defer r.stop(w.cmd)
	pid := w.cmd.Process.Pid
	t0 := time.Now()
	var samples []float64
	var atFirst float64
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	end := time.After(length)
	firstAt := time.After(first)
loop:
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-firstAt:
			atFirst = rssMiB(pid)
		case <-tick.C:
			samples = append(samples, rssMiB(pid))
		case <-end:
			break loop
		}
		if r.exited(w.cmd) {
			return fmt.Errorf("the window exited during the soak:\n%s", w.output.String())
		}
	}
	last := rssMiB(pid)
	cpu := cpuSeconds(pid)
	r.stop(w.cmd) // it prints its refresh count as it exits
	ok, failed := -1, -1
	if m := regexp.MustCompile(`refreshes ok (\d+) failed (\d+)`).FindStringSubmatch(w.output.String()); m != nil {
		ok, _ = strconv.Atoi(m[1])
		failed, _ = strconv.Atoi(m[2])
	}
	r.detail("soak: %s of 2-second tokens, a refresh every 2 s: %d refreshes ok, %d failed (the provider rotates refresh tokens); CPU %.1f s",
		time.Since(t0).Round(time.Second), ok, failed, cpu)
	r.detail("soak RSS (MiB): after %s %.1f, at the end %.1f; every 10 s: %s", first, atFirst, last, fmtList(samples))
	if ok <= 0 {
		return fmt.Errorf("no refresh counted during the soak:\n%s", w.output.String())
	}
	r.put("5d", result{name: fmt.Sprintf("Soak: RSS after %s of 2-second tokens (%d rotations) vs after %s", length, ok, first),
		app: fmt.Sprintf("%.1f MiB", last), base: fmt.Sprintf("%.1f MiB", atFirst), ratio: last / atFirst, ratioed: true})
	return nil
}
