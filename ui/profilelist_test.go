package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Every profile's state shows in the list: logged out, the access token's
// countdown, refresh failing; a click selects the profile.
func TestProfileListShowsEachSessionsState(t *testing.T) {
	h := newHarness(t, nil)
	for _, name := range []string{"staging", "prod"} {
		p := auth.BuiltinProfiles()[0]
		p.Name, p.Builtin = name, false
		if _, err := h.ws.SaveProfile("", p); err != nil {
			t.Fatal(err)
		}
	}
	h.settle()
	l := h.u.profiles
	state := func(name string) string {
		t.Helper()
		r := l.row(name)
		if r == nil {
			t.Fatalf("no row for %s in %v", name, l.names)
		}
		return r.stateText()
	}
	for _, name := range []string{"demo", "staging", "prod"} {
		if got := state(name); got != "logged out" {
			t.Errorf("%s: %q before any login", name, got)
		}
	}
	test.Tap(l.row("staging").button)
	if h.u.profile != "staging" || h.u.bar.profileSelect.Selected != "staging" {
		t.Fatalf("a click on staging selected %q", h.u.profile)
	}
	h.login()
	test.Tap(l.row("prod").button)
	h.login()
	h.advance(15 * time.Second)
	if got := state("staging"); got != "access 1:45" {
		t.Errorf("staging %q; want its countdown while prod is shown", got)
	}
	if got := state("prod"); got != "access 1:45" {
		t.Errorf("prod %q", got)
	}
	if got := state("demo"); got != "logged out" {
		t.Errorf("demo %q", got)
	}
	// staging's refresh fails while prod is shown.
	h.failRefreshes("down")
	h.ws.Refresh("staging", 0)
	h.settle()
	if got := state("staging"); got != "refresh failing" {
		t.Errorf("staging %q; want refresh failing", got)
	}
	if l.row("prod").button.Importance == l.row("staging").button.Importance {
		t.Error("the selected profile is not highlighted")
	}
	h.failRefreshes("")
	h.advance(2 * time.Hour) // the refresh token expired: invalid_grant
	h.ws.Refresh("staging", 0)
	h.settle()
	if got := state("staging"); got != "refresh dead: log in" {
		t.Errorf("staging %q; want dead", got)
	}
	if got := state("prod"); got != "access expired" {
		t.Errorf("prod %q", got)
	}
}
