package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cannedTransport answers every request with one fixed response, in
// process: the fuzzer drives the real x/oauth2 parsing and our TokenSet
// construction without a network.
type cannedTransport struct {
	status int
	ctype  string
	body   []byte
}

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	h := http.Header{}
	if c.ctype != "" {
		h.Set("Content-Type", c.ctype)
	}
	return &http.Response{
		StatusCode: c.status, Status: strconv.Itoa(c.status) + " " + http.StatusText(c.status),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h,
		Body: io.NopCloser(bytes.NewReader(c.body)), ContentLength: int64(len(c.body)), Request: req,
	}, nil
}

// responseView is an independent reading of a token response body, the way
// x/oauth2 picks the format: form-encoded for those two media types, JSON
// otherwise.
type responseView struct {
	form                    bool
	refresh, typ, expiresIn string
	hasExpiresIn            bool
}

func viewResponse(ctype string, body []byte) responseView {
	media, _, _ := mime.ParseMediaType(ctype)
	if media == "application/x-www-form-urlencoded" || media == "text/plain" {
		v, _ := url.ParseQuery(string(body))
		_, has := v["expires_in"]
		return responseView{form: true, refresh: v.Get("refresh_token"), typ: v.Get("token_type"), expiresIn: v.Get("expires_in"), hasExpiresIn: has}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return responseView{}
	}
	rv := responseView{}
	rv.refresh, _ = m["refresh_token"].(string)
	// token_type is taken from x/oauth2, whose struct decoding matches
	// member names case-insensitively ("Token_Type"); do the same.
	var tj struct {
		TokenType string `json:"token_type"`
	}
	json.Unmarshal(body, &tj)
	rv.typ = tj.TokenType
	switch x := m["expires_in"].(type) {
	case json.Number:
		rv.expiresIn, rv.hasExpiresIn = x.String(), true
	case string:
		rv.expiresIn, rv.hasExpiresIn = x, true
	}
	// x/oauth2 reads expires_in the same case-insensitive way ("eXpires_In"),
	// and its value wins when it is a number.
	var ej struct {
		ExpiresIn json.RawMessage `json:"expires_in"`
	}
	if json.Unmarshal(body, &ej) == nil && len(ej.ExpiresIn) > 0 && string(ej.ExpiresIn) != "null" {
		rv.hasExpiresIn = true
		var n json.Number
		if json.Unmarshal(ej.ExpiresIn, &n) == nil {
			rv.expiresIn = n.String()
		}
	}
	return rv
}

