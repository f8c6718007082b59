package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// claimHints are short meanings of registered and common claims.
var claimHints = map[string]string{
	"iss": "issuer", "sub": "subject (user id)", "aud": "audience", "exp": "expires at",
	"nbf": "not valid before", "iat": "issued at", "jti": "token id", "auth_time": "user authenticated at",
	"nonce": "login nonce", "at_hash": "access token hash", "c_hash": "code hash", "azp": "authorized party",
	"scope": "granted scopes", "scp": "granted scopes", "client_id": "client", "ati": "access token id (jti) this refresh token belongs to",
	"sid": "session id", "acr": "auth context class", "amr": "auth methods", "email": "e-mail",
	"email_verified": "e-mail verified", "name": "display name", "authorities": "roles",
	"data_center": "data centre", "personid": "Decathlon person id", "fid": "token family id",
	"alg": "signature algorithm", "kid": "key id", "typ": "type", "cty": "content type",
	"roles": "roles", "groups": "groups", "preferred_username": "user name",
}

// claimRow is one line of a claims table.
type claimRow struct {
	Name, Value, Readable string
	// Path is the names from the top-level claim down (claimtree.go);
	// Header is set for header members; Copy is what Copy value copies;
	// Depth is 0 for top-level rows.
	Path   []string
	Header bool
	Copy   string
	Depth  int
}

// claimRows renders fields in token order; times are shown local and UTC
// with a hint, arrays joined, and links to other tokens marked.
func claimRows(fields []jose.Field, links map[string]string) []claimRow {
	rows := make([]claimRow, 0, len(fields))
	for _, f := range fields {
		r := claimRow{Name: f.Name, Value: valueText(f)}
		var parts []string
		if !f.Time.IsZero() {
			parts = append(parts, timeText(f.Time))
		}
		switch v := f.Value.(type) {
		case []any:
			if len(v) > 1 {
				parts = append(parts, fmt.Sprintf("%d values", len(v)))
			} else if len(v) == 0 {
				parts = append(parts, emptyHint(f.Name, "array"))
			}
		case map[string]any:
			if len(v) == 0 {
				parts = append(parts, emptyHint(f.Name, "object"))
			}
		}
		if h := claimHints[f.Name]; h != "" {
			parts = append(parts, h)
		}
		if l := links[f.Name]; l != "" {
			parts = append(parts, l)
		}
		r.Readable = strings.Join(parts, " · ")
		rows = append(rows, r)
	}
	return rows
}

// emptyHint explains an empty array or object claim.
func emptyHint(name, what string) string {
	if name == "aud" {
		return "empty array: the token names no audience"
	}
	return "empty " + what + ": the claim is present but holds nothing"
}

// valueText shows a claim value: strings bare, arrays of strings joined
// with " · ", empty arrays and objects as [] and {}, everything else as
// compact JSON.
func valueText(f jose.Field) string {
	switch v := f.Value.(type) {
	case string:
		return v
	case map[string]any:
		if len(v) == 0 {
			return "{}"
		}
	case []any:
		if len(v) == 0 {
			return "[]"
		}
		strs := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return string(f.Raw)
			}
			strs = append(strs, s)
		}
		return strings.Join(strs, " · ")
	}
	if len(f.Raw) == 0 {
		b, _ := json.Marshal(f.Value)
		return string(b)
	}
	return string(f.Raw)
}

// timeText shows an instant in local time and UTC.
func timeText(t time.Time) string {
	local := t.Local()
	s := local.Format("2006-01-02 15:04:05 MST")
	if _, off := local.Zone(); off != 0 {
		s += " (" + t.UTC().Format("15:04:05") + " UTC)"
	}
	return s
}
