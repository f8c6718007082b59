package workspace

import (
	"errors"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

// SetRemember switches "Remember this session" for the profile. On stores
// the current refresh token (and a client secret typed into the profile
// form) in the keyring now and after every rotation; off deletes them. The
// flag itself (never a secret) is saved to the config file.
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
			_, err := e.ws.keys.Get(st.profile.Name, auth.SecretRefreshToken)
			if errors.Is(err, auth.ErrNoKeyring) || (err != nil && !errors.Is(err, auth.ErrSecretNotFound)) {
				r.StoreErr = err
			}
		}
		if err := e.storeTokens(st, st.tokens); r.StoreErr == nil {
			r.StoreErr = err
		}
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

// storeTokens writes ts's refresh token (ts nil: leaves it alone) and a
// typed client secret to the keyring when Remember is on. It runs on the
// actor, before ts becomes current, and waits for the keyring at most its
// timeout; its error means the keyring copy is stale.
func (e *entry) storeTokens(st *state, ts *auth.TokenSet) error {
	if !st.remember.On {
		return nil
	}
	keys, name := e.ws.keys, st.profile.Name
	var errs []error
	switch {
	case ts == nil:
	case ts.RefreshToken != "":
		err := keys.Set(name, auth.SecretRefreshToken, ts.RefreshToken)
		errs = append(errs, err)
		st.remember.StoredRefresh = st.remember.StoredRefresh || err == nil
	default: // no refresh token: an older one must not come back at the next start
		err := keys.Delete(name, auth.SecretRefreshToken)
		errs = append(errs, err)
		if err == nil {
			st.remember.StoredRefresh = false
		}
	}
	if p := st.profile; p.SecretSource == auth.SecretTyped && p.ClientSecret != "" {
		err := keys.Set(name, auth.SecretClientSecret, p.ClientSecret)
		errs = append(errs, err)
		st.remember.StoredSecret = st.remember.StoredSecret || err == nil
	}
	err := errors.Join(errs...)
	st.remember.Stale = err
	st.changed()
	return e.memoryOnly(err)
}

// memoryOnly turns "no error" into auth.ErrNoKeyring while the keyring
// has been given up for memory, so every result says so.
func (e *entry) memoryOnly(err error) error {
	if err != nil {
		return err
	}
	if why := e.ws.keys.Unavailable(); why != nil && !errors.Is(why, auth.ErrKeyringStuck) {
		return fmt.Errorf("%w (%v)", auth.ErrNoKeyring, why)
	}
	return nil
}

// forget deletes the stored secrets of the profile named name.
func (e *entry) forget(st *state, name string) error {
	err := errors.Join(
		e.ws.keys.Delete(name, auth.SecretRefreshToken),
		e.ws.keys.Delete(name, auth.SecretClientSecret),
	)
	if err == nil {
		st.remember.StoredRefresh, st.remember.StoredSecret = false, false
	}
	st.remember.Stale = nil
	st.changed()
	return e.memoryOnly(err)
}

// restore reads a remembered session at start: the client secret when the
// profile has none, and the refresh token, which becomes a restored token
// set (no access token until the first refresh).
func (e *entry) restore(st *state) {
	r := &OpResult{Kind: OpRestore, At: e.ws.clock.Now()}
	get := func(kind auth.SecretKind) (string, error) {
		v, err := e.ws.keys.Get(st.profile.Name, kind)
		if errors.Is(err, auth.ErrSecretNotFound) && !errors.Is(err, auth.ErrNoKeyring) {
			return "", nil
		}
		return v, err
	}
	if p := st.profile; p.ClientSecret == "" && p.Auth() != auth.AuthNone {
		secret, err := get(auth.SecretClientSecret)
		if err != nil {
			r.Err = fmt.Errorf("could not read the keyring for %s: its session was not restored: %w", p.Name, err)
			st.finish(r)
			return
		}
		if secret != "" {
			st.profile.ClientSecret, st.profile.SecretSource = secret, auth.SecretFromKeyring
			st.remember.StoredSecret = true
		}
	}
	rt, err := get(auth.SecretRefreshToken)
	switch {
	case err != nil:
		r.Err = fmt.Errorf("could not read the keyring for %s: its session was not restored: %w", st.profile.Name, err)
	case rt == "":
		return // nothing stored yet: nothing to say
	case st.tokens != nil:
		return // a login got there first
	default:
		st.remember.StoredRefresh = true
		ts := auth.RestoredTokenSet(rt, r.At)
		r.New = ts
		st.setTokens(ts, true)
	}
	st.finish(r)
}
