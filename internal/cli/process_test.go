package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var cliOnce struct {
	sync.Once
	dir string
	err error
}

// mainPackage is the tokeninspector command, the module's root package,
// which wires this package to the process.
const mainPackage = "github.com/tokeninspector/tokeninspector"

// buildCLI builds the tokeninspector command once per test run, the way
// make build does (CGO_ENABLED=0: it must not need cgo), and returns its path.
func buildCLI(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		cliOnce.dir, cliOnce.err = os.MkdirTemp("", "tokeninspector-cli-")
		if cliOnce.err != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(cliOnce.dir, "tokeninspector"), mainPackage)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			cliOnce.err = &buildError{err, out}
		}
	})
	if cliOnce.err != nil {
		t.Fatal(cliOnce.err)
	}
	return filepath.Join(cliOnce.dir, "tokeninspector")
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }

// runBinary runs bin with args in env, returning exit code, stdout, stderr.
func runBinary(t *testing.T, env []string, stdin string, bin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// withEnv returns the environment with key set to value.
func withEnv(key, value string) []string {
	env := []string{key + "=" + value}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, key+"=") && !strings.HasPrefix(kv, "LC_") {
			env = append(env, kv)
		}
	}
	return env
}

// sampleJWT reads testdata/sample.jwt: a header and claims and no time
// claims, so its decoded form is the same at any time (the Windows build's
// smoke test compares it too).
func sampleJWT(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sample.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestCLIPrintsOnlyItsOwnOutput runs the built command in the C.UTF-8 locale
// (Debian containers' default), where a binary that links Fyne prints
// "Fyne error: Error parsing user locale C" on stderr before doing anything.
func TestCLIPrintsOnlyItsOwnOutput(t *testing.T) {
	bin, token := buildCLI(t), sampleJWT(t)
	env := withEnv("LANG", "C.UTF-8")
	runs := [][]string{{"decode", token}, {"--help"}, {"help"}, {"--version"}}
	for _, c := range commands() { // every subcommand, those added later too
		if c.name != "" {
			runs = append(runs, []string{c.name, "--help"})
		}
	}
	for _, args := range runs {
		code, out, errs := runBinary(t, env, "", bin, args...)
		if code != 0 || errs != "" || out == "" {
			t.Errorf("tokeninspector %s: exit %d, stdout %d bytes, stderr %q; want exit 0, output, empty stderr",
				strings.Join(args[:min(2, len(args))], " "), code, len(out), errs)
		}
	}
	if _, out, _ := runBinary(t, env, "", bin, "--version"); out != testVersion+"\n" {
		t.Errorf("--version printed %q; want %q (internal/version, as main.go passes it)", out, testVersion+"\n")
	}
	if _, out, _ := runBinary(t, env, "", bin, "decode", token); !strings.Contains(out, `"name": "Zoë Demo"`) {
		t.Errorf("decode output lacks the name claim:\n%s", out)
	}
}

// TestCLIDoesNotLinkTheGUIToolkit keeps Fyne, GLFW and OpenGL out of the
// command line's dependencies (they are the window program's).
func TestCLIDoesNotLinkTheGUIToolkit(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", mainPackage).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages: %q", len(deps), out)
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "fyne.io/") || strings.HasPrefix(p, "github.com/go-gl/") || strings.HasPrefix(p, "github.com/fyne-io/") ||
			strings.HasSuffix(p, "/ui") || strings.HasSuffix(p, "/assets") {
			t.Errorf("the CLI depends on %s", p)
		}
	}
}

// started is a finished process: its id, exit code and stderr.
type started struct {
	pid, exit int
	stderr    string
}

// startBinary runs bin and also reports its process id.
func startBinary(t *testing.T, env []string, bin string, args ...string) (started, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := started{pid: cmd.Process.Pid}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		s.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	s.stderr = errb.String()
	return s, out.String()
}
