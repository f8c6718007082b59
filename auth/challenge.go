package auth

import (
	"net/http"
	"strings"
)

// Challenge is one challenge of a WWW-Authenticate header (RFC 9110
// §11.6.1): its scheme and auth-params (names in lower case), such as
// `Bearer resource_metadata="…", scope="…", error="invalid_token"`.
type Challenge struct {
	Scheme string
	Params map[string]string
}

// BearerChallenge returns the first Bearer (or, failing that, DPoP)
// challenge of h's WWW-Authenticate headers.
func BearerChallenge(h http.Header) (Challenge, bool) {
	all := ParseChallenges(h.Values("WWW-Authenticate"))
	for _, scheme := range []string{"Bearer", "DPoP"} {
		for _, c := range all {
			if strings.EqualFold(c.Scheme, scheme) {
				return c, true
			}
		}
	}
	return Challenge{}, false
}

// ParseChallenges reads every challenge of the WWW-Authenticate header
// values, several of which may share one value (`Bearer realm="a", DPoP
// algs="ES256"`). Quoted values may hold commas; backslash escapes are
// honoured; a token68 (`Basic abc==`) is kept under the empty name.
// net/http has no parser for it.
func ParseChallenges(values []string) []Challenge {
	var out []Challenge
	for _, v := range values {
		rest := v
		for {
			rest = strings.TrimLeft(rest, " \t,")
			if rest == "" {
				break
			}
			scheme := rest
			if i := strings.IndexAny(rest, " \t,"); i >= 0 {
				scheme = rest[:i]
			}
			rest = rest[len(scheme):]
			c := Challenge{Scheme: scheme, Params: map[string]string{}}
			rest = c.readParams(rest)
			out = append(out, c)
		}
	}
	return out
}

// readParams reads the auth-params (or a token68) of c from rest, up to
// the next challenge, and returns what is left.
func (c *Challenge) readParams(rest string) string {
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			return ""
		}
		start := rest
		end := strings.IndexAny(rest, " \t,=")
		if end < 0 {
			end = len(rest)
		}
		name := rest[:end]
		after := strings.TrimLeft(rest[end:], " \t")
		if !strings.HasPrefix(after, "=") {
			// A token not followed by "=": the next challenge's scheme.
			return rest
		}
		after = strings.TrimLeft(after[1:], " \t")
		if strings.HasPrefix(after, "=") || after == "" {
			// token68 such as "abc==" (its padding read as "=").
			t, r, _ := strings.Cut(start, ",")
			c.Params[""] = strings.TrimSpace(t)
			rest = r
			continue
		}
		var val strings.Builder
		if strings.HasPrefix(after, `"`) {
			i := 1
			for ; i < len(after) && after[i] != '"'; i++ {
				if after[i] == '\\' && i+1 < len(after) {
					i++
				}
				val.WriteByte(after[i])
			}
			rest = after[min(i+1, len(after)):]
		} else {
			v, r, _ := strings.Cut(after, ",")
			val.WriteString(strings.TrimSpace(v))
			rest = r
		}
		c.Params[strings.ToLower(name)] = val.String()
	}
}
