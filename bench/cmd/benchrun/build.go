package main

// Building what is measured: the app, its yardsticks (the bare window and
// the minimal CLI) and the fake browser.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// windowPkg is the window's own program; the command line (".") starts it
// as a second binary next to itself.
const windowPkg = "./cmd/tokeninspector-window"

func (r *runner) build(ctx context.Context) error {
	r.app = filepath.Join(r.tmp, "tokeninspector")
	r.base = filepath.Join(r.tmp, "baseline")
	r.mincli = filepath.Join(r.tmp, "mincli")
	r.benchwin = filepath.Join(r.tmp, "benchwin")
	// r.app is the command line (built as make build does: no cgo); it
	// starts the window program built next to it. App and yardsticks are
	// built with the same tags (by default the window's own).
	window := filepath.Join(r.tmp, "tokeninspector-window")
	for _, b := range []struct{ out, pkg string }{
		{r.app, "."}, {window, windowPkg}, {r.base, "./bench/baseline"}, {r.mincli, "./bench/mincli"},
		{r.benchwin, "./bench/cmd/benchwin"},
	} {
		t := time.Now()
		cctx, cancel := context.WithTimeout(ctx, 6*time.Minute)
		cmd := exec.CommandContext(cctx, "go", "build", "-tags="+r.cfg.tags, "-o", b.out, b.pkg)
		cmd.Dir = r.root
		if b.pkg == "." {
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		}
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
		r.say("built %s in %s", b.pkg, time.Since(t).Round(100*time.Millisecond))
	}
	r.fakebin = filepath.Join(r.tmp, "bin")
	if err := os.MkdirAll(r.fakebin, 0o755); err != nil {
		return err
	}
	// The "browser": fetch the authorization URL and follow the redirects
	// (the demo provider auto-approves) to the app's loopback callback.
	script := "#!/bin/sh\ncurl -sSL --max-time 20 \"$1\" >/dev/null 2>&1 &\n"
	return os.WriteFile(filepath.Join(r.fakebin, "xdg-open"), []byte(script), 0o755)
}

// windowTagsFile holds the build tags the window ships with.
const windowTagsFile = "cmd/tokeninspector-window/build-tags"

// shippedTags is -tags' default: the tags in windowTagsFile.
const shippedTags = "shipped"
