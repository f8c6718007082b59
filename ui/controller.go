package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tokeninspector/tokeninspector/auth"
)

// background runs f off the UI goroutine; tests wait for it with waitJobs.
func (u *UI) background(f func()) {
	u.jobs.Add(1)
	go func() {
		defer u.jobs.Done()
		f()
	}()
}

// do runs f on the Fyne goroutine. The lock only matters under Fyne's test
// driver, which runs f at once on the calling goroutine: it keeps two
// background jobs from touching widgets at the same time.
func (u *UI) do(f func()) {
	fyne.Do(func() {
		u.serial.Lock()
		defer u.serial.Unlock()
		f()
	})
}

// waitJobs blocks until background work has finished (tests only).
func (u *UI) waitJobs() { u.jobs.Wait() }

// initialProfile is the profile to select first.
func (u *UI) initialProfile() string {
	switch {
	case u.deps.AdHoc != nil:
		return u.deps.AdHoc.Name
	case u.deps.Profile != "":
		return u.deps.Profile
	case u.deps.Config != nil && u.deps.Config.DefaultProfile != "":
		return u.deps.Config.DefaultProfile
	}
	return auth.DemoProfileName
}

// loadProfiles refreshes the profile list and selects name.
func (u *UI) loadProfiles(name string) {
	if u.deps.Config != nil {
		u.profiles = u.deps.Config.All()
	} else {
		u.profiles = auth.BuiltinProfiles()
	}
	if a := u.deps.AdHoc; a != nil {
		i := slices.IndexFunc(u.profiles, func(p auth.Profile) bool { return p.Name == a.Name })
		if i >= 0 {
			u.profiles[i] = a.Clone()
		} else {
			u.profiles = append(u.profiles, a.Clone())
		}
	}
	names := make([]string, len(u.profiles))
	for i, p := range u.profiles {
		names[i] = p.Name
	}
	u.profileSelect.Options = names
	if _, ok := u.findProfile(name); !ok {
		name = names[0]
	}
	u.profileSelect.SetSelected(name) // calls onProfileSelected
}

func (u *UI) findProfile(name string) (auth.Profile, bool) {
	for _, p := range u.profiles {
		if p.Name == name {
			return p, true
		}
	}
	return auth.Profile{}, false
}

func (u *UI) onProfileSelected(name string) {
	p, ok := u.findProfile(name)
	if !ok {
		return
	}
	if u.loginCancel != nil && u.profile.Name != name {
		u.onCancelLogin()
	}
	u.profile = p
	u.win.SetTitle("Token Inspector — " + name)
	u.profileRemember(p)
	u.showSession()
}

// session returns the current profile's session, or nil before its first login.
func (u *UI) session() *auth.Session { return u.sessions[u.profile.Name] }

func (u *UI) current() *auth.TokenSet {
	if s := u.session(); s != nil {
		return s.Current()
	}
	return nil
}

// onLogin starts a browser login for the selected profile.
func (u *UI) onLogin() {
	if u.loginCancel != nil {
		return // one login at a time
	}
	p := u.profile
	ctx, cancel := context.WithCancel(context.Background())
	u.loginCancel = cancel
	u.status.waiting("Preparing the login…", "")
	u.setBusy()
	existing := u.session()
	u.background(func() {
		defer cancel()
		s := existing
		if s == nil || !sameProfile(s.Provider().Profile(), p) {
			pr, err := u.deps.Providers(ctx, p)
			if err != nil {
				u.do(func() { u.loginDone(p.Name, nil, fmt.Errorf("login: %w", err)) })
				return
			}
			s = auth.NewSession(pr)
			u.attachStore(s, p)
		}
		_, err := s.Login(ctx, auth.LoginOptions{
			OnURL: func(url string) {
				u.do(func() { u.status.waiting("Waiting for the browser — finish signing in there.", url) })
			},
			OnOpenError: func(e *auth.OpenBrowserError) {
				u.do(func() {
					u.status.waiting("The browser did not open ("+e.Err.Error()+"). Copy the URL into a browser:", e.URL)
				})
			},
		})
		u.do(func() { u.loginDone(p.Name, s, err) })
	})
}

