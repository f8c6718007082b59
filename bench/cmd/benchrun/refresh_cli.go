package main

// Figure r1: `tokeninspector refresh` as a process against curl posting
// the same form.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"time"
)

func (r *runner) benchRefreshCLI(ctx context.Context, p *idp) error {
	env, _, err := r.env("")
	if err != nil {
		return err
	}
	profile := []string{"--issuer", p.issuer, "--client-id", "tokeninspector-demo", "--client-secret", "demo-secret"}
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	login := exec.CommandContext(cctx, r.app, append([]string{"login", "--timeout", "20s"}, profile...)...)
	login.Env = env
	var out bytes.Buffer
	login.Stdout = &out
	_, err = r.runTimed(cctx, login)
	cancel()
	if err != nil {
		return fmt.Errorf("login for a first refresh token: %w", err)
	}
	rt, err := refreshToken(out.Bytes())
	if err != nil {
		return err
	}
	// Each run presents the refresh token the previous run got (rotation).
	cli := func() (time.Duration, error) {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(cctx, r.app, append([]string{"refresh", "--refresh-token", rt}, profile...)...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout = &out
		d, err := r.runTimed(cctx, cmd)
		if err == nil {
			rt, err = refreshToken(out.Bytes())
		}
		return d, err
	}
	curl := func() (time.Duration, error) {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(cctx, "curl", "-sS", "--max-time", "20",
			"--data-urlencode", "grant_type=refresh_token", "--data-urlencode", "refresh_token="+rt,
			"--data-urlencode", "client_id=tokeninspector-demo", "--data-urlencode", "client_secret=demo-secret",
			p.tokenURL)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout = &out
		d, err := r.runTimed(cctx, cmd)
		if err == nil {
			rt, err = refreshToken(out.Bytes())
		}
		return d, err
	}
	// One warm-up run each (page cache, the provider's first request).
	for _, f := range []func() (time.Duration, error){cli, curl} {
		if _, err := f(); err != nil {
			return err
		}
	}
	var a, b []float64
	for i := 0; i < r.cfg.refreshes; i++ {
		fs := []func() (time.Duration, error){cli, curl}
		if i%2 == 1 {
			fs = []func() (time.Duration, error){curl, cli}
		}
		for j, f := range fs {
			d, err := f()
			if err != nil {
				return err
			}
			if (j == 0) == (i%2 == 0) {
				a = append(a, d.Seconds()*1000)
			} else {
				b = append(b, d.Seconds()*1000)
			}
		}
	}
	ma, mb := median(a), median(b)
	r.detail("refresh process (ms, start → exit): tokeninspector refresh %s; curl %s", fmtList(a), fmtList(b))
	// The share of process start alone: the same binaries printing their version.
	var va, vb []float64
	for i := 0; i < r.cfg.refreshes; i++ {
		for _, c := range [][]string{{r.app, "--version"}, {"curl", "--version"}} {
			cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			cmd := exec.CommandContext(cctx, c[0], c[1:]...)
			cmd.Env, cmd.Stdout = env, io.Discard
			d, err := r.runTimed(cctx, cmd)
			cancel()
			if err != nil {
				return err
			}
			if c[0] == "curl" {
				vb = append(vb, d.Seconds()*1000)
			} else {
				va = append(va, d.Seconds()*1000)
			}
		}
	}
	r.detail("process start alone (ms, --version): tokeninspector %.1f, curl %.1f (medians of %d); refresh minus that: tokeninspector %.1f, curl %.1f",
		median(va), median(vb), len(va), ma-median(va), mb-median(vb))
	r.put("r1", result{name: fmt.Sprintf("%s (median of %d)", targetByID("r1").name, len(a)),
		app: fmt.Sprintf("%.1f ms", ma), base: fmt.Sprintf("%.1f ms", mb), ratio: ma / mb, ratioed: true})
	return nil
}

// refreshToken finds the refresh token in a CLI report or a token response.
func refreshToken(b []byte) (string, error) {
	var v struct {
		RefreshToken string `json:"refresh_token"`
		Error        string `json:"error"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.RefreshToken == "" {
		return "", fmt.Errorf("no refresh token in %.200q (%v %s)", b, err, v.Error)
	}
	return v.RefreshToken, nil
}
