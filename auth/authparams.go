package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
)

// AuthRequest are the authorization request parameters a profile sets as
// fields of their own (OpenID Connect Core §3.1.2.1 and §5.5, RFC 9396)
// rather than as free AuthParams. Empty fields are not sent.
type AuthRequest struct {
	// Prompt is space-separated: none, login, consent, select_account, create.
	Prompt string `json:"prompt,omitempty"`
	// MaxAge, when set, is the max_age in seconds: the ID token must then
	// carry auth_time, no older than MaxAge seconds (§3.1.2.1).
	MaxAge *int64 `json:"max_age,omitempty"`
	// ACRValues are the requested authentication context classes,
	// space-separated, in order of preference (voluntary, §3.1.2.1).
	ACRValues   string `json:"acr_values,omitempty"`
	LoginHint   string `json:"login_hint,omitempty"`
	UILocales   string `json:"ui_locales,omitempty"`
	IDTokenHint string `json:"id_token_hint,omitempty"`
	// Claims is the claims request, a JSON object (§5.5).
	Claims json.RawMessage `json:"claims,omitempty"`
	// AuthorizationDetails is the rich authorization request, a JSON array
	// of objects each with a type (RFC 9396 §2).
	AuthorizationDetails json.RawMessage `json:"authorization_details,omitempty"`
}

// Prompt values (OpenID Connect Core §3.1.2.1, Initiating User Registration §4).
var PromptValues = []string{"none", "login", "consent", "select_account", "create"}

// authRequestKeys are the AuthParams keys that AuthRequest has fields for.
var authRequestKeys = []string{"prompt", "max_age", "acr_values", "login_hint", "ui_locales", "id_token_hint", "claims", "authorization_details"}

// Values returns the set parameters, as sent in an authorization request.
func (r AuthRequest) Values() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("prompt", r.Prompt)
	if r.MaxAge != nil {
		q.Set("max_age", strconv.FormatInt(*r.MaxAge, 10))
	}
	set("acr_values", r.ACRValues)
	set("login_hint", r.LoginHint)
	set("ui_locales", r.UILocales)
	set("id_token_hint", r.IDTokenHint)
	set("claims", compactJSON(r.Claims))
	set("authorization_details", compactJSON(r.AuthorizationDetails))
	return q
}

func compactJSON(b json.RawMessage) string {
	if len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return string(b)
	}
	return out.String()
}

// Clone returns a deep copy.
func (r AuthRequest) Clone() AuthRequest {
	if r.MaxAge != nil {
		v := *r.MaxAge
		r.MaxAge = &v
	}
	r.Claims = slices.Clone(r.Claims)
	r.AuthorizationDetails = slices.Clone(r.AuthorizationDetails)
	return r
}

// Validate reports a value the provider could not make sense of.
func (r AuthRequest) Validate() error {
	for _, p := range strings.Fields(r.Prompt) {
		if !slices.Contains(PromptValues, p) {
			return fmt.Errorf("prompt %q is not one of %s", p, strings.Join(PromptValues, ", "))
		}
	}
	if slices.Contains(strings.Fields(r.Prompt), "none") && len(strings.Fields(r.Prompt)) > 1 {
		return fmt.Errorf("prompt none cannot be combined with other values (OpenID Connect Core §3.1.2.1)")
	}
	if r.MaxAge != nil && *r.MaxAge < 0 {
		return fmt.Errorf("max_age %d is negative", *r.MaxAge)
	}
	if _, err := ParseClaimsRequest(r.Claims); err != nil {
		return err
	}
	if _, err := ParseAuthorizationDetails(r.AuthorizationDetails); err != nil {
		return err
	}
	return nil
}

// ParseMaxAge reads max_age in seconds ("" is none).
func ParseMaxAge(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("max_age %q is not a number of seconds", s)
	}
	return &n, nil
}

// ClaimsRequest is the claims parameter (OpenID Connect Core §5.5): for
// each of userinfo and id_token, the claims asked for by name.
type ClaimsRequest map[string]map[string]*ClaimRequest

// ClaimRequest is one requested claim: null (no member) or an object.
type ClaimRequest struct {
	Essential bool              `json:"essential,omitempty"`
	Value     json.RawMessage   `json:"value,omitempty"`
	Values    []json.RawMessage `json:"values,omitempty"`
}

// ParseClaimsRequest checks the claims parameter's shape: a JSON object
// whose members (userinfo, id_token) are objects of null or objects.
// Empty input is no claims request (nil).
func ParseClaimsRequest(b json.RawMessage) (ClaimsRequest, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	var cr ClaimsRequest
	if err := json.Unmarshal(b, &cr); err != nil {
		return nil, fmt.Errorf("claims: not a JSON object of userinfo/id_token requests (OpenID Connect Core §5.5): %w", err)
	}
	if cr == nil {
		return nil, fmt.Errorf("claims: null; want a JSON object such as {\"id_token\":{\"acr\":{\"essential\":true}}}")
	}
	return cr, nil
}

