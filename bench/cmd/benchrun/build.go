package main

// Building what is measured: the app, the baseline and the fake browser.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

func (r *runner) build(ctx context.Context) error {
	r.app = filepath.Join(r.tmp, "tokeninspector")
	r.base = filepath.Join(r.tmp, "baseline")
	// r.app is the command line; it starts the window program built next to it.
	window := filepath.Join(r.tmp, "tokeninspector-window")
	for _, b := range [][2]string{{r.app, "."}, {window, "./cmd/tokeninspector-window"}, {r.base, "./bench/baseline"}} {
		t := time.Now()
		cctx, cancel := context.WithTimeout(ctx, 6*time.Minute)
		cmd := exec.CommandContext(cctx, "go", "build", "-tags="+r.cfg.tags, "-o", b[0], b[1])
		cmd.Dir = r.root
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
		r.say("built %s in %s", b[1], time.Since(t).Round(100*time.Millisecond))
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
