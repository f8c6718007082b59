package trace

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// How a parameter's value is redacted.
type secretKind int

const (
	plain       secretKind = iota
	tokenSecret            // a token: kept as its kind and fingerprint
	namedSecret            // a one-time secret: kept as its name and fingerprint
	opaqueValue            // a secret: only its name is kept
)

// secretParams are the form, query and JSON members that hold secrets.
// Tokens keep a fingerprint, to be matched with the history; passwords
// and client secrets keep nothing (a 32-bit hash of a short secret could
// be brute-forced). Codes and verifiers are single-use; their fingerprint
// matches the callback with the token request.
var secretParams = map[string]secretKind{
	"access_token":              tokenSecret,
	"refresh_token":             tokenSecret,
	"id_token":                  tokenSecret,
	"id_token_hint":             tokenSecret,
	"token":                     tokenSecret, // revocation, introspection
	"subject_token":             tokenSecret,
	"actor_token":               tokenSecret,
	"registration_access_token": tokenSecret,
	"device_code":               namedSecret,
	"client_assertion":          tokenSecret,
	"assertion":                 tokenSecret,
	"code":                      namedSecret,
	"code_verifier":             namedSecret,
	"client_secret":             opaqueValue,
	"password":                  opaqueValue,
}

// secretHeaders are redacted whole; Authorization keeps its scheme and,
// for Bearer and DPoP, the token's fingerprint.
var secretHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Dpop":                true,
	"Cookie":              true,
	"Set-Cookie":          true,
}

// jwtPattern finds compact JWS (three parts) and JWE (five parts) anywhere
// in a text: whatever member or header they travel in, they are redacted.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){2,4}`)

// jsonSecret finds `"name": "value"` members of secretParams in JSON text,
// at any depth, keeping the document's order and layout.
var jsonSecret = func() *regexp.Regexp {
	names := make([]string, 0, len(secretParams))
	for n := range secretParams {
		names = append(names, regexp.QuoteMeta(n))
	}
	return regexp.MustCompile(`"(` + strings.Join(names, "|") + `)"(\s*:\s*)"((?:[^"\\]|\\.)*)"`)
}()

// redactedPrefix starts every redaction mark; a marked value is left alone.
const redactedPrefix = "<redacted"

// Redacted is what a secret value becomes: `<redacted: jwt, sha256
// #1f2e3d4c>` for a token (opaque ones say "opaque"), `<redacted: code,
// sha256 #…>` for a code or verifier, `<redacted: client_secret>` for a
// secret that keeps no fingerprint.
func Redacted(name, value string) string {
	if value == "" || strings.HasPrefix(value, redactedPrefix) {
		return value
	}
	switch secretParams[name] {
	case opaqueValue:
		return "<redacted: " + name + ">"
	case namedSecret:
		return "<redacted: " + name + ", sha256 " + jose.Fingerprint(value) + ">"
	}
	return tokenMark(value)
}

// tokenMark is a token's redaction mark.
func tokenMark(tok string) string {
	kind := "opaque"
	if n := strings.Count(tok, "."); strings.HasPrefix(tok, "eyJ") && (n == 2 || n == 4) {
		kind = "jwt"
	}
	return "<redacted: " + kind + ", sha256 " + jose.Fingerprint(tok) + ">"
}

// redactText removes every JWT from a text that has no structure we read.
func redactText(s string) string {
	return jwtPattern.ReplaceAllStringFunc(s, tokenMark)
}

// redactJSON redacts the secret members of a JSON text, then any JWT left.
func redactJSON(s string) string {
	s = jsonSecret.ReplaceAllStringFunc(s, func(m string) string {
		g := jsonSecret.FindStringSubmatch(m)
		return `"` + g[1] + `"` + g[2] + `"` + Redacted(g[1], unescapeJSON(g[3])) + `"`
	})
	return redactText(s)
}

// unescapeJSON undoes the escapes a token may carry in JSON (`\/`); a
// token's fingerprint is of its value, not of its spelling.
func unescapeJSON(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\/`, `/`, `\"`, `"`, `\\`, `\`).Replace(s)
}

// redactForm redacts the secret parameters of a url-encoded text (a
// query or a form body), keeping the order and spelling of the others.
func redactForm(s string) string {
	if s == "" {
		return s
	}
	parts := strings.Split(s, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil || !ok {
			parts[i] = redactText(p)
			continue
		}
		if secretParams[name] == plain {
			parts[i] = k + "=" + redactText(v)
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			val = v
		}
		parts[i] = k + "=" + url.QueryEscape(Redacted(name, val))
	}
	return strings.Join(parts, "&")
}

// RedactURL redacts a URL's secret query parameters and any JWT in it.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactText(raw)
	}
	u.RawQuery = redactForm(u.RawQuery)
	if u.Fragment != "" {
		u.RawFragment, u.Fragment = "", redactForm(u.EscapedFragment())
		if f, err := url.PathUnescape(u.Fragment); err == nil {
			u.Fragment = f
		}
	}
	u.User = nil
	return redactText(u.String())
}

// redactHeader is a header's value as recorded.
func redactHeader(name, value string) string {
	if !secretHeaders[name] {
		return redactText(value)
	}
	if name == "Authorization" || name == "Proxy-Authorization" {
		scheme, cred, ok := strings.Cut(value, " ")
		if !ok {
			return "<redacted>"
		}
		switch cred = strings.TrimSpace(cred); {
		case strings.HasPrefix(cred, redactedPrefix):
			return value // recorded already
		case strings.EqualFold(scheme, "bearer"), strings.EqualFold(scheme, "dpop"):
			return scheme + " " + tokenMark(cred)
		}
		return scheme + " <redacted>"
	}
	if name == "Dpop" {
		return "<redacted: DPoP proof>"
	}
	return "<redacted>"
}

// redactBody redacts a body by its media type.
func redactBody(mediaType, body string) string {
	switch {
	case mediaType == "application/x-www-form-urlencoded":
		return redactForm(body)
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		return redactJSON(body)
	case strings.HasPrefix(body, "{") || strings.HasPrefix(body, "["):
		return redactJSON(body) // JSON sent with another media type
	}
	return redactText(body)
}
