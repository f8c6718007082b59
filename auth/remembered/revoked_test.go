package remembered

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// A revoked access token leaves the keyring and the session cache; the
// refresh token, ID token and scope stay, and the next Fresh refreshes
// with them instead of handing out the revoked token.
func TestRevokedAccessTokenIsDroppedAndRefreshedNext(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	in := set("at-1", "rt-1", t0, 10*time.Minute)
	in.IDToken, in.Scope = "id-1", "openid"
	if err := e.store().Put(ctx, "demo", in); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := e.cache.entry("demo"); !ok {
		t.Fatal("the put did not fill the session cache")
	}
	d, err := e.store().Revoked(ctx, "demo", "at-1")
	if err != nil || d != DroppedAccess {
		t.Fatalf("Revoked(access) = %v, %v; want DroppedAccess", d, err)
	}
	if _, ok := e.store().Cached("demo", 0); ok {
		t.Error("the session cache still answers after the revocation")
	}
	saved, err := e.store().Load("demo")
	if err != nil || saved.AccessToken != "" || saved.RefreshToken != "rt-1" || saved.IDToken != "id-1" || saved.Scope != "openid" {
		t.Fatalf("after the revocation the keyring holds %v, %v; want rt-1 and id-1 without an access token", saved, err)
	}
	if strings.Contains(string(saved.Raw), "at-1") {
		t.Error("the saved response still carries the revoked access token")
	}
	var sent string
	r, err := e.store().Fresh(ctx, "demo", 0, func(_ context.Context, rt string) (*auth.TokenSet, error) {
		sent = rt
		return set("at-2", "rt-2", e.now, 10*time.Minute), nil
	})
	if err != nil || !r.Refreshed || sent != "rt-1" || r.Tokens.AccessToken != "at-2" || r.Tokens.IDToken != "id-1" {
		t.Fatalf("Fresh after the revocation: %+v, %v, sent %q; want a refresh with rt-1 keeping id-1", r, err, sent)
	}
}

func TestRevokedRefreshTokenEndsTheSession(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	e.store().Put(ctx, "demo", set("at-1", "rt-1", t0, 10*time.Minute))
	d, err := e.store().Revoked(ctx, "demo", "rt-1")
	if err != nil || d != DroppedSession {
		t.Fatalf("Revoked(refresh) = %v, %v; want DroppedSession", d, err)
	}
	if _, err := e.store().Load("demo"); !errors.Is(err, ErrNothingRemembered) {
		t.Errorf("Load after the refresh token was revoked: %v; want nothing remembered", err)
	}
	if _, ok := e.store().Cached("demo", 0); ok {
		t.Error("the session cache still answers after the session ended")
	}
}

func TestRevokedLeavesOtherTokensAlone(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	e.store().Put(ctx, "demo", set("at-1", "rt-1", t0, 10*time.Minute))
	for _, tok := range []string{"", "at-0", "someone-elses"} {
		if d, err := e.store().Revoked(ctx, "demo", tok); err != nil || d != DroppedNothing {
			t.Errorf("Revoked(%q) = %v, %v; want DroppedNothing", tok, d, err)
		}
	}
	if r, ok := e.store().Cached("demo", 0); !ok || r.Tokens.AccessToken != "at-1" {
		t.Error("an unrelated revocation dropped the cached access token")
	}
	if d, err := e.store().Revoked(ctx, "nobody", "at-1"); err != nil || d != DroppedNothing {
		t.Errorf("Revoked for a profile with nothing remembered = %v, %v", d, err)
	}
}
