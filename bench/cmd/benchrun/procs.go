package main

// Processes: a private environment for each, its own process group, and a
// stop that takes the whole group down.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// env is a fresh environment for a GUI or CLI process: its own HOME and
// XDG dirs (nothing leaks between runs), no D-Bus, a fake xdg-open first
// on PATH.
func (r *runner) env(display string) ([]string, string, error) { return r.envIn(display, "") }

// envIn is env with the given HOME ("" = a fresh one).
func (r *runner) envIn(display, home string) ([]string, string, error) {
	if home == "" {
		var err error
		if home, err = os.MkdirTemp(r.tmp, "home-"); err != nil {
			return nil, "", err
		}
	}
	env := append(os.Environ(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR=",
		"LANG=en_US.UTF-8",
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
		"PATH="+r.fakebin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TOKENINSPECTOR_CLIENT_SECRET=",
		"HTTP_PROXY=", "HTTPS_PROXY=", "http_proxy=", "https_proxy=", "NO_PROXY=", "no_proxy=",
	)
	if display != "" {
		env = append(env, "DISPLAY="+display)
	}
	return env, home, nil
}

// waiter reaps one process: done closes when it has exited.
type waiter struct {
	done chan struct{}
	err  error // cmd.Wait's, once done
}

// start starts a process in its own process group and tracks it.
func (r *runner) start(cmd *exec.Cmd) error {
	// Its own group, so that stop ends its children too; SIGTERM if this
	// program dies first, so that nothing outlives the bench.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return err
	}
	w := &waiter{done: make(chan struct{})}
	go func() { w.err = cmd.Wait(); close(w.done) }()
	r.mu.Lock()
	if r.waits == nil {
		r.waits = map[*exec.Cmd]*waiter{}
	}
	r.procs = append(r.procs, cmd)
	r.waits[cmd] = w
	r.mu.Unlock()
	return nil
}

// waiterOf returns the waiter of a process started by start.
func (r *runner) waiterOf(cmd *exec.Cmd) *waiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waits[cmd]
}

// exited reports whether a process started by start has exited.
func (r *runner) exited(cmd *exec.Cmd) bool {
	w := r.waiterOf(cmd)
	if w == nil {
		return true
	}
	select {
	case <-w.done:
		return true
	default:
		return false
	}
}

// forget stops tracking a process that has exited.
func (r *runner) forget(cmd *exec.Cmd) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := slices.Index(r.procs, cmd); i >= 0 {
		r.procs = slices.Delete(r.procs, i, i+1)
	}
	delete(r.waits, cmd)
}

// stop ends a process started by start, with its whole group: SIGTERM
// first (Xvfb then removes its lock file and socket), SIGKILL after 3 s.
func (r *runner) stop(cmd *exec.Cmd) {
	w := r.waiterOf(cmd)
	if w == nil {
		return
	}
	pgid := cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(3 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		select {
		case <-w.done:
		case <-time.After(5 * time.Second):
		}
	}
	// Children left in the group (the fake browser's curl) go too.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	r.forget(cmd)
}

func (r *runner) cleanup() {
	r.mu.Lock()
	procs := slices.Clone(r.procs)
	r.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		r.stop(procs[i])
	}
	if r.tmp != "" {
		os.RemoveAll(r.tmp)
	}
}

// runTimed runs a short-lived command and returns its wall time from start
// to exit.
func (r *runner) runTimed(ctx context.Context, cmd *exec.Cmd) (time.Duration, error) {
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	t := time.Now()
	if err := r.start(cmd); err != nil {
		return 0, err
	}
	w := r.waiterOf(cmd)
	<-w.done
	d := time.Since(t)
	r.forget(cmd)
	if w.err != nil {
		return d, fmt.Errorf("%s: %v: %s", filepath.Base(cmd.Path), w.err, strings.TrimSpace(stderr.String()))
	}
	return d, nil
}
