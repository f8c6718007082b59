package ui

import (
	"reflect"
	"slices"

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
