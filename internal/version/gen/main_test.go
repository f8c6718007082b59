package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFileIsCurrent renders FyneApp.toml and compares the result
// with the committed version_gen.go, byte for byte.
func TestGeneratedFileIsCurrent(t *testing.T) {
	in, err := os.ReadFile("../../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := render(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../version_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/version/version_gen.go is not what FyneApp.toml gives: run go generate ./internal/version\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderRejectsIncompleteDetails(t *testing.T) {
	for _, bad := range []string{"[Details]\nName = Token\n", "[Details]\nBuild = \"x\"\n", "[Other]\nName = \"x\"\n", "[Details]\nName = \"x\"\nVersion = \"1\"\n"} {
		if _, err := render([]byte(bad)); err == nil {
			t.Errorf("render(%q): no error", bad)
		}
	}
}
