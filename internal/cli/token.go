package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/export"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func tokenCommand() command {
	return command{
		name: "token",
		synopsis: "token --profile NAME [--min-valid 60s] [--format bearer|header|raw|json|env|exec-credential]\n" +
			"                        [--token-kind id|access] [--login] [--check]",
		summary: "print a fresh access token of a remembered session (for scripts)",
		run:     runToken,
		exits:   []string{"3  a login is needed (nothing remembered, or the provider refused the refresh token); a hint on stderr", "4  a refreshed ID token names another user: nothing printed (OpenID Connect Core §12.2)"},
		example: `curl -H "$(tokeninspector token --profile acme --format header)" https://api.acme.test/me`,
		traces:  true,
		// Quick: it sets up its Ctrl+C handler itself, once the session
		// cache cannot answer (runToken).
		quick: true,
	}
}

// tokenFlags are the token command's own flags.
type tokenFlags struct {
	minValid       time.Duration
	format         string
	login          bool
	includeRefresh bool
	method, url    string // the request a DPoP proof is made for
	check          bool   // only say, by the exit code, whether a token can be printed
	tokenKind      string // exec-credential: the ID token or the access token
}

// runToken prints an access token valid for at least --min-valid: the
// remembered one, or a refreshed one (saved before it is printed), or with
// --login a new login's. Nothing but the token goes to stdout.
func runToken(ctx context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	var tf tokenFlags
	fs := newFlagSet("token", s)
	pf.Register(fs)
	fs.DurationVar(&tf.minValid, "min-valid", time.Minute, "the access token must stay valid this long")
	fs.StringVar(&tf.format, "format", "bearer", "bearer, header, raw, json, env or exec-credential (kubectl's exec plugin)")
	fs.BoolVar(&tf.login, "login", false, "log in (browser) when no remembered session can give a token")
	fs.BoolVar(&tf.includeRefresh, "include-refresh-token", false, "with --format json: include the refresh token")
	fs.StringVar(&tf.url, "url", "", "DPoP-bound tokens: the URL of the request the DPoP proof is for (--format header prints both headers)")
	fs.StringVar(&tf.method, "method", "GET", "DPoP-bound tokens: the HTTP method of that request")
	fs.BoolVar(&tf.check, "check", false, "print nothing: exit 0 when a token can be printed without a browser, 3 when a login is needed")
	fs.StringVar(&tf.tokenKind, "token-kind", tokenKindID, "with --format exec-credential: id (the ID token, as kube-apiserver's OIDC authenticator expects) or access")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	if !validTokenFormat(tf.format) {
		fmt.Fprintf(s.err, "tokeninspector token: unknown --format %q (bearer, header, raw, json, env or exec-credential)\n", tf.format)
		return errUsage
	}
	if tf.tokenKind != tokenKindID && tf.tokenKind != tokenKindAccess {
		fmt.Fprintf(s.err, "tokeninspector token: unknown --token-kind %q (id or access)\n", tf.tokenKind)
		return errUsage
	}
	kube, mayLogin := execRequest{}, tf.login
	if tf.format == "exec-credential" {
		var err error
		if kube, err = readExecRequest(os.Getenv(execInfoEnv)); err != nil {
			return err
		}
		mayLogin = tf.login && kube.Interactive // kubectl cannot pass a prompt on
	}
	sess, err := openTokenSession(&pf, s)
	if err != nil {
		return err
	}
	defer sess.close()
	need := tokenNeed{minValid: tf.minValid, refreshToken: tf.includeRefresh, idToken: tf.format == "exec-credential" && tf.tokenKind == tokenKindID}
	if tf.check {
		return runTokenCheck(ctx, sess, need)
	}
	res, err := sess.fresh(ctx, need)
	if err != nil && mayLogin && loginNeeded(err) {
		res, err = sess.login(ctx, s)
	}
	switch {
	case loginNeeded(err):
		fmt.Fprintf(s.err, "tokeninspector token: %v\n  log in once with: tokeninspector login --profile %s --remember (or add --login)\n", err, sess.p.Name)
		return exitLoginNeeded
	case err != nil:
		if r, ok := asRefused(err); ok { // e.g. the refreshed ID token names another user
			refusedLine(s, "token", r)
			return exitRefused // nothing remembered, nothing printed
		}
		return keyringError(err)
	}
	if res.SaveErr != nil {
		fmt.Fprintf(s.err, "tokeninspector token: warning: the new tokens work, but the keyring was not updated (%v); the next call may need a login\n", res.SaveErr)
	}
	if !res.Tokens.ValidFor(time.Now(), tf.minValid) {
		fmt.Fprintf(s.err, "tokeninspector token: warning: the provider's access token is valid for less than %s\n", tf.minValid)
	}
	if tf.format == "exec-credential" {
		return printExecCredential(s.out, kube, tf.tokenKind, res.Tokens)
	}
	return printToken(s.out, tf, res.Tokens)
}

