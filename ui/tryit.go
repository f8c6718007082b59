package ui

// The Try it view: a request to an API with the profile's access token
// (workspace.Call), its answer, and what a 401 or 403 means.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// tryItDraft is a profile's Try it form, kept while another profile is
// shown so that switching back finds the request as it was left.
type tryItDraft struct {
	method, url, headers, body, defaultURL string
}

// tryItView is the Try it view of the selected profile.
type tryItView struct {
	method  *widget.Select
	url     *widget.Entry
	headers *widget.Entry // one "Name: value" per line
	body    *widget.Entry
	send    *widget.Button

	status   *widget.Label // HTTP status, time, the token sent
	refusal  *widget.Label // what a 401/403 means
	fix      *widget.Button
	forAPI   *widget.Button // New profile for this API… (it names its metadata, RFC 9728)
	fixes    *fyne.Container
	respHdr  *widget.Label
	respBody *widget.Label
	copyBody *widget.Button
	root     fyne.CanvasObject

	profile    string                // whose form this is
	defaultURL string                // the URL filled in for it
	drafts     map[string]tryItDraft // the other profiles' forms, kept while the window is open
	shown      *workspace.CallResult
	seenOp     *workspace.OpResult // the last operation drawn
	bodyText   string              // the answer's body as shown (pretty JSON), for Copy
	onSend     func(req oidc.CallRequest)
	onFix      func(r *oidc.Refusal, req oidc.CallRequest)
	onForAPI   func(url string)
}

