package privatefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestWriteTightensAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("old, longer content"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	if m := mode(t, path); runtime.GOOS != "windows" && m != Mode {
		t.Errorf("mode %v, want %v", m, os.FileMode(Mode))
	}
}

func TestReplace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	path := filepath.Join(dir, "f.json")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := Replace(path, ".f-*", write("one"), nil); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, path); runtime.GOOS != "windows" && m != Mode {
		t.Errorf("mode %v, want %v", m, os.FileMode(Mode))
	}
	if m := mode(t, dir); runtime.GOOS != "windows" && m != 0o700 {
		t.Errorf("folder mode %v, want 0700", m)
	}
	boom := errors.New("boom")
	if err := Replace(path, ".f-*", write("two"), func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	if err := Replace(path, ".f-*", func(io.Writer) error { return boom }, nil); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("content %q after failed replaces, want the old one", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the folder, want 1", len(entries))
	}
}
