package oidc

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// AuthorizationResponseOp is the Op of a refused JWT-secured authorization
// response (JARM): no code was exchanged, so there are no tokens.
const AuthorizationResponseOp = "authorization response"

// openJARM reads a JWT-secured authorization response (JARM §4): the
// response parameter, decrypted with the client's key when it is a JWE,
// its alg checked against the provider's authorization_signing_alg_values_supported
// (and FAPI 2.0's three for such a profile), its signature checked with
// the provider's JWKS and its iss, aud and exp checked (§4.4). params are the response's own parameters (code, state,
// error…) for parseCallbackIss.
//
// A response whose state is not this login's is no answer to it (anyone on
// this machine can reach the listener): err is then errStateMismatch and
// the login waits on. A response to this login that fails a check is
// final: refused is an *auth.RefusedAnswerError carrying the response for
// display, and its code is never exchanged.
func (pr *Provider) openJARM(ctx context.Context, q url.Values, wantState string) (params url.Values, jr *auth.ResponseJWT, refused, err error) {
	raw := q.Get("response")
	if raw == "" {
		if q.Get("state") != wantState || wantState == "" {
			return nil, nil, nil, errStateMismatch
		}
		if q.Get("error") != "" {
			// A plain error (the provider may not know the mode): shown,
			// and nothing is trusted from it.
			return q, nil, nil, nil
		}
		fail := check.Check{Name: "response", Status: check.CheckFail,
			Reason: fmt.Sprintf("the provider answered without a response JWT, although the login asked for response_mode %s", pr.profile.ResponseMode)}
		return nil, nil, check.RefusalOf(AuthorizationResponseOp, nil, fail), nil
	}
	jr = &auth.ResponseJWT{}
	var checks []check.Check
	add := func(name string, st check.CheckStatus, format string, a ...any) {
		checks = append(checks, check.Check{Name: name, Status: st, Reason: fmt.Sprintf(format, a...)})
	}
	inner := raw
	if outer := jose.UnverifiedDecode(raw); outer.IsJWE() {
		alg, enc, _, _ := jose.JWEHeader(outer)
		jr.Encryption = alg + " · " + enc
		dec, derr := pr.decryptResponse(raw)
		if derr != nil {
			jr.Decoded = outer
			add("decryption", check.CheckFail, "%v", derr)
			return nil, jr, pr.jarmRefusal(jr, checks), nil
		}
		add("decryption", check.CheckPass, "%s decrypted with the client key", jr.Encryption)
		inner = string(dec)
	}
	d := jose.UnverifiedDecode(inner)
	jr.Decoded = d
	state, _ := responseClaim(d, "state")
	if wantState == "" || state != wantState {
		return nil, nil, nil, errStateMismatch
	}
	if !d.IsJWT() || d.IsJWE() {
		add("format", check.CheckFail, "the response is not a signed JWT")
		return nil, jr, pr.jarmRefusal(jr, checks), nil
	}
	algs := pr.endpoints.Supported.AuthorizationSigningAlgs
	switch {
	case pr.profile.FAPI2() && !slices.Contains(auth.FAPI2Algs, d.Alg):
		add("alg", check.CheckFail, "%s; FAPI 2.0 (§5.4) allows PS256, ES256 or EdDSA", d.Alg)
	case len(algs) == 0:
		add("alg", check.CheckPass, "%s (the provider lists no authorization_signing_alg_values_supported)", d.Alg)
	case slices.Contains(algs, d.Alg):
		add("alg", check.CheckPass, "%s, one of the provider's authorization_signing_alg_values_supported", d.Alg)
	default:
		add("alg", check.CheckFail, "%s is not one of the algorithms the provider signs response JWTs with (authorization_signing_alg_values_supported: %s)",
			d.Alg, strings.Join(algs, ", "))
	}
	v := pr.verifier.Verify(ctx, d)
	if v.Status == check.SigVerified {
		add("signature", check.CheckPass, "%s", v.Detail)
	} else {
		add("signature", check.CheckFail, "%s: %s (a response JWT must be signed with the provider's keys)", v.Status, v.Detail)
	}
	iss, _ := responseClaim(d, "iss")
	switch {
	case pr.endpoints.Issuer == "":
		add("iss", check.CheckUnknown, "%q; the provider's issuer is not known (no discovery)", iss)
	case iss == "":
		add("iss", check.CheckFail, "missing: a response JWT must name its issuer")
	case strings.TrimSuffix(iss, "/") == strings.TrimSuffix(pr.endpoints.Issuer, "/"):
		add("iss", check.CheckPass, "%q is the provider's issuer", iss)
	default:
		add("iss", check.CheckFail, "%q is not the provider's issuer %q", iss, pr.endpoints.Issuer)
	}
	switch {
	case len(d.Audience) == 0:
		add("aud", check.CheckFail, "missing: a response JWT must name the client as audience")
	case slices.Contains(d.Audience, pr.profile.ClientID):
		add("aud", check.CheckPass, "%q is this client", strings.Join(d.Audience, " "))
	default:
		add("aud", check.CheckFail, "%q is not this client %q (a response meant for another client)", strings.Join(d.Audience, " "), pr.profile.ClientID)
	}
	now := pr.env.Now()
	switch {
	case d.ExpiresAt.IsZero():
		add("exp", check.CheckFail, "missing: a response JWT must expire")
	case now.After(d.ExpiresAt.Add(check.DefaultLeeway)):
		add("exp", check.CheckFail, "expired at %s", d.ExpiresAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	default:
		add("exp", check.CheckPass, "valid until %s", d.ExpiresAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if refused := pr.jarmRefusal(jr, checks); refused != nil {
		return nil, jr, refused, nil
	}
	params = url.Values{}
	for _, k := range []string{"code", "state", "error", "error_description", "error_uri", "iss"} {
		if s, ok := responseClaim(d, k); ok {
			params.Set(k, s)
		}
	}
	return params, jr, nil, nil
}

// jarmRefusal records checks in jr and refuses the response when one failed.
func (pr *Provider) jarmRefusal(jr *auth.ResponseJWT, checks []check.Check) error {
	var fails []check.Check
	for _, c := range checks {
		jr.Checks = append(jr.Checks, auth.ResponseCheck{Name: c.Name, OK: c.Status != check.CheckFail, Reason: c.Reason})
		if c.Status == check.CheckFail {
			fails = append(fails, c)
		}
	}
	if len(fails) == 0 {
		return nil
	}
	return check.RefusalOf(AuthorizationResponseOp, &auth.TokenSet{AuthorizationResponse: jr, ReceivedAt: pr.env.Now()}, fails...)
}

// decryptResponse opens an encrypted response JWT with the client's key
// file (JARM §4.3: encrypted to the client's registered key).
func (pr *Provider) decryptResponse(raw string) ([]byte, error) {
	if pr.profile.ClientKeyFile == "" {
		return nil, fmt.Errorf("the response JWT is encrypted to the client's key, but the profile has no client key file (--client-key)")
	}
	key, err := os.ReadFile(pr.profile.ClientKeyFile)
	if err != nil {
		return nil, fmt.Errorf("client key: %w", err)
	}
	dec, err := jose.DecryptJWE(raw, key)
	if err != nil {
		return nil, err
	}
	return dec.Plaintext, nil
}

// responseClaim returns a string claim of d.
func responseClaim(d jose.Decoded, name string) (string, bool) {
	f, ok := d.Claim(name)
	if !ok {
		return "", false
	}
	s, ok := f.Value.(string)
	return s, ok
}
