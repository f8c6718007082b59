package workspace

import (
	"errors"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// Revoking the access token in the window drops it from the remembered
// session, so another process (token, kubectl, git) refreshes instead of
// being handed it; revoking the refresh token ends the remembered session.
func TestRevokeInTheWindowDropsTheTokenFromTheRememberedSession(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	s := h.login("demo")
	sessions := &remembered.Store{Secrets: store}
	if saved, err := sessions.Load("demo"); err != nil || saved.AccessToken != s.Tokens.AccessToken {
		t.Fatalf("remembered after the login: %v, %v", saved, err)
	}

	id := h.ws.Revoke("demo", AccessToken)
	h.ws.Wait()
	s = h.snap("demo")
	if !s.LastOp.Answers(id) || !s.LastOp.OK() || s.LastOp.StoreErr != nil {
		t.Fatalf("revoke of the access token: %+v", s.LastOp)
	}
	saved, err := sessions.Load("demo")
	if err != nil || saved.AccessToken != "" || saved.RefreshToken != s.Tokens.RefreshToken {
		t.Fatalf("after revoking the access token the keyring holds %v, %v; want the refresh token alone", saved, err)
	}

	id = h.ws.Revoke("demo", RefreshToken)
	h.ws.Wait()
	if s = h.snap("demo"); !s.LastOp.Answers(id) || !s.LastOp.OK() || s.LastOp.StoreErr != nil {
		t.Fatalf("revoke of the refresh token: %+v", s.LastOp)
	}
	if _, err := sessions.Load("demo"); !errors.Is(err, remembered.ErrNothingRemembered) {
		t.Errorf("after revoking the refresh token: %v; want nothing remembered", err)
	}
}

// An introspection that says active: false drops the token as a revocation does.
func TestInactiveIntrospectionDropsTheToken(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	live := h.login("demo").Tokens
	sessions := &remembered.Store{Secrets: store}
	h.ws.Introspect("demo", AccessToken)
	h.ws.Wait()
	if saved, err := sessions.Load("demo"); err != nil || saved.AccessToken != live.AccessToken {
		t.Fatalf("a live token's introspection changed the remembered session: %v, %v", saved, err)
	}
	h.ws.Revoke("demo", AccessToken) // revoked, so introspected inactive next
	h.ws.Wait()
	if err := sessions.Save("demo", live); err != nil { // the access token is back in the keyring
		t.Fatal(err)
	}
	h.ws.Introspect("demo", AccessToken)
	h.ws.Wait()
	s := h.snap("demo")
	if in := s.Introspections[live.AccessToken]; in == nil || in.Active {
		t.Fatalf("introspection of the revoked access token: %+v", in)
	}
	if saved, err := sessions.Load("demo"); err != nil || saved.AccessToken != "" {
		t.Errorf("after active: false the keyring holds %v, %v; want no access token", saved, err)
	}
}

// The userinfo endpoint refusing the access token (401 invalid_token)
// drops it as a revocation does.
func TestUserinfoRefusalDropsTheToken(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	live := h.login("demo").Tokens
	sessions := &remembered.Store{Secrets: store}
	h.ws.Revoke("demo", AccessToken) // the provider refuses it from now on
	h.ws.Wait()
	if err := sessions.Save("demo", live); err != nil { // the access token is back in the keyring
		t.Fatal(err)
	}
	id := h.ws.Userinfo("demo")
	h.ws.Wait()
	s := h.snap("demo")
	if !s.LastOp.Answers(id) || !remembered.RefusedAtResource(s.LastOp.Err) {
		t.Fatalf("userinfo with the revoked token: %+v; want a 401 invalid_token", s.LastOp)
	}
	if saved, err := sessions.Load("demo"); err != nil || saved.AccessToken != "" || saved.RefreshToken != live.RefreshToken {
		t.Errorf("after the refusal the keyring holds %v, %v; want the refresh token alone", saved, err)
	}
}
