package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// registerClient registers p as a new client (login --register) and keeps
// it: the client id and its times in the config file (a named profile;
// not the demo, whose provider forgets its clients when it stops), the
// secret in the keyring, never in the file.
func registerClient(ctx context.Context, s stdio, cfg *config.Config, ps *profiles.Providers, p auth.Profile) (auth.Profile, *oidc.Registration, error) {
	p, reg, err := ps.Register(ctx, p)
	if err != nil {
		return p, nil, err
	}
	fmt.Fprintf(s.err, "Registered client %s at %s (%s).\n", reg.ClientID, reg.Endpoint, reg.AuthMethod)
	if p.Demo || p.Name == "ad-hoc" || cfg == nil || cfg.Path() == "" {
		fmt.Fprintln(s.err, "The registered client is used for this login only (not saved to a profile).")
		return p, reg, nil
	}
	if reg.ClientSecret != "" {
		_, keys, closeKeys := rememberedSessions()
		err := keys.Set(p.Name, keyring.SecretClientSecret, reg.ClientSecret)
		closeKeys()
		if err != nil {
			fmt.Fprintf(s.err, "tokeninspector login: the client secret could not be kept in the keyring (%v): the profile will lack it after this login\n", keyringError(err))
		}
	}
	cfg.Put(p)
	if err := cfg.Save(); err != nil {
		fmt.Fprintf(s.err, "tokeninspector login: the registered client was not saved to the config file: %v\n", err)
	}
	return p, reg, nil
}

// withMembers adds the registration and what starting from the API found
// to the login JSON.
func withMembers(report any, reg *oidc.Registration, api *fromAPIReport) (any, error) {
	if reg == nil && api == nil {
		return report, nil
	}
	b, err := json.Marshal(report)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if reg != nil {
		if m["registration"], err = json.Marshal(reg); err != nil {
			return nil, err
		}
	}
	if api != nil {
		if m["from_api"], err = json.Marshal(api); err != nil {
			return nil, err
		}
	}
	return m, nil
}