// FuzzTokenResponse feeds arbitrary token endpoint answers (status, media
// type, body) through Provider.Refresh and the code exchange, and the body
// through responseFields and expiresInFromExtra. Invariants: no panic; an
// error or a token set, never both; errors name the operation and are
// bounded by the body; a token set keeps the body as Raw, has an access
// token, a rotated refresh token or the presented one marked as kept, the
// expires_in the provider sent, and an expiry that is not in the past.
func FuzzTokenResponse(f *testing.F) {
	jsonCT, formCT := "application/json", "application/x-www-form-urlencoded"
	for _, s := range []struct {
		status int
		ctype  string
		body   string
	}{
		{200, jsonCT, `{"access_token":"` + faultJWT + `","token_type":"Bearer","expires_in":120,"refresh_token":"rt-2","id_token":"` + faultJWT + `","scope":"openid profile","jti":"j-1"}`},
		{200, jsonCT + "; charset=utf-8", `{"access_token":"a","token_type":"bearer"}`},
		{200, jsonCT, `{"access_token":"a","expires_in":"899"}`},
		{200, jsonCT, `{"access_token":"a","expires_in":-5}`},
		{200, jsonCT, `{"access_token":"a","expires_in":0}`},
		{200, jsonCT, `{"access_token":"a","expires_in":99999999999}`},
		{200, jsonCT, `{"access_token":"a","expires_in":1.5}`},
		{200, jsonCT, `{"access_token":"a","refresh_token":null}`},
		{200, jsonCT, `{"access_token":"a","refresh_token":""}`},
		{200, jsonCT, `{"access_token":"a","refresh_token":"r1","refresh_token":"r2"}`},
		{200, jsonCT, `{"access_token":"a","refresh_token":7}`},
		{200, jsonCT, `{"access_token":"a","refresh_token":"r1","Refresh_Token":"r2","TOKEN_TYPE":"mac"}`},
		{200, jsonCT, `{"access_token":"a","Refresh_Token":"r2"}`},
		{200, jsonCT, `{"access_token":"a","id_token":{"x":1},"scope":["a"]}`},
		{200, jsonCT, `{"access_token":"",  "token_type":"Bearer"}`},
		{200, jsonCT, `{"access_token":"a"} trailing`},
		{200, jsonCT, `[1,2,3]`},
		{200, jsonCT, `{"access_token":"a","x":"\ud800","y":1e999}`},
		{200, "", `{"access_token":"a"}`},
		{200, "text/html", `<html>sign in</html>`},
		{200, jsonCT, `{"error":"invalid_grant","access_token":"a"}`},
		{400, jsonCT, `{"error":"invalid_grant","error_description":"Token is expired"}`},
		{401, jsonCT, `{"error":"invalid_client"}`},
		{500, "text/plain", `oops`},
		{503, "text/html", ``},
		{302, "", ``},
		{199, jsonCT, `{"access_token":"a"}`},
		{200, "text/plain", `access_token=gho_x&token_type=bearer&scope=repo&expires_in=28800&refresh_token=ghr_y&refresh_token_expires_in=15811200`},
		{200, formCT, `access_token=a&expires_in=9223372036854775807`},
		{200, formCT, `access_token=a&expires_in=-3`},
		{200, formCT, `access_token=a&expires_in=1.5`},
		{200, formCT, `access_token=a&refresh_token=12345&id_token=1.5&scope=7`},
		{200, formCT, `access_token=a&refresh_token=%ZZ`},
		{400, formCT, `error=invalid_grant&error_description=dead`},
	} {
		f.Add(uint16(s.status), s.ctype, []byte(s.body))
	}
	received := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status uint16, ctype string, body []byte) {
		code := int(status)
		if code < 100 || code > 599 {
			code = 100 + code%500
		}
		for _, field := range responseFields(body) {
			if !json.Valid(field.Value) {
				t.Fatalf("responseFields: member %q has invalid JSON %q", field.Name, field.Value)
			}
		}
		checkResponseFieldsAgainstMap(t, body)
		expiresInFromExtra(string(body))
		expiresInFromExtra(float64(len(body)) * 1e300)

		pr := &Provider{
			profile:   Profile{Name: "fuzz", ClientID: "c", ClientSecret: "s"},
			endpoints: Endpoints{AuthURL: "https://idp.test/authorize", TokenURL: "https://idp.test/token"},
			env:       Env{HTTP: &http.Client{Transport: cannedTransport{code, ctype, body}}, Now: func() time.Time { return received }}.withDefaults(),
		}
		rv := viewResponse(ctype, body)
		for _, refresh := range []bool{true, false} {
			var ts *TokenSet
			var err error
			op := "refresh"
			if refresh {
				ts, err = pr.Refresh(context.Background(), "rt-prev")
			} else {
				op = "code exchange"
				ts, err = pr.exchange(context.Background(), "http://127.0.0.1:1/callback", "code", "verifier")
			}
			if (ts == nil) == (err == nil) {
				t.Fatalf("%s: ts = %v, err = %v; want exactly one", op, ts, err)
			}
			if err != nil {
				checkFuzzError(t, op, code, body, err)
				continue
			}
			checkFuzzTokenSet(t, op, refresh, body, rv, ts)
		}
	})
}

