package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestCommandHelp: every command's --help is its own (its flags with their
// defaults, its exit codes, an example), not the usage of all commands, and
// `help COMMAND` prints the same.
func TestCommandHelp(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	global := usage()
	for _, c := range commands() {
		if c.name == "" {
			continue // the window: tokeninspector --help is the whole usage
		}
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(context.Background(), []string{c.name, "--help"}, stdio{in: strings.NewReader(""), out: &out, err: &errb}, testVersion); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errb.String())
			}
			help := out.String()
			if help == global {
				t.Fatal("--help printed the usage of every command")
			}
			lines := strings.Count(help, "\n")
			for _, want := range []string{"tokeninspector " + c.synopsis, "Exit codes:\n  0  done\n  1  error\n  2  bad usage\n", "Example:\n  ", c.example} {
				if !strings.Contains(help, want) {
					t.Errorf("help lacks %q:\n%s", want, help)
				}
			}
			if c.example == "" || !strings.Contains(c.example, "tokeninspector ") {
				t.Errorf("no example using tokeninspector: %q", c.example)
			}
			for _, e := range c.exits {
				if !strings.Contains(help, "  "+e+"\n") {
					t.Errorf("help lacks exit code %q", e)
				}
			}
			if strings.Contains(help, "tokeninspector demo-idp [--port") && c.name != "demo-idp" {
				t.Errorf("help lists other commands (%d lines)", lines)
			}
			var again bytes.Buffer
			if code := run(context.Background(), []string{"help", c.name}, stdio{in: strings.NewReader(""), out: &again, err: &errb}, testVersion); code != 0 || again.String() != help {
				t.Errorf("help %s: exit %d, differs from --help:\n%s", c.name, code, again.String())
			}
			var bad bytes.Buffer
			out.Reset()
			if code := run(context.Background(), []string{c.name, "--no-such-flag"}, stdio{in: strings.NewReader(""), out: &out, err: &bad}, testVersion); code != 2 {
				t.Errorf("unknown flag: exit %d, want 2", code)
			}
			want := "tokeninspector " + c.name + ": flag provided but not defined: -no-such-flag (see tokeninspector " + c.name + " --help)\n"
			if bad.String() != want || out.Len() != 0 {
				t.Errorf("unknown flag printed\n%q on stderr, %q on stdout; want one line\n%q", bad.String(), out.String(), want)
			}
		})
	}
}

// TestCommandHelpListsDefaults: flags with a default show it (token's
// --min-valid 60s, decode's --timeout 15s), from the flag set itself.
func TestCommandHelpListsDefaults(t *testing.T) {
	for cmd, want := range map[string]string{
		"token":  "  --min-valid duration\n",
		"decode": "(default 15s)",
		"login":  "  --timeout duration\n        HTTP timeout (default 30s)\n",
	} {
		var out bytes.Buffer
		run(context.Background(), []string{cmd, "-h"}, stdio{in: strings.NewReader(""), out: &out, err: &out}, testVersion)
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s -h lacks %q:\n%s", cmd, want, out.String())
		}
	}
}
