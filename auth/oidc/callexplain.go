package oidc

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Fixes a refusal's explanation can offer.
const (
	FixLogin   = "login"   // log in again (with Scope, when set)
	FixRefresh = "refresh" // refresh the tokens, then call again
	FixRetry   = "retry"   // send the request again (a fresh DPoP proof with the server's nonce)
)

// Refusal explains a protected resource's 401 or 403 answer from its
// WWW-Authenticate challenge (RFC 6750 §3, RFC 9449 §7.1, RFC 9728 §5.1).
type Refusal struct {
	Scheme      string `json:"scheme,omitempty"` // the challenge read: Bearer or DPoP
	Error       string `json:"error,omitempty"`
	Description string `json:"error_description,omitempty"`
	// Scope is the scope the resource asks for (insufficient_scope).
	Scope string `json:"scope,omitempty"`
	// ResourceMetadata is where the resource describes itself (RFC 9728).
	ResourceMetadata string `json:"resource_metadata,omitempty"`
	// Explanation says what the answer means, in a sentence or two.
	Explanation string `json:"explanation"`
	// Fix is what would help (FixLogin, FixRefresh, FixRetry), "" when
	// nothing on this side would.
	Fix string `json:"fix,omitempty"`
}

// ExplainRefusal explains a call's answer when it is a 401 or 403 or
// carries a challenge; nil otherwise.
func ExplainRefusal(a *CallAnswer) *Refusal {
	if a == nil || (a.Status != http.StatusUnauthorized && a.Status != http.StatusForbidden && len(a.Challenges) == 0) {
		return nil
	}
	r := &Refusal{}
	// The challenge of the scheme the token was sent with says most; else
	// the first one naming an error; else the first.
	var ch *auth.Challenge
	for _, pick := range []func(c auth.Challenge) bool{
		func(c auth.Challenge) bool { return a.Scheme != "" && strings.EqualFold(c.Scheme, a.Scheme) },
		func(c auth.Challenge) bool { return c.Params["error"] != "" },
		func(auth.Challenge) bool { return true },
	} {
		for i := range a.Challenges {
			if ch == nil && pick(a.Challenges[i]) {
				ch = &a.Challenges[i]
			}
		}
	}
	if ch != nil {
		r.Scheme, r.Error, r.Description = ch.Scheme, ch.Params["error"], ch.Params["error_description"]
		r.Scope, r.ResourceMetadata = ch.Params["scope"], ch.Params["resource_metadata"]
	}
	desc := ""
	if r.Description != "" {
		desc = " (" + r.Description + ")"
	}
	switch r.Error {
	case "insufficient_scope":
		r.Fix = FixLogin
		if r.Scope != "" {
			r.Explanation = fmt.Sprintf("The token lacks the scope this resource wants: %q%s. Log in again asking for it.", r.Scope, desc)
		} else {
			r.Explanation = "The token lacks a scope this resource wants" + desc + "; the challenge does not say which."
		}
	case "invalid_token":
		r.Fix = FixRefresh
		r.Explanation = "The resource refused the token: invalid_token" + desc + ". It may have expired, been revoked, or have been issued for another resource (its aud); refresh, or log in for this resource."
	case "use_dpop_nonce":
		r.Fix = FixRetry
		r.Explanation = "The resource wants a DPoP proof carrying its nonce (DPoP-Nonce header, RFC 9449 §9)" + desc + "; sending again uses it."
	case "invalid_dpop_proof":
		r.Fix = FixRetry
		r.Explanation = "The resource refused the DPoP proof" + desc + " (RFC 9449 §7.1): a wrong method or URL, an old iat, or a reused jti; sending again makes a new one."
	case "invalid_request":
		r.Explanation = "The resource says the request is malformed" + desc + " (RFC 6750 §3.1): e.g. a token sent twice or in two ways."
	case "":
		switch {
		case a.Scheme == "" && a.Status == http.StatusUnauthorized:
			r.Fix = FixLogin
			r.Explanation = "The resource wants a token"
			if r.Scheme != "" {
				r.Explanation += " (" + r.Scheme + " scheme"
				if ch != nil && ch.Params["realm"] != "" {
					r.Explanation += ", realm " + ch.Params["realm"]
				}
				r.Explanation += ")"
			}
			if r.Scope != "" {
				r.Explanation += " with scope " + r.Scope
			}
			r.Explanation += "; none was sent."
		case a.Status == http.StatusForbidden:
			r.Explanation = "The resource accepted who you are but refuses this request (403 without an error code): its own rules, e.g. a role or group the token lacks."
		case a.Status == http.StatusUnauthorized:
			r.Fix = FixRefresh
			r.Explanation = "The resource refused the token without saying why (401 without an error code); refresh it, or log in again."
		default:
			r.Explanation = "The resource sent a challenge with a " + a.StatusText() + " answer."
		}
	default:
		r.Explanation = "The resource refused the request: " + r.Error + desc + "."
	}
	if r.ResourceMetadata != "" {
		r.Explanation += " It describes itself at " + r.ResourceMetadata + " (RFC 9728)."
	}
	return r
}
