package cli

import (
	"context"
	"os"
	"os/signal"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// tokenSession is a profile's remembered session as the commands that hand
// out its tokens (token, git-credential) use it: the session cache, the
// keyring and the lock folder shared with the window, and the provider,
// resolved only when a refresh or a login needs it.
type tokenSession struct {
	p         auth.Profile
	ps        *profiles.Providers
	store     *remembered.Store
	keys      *keyring.KeyringWorker
	closeKeys func()
	pr        *oidc.Provider
	sigCtx    context.Context
	stopSig   context.CancelFunc
}

// tokenNeed is what a caller needs of the session.
type tokenNeed struct {
	// minValid is how long the access token (and with idToken the ID
	// token) must stay valid.
	minValid time.Duration
	// refreshToken: the keyring's copy is needed (the cache has none).
	refreshToken bool
	// idToken: the ID token is what will be handed out.
	idToken bool
}

// openTokenSession resolves the profile of pf and opens the remembered
// sessions. Call close when done.
func openTokenSession(pf *profiles.Flags, s stdio) (*tokenSession, error) {
	_, p, ps, err := pf.Open(s.err)
	if err != nil {
		return nil, err
	}
	store, keys, closeKeys := rememberedSessions()
	return &tokenSession{p: p, ps: ps, store: store, keys: keys, closeKeys: closeKeys}, nil
}

func (t *tokenSession) close() {
	if t.stopSig != nil {
		t.stopSig()
	}
	if t.pr != nil {
		t.pr.Close()
	}
	t.closeKeys()
	t.ps.Close()
}

// interruptible is ctx cancelled by Ctrl+C, for the slow steps (keyring,
// refresh, login). A cached answer needs no handler, whose set-up (a signal
// goroutine and thread) would be a tenth of the command's time.
func (t *tokenSession) interruptible(ctx context.Context) context.Context {
	if t.sigCtx == nil {
		t.sigCtx, t.stopSig = signal.NotifyContext(ctx, os.Interrupt)
	}
	return t.sigCtx
}

// provider resolves the profile's provider once.
func (t *tokenSession) provider(ctx context.Context) (*oidc.Provider, error) {
	if t.pr == nil {
		pr, err := providerFor(ctx, t.ps, t.keys, t.p)
		if err != nil {
			return nil, err
		}
		t.pr = pr
	}
	return t.pr, nil
}

// refresh runs the refresh_token grant (a remembered.RefreshFunc). It is
// called under the profile's lock with the remembered set's refresh
// token: that set is refreshed as the window does (Provider.RefreshSet),
// so a new ID token must keep the previous one's iss, sub and aud (OpenID
// Connect Core §12.2) and a DPoP-bound refresh token goes with its key.
func (t *tokenSession) refresh(ctx context.Context, rt string) (*auth.TokenSet, error) {
	pr, err := t.provider(ctx)
	if err != nil {
		return nil, err
	}
	if saved, err := t.store.Load(t.p.Name); err == nil && saved.RefreshToken == rt {
		return pr.RefreshSet(ctx, saved)
	}
	return pr.Refresh(ctx, rt)
}

// fresh returns tokens meeting need without a browser: the session cache's
// copy, else the keyring's, else a refreshed set (saved before it is
// returned). Everything goes through the profile's lock, so processes
// racing for a stale token send one refresh.
func (t *tokenSession) fresh(ctx context.Context, need tokenNeed) (remembered.Result, error) {
	if !need.refreshToken {
		if res, ok := t.store.Cached(t.p.Name, need.minValid); ok && need.idFresh(res.Tokens) {
			return res, nil
		}
	}
	ctx = t.interruptible(ctx)
	res, err := t.store.Fresh(ctx, t.p.Name, need.minValid, t.refresh)
	if err == nil && !res.Refreshed && !need.idFresh(res.Tokens) {
		// The access token is fresh, the ID token is not: a refresh
		// brings a new one (where the provider sends one).
		res, err = t.store.Refresh(ctx, t.p.Name, res.Tokens, need.minValid, t.refresh)
	}
	return res, err
}

// login runs the profile's browser login and remembers its tokens.
func (t *tokenSession) login(ctx context.Context, s stdio) (remembered.Result, error) {
	return loginAndRemember(t.interruptible(ctx), s, t.store, t.p, t.provider)
}

// idFresh reports whether ts's ID token, when need asks for it, stays
// valid for minValid. A set without an ID token passes: a refresh would
// not bring one, and the caller says so.
func (need tokenNeed) idFresh(ts *auth.TokenSet) bool {
	if !need.idToken || ts.IDToken == "" || ts.ID.ExpiresAt.IsZero() {
		return true
	}
	return ts.ID.ExpiresAt.After(time.Now().Add(need.minValid))
}
