package ui

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/jonboulle/clockwork"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// uiThread stands in for the driver's UI goroutine: what the window hands
// to Deps.Do runs when the test says so, on the test's goroutine.
type uiThread struct {
	mu sync.Mutex // guards q
	q  []func()
}

func (t *uiThread) do(f func()) {
	t.mu.Lock()
	t.q = append(t.q, f)
	t.mu.Unlock()
}

// run runs what is queued; it reports whether there was anything.
func (t *uiThread) run() bool {
	t.mu.Lock()
	q := t.q
	t.q = nil
	t.mu.Unlock()
	for _, f := range q {
		f()
	}
	return len(q) > 0
}

// statusLog collects the status lines a window shows (Deps.Logf).
type statusLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *statusLog) logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *statusLog) count(sub string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func (l *statusLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// harness is a window on a workspace wired to a demo provider on httptest,
// a fake clock shared by both, and a browser that follows redirects (the
// demo provider auto-approves).
type harness struct {
	t      testing.TB
	app    fyne.App
	u      *UI
	ws     *workspace.Workspace
	thread *uiThread
	log    *statusLog
	clock  *clockwork.FakeClock
	cfg    *config.Config
	deps   workspace.Deps

	gate *demoidptest.RefreshGate // counts, holds and fails the provider's refreshes
	// authorize serves the authorization endpoint; its faults edit JARM responses.
	authorize *demoidptest.Handler

	mu sync.Mutex // guards what follows
	// holdBrowser keeps the browser from opening login URLs: they wait in
	// heldURLs until openHeld, so a login stays waiting.
	holdBrowser bool
	heldURLs    []string
	// opaque makes the token endpoint answer as Ory Hydra does (hydra.go).
	opaque *opaqueRefresh
	// iss is the demo provider's issuer URL.
	iss string
	// keys sign the demo provider's tokens; tests sign crafted ones with them.
	keys *demoidptest.Keys
	// tokenHook, when set, answers the token endpoint in its place
	// (next is the demo provider).
	tokenHook func(w http.ResponseWriter, r *http.Request, next http.Handler)
}

func newHarness(t testing.TB, store keyring.SecretStore) *harness {
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
	gate := demoidptest.NewRefreshGate(idp.Handler())
	h.gate = gate
	h.authorize = demoidptest.Wrap(idp.Handler()) // SetFaults edits its JARM responses
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		opaque, hook := h.opaque, h.tokenHook
		h.mu.Unlock()
		if hook != nil && r.URL.Path == "/token" {
			hook(w, r, idp.Handler())
			return
		}
		if r.URL.Path == "/authorize" {
			h.authorize.ServeHTTP(w, r)
			return
		}
		if opaque != nil && r.URL.Path == "/token" {
			opaque.serve(w, r, idp.Handler())
			return
		}
		gate.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	h.iss = srv.URL
	cfg, err := config.LoadConfig(filepath.Join(t.TempDir(), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	h.cfg = cfg
	browser := func(u string) error {
		h.mu.Lock()
		if h.holdBrowser {
			h.heldURLs = append(h.heldURLs, u)
			h.mu.Unlock()
			return nil
		}
		h.mu.Unlock()
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	h.deps = workspace.Deps{
		Config:  cfg,
		Clock:   h.clock,
		Secrets: store,
		Providers: func(ctx context.Context, p auth.Profile) (*oidc.Provider, error) {
			if p.Demo {
				p.Issuer = srv.URL
			}
			return oidc.NewProvider(ctx, p, oidc.Env{HTTP: &http.Client{Timeout: 10 * time.Second}, Now: h.clock.Now, Open: browser})
		},
	}
	h.app = test.NewTempApp(t)
	h.start(cfg)
	t.Cleanup(func() {
		h.unblock()
		for _, p := range h.ws.Profiles() {
			h.ws.Cancel(p.Name) // a login left waiting for the browser
		}
		h.settle()
		h.u.win.Close()
		h.ws.Close()
	})
	return h
}

// start opens a window on a new workspace over cfg, as a start of the app
// would; the previous one (if any) is closed first.
func (h *harness) start(cfg *config.Config) {
	if h.u != nil {
		h.settle()
		h.u.win.Close()
		h.ws.Close()
	}
	d := h.deps
	d.Config = cfg
	h.cfg = cfg
	h.ws = workspace.New(d)
	h.thread = &uiThread{}
	h.log = &statusLog{}
	h.u = New(h.app, Deps{Workspace: h.ws, Clipboard: h.app.Clipboard(), Do: h.thread.do, Logf: h.log.logf})
	h.settle()
}

// restart starts the app again with the config read back from its file.
func (h *harness) restart() {
	h.t.Helper()
	cfg, err := config.LoadConfig(h.cfg.Path())
	if err != nil {
		h.t.Fatal(err)
	}
	h.start(cfg)
}

// settle waits until the workspace is idle and the window has drawn
// everything it was handed.
func (h *harness) settle() {
	for {
		h.ws.Wait()
		if !h.thread.run() {
			return
		}
	}
}

// advance moves the shared clock, lets what became due run, and ticks the window.
func (h *harness) advance(d time.Duration) {
	h.clock.Advance(d)
	h.settle()
	h.u.Tick(h.clock.Now())
}

func (h *harness) login() *auth.TokenSet {
	h.t.Helper()
	test.Tap(h.u.bar.login)
	h.settle()
	ts := h.u.tokens()
	if ts == nil {
		h.t.Fatalf("no tokens after login; status: %q", h.u.status.message.Text)
	}
	return ts
}

func (h *harness) clipboard() string { return h.u.deps.Clipboard.Content() }

func (h *harness) holdRefreshes()           { h.gate.Hold() }
func (h *harness) unblock()                 { h.gate.Release() }
func (h *harness) failRefreshes(how string) { h.gate.Fail(how) }
func (h *harness) refreshes() int           { return h.gate.Count() }

// waitRefreshes waits until the provider has received n refresh requests,
// drawing what the window is handed meanwhile.
func (h *harness) waitRefreshes(n int) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.refreshes() < n {
		if time.Now().After(deadline) {
			h.t.Fatalf("the provider saw %d refresh requests; want %d", h.refreshes(), n)
		}
		h.thread.run()
		time.Sleep(time.Millisecond)
	}
	h.caughtUp()
}

// caughtUp draws until the window has the workspace's latest snapshot of
// the selected profile (deliveries run on their own goroutine, so a held
// request can arrive before the window heard of it).
func (h *harness) caughtUp() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.thread.run()
		latest, _ := h.ws.Snapshot(h.u.profile)
		if h.u.current().Seq >= latest.Seq {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("the window never drew snapshot %d of %s", latest.Seq, h.u.profile)
		}
		time.Sleep(time.Millisecond)
	}
}

func statusOf(u *UI) string {
	s := u.status.message.Text
	if u.status.hint.Visible() {
		s += " | " + u.status.hint.Text
	}
	return s
}
