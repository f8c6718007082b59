package check

import (
	"encoding/json"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// CheckCertBinding names the check of a certificate-bound access token.
const CheckCertBinding = "cnf x5t#S256"

// CertBinding checks a certificate-bound access token (RFC 8705 §3.1): its
// cnf.x5t#S256 must be the thumbprint of the TLS client certificate the
// token was requested with. thumbprint is "" when no certificate was
// presented.
func CertBinding(d jose.Decoded, thumbprint string) Check {
	c := Check{Name: CheckCertBinding}
	bound := ""
	if f, ok := d.Claim("cnf"); ok {
		var cnf struct {
			X5T string `json:"x5t#S256"`
		}
		if json.Unmarshal(f.Raw, &cnf) == nil {
			bound = cnf.X5T
		}
	}
	switch {
	case !d.IsJWT() && thumbprint != "":
		c.Status, c.Reason = CheckUnknown, "not a JWT: introspection would say which certificate the token is bound to"
	case bound == "" && thumbprint == "":
		c.Status, c.Reason = CheckNotApplicable, "no client certificate, and the token names none"
	case bound == "":
		c.Status, c.Reason = CheckNotApplicable, "the token is not bound to the client certificate (no cnf.x5t#S256): a bearer token"
	case thumbprint == "":
		c.Status, c.Reason = CheckFail, "the token is bound to certificate "+bound+", but no client certificate is configured: every call with it will be refused"
	case bound != thumbprint:
		c.Status, c.Reason = CheckFail, "the token is bound to another certificate ("+bound+"), not to this client certificate ("+thumbprint+")"
	default:
		c.Status, c.Reason = CheckPass, "bound to this client certificate ("+thumbprint+")"
	}
	return c
}

// certBindingCheck is the access token's certificate check of a token set,
// when a certificate was presented or the token names one; ok is false when
// neither.
func certBindingCheck(ts *auth.TokenSet) (Check, bool) {
	c := CertBinding(ts.Access, ts.CertThumbprint)
	return c, c.Status != CheckNotApplicable || ts.CertThumbprint != ""
}
