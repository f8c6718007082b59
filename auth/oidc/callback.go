package oidc

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// callbackResult is the outcome of one valid redirect to the loopback listener.
type callbackResult struct {
	code string
	err  error             // *CallbackError from the provider
	jarm *auth.ResponseJWT // the JWT-secured response the code came in, when JARM
}

// errStateMismatch and errNoCode are answered with an error page; they do
// not end the wait, because anyone on this machine can reach the listener.
var (
	errStateMismatch = errors.New("the state parameter does not match this login (stale tab or forged request)")
	errNoCode        = errors.New("the redirect carried neither a code nor an error")
)

// issCheck is the RFC 9207 check of one login: the issuer the callback's
// iss must equal, and whether the provider promised to send it.
type issCheck struct {
	issuer   string // "" when the profile has no issuer (no discovery)
	required bool   // authorization_response_iss_parameter_supported, or FAPI 2.0
	fapi2    bool   // the FAPI 2.0 profile requires iss whatever the metadata says
}

// IssMismatchError says the authorization response came from another
// issuer than the one the login started with (RFC 9207 mix-up defence).
type IssMismatchError struct {
	Got, Want string // Got is "" when iss was missing
	// FAPI2 is true when iss was required by the FAPI 2.0 profile.
	FAPI2 bool
}

// Error says what was expected and what came.
func (e *IssMismatchError) Error() string {
	if e.Got == "" && e.FAPI2 {
		return fmt.Sprintf("login: the authorization response from %s has no iss, which the FAPI 2.0 Security Profile (§5.3, RFC 9207) requires; refused", e.Want)
	}
	if e.Got == "" {
		return fmt.Sprintf("login: the authorization response has no iss, but the provider %s promised one (RFC 9207); refused", e.Want)
	}
	return fmt.Sprintf("login: the authorization response's iss %q is not this provider's issuer %q (RFC 9207 mix-up defence); refused", e.Got, e.Want)
}

// parseCallbackIss judges a redirect's query. final is true when the login
// ends with res; otherwise err says why the request was refused. With the
// RFC 9207 check of ic, a response whose state is right but whose iss is
// wrong (or missing when promised) ends the login with an *IssMismatchError;
// a zero ic checks nothing about iss.
func parseCallbackIss(q url.Values, wantState string, ic issCheck) (res callbackResult, final bool, err error) {
	state := q.Get("state")
	if wantState == "" || subtle.ConstantTimeCompare([]byte(state), []byte(wantState)) != 1 {
		return callbackResult{}, false, errStateMismatch
	}
	if q.Get("error") == "" && q.Get("code") == "" {
		return callbackResult{}, false, errNoCode
	}
	if ic.issuer != "" {
		got, has := q.Get("iss"), q.Has("iss")
		if (has || ic.required) && strings.TrimSuffix(got, "/") != strings.TrimSuffix(ic.issuer, "/") {
			return callbackResult{err: &IssMismatchError{Got: got, Want: ic.issuer, FAPI2: ic.fapi2}}, true, nil
		}
	}
	if e := q.Get("error"); e != "" {
		return callbackResult{err: &auth.CallbackError{Code: e, Description: q.Get("error_description"), URI: q.Get("error_uri")}}, true, nil
	}
	code := q.Get("code")
	if code == "" {
		return callbackResult{}, false, errNoCode
	}
	return callbackResult{code: code}, true, nil
}

// loopbackGuard refuses what is not the browser's redirect before it
// reaches the callback handler:
//   - a Host other than 127.0.0.1:PORT. A page on rebind.example whose name
//     is made to resolve to 127.0.0.1 (DNS rebinding) reaches this port
//     with its own Host; the real redirect always names 127.0.0.1:PORT.
//   - any method but GET — or, when the login asked for response_mode
//     form_post, POST: then the provider's page posts the response, and a
//     GET can only be something else.
//   - any path but /callback, exactly: 404, never a file, and no redirect
//     to a cleaned path either.
//
// Neither the Host nor anything else of the request is echoed back.
func loopbackGuard(port int, formPost bool, next http.Handler) http.Handler {
	want := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	method, detail := http.MethodGet, "The login redirect is a GET request."
	if formPost {
		method, detail = http.MethodPost, "This login's response is posted by the provider's form (response_mode form_post)."
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Host != want:
			writePage(w, http.StatusMisdirectedRequest, pageData{ID: "refused", Class: "err", Title: "Not accepted",
				Detail: "This address only takes the login redirect to " + want + "."})
		case r.Method != method:
			w.Header().Set("Allow", method)
			writePage(w, http.StatusMethodNotAllowed, pageData{ID: "refused", Class: "err", Title: "Not accepted",
				Detail: detail})
		case r.URL.Path != "/callback" || r.URL.RawPath != "":
			writePage(w, http.StatusNotFound, pageData{ID: "refused", Class: "err", Title: "Not found",
				Detail: "This address only takes the login redirect."})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// maxCallbackForm bounds the body of a form_post response.
const maxCallbackForm = 64 << 10

// callbackParams are the authorization response's parameters: the query of
// a redirect, or the url-encoded body of a form_post (its query ignored, so
// that nothing can be smuggled beside the posted form).
func callbackParams(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if r.Method != http.MethodPost {
		return r.URL.Query(), nil
	}
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(ct), "application/x-www-form-urlencoded") {
		return nil, errors.New("the posted response is not a url-encoded form (response_mode form_post)")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCallbackForm)
	if err := r.ParseForm(); err != nil {
		return nil, fmt.Errorf("the posted response could not be read: %w", err)
	}
	return r.PostForm, nil
}
