package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// registerTimeout bounds one dynamic client registration.
const registerTimeout = 30 * time.Second

// RegisterResult is the outcome of RegisterClient: the profile with the
// registered client in it, and what the provider said.
type RegisterResult struct {
	Profile      auth.Profile
	Registration *oidc.Registration
	// SecretKept is true when the issued client secret went into the
	// keyring (under the profile's name); false when none was issued or
	// the keyring failed (KeyringErr).
	SecretKept bool
	KeyringErr error
}

// RegisterClient registers p as a new client at its provider (RFC 7591)
// on a background goroutine and calls done with the result. An issued
// client secret is kept in the keyring under p's name, never in the config
// file; the profile itself is saved by SaveProfile as usual.
func (ws *Workspace) RegisterClient(p auth.Profile, done func(RegisterResult, error)) {
	ws.busy.add(1)
	go func() {
		defer ws.busy.add(-1)
		done(ws.registerClient(p))
	}()
}

func (ws *Workspace) registerClient(p auth.Profile) (RegisterResult, error) {
	ctx, cancel := context.WithTimeout(ws.ctx, registerTimeout)
	defer cancel()
	register := ws.deps.Register
	if register == nil {
		register = func(ctx context.Context, p auth.Profile) (auth.Profile, *oidc.Registration, error) {
			reg, err := oidc.Register(ctx, oidc.Env{HTTP: ws.httpClient()}, p)
			if err != nil {
				return p, nil, err
			}
			reg.Apply(&p)
			return p, reg, nil
		}
	}
	p, reg, err := register(ctx, p.Clone())
	if err != nil {
		return RegisterResult{}, fmt.Errorf("registering a client for %s: %w", p.Name, err)
	}
	res := RegisterResult{Profile: p, Registration: reg}
	if reg.ClientSecret != "" && p.Name != "" {
		res.KeyringErr = ws.keys.Set(p.Name, keyring.SecretClientSecret, reg.ClientSecret)
		res.SecretKept = res.KeyringErr == nil
	}
	return res, nil
}
