package oidc

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

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// cannedTransport answers every request with one fixed response, in
// process: the fuzzer drives TokenClient and the token response parser
// without a network.
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

// responseView is what a body says, read with nothing but encoding/json or
// url.ParseQuery and exact member names (RFC 6749 §5.1 names are case
// sensitive): the expectations the parser's result is held to.
type responseView struct {
	object               bool // a JSON object or a form body: members can be looked up
	access, refresh, typ string
	expiresIn            json.Number // a JSON number, or the form value
	typedOK              bool        // the string members are strings (or null)
}

func viewResponse(ctype string, body []byte) responseView {
	media, _, _ := mime.ParseMediaType(ctype)
	if media == "application/x-www-form-urlencoded" || media == "text/plain" {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return responseView{}
		}
		return responseView{object: true, access: v.Get("access_token"), refresh: v.Get("refresh_token"), typ: v.Get("token_type"),
			expiresIn: json.Number(v.Get("expires_in")), typedOK: true}
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m == nil { // also refuses trailing data
		return responseView{}
	}
	rv := responseView{object: true, typedOK: true}
	for k, dst := range map[string]*string{"access_token": &rv.access, "refresh_token": &rv.refresh, "token_type": &rv.typ, "issued_token_type": new(string)} {
		if v, ok := m[k]; ok && string(v) != "null" && json.Unmarshal(v, dst) != nil {
			rv.typedOK = false
		}
	}
	json.Unmarshal(m["expires_in"], &rv.expiresIn)
	return rv
}

// FuzzTokenResponse feeds arbitrary token endpoint answers (status, media
// type, body) through TokenClient (Provider.Refresh and the code exchange),
// and the body through responseFields and lifetimeSeconds. Invariants: no
// panic; an error or a token set, never both; errors name the operation
// and are bounded by the body; a failure status is an *OAuthError with that
// status; a token set keeps the body as Raw, has the access token the body
// names, a rotated refresh token or the presented one marked as kept, the
// expires_in the provider sent, and an expiry that is not in the past; an
// answer whose body is a token response with string members is accepted.
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
		for _, field := range auth.ResponseFields(body) {
			if !json.Valid(field.Value) {
				t.Fatalf("responseFields: member %q has invalid JSON %q", field.Name, field.Value)
			}
		}
		checkResponseFieldsAgainstMap(t, body)
		if n := lifetimeSeconds(string(body)); n < 0 || n > math.MaxInt32 {
			t.Fatalf("lifetimeSeconds(%q) = %d; want 0…MaxInt32", body, n)
		}

		pr := newProvider(auth.Profile{Name: "fuzz", Client: auth.Client{ClientID: "c", ClientSecret: "s"}},
			discovery.Resolved{Endpoints: auth.Endpoints{AuthURL: "https://idp.test/authorize", TokenURL: "https://idp.test/token"}},
			Env{HTTP: &http.Client{Transport: cannedTransport{code, ctype, body}}, Now: func() time.Time { return received }})
		rv := viewResponse(ctype, body)
		for _, refresh := range []bool{true, false} {
			var ts *auth.TokenSet
			var err error
			op := "refresh"
			if refresh {
				ts, err = pr.Refresh(context.Background(), "rt-prev")
			} else {
				op = "code exchange"
				ts, err = pr.exchange(context.Background(), "http://127.0.0.1:1/callback", "code", "verifier", nil, nil)
			}
			if (ts == nil) == (err == nil) {
				t.Fatalf("%s: ts = %v, err = %v; want exactly one", op, ts, err)
			}
			if err != nil {
				checkFuzzError(t, op, code, body, err)
				_, refused := errors.AsType[*auth.RefusedAnswerError](err) // an ID token failing a check a client must make
				if code >= 200 && code <= 299 && rv.object && rv.typedOK && rv.access != "" && !hasErrorMember(ctype, body) && !refused {
					t.Fatalf("%s: a token response with access token %q was refused: %v", op, rv.access, err)
				}
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
	var oe *auth.OAuthError
	isOAuth := errors.As(err, &oe)
	if (code < 200 || code > 299) && (!isOAuth || oe.Status != code) {
		t.Fatalf("HTTP %d: error %#v; want an OAuthError with that status", code, err)
	}
	if auth.NeedsLogin(err) != (isOAuth && oe.Code == "invalid_grant") {
		t.Fatalf("NeedsLogin = %v for %#v", auth.NeedsLogin(err), err)
	}
}

// hasErrorMember reports whether a body carries a non-empty "error" string.
func hasErrorMember(ctype string, body []byte) bool {
	media, _, _ := mime.ParseMediaType(ctype)
	if media == "application/x-www-form-urlencoded" || media == "text/plain" {
		v, _ := url.ParseQuery(string(body))
		return v.Get("error") != ""
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	var s string
	return json.Unmarshal(m["error"], &s) == nil && s != ""
}

func checkFuzzTokenSet(t *testing.T, op string, refresh bool, body []byte, rv responseView, ts *auth.TokenSet) {
	t.Helper()
	if !bytes.Equal(ts.Raw, body) {
		t.Fatalf("%s: Raw = %q; want the body %q", op, ts.Raw, body)
	}
	if !rv.object || !rv.typedOK {
		t.Fatalf("%s: accepted a body that is not a token response: %q", op, body)
	}
	if ts.AccessToken == "" || ts.AccessToken != rv.access || ts.Access.Raw != jose.TrimToken(ts.AccessToken) || ts.Bearer() != "Bearer "+ts.AccessToken {
		t.Fatalf("%s: access token %q (the body says %q) decoded as %q, Bearer %q", op, ts.AccessToken, rv.access, ts.Access.Raw, ts.Bearer())
	}
	if ts.TokenType != rv.typ {
		t.Fatalf("%s: TokenType = %q; the response says %q", op, ts.TokenType, rv.typ)
	}
	switch {
	case rv.refresh != "":
		if ts.RefreshToken != rv.refresh || ts.RefreshKept || ts.RefreshRotated != (refresh && rv.refresh != "rt-prev") {
			t.Fatalf("%s: RefreshToken = %q, kept = %v, rotated = %v; the response carries %q", op, ts.RefreshToken, ts.RefreshKept, ts.RefreshRotated, rv.refresh)
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
	if ts.ExpiresIn < 0 || ts.ExpiresIn > math.MaxInt32 {
		t.Fatalf("%s: ExpiresIn = %d; want 0…MaxInt32", op, ts.ExpiresIn)
	}
	if n, err := strconv.ParseInt(rv.expiresIn.String(), 10, 64); err == nil {
		if want := min(max(n, 0), math.MaxInt32); ts.ExpiresIn != want {
			t.Fatalf("%s: ExpiresIn = %d; the response says %q (want %d)", op, ts.ExpiresIn, rv.expiresIn, want)
		}
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
	fields := auth.ResponseFields(body)
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
