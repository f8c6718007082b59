package workspace

import (
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func TestDeadRefreshTokenStandsDeadEverywhere(t *testing.T) {
	h := newHarness(t)
	s := h.login("demo")
	now := h.clock.Now()
	if got := s.StandingOf(RefreshToken, now, 0); got != StandingFine {
		t.Fatalf("fresh refresh token stands %v", got)
	}
	h.failRefreshes("invalid_grant")
	s = h.refresh("demo")
	if !s.RefreshDead() {
		t.Fatal("RefreshDead is false after invalid_grant")
	}
	if got := s.StandingOf(RefreshToken, now, 0); got != StandingDead || got.Tone() != ToneBad {
		t.Errorf("refresh token stands %v (tone %v); want dead, bad", got, got.Tone())
	}
	if got := s.SessionStanding(now, 0); got != StandingDead {
		t.Errorf("session stands %v; want dead", got)
	}
	r := s.Checks[s.Tokens.RefreshToken]
	if !r.Failed() {
		t.Errorf("the refresh token's checks all pass after invalid_grant: %+v", r.Checks)
	}
	var found bool
	for _, c := range r.Checks {
		found = found || (c.Name == "usable" && c.Status == check.CheckFail)
	}
	if !found {
		t.Errorf("no failed usable check: %+v", r.Checks)
	}
	// A new login brings it back.
	h.gate.Fail("")
	s = h.login("demo")
	if s.RefreshDead() || s.StandingOf(RefreshToken, h.clock.Now(), 0) != StandingFine {
		t.Errorf("after a new login: dead %v, standing %v", s.RefreshDead(), s.StandingOf(RefreshToken, h.clock.Now(), 0))
	}
}

func TestLifeAtOneRuleForEveryPlace(t *testing.T) {
	iat := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	d := jose.Decoded{Format: jose.FormatJWT, IssuedAt: iat, ExpiresAt: iat.Add(100 * time.Second)}
	for _, c := range []struct {
		at   time.Duration
		skew time.Duration
		want Standing
	}{
		{10 * time.Second, 0, StandingFine},
		{90 * time.Second, 0, StandingEnding},
		{100 * time.Second, 0, StandingExpired},
		{110 * time.Second, 30 * time.Second, StandingEnding},
		{140 * time.Second, 30 * time.Second, StandingExpired},
	} {
		if got, _ := LifeAt(d, iat.Add(c.at), c.skew); got != c.want {
			t.Errorf("at +%s (skew %s): %v; want %v", c.at, c.skew, got, c.want)
		}
	}
	if got, _ := LifeAt(jose.Decoded{Format: jose.FormatOpaque}, iat, 0); got != StandingUnknown {
		t.Errorf("opaque without expiry: %v", got)
	}
}
