// Package export turns a token set into the files other tools read: a
// Postman environment, a .env file, and an .http request file for the VS
// Code and JetBrains HTTP clients. The refresh token and the client secret
// are left out unless asked for. The files hold live credentials: write
// them with mode 0600 (Write does).
package export

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/internal/privatefile"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Format names an export format.
type Format string

// The formats.
const (
	Postman Format = "postman"
	Dotenv  Format = "dotenv"
	HTTP    Format = "http"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case Postman, Dotenv, HTTP:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q (postman, dotenv or http)", s)
}

// FileName is the usual file name of an export of profile.
func (f Format) FileName(profile string) string {
	safe := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, profile)
	switch f {
	case Postman:
		return safe + ".postman_environment.json"
	case Dotenv:
		return safe + ".env"
	}
	return safe + ".http"
}

// Input is what an export is made of.
type Input struct {
	Profile   auth.Profile
	Endpoints discovery.Resolved
	Tokens    *auth.TokenSet
	// IncludeRefreshToken and IncludeClientSecret add those secrets.
	IncludeRefreshToken, IncludeClientSecret bool
}

// variable is one exported name and value.
type variable struct {
	key, value string
	secret     bool
}

func (in Input) variables() []variable {
	ts := in.Tokens
	vars := []variable{
		{key: "access_token", value: ts.AccessToken, secret: true},
		{key: "token_type", value: tokenType(ts)},
	}
	if exp, ok := ts.Expiry(); ok {
		vars = append(vars, variable{key: "expires_at", value: exp.UTC().Format(time.RFC3339)})
	}
	vars = append(vars,
		variable{key: "token_url", value: in.Endpoints.TokenURL},
		variable{key: "client_id", value: in.Profile.ClientID},
	)
	if in.Endpoints.UserinfoURL != "" {
		vars = append(vars, variable{key: "userinfo_url", value: in.Endpoints.UserinfoURL})
	}
	if in.IncludeRefreshToken && ts.RefreshToken != "" {
		vars = append(vars, variable{key: "refresh_token", value: ts.RefreshToken, secret: true})
	}
	if in.IncludeClientSecret && in.Profile.ClientSecret != "" {
		vars = append(vars, variable{key: "client_secret", value: in.Profile.ClientSecret, secret: true})
	}
	return vars
}

// tokenType is the scheme for the Authorization header ("Bearer" when the
// provider wrote it in lower case or not at all).
func tokenType(ts *auth.TokenSet) string {
	if strings.EqualFold(ts.TokenType, "dpop") {
		return "DPoP"
	}
	return "Bearer"
}

// Render returns the file content of in in format f.
func Render(f Format, in Input) ([]byte, error) {
	if in.Tokens == nil || in.Tokens.AccessToken == "" {
		return nil, fmt.Errorf("export %s: there is no access token to export", in.Profile.Name)
	}
	switch f {
	case Postman:
		return postman(in)
	case Dotenv:
		return dotenv(in), nil
	case HTTP:
		return httpFile(in), nil
	}
	return nil, fmt.Errorf("unknown export format %q", f)
}

// postman is a Postman environment (the format Postman's Import reads).
func postman(in Input) ([]byte, error) {
	type value struct {
		Key     string `json:"key"`
		Value   string `json:"value"`
		Type    string `json:"type"`
		Enabled bool   `json:"enabled"`
	}
	env := struct {
		Name   string  `json:"name"`
		Values []value `json:"values"`
		Scope  string  `json:"_postman_variable_scope"`
	}{Name: "Token Inspector — " + in.Profile.Name, Scope: "environment"}
	for _, v := range in.variables() {
		typ := "default"
		if v.secret {
			typ = "secret"
		}
		env.Values = append(env.Values, value{Key: v.key, Value: v.value, Type: typ, Enabled: true})
	}
	out, err := json.MarshalIndent(env, "", "  ")
	return append(out, '\n'), err
}

// dotenv is KEY=value lines, values single-quoted where a shell would
// otherwise split or expand them.
func dotenv(in Input) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Token Inspector export of profile %s — holds live credentials\n", in.Profile.Name)
	for _, v := range in.variables() {
		fmt.Fprintf(&b, "%s=%s\n", strings.ToUpper(v.key), ShellQuote(v.value))
	}
	return []byte(b.String())
}

// httpFile is a request file calling the userinfo endpoint (or a
// placeholder) with the access token, in the syntax both the VS Code REST
// Client and the JetBrains HTTP client read.
func httpFile(in Input) []byte {
	var b strings.Builder
	vars := in.variables()
	sort.SliceStable(vars, func(i, j int) bool { return vars[i].key == "access_token" && vars[j].key != "access_token" })
	for _, v := range vars {
		fmt.Fprintf(&b, "@%s = %s\n", v.key, v.value)
	}
	target := in.Endpoints.UserinfoURL
	if target == "" {
		target = "https://api.example.com/"
	}
	fmt.Fprintf(&b, "\n### Userinfo with the access token of %s\nGET %s\nAuthorization: {{token_type}} {{access_token}}\n", in.Profile.Name, target)
	return []byte(b.String())
}

// ShellQuote quotes s for a POSIX shell when it holds anything but
// characters that never need it (JWTs never do).
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/+=@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Write writes data to path with mode 0600, replacing the file; an existing
// file's looser mode is tightened too.
func Write(path string, data []byte) error {
	if err := privatefile.Write(path, data); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
