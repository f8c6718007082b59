package main

import (
	"strings"
	"testing"
)

func TestReportPrintsEveryTargetWithItsVerdict(t *testing.T) {
	r := &runner{cfg: config{only: "start,go"}, stepsRun: []string{"start", "go"}, failed: map[string]string{"go": "boom"}}
	r.put("1", result{app: "120 ms", base: "100 ms", ratio: 1.2, ratioed: true})
	r.put("l1", result{app: "1.00 ms", value: 1})
	r.putMissing("6f", "not built yet: no token command")
	out := r.report(0)
	seen := map[string]bool{}
	for _, tg := range targets {
		if seen[tg.id] {
			t.Errorf("target id %s twice", tg.id)
		}
		seen[tg.id] = true
		if !strings.Contains(out, "| "+tg.id+" | ") {
			t.Errorf("no row for target %s in\n%s", tg.id, out)
		}
	}
	for _, want := range []string{
		"| 1 | Start → window mapped, cold | 120 ms | 100 ms | 1.20× | ≤ 1.15× | **NO** |",
		"| l1 | Login overhead: callback → token set, minus endpoint time | 1.00 ms |  | — | ≤ 5 ms | yes |",
		"| 6f | CLI `token` on a fresh cached token (wall time) | — | — | — | ≤ 5 ms | not built yet: no token command |",
		"| 2 | Memory: RSS, three tokens shown | — | — | — | ≤ 1.2× | not measured: step `idle` not selected (-only) |",
		"| 7 | Countdown tick: allocations beyond the changed strings (Go benchmark, -benchmem) | — | — | — | ≤ 0 | not measured: the step failed (see the log) |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestVerdictAtLeast(t *testing.T) {
	tg := targetByID("d2")
	if _, met := tg.verdict(result{value: 300000}); met != "yes" {
		t.Errorf("300k/s against ≥ 200k/s: %s", met)
	}
	if _, met := tg.verdict(result{value: 100000}); met != "**NO**" {
		t.Errorf("100k/s against ≥ 200k/s: %s", met)
	}
}
