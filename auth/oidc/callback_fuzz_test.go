package oidc

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"
)

// FuzzCallback feeds arbitrary redirect query strings and expected states to
// parseCallbackIss without an issuer check. Invariants: it never panics; a redirect ends the login
// (final) only when its state equals the login's state exactly and it
// carries a code or an error; the code and the provider's error are passed
// on unchanged; anything else is refused with a reason and no result.
func FuzzCallback(f *testing.F) {
	const st = "Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV6cXV1enF1dXo"
	for _, seed := range [][2]string{
		{"code=abc&state=" + st, st},
		{"code=abc&state=" + st + "x", st},
		{"code=abc&state=" + st[:10], st},
		{"code=abc", st},
		{"code=abc&state=", ""},
		{"code=abc", ""},
		{"state=" + st, st},
		{"state=" + st + "&code=", st},
		{"error=access_denied&error_description=User+said+no&state=" + st, st},
		{"error=access_denied&state=wrong", st},
		{"error=&code=c&state=" + st, st},
		{"error=server_error&code=c&state=" + st, st},
		{"error_uri=https%3A%2F%2Fx&error=e&state=" + st, st},
		{"state=a&state=" + st + "&code=c", st},
		{"state=" + st + "&state=a&code=c", st},
		{"code=a&code=b&state=" + st, st},
		{"state=%ZZ&code=c", "%ZZ"},
		{"state=a;b&code=c", "a;b"},
		{"state=%E2%82%AC&code=%00", "€"},
		{"state=\xff&code=c", "\xff"},
		{"", ""},
		{"&&&==&", "="},
		{"code=abc&iss=https%3A%2F%2Fidp.example&state=" + st, st},
		{"code=abc&iss=https%3A%2F%2Fidp.example%2F&state=" + st, st},
		{"code=abc&iss=https%3A%2F%2Fevil.example&state=" + st, st},
		{"error=access_denied&iss=&state=" + st, st},
		{"error=access_denied&iss=https%3A%2F%2Fidp.example&state=" + st, st},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, rawQuery, wantState string) {
		q, _ := url.ParseQuery(rawQuery) // what r.URL.Query() gives the handler
		res, final, err := parseCallbackIss(q, wantState, issCheck{})
		checkIss(t, q, wantState, res, final, err)

		stateOK := wantState != "" && q.Get("state") == wantState
		if !stateOK {
			if final || !errors.Is(err, errStateMismatch) || res != (callbackResult{}) {
				t.Fatalf("state %q vs %q: final=%v err=%v res=%+v; want refused for the state", q.Get("state"), wantState, final, err, res)
			}
			return
		}
		switch e, code := q.Get("error"), q.Get("code"); {
		case e != "":
			var ce *auth.CallbackError
			if !final || err != nil || res.code != "" || !errors.As(res.err, &ce) {
				t.Fatalf("error %q: final=%v err=%v res=%+v; want a final CallbackError", e, final, err, res)
			}
			if ce.Code != e || ce.Description != q.Get("error_description") || ce.URI != q.Get("error_uri") {
				t.Fatalf("CallbackError = %+v; want the provider's words unchanged", ce)
			}
		case code != "":
			if !final || err != nil || res.err != nil || res.code != code {
				t.Fatalf("code %q: final=%v err=%v res=%+v; want a final result with the code", code, final, err, res)
			}
		default:
			if final || !errors.Is(err, errNoCode) || res != (callbackResult{}) {
				t.Fatalf("no code: final=%v err=%v res=%+v; want refused", final, err, res)
			}
		}
		if final && (wantState == "" || q.Get("state") != wantState) {
			t.Fatal("final without the exact state")
		}
	})
}

// checkIss holds parseCallbackIss (RFC 9207, iss required) to: the same
// refusals as without the check, and for a final redirect an
// *IssMismatchError exactly when iss is not the issuer; otherwise the
// result without the check.
func checkIss(t *testing.T, q url.Values, wantState string, plain callbackResult, plainFinal bool, plainErr error) {
	t.Helper()
	const issuer = "https://idp.example"
	res, final, err := parseCallbackIss(q, wantState, issCheck{issuer: issuer, required: true})
	if final != plainFinal || !errors.Is(err, plainErr) && err != plainErr {
		t.Fatalf("with iss: final=%v err=%v; without: final=%v err=%v", final, err, plainFinal, plainErr)
	}
	if !final {
		return
	}
	var me *IssMismatchError
	wrong := strings.TrimSuffix(q.Get("iss"), "/") != issuer
	if errors.As(res.err, &me) != wrong {
		t.Fatalf("iss %q: result %+v; want a mismatch = %v", q.Get("iss"), res, wrong)
	}
	if !wrong && (res.code != plain.code || check.ErrText(res.err) != check.ErrText(plain.err)) {
		t.Fatalf("iss %q matches, yet the result %+v differs from %+v", q.Get("iss"), res, plain)
	}
}
