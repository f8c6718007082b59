package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// "Remember this session": for a profile with Remember on, the refresh
// token (and a client secret typed into the profile form) live in a
// SecretStore — the OS keyring — and nowhere else. Sessions store through
// auth.Session.OnTokens, so a rotated refresh token is stored before the new
// tokens become current and are shown. All store calls run in the
// background; the UI goroutine only flips flags.

// keeper writes the secrets of remembered profiles to the store. Safe for
// concurrent use: it runs on background goroutines and inside sessions.
type keeper struct {
	store auth.SecretStore

	// io serializes writes with forget, so a rotation that was already
	// under way cannot put a token back after Forget removed it.
	io sync.Mutex
	mu sync.Mutex      // guards on; never held during store calls (the UI goroutine takes it)
	on map[string]bool // profile name => Remember
}

func newKeeper(store auth.SecretStore) *keeper {
	if store == nil {
		store = auth.NewMemoryStore()
	}
	return &keeper{store: store, on: map[string]bool{}}
}

func (k *keeper) setRemember(profile string, on bool) {
	k.mu.Lock()
	k.on[profile] = on
	k.mu.Unlock()
}

// memoryOnly reports whether the store gave up the keyring for memory
// (auth.FallbackStore). It may wait for a keyring call: not on the UI goroutine.
func (k *keeper) memoryOnly() bool {
	f, ok := k.store.(interface{ Unavailable() error })
	return ok && f.Unavailable() != nil
}

func (k *keeper) remembers(profile string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.on[profile]
}

// save stores ts's refresh token (ts nil: leaves it alone) and a typed
// client secret when p is remembered; otherwise it does nothing.
func (k *keeper) save(p auth.Profile, ts *auth.TokenSet) error {
	k.io.Lock()
	defer k.io.Unlock()
	if !k.remembers(p.Name) {
		return nil
	}
	var errs []error
	switch {
	case ts == nil:
	case ts.RefreshToken != "":
		errs = append(errs, k.store.Set(p.Name, auth.SecretRefreshToken, ts.RefreshToken))
	default: // no refresh token: an older one must not come back at the next start
		errs = append(errs, k.store.Delete(p.Name, auth.SecretRefreshToken))
	}
	if p.SecretSource == auth.SecretTyped && p.ClientSecret != "" {
		errs = append(errs, k.store.Set(p.Name, auth.SecretClientSecret, p.ClientSecret))
	}
	return errors.Join(errs...)
}

// forget deletes the profile's stored secrets.
func (k *keeper) forget(profile string) error {
	k.io.Lock()
	defer k.io.Unlock()
	return errors.Join(
		k.store.Delete(profile, auth.SecretRefreshToken),
		k.store.Delete(profile, auth.SecretClientSecret),
	)
}

// load reads a profile's stored refresh token and, when p has none, its
// client secret; missing ones come back "" without an error.
func (k *keeper) load(p auth.Profile) (refresh, secret string, err error) {
	get := func(kind auth.SecretKind) (string, error) {
		v, err := k.store.Get(p.Name, kind)
		if errors.Is(err, auth.ErrSecretNotFound) && !errors.Is(err, auth.ErrNoKeyring) {
			return "", nil
		}
		return v, err
	}
	if refresh, err = get(auth.SecretRefreshToken); err != nil {
		return "", "", err
	}
	if p.ClientSecret == "" && p.Auth() != auth.AuthNone {
		secret, err = get(auth.SecretClientSecret)
	}
	return refresh, secret, err
}

// rememberWidgets builds the toolbar's Remember check and Forget button.
func (u *UI) rememberWidgets() (*widget.Check, *widget.Button) {
	u.remember = widget.NewCheck("Remember", u.onRemember)
	u.forget = widget.NewButtonWithIcon("Forget", theme.DeleteIcon(), u.onForget)
	return u.remember, u.forget
}

// attachStore makes s store its tokens for p through the keeper.
func (u *UI) attachStore(s *auth.Session, p auth.Profile) {
	k := u.keep
	s.OnTokens = func(ts *auth.TokenSet) error { return k.save(p, ts) }
}

