package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/fromapi"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// New profile from API URL: the URL alone; each step shown as it ends, the
// profile saved (issuer, resource, registered client) and selected, and the
// login started with tokens for that API.
func TestNewProfileFromAPIURL(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfileFromAPI()
	f := h.u.fromAPIOpen
	if f == nil {
		t.Fatal("no dialog")
	}
	api := h.iss + "/api/orders"
	f.url.SetText(api)
	test.Tap(f.start)
	h.settle()
	if h.u.fromAPIOpen != nil {
		t.Fatalf("the dialog stayed open; steps: %s; status %q", stepsText(f), statusOf(h.u))
	}
	for _, s := range fromapi.Steps {
		if l := f.steps[s]; !strings.HasPrefix(l.Text, "✓ "+s+": ") || l.Importance != widget.SuccessImportance {
			t.Errorf("step %s shown as %q", s, l.Text)
		}
	}
	p := h.u.current().Profile
	if p.Name != "demo-orders-api" || p.Issuer != h.iss || !slices.Equal(p.Resources, []string{api}) || !strings.HasPrefix(p.ClientID, "dyn-") {
		t.Fatalf("selected profile %+v", p)
	}
	if !slices.Contains(h.u.bar.profileSelect.Options, p.Name) {
		t.Errorf("the profile list lacks %s", p.Name)
	}
	ts := h.u.tokens()
	if ts == nil {
		t.Fatalf("no login after the chain; status %q", statusOf(h.u))
	}
	if aud, ok := jose.UnverifiedDecode(ts.AccessToken).Claim("aud"); !ok || string(aud.Raw) != `"`+api+`"` {
		t.Errorf("access token aud %s, want %s", aud.Raw, api)
	}
	if saved, ok := h.cfg.Find(p.Name); !ok || !slices.Equal(saved.Resources, []string{api}) {
		t.Errorf("config holds %+v", saved)
	}
	// The chain's requests are the new profile's first trace entries.
	var chain []string
	for _, e := range h.u.current().Trace {
		if e.Op == "from API" {
			chain = append(chain, e.Method+" "+e.URL)
		}
		if b := e.Response.Body; strings.Contains(b, `"client_secret"`) && !strings.Contains(b, `"client_secret":"<redacted: client_secret>"`) {
			t.Errorf("the registration's answer keeps its secret: %s", b)
		}
	}
	if got := strings.Join(chain, "\n"); !strings.Contains(got, "GET "+api) || !strings.Contains(got, "oauth-protected-resource") || !strings.Contains(got, "POST "+h.iss+"/register") {
		t.Errorf("the profile's trace of the chain:\n%s", got)
	}

	// The same API again: a free name, not a clash.
	h.u.onNewProfileFromAPI()
	f2 := h.u.fromAPIOpen
	f2.url.SetText(api)
	test.Tap(f2.start)
	h.settle()
	if got := h.u.current().Profile.Name; got != "demo-orders-api-2" {
		t.Errorf("second profile named %q", got)
	}
}

// A failing step is named in the dialog, which stays open; nothing saved.
func TestNewProfileFromAPIURLFailures(t *testing.T) {
	h := newHarness(t, nil)
	before := len(h.ws.Profiles())
	h.u.onNewProfileFromAPI()
	f := h.u.fromAPIOpen
	f.url.SetText(h.iss + "/api/nothing-here")
	test.Tap(f.start)
	h.settle()
	if h.u.fromAPIOpen == nil {
		t.Fatal("the dialog closed on a failure")
	}
	l := f.steps[fromapi.StepResourceMetadata]
	if !strings.HasPrefix(l.Text, "✗ resource metadata: ") || !strings.Contains(l.Text, "no challenge") || l.Importance != widget.DangerImportance {
		t.Errorf("metadata step shown as %q", l.Text)
	}
	if !strings.Contains(statusOf(h.u), "no protected resource metadata") {
		t.Errorf("status %q", statusOf(h.u))
	}
	if len(h.ws.Profiles()) != before {
		t.Error("a profile was saved after a failure")
	}
	// A name already taken is refused before anything is asked.
	f.url.SetText(h.iss + "/api/orders")
	f.name.SetText("demo")
	test.Tap(f.start)
	h.settle()
	if !strings.Contains(statusOf(h.u), `a profile named "demo" exists already`) {
		t.Errorf("status %q", statusOf(h.u))
	}
}

func stepsText(f *fromAPIDialog) string {
	var out []string
	for _, s := range fromapi.Steps {
		out = append(out, f.steps[s].Text)
	}
	return strings.Join(out, " | ")
}

// The profile list's + opens a menu whose second item is New profile from
// API URL (its first is the form by hand).
func TestNewProfileMenuOffersAPIURL(t *testing.T) {
	h := newHarness(t, nil)
	before := len(h.u.win.Canvas().Overlays().List())
	test.Tap(h.u.bar.newProfile)
	if len(h.u.win.Canvas().Overlays().List()) != before+1 {
		t.Fatal("+ shows no menu")
	}
	m := h.u.newProfileMenu()
	if len(m.Items) != 2 || m.Items[0].Label != "New profile…" || m.Items[1].Label != "New profile from API URL…" {
		t.Fatalf("menu items %v", m.Items)
	}
	m.Items[1].Action()
	if h.u.fromAPIOpen == nil {
		t.Fatal("the second item did not open New profile from API URL")
	}
}

// Started with --resource URL and no provider, the window opens New
// profile from API URL with the URL filled in.
func TestWindowStartsFromAPIURL(t *testing.T) {
	h := newHarness(t, nil)
	api := h.iss + "/api/inventory"
	u := New(h.app, Deps{Workspace: h.ws, Clipboard: h.app.Clipboard(), Do: h.thread.do, FromAPIURL: api})
	defer u.win.Close()
	if u.fromAPIOpen == nil || u.fromAPIOpen.url.Text != api {
		t.Fatalf("no New profile from API URL dialog with %s", api)
	}
}
