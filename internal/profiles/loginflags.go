package profiles

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// LoginFlags are the flags that change how a profile logs in: `login` takes
// them, and so does the window (directly or through `tokeninspector`), so
// the two log in the same way for the same command line.
type LoginFlags struct {
	Grant, ResponseMode, RequestObject string
	DPoPAlg                            string
	PAR, DPoP, FAPI2                   bool
	// The authorization request's parameters (OpenID Connect Core
	// §3.1.2.1): MaxAge is a number of seconds, "" for none; Claims and
	// AuthorizationDetails are JSON or @FILE.
	Prompt, MaxAge, ACRValues, LoginHint, UILocales, IDTokenHint string
	Claims, AuthorizationDetails                                 string
	// The JWT bearer grant's assertion (RFC 7523 §2.1).
	AssertionKey, AssertionClaims, AssertionIssuer string
	AssertionSubject, AssertionAudience, Assertion string
}

// Register adds the login flags to fs.
func (l *LoginFlags) Register(fs *flag.FlagSet) {
	fs.StringVar(&l.Grant, "grant", "", "authorization_code (default), client_credentials, device_code or jwt-bearer")
	fs.BoolVar(&l.PAR, "par", false, "push the authorization request first (RFC 9126)")
	fs.BoolVar(&l.DPoP, "dpop", false, "bind the tokens to a new DPoP key (RFC 9449)")
	fs.StringVar(&l.DPoPAlg, "dpop-alg", "", "the DPoP key's algorithm: ES256 (default), ES384, ES512, EdDSA or PS256; implies --dpop")
	fs.StringVar(&l.RequestObject, "request-object", "", "send the authorization request as a request object (RFC 9101): none, RS256, PS256, ES256, ES512 or EdDSA (signed with --client-key)")
	fs.BoolVar(&l.FAPI2, "fapi2", false, "FAPI 2.0 Security Profile: force PAR, PKCE S256, private_key_jwt (aud = issuer) or mTLS, DPoP unless mTLS binds the tokens, and the RFC 9207 iss; add the FAPI checks to the report")
	fs.StringVar(&l.AssertionKey, "assertion-key", "", "jwt-bearer: sign the assertion with this key (PEM, JWK, or a Google service account JSON key file); implies --grant jwt-bearer")
	fs.StringVar(&l.AssertionClaims, "assertion-claims", "", "jwt-bearer: extra assertion claims, a JSON object")
	fs.StringVar(&l.AssertionIssuer, "assertion-issuer", "", "jwt-bearer: the assertion's iss (default: the key file's client_email, else the client id)")
	fs.StringVar(&l.AssertionSubject, "assertion-subject", "", "jwt-bearer: the assertion's sub (default: its iss)")
	fs.StringVar(&l.AssertionAudience, "assertion-audience", "", "jwt-bearer: the assertion's aud (default: the token endpoint)")
	fs.StringVar(&l.Assertion, "assertion", "", "jwt-bearer: send this ready assertion (a JWT) instead of signing one; implies --grant jwt-bearer")
	fs.StringVar(&l.ResponseMode, "response-mode", "", "form_post: the provider posts the response to the loopback listener; jwt, query.jwt, form_post.jwt: a signed response (JARM) (default: query)")
	fs.StringVar(&l.Prompt, "prompt", "", "prompt: none, login, consent, select_account or create (space-separated)")
	fs.StringVar(&l.MaxAge, "max-age", "", "max_age in seconds: the ID token's auth_time must be at most this old")
	fs.StringVar(&l.ACRValues, "acr-values", "", "acr_values, space-separated (the ID token's acr is checked against them)")
	fs.StringVar(&l.LoginHint, "login-hint", "", "login_hint: the user to sign in (e-mail or name)")
	fs.StringVar(&l.UILocales, "ui-locales", "", "ui_locales, space-separated language tags (e.g. \"fr-FR en\")")
	fs.StringVar(&l.IDTokenHint, "id-token-hint", "", "id_token_hint: a previous ID token, or @FILE holding one")
	fs.StringVar(&l.Claims, "claims", "", "the claims request (OpenID Connect Core §5.5): JSON or @FILE")
	fs.StringVar(&l.AuthorizationDetails, "authorization-details", "", "authorization_details (RFC 9396): a JSON array or @FILE")
}

