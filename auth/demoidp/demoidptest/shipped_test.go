package demoidptest_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The test knobs stay out of the shipped binary: no non-test package of the
// module depends on this package.
func TestNotLinkedIntoTheApp(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	const self = "github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	// .Imports lists what a package's non-test files import.
	out, err := exec.Command(gobin, "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "github.com/tokeninspector/tokeninspector/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) > 1 && slices.Contains(fields[1:], self) {
			t.Errorf("%s imports %s outside its tests", fields[0], self)
		}
	}
}
