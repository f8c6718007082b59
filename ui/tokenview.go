package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/workspace"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tokenView shows one token: format, signature status, live countdown with
// a lifetime bar, the claims table in token order, and copy buttons.
type tokenView struct {
	title string
	copy  func(text, what string) // puts text on the clipboard and says so

	decoded   jose.Decoded
	rows      []claimRow // the rows shown (filtered)
	allRows   []claimRow
	dict      jose.ClaimDictionary // the profile's preset's claims (nil: registered ones)
	claims    *claimBar
	sigLogged string     // the token whose signature result was last logged
	linkSet   tokenLinks // the links shown, to redraw the token with a better expiry
	// skew is the clock skew allowance: a token expired this recently
	// reads "within the allowance" (settings.go).
	skew time.Duration

	tokenHeader
	checks *checksView
	tokenLife
	tokenNotes
	table   *claimTable
	actions *fyne.Container
	// response, when set, says the view shows an endpoint's JSON answer,
	// not a token ("response · HTTP 200 · GET URL"): no signature, no
	// lifetime, Copy JSON (answerSpec.response).
	response string
	copyRaw  *widget.Button
	lifeRow  *fyne.Container
	// details folds the links and server lines; detailsOpen is whether
	// they show (closed at first).
	details     *widget.Button
	detailsOpen bool
	empty       *widget.Label
	top         *fyne.Container // the header block above the claims
	body        *fyne.Container
	root        *fyne.Container
}

// tokenHeader is a token view's first line: its title, format and
// signature check.
type tokenHeader struct {
	heading   *widget.Label
	format    *widget.Label
	signature *widget.Label
	sigIcon   *widget.Icon
}

// tokenLife is a token view's countdown line: time left, the expiry and
// a bar of the lifetime used.
type tokenLife struct {
	countdown *liveText
	expiresAt *widget.Label
	lifetime  *lifetimeBar
	json      *jsonView // the encoded token and its JSON, beside the claims
}

// tokenNotes are the lines under a token's header, each hidden when it has
// nothing to say.
type tokenNotes struct {
	problems *widget.Label // what the decoder found wrong
	links    *widget.Label // how the token links to the others of its response
	server   *widget.Label // what the provider's endpoints said of the token
	// hasLinks and hasServer say whether links and server have something
	// to say (they show only while Details is open).
	hasLinks, hasServer bool
}

// newTokenView builds an empty view; extra buttons go after "Copy token".
func newTokenView(title string, copy func(text, what string), extra ...*widget.Button) *tokenView {
	v := &tokenView{title: title, copy: copy}
	v.heading = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.format = widget.NewLabel("")
	v.format.Truncation = fyne.TextTruncateEllipsis // shares its line with the signature
	v.signature = widget.NewLabel("")
	v.signature.Truncation = fyne.TextTruncateEllipsis
	v.sigIcon = widget.NewIcon(nil)
	v.checks = newChecksView()
	v.countdown = newLiveText(fyne.TextStyle{Bold: true}, theme.SizeNameText)
	v.expiresAt = widget.NewLabel("")
	v.lifetime = newLifetimeBar()
	v.problems = widget.NewLabel("")
	v.problems.Importance = widget.WarningImportance
	v.problems.Wrapping = fyne.TextWrapWord
	v.problems.Hide()
	v.links = widget.NewLabel("")
	v.links.Hide()
	v.server = widget.NewLabel("")
	v.server.Wrapping = fyne.TextWrapWord
	v.server.Hide()
	v.table = v.newTable()
	v.claims = newClaimBar(v)
	v.copyRaw = widget.NewButtonWithIcon("Copy token", theme.ContentCopyIcon(), func() {
		switch {
		case v.decoded.Raw == "":
		case v.response != "":
			v.copy(v.decoded.Raw, strings.ToLower(v.title)+" JSON")
		default:
			v.copy(v.decoded.Raw, strings.ToLower(v.title))
		}
	})
	objs := []fyne.CanvasObject{v.copyRaw}
	for _, b := range extra {
		objs = append(objs, b)
	}
	v.actions = container.NewHBox(objs...)
	v.empty = widget.NewLabel("")
	v.expiresAt.Truncation = fyne.TextTruncateEllipsis
	v.lifeRow = container.NewBorder(nil, nil, v.countdown, nil,
		container.New(shareLine{want: func() float32 { return textWidth(v.expiresAt) }, last: true}, v.lifetime, v.expiresAt))
	// The header is kept short so the claims keep the room: the checks'
	// summary and the lifetime share one line, the links to the other
	// tokens and what the provider said of it fold under Details; the
	// failing checks and the decoder's problems always show.
	v.details = widget.NewButtonWithIcon("Details", theme.MenuExpandIcon(), func() {
		v.detailsOpen = !v.detailsOpen
		v.showDetails()
	})
	v.details.Importance = widget.LowImportance
	v.details.Hide()
	v.top = container.NewVBox(
		container.NewBorder(nil, nil, v.heading, v.details,
			container.New(shareLine{want: func() float32 { return textWidth(v.format) }}, v.format, container.NewBorder(nil, nil, v.sigIcon, nil, v.signature))),
		container.New(shareLine{want: v.checks.headWidth}, v.checks.head, v.lifeRow),
		v.checks.root,
		v.problems, v.links, v.server,
	)
	// The claims are the main area; the JSON view beside them shows the
	// token as jwt.io users know it.
	v.json = newJSONView()
	split := container.NewHSplit(v.table, v.json.root)
	split.Offset = 0.68
	v.body = container.NewBorder(v.top, v.actions, nil, nil, container.NewBorder(v.claims.root, nil, nil, nil, split))
	v.root = container.NewStack(v.body, container.NewCenter(v.empty))
	v.setEmpty("Nothing yet.")
	return v
}

