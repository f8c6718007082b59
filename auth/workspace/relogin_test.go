package workspace

import (
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestAutoReloginOnInvalidGrant(t *testing.T) {
	h := newHarness(t)
	first := h.login("demo")
	h.failRefreshes("invalid_grant")
	s := h.refresh("demo")
	if !auth.NeedsLogin(s.LastOp.Err) || s.Tokens != first.Tokens {
		t.Fatalf("without the option: last op %+v", s.LastOp)
	}
	h.ws.SetAutoRelogin("demo", true)
	h.ws.Wait()
	if !h.snap("demo").AutoRelogin {
		t.Fatal("the snapshot does not say auto re-login is on")
	}
	h.failRefreshes("invalid_grant")
	h.ws.Refresh("demo", Auto)
	h.ws.Wait()
	s = h.snap("demo")
	if s.LastOp.Kind != OpLogin || !s.LastOp.OK() || s.Tokens == first.Tokens {
		t.Fatalf("invalid_grant with auto re-login: last op %+v", s.LastOp)
	}
	// Another failure (the provider is down) logs in by itself no more.
	h.failRefreshes("down")
	before := s.Tokens
	h.advance(time.Second)
	s = h.refresh("demo")
	if s.LastOp.Kind != OpRefresh || s.Tokens != before {
		t.Errorf("a 503 started a login: %+v", s.LastOp)
	}
}