// restored reports whether ts came from the store and has not been refreshed yet.
func restored(ts *auth.TokenSet) bool {
	return ts != nil && ts.AccessToken == "" && ts.RefreshToken != ""
}

// autoKey names the token set auto-refresh last ran for: its access token,
// or for a restored set (no access token) its refresh token.
func autoKey(ts *auth.TokenSet) string {
	if restored(ts) {
		return "restored " + ts.RefreshToken
	}
	return ts.AccessToken
}

// profileRemember shows the selected profile's Remember state and, the first
// time a remembered profile is selected, restores its session.
func (u *UI) profileRemember(p auth.Profile) {
	u.keep.setRemember(p.Name, p.Remember)
	u.remember.SetChecked(p.Remember) // onRemember ignores it: the state is unchanged
	if !p.Remember || u.sessions[p.Name] != nil || u.restoring[p.Name] {
		return
	}
	if u.restoring == nil {
		u.restoring = map[string]bool{}
	}
	u.restoring[p.Name] = true
	now := u.deps.Now()
	u.background(func() {
		rt, secret, err := u.keep.load(p)
		if err != nil {
			u.do(func() {
				u.keyringTrouble("", "Could not read the keyring for "+p.Name+": its session was not restored.", err)
			})
			return
		}
		if secret != "" {
			p.ClientSecret, p.SecretSource = secret, auth.SecretFromKeyring
		}
		if rt == "" {
			u.do(func() { u.restoredSecret(p) })
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		pr, err := u.deps.Providers(ctx, p)
		if err != nil {
			u.do(func() {
				u.restoredSecret(p)
				if u.profile.Name == p.Name {
					u.status.failure(fmt.Errorf("the session kept in the keyring could not be restored: %w", err), false, false)
				}
			})
			return
		}
		s := auth.NewSession(pr)
		u.attachStore(s, p)
		s.Restore(auth.RestoredTokenSet(rt, now))
		u.do(func() { u.restoredSession(p, s) })
	})
}

// restoredSecret puts a client secret read from the keyring into the profile list.
func (u *UI) restoredSecret(p auth.Profile) {
	if p.SecretSource != auth.SecretFromKeyring {
		return
	}
	i := slices.IndexFunc(u.profiles, func(q auth.Profile) bool { return q.Name == p.Name })
	if i < 0 || u.profiles[i].ClientSecret != "" {
		return
	}
	u.profiles[i].ClientSecret, u.profiles[i].SecretSource = p.ClientSecret, p.SecretSource
	if u.profile.Name == p.Name {
		u.profile.ClientSecret, u.profile.SecretSource = p.ClientSecret, p.SecretSource
	}
}

// restoredSession installs a restored session unless a login got there first.
func (u *UI) restoredSession(p auth.Profile, s *auth.Session) {
	if u.sessions[p.Name] != nil {
		return
	}
	u.restoredSecret(p)
	u.sessions[p.Name] = s
	if u.profile.Name != p.Name {
		return
	}
	u.status.success("Session restored from the keyring — press Refresh (Ctrl+R) for new tokens.")
	u.tabs.Select(u.tabRefresh)
	u.showSession()
}

// onRemember runs when the check changes: on stores the current session
// now (and every rotation after), off deletes the stored secrets.
func (u *UI) onRemember(on bool) {
	if on == u.profile.Remember {
		return // set by profileRemember
	}
	p := u.profile
	p.Remember = on
	u.profile.Remember = on
	if i := slices.IndexFunc(u.profiles, func(q auth.Profile) bool { return q.Name == p.Name }); i >= 0 {
		u.profiles[i].Remember = on
	}
	u.keep.setRemember(p.Name, on)
	cfgErr := u.saveRememberFlag(p)
	if !on {
		u.forgetStored(p.Name, cfgErr)
		return
	}
	s := u.session()
	u.background(func() {
		var err error
		if s != nil && s.Current() != nil {
			err = s.Store() // under the session's lock: never older than a rotation under way
		} else {
			err = u.keep.save(p, nil) // a typed client secret; tokens follow at login
		}
		memOnly := u.keep.memoryOnly()
		u.do(func() {
			switch {
			case err != nil:
				u.keyringTrouble("", "Remember is on for "+p.Name+", but the keyring was not updated.", err)
			case u.profile.Name != p.Name: // the user moved on: nothing to say
			case cfgErr != nil:
				u.status.failure(fmt.Errorf("remember: %w", cfgErr), false, false)
			case memOnly:
				u.status.info("Remember is on, but with no keyring the session of " + p.Name + " lasts only until you quit.")
			case s != nil && s.Current() != nil:
				u.status.success("Remembered: the refresh token of " + p.Name + " is in the keyring and follows every rotation.")
			default:
				u.status.success("Remember is on: the session of " + p.Name + " goes to the keyring when you log in.")
			}
		})
	})
}

// onForget deletes the current profile's stored secrets and turns Remember off.
func (u *UI) onForget() {
	if u.profile.Remember {
		u.remember.SetChecked(false) // onRemember forgets
		return
	}
	u.forgetStored(u.profile.Name, nil)
}

// forgetStored deletes the profile's secrets in the background. The tokens
// on screen stay until the app quits.
func (u *UI) forgetStored(name string, cfgErr error) {
	u.background(func() {
		err := u.keep.forget(name)
		memOnly := u.keep.memoryOnly()
		u.do(func() {
			switch {
			case err != nil:
				u.keyringTrouble("", "Forget "+name+": the keyring entries could not be removed.", err)
			case cfgErr != nil:
				u.status.failure(fmt.Errorf("remember: %w", cfgErr), false, false)
			case memOnly:
				u.status.success("Forgot " + name + " (no keyring: nothing was stored beyond this run; the tokens on screen stay until you quit).")
			default:
				u.status.success("Forgot " + name + ": its refresh token and client secret are gone from the keyring (the tokens on screen stay until you quit).")
			}
		})
	})
}

// saveRememberFlag writes the Remember flag (never a secret) to the config file.
func (u *UI) saveRememberFlag(p auth.Profile) error {
	cfg := u.deps.Config
	if cfg == nil {
		return nil
	}
	base, ok := cfg.Find(p.Name)
	if !ok {
		base = p
	}
	base.Remember = p.Remember
	cfg.Put(base)
	return cfg.Save()
}

// reportStored shows ok, or says why the keyring does not hold s's tokens.
func (u *UI) reportStored(s *auth.Session, ok string) {
	err := s.StoreErr()
	switch {
	case err == nil:
		u.status.success(ok)
	case errors.Is(err, auth.ErrNoKeyring):
		u.keyringTrouble(ok, "", err)
	default:
		u.warn(ok+" · ⚠ the keyring copy is stale",
			"Storing the new refresh token failed ("+err.Error()+"). The new tokens work now; the keyring still holds the previous refresh token, so after a restart you may have to log in again.")
	}
}

// keyringTrouble shows a store error after what happened. ErrNoKeyring,
// which the store returns once before it switches to memory, gets the
// memory-only notice instead of the failure.
func (u *UI) keyringTrouble(what, failed string, err error) {
	if errors.Is(err, auth.ErrNoKeyring) {
		msg := "No keyring reachable: remembered sessions are kept in memory only until you quit."
		if what != "" {
			msg = what + " · " + msg
		}
		reason := err.Error()
		if ke := (*auth.KeyringError)(nil); errors.As(err, &ke) {
			reason = ke.Reason
		}
		u.warn(msg, "Remember needs the OS keyring (the Secret Service on Linux), which did not answer: "+reason)
		return
	}
	if what != "" {
		failed = what + " · " + failed
	}
	u.warn(failed, err.Error())
}

// warn shows a warning with a hint line under it.
func (u *UI) warn(msg, hint string) {
	u.status.show(theme.NewWarningThemedResource(theme.WarningIcon()), widget.WarningImportance, msg)
	u.status.hint.SetText(hint)
	u.status.hint.Show()
}
