// Package profiles turns the profile flags that the CLI commands and the
// window share into an auth.Profile, and profiles into auth.Providers
// (starting the built-in demo provider when a demo profile needs it).
// It is Fyne-free: the CLI links it without the GUI toolkit.
package profiles

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Flags are the flags every provider-facing command takes.
type Flags struct {
	Profile, Issuer, AuthURL, TokenURL, JWKSURL string
	ClientID, ClientSecret, Scope, AuthMethod   string
	RedirectPorts, Config, CAFile               string
	ClientKey                                   string
	TLSCert, TLSKey                             string
	// Resource is the RFC 8707 resource(s), space-separated, sent on every
	// grant; alone (no profile, issuer or endpoint), login starts from it
	// as an API URL (FromAPI).
	Resource string
	Timeout  time.Duration
}

// Register adds the profile flags to fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.Profile, "profile", "", "profile name")
	fs.StringVar(&f.Issuer, "issuer", "", "OIDC issuer URL (discovery)")
	fs.StringVar(&f.AuthURL, "auth-url", "", "authorization endpoint")
	fs.StringVar(&f.TokenURL, "token-url", "", "token endpoint")
	fs.StringVar(&f.JWKSURL, "jwks-url", "", "JWKS URL")
	fs.StringVar(&f.ClientID, "client-id", "", "client_id")
	fs.StringVar(&f.ClientSecret, "client-secret", "", "client secret (safer: $"+auth.SecretEnvVar+")")
	fs.StringVar(&f.Scope, "scope", "", "space-separated scopes")
	fs.StringVar(&f.AuthMethod, "auth-method", "", "client authentication: post, basic, none, private_key_jwt, client_secret_jwt, tls_client_auth or self_signed_tls_client_auth")
	fs.StringVar(&f.ClientKey, "client-key", "", "private key (PEM or JWK file) for private_key_jwt")
	fs.StringVar(&f.TLSCert, "tls-cert", "", "TLS client certificate (RFC 8705): PEM file, or PKCS#12 with its password in $"+auth.TLSPasswordEnvVar+" or the keyring")
	fs.StringVar(&f.TLSKey, "tls-key", "", "private key (PEM file) of --tls-cert")
	fs.StringVar(&f.RedirectPorts, "redirect-port", "", "loopback redirect port(s), comma-separated; 0 = ephemeral")
	fs.StringVar(&f.Resource, "resource", "", "resource(s) to ask tokens for (RFC 8707), space-separated, sent on every grant")
	fs.StringVar(&f.Config, "config", "", "config file")
	fs.StringVar(&f.CAFile, "ca-file", "", "extra PEM CA bundle")
	fs.DurationVar(&f.Timeout, "timeout", auth.DefaultHTTPTimeout, "HTTP timeout")
}

// LoadConfig opens the config file named by --config or the default one.
// A file that cannot be used, and fields it does not know, are reported on
// stderr; the config then holds the built-in profiles and the file is left
// as it is until a save.
func (f *Flags) LoadConfig(stderr io.Writer) (*config.Config, error) {
	path := f.Config
	if path == "" {
		var err error
		if path, err = config.DefaultConfigPath(); err != nil {
			return nil, err
		}
	}
	cfg, err := config.LoadConfig(path)
	if err != nil {
		fmt.Fprintf(stderr, "tokeninspector: %v\n", err)
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(stderr, "tokeninspector: %s\n", w)
	}
	return cfg, nil
}

// AdHoc reports whether endpoint flags describe a provider without --profile.
func (f *Flags) AdHoc() bool {
	return f.Profile == "" && (f.Issuer != "" || f.AuthURL != "" || f.TokenURL != "")
}

// FromAPI reports whether the flags name an API but no provider: login then
// starts from the API URL (--resource) and finds the provider itself.
func (f *Flags) FromAPI() bool {
	return f.Profile == "" && f.Issuer == "" && f.AuthURL == "" && f.TokenURL == "" && f.Resource != ""
}

