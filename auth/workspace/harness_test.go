package workspace

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/jonboulle/clockwork"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// harness is a workspace on a demo provider served by httptest, a fake
// clock shared by both, and a browser that follows the redirects (the demo
// provider approves at once).
type harness struct {
	t      testing.TB
	ws     *Workspace
	clock  *clockwork.FakeClock
	cfg    *config.Config
	store  keyring.SecretStore
	issuer string

	gate *demoidptest.RefreshGate // counts, holds and fails the provider's refreshes
	// faults makes the provider misbehave (demoidptest.Faults); keys sign its tokens.
	faults *demoidptest.Handler
	keys   *demoidptest.Keys

	mu    sync.Mutex // guards snaps
	snaps []Snapshot // every snapshot delivered, in order (none with unrecorded)

	unrecorded bool // withoutRecording: benchmarks keep no snapshots

	hookMu    sync.Mutex
	tokenHook http.Handler // when set, answers the token endpoint in the provider's place (refused_test.go)
}

type harnessOpt func(*harness, *Deps)

func withStore(s keyring.SecretStore) harnessOpt { return func(_ *harness, d *Deps) { d.Secrets = s } }

func withConfig(cfg *config.Config) harnessOpt {
	return func(h *harness, d *Deps) { h.cfg, d.Config = cfg, cfg }
}

// withoutRecording keeps no delivered snapshot (h.delivered stays empty),
// so that a benchmark's heap holds only what the workspace keeps.
func withoutRecording() harnessOpt { return func(h *harness, _ *Deps) { h.unrecorded = true } }

func newHarness(t testing.TB, opts ...harnessOpt) *harness {
	t.Helper()
	h := &harness{t: t, clock: clockwork.NewFakeClockAt(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))}
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	h.keys = keys
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, Now: h.clock.Now, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	h.faults = demoidptest.Wrap(idp.Handler())
	h.gate = demoidptest.NewRefreshGate(h.faults)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hookMu.Lock()
		hook := h.tokenHook
		h.hookMu.Unlock()
		if hook != nil && r.URL.Path == "/token" {
			hook.ServeHTTP(w, r)
			return
		}
		h.gate.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	h.issuer = srv.URL
	cfg, err := config.LoadConfig(filepath.Join(t.TempDir(), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	h.cfg = cfg
	browser := func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	d := Deps{
		Config: cfg,
		Clock:  h.clock,
		Providers: func(ctx context.Context, p auth.Profile) (*oidc.Provider, error) {
			if p.Demo {
				p.Issuer = srv.URL
			}
			return oidc.NewProvider(ctx, p, oidc.Env{HTTP: &http.Client{Timeout: 10 * time.Second}, Now: h.clock.Now, Open: browser})
		},
	}
	for _, o := range opts {
		o(h, &d)
	}
	h.store = d.Secrets
	h.ws = New(d)
	h.ws.Subscribe(func(s Snapshot) {
		if h.unrecorded {
			return
		}
		h.mu.Lock()
		h.snaps = append(h.snaps, s)
		h.mu.Unlock()
	})
	t.Cleanup(func() {
		h.unblock()
		h.ws.Close()
	})
	return h
}

func (h *harness) holdRefreshes()           { h.gate.Hold() }
func (h *harness) unblock()                 { h.gate.Release() }
func (h *harness) failRefreshes(how string) { h.gate.Fail(how) }
func (h *harness) refreshes() int           { return h.gate.Count() }

// reopen is the app started again: a new workspace over the harness's
// config file, clock and provider, with store as its keyring. It is
// closed when the test ends.
func (h *harness) reopen(store keyring.SecretStore) *Workspace {
	h.t.Helper()
	cfg, err := config.LoadConfig(h.cfg.Path())
	if err != nil {
		h.t.Fatal(err)
	}
	ws := New(Deps{Config: cfg, Secrets: store, Clock: h.clock, Providers: h.ws.deps.Providers})
	h.t.Cleanup(ws.Close)
	return ws
}

// advance moves the clock and waits for what became due.
func (h *harness) advance(d time.Duration) {
	h.clock.Advance(d)
	h.ws.Wait()
}

// waitRefreshes waits until the provider has received n refresh requests.
func (h *harness) waitRefreshes(n int) {
	h.t.Helper()
	if !h.gate.WaitCount(n, 10*time.Second, nil) {
		h.t.Fatalf("the provider saw %d refresh requests; want %d", h.refreshes(), n)
	}
}

func (h *harness) snap(profile string) Snapshot {
	h.t.Helper()
	s, ok := h.ws.Snapshot(profile)
	if !ok {
		h.t.Fatalf("no profile %q", profile)
	}
	return s
}

// login logs the profile in and returns its snapshot.
func (h *harness) login(profile string) Snapshot {
	h.t.Helper()
	id := h.ws.Login(profile)
	h.ws.Wait()
	s := h.snap(profile)
	if !s.LastOp.Answers(id) || !s.LastOp.OK() || s.Tokens == nil {
		h.t.Fatalf("login of %s: last op %+v", profile, s.LastOp)
	}
	return s
}

// refresh refreshes the profile by hand and returns its snapshot.
func (h *harness) refresh(profile string) Snapshot {
	h.t.Helper()
	id := h.ws.Refresh(profile, Manual)
	h.ws.Wait()
	s := h.snap(profile)
	if !s.LastOp.Answers(id) {
		h.t.Fatalf("refresh of %s: last op %+v is not %d", profile, s.LastOp, id)
	}
	return s
}

// delivered returns the snapshots delivered so far.
func (h *harness) delivered() []Snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Snapshot(nil), h.snaps...)
}

// addProfile saves a second demo profile named name.
func (h *harness) addProfile(name string) {
	h.t.Helper()
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = name, false
	if _, err := h.ws.SaveProfile("", p); err != nil {
		h.t.Fatal(err)
	}
	h.ws.Wait()
}