func (v *tokenView) newTable() *claimTable {
	t := newClaimTable(
		func() (int, int) { return len(v.rows), 3 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("template value")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(v.rows) {
				l.SetText("")
				return
			}
			r := v.rows[id.Row]
			switch id.Col {
			case 0:
				l.TextStyle = fyne.TextStyle{Bold: true}
				l.SetText(r.Name)
			case 1:
				l.TextStyle = fyne.TextStyle{Monospace: true}
				l.SetText(r.Value)
			default:
				l.TextStyle = fyne.TextStyle{}
				l.SetText(r.Readable)
			}
		})
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText([]string{"Claim", "Value", "Meaning"}[id.Col])
	}
	// Claim 160 (room for nested claims, claimtree.go), Meaning 420; the
	// Value takes the rest of a wide window, at least 330.
	t.fill(1, 330, map[int]float32{0: 160, 2: 420})
	// A click (or Space) selects; copying is asked for: a double-click,
	// Ctrl+C or Copy value (claimBar.copySelected).
	t.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.rows) {
			v.claims.select_(id.Row)
		}
	}
	t.onDoubleTap = func() { v.claims.copySelected() }
	return t
}

// setEmpty hides the token and shows msg instead.
func (v *tokenView) setEmpty(msg string) {
	v.decoded = jose.Decoded{}
	v.rows, v.allRows = nil, nil
	v.checks.set(nil)
	v.empty.SetText(msg)
	v.body.Hide()
	v.empty.Show()
}

// set shows d with what links it to the other tokens of its response.
func (v *tokenView) set(d jose.Decoded, links tokenLinks, now time.Time) {
	v.decoded, v.linkSet = d, links
	v.empty.Hide()
	v.body.Show()
	switch {
	case d.Format == jose.FormatJWT:
		parts := []string{"JWT"}
		for _, s := range []struct{ k, v string }{{"", d.Alg}, {"kid ", d.Kid}, {"typ ", d.Typ}} {
			if s.v != "" {
				parts = append(parts, s.k+s.v)
			}
		}
		v.format.SetText(strings.Join(parts, " · ") + fmt.Sprintf(" · %d chars", d.Length))
	case d.Format == jose.FormatOpaque && d.NotAToken != "":
		v.format.SetText(fmt.Sprintf("not a token · %d chars", d.Length)) // why: the problems line
	case d.Format == jose.FormatOpaque:
		v.format.SetText(fmt.Sprintf("opaque · %d chars (not a JWT: the provider's reference, only it can read it)", d.Length))
	default:
		v.format.SetText("empty")
	}
	v.showAsResponse()
	var problems []string
	for _, err := range []error{d.HeaderErr, d.ClaimsErr} {
		if err != nil { // the decoder's errors name their segment
			problems = append(problems, err.Error())
		}
	}
	problems = append(problems, d.Problems...)
	showText(v.problems, "⚠ "+strings.Join(dedupe(problems), "; "), len(problems) > 0)
	v.links.SetText("• " + strings.Join(links.lines, "\n• "))
	v.hasLinks = len(links.lines) > 0
	v.showDetails()
	v.setSignature(check.Verification{Detail: "checking…"})
	switch {
	case d.NotAToken != "":
		v.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "not a token: nothing to verify"})
	case d.Format != jose.FormatJWT:
		v.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "opaque token"})
	}
	if d.ExpiresAt.IsZero() {
		v.expiresAt.SetText("")
	} else {
		v.expiresAt.SetText("at " + timeText(d.ExpiresAt))
	}
	v.claims.setRows(claimTreeRows(d.Header, d.Claims, v.dict, links.notes))
	v.json.set(d)
	v.tick(now)
}

