package ui

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/golang-jwt/jwt/v5"
)

// craftTokens makes the token endpoint hand out crafted tokens: the
// response passes through edit, which may replace any member.
func (h *harness) craftTokens(edit func(m map[string]any)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tokenHook = func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		out := rec.Body.Bytes()
		var m map[string]any
		if rec.Code == http.StatusOK && json.Unmarshal(out, &m) == nil {
			edit(m)
			out, _ = json.Marshal(m)
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(out)
	}
}

// claimsOf decodes a JWT's claims without checking anything.
func claimsOf(t testing.TB, raw string) jwt.MapClaims {
	t.Helper()
	parts := strings.Split(raw, ".")
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c jwt.MapClaims
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// resign signs claims with the demo provider's current key, as it would.
func (h *harness) resign(claims jwt.MapClaims) string {
	h.t.Helper()
	k := h.keys.Current()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = k.ID
	s, err := tok.SignedString(k.Private)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// unsigned is the token with alg none and no signature.
func unsigned(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rowWith(c *checksView, sub string) *checkLine {
	for i, l := range c.rows {
		if strings.Contains(l.Text, sub) {
			return &c.rows[i]
		}
	}
	return nil
}

func TestFailingChecksShowTheirReason(t *testing.T) {
	h := newHarness(t, nil)
	h.craftTokens(func(m map[string]any) {
		id := claimsOf(h.t, m["id_token"].(string))
		id["aud"] = []any{"someone-else"} // not our client
		m["id_token"] = h.resign(id)
		m["access_token"] = unsigned(h.t, claimsOf(h.t, m["access_token"].(string)))
	})
	h.login()
	v := h.u.views
	if !v.refused.Visible() || !strings.Contains(v.refused.message.Text, "“aud”") {
		t.Errorf("no red banner naming the aud check: visible %v, %q", v.refused.Visible(), v.refused.message.Text)
	}

	id := v.id.checks
	if !id.root.Visible() || !strings.Contains(id.summary.Text, "failed") {
		t.Fatalf("ID token checks: visible %v, summary %q", id.root.Visible(), id.summary.Text)
	}
	aud := rowWith(id, "aud — ")
	if aud == nil || !strings.Contains(aud.Text, "✗") || !strings.Contains(aud.Text, "client") || aud.Importance != widget.DangerImportance {
		t.Fatalf("no red aud row with its reason:\n%s", id.text())
	}
	if rowWith(id, "signature — ") != nil {
		t.Errorf("the passing signature check is shown before Show all:\n%s", id.text())
	}
	test.Tap(id.toggle)
	sig := rowWith(id, "signature — ")
	if sig == nil || sig.Importance != widget.SuccessImportance || !strings.Contains(sig.Text, "/jwks") {
		t.Errorf("after Show all, the signature row with the key's origin: %v\n%s", sig, id.text())
	}

	alg := rowWith(v.access.checks, "alg — ")
	if alg == nil || alg.Importance != widget.DangerImportance || !strings.Contains(alg.Text, "alg none") {
		t.Errorf("access token with alg none: no red alg row:\n%s", v.access.checks.text())
	}
}

func TestChecksFollowTheClockPastExpiry(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	id := h.u.views.id.checks
	if rowWith(id, "exp — ") != nil {
		t.Fatalf("a fresh token shows exp among the problems:\n%s", id.text())
	}
	h.u.Tick(h.clock.Now().Add(time.Hour)) // no new snapshot: only the clock moved
	exp := rowWith(id, "exp — ")
	if exp == nil || exp.Importance != widget.DangerImportance {
		t.Errorf("an hour later, no failed exp check:\n%s", id.text())
	}
}

// Tokens that cannot be verified say why instead of failing: an HMAC
// refresh token (Keycloak's), an Entra ID Graph access token (nonce in the
// header), and an ID token whose kid is not in the JWKS.
func TestUnverifiableTokensExplained(t *testing.T) {
	h := newHarness(t, nil)
	h.craftTokens(func(m map[string]any) {
		rt := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"typ": "Refresh", "sub": "u", "exp": h.clock.Now().Add(time.Hour).Unix()})
		m["refresh_token"], _ = rt.SignedString([]byte("realm-hmac-key"))

		at := jwt.NewWithClaims(jwt.SigningMethodRS256, claimsOf(h.t, m["access_token"].(string)))
		at.Header["nonce"] = "graph-nonce"
		at.Header["kid"] = h.keys.Current().ID
		m["access_token"], _ = at.SignedString(h.keys.Current().Private)

		other, _, _ := keyFiles(h.t)
		id := jwt.NewWithClaims(jwt.SigningMethodRS256, claimsOf(h.t, m["id_token"].(string)))
		id.Header["kid"] = "rotated-out"
		m["id_token"], _ = id.SignedString(other)
	})
	h.login()
	v := h.u.views
	if !v.refused.Visible() || !strings.Contains(v.refused.message.Text, "signature") {
		t.Errorf("no red banner naming the failed signature check: visible %v, %q", v.refused.Visible(), v.refused.message.Text)
	}
	if r := rowWith(v.refreshTok.checks, "signature — "); r == nil || !strings.Contains(r.Text, "secret only the server holds") || r.Importance == widget.DangerImportance {
		t.Errorf("HS512 refresh token: %v\n%s", r, v.refreshTok.checks.text())
	}
	if r := rowWith(v.access.checks, "signature — "); r == nil || !strings.Contains(r.Text, "Microsoft Graph") || r.Importance == widget.DangerImportance {
		t.Errorf("Graph access token: %v\n%s", r, v.access.checks.text())
	}
	if r := rowWith(v.id.checks, "kid — "); r == nil || !strings.Contains(r.Text, "key not published (rotated out?)") || r.Importance != widget.DangerImportance {
		t.Errorf("unknown kid: %v\n%s", r, v.id.checks.text())
	}
}
