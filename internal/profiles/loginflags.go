package profiles

import (
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

// LoginFlags are the flags that change how a profile logs in: `login` takes
// them, and so does the window (directly or through `tokeninspector`), so
// the two log in the same way for the same command line.
type LoginFlags struct {
	Grant, ResponseMode, RequestObject string
	PAR, DPoP, FAPI2                   bool
}

// Register adds the login flags to fs.
func (l *LoginFlags) Register(fs *flag.FlagSet) {
	fs.StringVar(&l.Grant, "grant", "", "authorization_code (default), client_credentials or device_code")
	fs.BoolVar(&l.PAR, "par", false, "push the authorization request first (RFC 9126)")
	fs.BoolVar(&l.DPoP, "dpop", false, "bind the tokens to a new DPoP key (RFC 9449)")
	fs.StringVar(&l.RequestObject, "request-object", "", "send the authorization request as a request object (RFC 9101): none, RS256, PS256 or ES256 (signed with --client-key)")
	fs.BoolVar(&l.FAPI2, "fapi2", false, "FAPI 2.0 Security Profile: force PAR, PKCE S256, private_key_jwt (aud = issuer), DPoP and the RFC 9207 iss; add the FAPI checks to the report")
	fs.StringVar(&l.ResponseMode, "response-mode", "", "form_post: the provider posts the response to the loopback listener (default: query)")
}

// Changed reports whether any login flag was given.
func (l *LoginFlags) Changed() bool {
	return l.Grant != "" || l.ResponseMode != "" || l.RequestObject != "" || l.PAR || l.DPoP || l.FAPI2
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
	if l.PAR {
		p.PAR = auth.PAROn
	}
	if l.DPoP {
		p.DPoP = true
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
	return nil
}
