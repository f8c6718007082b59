package ui

// The Trace view: the HTTP exchanges of the profile's latest operation (or
// all it kept), newest first, secrets already redacted by the workspace's
// recorder; one selected shows its details; Save as HAR… writes them.

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/trace"
	"github.com/tokeninspector/tokeninspector/internal/version"
)

// traceView lists a profile's recorded exchanges.
type traceView struct {
	all     *widget.Check // every exchange kept, not only the latest operation's
	summary *widget.Label
	list    *widget.List
	detail  *widget.Label
	save    *widget.Button
	root    fyne.CanvasObject

	entries  []trace.Entry // what the snapshot holds, oldest first
	rows     []trace.Entry // what the list shows, newest first
	selected int           // index in rows; -1 for none
}

func newTraceView(onSave func()) *traceView {
	v := &traceView{selected: -1}
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.all = widget.NewCheck("All requests kept (not only the latest operation's)", func(bool) { v.redraw() })
	v.list = widget.NewList(func() int { return len(v.rows) },
		func() fyne.CanvasObject {
			return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(v.rows) {
				o.(*widget.Label).SetText(traceRow(v.rows[i]))
			}
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		v.selected = i
		v.showDetail()
	}
	v.detail = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	v.detail.Wrapping = fyne.TextWrapBreak
	v.save = widget.NewButton("Save as HAR…", onSave)
	top := container.NewVBox(widget.NewLabelWithStyle("Trace", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.summary, container.NewHBox(v.all, v.save))
	split := container.NewVSplit(v.list, container.NewVScroll(v.detail))
	split.Offset = 0.35
	v.root = container.NewBorder(top, nil, nil, nil, split)
	v.redraw()
	return v
}

// set shows entries (a snapshot's Trace), keeping the selection's row
// when the list did not change.
func (v *traceView) set(entries []trace.Entry) {
	if len(entries) == len(v.entries) && (len(entries) == 0 || &entries[0] == &v.entries[0]) {
		return // the same log
	}
	v.entries = entries
	v.redraw()
}

// redraw fills the list from the entries and the All check.
func (v *traceView) redraw() {
	if v.all.Checked {
		v.rows = make([]trace.Entry, 0, len(v.entries))
		for i := len(v.entries) - 1; i >= 0; i-- {
			v.rows = append(v.rows, v.entries[i])
		}
	} else {
		v.rows = trace.LatestRun(v.entries)
	}
	switch {
	case len(v.entries) == 0:
		v.summary.SetText("No request recorded yet. Every exchange of this profile with its provider and APIs — discovery, keys, registration, PAR, the authorization URL and the redirect received, token, userinfo, introspection, revocation, Try it — is listed here with its timings; secrets are redacted as they are recorded (tokens as sha256 fingerprints, matching the History).")
	case v.all.Checked:
		v.summary.SetText(fmt.Sprintf("%s kept for this profile, newest first.", requests(len(v.rows))))
	default:
		op := cmp.Or(v.rows[0].Op, "the latest operation")
		v.summary.SetText(fmt.Sprintf("%s of the latest %s, newest first.", requests(len(v.rows)), op))
	}
	if len(v.entries) == 0 {
		v.save.Disable()
	} else {
		v.save.Enable()
	}
	v.list.UnselectAll()
	v.selected = -1
	v.list.Refresh()
	if len(v.rows) > 0 {
		v.list.Select(0)
	} else {
		v.detail.SetText("")
	}
}

// traceRow is an entry's line in the list.
func traceRow(e trace.Entry) string {
	status := fmt.Sprint(e.Status)
	switch {
	case e.Kind == trace.KindBrowser:
		status = "→ browser"
	case e.Status == 0:
		status = "no answer"
	}
	where := e.URL
	if u, err := url.Parse(e.URL); err == nil {
		where = u.Host + u.Path
	}
	return fmt.Sprintf("%s  %-10s %-6s %-9s %7s  %s", e.Started.Format("15:04:05"), cmp.Or(e.Op, "—"), e.Method, status, roundMS(e.Timings.Total()), where)
}

// showDetail shows the selected entry.
func (v *traceView) showDetail() {
	if v.selected < 0 || v.selected >= len(v.rows) {
		v.detail.SetText("")
		return
	}
	v.detail.SetText(traceDetail(v.rows[v.selected]))
}

// traceDetail is everything an entry holds, as text.
func traceDetail(e trace.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", e.Method, e.URL)
	fmt.Fprintf(&b, "started %s · operation %s · %s\n", e.Started.Format("2006-01-02 15:04:05.000 MST"), cmp.Or(e.Op, "—"), e.Kind)
	if e.Comment != "" {
		b.WriteString(e.Comment + "\n")
	}
	b.WriteString("\n── request headers\n")
	writeHeaders(&b, e.Request.Header)
	writeBody(&b, "request", e.Request)
	switch {
	case e.Err != "":
		b.WriteString("\n── no answer: " + e.Err + "\n")
	case e.Kind != trace.KindBrowser:
		fmt.Fprintf(&b, "\n── answer: %d %s\n", e.Status, e.StatusText)
		writeHeaders(&b, e.Response.Header)
		writeBody(&b, "answer", e.Response)
	}
	t := e.Timings
	if e.Kind == trace.KindRequest {
		fmt.Fprintf(&b, "\n── timings: blocked %s · dns %s · connect %s · tls %s · send %s · wait %s · receive %s · total %s\n",
			phase(t.Blocked), phase(t.DNS), phase(t.Connect), phase(t.SSL), phase(t.Send), phase(t.Wait), phase(t.Receive), roundMS(t.Total()))
	}
	return b.String()
}

// phase is one phase's time, "—" when it did not happen.
func phase(d time.Duration) string {
	if d < 0 {
		return "—"
	}
	return roundMS(d)
}

func writeHeaders(b *strings.Builder, hs []trace.Header) {
	if len(hs) == 0 {
		b.WriteString("(none)\n")
	}
	for _, h := range hs {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
}

func writeBody(b *strings.Builder, what string, m trace.Message) {
	switch {
	case m.Binary:
		fmt.Fprintf(b, "── %s body: %d bytes, not text\n", what, m.BodySize)
	case m.Body != "":
		fmt.Fprintf(b, "── %s body (%s)\n%s\n", what, cmp.Or(m.MediaType, "no Content-Type"), readableBody(m))
		if m.Truncated {
			fmt.Fprintf(b, "… (only the first %d bytes kept)\n", trace.MaxBody)
		}
	}
}

// onSaveTrace asks where to save the selected profile's trace as HAR.
func (u *UI) onSaveTrace() {
	name := u.profile
	entries := u.snaps[name].Trace
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.status.failure(fmt.Errorf("save trace: %w", err), false, false)
			return
		}
		if w != nil {
			u.saveTrace(name, entries, w)
		}
	}, u.win)
	d.SetFileName(name + ".har")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".har"}))
	d.Show()
}

