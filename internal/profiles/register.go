package profiles

import (
	"context"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// Register registers p as a new client at its provider (RFC 7591; the demo
// provider started first for a demo profile) and returns p with the
// registered client in it. The secret, if one was issued, is in the
// returned profile only (SecretTyped): the caller keeps it in the keyring,
// never in the config file.
func (ps *Providers) Register(ctx context.Context, p auth.Profile) (auth.Profile, *oidc.Registration, error) {
	if p.Demo {
		issuer, err := ps.demoIssuer()
		if err != nil {
			return p, nil, err
		}
		p.Issuer = issuer
	}
	reg, err := oidc.Register(ctx, ps.env, p)
	if err != nil {
		return p, nil, fmt.Errorf("profile %s: %w", p.Name, err)
	}
	reg.Apply(&p)
	return p, reg, nil
}
