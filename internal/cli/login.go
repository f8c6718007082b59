package cli

import (
	"context"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func loginCommand() command {
	return command{
		name: "login",
		synopsis: "login [--grant authorization_code|client_credentials|device_code|jwt-bearer] [--par] [--dpop]\n" +
			"                        [--dpop-key-out FILE] [--remember] [--register] [--response-mode MODE]\n" +
			"                        [--request-object none|RS256|PS256|ES256|ES512|EdDSA] [--fapi2]\n" +
			"                        [--assertion-key FILE [--assertion-claims JSON] [--assertion-issuer ISS]\n" +
			"                        [--assertion-subject SUB] [--assertion-audience AUD] | --assertion JWT] [profile flags]\n" +
			"       tokeninspector login --resource API-URL [--authorization-server URL] [--save-profile NAME]\n" +
			"                        [--client-id ID] [login flags]   (start from the API: RFC 9728, RFC 7591, RFC 8707)",
		summary: "log in (browser, client credentials, device code or a JWT bearer assertion), print the token set as JSON",
		run:     runLogin,
		exits:   []string{"4  the provider's answer fails a check a client must make: printed with the failing checks, nothing remembered"},
		example: `tokeninspector login --profile demo --remember`,
		traces:  true,
	}
}

// loginPrompts tells the user on stderr where to sign in.
func loginPrompts(s stdio) oidc.LoginOptions {
	return oidc.LoginOptions{
		OnURL: func(u string) {
			fmt.Fprintf(s.err, "Opening the browser to log in. If it does not open, visit:\n  %s\n", u)
		},
		OnOpenError: func(e *auth.OpenBrowserError) {
			fmt.Fprintf(s.err, "Could not open a browser (%v); open the URL above by hand.\n", e.Err)
		},
	}
}

// rememberLogin keeps a login's tokens in the keyring for `token` and the
// window, and turns Remember on for the profile in the config file.
func rememberLogin(ctx context.Context, s stdio, cfg *config.Config, p auth.Profile, ts *auth.TokenSet) error {
	store, _, closeKeys := rememberedSessions()
	defer closeKeys()
	if err := store.Put(ctx, p.Name, ts); err != nil {
		return keyringError(err)
	}
	if cfg != nil && cfg.Path() != "" {
		base, ok := cfg.Find(p.Name)
		if !ok {
			base = p
		}
		base.Remember = true
		cfg.Put(base)
		if err := cfg.Save(); err != nil {
			fmt.Fprintf(s.err, "tokeninspector login: remembered in the keyring, but the config file was not updated: %v\n", err)
		}
	}
	fmt.Fprintf(s.err, "Remembered: `tokeninspector token --profile %s` prints fresh tokens from now on.\n", p.Name)
	return nil
}

// loginFlags are login's own flags, beside the profile and login flags it
// shares with the window.
type loginFlags struct {
	dpopKeyOut  string
	remember    bool
	register    bool
	authServer  string // start from the API: the authorization server to use
	saveProfile string // start from the API: save the profile under this name
}

// runLogin logs in with the profile's grant (or --grant) and prints the
// token set; with --remember it also keeps the session for `token` and the
// window.
func runLogin(ctx context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	var lf loginFlags
	var lo profiles.LoginFlags
	fs := newFlagSet("login", s)
	pf.Register(fs)
	lo.Register(fs)
	fs.BoolVar(&lf.remember, "remember", false, "keep the session in the OS keyring (for tokeninspector token and the window)")
	fs.StringVar(&lf.dpopKeyOut, "dpop-key-out", "", "write the DPoP private key (JWK) to FILE, mode 0600, for refresh and userinfo --dpop-key")
	fs.BoolVar(&lf.register, "register", false, "register a new client first (RFC 7591 dynamic registration), keep it in the profile, then log in")
	fs.StringVar(&lf.authServer, "authorization-server", "", "with --resource API-URL alone: the API's authorization server to use (default: the first it lists)")
	fs.StringVar(&lf.saveProfile, "save-profile", "", "with --resource API-URL alone: save the profile found under NAME (a registered client's secret in the keyring)")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.err, "tokeninspector login: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if lf.dpopKeyOut != "" && !lo.DPoP && lo.DPoPAlg == "" {
		fmt.Fprintln(s.err, "tokeninspector login: --dpop-key-out needs --dpop (or --dpop-alg)")
		return errUsage
	}
	var (
		cfg *config.Config
		p   auth.Profile
		ps  *profiles.Providers
		reg *oidc.Registration
		api *fromAPIReport
		err error
	)
	switch {
	case pf.FromAPI():
		if lf.register {
			fmt.Fprintln(s.err, "tokeninspector login: --register is implied when starting from an API URL without --client-id")
			return errUsage
		}
		cfg, p, ps, api, reg, err = startFromAPI(ctx, s, &pf, &lo, lf)
	case lf.authServer != "" || lf.saveProfile != "":
		fmt.Fprintln(s.err, "tokeninspector login: --authorization-server and --save-profile start from an API URL: --resource URL, without --profile or --issuer")
		return errUsage
	default:
		cfg, p, ps, err = pf.Open(s.err)
	}
	if err != nil {
		return err
	}
	defer ps.Close()
	if err := lo.Apply(&p); err != nil {
		return err
	}
	if lf.register {
		if p, reg, err = registerClient(ctx, s, cfg, ps, p); err != nil {
			return err
		}
	}
	pr, err := loginProvider(ctx, ps, p)
	if err != nil {
		return err
	}
	defer pr.Close()
	var ts *auth.TokenSet
	switch p.GrantType() {
	case auth.GrantClientCredentials:
		ts, err = pr.ClientCredentials(ctx, oidc.ClientCredentialsOptions{})
	case auth.GrantJWTBearer:
		ts, err = pr.JWTBearer(ctx, nil)
	case auth.GrantDeviceCode:
		ts, err = pr.DeviceLogin(ctx, oidc.DeviceOptions{OnCode: func(d *oidc.DeviceAuthorization) {
			fmt.Fprintf(s.err, "verification_uri: %s\n", d.VerificationURI)
			if d.VerificationURIComplete != "" {
				fmt.Fprintf(s.err, "verification_uri_complete: %s\n", d.VerificationURIComplete)
			}
			fmt.Fprintf(s.err, "user_code: %s\n", d.UserCode)
		}})
	default:
		ts, err = pr.Login(ctx, loginPrompts(s))
	}
	if err != nil {
		return printRefusedSet(ctx, s, "login", pr, err) // nothing remembered
	}
	if ts.DPoP != nil {
		if err := saveDPoPKey(s, lf.dpopKeyOut, ts.DPoP); err != nil {
			return err
		}
	}
	if lf.remember {
		if err := rememberLogin(ctx, s, cfg, p, ts); err != nil {
			return err
		}
	}
	return printLoginSet(ctx, s.out, s.err, pr, ts, reg, api)
}

// loginProvider resolves p; a profile whose secret only the keyring holds
// (a client registered with --register, or typed into the window) gets it
// from there.
func loginProvider(ctx context.Context, ps *profiles.Providers, p auth.Profile) (*oidc.Provider, error) {
	m := p.WithSecurityProfile().Auth()
	if secretKnown := p.ClientSecret != "" || p.Demo || m == auth.AuthNone || m == auth.AuthPrivateKeyJWT || m.UsesCertificate(); secretKnown && !p.NeedsTLSPassword() {
		return ps.New(ctx, p)
	}
	_, keys, closeKeys := rememberedSessions()
	defer closeKeys()
	return providerFor(ctx, ps, keys, p)
}