func checkFuzzError(t *testing.T, op string, code int, body []byte, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.HasPrefix(msg, op+": ") {
		t.Fatalf("error %q does not name the operation %q", msg, op)
	}
	if len(msg) > len(body)+512 {
		t.Fatalf("error is %d bytes for a %d-byte body", len(msg), len(body))
	}
	var oe *OAuthError
	isOAuth := errors.As(err, &oe)
	if (code < 200 || code > 299) && (!isOAuth || oe.Status != code) {
		t.Fatalf("HTTP %d: error %#v; want an OAuthError with that status", code, err)
	}
	if NeedsLogin(err) != (isOAuth && oe.Code == "invalid_grant") {
		t.Fatalf("NeedsLogin = %v for %#v", NeedsLogin(err), err)
	}
}

func checkFuzzTokenSet(t *testing.T, op string, refresh bool, body []byte, rv responseView, ts *TokenSet) {
	t.Helper()
	if !bytes.Equal(ts.Raw, body) {
		t.Fatalf("%s: Raw = %q; want the body %q", op, ts.Raw, body)
	}
	if ts.AccessToken == "" || ts.Access.Raw != trimToken(ts.AccessToken) || ts.Bearer() != "Bearer "+ts.AccessToken {
		t.Fatalf("%s: access token %q decoded as %q, Bearer %q", op, ts.AccessToken, ts.Access.Raw, ts.Bearer())
	}
	if ts.TokenType != rv.typ {
		t.Fatalf("%s: TokenType = %q; the response says %q", op, ts.TokenType, rv.typ)
	}
	switch {
	case rv.refresh != "":
		if ts.RefreshToken != rv.refresh || ts.RefreshKept {
			t.Fatalf("%s: RefreshToken = %q, kept = %v; the response carries %q", op, ts.RefreshToken, ts.RefreshKept, rv.refresh)
		}
	case refresh:
		if ts.RefreshToken != "rt-prev" || !ts.RefreshKept {
			t.Fatalf("%s: RefreshToken = %q, kept = %v; want the presented one kept", op, ts.RefreshToken, ts.RefreshKept)
		}
	default:
		if ts.RefreshToken != "" || ts.RefreshKept {
			t.Fatalf("%s: RefreshToken = %q, kept = %v; want none", op, ts.RefreshToken, ts.RefreshKept)
		}
	}
	if n, err := strconv.ParseInt(rv.expiresIn, 10, 64); err == nil && n > 0 {
		if want := min(n, math.MaxInt32); ts.ExpiresIn != want {
			t.Fatalf("%s: ExpiresIn = %d; the response says %q (want %d)", op, ts.ExpiresIn, rv.expiresIn, want)
		}
	} else if !rv.hasExpiresIn && ts.ExpiresIn != 0 {
		t.Fatalf("%s: ExpiresIn = %d without expires_in", op, ts.ExpiresIn)
	}
	exp, ok := ts.Expiry()
	switch {
	case !ts.Access.ExpiresAt.IsZero():
		if !ok || !exp.Equal(ts.Access.ExpiresAt) {
			t.Fatalf("%s: Expiry = %v, %v; want the exp claim %v", op, exp, ok, ts.Access.ExpiresAt)
		}
	case ts.ExpiresIn > 0:
		if !ok || !exp.After(ts.ReceivedAt) {
			t.Fatalf("%s: Expiry = %v, %v for expires_in %d received at %v", op, exp, ok, ts.ExpiresIn, ts.ReceivedAt)
		}
	default:
		if ok {
			t.Fatalf("%s: Expiry = %v without exp or expires_in", op, exp)
		}
	}
}

// checkResponseFieldsAgainstMap compares responseFields with encoding/json
// for bodies that are JSON objects.
func checkResponseFieldsAgainstMap(t *testing.T, body []byte) {
	t.Helper()
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m == nil {
		return
	}
	fields := responseFields(body)
	seen := map[string]bool{}
	for _, f := range fields {
		if _, ok := m[f.Name]; !ok {
			t.Fatalf("responseFields has %q, encoding/json does not", f.Name)
		}
		seen[f.Name] = true
	}
	if len(seen) != len(m) {
		t.Fatalf("responseFields found %d distinct members, encoding/json %d", len(seen), len(m))
	}
}
