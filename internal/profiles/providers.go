package profiles

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// Providers makes auth.Providers from profiles, starting the built-in demo
// provider on 127.0.0.1 the first time a demo profile needs it.
type Providers struct {
	env oidc.Env

	mu   sync.Mutex // guards demo
	demo *demoidp.Server
}

// NewProviders makes providers that talk HTTP through env.
func NewProviders(env oidc.Env) *Providers { return &Providers{env: env} }

// New resolves p into a provider.
func (ps *Providers) New(ctx context.Context, p auth.Profile) (*oidc.Provider, error) {
	if p.Demo {
		issuer, err := ps.demoIssuer()
		if err != nil {
			return nil, err
		}
		p.Issuer = issuer
	}
	if p.ClientSecret == "" && !p.Demo && os.Getenv(auth.SecretEnvVar) != "" {
		p.ClientSecret, p.SecretSource = os.Getenv(auth.SecretEnvVar), auth.SecretFromEnv
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return oidc.NewProvider(ctx, p, ps.env)
}

func (ps *Providers) demoIssuer() (string, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.demo == nil {
		s, err := demoidp.New(demoidp.Options{})
		if err != nil {
			return "", fmt.Errorf("demo provider: %w", err)
		}
		if _, err := s.Start("127.0.0.1:0"); err != nil {
			return "", fmt.Errorf("demo provider: %w", err)
		}
		ps.demo = s
	}
	return ps.demo.Issuer(), nil
}

// Close stops the demo provider if it was started.
func (ps *Providers) Close() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.demo != nil {
		_ = ps.demo.Close()
	}
}
