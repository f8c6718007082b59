package main

// The table `make bench` prints: one row per figure, with its target and
// whether this run met it.

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// row is one figure of the table.
type row struct {
	id, name  string
	app, base string
	ratio     float64
	target    string
	limit     float64 // ratio (or absolute value when base is "") must be ≤ limit
	atLeast   bool    // the value must be ≥ limit instead
	value     float64 // the compared value when not a ratio
}

func (r *runner) report(took time.Duration) string {
	var b strings.Builder
	host, _ := os.Hostname()
	mode := ""
	if r.cfg.smoke {
		mode = " — SMOKE MODE: one short iteration, the numbers are not meaningful"
	}
	fmt.Fprintf(&b, "\n## Token Inspector performance budget — %s%s\n\n", time.Now().Format("2006-01-02 15:04 MST"), mode)
	fmt.Fprintf(&b, "%s/%s, %d CPUs, %s, host %s, load %s, bench took %s.\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		runtime.Version(), host, loadavg(), took.Round(time.Second))
	fmt.Fprintf(&b, "| # | Figure | App | Baseline | Ratio | Target | Met |\n|---|---|---|---|---|---|---|\n")
	rows := slices.Clone(r.rows)
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(a.id, b.id) })
	for _, x := range rows {
		ratio, met := "—", ""
		v := x.value
		if x.base != "" && !strings.HasPrefix(x.base, "(") {
			v = x.ratio
			ratio = fmt.Sprintf("%.2f×", x.ratio)
		}
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			met, ratio = "n/a", "n/a"
		case x.atLeast && v >= x.limit, !x.atLeast && v <= x.limit:
			met = "yes"
		default:
			met = "**NO**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", x.id, x.name, x.app, x.base, ratio, x.target, met)
	}
	b.WriteString("\nSamples:\n\n")
	for _, d := range r.details {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	return b.String()
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
