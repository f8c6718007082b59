//go:build !(linux || freebsd || openbsd || netbsd)

package xvisible

import "errors"

// watcher is never made where X11 windows are not expected.
type watcher struct{}

// Close does nothing.
func (*watcher) Close() {}

// watch is not supported here: Follow then reports nothing (always shown).
func watch(string, uint32, func(bool)) (*watcher, error) {
	return nil, errors.New("X11 window watching is not built for this system")
}