func newTryItView(onSend func(oidc.CallRequest), onFix func(*oidc.Refusal, oidc.CallRequest), onForAPI func(url string), copyText func(text, what string)) *tryItView {
	v := &tryItView{onSend: onSend, onFix: onFix, onForAPI: onForAPI, drafts: map[string]tryItDraft{}}
	v.method = widget.NewSelect(oidc.CallMethods, nil)
	v.method.SetSelected(oidc.CallMethods[0])
	v.url = widget.NewEntry()
	v.url.SetPlaceHolder("https://api.example.com/orders")
	v.url.OnSubmitted = func(string) { v.submit() }
	v.headers = widget.NewMultiLineEntry()
	v.headers.SetPlaceHolder("Accept: application/json\n(one header per line; Authorization is added)")
	v.headers.SetMinRowsVisible(2)
	v.body = widget.NewMultiLineEntry()
	v.body.SetPlaceHolder("request body (JSON bodies are sent as application/json)")
	v.body.SetMinRowsVisible(2)
	v.send = widget.NewButton("Send", v.submit)
	v.send.Importance = widget.HighImportance

	mono := fyne.TextStyle{Monospace: true}
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.refusal = widget.NewLabel("")
	v.refusal.Wrapping = fyne.TextWrapWord
	v.fix = widget.NewButton("", v.applyFix)
	v.forAPI = widget.NewButton("New profile for this API…", func() {
		if v.shown != nil {
			v.onForAPI(v.shown.Request.URL)
		}
	})
	v.fixes = container.NewVBox(v.refusal, container.NewHBox(v.fix, v.forAPI))
	v.fixes.Hide()
	v.respHdr = widget.NewLabelWithStyle("", fyne.TextAlignLeading, mono)
	v.respHdr.Wrapping = fyne.TextWrapBreak
	v.respBody = widget.NewLabelWithStyle("", fyne.TextAlignLeading, mono)
	v.respBody.Wrapping = fyne.TextWrapBreak
	v.copyBody = widget.NewButton("Copy body", func() { copyText(v.bodyText, "the answer's body") })
	v.copyBody.Disable()

	form := widget.NewForm(
		widget.NewFormItem("Request", container.NewBorder(nil, nil, v.method, v.send, v.url)),
		widget.NewFormItem("Headers", v.headers),
		widget.NewFormItem("Body", v.body),
	)
	answer := container.NewVBox(v.status, v.fixes,
		widget.NewLabelWithStyle("Headers", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.respHdr,
		container.NewHBox(widget.NewLabelWithStyle("Body", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.copyBody), v.respBody)
	v.root = container.NewBorder(container.NewVBox(widget.NewLabelWithStyle("Try it", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), form, widget.NewSeparator()),
		nil, nil, nil, container.NewVScroll(answer))
	v.drawAnswer(nil)
	return v
}

// request is the form as a request; err says which header line is wrong.
func (v *tryItView) request() (oidc.CallRequest, error) {
	req := oidc.CallRequest{Method: v.method.Selected, URL: strings.TrimSpace(v.url.Text)}
	for i, line := range strings.Split(v.headers.Text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !req.AddHeaderLine(line) {
			return req, fmt.Errorf("header line %d %q is not 'Name: value'", i+1, line)
		}
	}
	if v.body.Text != "" {
		req.SetBody([]byte(v.body.Text))
	}
	if req.URL == "" {
		return req, fmt.Errorf("enter the URL to call")
	}
	return req, nil
}

func (v *tryItView) submit() {
	req, err := v.request()
	if err != nil {
		v.status.SetText("Not sent: " + err.Error() + ".")
		return
	}
	v.status.SetText("Sending " + req.Method + " " + req.URL + " …")
	v.onSend(req)
}

func (v *tryItView) applyFix() {
	if v.shown == nil || v.shown.Refusal == nil {
		return
	}
	v.onFix(v.shown.Refusal, v.shown.Request)
}

// draw shows the profile's form (as it was left when the profile was
// shown before, else empty; the URL follows the profile's resource until
// edited) and its last answer.
func (v *tryItView) draw(s workspace.Snapshot) {
	def := ""
	switch {
	case len(s.Profile.Resources) > 0:
		def = s.Profile.Resources[0]
	case s.Endpoints.UserinfoURL != "":
		def = s.Endpoints.UserinfoURL
	}
	if v.profile != s.Profile.Name {
		v.switchTo(s.Profile.Name, def)
	}
	if v.url.Text == v.defaultURL && def != v.defaultURL {
		v.url.SetText(def) // not edited: follow the profile
	}
	v.defaultURL = def
	if s.Call != v.shown {
		v.drawAnswer(s.Call)
	}
	if r := s.LastOp; r != v.seenOp {
		v.seenOp = r
		if r != nil && r.Kind == workspace.OpCall && r.Err != nil {
			v.status.SetText("No answer: " + r.Err.Error())
		}
	}
}

// switchTo keeps the shown profile's form as its draft and shows the
// draft of profile name, or an empty form whose URL is def.
func (v *tryItView) switchTo(name, def string) {
	if v.profile != "" {
		v.drafts[v.profile] = tryItDraft{method: v.method.Selected, url: v.url.Text, headers: v.headers.Text, body: v.body.Text, defaultURL: v.defaultURL}
	}
	d, ok := v.drafts[name]
	if !ok {
		d = tryItDraft{method: oidc.CallMethods[0], url: def, defaultURL: def}
	}
	v.profile = name
	v.method.SetSelected(d.method)
	v.headers.SetText(d.headers)
	v.body.SetText(d.body)
	v.url.SetText(d.url)
	v.defaultURL = d.defaultURL
	v.shown = nil
}

// renameDraft follows a profile's rename: its request keeps its place.
func (v *tryItView) renameDraft(old, name string) {
	if v.profile == old {
		v.profile = name
		return
	}
	if d, ok := v.drafts[old]; ok {
		delete(v.drafts, old)
		v.drafts[name] = d
	}
}

// forgetDraft drops a deleted profile's request, so that a new profile of
// the same name starts with an empty form rather than the old headers.
func (v *tryItView) forgetDraft(name string) {
	delete(v.drafts, name)
	if v.profile == name {
		v.profile = "" // shown now: not kept when the next profile is drawn
	}
}

// drawAnswer shows a call's answer, or how to get one.
func (v *tryItView) drawAnswer(c *workspace.CallResult) {
	v.shown = c
	v.fixes.Hide()
	if c == nil {
		v.status.SetText("Send a request to an API with this profile's access token (Bearer, or DPoP with a fresh proof). A token about to expire is refreshed first; without one the request goes without, and the answer shows what the API asks for.")
		v.respHdr.SetText("—")
		v.respBody.SetText("—")
		v.bodyText = ""
		v.copyBody.Disable()
		return
	}
	a := c.Answer
	tok := "no token"
	if c.TokenRef != "" {
		tok = a.Scheme + " token " + c.TokenRef
	}
	if c.Refreshed {
		tok += " (refreshed first)"
	}
	v.status.SetText(fmt.Sprintf("HTTP %d %s · %s · %s %s · %s · %s", a.Status, a.StatusText(), roundMS(a.Time),
		c.Request.EffectiveMethod(), c.Request.URL, tok, c.At.Format("15:04:05")))
	var hdr strings.Builder
	names := make([]string, 0, len(a.Header))
	for k := range a.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, val := range a.Header[k] {
			hdr.WriteString(k + ": " + val + "\n")
		}
	}
	v.respHdr.SetText(strings.TrimRight(hdr.String(), "\n"))
	v.bodyText = answerBody(a)
	v.respBody.SetText(cmp.Or(v.bodyText, "(empty)"))
	if v.bodyText != "" {
		v.copyBody.Enable()
	} else {
		v.copyBody.Disable()
	}
	if r := c.Refusal; r != nil {
		v.refusal.SetText(refusalText(r))
		v.fix.SetText(fixLabel(r))
		if v.fix.Text == "" {
			v.fix.Hide()
		} else {
			v.fix.Show()
		}
		// An API that describes itself (RFC 9728) can be started from:
		// its authorization server found, a client registered, tokens
		// asked for it (RFC 8707).
		if r.ResourceMetadata != "" {
			v.forAPI.Show()
		} else {
			v.forAPI.Hide()
		}
		v.fixes.Show()
	}
}

// refusalText is a refusal's explanation with its error code.
func refusalText(r *oidc.Refusal) string {
	head := "Refused"
	if r.Error != "" {
		head += ": " + r.Error
	}
	return head + ". " + r.Explanation
}

// fixLabel is the button offering r's fix, "" when there is none.
func fixLabel(r *oidc.Refusal) string {
	switch r.Fix {
	case oidc.FixLogin:
		if r.Scope != "" {
			return "Log in with scope " + r.Scope
		}
		return "Log in"
	case oidc.FixRefresh:
		return "Refresh and send again"
	case oidc.FixRetry:
		return "Send again"
	}
	return ""
}

// answerBody is a body as shown: JSON indented, event lines as they came,
// text as it is, other bytes said to be binary.
func answerBody(a *oidc.CallAnswer) string {
	switch {
	case a.Events != nil:
		return strings.Join(a.Events, "\n")
	case a.JSON != nil:
		var b bytes.Buffer
		if json.Indent(&b, a.JSON, "", "  ") == nil {
			return b.String()
		}
	case !isText(a.Body):
		return fmt.Sprintf("(%d bytes of %s, not text)", len(a.Body), cmp.Or(a.MediaType, "binary data"))
	}
	s := string(a.Body)
	if a.Truncated {
		s += fmt.Sprintf("\n… (only the first %d bytes were read)", oidc.MaxCallBody)
	}
	return s
}

// roundMS is d in milliseconds, to a tenth.
func roundMS(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// isText reports whether b is UTF-8 text.
func isText(b []byte) bool { return utf8.Valid(b) }
