package ui

// The Decode view's Edit & sign mode: the claims as editable rows (time
// claims with a +10 min / now / −1 h picker), header fields, the
// algorithm, the key (generated in memory or opened from a file), and the
// signed result decoded beside them with its validation report against
// that key. The model (signing, keys, the report) is auth/tokeneditor's.

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/mint"
	"github.com/tokeninspector/tokeninspector/auth/tokeneditor"
)

// editSign is the Edit & sign pane.
type editSign struct {
	ed   *tokeneditor.Editor
	now  func() time.Time
	copy func(text, what string)
	win  fyne.Window // for the file dialogs (nil in tests)

	alg              *widget.Select
	kid, typ         *widget.Entry
	keyLabel         *widget.Label
	keyPath          *widget.Entry
	genBtn, loadBtn  *widget.Button
	saveBtn, copyBtn *widget.Button
	rows             *fyne.Container
	addBtn           *widget.Button
	tokenText        *widget.Label
	errLabel         *widget.Label
	result           *tokenView
	token            string // the last signed token
	building         bool   // fields being filled from the model: no re-sign per field
	root             fyne.CanvasObject
}

func newEditSign(copy func(text, what string), now func() time.Time) *editSign {
	e := &editSign{ed: tokeneditor.New(now()), now: now, copy: copy}
	e.alg = widget.NewSelect(append(append([]string(nil), mint.SignAlgs...), "none"), func(string) { e.onAlg() })
	e.kid = widget.NewEntry()
	e.kid.SetPlaceHolder("the key's kid")
	e.kid.OnChanged = func(s string) { e.ed.Kid = strings.TrimSpace(s); e.update() }
	e.typ = widget.NewEntry()
	e.typ.SetPlaceHolder("JWT (at+jwt for an RFC 9068 access token)")
	e.typ.OnChanged = func(s string) { e.ed.Typ = strings.TrimSpace(s); e.update() }
	e.keyLabel = widget.NewLabel("")
	e.keyLabel.Wrapping = fyne.TextWrapWord
	e.keyPath = widget.NewEntry()
	e.keyPath.SetPlaceHolder("private key file (JWK or PEM)")
	e.genBtn = widget.NewButtonWithIcon("Generate key", theme.ContentAddIcon(), func() { e.generate(e.ed.Alg) })
	e.loadBtn = widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), e.openKey)
	e.saveBtn = widget.NewButtonWithIcon("Save key…", theme.DocumentSaveIcon(), e.saveKey)
	e.rows = container.NewVBox()
	e.addBtn = widget.NewButtonWithIcon("Add claim", theme.ContentAddIcon(), func() {
		e.ed.Claims = append(e.ed.Claims, tokeneditor.Claim{Name: "", Value: `""`})
		e.fillRows()
		e.update()
	})
	e.tokenText = widget.NewLabel("")
	e.tokenText.Wrapping = fyne.TextWrapBreak
	e.tokenText.TextStyle = fyne.TextStyle{Monospace: true}
	e.errLabel = widget.NewLabel("")
	e.errLabel.Importance = widget.DangerImportance
	e.errLabel.Wrapping = fyne.TextWrapWord
	e.errLabel.Hide()
	e.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		if e.token != "" {
			e.copy(e.token, "signed token")
		}
	})
	e.result = newTokenView("Signed token", copy)

	pair := func(name string, field fyne.CanvasObject) *fyne.Container {
		return container.New(layout.NewFormLayout(), widget.NewLabel(name), field)
	}
	header := container.NewVBox(pair("Algorithm", e.alg), pair("kid", e.kid), pair("typ", e.typ))
	key := container.NewVBox(e.keyLabel,
		container.NewBorder(nil, nil, nil, e.loadBtn, e.keyPath),
		container.NewHBox(e.genBtn, e.saveBtn))
	note := widget.NewLabel("Values are JSON (42, true, [\"a\"], \"text\"); anything else is taken as a string. A generated key stays in memory unless saved.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	form := container.NewVBox(
		widget.NewLabelWithStyle("Header", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), header,
		widget.NewLabelWithStyle("Key", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), key,
		widget.NewLabelWithStyle("Claims", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), e.rows,
		container.NewHBox(e.addBtn), note,
	)
	out := container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, e.copyBtn, e.tokenText), e.errLabel), nil, nil, nil,
		e.result.root)
	split := container.NewHSplit(container.NewVScroll(form), out)
	split.Offset = 0.42
	e.root = split
	return e
}

// start fills the pane from the token on screen (when it is a signed
// JWT) and makes a key in memory if there is none yet.
func (e *editSign) start(raw string) {
	if strings.TrimSpace(raw) != "" {
		_ = e.ed.LoadToken(raw) // not a JWS: keep the fields as they are
	}
	if !e.ed.HasKey() {
		if err := e.ed.GenerateKey(e.ed.Alg); err != nil {
			_ = e.ed.GenerateKey("ES256")
		}
	}
	e.fill()
	e.update()
}

