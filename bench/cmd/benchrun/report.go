package main

// The table `make bench` prints: one row per figure, with its target and
// whether this run met it.

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// result is what a step measured for one target.
type result struct {
	name      string  // replaces the target's name when set (e.g. with the sample count)
	app, base string  // as printed; base names the yardstick's figure, or "" or "(…)" when there is none
	ratio     float64 // app / yardstick; compared with the limit when ratioed
	ratioed   bool
	value     float64 // compared with the limit when not ratioed
	missing   string  // set when there is no figure: why ("not built yet: …")
}

// put records a target's figure.
func (r *runner) put(id string, res result) {
	targetByID(id) // an unknown id is a bug
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.results == nil {
		r.results = map[string]result{}
	}
	r.results[id] = res
}

// putMissing records why a target has no figure in this run.
func (r *runner) putMissing(id, why string) { r.put(id, result{missing: why}) }

// verdict is the Met column of a measured row.
func (t target) verdict(res result) (ratio, met string) {
	ratio = "—"
	v := res.value
	if res.ratioed {
		v = res.ratio
		ratio = fmt.Sprintf("%.2f×", res.ratio)
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "n/a", "n/a"
	case t.atLeast && v >= t.limit, !t.atLeast && v <= t.limit:
		return ratio, "yes"
	}
	return ratio, "**NO**"
}

func (r *runner) report(took time.Duration) string {
	var b strings.Builder
	host, _ := os.Hostname()
	mode := ""
	if r.cfg.smoke {
		mode = " — SMOKE MODE: one short iteration, the numbers are not meaningful"
	}
	fmt.Fprintf(&b, "\n## Token Inspector performance budget — %s%s\n\n", time.Now().Format("2006-01-02 15:04 MST"), mode)
	tags := r.cfg.tags
	if tags == "" {
		tags = "none"
	}
	fmt.Fprintf(&b, "%s/%s, %d CPUs, %s, host %s, load %s, build tags %s (app and yardsticks), bench took %s.\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		runtime.Version(), host, loadavg(), tags, took.Round(time.Second))
	section := ""
	for _, t := range targets {
		sec := sectionBudgets
		if t.id[0] >= '0' && t.id[0] <= '9' {
			sec = sectionTargets
		}
		if sec != section {
			section = sec
			fmt.Fprintf(&b, "\n%s:\n\n| # | Figure | App | Yardstick | Ratio | Target | Met |\n|---|---|---|---|---|---|---|\n", sec)
		}
		res, ok := r.results[t.id]
		if !ok {
			res.missing = r.whyNotMeasured(t.step)
		}
		name := cmp.Or(res.name, t.name)
		if res.missing != "" {
			fmt.Fprintf(&b, "| %s | %s | — | — | — | %s | %s |\n", t.id, name, t.target, res.missing)
			continue
		}
		ratio, met := t.verdict(res)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", t.id, name, res.app, res.base, ratio, t.target, met)
	}
	b.WriteString("\nSamples:\n\n")
	for _, d := range r.details {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	return b.String()
}

// whyNotMeasured says why a step left a target without a figure.
func (r *runner) whyNotMeasured(step string) string {
	switch {
	case r.failed[step] != "":
		return "not measured: the step failed (see the log)"
	case step == "soak" && !r.wants(step):
		return "not measured here: `make soak-rss` (1 h)"
	case !r.wants(step):
		return "not measured: step `" + step + "` not selected (-only)"
	case !slices.Contains(r.stepsRun, step):
		return "not measured yet: no step measures it"
	}
	return "not measured in this run"
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
