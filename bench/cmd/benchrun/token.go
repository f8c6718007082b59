package main

// Figure 6f: `tokeninspector token` on a fresh cached token (issue 12's
// credential helper). The remembered session lives in the OS keyring, so
// the figure is taken inside a private D-Bus session with gnome-keyring
// unlocked (as scripts/test-keyring.sh does): benchrun runs itself there
// with -token-probe, logs in once with `login --profile bench --remember`,
// then times `token --profile bench --format raw`. On Linux that call is
// answered by the session cache (the kernel's user keyring); the samples
// also show `--format json --include-refresh-token`, which always reads the
// Secret Service over D-Bus, for comparison. Until the command exists the
// row says so.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// tokenProfile is the config-file profile the probe logs in with.
const tokenProfile = "bench"

// hasCommand reports whether the CLI knows the subcommand.
func (r *runner) hasCommand(ctx context.Context, env []string, name string) bool {
	_, out, stderr, _ := r.timed(ctx, env, r.app, name, "--help")
	all := string(out) + string(stderr)
	return !strings.Contains(all, "unknown command") && all != ""
}

func (r *runner) benchToken(ctx context.Context, env []string, p *idp) {
	if !r.hasCommand(ctx, env, "token") {
		r.putMissing("6f", "not built yet: no `tokeninspector token` (issue 12)")
		return
	}
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "dbus-send"} {
		if _, err := exec.LookPath(tool); err != nil {
			r.putMissing("6f", "not measured: "+tool+" missing (scripts/ensure-deps.sh test)")
			return
		}
	}
	self, err := os.Executable()
	if err != nil {
		r.putMissing("6f", "not measured: "+err.Error())
		return
	}
	env, home, err := r.envIn("", "")
	if err != nil {
		r.putMissing("6f", "not measured: "+err.Error())
		return
	}
	env = append(env, "DBUS_SESSION_BUS_ADDRESS=", "XDG_RUNTIME_DIR="+filepath.Join(home, "run"))
	if err := os.MkdirAll(filepath.Join(home, "run"), 0o700); err != nil {
		r.putMissing("6f", "not measured: "+err.Error())
		return
	}
	// Unlock a fresh login keyring, wait for the Secret Service's name on
	// the private bus, then run the probe.
	script := `eval "$(printf benchpass | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
for _ in $(seq 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
  sleep 0.1
done
exec "$@"`
	runs := r.cfg.refreshes
	_, out, stderr, err := r.timed(ctx, env, "dbus-run-session", "--", "sh", "-c", script, "_",
		self, "-token-probe", "-probe-app", r.app, "-probe-issuer", p.issuer, "-probe-runs", strconv.Itoa(runs))
	var res probeResult
	if err == nil {
		err = json.Unmarshal(out, &res)
	}
	if err == nil && res.Error != "" {
		err = errors.New(res.Error)
	}
	if err != nil {
		r.detail("6f: token probe failed: %v %s", err, strings.TrimSpace(string(stderr)))
		r.putMissing("6f", "not measured: the probe failed (see the samples)")
		return
	}
	m := median(res.MS)
	r.detail("6f (ms, `token --profile bench --format raw`, start → exit, remembered token fresh): %s", fmtList(res.MS))
	if len(res.KeyringMS) > 0 {
		r.detail("6f for comparison (ms, `token --format json --include-refresh-token`: always the Secret Service over D-Bus): median %.1f of %s",
			median(res.KeyringMS), fmtList(res.KeyringMS))
	}
	r.put("6f", result{name: fmt.Sprintf("%s (median of %d)", targetByID("6f").name, len(res.MS)),
		app: fmt.Sprintf("%.1f ms", m), value: m})
}

// probeResult is what -token-probe prints.
type probeResult struct {
	MS        []float64 `json:"ms,omitempty"`
	KeyringMS []float64 `json:"keyring_ms,omitempty"` // --include-refresh-token: the keyring path
	Error     string    `json:"error,omitempty"`
}

// tokenProbe runs inside the private D-Bus session: one login that is
// remembered, then the timed `token` calls. It prints a probeResult.
func tokenProbe(args []string) int {
	fs := flag.NewFlagSet("token-probe", flag.ContinueOnError)
	app := fs.String("probe-app", "", "tokeninspector binary")
	issuer := fs.String("probe-issuer", "", "demo provider issuer")
	runs := fs.Int("probe-runs", 21, "timed runs")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	res := probeResult{}
	if err := probeToken(*app, *issuer, *runs, &res); err != nil {
		res.Error = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(res)
	return 0
}

func probeToken(app, issuer string, runs int, res *probeResult) error {
	dir, err := os.UserConfigDir()
	if err != nil {
		return err
	}
	cfg, _ := json.Marshal(map[string]any{"profiles": []map[string]string{{
		"name": tokenProfile, "issuer": issuer, "client_id": demoClient[1], "client_secret": demoClient[3]}}})
	if err := os.MkdirAll(filepath.Join(dir, "tokeninspector"), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tokeninspector", "config.json"), cfg, 0o600); err != nil {
		return err
	}
	run := func(args ...string) (time.Duration, []byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, app, args...)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		t := time.Now()
		err := cmd.Run()
		d := time.Since(t)
		if err != nil {
			return d, nil, fmt.Errorf("tokeninspector %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return d, out.Bytes(), nil
	}
	if _, _, err := run("login", "--profile", tokenProfile, "--remember"); err != nil {
		return err
	}
	for i := -1; i < runs; i++ {
		d, out, err := run("token", "--profile", tokenProfile, "--format", "raw")
		if err != nil {
			return err
		}
		if strings.Count(strings.TrimSpace(string(out)), ".") != 2 {
			return fmt.Errorf("token printed %.80q, not a JWT", out)
		}
		if i >= 0 {
			res.MS = append(res.MS, d.Seconds()*1000)
		}
	}
	for i := -1; i < runs; i++ {
		d, out, err := run("token", "--profile", tokenProfile, "--format", "json", "--include-refresh-token")
		if err != nil {
			return err
		}
		var printed struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		}
		if err := json.Unmarshal(out, &printed); err != nil || printed.AccessToken == "" || printed.RefreshToken == "" {
			return fmt.Errorf("token --format json --include-refresh-token printed no token set (%v)", err)
		}
		if i >= 0 {
			res.KeyringMS = append(res.KeyringMS, d.Seconds()*1000)
		}
	}
	return nil
}
