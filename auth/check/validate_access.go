package check

import (
	"slices"
	"strings"
)

// The checks of a JWT access token (RFC 9068).

// isJWTAccessToken reports whether RFC 9068 applies.
func (v *validation) isJWTAccessToken() bool {
	typ := strings.ToLower(v.d.Typ)
	return typ == "at+jwt" || typ == "application/at+jwt" || v.e.AccessTokenJWT
}

// jwtAccessToken applies RFC 9068 §2.2 and §4.
func (v *validation) jwtAccessToken() {
	d, e := v.d, v.e
	if t := strings.ToLower(d.Typ); t == "at+jwt" || t == "application/at+jwt" {
		v.add("typ", CheckPass, "%q: an RFC 9068 access token", d.Typ)
	} else {
		v.add("typ", CheckFail, "%q; RFC 9068 access tokens carry typ at+jwt (the profile says this is one)", d.Typ)
	}
	v.issuer(true)
	switch {
	case len(d.Audience) == 0:
		v.add("aud", CheckFail, "no audience: RFC 9068 requires aud (the resource the token is for)")
	case e.Audience == "":
		v.add("aud", CheckPass, "%s", quoteList(d.Audience))
	case slices.Contains(d.Audience, e.Audience):
		v.add("aud", CheckPass, "%s contains %q", quoteList(d.Audience), e.Audience)
	default:
		v.add("aud", CheckFail, "%s does not contain the resource %q", quoteList(d.Audience), e.Audience)
	}
	for _, name := range []string{"sub", "client_id", "jti"} {
		f, ok := d.Claim(name)
		s, isString := f.Value.(string)
		switch {
		case !ok:
			v.add(name, CheckFail, "missing: RFC 9068 §2.2 requires it")
		case !isString:
			v.add(name, CheckFail, "not a string")
		case name == "client_id" && e.ClientID != "" && s != e.ClientID:
			v.add(name, CheckFail, "%q is not the client id %q", s, e.ClientID)
		default:
			v.add(name, CheckPass, "%q", s)
		}
	}
	if f, ok := d.Claim("scope"); ok {
		v.add("scope", CheckPass, "%s", f.Raw)
	} else {
		v.add("scope", CheckFail, "missing: RFC 9068 §2.2.3 asks for the granted scopes when the request had a scope")
	}
}

// resource checks that an access token asked for with resource indicators
// (RFC 8707) names one of them in its aud. A provider that ignores the
// indicators issues tokens the API will refuse, which is worth saying
// before the first call. A failure is shown, never a refusal (it is not a
// check a client MUST make): providers may encode the audience their own way.
func (v *validation) resource() {
	d, e := v.d, v.e
	if len(e.Resources) == 0 {
		return
	}
	same := func(a, b string) bool { return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/") }
	switch {
	case len(d.Audience) == 0:
		v.add("resource", CheckUnknown, "the token has no aud, so it does not say whether it is for %s; only the API can tell", quoteList(e.Resources))
	case slices.ContainsFunc(d.Audience, func(a string) bool {
		return slices.ContainsFunc(e.Resources, func(r string) bool { return same(a, r) })
	}):
		v.add("resource", CheckPass, "aud %s names the resource asked for (RFC 8707)", quoteList(d.Audience))
	default:
		v.add("resource", CheckFail, "aud %s names none of the resources asked for (%s): the provider seems to have ignored the resource indicator (RFC 8707 §2), and the API will likely refuse the token", quoteList(d.Audience), quoteList(e.Resources))
	}
}
