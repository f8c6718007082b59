//go:build unix

package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// TestKeyringRealTokenLoginStopsOnCtrlC: `token --login` waiting for the
// browser stops on Ctrl+C with its own error (the handler is set up once
// the session cache cannot answer), not killed by the signal. Run by
// scripts/test-keyring.sh.
func TestKeyringRealTokenLoginStopsOnCtrlC(t *testing.T) {
	if os.Getenv("TOKENINSPECTOR_TEST_REAL_KEYRING") != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh")
	}
	idp, err := demoidp.New(demoidp.Options{KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(idp.Handler())
	defer srv.Close()
	idp.SetIssuer(srv.URL)
	profile := fmt.Sprintf("qa-ctrlc-%d", os.Getpid())
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.json")
	b, _ := json.Marshal(map[string]any{"profiles": []map[string]any{{"name": profile, "issuer": srv.URL,
		"client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret}}})
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// A browser that never comes back.
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())

	cmd := exec.Command(buildCLI(t), "token", "--profile", profile, "--config", cfgPath, "--login")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for said := false; sc.Scan(); {
			if !said && strings.Contains(sc.Text(), "/authorize?") {
				said = true
				close(waiting)
			}
		}
	}()
	select {
	case <-waiting:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("token --login did not print the authorization URL")
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("token --login did not stop on Ctrl+C")
	}
	if code := cmd.ProcessState.ExitCode(); code <= 0 {
		t.Errorf("token --login after Ctrl+C: exit %d (%s); want its own non-zero exit, not death by the signal", code, cmd.ProcessState)
	}
}
