package ui

// Login: start, finish and cancel a browser login.

import (
	"context"
	"errors"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

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
