//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCLIStartsTheWindowProgram: with no subcommand the CLI replaces itself
// with the tokeninspector-window found next to it (same process id), passes
// the flags on and exits with its exit code; bad flags stop it before.
func TestCLIStartsTheWindowProgram(t *testing.T) {
	dir := t.TempDir()
	cli := filepath.Join(dir, "tokeninspector")
	b, err := os.ReadFile(buildCLI(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cli, b, 0o755); err != nil {
		t.Fatal(err)
	}
	env := withEnv("PATH", "/usr/bin:/bin") // no other tokeninspector-window on PATH

	code, _, errs := runBinary(t, env, "", cli, "--profile", "demo")
	if code != 1 || !strings.Contains(errs, "tokeninspector-window") || !strings.Contains(errs, "make build") {
		t.Errorf("without the window program: exit %d, stderr %q", code, errs)
	}

	script := "#!/bin/sh\necho \"pid=$$ args=$*\"\nexit 7\n"
	if err := os.WriteFile(filepath.Join(dir, "tokeninspector-window"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd, out := startBinary(t, env, cli, "--profile", "demo", "--timeout", "5s")
	if cmd.exit != 7 {
		t.Errorf("exit %d; want the window's 7 (stderr %q)", cmd.exit, cmd.stderr)
	}
	if want := "pid=" + strconv.Itoa(cmd.pid) + " args=--profile demo --timeout 5s"; strings.TrimSpace(out) != want {
		t.Errorf("window program said %q; want %q (same process, flags passed on)", strings.TrimSpace(out), want)
	}

	// The flags the window takes besides the profile ones: --auto-refresh
	// (its own) and login's flags, passed on as they are.
	cmd, out = startBinary(t, env, cli, "--auto-refresh", "2s", "--grant", "device_code", "--dpop", "--par", "--fapi2",
		"--response-mode", "form_post", "--request-object", "none", "--prompt", "login", "--max-age", "60", "--acr-values", "urn:x",
		"--login-hint", "qa", "--ui-locales", "fr", "--claims", `{"id_token":{"acr":null}}`, "--authorization-details", `[{"type":"payment_initiation"}]`)
	if want := `args=--auto-refresh 2s --grant device_code --dpop --par --fapi2 --response-mode form_post --request-object none --prompt login --max-age 60 --acr-values urn:x --login-hint qa --ui-locales fr --claims {"id_token":{"acr":null}} --authorization-details [{"type":"payment_initiation"}]`; cmd.exit != 7 || !strings.HasSuffix(strings.TrimSpace(out), want) {
		t.Errorf("window and login flags: exit %d, window said %q, stderr %q; want them passed on", cmd.exit, out, cmd.stderr)
	}

	code, out, errs = runBinary(t, env, "", cli, "--nope")
	if code != 2 || out != "" || !strings.Contains(errs, "-nope") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q; want exit 2 before the window starts", code, out, errs)
	}
}
