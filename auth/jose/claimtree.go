package jose

import (
	"encoding/json"
	"fmt"
	"slices"
)

// PathSep joins the names of a nested claim's path for display:
// "realm_access › roles".
const PathSep = " › "

// ClaimNode is one row of a claims tree: a claim, a member of an object
// claim, or an element of an array claim.
type ClaimNode struct {
	// Path is the names from the top-level claim down; array elements are
	// "[0]", "[1]"…
	Path []string
	// Kind is "object", "array", "string", "number", "bool" or "null".
	Kind string
	// Value is the value as one line: strings unquoted, scalars as JSON,
	// "{}"/"[]" for empty objects and arrays, "{3 members}"/"[2 items]"
	// for others (their rows follow as Children).
	Value string
	// Raw is the value's JSON, for "copy value".
	Raw json.RawMessage
	// Hint explains an empty value ("aud: [] — no audience").
	Hint string
	// Meaning is the claim's description from the preset's dictionary or
	// the registered claims (top-level claims only).
	Meaning string
	// Children are the members or elements of an object or array.
	Children []ClaimNode
}

// Name is the last element of the path.
func (n ClaimNode) Name() string { return n.Path[len(n.Path)-1] }

// Depth is 0 for top-level claims.
func (n ClaimNode) Depth() int { return len(n.Path) - 1 }

// ClaimTree turns claims (or header members) into a tree, in token order
// at the top; object members below are sorted by name, since a decoded map
// has no order. dict gives the Meaning of top-level claims (nil: the
// registered claims only).
func ClaimTree(fields []Field, dict ClaimDictionary) []ClaimNode {
	nodes := make([]ClaimNode, 0, len(fields))
	for _, f := range fields {
		n := claimNode([]string{f.Name}, f.Value, f.Raw)
		n.Meaning = dict.Meaning(f.Name)
		if n.Hint != "" {
			n.Hint = f.Name + ": " + n.Hint
		}
		nodes = append(nodes, n)
	}
	return nodes
}

func claimNode(path []string, v any, raw json.RawMessage) ClaimNode {
	n := ClaimNode{Path: path, Raw: raw}
	if raw == nil {
		raw, _ = json.Marshal(v)
		n.Raw = raw
	}
	switch x := v.(type) {
	case map[string]any:
		n.Kind = "object"
		if len(x) == 0 {
			n.Value, n.Hint = "{}", emptyHint(path, "object")
			break
		}
		n.Value = fmt.Sprintf("{%d %s}", len(x), plural(len(x), "member", "members"))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			n.Children = append(n.Children, claimNode(append(slices.Clip(path), k), x[k], nil))
		}
	case []any:
		n.Kind = "array"
		if len(x) == 0 {
			n.Value, n.Hint = "[]", emptyHint(path, "array")
			break
		}
		n.Value = fmt.Sprintf("[%d %s]", len(x), plural(len(x), "item", "items"))
		for i, e := range x {
			n.Children = append(n.Children, claimNode(append(slices.Clip(path), fmt.Sprintf("[%d]", i)), e, nil))
		}
	case string:
		n.Kind, n.Value = "string", x
		if x == "" {
			n.Value, n.Hint = `""`, "empty string"
		}
	case json.Number:
		n.Kind, n.Value = "number", x.String()
	case float64:
		n.Kind, n.Value = "number", string(raw)
	case bool:
		n.Kind, n.Value = "bool", fmt.Sprint(x)
	case nil:
		n.Kind, n.Value, n.Hint = "null", "null", "null: no value"
	}
	return n
}

// emptyHint explains an empty array or object, naming the usual meaning of
// well-known claims.
func emptyHint(path []string, kind string) string {
	if len(path) == 1 {
		switch path[0] {
		case "aud":
			return "no audience"
		case "scope", "scp":
			return "no scopes granted"
		case "roles", "groups", "authorities", "wids":
			return "no " + path[0]
		}
	}
	if kind == "object" {
		return "empty object"
	}
	return "empty list"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ClaimDictionary maps claim names to one-line meanings.
type ClaimDictionary map[string]string

// Meaning returns the dictionary's meaning of name, else that of the
// registered claims (RFC 7519, OpenID Connect Core, RFC 9068, RFC 8693),
// else "".
func (d ClaimDictionary) Meaning(name string) string {
	if m, ok := d[name]; ok {
		return m
	}
	return registeredClaims[name]
}

// registeredClaims are the claims every provider may use.
var registeredClaims = ClaimDictionary{
	"iss":                   "issuer: who made the token",
	"sub":                   "subject: the user (or client) the token is about",
	"aud":                   "audience: who the token is for",
	"exp":                   "expires at",
	"nbf":                   "not valid before",
	"iat":                   "issued at",
	"jti":                   "token id, unique per token",
	"azp":                   "authorized party: the client the ID token was issued to",
	"nonce":                 "echo of the login request's nonce (replay protection)",
	"auth_time":             "when the user last authenticated",
	"at_hash":               "hash of the access token issued with this ID token",
	"c_hash":                "hash of the authorization code issued with this ID token",
	"acr":                   "authentication context class (how strongly the user logged in)",
	"amr":                   "authentication methods used (pwd, otp, mfa…)",
	"sid":                   "session id at the provider",
	"scope":                 "scopes granted",
	"client_id":             "the client the token was issued to",
	"cnf":                   "confirmation: the key the token is bound to (DPoP, mTLS)",
	"act":                   "actor: who acts on behalf of the subject (token exchange)",
	"may_act":               "who may act on behalf of the subject (token exchange)",
	"name":                  "full name",
	"given_name":            "given name",
	"family_name":           "family name",
	"middle_name":           "middle name",
	"nickname":              "nickname",
	"preferred_username":    "the name the user logs in with",
	"email":                 "email address",
	"email_verified":        "whether the provider verified the email address",
	"phone_number":          "phone number",
	"phone_number_verified": "whether the provider verified the phone number",
	"picture":               "URL of the user's picture",
	"profile":               "URL of the user's profile page",
	"locale":                "the user's locale",
	"zoneinfo":              "the user's time zone",
	"updated_at":            "when the user's profile last changed",
	"groups":                "groups the user belongs to",
	"roles":                 "roles granted",
	"entitlements":          "entitlements granted",
	"ati":                   "jti of the access token issued with this refresh token",
}
