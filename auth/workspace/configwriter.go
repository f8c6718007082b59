package workspace

import (
	"sync"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth"
)

// configWriter changes and saves the config file, one change at a time,
// on whichever actor asks: never on a window's UI goroutine.
type configWriter struct {
	mu  sync.Mutex // guards cfg and the file
	cfg *config.Config
}

// put stores p (secrets are dropped by config.Config.Save) and, when
// renamedFrom is set, removes that entry; then saves.
func (w *configWriter) put(p auth.Profile, renamedFrom string) error {
	if w.cfg == nil {
		return errNoConfig
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if renamedFrom != "" && renamedFrom != p.Name {
		w.cfg.Delete(renamedFrom)
	}
	w.cfg.Put(p)
	return w.cfg.Save()
}

// putRemember saves only p's Remember flag over what the file holds.
func (w *configWriter) putRemember(p auth.Profile) error {
	if w.cfg == nil {
		return nil // nothing to save to: the flag lasts for this run
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	base, ok := w.cfg.Find(p.Name)
	if !ok {
		base = p
	}
	base.Remember = p.Remember
	w.cfg.Put(base)
	return w.cfg.Save()
}

// remove deletes the user entry named name and saves.
func (w *configWriter) remove(name string) error {
	if w.cfg == nil {
		return errNoConfig
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cfg.Delete(name)
	return w.cfg.Save()
}
