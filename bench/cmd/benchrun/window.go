package main

// The GUI processes under test: started under Xvfb, timed to their window's
// MapNotify, driven with xdotool.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jezek/xgb/xproto"
)

const (
	appTitle  = "Token Inspector"
	baseTitle = "Bench Baseline"
)

// window is a GUI process under Xvfb.
type window struct {
	cmd     *exec.Cmd
	display string
	id      xproto.Window
	mapped  time.Duration // process start → MapNotify
	home    string
	output  *syncBuffer
}

// launch starts bin and waits until its window (title) is mapped.
func (r *runner) launch(ctx context.Context, display, title, bin string, args ...string) (*window, error) {
	return r.launchIn(ctx, display, "", title, bin, args...)
}

// launchIn is launch with the given HOME ("" = a fresh one).
func (r *runner) launchIn(ctx context.Context, display, home, title, bin string, args ...string) (*window, error) {
	return r.launchWait(ctx, display, home, title, 30*time.Second, bin, args...)
}

// launchWait is launchIn waiting up to wait for the window to map.
func (r *runner) launchWait(ctx context.Context, display, home, title string, wait time.Duration, bin string, args ...string) (*window, error) {
	x, err := watchMaps(display)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	env, home, err := r.envIn(display, home)
	if err != nil {
		return nil, err
	}
	w := &window{display: display, home: home, output: &syncBuffer{}}
	w.cmd = exec.Command(bin, args...)
	w.cmd.Env = env
	w.cmd.Stdout, w.cmd.Stderr = w.output, w.output
	t0 := time.Now()
	if err := r.start(w.cmd); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	id, at, err := x.waitMapped(title, deadline)
	if err != nil {
		r.stop(w.cmd)
		return nil, fmt.Errorf("%s: %v\n%s", filepath.Base(bin), err, w.output.String())
	}
	w.id, w.mapped = id, at.Sub(t0)
	return w, nil
}

// xdo runs xdotool on the window's display.
func (w *window) xdo(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("xdotool %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// geometry is the window's size as xdotool sees it ("1100x680").
func (w *window) geometry(ctx context.Context) string {
	out, err := w.xdo(ctx, "getwindowgeometry", strconv.FormatUint(uint64(w.id), 10))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(out, "\n") {
		if g, ok := strings.CutPrefix(strings.TrimSpace(l), "Geometry: "); ok {
			return g
		}
	}
	return "?"
}
