package profiles

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// Providers makes auth.Providers from profiles, starting the built-in demo
// provider on 127.0.0.1 the first time a demo profile needs it.
type Providers struct {
	env oidc.Env
	// warnings, when set, is told what a user should know about a provider
	// as it is made (the command line's stderr): a client certificate that
	// has expired or expires soon. The window shows it in its own place.
	warnings io.Writer

	mu   sync.Mutex // guards demo, demoCA
	demo *demoidp.Server
	// demoCA is the CA of the demo provider's mTLS listener, which its
	// profiles' HTTP client trusts.
	demoCA []byte
}

// NewProviders makes providers that talk HTTP through env.
func NewProviders(env oidc.Env) *Providers { return &Providers{env: env} }

// New resolves p into a provider.
func (ps *Providers) New(ctx context.Context, p auth.Profile) (*oidc.Provider, error) {
	env := ps.env
	if p.Demo {
		issuer, err := ps.demoIssuer()
		if err != nil {
			return nil, err
		}
		p.Issuer = issuer
		if ca := ps.demoRootCA(); ca != nil {
			if env.HTTP == nil {
				if env.HTTP, err = auth.NewHTTPClient(auth.HTTPOptions{}); err != nil {
					return nil, err
				}
			}
			if env.HTTP, err = auth.WithRootCAs(env.HTTP, ca); err != nil {
				return nil, fmt.Errorf("demo provider: %w", err)
			}
		}
	}
	if p.ClientSecret == "" && !p.Demo && os.Getenv(auth.SecretEnvVar) != "" {
		p.ClientSecret, p.SecretSource = os.Getenv(auth.SecretEnvVar), auth.SecretFromEnv
	}
	if p.TLSPassword == "" && p.HasCertificate() && os.Getenv(auth.TLSPasswordEnvVar) != "" {
		p.TLSPassword, p.TLSPasswordSource = os.Getenv(auth.TLSPasswordEnvVar), auth.SecretFromEnv
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pr, err := oidc.NewProvider(ctx, p, env)
	if err == nil && ps.warnings != nil {
		if c := pr.Certificate(); c != nil {
			now := time.Now
			if env.Now != nil {
				now = env.Now
			}
			if w := c.Summary().ExpiryWarning(now()); w != "" {
				fmt.Fprintf(ps.warnings, "tokeninspector: warning: profile %s: %s\n", p.Name, w)
			}
		}
	}
	return pr, err
}

func (ps *Providers) demoRootCA() []byte {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.demoCA
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
		// The mutual TLS endpoints (RFC 8705) on a second port, advertised
		// as its mtls_endpoint_aliases; a profile without a client
		// certificate never uses them.
		_, ca, err := s.StartMTLS("127.0.0.1:0")
		if err != nil {
			s.Close()
			return "", fmt.Errorf("demo provider: %w", err)
		}
		ps.demo, ps.demoCA = s, ca
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
