package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestHistorySurvivesARestartWithoutTokens(t *testing.T) {
	h := newHarness(t)
	login := h.login("demo")
	h.advance(10 * time.Second)
	refreshed := h.refresh("demo")
	h.failRefreshes("invalid_grant")
	h.refresh("demo")
	h.ws.Wait()
	path := filepath.Join(filepath.Dir(h.cfg.Path()), "history", "demo.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no history file: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v; want 0600", fi.Mode().Perm())
	}
	for _, ts := range []*auth.TokenSet{login.Tokens, refreshed.Tokens} {
		for _, tok := range []string{ts.AccessToken, ts.RefreshToken, ts.IDToken} {
			if strings.Contains(string(b), tok) {
				t.Fatal("the history file holds a token")
			}
		}
	}
	if strings.Contains(string(b), "demo-secret") {
		t.Fatal("the history file holds the client secret")
	}

	again := newHarness(t, withConfig(h.cfg))
	hist := again.snap("demo").History
	if len(hist) != 3 {
		t.Fatalf("history after restart has %d events; want 3", len(hist))
	}
	if hist[0].Kind != history.EventLogin || hist[1].Kind != history.EventRefresh || hist[2].OK() {
		t.Errorf("kinds %s %s ok %v", hist[0].Kind, hist[1].Kind, hist[2].OK())
	}
	if hist[1].HTTPStatus != 200 || hist[2].HTTPStatus != 400 || !strings.Contains(hist[2].Err.Error(), "invalid_grant") {
		t.Errorf("status %d %d, err %v", hist[1].HTTPStatus, hist[2].HTTPStatus, hist[2].Err)
	}
	if got := hist[1].Set.Access.Decoded().JTI; got != refreshed.Tokens.Access.JTI {
		t.Errorf("restored access jti %q; want %q", got, refreshed.Tokens.Access.JTI)
	}
	d := history.DiffSets(hist[0].Set, hist[1].Set)
	if r := d.Rotations[1]; r.Kind != "refresh" || !r.Rotated {
		t.Errorf("rotation %+v", r)
	}
	if again.snap("demo").HistoryErr != nil {
		t.Errorf("history error %v", again.snap("demo").HistoryErr)
	}
}

func TestHistoryFileIsCappedAndGoesWithTheProfile(t *testing.T) {
	h := newHarness(t)
	h.addProfile("second")
	s := h.login("second")
	var many []history.Event
	var log historyLog
	for i := range 3000 {
		many = append(many, history.NewEvent(history.EventRefresh, s.LastOp.At.Add(time.Duration(i)*time.Second), s.Tokens, s.Tokens, nil))
		log.add(many[i])
	}
	h.ws.history.save("second", log.file())
	h.ws.Wait()
	path := h.ws.history.path("second")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > maxHistoryFile {
		t.Errorf("history file is %d bytes; cap %d", fi.Size(), maxHistoryFile)
	}
	evs, err := h.ws.history.load("second")
	if err != nil || len(evs) == 0 || !evs[len(evs)-1].At.Equal(many[len(many)-1].At) {
		t.Fatalf("capped history: %d events, %v; want the newest kept", len(evs), err)
	}
	if _, err := h.ws.DeleteProfile("second"); err != nil {
		t.Fatal(err)
	}
	h.ws.Wait()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the deleted profile's history file is still there: %v", err)
	}
}

func TestDamagedHistoryFileIsSaidAndReplaced(t *testing.T) {
	h := newHarness(t)
	h.login("demo")
	h.ws.Wait()
	path := h.ws.history.path("demo")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	again := newHarness(t, withConfig(h.cfg))
	s := again.snap("demo")
	if s.HistoryErr == nil || len(s.History) != 0 {
		t.Fatalf("damaged file: err %v, %d events", s.HistoryErr, len(s.History))
	}
	again.login("demo")
	again.ws.Wait()
	if evs, err := again.ws.history.load("demo"); err != nil || len(evs) != 1 {
		t.Errorf("after a login: %d events, %v", len(evs), err)
	}
}

func TestRevocationAndExchangeInTheTimeline(t *testing.T) {
	h := newHarness(t)
	s := h.login("demo")
	h.ws.Exchange("demo", oidc.TokenExchangeOptions{Audience: "downstream-api"})
	h.ws.Wait()
	h.ws.Revoke("demo", RefreshToken)
	h.ws.Wait()
	hist := h.snap("demo").History
	if len(hist) != 3 {
		t.Fatalf("history %d entries; want login, exchange, revoke", len(hist))
	}
	ex, rv := hist[1], hist[2]
	if ex.Kind != history.EventExchange || ex.HTTPStatus != 200 || ex.Set == nil || ex.AccessJTI[1] == "" {
		t.Errorf("exchange entry: kind %s status %d set %v", ex.Kind, ex.HTTPStatus, ex.Set != nil)
	}
	if rv.Kind != history.EventRevoke || rv.RefreshJTI[0] != s.Tokens.Refresh.Ref() || rv.AccessJTI[0] != "" {
		t.Errorf("revoke entry %+v; want the refresh token %s gone", rv, s.Tokens.Refresh.Ref())
	}
}

func TestHistoryFileFollowsARename(t *testing.T) {
	h := newHarness(t)
	h.addProfile("before")
	h.login("before")
	old := h.ws.history.path("before")
	if _, err := os.Stat(old); err != nil {
		t.Fatal(err)
	}
	p := h.snap("before").Profile
	p.Name = "after"
	if _, err := h.ws.SaveProfile("before", p); err != nil {
		t.Fatal(err)
	}
	h.ws.Wait()
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the old name's history file is still there: %v", err)
	}
	evs, err := h.ws.history.load("after")
	if err != nil || len(evs) != 1 || evs[0].Kind != history.EventLogin {
		t.Errorf("the renamed profile's history: %d events, %v", len(evs), err)
	}
}

// TestSnapshotsShareTheHistory checks that a snapshot holds the history
// without a copy of it (a copy per snapshot made the garbage of every
// refresh grow with the history), and that an older snapshot still reads
// the history it was published with.
func TestSnapshotsShareTheHistory(t *testing.T) {
	h := newHarness(t)
	h.login("demo")
	first := h.refresh("demo")
	second := h.refresh("demo")
	if len(first.History) != 2 || len(second.History) != 3 {
		t.Fatalf("histories of %d and %d events; want 2 and 3", len(first.History), len(second.History))
	}
	if &first.History[0] != &second.History[0] {
		t.Error("each snapshot holds its own copy of the history")
	}
	if cap(first.History) != len(first.History) || first.History[1].AccessJTI[1] != first.Tokens.Access.Ref() {
		t.Errorf("the older snapshot's history changed: cap %d, newest %+v", cap(first.History), first.History[1])
	}
	if a, b := second.History[1].Set.Access, second.History[2].Set.Access; &a.Header[0] != &b.Header[0] {
		t.Error("two entries hold two copies of the same token header")
	}
	if second.HistoryStart != 0 {
		t.Errorf("HistoryStart %d with nothing dropped", second.HistoryStart)
	}
}
