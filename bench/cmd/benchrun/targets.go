package main

// Every figure the report prints, with its target: issue 14's performance
// targets first, then the budgets of the auth paths. A figure no step
// measured in this run still gets its row, saying why.

// target is one row of the table before it is measured.
type target struct {
	id, name string
	target   string
	limit    float64 // the ratio (or the value, when the row has no yardstick) must be ≤ limit
	atLeast  bool    // … or ≥ limit
	step     string  // the -only key of the step that measures it
}

// Sections of the table.
const (
	sectionTargets = "Targets (issue 14): the app against a yardstick in the same run"
	sectionBudgets = "Budgets of the auth paths"
)

// targets lists the rows in the order they print; a row whose id starts
// with a digit belongs to sectionTargets.
var targets = []target{
	{id: "1", name: "Start → window mapped, cold", target: "≤ 1.15×", limit: 1.15, step: "start"},
	{id: "2", name: "Memory: RSS, three tokens shown", target: "≤ 1.2×", limit: 1.2, step: "idle"},
	{id: "3", name: "Idle CPU, countdowns ticking (yardstick: a 1 Hz label)", target: "≤ 1.1×", limit: 1.1, step: "idle"},
	{id: "4a", name: "Idle CPU, window minimised (yardstick minimised)", target: "≤ 1.0×", limit: 1.0, step: "idle"},
	{id: "4b", name: "Idle CPU, window fully covered (yardstick covered)", target: "≤ 1.0×", limit: 1.0, step: "idle"},
	{id: "5a", name: "Growth: RSS, 10 profiles, 1,000 history entries, a 500-claim token vs three tokens", target: "≤ 1.3×", limit: 1.3, step: "growth"},
	{id: "5b", name: "Growth: idle CPU, same state vs three tokens", target: "≤ 1.2×", limit: 1.2, step: "growth"},
	{id: "5c", name: "Growth: switching views, p95 (Go benchmark, Fyne test driver)", target: "≤ 50 ms", limit: 50, step: "go"},
	{id: "5d", name: "Soak: RSS after 1 h of 2-second tokens vs after the first minute", target: "≤ 1.05×", limit: 1.05, step: "soak"},
	{id: "6a", name: "CLI `--version` vs a minimal Go program", target: "≤ 1.5×", limit: 1.5, step: "cli"},
	{id: "6b", name: "CLI `decode` vs a minimal Go decoder", target: "≤ 1.5×", limit: 1.5, step: "cli"},
	{id: "6c", name: "CLI `refresh --issuer` vs a minimal Go program (discovery, POST, JWKS, RS256 checks)", target: "≤ 1.5×", limit: 1.5, step: "cli"},
	{id: "6d", name: "CLI `login --issuer` vs a minimal Go loopback login", target: "≤ 1.5×", limit: 1.5, step: "cli"},
	{id: "6e", name: "CLI `demo-idp`: start → issuer printed vs a minimal Go provider", target: "≤ 1.5×", limit: 1.5, step: "cli"},
	{id: "6f", name: "CLI `token` on a fresh cached token (wall time)", target: "≤ 5 ms", limit: 5, step: "cli"},
	{id: "7", name: "Countdown tick: allocations beyond the changed strings (Go benchmark, -benchmem)", target: "≤ 0", limit: 0, step: "go"},
	{id: "r1", name: "Refresh: `tokeninspector refresh` vs curl", target: "≤ 1.3×", limit: 1.3, step: "refresh"},
	{id: "r2", name: "Refresh in-process: Provider.RefreshSet vs http.PostForm (-cpu 1)", target: "≤ 1.2×", limit: 1.2, step: "go"},
	{id: "d1", name: "Decode RS256 JWT: UnverifiedDecode vs jwt ParseUnverified (-cpu 1)", target: "≤ 1.0×", limit: 1.0, step: "go"},
	{id: "d2", name: "Decode throughput, one core", target: "≥ 200k/s", limit: 200000, atLeast: true, step: "go"},
	{id: "l1", name: "Login overhead: callback → token set, minus endpoint time", target: "≤ 5 ms", limit: 5, step: "go"},
}

// steps are the -only keys, in the order they run.
var stepKeys = []string{"start", "cli", "refresh", "idle", "growth", "go", "soak"}

// targetByID returns the row with id; it panics on an unknown id, a bug.
func targetByID(id string) target {
	for _, t := range targets {
		if t.id == id {
			return t
		}
	}
	panic("benchrun: no target " + id)
}
