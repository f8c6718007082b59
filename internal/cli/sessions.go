package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// exitLoginNeeded is the exit code of a command that needs a (new) login:
// nothing remembered, or the provider refused the refresh token.
const exitLoginNeeded exitCode = 3

// rememberedSessions opens the OS keyring's remembered sessions, shared
// with the window through the lock folder. There is no memory fallback on
// the command line: without a keyring there is nothing to share. Call the
// returned function when done.
func rememberedSessions() (*remembered.Store, *keyring.KeyringWorker, func()) {
	keys := keyring.NewKeyringWorker(keyring.NewKeyringStore(), 0)
	s := &remembered.Store{Secrets: keys}
	if locks, err := remembered.DefaultLocks(); err == nil {
		s.Locks = locks
	}
	return s, keys, keys.Close
}

// providerFor resolves p, with the client secret the keyring keeps for it
// when the profile has none (typed into the window with Remember on).
func providerFor(ctx context.Context, ps *profiles.Providers, keys keyring.SecretStore, p auth.Profile) (*oidc.Provider, error) {
	if p.ClientSecret == "" && p.Auth() != auth.AuthNone && !p.Demo {
		if v, err := keys.Get(p.Name, keyring.SecretClientSecret); err == nil {
			p.ClientSecret, p.SecretSource = v, auth.SecretFromKeyring
		}
	}
	if p.NeedsTLSPassword() && os.Getenv(auth.TLSPasswordEnvVar) == "" {
		if v, err := keys.Get(p.Name, keyring.SecretTLSPassword); err == nil {
			p.TLSPassword, p.TLSPasswordSource = v, auth.SecretFromKeyring
		}
	}
	return ps.New(ctx, p)
}

// keyringError says what a script needs to know when the keyring fails.
func keyringError(err error) error {
	if errors.Is(err, keyring.ErrKeyringUnavailable) || errors.Is(err, keyring.ErrKeyringStuck) {
		return fmt.Errorf("no OS keyring reachable (remembered sessions live only there; nothing was written to disk): %w", err)
	}
	return err
}