// loginDone runs on the UI goroutine when a login ends.
func (u *UI) loginDone(profile string, s *auth.Session, err error) {
	u.loginCancel = nil
	if err == nil && s != nil {
		u.sessions[profile] = s
	}
	if profile != u.profile.Name {
		u.setBusy()
		return
	}
	switch {
	case errors.Is(err, context.Canceled):
		u.status.info("Login cancelled.")
	case err != nil:
		u.status.failure(err, false, u.current() != nil)
	default:
		ts := s.Current()
		u.reportStored(s, fmt.Sprintf("Logged in %s · %s", loggedInAs(ts), u.deps.Now().Format("15:04:05")))
		u.tabs.Select(u.tabAccess)
	}
	u.showSession()
}

// onCancelLogin stops a waiting login.
func (u *UI) onCancelLogin() {
	if u.loginCancel != nil {
		u.loginCancel()
	}
}

// onRefresh runs the refresh_token grant and copies the new bearer; a click
// while one runs does nothing.
func (u *UI) onRefresh() { u.startRefresh(true) }

// startRefresh runs the refresh in the background. manual is false for
// auto-refresh, which leaves the clipboard alone.
func (u *UI) startRefresh(manual bool) {
	s := u.session()
	if s == nil || s.Current() == nil {
		u.status.info("Log in first (Ctrl+L): there is nothing to refresh.")
		return
	}
	if u.refreshing {
		return
	}
	old := s.Current()
	u.refreshing = true
	u.setBusy()
	u.status.info("Refreshing…")
	profile := u.profile.Name
	u.background(func() {
		ts, err := s.Refresh(context.Background())
		u.do(func() { u.refreshDone(profile, old, ts, err, manual) })
	})
}

func (u *UI) refreshDone(profile string, old, ts *auth.TokenSet, err error, manual bool) {
	u.refreshing = false
	if !manual {
		u.autoResult(err)
	}
	if profile != u.profile.Name {
		u.setBusy()
		return
	}
	if err != nil {
		u.status.failure(err, auth.NeedsLogin(err), true)
		u.showSession()
		return
	}
	if manual {
		u.deps.Clipboard.SetContent(ts.Bearer())
	}
	msg := refreshSummary(old, ts, u.deps.Now(), manual)
	if !manual {
		msg = "Auto-r" + msg[1:]
	}
	u.reportStored(u.session(), msg)
	u.showSession()
}

// refreshSummary says what rotated, for the status line.
func refreshSummary(old, ts *auth.TokenSet, now time.Time, copied bool) string {
	parts := []string{"Refreshed " + now.Format("15:04:05")}
	if copied {
		parts = append(parts, "Bearer copied")
	}
	if a, b := old.Access.JTI, ts.Access.JTI; b != "" {
		parts = append(parts, "access "+short(a)+" → "+short(b))
	}
	switch {
	case ts.RefreshKept:
		parts = append(parts, "no new refresh token: the old one was kept")
	case ts.RefreshRotated:
		parts = append(parts, "refresh token rotated ("+short(old.Refresh.JTI)+" → "+short(ts.Refresh.JTI)+")")
	default:
		parts = append(parts, "the same refresh token came back (no rotation)")
	}
	if ts.IDKept {
		parts = append(parts, "no new ID token: the login's is shown")
	}
	return strings.Join(parts, " · ")
}

