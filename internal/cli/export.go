package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/export"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func exportCommand() command {
	return command{
		name:     "export",
		synopsis: "export --profile NAME --format postman|dotenv|http [--output FILE]",
		summary:  "write the remembered session for Postman, .env or an .http file (mode 0600)",
		run:      runExport,
		exits:    []string{"3  a login is needed: nothing remembered for the profile"},
		example:  `tokeninspector export --profile acme --format postman`,
	}
}

// runExport writes a remembered session's fresh tokens in another tool's
// format: no refresh token or client secret unless asked.
func runExport(ctx context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	var format, output string
	var withRefresh, withSecret bool
	fs := newFlagSet("export", s)
	pf.Register(fs)
	fs.StringVar(&format, "format", "postman", "postman, dotenv or http")
	fs.StringVar(&output, "output", "", "the file to write (default: PROFILE.postman_environment.json, PROFILE.env or PROFILE.http here)")
	fs.BoolVar(&withRefresh, "include-refresh-token", false, "export the refresh token too")
	fs.BoolVar(&withSecret, "include-client-secret", false, "export the client secret too")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	f, err := export.ParseFormat(format)
	if err != nil {
		fmt.Fprintf(s.err, "tokeninspector export: %v\n", err)
		return errUsage
	}
	_, p, ps, err := pf.Open(s.err)
	if err != nil {
		return err
	}
	defer ps.Close()
	store, keys, closeKeys := rememberedSessions()
	defer closeKeys()
	pr, err := providerFor(ctx, ps, keys, p)
	if err != nil {
		return err
	}
	defer pr.Close()
	res, err := store.Fresh(ctx, p.Name, time.Minute, pr.Refresh)
	switch {
	case loginNeeded(err):
		fmt.Fprintf(s.err, "tokeninspector export: %v\n  log in once with: tokeninspector login --profile %s --remember\n", err, p.Name)
		return exitLoginNeeded
	case err != nil:
		return keyringError(err)
	}
	data, err := export.Render(f, export.Input{Profile: pr.Profile(), Endpoints: pr.Endpoints(), Tokens: res.Tokens,
		IncludeRefreshToken: withRefresh, IncludeClientSecret: withSecret})
	if err != nil {
		return err
	}
	if output == "" {
		output = f.FileName(p.Name)
	}
	if err := export.Write(output, data); err != nil {
		return err
	}
	fmt.Fprintf(s.err, "Wrote %s (mode 0600: it holds a live access token%s).\n", output, secretsNote(withRefresh, withSecret))
	return nil
}

func secretsNote(refresh, secret bool) string {
	switch {
	case refresh && secret:
		return ", the refresh token and the client secret"
	case refresh:
		return " and the refresh token"
	case secret:
		return " and the client secret"
	}
	return ""
}
