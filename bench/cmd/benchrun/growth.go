package main

// Figures 5a and 5b: the window grown — 10 profiles logged in on a demo
// provider with 2-minute tokens and auto-refresh on, 1,000 history entries
// on the selected profile, a 500-claim token in the Decode view — against
// the same window with one profile (three tokens), same provider, same
// auto-refresh, measured at the same time on the two X servers. Both are
// bench/cmd/benchwin: the window wired as the shipped one, set up through
// the workspace's commands.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// growth is the grown state of issue 14 (smaller in smoke runs).
type growth struct{ profiles, history, claims int }

func (r *runner) benchGrowth(ctx context.Context, dispA, dispB string) error {
	g := growth{profiles: 10, history: 999, claims: 500} // 999 refreshes + the login = 1,000 entries
	if r.cfg.smoke {
		g = growth{profiles: 3, history: 20, claims: 500}
	}
	p, err := r.startIDPWith(ctx, "--access-ttl", "2m")
	if err != nil {
		return err
	}
	common := append([]string{"-auto-refresh", "20s", "--issuer", p.issuer}, demoClient...)
	grownArgs := append([]string{"-profiles", fmt.Sprint(g.profiles), "-history", fmt.Sprint(g.history), "-claims", fmt.Sprint(g.claims)}, common...)
	refArgs := append([]string{"-profiles", "1"}, common...)
	if r.cfg.pprof != "" {
		grownArgs = append(r.profileFlags("grown"), grownArgs...)
		refArgs = append(r.profileFlags("three-tokens"), refArgs...)
	}
	t := time.Now()
	grown, err := r.launchWait(ctx, dispA, "", appTitle, 5*time.Minute, r.benchwin, grownArgs...)
	if err != nil {
		return fmt.Errorf("grown window: %w", err)
	}
	defer r.stop(grown.cmd)
	ref, err := r.launch(ctx, dispB, appTitle, r.benchwin, refArgs...)
	if err != nil {
		return fmt.Errorf("three-token window: %w", err)
	}
	defer r.stop(ref.cmd)
	for _, w := range []*window{grown, ref} {
		if !waitUntil(ctx, time.Minute, func() bool { return strings.Contains(w.output.String(), "benchwin: ready") }) {
			return fmt.Errorf("benchwin not ready:\n%s", w.output.String())
		}
	}
	r.detail("growth: %d profiles, %d refreshes + login on the selected one, a %d-claim token in the Decode view; set up and mapped in %s",
		g.profiles, g.history, g.claims, time.Since(t).Round(100*time.Millisecond))
	sleepCtx(ctx, r.cfg.settle)
	s, err := r.idleWindow(ctx, grown, ref)
	if err != nil {
		return err
	}
	r.idleDetail("grown vs three tokens (both bench/cmd/benchwin; \"baseline\" = three tokens)", s)
	r.detail("growth RSS (MiB): grown %.1f, three tokens %.1f; parts (anon / file / shmem): grown %s; three tokens %s",
		s.rss[0], s.rss[1], rssParts(grown.cmd.Process.Pid), rssParts(ref.cmd.Process.Pid))
	r.put("5a", result{app: fmt.Sprintf("%.1f MiB", s.rss[0]), base: fmt.Sprintf("%.1f MiB", s.rss[1]), ratio: s.rss[0] / s.rss[1], ratioed: true})
	r.put("5b", result{name: fmt.Sprintf("%s, over %s", targetByID("5b").name, r.cfg.idle), app: fmt.Sprintf("%.2f s", s.cpu[0]),
		base: fmt.Sprintf("%.2f s", s.cpu[1]), ratio: s.cpu[0] / max(s.cpu[1], 0.01), ratioed: true})
	return nil
}

// profileFlags asks benchwin for CPU and heap profiles under -pprof.
func (r *runner) profileFlags(name string) []string {
	return []string{"-cpuprofile", filepath.Join(r.cfg.pprof, name+".cpu.pprof"), "-memprofile", filepath.Join(r.cfg.pprof, name+".heap.pprof")}
}
