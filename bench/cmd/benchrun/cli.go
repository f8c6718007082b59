package main

// Figures 6a–6e: each command-line subcommand, start to exit, against
// bench/mincli doing the same work with the standard library alone, run in
// turn (so load from other processes hits both alike), in the C.UTF-8 locale
// (where a binary that links Fyne writes locale errors to stderr).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// demoClient is the demo provider's confidential client.
var demoClient = []string{"--client-id", "tokeninspector-demo", "--client-secret", "demo-secret"}

// timed runs argv to its exit and returns its wall time and output.
func (r *runner) timed(ctx context.Context, env []string, argv ...string) (time.Duration, []byte, []byte, error) {
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &stdout, &stderr
	d, err := r.runTimed(cctx, cmd)
	return d, stdout.Bytes(), stderr.Bytes(), err
}

// pair is one subcommand and its yardstick, timed in turn.
type pair struct {
	id       string
	app, min func() ([]string, error) // argv of the next run (a refresh presents the token the last one got)
	after    func(app bool, stdout []byte) error
	runs     int
	startOut bool // time start → first line on stdout, then stop it (a server)
}

func (r *runner) benchCLI(ctx context.Context, p *idp) error {
	env, _, err := r.env("")
	if err != nil {
		return err
	}
	env = append(env, "LANG=C.UTF-8", "LC_ALL=")
	set, err := r.cliLogin(ctx, env, p)
	if err != nil {
		return err
	}
	var access struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(set, &access); err != nil || strings.Count(access.AccessToken, ".") != 2 {
		return fmt.Errorf("no JWT access token from the demo provider in %.300s", set)
	}
	rt, err := refreshToken(set)
	if err != nil {
		return err
	}
	static := func(argv ...string) func() ([]string, error) { return func() ([]string, error) { return argv, nil } }
	profile := append([]string{"--issuer", p.issuer}, demoClient...)
	n := r.cfg.refreshes
	pairs := []pair{
		{id: "6a", app: static(r.app, "--version"), min: static(r.mincli, "version"), runs: n},
		{id: "6b", app: static(r.app, "decode", access.AccessToken), min: static(r.mincli, "decode", access.AccessToken), runs: n},
		{id: "6c",
			app: func() ([]string, error) {
				return append([]string{r.app, "refresh", "--refresh-token", rt}, profile...), nil
			},
			min: func() ([]string, error) {
				return []string{r.mincli, "refresh", p.issuer, demoClient[1], demoClient[3], rt}, nil
			},
			after: func(app bool, out []byte) error { // the next run presents the rotated token
				if !app {
					out = nested(out, "response")
				}
				next, err := refreshToken(out)
				if err == nil {
					rt = next
				}
				return err
			},
			runs: n},
		{id: "6d", app: static(append([]string{r.app, "login", "--timeout", "20s"}, profile...)...),
			min: static(r.mincli, "login", p.issuer, demoClient[1], demoClient[3]), runs: min(n, 7)},
		{id: "6e", app: static(r.app, "demo-idp", "--auto-approve"), min: static(r.mincli, "demo-idp"), runs: min(n, 9), startOut: true},
	}
	for _, pr := range pairs {
		if err := r.timePair(ctx, env, pr); err != nil {
			return fmt.Errorf("%s: %w", targetByID(pr.id).name, err)
		}
	}
	r.benchToken(ctx, env, p)
	return nil
}

// timePair runs the subcommand and its yardstick in turn, once each
// untimed first, and records the medians.
func (r *runner) timePair(ctx context.Context, env []string, pr pair) error {
	var a, b []float64
	stderrLines := 0
	for i := -1; i < pr.runs; i++ {
		for _, isApp := range []bool{i%2 == 0, i%2 != 0} {
			next := pr.min
			if isApp {
				next = pr.app
			}
			argv, err := next()
			if err != nil {
				return err
			}
			var d time.Duration
			var stdout, stderr []byte
			if pr.startOut {
				d, stderr, err = r.timeFirstLine(ctx, env, argv...)
			} else {
				d, stdout, stderr, err = r.timed(ctx, env, argv...)
			}
			if err != nil {
				return err
			}
			if pr.after != nil {
				if err := pr.after(isApp, stdout); err != nil {
					return err
				}
			}
			if i < 0 {
				continue // warm-up: page cache, the provider's first request
			}
			ms := d.Seconds() * 1000
			if isApp {
				a = append(a, ms)
				stderrLines += bytes.Count(stderr, []byte("\n"))
			} else {
				b = append(b, ms)
			}
		}
	}
	t := targetByID(pr.id)
	ma, mb := median(a), median(b)
	r.detail("%s (ms, start → exit, LANG=C.UTF-8): app %s; minimal %s; app stderr lines over all runs: %d",
		pr.id, fmtList(a), fmtList(b), stderrLines)
	r.put(pr.id, result{name: fmt.Sprintf("%s (median of %d)", t.name, len(a)),
		app: fmt.Sprintf("%.1f ms", ma), base: fmt.Sprintf("%.1f ms", mb), ratio: ma / mb, ratioed: true})
	return nil
}

// timeFirstLine starts a server and returns the time until it printed its
// first line on stdout; then it stops it.
func (r *runner) timeFirstLine(ctx context.Context, env []string, argv ...string) (time.Duration, []byte, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr syncBuffer
	cmd.Env, cmd.Stderr = env, &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, nil, err
	}
	t := time.Now()
	if err := r.start(cmd); err != nil {
		return 0, nil, err
	}
	defer r.stop(cmd)
	line := make(chan error, 1)
	go func() {
		b := make([]byte, 1)
		for {
			if _, err := out.Read(b); err != nil {
				line <- err
				return
			}
			if b[0] == '\n' {
				line <- nil
				io.Copy(io.Discard, out)
				return
			}
		}
	}()
	select {
	case err = <-line:
	case <-time.After(30 * time.Second):
		err = errors.New("no line on stdout in 30s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	d := time.Since(t)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %v: %s", argv[0], err, stderr.String())
	}
	return d, []byte(stderr.String()), nil
}

// cliLogin logs in with the CLI and returns its report (the token set).
func (r *runner) cliLogin(ctx context.Context, env []string, p *idp) ([]byte, error) {
	_, out, stderr, err := r.timed(ctx, env, append([]string{r.app, "login", "--timeout", "20s", "--issuer", p.issuer}, demoClient...)...)
	if err != nil {
		return nil, fmt.Errorf("login for a first token set: %w: %s", err, stderr)
	}
	return out, nil
}

// nested returns the JSON member key of the object in b, or nil.
func nested(b []byte, key string) []byte {
	var v map[string]json.RawMessage
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	return v[key]
}