// loginNeeded reports whether err means only a new login can help.
func loginNeeded(err error) bool {
	return errors.Is(err, remembered.ErrNothingRemembered) || auth.NeedsLogin(err)
}

// loginAndRemember runs the profile's browser login (prompts on stderr)
// and remembers its tokens.
func loginAndRemember(ctx context.Context, s stdio, store *remembered.Store, p auth.Profile, provider func(context.Context) (*oidc.Provider, error)) (remembered.Result, error) {
	pr, err := provider(ctx)
	if err != nil {
		return remembered.Result{}, err
	}
	ts, err := pr.Login(ctx, loginPrompts(s))
	if err != nil {
		return remembered.Result{}, err
	}
	return remembered.Result{Tokens: ts, Refreshed: true, SaveErr: store.Put(ctx, p.Name, ts)}, nil
}

func validTokenFormat(f string) bool {
	switch f {
	case "bearer", "header", "raw", "json", "env", "exec-credential":
		return true
	}
	return false
}

// printToken writes the access token in format tf.format.
func printToken(w io.Writer, tf tokenFlags, ts *auth.TokenSet) error {
	scheme := "Bearer"
	if ts.TokenType != "" && !strings.EqualFold(ts.TokenType, "bearer") {
		scheme = ts.TokenType
	}
	expires := expiryOf(ts)
	var err error
	switch tf.format {
	case "bearer":
		_, err = fmt.Fprintf(w, "%s %s\n", scheme, ts.AccessToken)
	case "header":
		if ts.DPoP != nil {
			return printDPoPHeaders(w, tf, ts)
		}
		_, err = fmt.Fprintf(w, "Authorization: %s %s\n", scheme, ts.AccessToken)
	case "raw":
		_, err = fmt.Fprintln(w, ts.AccessToken)
	case "env":
		_, err = fmt.Fprintf(w, "ACCESS_TOKEN=%s\nTOKEN_TYPE=%s\nEXPIRES_AT=%s\nEXPIRES_ON=%s\n",
			export.ShellQuote(ts.AccessToken), export.ShellQuote(scheme), export.ShellQuote(expires.At), export.ShellQuote(expires.onString()))
	case "json":
		out := struct {
			AccessToken  string `json:"access_token"`
			TokenType    string `json:"token_type"`
			ExpiresAt    string `json:"expires_at,omitempty"`
			ExpiresOn    int64  `json:"expires_on,omitempty"`
			Scope        string `json:"scope,omitempty"`
			IDToken      string `json:"id_token,omitempty"`
			RefreshToken string `json:"refresh_token,omitempty"`
		}{AccessToken: ts.AccessToken, TokenType: scheme, ExpiresAt: expires.At, ExpiresOn: expires.On, Scope: ts.Scope, IDToken: ts.IDToken}
		if tf.includeRefresh {
			out.RefreshToken = ts.RefreshToken
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	}
	return err
}

// printDPoPHeaders prints the two headers a DPoP-bound token needs: the
// Authorization header and a fresh proof for --method and --url (RFC 9449 §7.1).
func printDPoPHeaders(w io.Writer, tf tokenFlags, ts *auth.TokenSet) error {
	if tf.url == "" {
		return fmt.Errorf("the access token is DPoP-bound: --format header needs --url (and --method, default GET) to make its DPoP proof")
	}
	proof, err := ts.DPoP.Proof(strings.ToUpper(tf.method), tf.url, ts.AccessToken, "", time.Now())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Authorization: DPoP %s\nDPoP: %s\n", ts.AccessToken, proof)
	return err
}