// Changed reports whether any login flag was given.
func (l *LoginFlags) Changed() bool {
	return l.Grant != "" || l.ResponseMode != "" || l.RequestObject != "" || l.PAR || l.DPoP || l.DPoPAlg != "" || l.FAPI2 ||
		l.Prompt != "" || l.MaxAge != "" || l.ACRValues != "" || l.LoginHint != "" || l.UILocales != "" ||
		l.IDTokenHint != "" || l.Claims != "" || l.AuthorizationDetails != "" ||
		l.AssertionKey != "" || l.AssertionClaims != "" || l.AssertionIssuer != "" || l.AssertionSubject != "" ||
		l.AssertionAudience != "" || l.Assertion != ""
}

// Apply sets the given login flags on p, after checking their values.
func (l *LoginFlags) Apply(p *auth.Profile) error {
	if l.Grant != "" {
		g, err := auth.ParseGrant(l.Grant)
		if err != nil {
			return err
		}
		p.Grant = g
	}
	if l.AssertionKey != "" || l.Assertion != "" {
		if l.Grant == "" {
			p.Grant = auth.GrantJWTBearer
		}
		p.AssertionKey, p.Assertion = l.AssertionKey, l.Assertion
	}
	if l.AssertionClaims != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte(l.AssertionClaims), &m); err != nil {
			return fmt.Errorf("--assertion-claims: not a JSON object: %w", err)
		}
		p.AssertionClaims = l.AssertionClaims
	}
	p.AssertionIssuer = cmp.Or(l.AssertionIssuer, p.AssertionIssuer)
	p.AssertionSubject = cmp.Or(l.AssertionSubject, p.AssertionSubject)
	p.AssertionAud = cmp.Or(l.AssertionAudience, p.AssertionAud)
	if l.PAR {
		p.PAR = auth.PAROn
	}
	if l.DPoP {
		p.DPoP = true
	}
	if l.DPoPAlg != "" {
		if err := auth.ValidateDPoPAlg(l.DPoPAlg); err != nil {
			return fmt.Errorf("--dpop-alg: %w", err)
		}
		p.DPoP, p.DPoPAlg = true, l.DPoPAlg
	}
	if l.ResponseMode != "" {
		if err := auth.ValidateResponseMode(l.ResponseMode); err != nil {
			return fmt.Errorf("--response-mode: %w", err)
		}
		p.ResponseMode = l.ResponseMode
	}
	if l.FAPI2 {
		p.SecurityProfile = auth.SecurityProfileFAPI2
	}
	if l.RequestObject != "" {
		if err := auth.ValidateRequestObjectAlg(l.RequestObject); err != nil {
			return fmt.Errorf("--request-object: %w", err)
		}
		p.RequestObject = l.RequestObject
	}
	return l.applyRequest(&p.AuthRequest)
}

// applyRequest sets the authorization request parameters given.
func (l *LoginFlags) applyRequest(r *auth.AuthRequest) error {
	for _, f := range []struct {
		v   string
		dst *string
	}{{l.Prompt, &r.Prompt}, {l.ACRValues, &r.ACRValues}, {l.LoginHint, &r.LoginHint}, {l.UILocales, &r.UILocales}} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if l.MaxAge != "" {
		n, err := auth.ParseMaxAge(l.MaxAge)
		if err != nil {
			return fmt.Errorf("--max-age: %w", err)
		}
		r.MaxAge = n
	}
	if l.IDTokenHint != "" {
		hint := l.IDTokenHint
		if path, ok := strings.CutPrefix(hint, "@"); ok {
			b, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("--id-token-hint: %w", err)
			}
			hint = strings.TrimSpace(string(b))
		}
		r.IDTokenHint = hint
	}
	for _, f := range []struct {
		name, v string
		dst     *json.RawMessage
	}{{"--claims", l.Claims, &r.Claims}, {"--authorization-details", l.AuthorizationDetails, &r.AuthorizationDetails}} {
		if f.v == "" {
			continue
		}
		b, err := auth.ReadJSONArg(f.name, f.v)
		if err != nil {
			return err
		}
		*f.dst = b
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("login flags: %w", err)
	}
	return nil
}
