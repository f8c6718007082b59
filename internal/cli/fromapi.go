package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/auth/fromapi"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// fromAPIReport is the login JSON's from_api member: what the chain found.
type fromAPIReport struct {
	Resource            string   `json:"resource"`
	ResourceMetadata    string   `json:"resource_metadata"`
	AuthorizationServer string   `json:"authorization_server"`
	ASMetadata          string   `json:"authorization_server_metadata"`
	Profile             string   `json:"profile"`
	Saved               bool     `json:"saved"`
	Steps               []string `json:"steps"`
}

// startFromAPI runs login --resource URL without a profile or issuer: the
// chain of fromapi from the API URL to a profile (each step on stderr),
// saved with --save-profile (the client secret in the keyring).
func startFromAPI(ctx context.Context, s stdio, pf *profiles.Flags, lo *profiles.LoginFlags, lf loginFlags) (*config.Config, auth.Profile, *profiles.Providers, *fromAPIReport, *oidc.Registration, error) {
	urls := strings.Fields(pf.Resource)
	if len(urls) != 1 {
		fmt.Fprintln(s.err, "tokeninspector login: start from one API URL (--resource URL), or name the provider (--profile, --issuer) to ask for several resources")
		return nil, auth.Profile{}, nil, nil, nil, errUsage
	}
	cfg, err := pf.LoadConfig(s.err)
	if err != nil {
		return nil, auth.Profile{}, nil, nil, nil, err
	}
	client, err := auth.NewHTTPClient(pf.HTTPOptions())
	if err != nil {
		return nil, auth.Profile{}, nil, nil, nil, err
	}
	ps := profiles.NewProviders(oidc.Env{HTTP: client})
	base := auth.Profile{Name: lf.saveProfile}
	if err := pf.Apply(&base); err != nil {
		ps.Close()
		return nil, auth.Profile{}, nil, nil, nil, err
	}
	if err := lo.Apply(&base); err != nil {
		ps.Close()
		return nil, auth.Profile{}, nil, nil, nil, err
	}
	res, err := ps.FromAPI(ctx, fromapi.Request{URL: urls[0], AuthorizationServer: lf.authServer, Base: base}, func(st fromapi.Step) {
		if st.Err == nil {
			fmt.Fprintf(s.err, "%s: %s\n", st.Name, st.Detail)
		}
	})
	if err != nil {
		ps.Close()
		return nil, auth.Profile{}, nil, nil, nil, err
	}
	p := res.Profile
	rep := &fromAPIReport{Resource: res.Resource, ResourceMetadata: res.MetadataURL, AuthorizationServer: res.AuthorizationServer,
		ASMetadata: res.ASMetadataURL, Profile: p.Name}
	for _, st := range res.Steps {
		rep.Steps = append(rep.Steps, st.Name+": "+st.Detail)
	}
	if lf.saveProfile != "" {
		rep.Saved = saveFromAPI(s, cfg, p, res.Registration)
	}
	return cfg, p, ps, rep, res.Registration, nil
}

// saveFromAPI keeps the profile the chain made in the config file, and a
// registered client's secret in the keyring (never in the file).
func saveFromAPI(s stdio, cfg *config.Config, p auth.Profile, reg *oidc.Registration) bool {
	if cfg == nil || cfg.Path() == "" {
		fmt.Fprintln(s.err, "tokeninspector login: no config file: the profile is used for this login only")
		return false
	}
	if reg != nil && reg.ClientSecret != "" {
		_, keys, closeKeys := rememberedSessions()
		err := keys.Set(p.Name, keyring.SecretClientSecret, reg.ClientSecret)
		closeKeys()
		if err != nil {
			fmt.Fprintf(s.err, "tokeninspector login: the client secret could not be kept in the keyring (%v): the profile will lack it after this login\n", keyringError(err))
		}
	}
	if _, ok := cfg.Find(p.Name); ok {
		fmt.Fprintf(s.err, "Profile %s replaced.\n", p.Name)
	}
	cfg.Put(p)
	if err := cfg.Save(); err != nil {
		fmt.Fprintf(s.err, "tokeninspector login: the profile was not saved to the config file: %v\n", err)
		return false
	}
	fmt.Fprintf(s.err, "Saved as profile %s: `tokeninspector login --profile %s` logs in again; refresh sends resource=%s.\n", p.Name, p.Name, strings.Join(p.Resources, " "))
	return true
}
