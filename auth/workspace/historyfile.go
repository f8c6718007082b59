package workspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/tokeninspector/tokeninspector/auth/history"
	"github.com/tokeninspector/tokeninspector/internal/privatefile"
)

// maxHistoryFile caps one profile's history file: the oldest events go
// first when it would grow beyond.
const maxHistoryFile = 512 << 10

// historyFiles keeps each profile's history in dir/<profile>.json — facts
// and claims only (history.MarshalHistory's format), never a token or a
// secret — written by one background goroutine: an actor hands over its
// log's read-only view of the encoded events (historyLog.file) and goes
// on; a newer view of the same profile replaces one not yet written.
type historyFiles struct {
	dir  string // "" => nothing is kept
	busy *busy
	logf func(format string, args ...any)

	mu      sync.Mutex // guards pending, running, errs
	pending map[string]historyFile
	order   []string
	running bool
	errs    map[string]error
}

func newHistoryFiles(dir string, b *busy) *historyFiles {
	return &historyFiles{dir: dir, busy: b, pending: map[string]historyFile{}, errs: map[string]error{}}
}

// historyFile is what a profile's file is to hold: the newest events,
// oldest first, each encoded by history.EncodeEvent (nil: one that could not
// be, left out; err says why), never changed after; or, with remove set,
// no file at all.
type historyFile struct {
	encoded [][]byte
	err     error
	remove  bool
}

// historyDir is where the history files go: d.HistoryDir, else next to
// the config file; "" when there is neither.
func historyDir(d Deps) string {
	switch {
	case d.HistoryDir != "":
		return d.HistoryDir
	case d.Config != nil && d.Config.Path() != "":
		return filepath.Join(filepath.Dir(d.Config.Path()), "history")
	}
	return ""
}

func (h *historyFiles) path(profile string) string {
	return filepath.Join(h.dir, url.PathEscape(profile)+".json")
}

// load reads a profile's saved history (nil when there is none or it
// cannot be read: a damaged file starts a new history, and is replaced
// at the next event).
func (h *historyFiles) load(profile string) ([]history.Event, error) {
	if h.dir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(h.path(profile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", profile, err)
	}
	evs, err := history.UnmarshalHistory(b)
	if err != nil {
		return nil, fmt.Errorf("history of %s (%s): %w", profile, h.path(profile), err)
	}
	if n := len(evs) - historyCap; n > 0 {
		evs = evs[n:]
	}
	return evs, nil
}

// remove queues the removal of the profile's history file.
func (h *historyFiles) remove(profile string) { h.save(profile, historyFile{remove: true}) }

// save queues f as the profile's history file.
func (h *historyFiles) save(profile string, f historyFile) {
	if h.dir == "" {
		return
	}
	h.busy.add(1)
	h.mu.Lock()
	if _, queued := h.pending[profile]; !queued {
		h.order = append(h.order, profile)
	} else {
		h.busy.add(-1) // replaces a queued write
	}
	h.pending[profile] = f
	start := !h.running
	h.running = true
	h.mu.Unlock()
	if start {
		go h.drain()
	}
}

func (h *historyFiles) drain() {
	for {
		h.mu.Lock()
		if len(h.order) == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		profile := h.order[0]
		h.order = h.order[1:]
		f := h.pending[profile]
		delete(h.pending, profile)
		h.mu.Unlock()
		err := h.write(profile, f)
		h.mu.Lock()
		h.errs[profile] = err
		h.mu.Unlock()
		h.busy.add(-1)
	}
}

// write replaces the profile's file, dropping the oldest events until it
// fits maxHistoryFile. The file is private to the user (claims name people).
func (h *historyFiles) write(profile string, f historyFile) error {
	path := h.path(profile)
	if f.remove {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("history of %s: %w", profile, err)
		}
		return nil
	}
	encoded := f.encoded
	isNil := func(b []byte) bool { return b == nil }
	if slices.ContainsFunc(encoded, isNil) {
		encoded = slices.DeleteFunc(slices.Clone(encoded), isNil)
	}
	for len(encoded) > 0 && history.HistorySize(profile, encoded) > maxHistoryFile {
		encoded = encoded[1:]
	}
	if err := privatefile.Replace(path, ".history-*", func(w io.Writer) error {
		return history.WriteHistory(w, profile, encoded)
	}, nil); err != nil {
		return fmt.Errorf("history of %s: %w", profile, err)
	}
	if f.err != nil {
		return fmt.Errorf("history of %s: an event left out of the file: %w", profile, f.err)
	}
	return nil
}