// ACR is what the claims request asks of the ID token's acr: whether it
// is essential and the values it may take (empty: any).
func (cr ClaimsRequest) ACR() (essential bool, values []string) {
	c := cr["id_token"]["acr"]
	if c == nil {
		return false, nil
	}
	var s string
	if json.Unmarshal(c.Value, &s) == nil && s != "" {
		values = append(values, s)
	}
	for _, v := range c.Values {
		if json.Unmarshal(v, &s) == nil && s != "" {
			values = append(values, s)
		}
	}
	return c.Essential, values
}

// AuthorizationDetail is one object of authorization_details (RFC 9396
// §2): its type and every member as sent.
type AuthorizationDetail struct {
	Type   string
	Fields map[string]json.RawMessage
}

// ParseAuthorizationDetails checks the shape of authorization_details: a
// JSON array of objects, each with a string type (RFC 9396 §2). Empty
// input is none (nil).
func ParseAuthorizationDetails(b json.RawMessage) ([]AuthorizationDetail, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("authorization_details: not a JSON array of objects (RFC 9396 §2): %w", err)
	}
	out := make([]AuthorizationDetail, 0, len(raw))
	for i, m := range raw {
		var t string
		if m == nil || json.Unmarshal(m["type"], &t) != nil || t == "" {
			return nil, fmt.Errorf("authorization_details[%d]: no type (every object needs a string type, RFC 9396 §2)", i)
		}
		out = append(out, AuthorizationDetail{Type: t, Fields: maps.Clone(m)})
	}
	return out, nil
}

// ReadJSONArg reads a JSON flag value: the JSON itself, or @FILE for a
// file's content. It is checked to be JSON, and compacted.
func ReadJSONArg(name, v string) (json.RawMessage, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	b := []byte(v)
	if path, ok := strings.CutPrefix(v, "@"); ok {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return nil, fmt.Errorf("%s: not JSON: %w", name, err)
	}
	return out.Bytes(), nil
}

// MigrateAuthParams moves the AuthParams keys that have fields of their
// own (prompt, max_age, …) into those fields when they are empty, so a
// config file written before they existed keeps working and shows them in
// the form. A value that does not parse stays in AuthParams.
func (p *Profile) MigrateAuthParams() {
	if len(p.AuthParams) == 0 {
		return
	}
	r := &p.AuthRequest
	move := func(k string, dst *string) {
		if v, ok := p.AuthParams[k]; ok && *dst == "" {
			*dst = v
			delete(p.AuthParams, k)
		}
	}
	move("prompt", &r.Prompt)
	move("acr_values", &r.ACRValues)
	move("login_hint", &r.LoginHint)
	move("ui_locales", &r.UILocales)
	move("id_token_hint", &r.IDTokenHint)
	if v, ok := p.AuthParams["max_age"]; ok && r.MaxAge == nil {
		if n, err := ParseMaxAge(v); err == nil && n != nil {
			r.MaxAge = n
			delete(p.AuthParams, "max_age")
		}
	}
	moveJSON := func(k string, dst *json.RawMessage) {
		if v, ok := p.AuthParams[k]; ok && len(*dst) == 0 && json.Valid([]byte(v)) {
			*dst = json.RawMessage(v)
			delete(p.AuthParams, k)
		}
	}
	moveJSON("claims", &r.Claims)
	moveJSON("authorization_details", &r.AuthorizationDetails)
	if len(p.AuthParams) == 0 {
		p.AuthParams = nil
	}
}

// AuthorizationParams are the extra authorization request parameters of
// the profile: AuthParams, overridden by the AuthRequest fields.
func (p Profile) AuthorizationParams() url.Values {
	q := url.Values{}
	for k, v := range p.AuthParams {
		q.Set(k, v)
	}
	for k, vs := range p.AuthRequest.Values() {
		q[k] = vs
	}
	return q
}

// RequestedMaxAge is the max_age the profile sends, from its field or
// AuthParams; ok is false when none is sent.
func (p Profile) RequestedMaxAge() (secs int64, ok bool) {
	if p.MaxAge != nil {
		return *p.MaxAge, true
	}
	if n, err := ParseMaxAge(p.AuthParams["max_age"]); err == nil && n != nil {
		return *n, true
	}
	return 0, p.AuthParams["max_age"] != ""
}

// RequestedACR is what the profile asks of the ID token's acr: the
// acr_values sent (voluntary), and whether the claims request makes acr
// essential, with the values it then allows.
func (p Profile) RequestedACR() (voluntary []string, essential bool, essentialValues []string) {
	q := p.AuthorizationParams()
	voluntary = strings.Fields(q.Get("acr_values"))
	cr, _ := ParseClaimsRequest(json.RawMessage(q.Get("claims")))
	essential, essentialValues = cr.ACR()
	return voluntary, essential, essentialValues
}

// GrantedAuthorizationDetails returns the authorization_details member of
// a token response (RFC 9396 §7), nil when it has none.
func (t *TokenSet) GrantedAuthorizationDetails() json.RawMessage {
	for _, f := range t.Fields {
		if f.Name == "authorization_details" {
			return f.Value
		}
	}
	return nil
}

// IsZero reports whether no parameter is set.
func (r AuthRequest) IsZero() bool { return len(r.Values()) == 0 }