// showAsResponse draws the view as an endpoint's answer while response
// is set: its description for the format, no signature or lifetime line,
// Copy JSON.
func (v *tokenView) showAsResponse() {
	if v.response == "" {
		v.copyRaw.SetText("Copy token")
		v.signature.Show()
		v.sigIcon.Show()
		v.lifeRow.Show()
		return
	}
	v.format.SetText(v.response)
	v.copyRaw.SetText("Copy JSON")
	v.signature.Hide()
	v.sigIcon.Hide()
	v.lifeRow.Hide()
}

// setSignature shows a verification outcome.
func (v *tokenView) setSignature(r check.Verification) {
	text := string(r.Status)
	if r.Detail != "" {
		text += " — " + r.Detail
	}
	if r.KeySource != "" && !strings.Contains(r.Detail, r.KeySource) {
		text += " (key from " + r.KeySource + ")"
	}
	switch r.Status {
	case check.SigVerified:
		v.sigIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		v.signature.Importance = widget.SuccessImportance
		text = "signature " + text
	case check.SigInvalid:
		v.sigIcon.SetResource(theme.NewErrorThemedResource(theme.CancelIcon()))
		v.signature.Importance = widget.DangerImportance
		text = "signature " + text
	case check.SigUnknownKey:
		v.sigIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		v.signature.Importance = widget.WarningImportance
		text = "signature: " + text
	case "":
		v.sigIcon.SetResource(theme.SearchIcon())
		v.signature.Importance = widget.LowImportance
		text = "signature " + r.Detail
	default:
		v.sigIcon.SetResource(theme.QuestionIcon())
		v.signature.Importance = widget.MediumImportance
		text = "signature " + text
	}
	v.signature.SetText(text)
}

// tick updates the countdown and lifetime bar; it decodes nothing.
func (v *tokenView) tick(now time.Time) countdown {
	return v.tickAs(now, workspace.StandingNone)
}

// tickAs is tick with what the snapshot says of the token beyond its
// lifetime (dead, refused: workspace.Snapshot.StandingOf); the countdown,
// the lifetime bar and the checks' summary take that one standing's
// colour.
func (v *tokenView) tickAs(now time.Time, st workspace.Standing) countdown {
	c := countdownAt(v.decoded, now).within(v.decoded, now, v.skew).as(st)
	if v.decoded.Format == "" {
		return c
	}
	v.countdown.Set(c.Text, toneImportance(c.State.Tone()))
	if c.State == workspace.StandingUnknown || c.State == workspace.StandingDead {
		v.lifetime.Hide() // a dead token has no lifetime left to show
		v.lifetime.SetTone(c.State.Tone())
	} else {
		v.lifetime.Show()
		v.lifetime.SetTone(c.State.Tone())
		v.lifetime.SetFraction(c.Fraction)
	}
	v.checks.setTone(c.State.Tone())
	return c
}

func showText(l *widget.Label, text string, show bool) {
	if !show {
		l.Hide()
		return
	}
	l.SetText(text)
	l.Show()
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// showDetails shows the links and server lines while Details is open; the
// button says how many lines it folds.
func (v *tokenView) showDetails() {
	n := 0
	if v.hasLinks {
		n += strings.Count(v.links.Text, "\n") + 1
	}
	// A revoked or inactive token is said at once, never folded.
	serverAlarm := v.hasServer && v.server.Importance == widget.DangerImportance
	if v.hasServer && !serverAlarm {
		n++
	}
	v.links.Hidden = !(v.hasLinks && v.detailsOpen)
	v.server.Hidden = !(v.hasServer && (v.detailsOpen || serverAlarm))
	v.links.Refresh()
	v.server.Refresh()
	if n == 0 {
		v.details.Hide()
		return
	}
	if v.detailsOpen {
		v.details.SetIcon(theme.MenuDropDownIcon())
		v.details.SetText("Hide details")
	} else {
		v.details.SetIcon(theme.MenuExpandIcon())
		v.details.SetText(fmt.Sprintf("Details (%d)", n))
	}
	v.details.Show()
}

// textWidth is how wide l's text is drawn whole.
func textWidth(l *widget.Label) float32 {
	return fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding() + 2*theme.Padding() // a margin: the label shortens a text that only just fits
}
