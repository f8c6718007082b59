// Command clistart measures how fast Token Inspector's command line starts
// and does its work, against a minimal Go program doing the same work
// (bench/baseline-decode), in the same run: each round runs every command
// once, in turn, so load from other processes hits them alike. It prints a
// table of medians (wall time from start to exit, and user+system CPU) with
// the ratio to the yardstick and the target (≤ 1.5×), and fails when any
// command writes to stderr (scripts read it).
//
//	go run ./bench/cmd/clistart -cli PATH -baseline PATH -token FILE [-runs 30] [-old PATH]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// target is the bound: every command within 1.5× of the yardstick.
const target = 1.5

type subject struct {
	name     string
	argv     []string
	baseline int  // index of its yardstick in the list; -1 for a yardstick
	compare  bool // shown for comparison: no target, stderr allowed
	stderr   string
	wall     []time.Duration
	cpu      []time.Duration
}

func main() {
	cli := flag.String("cli", "", "the tokeninspector command line")
	base := flag.String("baseline", "", "bench/baseline-decode, built")
	tokenFile := flag.String("token", "testdata/sample.jwt", "token to decode")
	old := flag.String("old", "", "optional: another tokeninspector build to compare (e.g. one that links Fyne)")
	runs := flag.Int("runs", 30, "rounds")
	warmup := flag.Int("warmup", 3, "rounds run first and not counted")
	flag.Parse()
	if *cli == "" || *base == "" {
		flag.Usage()
		os.Exit(2)
	}
	b, err := os.ReadFile(*tokenFile)
	if err != nil {
		fail(err)
	}
	token := strings.TrimSpace(string(b))
	subjects := []*subject{
		{name: "minimal Go program: decode", argv: []string{*base, token}, baseline: -1},
		{name: "`tokeninspector decode`", argv: []string{*cli, "decode", token}, baseline: 0},
		{name: "minimal Go program: print one line", argv: []string{*base, "--version"}, baseline: -1},
		{name: "`tokeninspector --version`", argv: []string{*cli, "--version"}, baseline: 2},
	}
	if *old != "" {
		subjects = append(subjects, &subject{name: "`" + *old + " decode` (for comparison)", argv: []string{*old, "decode", token}, baseline: 0, compare: true})
	}
	for round := -*warmup; round < *runs; round++ {
		for _, s := range subjects {
			wall, cpu, stderr, err := runOnce(s.argv)
			if err == nil && stderr != "" && !s.compare {
				err = fmt.Errorf("wrote to stderr: %q", stderr)
			}
			s.stderr = stderr
			if err != nil {
				fail(fmt.Errorf("%s: %w", s.name, err))
			}
			if round >= 0 {
				s.wall, s.cpu = append(s.wall, wall), append(s.cpu, cpu)
			}
		}
	}
	fmt.Printf("CLI start-up and work, LANG=%s, %d rounds (medians; ratio = wall time / the yardstick's)\n\n", os.Getenv("LANG"), *runs)
	fmt.Println("| Command | wall ms (median) | wall ms (fastest) | CPU ms (median) | ratio | target |")
	fmt.Println("|:---|---:|---:|---:|---:|:---|")
	missed := false
	for _, s := range subjects {
		ratio, verdict := "1.00 (yardstick)", ""
		if s.baseline >= 0 {
			r := float64(median(s.wall)) / float64(median(subjects[s.baseline].wall))
			ratio = fmt.Sprintf("%.2f×", r)
			verdict = fmt.Sprintf("≤ %.1f× met", target)
			if r > target {
				verdict = fmt.Sprintf("≤ %.1f× MISSED", target)
				missed = missed || !s.compare
			}
			if s.compare {
				verdict = fmt.Sprintf("— (%d lines on stderr)", strings.Count(s.stderr, "\n"))
			}
		}
		fmt.Printf("| %s | %.2f | %.2f | %.2f | %s | %s |\n", s.name, ms(median(s.wall)), ms(slices.Min(s.wall)), ms(median(s.cpu)), ratio, verdict)
	}
	if missed {
		fmt.Println("\nat least one command missed its target")
	}
}

// runOnce runs argv and returns its wall time, its user+system CPU time and
// its stderr; an error when it fails or prints nothing.
func runOnce(argv []string) (time.Duration, time.Duration, string, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, "", fmt.Errorf("%v: %s", err, stderr.String())
	}
	if stdout.Len() == 0 {
		return 0, 0, "", fmt.Errorf("printed nothing")
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), stderr.String(), nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "clistart:", err)
	os.Exit(1)
}
