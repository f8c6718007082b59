package workspace

import (
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// The demo access token lives 2 minutes: with a 30 s lead, auto-refresh
// runs at 1:30, once per token set, with Cause Auto (which a window never
// copies to the clipboard).
func TestAutoRefreshRunsOncePerTokenSetBeforeExpiry(t *testing.T) {
	h := newHarness(t)
	h.ws.SetAutoRefresh("demo", true, 30*time.Second)
	first := h.login("demo")
	if next := h.snap("demo").Auto.Next; !next.Equal(first.Tokens.ReceivedAt.Add(90 * time.Second)) {
		t.Errorf("next auto-refresh at %v; want 1:30 after the login", next)
	}
	h.advance(89 * time.Second)
	if n := h.refreshes(); n != 0 {
		t.Fatalf("%d refreshes 31 s before expiry; want none yet", n)
	}
	h.advance(time.Second)
	s := h.snap("demo")
	if n := h.refreshes(); n != 1 || s.LastOp.Cause != Auto || !s.LastOp.OK() {
		t.Fatalf("after 1:30: %d refreshes, last op %+v; want one automatic refresh", n, s.LastOp)
	}
	if s.Tokens == first.Tokens {
		t.Fatal("auto-refresh did not replace the tokens")
	}
	h.advance(89 * time.Second)
	if n := h.refreshes(); n != 1 {
		t.Fatalf("%d refreshes before the second token set was due; want 1", n)
	}
	h.advance(time.Second)
	if n := h.refreshes(); n != 2 {
		t.Fatalf("%d refreshes; want the second token set refreshed once", n)
	}
}

func TestAutoRefreshLeadLongerThanLifetimeDoesNotLoop(t *testing.T) {
	h := newHarness(t)
	h.ws.SetAutoRefresh("demo", true, 10*time.Minute)
	h.login("demo")
	h.advance(59 * time.Second)
	if n := h.refreshes(); n != 0 {
		t.Fatalf("%d refreshes before half the lifetime", n)
	}
	h.advance(time.Second)
	h.advance(time.Second)
	h.advance(time.Second)
	if n := h.refreshes(); n != 1 {
		t.Fatalf("%d refreshes around half the lifetime; want exactly 1", n)
	}
}

func TestAutoRefreshBacksOffAfterFailuresAndStopsOnADeadGrant(t *testing.T) {
	h := newHarness(t)
	h.ws.SetAutoRefresh("demo", true, 30*time.Second)
	h.login("demo")
	h.failRefreshes("down")
	h.advance(90 * time.Second)
	if n := h.refreshes(); n != 1 {
		t.Fatalf("%d refreshes at 1:30; want 1", n)
	}
	s := h.snap("demo")
	if s.Auto.Fails != 1 || s.Tokens == nil || s.LastOp.OK() {
		t.Fatalf("after a failed auto-refresh: auto %+v, last op %+v; want 1 failure, tokens kept", s.Auto, s.LastOp)
	}
	h.advance(19 * time.Second)
	if n := h.refreshes(); n != 1 {
		t.Fatalf("retried after 19 s (%d refreshes); want a 20 s pause", n)
	}
	h.advance(time.Second)
	if n := h.refreshes(); n != 2 {
		t.Fatalf("%d refreshes after 20 s; want the retry", n)
	}
	h.advance(39 * time.Second)
	if n := h.refreshes(); n != 2 {
		t.Fatalf("second retry before 40 s (%d refreshes)", n)
	}
	h.failRefreshes("invalid_grant")
	h.advance(time.Second)
	if n := h.refreshes(); n != 3 {
		t.Fatalf("%d refreshes after 40 s; want the second retry", n)
	}
	s = h.snap("demo")
	if !s.Auto.Dead || !auth.NeedsLogin(s.LastOp.Err) {
		t.Fatalf("auto %+v, last op %+v; want auto-refresh stopped on invalid_grant", s.Auto, s.LastOp)
	}
	h.advance(10 * time.Minute)
	if n := h.refreshes(); n != 3 {
		t.Fatalf("auto-refresh went on after invalid_grant (%d refreshes)", n)
	}
}

func TestManualRefreshLiftsTheAutoRefreshPause(t *testing.T) {
	h := newHarness(t)
	h.ws.SetAutoRefresh("demo", true, 30*time.Second)
	h.login("demo")
	h.failRefreshes("down")
	h.advance(90 * time.Second)
	h.failRefreshes("")
	s := h.refresh("demo") // manual, succeeds: new tokens, due 1:30 from now
	if !s.LastOp.OK() {
		t.Fatalf("manual refresh: %+v", s.LastOp)
	}
	if s.Auto.Fails != 0 && s.Auto.Next.Before(s.Tokens.ReceivedAt.Add(90*time.Second)) {
		t.Errorf("auto %+v; want the pause lifted and the next run at 1:30 of the new tokens", s.Auto)
	}
	h.advance(90 * time.Second)
	if r := h.snap("demo").LastOp; r.Cause != Auto || !r.OK() {
		t.Fatalf("last op %+v; want an automatic refresh of the new tokens", r)
	}
}

func TestAutoRefreshOffStopsTheTimer(t *testing.T) {
	h := newHarness(t)
	h.ws.SetAutoRefresh("demo", true, 30*time.Second)
	h.login("demo")
	h.ws.SetAutoRefresh("demo", false, 30*time.Second)
	h.ws.Wait()
	if next := h.snap("demo").Auto.Next; !next.IsZero() {
		t.Errorf("next = %v with auto-refresh off", next)
	}
	h.advance(5 * time.Minute)
	if n := h.refreshes(); n != 0 {
		t.Fatalf("%d refreshes with auto-refresh off", n)
	}
}