// ChangesProfile reports whether flags edit the named profile, so the
// window shows the edited copy rather than the saved one.
func (f *Flags) ChangesProfile() bool {
	return f.Issuer != "" || f.AuthURL != "" || f.TokenURL != "" || f.JWKSURL != "" || f.ClientID != "" ||
		f.ClientSecret != "" || f.Scope != "" || f.AuthMethod != "" || f.RedirectPorts != "" || f.ClientKey != "" ||
		f.TLSCert != "" || f.TLSKey != "" || f.Resource != ""
}

// Resolve picks the profile (--profile, ad hoc flags, the config default, or
// demo) and applies flag overrides and the secret from the flag.
func (f *Flags) Resolve(cfg *config.Config) (auth.Profile, error) {
	var p auth.Profile
	switch {
	case f.AdHoc():
		p = auth.Profile{Name: "ad-hoc"}
	default:
		name := f.Profile
		if name == "" {
			name = cfg.DefaultProfile
		}
		if name == "" {
			name = auth.DemoProfileName
		}
		var ok bool
		if p, ok = cfg.Find(name); !ok {
			return auth.Profile{}, fmt.Errorf("no profile %q (have: %s)", name, profileNames(cfg))
		}
	}
	return p, f.Apply(&p)
}

// Apply sets the flags given on p: endpoint, client, scope, redirect port
// and resource overrides, and the secret from the flag.
func (f *Flags) Apply(p *auth.Profile) error {
	p.Issuer = cmp.Or(f.Issuer, p.Issuer)
	p.AuthURL = cmp.Or(f.AuthURL, p.AuthURL)
	p.TokenURL = cmp.Or(f.TokenURL, p.TokenURL)
	p.JWKSURL = cmp.Or(f.JWKSURL, p.JWKSURL)
	p.ClientID = cmp.Or(f.ClientID, p.ClientID)
	p.ClientKeyFile = cmp.Or(f.ClientKey, p.ClientKeyFile)
	if f.TLSCert != "" {
		p.TLSCert, p.TLSKey = f.TLSCert, f.TLSKey // a new certificate brings its own key (or none: PKCS#12)
	}
	if f.ClientKey != "" && f.AuthMethod == "" {
		p.ClientAuth = auth.AuthPrivateKeyJWT // a key file says how the client authenticates
	}
	if f.Scope != "" {
		p.Scopes = strings.Fields(f.Scope)
	}
	if f.AuthMethod != "" {
		m, err := auth.ParseClientAuth(f.AuthMethod)
		if err != nil {
			return err
		}
		p.ClientAuth = m
	}
	if f.RedirectPorts != "" {
		ports, err := auth.ParsePorts(f.RedirectPorts)
		if err != nil {
			return err
		}
		p.RedirectPorts = ports
	}
	if f.ClientSecret != "" {
		p.ClientSecret, p.SecretSource = f.ClientSecret, auth.SecretFromFlag
	}
	if f.Resource != "" {
		p.Resources = strings.Fields(f.Resource)
	}
	// $TOKENINSPECTOR_CLIENT_SECRET is applied by Providers.New, for the
	// window's profiles too.
	return nil
}

func profileNames(cfg *config.Config) string {
	var names []string
	for _, p := range cfg.All() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// HTTPOptions are the HTTP client settings from the flags.
func (f *Flags) HTTPOptions() auth.HTTPOptions {
	return auth.HTTPOptions{Timeout: f.Timeout, CAFile: f.CAFile}
}

// Open loads the config file (reporting its problems on stderr), resolves
// the profile and makes the providers with an HTTP client set up from the
// flags. Close the providers when done.
func (f *Flags) Open(stderr io.Writer) (*config.Config, auth.Profile, *Providers, error) {
	cfg, err := f.LoadConfig(stderr)
	if err != nil {
		return nil, auth.Profile{}, nil, err
	}
	p, err := f.Resolve(cfg)
	if err != nil {
		return nil, auth.Profile{}, nil, err
	}
	client, err := auth.NewHTTPClient(f.HTTPOptions())
	if err != nil {
		return nil, auth.Profile{}, nil, err
	}
	ps := NewProviders(oidc.Env{HTTP: client})
	ps.warnings = stderr
	return cfg, p, ps, nil
}
