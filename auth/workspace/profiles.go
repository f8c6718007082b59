package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// errNoConfig says there is no config file to save profiles to.
var errNoConfig = errors.New("no config file")

// SaveProfile stores p under its name, replacing the profile named prev
// ("" for a new one; another name renames it: the session, the Remember
// state and the keyring entries move with it, and the old entry is gone;
// a built-in profile saved under another name is copied instead).
// The list changes at once; the config file is written in the background
// and the result arrives as an OpSave snapshot of p.Name. An edit that
// changes how the profile connects (anything but its name and client
// secret) starts a new generation: the tokens of the old connection are
// cleared and work still in flight for them is dropped.
func (ws *Workspace) SaveProfile(prev string, p auth.Profile) (OpID, error) {
	if p.Name == "" {
		return 0, errors.New("a profile needs a name")
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	ws.mu.Lock()
	if i := slices.IndexFunc(ws.profiles, func(q auth.Profile) bool { return q.Name == prev }); i >= 0 && ws.profiles[i].Builtin && p.Name != prev {
		prev = "" // a built-in profile is copied, not renamed: it stays listed
	}
	if p.Name != prev && ws.entries[p.Name] != nil {
		ws.mu.Unlock()
		return 0, fmt.Errorf("a profile named %q exists already", p.Name)
	}
	e := ws.entries[prev]
	if prev == "" || e == nil {
		ws.profiles = append(ws.profiles, p.Clone())
		ws.mu.Unlock()
		e = newEntry(ws, p)
		ws.mu.Lock()
		ws.entries[p.Name] = e
		ws.mu.Unlock()
		prev = ""
	} else {
		i := slices.IndexFunc(ws.profiles, func(q auth.Profile) bool { return q.Name == prev })
		ws.profiles[i] = p.Clone()
		if prev != p.Name {
			delete(ws.entries, prev)
			ws.entries[p.Name] = e
		}
		ws.mu.Unlock()
	}
	if prev != "" && prev != p.Name {
		ws.deliver(Snapshot{Profile: auth.Profile{Name: prev}, Deleted: true})
	}
	id := OpID(ws.ops.Add(1))
	e.post(func(st *state) { e.saveProfile(st, id, prev, p) })
	return id, nil
}

func (e *entry) saveProfile(st *state, id OpID, prev string, p auth.Profile) {
	r := &OpResult{ID: id, Kind: OpSave, At: e.ws.clock.Now(), Path: e.ws.ConfigPath()}
	p.Remember = st.remember.On // the Remember command owns the flag
	old := st.profile
	st.profile = p.Clone()
	if !sameConnection(old, p) {
		r.Old = st.tokens // the session the change ended (nil: there was none)
		e.endGeneration(st)
		st.setTokens(nil, false)
		if st.remember.On { // the old connection's refresh token is of no use
			r.StoreErr = e.dropStoredRefresh(st, old.Name)
		}
	} else if old.ClientSecret != p.ClientSecret || old.SecretSource != p.SecretSource {
		if st.prov != nil { // the next request uses the new secret
			st.prov.Close()
			st.prov = nil
		}
	}
	if prev != "" && prev != p.Name && st.remember.On {
		r.StoreErr = errors.Join(r.StoreErr, e.moveSecrets(st, prev, p.Name))
	}
	if err := e.ws.config.put(st.profile, prev); err != nil {
		r.Err = fmt.Errorf("profile %s not saved: %w", p.Name, err)
	}
	st.finish(r)
}

// dropStoredRefresh deletes the stored session of the profile named name.
func (e *entry) dropStoredRefresh(st *state, name string) error {
	err := e.ws.sessions.Remove(e.opCtx(), name)
	if err == nil {
		st.remember.StoredRefresh = false
	}
	st.remember.Stale = err
	st.changed()
	return e.memoryOnly(err)
}

// endGeneration cancels the login in flight and orphans the refresh in
// flight, whose results are then dropped.
func (e *entry) endGeneration(st *state) {
	if st.login != nil {
		st.login.cancel()
		st.login = nil
	}
	st.refresh = nil
	st.newGeneration(false)
}

// moveSecrets moves the keyring entries of a renamed profile: its session
// and a typed client secret.
func (e *entry) moveSecrets(st *state, from, to string) error {
	var errs []error
	if ts, err := e.ws.sessions.Load(from); err == nil {
		errs = append(errs, e.ws.sessions.Put(e.opCtx(), to, ts), e.ws.sessions.Remove(e.opCtx(), from))
	} else if !errors.Is(err, remembered.ErrNothingRemembered) {
		errs = append(errs, err)
	}
	keys := e.ws.keys
	v, err := keys.Get(from, keyring.SecretClientSecret)
	switch {
	case errors.Is(err, keyring.ErrSecretNotFound):
	case err != nil:
		errs = append(errs, err)
	default:
		errs = append(errs, keys.Set(to, keyring.SecretClientSecret, v), keys.Delete(from, keyring.SecretClientSecret))
	}
	err = errors.Join(errs...)
	st.remember.Stale = err
	st.stamp = e.ws.sessions.Stamp(to)
	return e.memoryOnly(err)
}

// DeleteProfile removes a user profile: its session ends, its keyring
// entries and its config entry are deleted. Built-in profiles stay.
func (ws *Workspace) DeleteProfile(name string) (OpID, error) {
	ws.mu.Lock()
	e := ws.entries[name]
	i := slices.IndexFunc(ws.profiles, func(q auth.Profile) bool { return q.Name == name })
	switch {
	case e == nil || i < 0:
		ws.mu.Unlock()
		return 0, fmt.Errorf("%w: %s", errNoProfile, name)
	case ws.profiles[i].Builtin:
		ws.mu.Unlock()
		return 0, fmt.Errorf("%s is a built-in profile and cannot be deleted", name)
	}
	ws.profiles = slices.Delete(ws.profiles, i, i+1)
	delete(ws.entries, name)
	ws.mu.Unlock()
	id := OpID(ws.ops.Add(1))
	e.post(func(st *state) {
		r := &OpResult{ID: id, Kind: OpDelete, At: e.ws.clock.Now(), Path: e.ws.ConfigPath()}
		e.endGeneration(st)
		st.deleted = true
		st.stopTimer(e)
		st.setTokens(nil, false)
		if st.remember.On || st.remember.StoredRefresh || st.remember.StoredSecret {
			r.StoreErr = e.forget(st, name)
		}
		if err := e.ws.config.remove(name); err != nil && !errors.Is(err, errNoConfig) {
			r.Err = fmt.Errorf("profile %s not removed from the config file: %w", name, err)
		}
		st.finish(r)
	})
	return id, nil
}

// sameConnection reports whether two versions of a profile log in the same
// way: equal but for the name, Remember and the client secret. It compares
// the JSON form, so fields added to auth.Profile later count too.
func sameConnection(a, b auth.Profile) bool {
	norm := func(p auth.Profile) []byte {
		p = p.Clone()
		p.Name, p.Remember, p.ClientSecret, p.SecretSource = "", false, "", ""
		if p.Demo {
			p.Issuer = "" // filled in when the demo provider starts
		}
		out, _ := json.Marshal(p)
		return out
	}
	return bytes.Equal(norm(a), norm(b))
}

// SaveEndsSession reports whether saving p over the snapshot's profile
// would end its session: the tokens are dropped when anything but the
// name and the client secret changes (SaveProfile), so a front end asks
// first.
func (s Snapshot) SaveEndsSession(p auth.Profile) bool {
	return s.Tokens != nil && !sameConnection(s.Profile, p)
}
