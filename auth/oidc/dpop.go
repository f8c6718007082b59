package oidc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// checkDPoPBinding checks a token response made with key (RFC 9449 §5):
// the token type must be DPoP, and a JWT access token's cnf.jkt, when it
// has one, must be the key's thumbprint.
func checkDPoPBinding(ts *auth.TokenSet, key *jose.DPoPKey) error {
	if !strings.EqualFold(ts.TokenType, "DPoP") {
		return fmt.Errorf("the provider issued a %q token, not a DPoP-bound one (does it support DPoP?)", ts.TokenType)
	}
	f, ok := ts.Access.Claim("cnf")
	if !ok {
		return nil // opaque, or a JWT without cnf: introspection would tell
	}
	var cnf struct {
		JKT string `json:"jkt"`
	}
	if err := json.Unmarshal(f.Raw, &cnf); err != nil || cnf.JKT == "" {
		return errors.New("the access token's cnf claim has no jkt")
	}
	if cnf.JKT != key.Thumbprint() {
		return fmt.Errorf("the access token is bound to another key (cnf.jkt %s, this session's key %s)", cnf.JKT, key.Thumbprint())
	}
	return nil
}
