package version

import (
	"os"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestConstantsAgreeWithFyneAppTOML reads FyneApp.toml with a TOML library,
// as written and as `fyne package` rewrites it (no indentation), and
// compares it with the generated constants.
func TestConstantsAgreeWithFyneAppTOML(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	var app struct {
		Details struct {
			Name, ID, Version string
			Build             int
		}
	}
	if _, err := toml.Decode(string(b), &app); err != nil {
		t.Fatalf("FyneApp.toml: %v", err)
	}
	d := app.Details
	if d.Name != Name || d.ID != ID || d.Version != Version || d.Build != Build {
		t.Errorf("FyneApp.toml says %s %s %s build %d; the constants say %s %s %s build %d: run go generate ./internal/version",
			d.Name, d.ID, d.Version, d.Build, Name, ID, Version, Build)
	}
}

func TestString(t *testing.T) {
	want := Name + " " + Version + " (build "
	if got := String(); len(got) <= len(want) || got[:len(want)] != want || got[len(got)-1] != ')' {
		t.Errorf("String() = %q", got)
	}
}
