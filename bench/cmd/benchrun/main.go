// Command benchrun measures Token Inspector's performance budget against
// yardsticks built and run in the same session on the same machine, and
// prints one table with every target of issue 14 and the auth budgets, each
// with its target and met/missed (targets.go; see bench/RESULTS.md):
//
//  1. start: process start → window mapped, vs a bare Fyne window (bench/baseline)
//  2. memory: RSS with three tokens shown, vs the bare window
//  3. idle CPU while the countdowns tick, vs the bare window ticking one label
//  4. idle CPU minimised and fully covered, vs the bare window in the same state
//  5. growth: many profiles, a long history and a big token vs three tokens;
//     view switching (Go benchmark); RSS over a one-hour soak (-soak, make soak-rss)
//  6. command line: each subcommand vs bench/mincli doing the same work; `token`
//  7. one countdown tick (Go benchmark, allocations)
//
// and the auth paths: refresh (process vs curl, in-process vs http.PostForm),
// decode vs jwt.ParseUnverified, login overhead.
//
// Run it from the module root: go run ./bench/cmd/benchrun [-smoke] (bench/run.sh does).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

type config struct {
	smoke     bool
	starts    int
	idle      time.Duration
	settle    time.Duration
	refreshes int
	rounds    int
	benchtime string
	out       string
	verbose   bool
	only      string
	tags      string
	soak      time.Duration
	pprof     string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-token-probe" { // inside the private D-Bus session of figure 6f
		os.Exit(tokenProbe(os.Args[2:]))
	}
	var c config
	flag.BoolVar(&c.smoke, "smoke", false, "one short iteration of everything (make test): checks the bench runs, numbers mean little")
	flag.IntVar(&c.starts, "starts", 9, "start-time runs per program (median)")
	flag.DurationVar(&c.idle, "idle", 30*time.Second, "idle CPU measuring window")
	flag.DurationVar(&c.settle, "settle", 5*time.Second, "wait after login before measuring memory and CPU")
	flag.IntVar(&c.refreshes, "refreshes", 21, "refresh runs per client (median)")
	flag.IntVar(&c.rounds, "rounds", 5, "rounds of each Go benchmark pair, alternating (median)")
	flag.StringVar(&c.benchtime, "benchtime", "1s", "Go -benchtime per benchmark run")
	flag.StringVar(&c.out, "o", "build/bench/last-run.md", "also write the report (markdown) here; empty: don't")
	flag.BoolVar(&c.verbose, "v", false, "print every sample")
	flag.StringVar(&c.only, "only", "", "comma-separated subset of "+strings.Join(stepKeys[:len(stepKeys)-1], ",")+" (default: all)")
	flag.StringVar(&c.pprof, "pprof", "", "write CPU and heap profiles of the growth step's windows (bench/cmd/benchwin) into this directory")
	flag.DurationVar(&c.soak, "soak", 0, "instead of the bench: the window auto-refreshing 2-second tokens for this long, RSS sampled (make soak-rss)")
	flag.StringVar(&c.tags, "tags", shippedTags, "build tags for the app and the baseline; the default is the window's own ("+windowTagsFile+"), \"\" for none")
	flag.Parse()
	logXGB(c.verbose)
	if c.smoke {
		c.starts, c.idle, c.settle, c.refreshes, c.rounds, c.benchtime = 1, 2*time.Second, 500*time.Millisecond, 1, 1, "1x"
	}
	c.starts = clamp(c.starts, 1, 50)
	c.refreshes = clamp(c.refreshes, 1, 200)
	c.rounds = clamp(c.rounds, 1, 20)
	c.idle = min(max(c.idle, time.Second), 5*time.Minute)

	budget := 25 * time.Minute
	switch {
	case c.soak > 0:
		budget = c.soak + 5*time.Minute
	case c.smoke:
		budget = 8 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	r := &runner{cfg: c}
	err := r.run(ctx)
	r.cleanup()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }
