package ui

import "github.com/tokeninspector/tokeninspector/auth/workspace"

// showPrompt shows a waiting login's URL with Copy and Cancel; the same
// prompt is drawn once.
func (u *UI) showPrompt(s workspace.Snapshot) {
	p := workspace.Prompt{}
	if s.Prompt != nil {
		p = *s.Prompt
	}
	if old, ok := u.prompt[s.Profile.Name]; ok && old == p && u.status.cancel.Visible() {
		return
	}
	u.prompt[s.Profile.Name] = p
	if p.Device != nil {
		if u.deps.Logf != nil && u.device.shown != p.Device {
			u.deps.Logf("device login: open %s (user code %s)", p.Device.BrowserURI(), p.Device.UserCode)
		}
		u.device.show(p.Device, p.Poll, u.deps.Now())
		u.status.waiting("Device login: enter the code below on any device.", p.URL)
		return
	}
	switch {
	case s.Prompt == nil:
		u.status.waiting("Preparing the login…", "")
	case p.OpenErr != nil:
		u.status.waiting("The browser did not open ("+p.OpenErr.Error()+"). Copy the URL into a browser:", p.URL)
	default:
		u.status.waiting("Waiting for the browser — finish signing in there.", p.URL)
	}
}