// fill puts the model's fields in the widgets.
func (e *editSign) fill() {
	e.building = true
	defer func() { e.building = false }()
	e.alg.SetSelected(e.ed.Alg)
	e.kid.SetText(e.ed.Kid)
	e.typ.SetText(e.ed.Typ)
	e.keyLabel.SetText(e.ed.KeyDescription())
	e.fillRows()
}

// fillRows rebuilds the claim rows.
func (e *editSign) fillRows() {
	was := e.building
	e.building = true
	defer func() { e.building = was }()
	e.rows.RemoveAll()
	for i := range e.ed.Claims {
		e.rows.Add(e.claimRow(i))
	}
	e.rows.Refresh()
}

func (e *editSign) claimRow(i int) fyne.CanvasObject {
	c := e.ed.Claims[i]
	name := widget.NewEntry()
	name.SetText(c.Name)
	name.SetPlaceHolder("claim")
	value := widget.NewEntry()
	value.SetText(c.Value)
	name.OnChanged = func(s string) {
		if i < len(e.ed.Claims) {
			e.ed.Claims[i].Name = s
			e.update()
		}
	}
	value.OnChanged = func(s string) {
		if i < len(e.ed.Claims) {
			e.ed.Claims[i].Value = s
			e.update()
		}
	}
	remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
		if i < len(e.ed.Claims) {
			e.ed.Claims = append(e.ed.Claims[:i:i], e.ed.Claims[i+1:]...)
			e.fillRows()
			e.update()
		}
	})
	nameBox := container.NewGridWrap(fyne.NewSize(110, name.MinSize().Height), name)
	line := container.NewBorder(nil, nil, nameBox, remove, value)
	if !c.IsTime() {
		return line
	}
	// Time claims: the date it reads as, and a picker.
	when := widget.NewLabel(readableTime(c.Value))
	when.Importance = widget.LowImportance
	prev := value.OnChanged
	value.OnChanged = func(s string) {
		when.SetText(readableTime(s))
		prev(s)
	}
	pick := func(label string, by time.Duration) *widget.Button {
		return widget.NewButton(label, func() {
			e.ed.SetTime(i, e.now(), by)
			value.SetText(e.ed.Claims[i].Value) // OnChanged signs again
		})
	}
	picker := container.NewHBox(pick("+10 min", 10*time.Minute), pick("now", 0), pick("−1 h", -time.Hour), when)
	return container.NewVBox(line, container.NewBorder(nil, nil, widget.NewLabel(""), nil, picker))
}

// readableTime shows a NumericDate as a UTC date ("" when it is not one).
func readableTime(v string) string {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return ""
	}
	return time.Unix(n, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

func (e *editSign) onAlg() {
	if e.building {
		return
	}
	alg := e.alg.Selected
	e.ed.Alg = alg
	if !e.ed.KeyFits(alg) && (!e.ed.HasKey() || e.ed.KeyGenerated()) {
		e.generate(alg) // a key of ours in memory: make one that fits
		return
	}
	e.update() // a key from a file that does not fit: the error says so
}

// generate makes a new key in memory for alg.
func (e *editSign) generate(alg string) {
	if err := e.ed.GenerateKey(alg); err != nil {
		e.showErr(err.Error())
		return
	}
	e.fill()
	e.update()
}

// openKey loads the key file named in the path field, or asks for one.
func (e *editSign) openKey() {
	if p := strings.TrimSpace(e.keyPath.Text); p != "" {
		e.loadKey(p)
		return
	}
	if e.win == nil {
		return
	}
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close() // the editor reads the file
		e.keyPath.SetText(r.URI().Path())
		e.loadKey(r.URI().Path())
	}, e.win)
}

func (e *editSign) loadKey(path string) {
	if err := e.ed.LoadKeyFile(path); err != nil {
		e.showErr(err.Error())
		return
	}
	e.fill()
	e.update()
}

// saveKey writes the key (0600) where the user says.
func (e *editSign) saveKey() {
	if e.win == nil || !e.ed.HasKey() {
		return
	}
	dialog.ShowFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the editor writes it, mode 0600
		if err := e.ed.SaveKey(path); err != nil {
			e.showErr(err.Error())
			return
		}
		e.keyLabel.SetText(e.ed.KeyDescription())
	}, e.win)
}

func (e *editSign) showErr(msg string) {
	showText(e.errLabel, msg, msg != "")
}

// update signs the fields again and draws the result.
func (e *editSign) update() {
	if e.building {
		return
	}
	now := e.now()
	r := e.ed.Sign(now)
	e.keyLabel.SetText(e.ed.KeyDescription())
	if r.Err != nil {
		e.token = ""
		e.tokenText.SetText("")
		e.showErr("Not signed: " + r.Err.Error())
		e.result.setEmpty("Nothing signed yet.")
		return
	}
	e.showErr("")
	e.token = r.Token
	e.tokenText.SetText(r.Token)
	e.result.set(jose.UnverifiedDecode(r.Token), tokenLinks{}, now)
	showCheck(e.result, r.Check)
}

// showCheck draws a verification with the editor's key on a token view.
func showCheck(v *tokenView, r *check.PastedResult) {
	if r == nil {
		v.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "no key to check it with"})
		v.checks.set(nil)
		return
	}
	v.setSignature(r.Signature)
	v.checks.set(&r.Report)
}
