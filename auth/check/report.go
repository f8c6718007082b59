package check

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// TokenReport is the JSON form of one decoded token, as the CLI prints it.
type TokenReport struct {
	Decoded      jose.Decoded
	Now          time.Time     // for expires_in_seconds
	Verification *Verification // nil when not checked
	Checks       *Report       // nil when not validated
	// Extra members are printed last, in order.
	Extra []auth.ResponseField
}

func marshal(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func ErrText(err error) any {
	if err == nil {
		return nil
	}
	return err.Error()
}

// timeReport is how a registered time claim is printed.
type timeReport struct {
	Unix  int64  `json:"unix"`
	UTC   string `json:"utc"`
	Local string `json:"local"`
}

// MarshalJSON prints format, header and claims in token order, times in
// readable form, the time left until exp, problems and verification.
func (r TokenReport) MarshalJSON() ([]byte, error) {
	d := r.Decoded
	var names []string
	var vals []json.RawMessage
	add := func(n string, v json.RawMessage) { names = append(names, n); vals = append(vals, v) }
	add("format", marshal(d.Format))
	add("length", marshal(d.Length))
	if d.Format == jose.FormatJWT {
		var b bytes.Buffer
		jose.FieldsObject(&b, d.Header)
		add("header", b.Bytes())
		if d.HeaderErr != nil {
			add("header_error", marshal(ErrText(d.HeaderErr)))
		}
		var c bytes.Buffer
		jose.FieldsObject(&c, d.Claims)
		add("claims", c.Bytes())
		if d.ClaimsErr != nil {
			add("claims_error", marshal(ErrText(d.ClaimsErr)))
		}
		add("signature_bytes", marshal(len(d.Signature)))
		times := map[string]timeReport{}
		for _, f := range d.Claims {
			if !f.Time.IsZero() {
				times[f.Name] = timeReport{Unix: f.Time.Unix(), UTC: f.Time.UTC().Format(time.RFC3339), Local: f.Time.Local().Format(time.RFC3339)}
			}
		}
		if len(times) > 0 {
			add("times", marshal(times))
		}
		if left, ok := d.ExpiresIn(r.Now); ok {
			add("expires_in_seconds", marshal(int64(left.Round(time.Second)/time.Second)))
			add("expired", marshal(left <= 0))
		}
	}
	if len(d.Problems) > 0 {
		add("problems", marshal(d.Problems))
	}
	if r.Verification != nil {
		sig := map[string]any{"status": string(r.Verification.Status), "detail": r.Verification.Detail}
		if r.Verification.KeySource != "" {
			sig["key_source"] = r.Verification.KeySource
		}
		if r.Verification.Key != nil {
			sig["key"] = r.Verification.Key
		}
		add("signature", marshal(sig))
	}
	if r.Checks != nil {
		add("checks", marshal(nonNilChecks(r.Checks.Checks)))
	}
	for _, x := range r.Extra {
		add(x.Name, x.Value)
	}
	var out bytes.Buffer
	jose.OrderedObject(&out, names, vals)
	return out.Bytes(), nil
}

// nonNilChecks makes an empty list print as [] rather than null.
func nonNilChecks(cs []Check) []Check {
	if cs == nil {
		return []Check{}
	}
	return cs
}

// SetReport is the JSON form of a token set, as the CLI prints it.
type SetReport struct {
	Set    *auth.TokenSet
	Now    time.Time
	Verify func(jose.Decoded) *Verification // nil: do not verify
	// Validation, when set, adds each token's "checks"; it carries the
	// signature results too, so Verify is then not called.
	Validation *SetValidation
	// Defaults, when not nil, is printed as "defaults": the settings the
	// client chose because the profile set none, and why.
	Defaults any
}

// MarshalJSON prints the response fields, the tokens, and each token decoded.
func (r SetReport) MarshalJSON() ([]byte, error) {
	t := r.Set
	report := func(d jose.Decoded, rep *Report) TokenReport {
		tr := TokenReport{Decoded: d, Now: r.Now}
		if rep != nil {
			tr.Checks = rep
			tr.Verification = rep.Signature()
		} else if r.Verify != nil {
			tr.Verification = r.Verify(d)
		}
		return tr
	}
	var access, refresh, id *Report
	if v := r.Validation; v != nil {
		access, refresh, id = &v.Access, &v.Refresh, &v.ID
	}
	out := map[string]any{
		"received_at":   t.ReceivedAt.UTC().Format(time.RFC3339Nano),
		"token_type":    t.TokenType,
		"access_token":  t.AccessToken,
		"access":        report(t.Access, access),
		"refresh_kept":  t.RefreshKept,
		"response_body": json.RawMessage(validJSONOrNull(t.Raw)),
	}
	if t.ExpiresIn > 0 {
		out["expires_in"] = t.ExpiresIn
	}
	if t.Scope != "" {
		out["scope"] = t.Scope
	}
	if t.RefreshToken != "" {
		out["refresh_token"] = t.RefreshToken
		out["refresh"] = report(t.Refresh, refresh)
	}
	if t.IDToken != "" {
		out["id_token"] = t.IDToken
		out["id"] = report(t.ID, id)
	}
	if links := LinkTokens(t.Access, t.Refresh, t.ID); len(links) > 0 {
		out["links"] = links
	}
	if t.IssuedTokenType != "" {
		out["issued_token_type"] = t.IssuedTokenType
	}
	if t.DPoP != nil {
		out["dpop_jkt"] = t.DPoP.Thumbprint()
	}
	if t.CertThumbprint != "" {
		out["tls_client_certificate"] = map[string]string{"x5t#S256": t.CertThumbprint}
	}
	if t.GrantAssertion != nil {
		out["assertion"] = TokenReport{Decoded: *t.GrantAssertion, Now: r.Now}
	}
	if t.ClientAssertion != nil {
		out["client_assertion"] = TokenReport{Decoded: *t.ClientAssertion, Now: r.Now}
	}
	if v := r.Validation; v != nil && v.FAPI2 != nil {
		out["fapi2"] = v.FAPI2
	}
	if t.RequestObject != nil {
		out["request_object"] = TokenReport{Decoded: *t.RequestObject, Now: r.Now}
	}
	if jr := t.AuthorizationResponse; jr != nil {
		out["authorization_response"] = responseJWTReport{TokenReport: TokenReport{Decoded: jr.Decoded, Now: r.Now}, Encryption: jr.Encryption, Checks: jr.Checks}
	}
	if ad := t.GrantedAuthorizationDetails(); ad != nil {
		out["authorization_details"] = ad
	}
	if r.Defaults != nil {
		out["defaults"] = r.Defaults
	}
	return json.Marshal(out)
}

func validJSONOrNull(b []byte) []byte {
	if json.Valid(b) {
		return b
	}
	return []byte("null")
}

// responseJWTReport prints a JWT-secured authorization response (JARM):
// decoded, its encryption, and its checks.
type responseJWTReport struct {
	TokenReport
	Encryption string
	Checks     []auth.ResponseCheck
}

// MarshalJSON adds encryption and checks to the token report.
func (r responseJWTReport) MarshalJSON() ([]byte, error) {
	b, err := r.TokenReport.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	type check struct {
		Name   string `json:"name"`
		Status string `json:"status"`
		Reason string `json:"reason"`
	}
	checks := make([]check, 0, len(r.Checks))
	for _, c := range r.Checks {
		st := CheckPass
		if !c.OK {
			st = CheckFail
		}
		checks = append(checks, check{c.Name, string(st), c.Reason})
	}
	m["checks"] = marshal(checks)
	if r.Encryption != "" {
		m["encryption"] = marshal(r.Encryption)
	}
	return json.Marshal(m)
}
