package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// errUsage means the flags were wrong and usage was already printed.
var errUsage = errors.New("usage")

// profileFlags are the flags every provider-facing command takes.
type profileFlags struct {
	profile, issuer, authURL, tokenURL, jwksURL string
	clientID, clientSecret, scope, authMethod   string
	redirectPorts, config, caFile               string
	timeout                                     time.Duration
}

func (f *profileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.profile, "profile", "", "profile name")
	fs.StringVar(&f.issuer, "issuer", "", "OIDC issuer URL (discovery)")
	fs.StringVar(&f.authURL, "auth-url", "", "authorization endpoint")
	fs.StringVar(&f.tokenURL, "token-url", "", "token endpoint")
	fs.StringVar(&f.jwksURL, "jwks-url", "", "JWKS URL")
	fs.StringVar(&f.clientID, "client-id", "", "client_id")
	fs.StringVar(&f.clientSecret, "client-secret", "", "client secret (safer: $"+auth.SecretEnvVar+")")
	fs.StringVar(&f.scope, "scope", "", "space-separated scopes")
	fs.StringVar(&f.authMethod, "auth-method", "", "client authentication: post, basic or none")
	fs.StringVar(&f.redirectPorts, "redirect-port", "", "loopback redirect port(s), comma-separated; 0 = ephemeral")
	fs.StringVar(&f.config, "config", "", "config file")
	fs.StringVar(&f.caFile, "ca-file", "", "extra PEM CA bundle")
	fs.DurationVar(&f.timeout, "timeout", auth.DefaultHTTPTimeout, "HTTP timeout")
}

// newFlagSet makes a FlagSet that reports errors to stderr.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

// loadConfig opens the config file named by --config or the default one.
func (f *profileFlags) loadConfig() (*auth.Config, error) {
	path := f.config
	if path == "" {
		var err error
		if path, err = auth.DefaultConfigPath(); err != nil {
			return nil, err
		}
	}
	return auth.LoadConfig(path)
}

// adHoc reports whether endpoint flags describe a provider without --profile.
func (f *profileFlags) adHoc() bool {
	return f.profile == "" && (f.issuer != "" || f.authURL != "" || f.tokenURL != "")
}

// resolve picks the profile (--profile, ad hoc flags, the config default, or
// demo) and applies flag overrides and the secret from flag or environment.
func (f *profileFlags) resolve(cfg *auth.Config) (auth.Profile, error) {
	var p auth.Profile
	switch {
	case f.adHoc():
		p = auth.Profile{Name: "ad-hoc"}
	default:
		name := f.profile
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
	p.Issuer = cmp.Or(f.issuer, p.Issuer)
	p.AuthURL = cmp.Or(f.authURL, p.AuthURL)
	p.TokenURL = cmp.Or(f.tokenURL, p.TokenURL)
	p.JWKSURL = cmp.Or(f.jwksURL, p.JWKSURL)
	p.ClientID = cmp.Or(f.clientID, p.ClientID)
	if f.scope != "" {
		p.Scopes = strings.Fields(f.scope)
	}
	if f.authMethod != "" {
		m, err := auth.ParseClientAuth(f.authMethod)
		if err != nil {
			return auth.Profile{}, err
		}
		p.ClientAuth = m
	}
	if f.redirectPorts != "" {
		ports, err := auth.ParsePorts(f.redirectPorts)
		if err != nil {
			return auth.Profile{}, err
		}
		p.RedirectPorts = ports
	}
	if f.clientSecret != "" {
		p.ClientSecret, p.SecretSource = f.clientSecret, auth.SecretFromFlag
	}
	// $TOKENINSPECTOR_CLIENT_SECRET is applied by providers.New, for the
	// window's profiles too.
	return p, nil
}

func profileNames(cfg *auth.Config) string {
	var names []string
	for _, p := range cfg.All() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// httpOptions are the HTTP client settings from the flags.
func (f *profileFlags) httpOptions() auth.HTTPOptions {
	return auth.HTTPOptions{Timeout: f.timeout, CAFile: f.caFile}
}
