package workspace

import (
	"errors"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// SetRemember switches "Remember this session" for the profile. On stores
// the current token set (and a client secret typed into the profile form)
// in the keyring now and after every rotation; off deletes them. The flag
// itself (never a secret) is saved to the config file.
func (ws *Workspace) SetRemember(profile string, on bool) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) { e.setRemember(st, id, on) })
}

func (e *entry) setRemember(st *state, id OpID, on bool) {
	st.profile.Remember = on
	st.remember.On = on
	r := &OpResult{ID: id, Kind: OpRemember, At: e.ws.clock.Now(), Old: st.tokens}
	cfgErr := e.ws.config.putRemember(st.profile)
	if on {
		if st.tokens == nil {
			// Nothing to store yet: ask the keyring anyway, so a missing
			// one is said now rather than at the first login.
			_, err := e.ws.keys.Get(st.profile.Name, keyring.SecretSession)
			if errors.Is(err, keyring.ErrNoKeyring) || (err != nil && !errors.Is(err, keyring.ErrSecretNotFound)) {
				r.StoreErr = e.memoryOnly(err)
			}
		}
		ts := st.tokens
		if st.refused != nil {
			ts = nil // refused tokens wait for UseAnyway
		}
		if err := e.storeTokens(st, ts); r.StoreErr == nil {
			r.StoreErr = err
		}
		st.stamp = e.ws.sessions.Stamp(st.profile.Name)
	} else {
		r.Kind = OpForget
		r.StoreErr = e.forget(st, st.profile.Name)
	}
	if cfgErr != nil {
		r.Err = fmt.Errorf("remember: %w", cfgErr)
	}
	r.Path = e.ws.ConfigPath()
	st.finish(r)
}

// storeTokens writes ts (ts nil: leaves the stored set alone) and a typed
// client secret to the keyring when Remember is on. It runs on the actor,
// before ts becomes current, and waits for the keyring at most its
// timeout; its error means the keyring copy is stale.
func (e *entry) storeTokens(st *state, ts *auth.TokenSet) error {
	if !st.remember.On {
		return nil
	}
	var errs []error
	if ts != nil {
		err := e.ws.sessions.Put(e.opCtx(), st.profile.Name, ts)
		errs = append(errs, err)
		st.noteStored(err, ts)
	}
	errs = append(errs, e.storeSecret(st))
	err := errors.Join(errs...)
	st.remember.Stale = err
	st.changed()
	return e.memoryOnly(err)
}

// storeSecret keeps a client secret typed into the profile form.
func (e *entry) storeSecret(st *state) error {
	p := st.profile
	var errs []error
	if p.TLSPasswordSource == auth.SecretTyped && p.TLSPassword != "" {
		errs = append(errs, e.ws.keys.Set(p.Name, keyring.SecretTLSPassword, p.TLSPassword))
	}
	if p.SecretSource != auth.SecretTyped || p.ClientSecret == "" {
		return errors.Join(errs...)
	}
	err := e.ws.keys.Set(p.Name, keyring.SecretClientSecret, p.ClientSecret)
	st.remember.StoredSecret = st.remember.StoredSecret || err == nil
	return errors.Join(append(errs, err)...)
}

// noteStored records the outcome of saving ts.
func (st *state) noteStored(err error, ts *auth.TokenSet) {
	if err == nil {
		st.remember.StoredRefresh = ts != nil && ts.RefreshToken != ""
	}
}

// memoryOnly passes err on and notes in the Remember state whether the
// keyring was given up for memory. keyring.ErrNoKeyring itself comes once, from
// the call that gave it up, so the notice is said once.
func (e *entry) memoryOnly(err error) error {
	if errors.Is(err, keyring.ErrNoKeyring) {
		e.st.remember.MemoryOnly = true
	}
	return err
}

// forget deletes the stored session and client secret of the profile named name.
func (e *entry) forget(st *state, name string) error {
	err := errors.Join(
		e.ws.sessions.Remove(e.opCtx(), name),
		e.ws.keys.Delete(name, keyring.SecretClientSecret),
		e.ws.keys.Delete(name, keyring.SecretTLSPassword),
	)
	if err == nil {
		st.remember.StoredRefresh, st.remember.StoredSecret = false, false
	}
	st.remember.Stale = nil
	st.changed()
	return e.memoryOnly(err)
}

// restore reads a remembered session at start: the client secret when the
// profile has none, and the token set. An entry Token Inspector did not
// write is left alone and said.
func (e *entry) restore(st *state) {
	r := &OpResult{Kind: OpRestore, At: e.ws.clock.Now()}
	name := st.profile.Name
	if p := st.profile; p.ClientSecret == "" && p.Auth() != auth.AuthNone {
		secret, err := e.ws.keys.Get(name, keyring.SecretClientSecret)
		switch {
		case errors.Is(err, keyring.ErrSecretNotFound) && !errors.Is(err, keyring.ErrNoKeyring):
		case err != nil:
			r.Err = fmt.Errorf("could not read the keyring for %s: its session was not restored: %w", name, err)
			st.finish(r)
			return
		default:
			st.profile.ClientSecret, st.profile.SecretSource = secret, auth.SecretFromKeyring
			st.remember.StoredSecret = true
		}
	}
	if p := st.profile; p.NeedsTLSPassword() {
		if pw, err := e.ws.keys.Get(name, keyring.SecretTLSPassword); err == nil {
			st.profile.TLSPassword, st.profile.TLSPasswordSource = pw, auth.SecretFromKeyring
		}
	}
	st.stamp = e.ws.sessions.Stamp(name)
	ts, err := e.ws.sessions.Load(name)
	switch {
	case errors.Is(err, remembered.ErrNothingRemembered):
		return // nothing stored yet: nothing to say
	case errors.Is(err, auth.ErrNotSaved):
		r.Err = fmt.Errorf("the keyring entry of %s was not written by Token Inspector and was left alone; log in to replace it: %w", name, err)
	case err != nil:
		r.Err = fmt.Errorf("could not read the keyring for %s: its session was not restored: %w", name, err)
	case st.tokens != nil:
		return // a login got there first
	default:
		st.remember.StoredRefresh = ts.RefreshToken != ""
		r.New = ts
		st.setTokens(ts, ts.AccessToken == "")
		e.verify(st)
	}
	st.finish(r)
}
