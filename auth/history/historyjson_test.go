package history

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// indentedHistory is the history file format as json.MarshalIndent writes
// it, which MarshalHistory (events encoded one by one, then joined) must
// match byte for byte: files written before and after read the same.
func indentedHistory(t *testing.T, profile string, events []Event) []byte {
	t.Helper()
	h := historyJSON{Version: historyVersion, Profile: profile, Events: make([]eventJSON, len(events))}
	for i, e := range events {
		j := eventJSON{At: e.At, Kind: e.Kind, OK: e.OK(), Access: e.AccessJTI, Refresh: e.RefreshJTI,
			RefreshRotated: e.RefreshRotated, Changed: e.Changed, HTTPStatus: e.HTTPStatus,
			LatencyMS: float64(e.Latency) / float64(time.Millisecond), Set: e.Set}
		if e.Err != nil {
			j.Error = e.Err.Error()
		}
		h.Events[i] = j
	}
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMarshalHistoryMatchesTheIndentedFormat(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := &auth.TokenSet{AccessToken: testJWT(`{"jti":"a1","exp":100,"nested":{"x":[1,{"y":"<&>"}]},"aud":[]}`),
		RefreshToken: "opaque-refresh", ReceivedAt: at, HTTPStatus: 200, Latency: 42 * time.Millisecond, Scope: "openid"}
	a.Access, a.Refresh = jose.UnverifiedDecode(a.AccessToken), jose.UnverifiedDecode(a.RefreshToken)
	b := &auth.TokenSet{AccessToken: testJWT(`{"jti":"a2","exp":160}`), ReceivedAt: at.Add(time.Minute), RefreshRotated: true}
	b.Access = jose.UnverifiedDecode(b.AccessToken)
	fail := &auth.OAuthError{Op: "refresh", Code: "invalid_grant", Status: 400}
	events := []Event{
		NewEvent(EventLogin, at, nil, a, nil),
		NewEvent(EventRefresh, at.Add(time.Minute), a, b, nil),
		NewEvent(EventRefresh, at.Add(2*time.Minute), b, nil, fail),
	}
	for _, c := range []struct {
		profile string
		events  []Event
	}{
		{"demo", events}, {"demo", events[:1]}, {"demo", nil}, {"", events}, {"", nil}, {`a "quoted" <name> & more`, events},
	} {
		got, err := MarshalHistory(c.profile, c.events)
		if err != nil {
			t.Fatal(err)
		}
		if want := indentedHistory(t, c.profile, c.events); !bytes.Equal(got, want) {
			t.Errorf("profile %q, %d events:\n%s\nwant\n%s", c.profile, len(c.events), got, want)
		}
		encoded := make([][]byte, len(c.events))
		for i, e := range c.events {
			encoded[i], _ = EncodeEvent(e)
		}
		if n := HistorySize(c.profile, encoded); n != len(got) {
			t.Errorf("profile %q, %d events: HistorySize %d; the file has %d bytes", c.profile, len(c.events), n, len(got))
		}
	}
}
