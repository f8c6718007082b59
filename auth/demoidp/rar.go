package demoidp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// authorizationDetailsTypes are the authorization_details types this
// provider grants (RFC 9396 §2); any other type is refused with
// invalid_authorization_details (§5).
var authorizationDetailsTypes = []string{"payment_initiation", "account_information"}

// acrValues are the authentication context classes this provider can
// claim: a password sign-in and one with a second factor.
var acrValues = []string{"urn:tokeninspector:demo:pwd", "urn:tokeninspector:demo:mfa"}

// parseAuthorizationDetails reads authorization_details: a JSON array of
// objects, each of a type this provider knows. The granted details are the
// requested ones, compacted.
func parseAuthorizationDetails(raw string) (json.RawMessage, *oauthError) {
	if raw == "" {
		return nil, nil
	}
	var details []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &details); err != nil {
		return nil, newError("invalid_authorization_details", "authorization_details is not a JSON array of objects")
	}
	for i, d := range details {
		var t string
		if json.Unmarshal(d["type"], &t) != nil || t == "" {
			return nil, newError("invalid_authorization_details", fmt.Sprintf("authorization_details[%d] has no type", i))
		}
		if !slices.Contains(authorizationDetailsTypes, t) {
			return nil, newError("invalid_authorization_details", fmt.Sprintf("authorization_details type %q is not supported (%s)", t, strings.Join(authorizationDetailsTypes, ", ")))
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // granted as asked: "<" stays "<", not "\u003c"
	if err := enc.Encode(details); err != nil {
		return nil, newError("invalid_authorization_details", "authorization_details cannot be granted")
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

// detailsForPage is each object of granted authorization_details indented,
// for the sign-in and device pages: what the user approves, as the client
// asked for it.
func detailsForPage(details json.RawMessage) []string {
	var objs []json.RawMessage
	if json.Unmarshal(details, &objs) != nil {
		return nil
	}
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		var b bytes.Buffer
		if json.Indent(&b, o, "", "  ") == nil {
			out = append(out, b.String())
		}
	}
	return out
}

// acrFor picks the acr of the ID token (OpenID Connect Core §3.1.2.1,
// §5.5.1.1): the first of the claims request's acr values, then of
// acr_values, that this provider supports; "" when none was asked. An
// essential acr this provider cannot satisfy fails the request
// (unmet_authentication_requirements).
func acrFor(q url.Values) (string, *oauthError) {
	var essential bool
	var wanted []string
	if raw := q.Get("claims"); raw != "" {
		var cr struct {
			IDToken map[string]*struct {
				Essential bool     `json:"essential"`
				Value     string   `json:"value"`
				Values    []string `json:"values"`
			} `json:"id_token"`
		}
		if err := json.Unmarshal([]byte(raw), &cr); err != nil {
			return "", newError("invalid_request", "claims is not a JSON object (OpenID Connect Core §5.5)")
		}
		if c, ok := cr.IDToken["acr"]; ok {
			if c == nil {
				wanted = slices.Clone(acrValues[:1])
			} else {
				essential = c.Essential
				if c.Value != "" {
					wanted = append(wanted, c.Value)
				}
				wanted = append(wanted, c.Values...)
				if len(wanted) == 0 {
					wanted = slices.Clone(acrValues[:1])
				}
			}
		}
	}
	wanted = append(wanted, strings.Fields(q.Get("acr_values"))...)
	for _, w := range wanted {
		if slices.Contains(acrValues, w) {
			return w, nil
		}
	}
	if essential {
		return "", newError("unmet_authentication_requirements", "the essential acr cannot be satisfied (supported: "+strings.Join(acrValues, ", ")+")")
	}
	if len(wanted) > 0 {
		return acrValues[0], nil // voluntary: the provider says what it did
	}
	return "", nil
}
