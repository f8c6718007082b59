package ui

// The selected profile, the profile list, and snapshots as they arrive.

import (
	"slices"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// initialProfile is the profile to select first.
func (u *UI) initialProfile() string {
	if u.deps.Profile != "" {
		return u.deps.Profile
	}
	return auth.DemoProfileName
}

// loadProfiles refreshes the profile list and selects name (the first
// profile when there is no such one).
func (u *UI) loadProfiles(name string) {
	ps := u.ws.Profiles()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	u.bar.profileSelect.Options = names
	u.profiles.setProfiles(names)
	if !slices.Contains(names, name) && len(names) > 0 {
		name = names[0]
	}
	u.bar.profileSelect.Refresh()
	if u.bar.profileSelect.Selected == name {
		u.onProfileSelected(name)
		return
	}
	u.bar.profileSelect.SetSelected(name) // calls onProfileSelected
}

func (u *UI) onProfileSelected(name string) {
	if s, ok := u.ws.Snapshot(name); ok && s.Seq > u.snaps[name].Seq {
		u.snaps[name] = s
	}
	u.profile = name
	u.status.switchTo(name) // each profile has its own status line
	u.win.SetTitle("Token Inspector — " + name)
	u.draw()
	if u.views.compare != nil {
		u.views.compare.refreshSources()
	} // the history entries offered are this profile's
	s := u.current()
	if s.State == workspace.LoggingIn && s.Prompt != nil {
		u.showPrompt(s)
		return
	}
	u.status.endWait() // the panel belonged to another profile's login
	if u.seen[name] != s.LastOp {
		u.report(s)
	}
}

// onSnapshot takes a snapshot from the workspace: it is kept, drawn when
// its profile is selected, and its last operation reported once.
func (u *UI) onSnapshot(s workspace.Snapshot) {
	name := s.Profile.Name
	if s.Deleted {
		delete(u.snaps, name)
		if _, ok := u.ws.Snapshot(name); !ok {
			u.loadProfiles(u.profile)
		}
		if r := s.LastOp; r != nil && r.Kind == workspace.OpDelete && u.seen[name] != r {
			u.report(s) // after loadProfiles, so what the next profile says comes first
		}
		return
	}
	if s.Seq <= u.snaps[name].Seq && u.snaps[name].Generation == s.Generation && u.snaps[name].Profile.Name == name {
		return // an older one than we have
	}
	u.snaps[name] = s
	u.raiseOnLogin(s)
	if u.views.compare != nil {
		u.views.compare.refreshSources()
	}
	if !slices.Contains(u.bar.profileSelect.Options, name) {
		u.loadProfiles(u.profile) // a profile added elsewhere (or renamed)
	}
	if name != u.profile {
		u.profiles.draw(u.snaps, u.profile, u.deps.Now(), u.views.skew)
		return
	}
	u.draw()
	switch {
	case s.State == workspace.LoggingIn:
		u.showPrompt(s)
	case u.seen[name] != s.LastOp:
		u.report(s)
	default:
		u.status.endWait()
	}
}

// raiseOnLogin brings the window in front of the browser once per login
// whose tokens arrived, whichever profile it was for.
func (u *UI) raiseOnLogin(s workspace.Snapshot) {
	r := s.LastOp
	if r == nil || r.Kind != workspace.OpLogin || !r.OK() || u.raised[s.Profile.Name] == r {
		return
	}
	u.raised[s.Profile.Name] = r
	u.raise()
}

func (u *UI) onDecodeTab() {
	u.views.tabs.Select(u.views.tabDecode)
	u.win.Canvas().Focus(u.decodeView().input)
}
