package main

// The run: what it owns, the order of the steps, and the report at the end.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// runner owns every process it starts and stops them by process group.
type runner struct {
	cfg      config
	root     string // module root
	tmp      string
	app      string // tokeninspector binary
	base     string // bench/baseline binary
	mincli   string // bench/mincli binary
	benchwin string // bench/cmd/benchwin binary
	fakebin  string // dir with the fake xdg-open

	mu    sync.Mutex
	procs []*exec.Cmd
	waits map[*exec.Cmd]*waiter

	threeTokens *idleSample // figures 2 and 3, the reference of the growth figures

	results  map[string]result // by target id
	failed   map[string]string // step key → error
	stepsRun []string
	details  []string
}

// wants reports whether this run measures the step: every step but the
// soak by default (it runs alone: -soak; a smoke run has a short one), or
// those named with -only.
func (r *runner) wants(step string) bool {
	if r.cfg.soak > 0 {
		return step == "soak"
	}
	if r.cfg.only == "" {
		return step != "soak" || r.cfg.smoke
	}
	return slices.Contains(strings.Split(r.cfg.only, ","), step)
}

func (r *runner) say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func (r *runner) detail(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	r.details = append(r.details, s)
	if r.cfg.verbose {
		fmt.Fprintln(os.Stderr, "  "+s)
	}
}

func (r *runner) run(ctx context.Context) error {
	start := time.Now()
	var err error
	if r.root, err = os.Getwd(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(r.root, "go.mod")); err != nil {
		return errors.New("run me from the module root (bench/run.sh does)")
	}
	if r.cfg.tags == shippedTags {
		b, err := os.ReadFile(filepath.Join(r.root, windowTagsFile))
		if err != nil {
			return fmt.Errorf("the window's build tags: %w", err)
		}
		r.cfg.tags = strings.TrimSpace(string(b))
	}
	for _, tool := range []string{"Xvfb", "xdotool", "curl", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: run scripts/ensure-deps.sh test (and apt-get install curl)", tool)
		}
	}
	if r.tmp, err = os.MkdirTemp("", "tokeninspector-bench-"); err != nil {
		return err
	}
	if err := r.build(ctx); err != nil {
		return err
	}
	dispA, err := r.startXvfb(ctx, 150)
	if err != nil {
		return err
	}
	dispB, err := r.startXvfb(ctx, 151)
	if err != nil {
		return err
	}
	idp, err := r.startIDP(ctx)
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		key  string
		f    func(context.Context) error
	}{
		{"start", "start", func(ctx context.Context) error { return r.benchStart(ctx, dispA) }},
		{"command line", "cli", func(ctx context.Context) error { return r.benchCLI(ctx, idp) }},
		{"refresh (processes)", "refresh", func(ctx context.Context) error { return r.benchRefreshCLI(ctx, idp) }},
		{"memory and idle CPU", "idle", func(ctx context.Context) error { return r.benchIdle(ctx, dispA, dispB, idp) }},
		{"growth", "growth", func(ctx context.Context) error { return r.benchGrowth(ctx, dispA, dispB) }},
		{"Go benchmarks", "go", r.benchGo},
		{"soak", "soak", func(ctx context.Context) error { return r.benchSoak(ctx, dispA) }},
	}
	r.failed = map[string]string{}
	var failed []string
	for _, s := range steps {
		if !r.wants(s.key) {
			continue
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", s.name, context.Cause(ctx))
		}
		t := time.Now()
		r.say("%s…", s.name)
		r.stepsRun = append(r.stepsRun, s.key)
		if err := s.f(ctx); err != nil {
			r.say("%s failed: %v", s.name, err)
			r.failed[s.key] = err.Error()
			failed = append(failed, s.name+": "+err.Error())
			continue
		}
		r.say("%s done in %s", s.name, time.Since(t).Round(100*time.Millisecond))
	}
	report := r.report(time.Since(start))
	fmt.Print(report)
	if r.cfg.out != "" {
		out := r.cfg.out
		if !filepath.IsAbs(out) {
			out = filepath.Join(r.root, out)
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err == nil {
			if err := os.WriteFile(out, []byte(report), 0o644); err == nil {
				r.say("report written to %s", r.cfg.out)
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("measurements failed:\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}