// short abbreviates an id to its first 8 characters.
func short(id string) string {
	if id == "" {
		return "?"
	}
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func loggedInAs(ts *auth.TokenSet) string {
	for _, d := range []auth.Decoded{ts.ID, ts.Access} {
		for _, c := range []string{"email", "preferred_username", "sub"} {
			if f, ok := d.Claim(c); ok {
				if s, ok := f.Value.(string); ok && s != "" {
					return "as " + s
				}
			}
		}
	}
	return ""
}

// onCopyBearer copies "Bearer <access token>".
func (u *UI) onCopyBearer() { u.copyAccess("Bearer ", "Bearer token") }

// onCopyRefreshToken copies the raw refresh token (for Postman's refresh flow).
func (u *UI) onCopyRefreshToken() {
	ts := u.current()
	if ts == nil || ts.RefreshToken == "" {
		u.status.info("No refresh token to copy.")
		return
	}
	u.copyText(ts.RefreshToken, "refresh token")
}

// copyAccess copies prefix + access token.
func (u *UI) copyAccess(prefix, what string) {
	if ts := u.accessSet(); ts != nil {
		u.copyText(prefix+ts.AccessToken, what)
	}
}

// onCopyCurl copies a curl command calling the provider's userinfo
// endpoint (or a placeholder URL) with the access token.
func (u *UI) onCopyCurl() {
	ts := u.accessSet()
	if ts == nil {
		return
	}
	target := "https://api.example.com/"
	if s := u.session(); s != nil && s.Provider().Endpoints().UserinfoURL != "" {
		target = s.Provider().Endpoints().UserinfoURL
	}
	u.copyText("curl -H 'Authorization: Bearer "+ts.AccessToken+"' "+target, "curl command")
}

// accessSet is the current token set when it has an access token; otherwise
// it says so and returns nil.
func (u *UI) accessSet() *auth.TokenSet {
	ts := u.current()
	if ts == nil || ts.AccessToken == "" {
		u.status.info("No access token yet — log in first (Ctrl+L).")
		return nil
	}
	return ts
}

// copyText puts text on the clipboard and says what was copied (never the value).
func (u *UI) copyText(text, what string) {
	u.deps.Clipboard.SetContent(text)
	u.status.info("Copied " + what + " to the clipboard.")
}

func (u *UI) onDecodeTab() {
	u.tabs.Select(u.tabDecode)
	u.win.Canvas().Focus(u.decode.input)
}

// setBusy enables the buttons that make sense now.
func (u *UI) setBusy() {
	ts := u.current()
	enable(u.login, u.loginCancel == nil)
	enable(u.refresh, ts != nil && !u.refreshing && ts.RefreshToken != "")
	enable(u.copyBearer, ts != nil && ts.AccessToken != "")
}

func enable(b interface {
	Enable()
	Disable()
}, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// showSession fills every view from the current profile's tokens.
func (u *UI) showSession() {
	u.setBusy()
	ts := u.current()
	now := u.deps.Now()
	if ts == nil {
		hint := "Press Log in (Ctrl+L) — a browser window opens and you sign in there."
		if u.profile.Demo {
			hint += "\nThe demo profile uses the built-in demo provider: no account needed."
		}
		u.access.setEmpty(hint)
		u.refreshTok.setEmpty("No refresh token yet.")
		u.id.setEmpty("No ID token yet.")
		u.response.set(nil)
		u.history.set(u.sessionHistory())
		u.Tick(now)
		return
	}
	links := linkNotes(ts)
	if restored(ts) {
		u.access.setEmpty("Session restored from the keyring: no access token yet.\nPress Refresh (Ctrl+R) to get new tokens.")
		links["refresh"] = nil // no access token to link to yet
	} else {
		u.access.set(accessForCountdown(ts), links["access"], now)
	}
	if ts.RefreshToken != "" {
		u.refreshTok.set(ts.Refresh, links["refresh"], now)
	} else {
		u.refreshTok.setEmpty("The provider sent no refresh token (ask for offline_access?).")
	}
	if ts.IDToken != "" {
		u.id.set(ts.ID, links["id"], now)
	} else if restored(ts) {
		u.id.setEmpty("No ID token yet: press Refresh (Ctrl+R).")
	} else {
		u.id.setEmpty("No ID token (the openid scope was not granted).")
	}
	if restored(ts) {
		u.response.set(nil)
	} else {
		u.response.set(ts)
	}
	u.history.set(u.sessionHistory())
	u.verify(ts)
	u.Tick(now)
}

func (u *UI) sessionHistory() []auth.Event {
	if s := u.session(); s != nil {
		return s.History()
	}
	return nil
}

// linkNotes turns auth.LinkTokens into notes per token and claim.
func linkNotes(ts *auth.TokenSet) map[string]map[string]string {
	out := map[string]map[string]string{"access": {}, "refresh": {}, "id": {}}
	for _, l := range auth.LinkTokens(ts.Access, ts.Refresh, ts.ID) {
		mark := "✓"
		if !l.OK {
			mark = "✗ " + l.Detail
		}
		out[l.From][l.Claim] = "= " + l.To + " token " + mark
		if l.To == "access" {
			out["access"]["jti"] = joinNote(out["access"]["jti"], "= "+l.From+" "+l.Claim+" "+mark)
		}
	}
	return out
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// verify checks the three signatures in the background, once per token.
func (u *UI) verify(ts *auth.TokenSet) {
	s := u.session()
	if s == nil {
		return
	}
	views := map[*tokenView]auth.Decoded{u.access: ts.Access}
	if ts.RefreshToken != "" {
		views[u.refreshTok] = ts.Refresh
	}
	if ts.IDToken != "" {
		views[u.id] = ts.ID
	}
	for v, d := range views {
		if d.Format != auth.FormatJWT {
			continue
		}
		if r, ok := u.verified[d.Raw]; ok {
			v.setSignature(r)
			continue
		}
		v, d := v, d
		pr := s.Provider()
		u.background(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			r := pr.Verifier().Verify(ctx, d)
			u.do(func() {
				if len(u.verified) > 64 { // a day of refreshes: keep it small
					clear(u.verified)
				}
				u.verified[d.Raw] = r
				if v.decoded.Raw == d.Raw {
					v.setSignature(r)
					if u.deps.Logf != nil {
						u.deps.Logf("signature of the %s: %s", strings.ToLower(v.title), r.Status)
					}
				}
			})
		})
	}
}

// Tick updates every countdown to now and runs auto-refresh when due.
// One call per second from Run; tests call it with chosen times.
func (u *UI) Tick(now time.Time) {
	for _, t := range []struct {
		v     *tokenView
		item  *navItem
		label string
	}{{u.access, u.tabAccess, "Access"}, {u.refreshTok, u.tabRefresh, "Refresh"}, {u.id, u.tabID, "ID"}} {
		c := t.v.tick(now)
		t.item.showCountdown(t.label, t.v.decoded.Format != "", c)
	}
	u.decode.tick(now)
	u.autoRefresh(now)
}

// autoRefresh refreshes N seconds before the access token expires: once per
// token set, never more often than autoGap, and after a failure again only
// after a growing pause (not at all once the provider said the grant is dead).
func (u *UI) autoRefresh(now time.Time) {
	ts := u.current()
	a := &u.autoRun
	if !u.auto.Checked || ts == nil || u.refreshing || ts.RefreshToken == "" || now.Before(a.next) {
		return
	}
	key := autoKey(ts)
	if a.key == key && (a.fails == 0 || a.dead) {
		return // done for this token set, or the provider refuses it
	}
	exp, ok := ts.Expiry()
	if restored(ts) {
		exp, ok = now, true // no access token yet: due now
	}
	if !ok {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(u.autoSeconds.Text))
	if err != nil || n < 0 {
		n = 30
	}
	lead := time.Duration(n) * time.Second
	if life := exp.Sub(ts.ReceivedAt); life > 0 && lead >= life {
		lead = life / 2 // a lead longer than the lifetime would refresh forever
	}
	if exp.Sub(now) > lead {
		return
	}
	if a.key != key {
		a.key, a.fails, a.dead = key, 0, false
	}
	a.next = now.Add(autoGap)
	u.startRefresh(false)
}

// autoGap is the least time between two automatic refreshes.
const autoGap = 10 * time.Second

// autoState is what auto-refresh remembers between ticks.
type autoState struct {
	key   string    // the token set it last refreshed (autoKey)
	next  time.Time // no attempt before this
	fails int       // failed attempts for key
	dead  bool      // the provider said the grant is dead: stop
}

// autoResult records how an automatic refresh ended: failures back off
// 20 s, 40 s, … up to 5 minutes.
func (u *UI) autoResult(err error) {
	a := &u.autoRun
	switch {
	case err == nil:
		a.fails = 0
	case auth.NeedsLogin(err):
		a.dead = true
	default:
		a.fails++
		a.next = u.deps.Now().Add(min(autoGap<<a.fails, 5*time.Minute))
	}
}

// sameProfile reports whether a session's provider was made from p
// (demo profiles get their issuer filled in, so it is not compared).
func sameProfile(a, b auth.Profile) bool {
	if a.Demo {
		a.Issuer = b.Issuer
	}
	if b.ClientSecret == "" { // the provider got it from the environment
		a.ClientSecret, a.SecretSource = "", ""
	}
	a.Remember = b.Remember
	return reflect.DeepEqual(a, b)
}

// accessForCountdown is the decoded access token, with exp and iat taken
// from expires_in and the time received when the token itself carries none
// (opaque tokens), so its countdown still runs.
func accessForCountdown(ts *auth.TokenSet) auth.Decoded {
	d := ts.Access
	if exp, ok := ts.Expiry(); ok && d.ExpiresAt.IsZero() {
		d.ExpiresAt, d.IssuedAt = exp, ts.ReceivedAt
	}
	return d
}
