package main

// Private X servers: one Xvfb per display, on the first free one.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startXvfb starts an X server on the first free display from first on,
// stepping by 2. A display is taken when its lock file names a live process
// (a stale lock Xvfb removes itself).
func (r *runner) startXvfb(ctx context.Context, first int) (string, error) {
	for n := first; n < first+100 && ctx.Err() == nil; n += 2 {
		if displayInUse(n) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
		if err := r.start(cmd); err != nil {
			return "", err
		}
		exited := r.waiterOf(cmd).done
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) && ctx.Err() == nil {
			select {
			case <-exited: // lost a race for this display: try the next
				deadline = time.Time{}
				continue
			case <-time.After(20 * time.Millisecond):
			}
			if x, err := dialX(display); err == nil {
				x.Close()
				return display, nil
			}
		}
		r.stop(cmd)
	}
	return "", errors.New("no free X display from :" + strconv.Itoa(first))
}

// displayInUse reports whether X display n has a lock file of a live process.
func displayInUse(n int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/tmp/.X%d-lock", n))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true
	}
	return syscall.Kill(pid, 0) != syscall.ESRCH
}
