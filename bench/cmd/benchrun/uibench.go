package main

// Figures 5c and 7: Go benchmarks of the window on the Fyne test driver
// (ui/perf_bench_test.go): one countdown tick with its allocations, and
// switching views in the grown state, with the 95th percentile of a switch;
// and a key typed during a large paste into Decode.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

func (r *runner) benchUI(ctx context.Context) error {
	test := filepath.Join(r.tmp, "ui.test")
	cctx, cancel := context.WithTimeout(ctx, 6*time.Minute)
	cmd := exec.CommandContext(cctx, "go", "test", "-c", "-o", test, "./ui/")
	cmd.Dir = r.root
	out, err := cmd.CombinedOutput()
	cancel()
	if err != nil {
		return fmt.Errorf("go test -c ./ui/: %v\n%s", err, out)
	}
	// A switch runs in a grown window whose set-up (10 logins, 999
	// refreshes) takes seconds: a fixed count of switches.
	switches := "60x"
	if r.cfg.smoke {
		switches = "2x"
	}
	bench := func(name, benchtime string) (map[string]float64, error) {
		cctx, cancel := context.WithTimeout(ctx, 12*time.Minute) // the grown set-up: 10 logins, 999 refreshes
		defer cancel()
		args := []string{"-test.run=^$", "-test.bench=^" + name + "$", "-test.benchmem", "-test.benchtime=" + benchtime, "-test.count=1"}
		if r.cfg.smoke {
			args = append(args, "-test.short") // a smaller grown state
		}
		cmd := exec.CommandContext(cctx, test, args...)
		cmd.Dir = filepath.Join(r.root, "ui")
		cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		m := parseBench(out, name)
		if m == nil {
			return nil, fmt.Errorf("%s: no result in\n%s", name, out)
		}
		return m, nil
	}
	tick, err := bench("BenchmarkCountdownTick", r.cfg.benchtime)
	if err != nil {
		return err
	}
	changed := tick["changed-strings/op"]
	extra := tick["allocs/op"] - changed
	r.detail("BenchmarkCountdownTick: %s/op, %.0f B/op, %.0f allocs/op for %.0f changed strings (-benchtime %s)",
		fmtNs(tick["ns/op"]), tick["B/op"], tick["allocs/op"], changed, r.cfg.benchtime)
	r.put("7", result{app: fmt.Sprintf("%.0f allocs, %.0f B per tick", tick["allocs/op"], tick["B/op"]),
		base: fmt.Sprintf("(%.0f changed strings)", changed), value: extra})
	views, err := bench("BenchmarkViewSwitch", switches)
	if err != nil {
		return err
	}
	r.detail("BenchmarkViewSwitch (grown state): p95 %.1f ms, mean %s, %.0f B/op, %.0f allocs/op over %s",
		views["p95-ms"], fmtNs(views["ns/op"]), views["B/op"], views["allocs/op"], switches)
	r.put("5c", result{app: fmt.Sprintf("%.1f ms", views["p95-ms"]), value: views["p95-ms"]})
	profiles, err := bench("BenchmarkProfileSwitch", switches)
	if err != nil {
		return err
	}
	r.detail("BenchmarkProfileSwitch (grown state, next of 10 profiles drawn whole): p95 %.1f ms, mean %s, %.0f B/op, %.0f allocs/op over %s",
		profiles["p95-ms"], fmtNs(profiles["ns/op"]), profiles["B/op"], profiles["allocs/op"], switches)
	paste, err := bench("BenchmarkDecodePasteKey", "30x")
	if err != nil {
		return err
	}
	r.detail("BenchmarkDecodePasteKey (a 12 KB, 100 KB or 1 MB paste into Decode, a key typed right after, the next frame laid out): p95 %.1f ms, slowest 1 MB round %.1f ms (target: a key answered within 100 ms)",
		paste["p95-ms"], paste["max-1mb-ms"])
	return nil
}
