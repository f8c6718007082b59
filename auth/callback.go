package auth

import (
	"crypto/subtle"
	"errors"
	"net/url"
)

// callbackResult is the outcome of one valid redirect to the loopback listener.
type callbackResult struct {
	code string
	err  error // *CallbackError from the provider
}

// errStateMismatch and errNoCode are answered with an error page; they do
// not end the wait, because anyone on this machine can reach the listener.
var (
	errStateMismatch = errors.New("the state parameter does not match this login (stale tab or forged request)")
	errNoCode        = errors.New("the redirect carried neither a code nor an error")
)

// parseCallback judges a redirect's query. final is true when the login ends
// with res; otherwise err says why the request was refused.
func parseCallback(q url.Values, wantState string) (res callbackResult, final bool, err error) {
	state := q.Get("state")
	if wantState == "" || subtle.ConstantTimeCompare([]byte(state), []byte(wantState)) != 1 {
		return callbackResult{}, false, errStateMismatch
	}
	if e := q.Get("error"); e != "" {
		return callbackResult{err: &CallbackError{Code: e, Description: q.Get("error_description"), URI: q.Get("error_uri")}}, true, nil
	}
	code := q.Get("code")
	if code == "" {
		return callbackResult{}, false, errNoCode
	}
	return callbackResult{code: code}, true, nil
}
