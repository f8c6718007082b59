package main

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestReadDetailsAgreesWithTOML reads FyneApp.toml with the CLI's reader
// and with a TOML library, as written and as `fyne package` rewrites it.
func TestReadDetailsAgreesWithTOML(t *testing.T) {
	rewritten := strings.ReplaceAll(string(fyneAppTOML), "  ", "") // fyne drops the indentation
	rewritten = strings.Replace(rewritten, "Build = 1", "Build = 42", 1)
	for _, src := range []string{string(fyneAppTOML), rewritten} {
		var want struct{ Details appDetails }
		if _, err := toml.Decode(src, &want); err != nil {
			t.Fatal(err)
		}
		got, err := readDetails([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got != want.Details || got.Version == "" || got.ID == "" {
			t.Errorf("readDetails = %+v; TOML says %+v", got, want.Details)
		}
	}
	if got := versionString(); !strings.HasPrefix(got, "Token Inspector ") || !strings.Contains(got, "(build ") {
		t.Errorf("versionString() = %q", got)
	}
	for _, bad := range []string{"[Details]\nName = Token\n", "[Details]\nBuild = x\n", "[Other]\nName = \"x\"\n", "[Details]\njunk\n"} {
		if _, err := readDetails([]byte(bad)); err == nil {
			t.Errorf("readDetails(%q): no error", bad)
		}
	}
}
