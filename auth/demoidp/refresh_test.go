package demoidp_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestRefreshRotationAndReuseDetection(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	first := e.login()
	e.clock.Advance(10 * time.Second)

	second := e.token(refreshForm(first.RefreshToken), "", "")
	wantOK(t, second)
	if second.RefreshToken == first.RefreshToken || second.JTI == first.JTI || second.IDToken == "" {
		t.Fatalf("refresh did not rotate: %+v", second)
	}
	oldRT, newRT, newAT := e.verify(first.RefreshToken), e.verify(second.RefreshToken), e.verify(second.AccessToken)
	if newRT["jti"] == oldRT["jti"] || newRT["ati"] != newAT["jti"] || newAT["jti"] != second.JTI || newRT["fid"] != oldRT["fid"] {
		t.Fatalf("rotated claims: old %v new %v access %v", oldRT, newRT, newAT)
	}
	if newRT["exp"] != float64(e.clock.Now().Add(time.Hour).Unix()) {
		t.Errorf("rotated refresh exp %v", newRT["exp"])
	}
	if id := e.verify(second.IDToken); id["nonce"] != nil || id["auth_time"] != e.verify(first.IDToken)["auth_time"] {
		t.Errorf("refreshed ID token %v", id)
	}

	// Reusing the old refresh token is detected and kills the family.
	tr := e.token(refreshForm(first.RefreshToken), "", "")
	wantError(t, tr, http.StatusBadRequest, "invalid_grant")
	if tr.ErrorDescription != "refresh token reuse detected; token family revoked" {
		t.Errorf("description %q", tr.ErrorDescription)
	}
	wantError(t, e.token(refreshForm(second.RefreshToken), "", ""), http.StatusBadRequest, "invalid_grant")
	if status := e.userinfo(second.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("access token of revoked family: userinfo status %d", status)
	}

	// Other logins are unaffected.
	wantOK(t, e.token(refreshForm(e.login().RefreshToken), "", ""))

	s := e.rec.Stats()
	if s.RefreshGrants != 2 || s.RejectedRefreshes != 2 || s.RefreshReuses != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestRefreshValidation(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	tr := e.login()

	// Another client cannot use the refresh token.
	form := refreshForm(tr.RefreshToken)
	form.Del("client_secret")
	form.Set("client_id", demoidp.PublicClientID)
	wantError(t, e.token(form, "", ""), http.StatusBadRequest, "invalid_grant")

	// Access and ID tokens are not refresh tokens.
	wantError(t, e.token(refreshForm(tr.AccessToken), "", ""), http.StatusBadRequest, "invalid_grant")
	wantError(t, e.token(refreshForm(tr.IDToken), "", ""), http.StatusBadRequest, "invalid_grant")

	// Scope may be narrowed, never widened.
	form = refreshForm(tr.RefreshToken)
	form.Set("scope", "openid admin")
	wantError(t, e.token(form, "", ""), http.StatusBadRequest, "invalid_scope")
	form.Set("scope", "email")
	narrow := e.token(form, "", "")
	wantOK(t, narrow)
	if narrow.Scope != "email" || narrow.IDToken != "" {
		t.Errorf("narrowed response %+v", narrow)
	}
	if got := e.verify(narrow.RefreshToken)["scope"].([]any); len(got) != 3 {
		t.Errorf("refresh token scope %v, want the original three", got)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true, RefreshTTL: 10 * time.Minute})
	tr := e.login()
	e.clock.Advance(10*time.Minute + time.Second)
	wantError(t, e.token(refreshForm(tr.RefreshToken), "", ""), http.StatusBadRequest, "invalid_grant")
}

func TestRotateKey(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	before := e.login()
	oldKID := e.keys.KeyID()
	if _, err := e.keys.Rotate(); err != nil {
		t.Fatal(err)
	}
	newKID := e.keys.KeyID()
	keys := e.jwks()
	if newKID == oldKID || len(keys) != 2 || keys[oldKID] == nil || keys[newKID] == nil {
		t.Fatalf("after rotation: kids %q -> %q, JWKS %v", oldKID, newKID, keys)
	}
	if !keys[newKID].Equal(e.keys.PublicKey()) {
		t.Errorf("PublicKey is not the new key")
	}
	after := e.token(refreshForm(before.RefreshToken), "", "") // old-key token still accepted
	wantOK(t, after)
	if !strings.Contains(string(segment(t, after.AccessToken, 0)), newKID) {
		t.Errorf("new token not signed with new kid")
	}
	e.verify(before.AccessToken)
	e.verify(after.AccessToken)
}

func TestConcurrentRefreshes(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})

	// Independent families refresh in parallel without interference.
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			rt := e.login().RefreshToken
			for range 4 {
				tr := e.token(refreshForm(rt), "", "")
				if tr.Status != http.StatusOK {
					t.Errorf("refresh failed: %s %s", tr.Error, tr.ErrorDescription)
					return
				}
				rt = tr.RefreshToken
			}
		})
	}
	wg.Wait()

	// Racing the same refresh token: exactly one wins, the rest are reuse.
	rt := e.login().RefreshToken
	results := make([]tokenResponse, 8)
	for i := range results {
		wg.Go(func() { results[i] = e.token(refreshForm(rt), "", "") })
	}
	wg.Wait()
	var winners int
	for _, r := range results {
		switch {
		case r.Status == http.StatusOK:
			winners++
		case r.Error != "invalid_grant":
			t.Errorf("unexpected error %q", r.Error)
		}
	}
	if winners != 1 {
		t.Fatalf("%d concurrent refreshes succeeded, want 1", winners)
	}
}
