package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func gitCredentialCommand() command {
	return command{
		name:     "git-credential",
		synopsis: "git-credential [--profile NAME] [--min-valid 60s] get|store|erase",
		summary:  "git's credential helper: a fresh access token of a remembered session as the password",
		run:      runGitCredential,
		exits:    []string{"3  a login is needed: nothing remembered, or the refresh token is dead"},
		example:  `git config --global credential.https://git.acme.test.helper '!tokeninspector git-credential'`,
		quick:    true, // like token: the Ctrl+C handler only once the cache cannot answer
	}
}

// defaultGitUsername is the user name answered when the profile sets no
// git_username (what the common forges accept with an OAuth access token).
const defaultGitUsername = "oauth2"

// runGitCredential speaks git's credential helper protocol. get answers
// the profile's git_username and a fresh access token for the hosts the
// profile serves (its git_hosts, or any host when --profile is given) and
// nothing, exit 0, for others, so git asks its next helper; erase (git
// rejected the token) drops the remembered access token, so the next get
// refreshes; store is a no-op: the session is remembered already.
func runGitCredential(ctx context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	fs := newFlagSet("git-credential", s)
	pf.Register(fs)
	minValid := fs.Duration("min-valid", time.Minute, "the access token must stay valid this long")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	op := fs.Arg(0)
	if fs.NArg() != 1 || (op != "get" && op != "store" && op != "erase") {
		fmt.Fprintln(s.err, "tokeninspector git-credential: one operation: get, store or erase (git passes it)")
		return errUsage
	}
	req, err := readGitRequest(s.in)
	if err != nil || op == "store" {
		return err
	}
	anyHost := pf.Profile != ""
	if !anyHost {
		cfg, err := pf.LoadConfig(io.Discard) // openTokenSession says its warnings
		if err != nil {
			return err
		}
		name, ok := gitProfileFor(cfg, req)
		if !ok {
			return nil // not ours: git asks its next helper
		}
		pf.Profile = name
	}
	sess, err := openTokenSession(&pf, s)
	if err != nil {
		return err
	}
	defer sess.close()
	username := sess.p.GitUsername
	if username == "" {
		username = defaultGitUsername
	}
	if !servesGitHost(req, sess.p.GitHosts, anyHost) || (req.Username != "" && req.Username != username) {
		return nil
	}
	if op == "erase" {
		return eraseGitToken(ctx, s, sess, req.Password)
	}
	res, err := sess.fresh(ctx, tokenNeed{minValid: *minValid})
	switch {
	case loginNeeded(err):
		fmt.Fprintf(s.err, "tokeninspector git-credential: %v\n  log in once with: tokeninspector login --profile %s --remember\n", err, sess.p.Name)
		return exitLoginNeeded
	case err != nil:
		return keyringError(err)
	}
	if res.SaveErr != nil {
		fmt.Fprintf(s.err, "tokeninspector git-credential: warning: the new tokens work, but the keyring was not updated (%v)\n", res.SaveErr)
	}
	exp, _ := res.Tokens.Expiry()
	return gitAnswer{Username: username, Password: res.Tokens.AccessToken, Expiry: exp}.write(s.out)
}

// gitProfileFor finds the first profile whose git_hosts serve req.
func gitProfileFor(cfg *config.Config, req gitRequest) (string, bool) {
	for _, p := range cfg.All() {
		if len(p.GitHosts) > 0 && servesGitHost(req, p.GitHosts, false) {
			return p.Name, true
		}
	}
	return "", false
}

// eraseGitToken drops the access token git was refused with from the
// remembered session (a token it does not hold leaves it alone).
func eraseGitToken(ctx context.Context, s stdio, sess *tokenSession, password string) error {
	if password == "" {
		return nil
	}
	if _, err := sess.store.Revoked(sess.interruptible(ctx), sess.p.Name, password); err != nil {
		return keyringError(fmt.Errorf("git-credential erase: %w", err))
	}
	return nil
}
