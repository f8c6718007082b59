package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// TestKeyringTokenRaceWindowAndTwoCLIs races, 20 times, the window's core
// and two `tokeninspector token` processes for a token that is not fresh
// enough, against a demo provider that rotates refresh tokens and revokes
// the family on reuse, through a real Secret Service: each round sends
// exactly one refresh request, nothing is refused, and every printed token
// is active. Run by scripts/test-keyring.sh.
func TestKeyringTokenRaceWindowAndTwoCLIs(t *testing.T) {
	if os.Getenv("TOKENINSPECTOR_TEST_REAL_KEYRING") != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh")
	}
	const fresh = 2 * time.Second // a token is fresh enough this long after it is issued
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, KeyBits: 1024, AccessTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	h := demoidptest.Wrap(idp.Handler())
	srv := httptest.NewServer(h)
	defer srv.Close()
	idp.SetIssuer(srv.URL)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	cfgPath := filepath.Join(t.TempDir(), "config.json")
	writeConfig(t, cfgPath, srv.URL)
	withFakeBrowser(t)
	store := &remembered.Store{Secrets: keyring.NewKeyringStore()}
	t.Cleanup(func() { store.Delete("qa") })
	if code, _, errs := runCLI(t, "", "login", "--profile", "qa", "--config", cfgPath, "--remember"); code != 0 {
		t.Fatalf("login --remember: %s", errs)
	}

	cfg, err := config.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	locks, err := remembered.DefaultLocks()
	if err != nil {
		t.Fatal(err)
	}
	ps := profiles.NewProviders(oidc.Env{HTTP: &http.Client{Timeout: 10 * time.Second}})
	defer ps.Close()
	ws := workspace.New(workspace.Deps{Config: cfg, Secrets: keyring.NewKeyringStore(), Providers: ps.New, Locks: locks})
	defer ws.Close()
	ws.Wait()
	if s, _ := ws.Snapshot("qa"); s.Tokens == nil {
		t.Fatalf("the window did not restore the remembered session: %+v", s.LastOp)
	}

	bin := buildCLI(t)
	minValid := (time.Hour - fresh).String()
	for round := range 20 {
		s, _ := ws.Snapshot("qa")
		cur := s.Tokens
		if saved, err := store.Load("qa"); err == nil && saved.ReceivedAt.After(cur.ReceivedAt) {
			cur = saved
		}
		time.Sleep(time.Until(cur.Access.IssuedAt.Add(fresh + time.Second))) // stale for the CLIs now
		before := h.Stats()
		var wg sync.WaitGroup
		printed := make([]string, 2)
		codes := make([]int, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var out, errs string
				codes[i], out, errs = runBinary(t, os.Environ(), "", bin, "token", "--profile", "qa", "--config", cfgPath,
					"--min-valid", minValid, "--format", "raw")
				printed[i] = strings.TrimSpace(out)
				if codes[i] != 0 {
					t.Errorf("round %d: token exit %d: %s", round, codes[i], errs)
				}
			}()
		}
		id := ws.Refresh("qa", workspace.Manual)
		wg.Wait()
		ws.Wait()
		after := h.Stats()
		if n := after.RefreshGrants - before.RefreshGrants; n != 1 {
			t.Errorf("round %d: %d refresh requests answered; want exactly 1", round, n)
		}
		if after.RejectedRefreshes != 0 || after.RefreshReuses != 0 {
			t.Fatalf("round %d: %d refreshes refused, %d refresh tokens reused", round, after.RejectedRefreshes, after.RefreshReuses)
		}
		w, _ := ws.Snapshot("qa")
		if !w.LastOp.Answers(id) || !w.LastOp.OK() {
			t.Errorf("round %d: the window's refresh: %+v", round, w.LastOp)
		}
		for _, tok := range append(printed, w.Tokens.AccessToken) {
			if tok != "" && !active(t, srv.URL, tok) {
				t.Errorf("round %d: a printed token is not active at introspection", round)
			}
		}
	}
}

// active asks the provider's introspection endpoint about tok.
func active(t *testing.T, issuer, tok string) bool {
	t.Helper()
	resp, err := http.PostForm(issuer+"/introspect", url.Values{
		"token": {tok}, "client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Active bool }
	json.NewDecoder(resp.Body).Decode(&r)
	return r.Active
}
