package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

// Beside the claims table, the token as jwt.io shows it: the encoded
// token in three colours (header, payload, signature) and the header and
// payload as indented JSON, members in the token's order.
func TestJSONViewBesideTheClaims(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	v := h.u.views.access.json
	var text strings.Builder
	colors := map[string]string{}
	for _, s := range v.text.Segments {
		ts, ok := s.(*widget.TextSegment)
		if !ok {
			continue
		}
		text.WriteString(ts.Text + "\n")
		colors[ts.Text] = string(ts.Style.ColorName)
	}
	parts := strings.Split(ts.AccessToken, ".")
	if len(parts) != 3 {
		t.Fatalf("the demo access token is not a JWT: %d parts", len(parts))
	}
	got := map[string]bool{}
	for i, p := range parts {
		c, ok := colors[p]
		if !ok {
			t.Fatalf("encoded part %d not shown on its own", i)
		}
		got[c] = true
	}
	if len(got) != 3 {
		t.Errorf("the three parts share colours: %v", got)
	}
	out := text.String()
	sub := ts.Access.Subject
	for _, want := range []string{"Header", "\"alg\": \"RS256\"", "Payload", "\"sub\": \"" + sub + "\""} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON view lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "\"alg\"") > strings.Index(out, "\"sub\"") {
		t.Error("header after payload")
	}
}