// saveTrace writes entries to w as HAR 1.2 off the UI goroutine and says
// how it went.
func (u *UI) saveTrace(profile string, entries []trace.Entry, w io.WriteCloser) {
	where := "the file"
	if uw, ok := w.(fyne.URIWriteCloser); ok {
		where = uw.URI().Path()
	}
	go func() {
		err := trace.WriteHAR(w, entries, "Token Inspector", version.String())
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		u.deps.Do(func() {
			if err != nil {
				u.status.failure(fmt.Errorf("save the trace of %s: %w", profile, err), false, false)
				return
			}
			u.status.success(fmt.Sprintf("Saved %d requests of %s to %s (HAR 1.2, secrets redacted).", len(entries), profile, where))
		})
	}()
}

// readableBody is a form body one parameter a line, decoded (the
// redaction marks readable); other bodies as they are.
func readableBody(m trace.Message) string {
	if !strings.HasPrefix(m.MediaType, "application/x-www-form-urlencoded") || m.Truncated {
		return m.Body
	}
	var lines []string
	for _, p := range strings.Split(m.Body, "&") {
		k, v, _ := strings.Cut(p, "=")
		name, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return m.Body
		}
		lines = append(lines, name+"="+val)
	}
	return strings.Join(lines, "\n")
}

// requests is "1 request" or "N requests".
func requests(n int) string {
	if n == 1 {
		return "1 request"
	}
	return fmt.Sprintf("%d requests", n)
}
