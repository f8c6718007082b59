package auth

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// RequestHeaders are the headers that present the access token to a
// resource: "Authorization: Bearer …", or for DPoP-bound tokens
// "Authorization: DPoP …" and a fresh "DPoP" proof for this method and URL
// (RFC 9449 §7.1), made at now. "Copy as curl" prints them.
func (t *TokenSet) RequestHeaders(method, target string, now time.Time) (http.Header, error) {
	h := http.Header{}
	if t.DPoP == nil {
		h.Set("Authorization", t.Bearer())
		return h, nil
	}
	proof, err := t.DPoP.Proof(method, target, t.AccessToken, "", now)
	if err != nil {
		return nil, err
	}
	h.Set("Authorization", "DPoP "+t.AccessToken)
	h.Set("DPoP", proof)
	return h, nil
}

// Curl is a curl command line calling target with the token's headers.
func (t *TokenSet) Curl(method, target string, now time.Time) (string, error) {
	h, err := t.RequestHeaders(method, target, now)
	if err != nil {
		return "", fmt.Errorf("curl: %w", err)
	}
	var b strings.Builder
	b.WriteString("curl")
	if method != "" && method != http.MethodGet {
		b.WriteString(" -X " + shellQuote(method))
	}
	for _, k := range []string{"Authorization", "DPoP"} {
		if v := h.Get(k); v != "" {
			b.WriteString(" -H " + shellQuote(k+": "+v))
		}
	}
	b.WriteString(" " + shellQuote(target))
	return b.String(), nil
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
