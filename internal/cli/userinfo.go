package cli

import (
	"context"
	"encoding/json"
	"flag"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/remembered"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func userinfoCommand() command {
	return command{
		name:     "userinfo",
		synopsis: "userinfo --access-token T|- [--id-token T] [--dpop-key FILE] [profile flags]",
		summary:  "call the userinfo endpoint, print its claims as JSON",
		run:      runUserinfo,
		exits:    []string{"4  the provider's answer fails a check a client must make: printed with the failing checks, nothing remembered"},
		example:  `tokeninspector userinfo --profile demo --access-token - < access.txt`,
		traces:   true,
	}
}

// runUserinfo calls the userinfo endpoint with an access token.
func runUserinfo(ctx context.Context, args []string, s stdio) error {
	var token, keyFile, idToken string
	pr, ps, err := setup(ctx, "userinfo", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&token, "access-token", "", "the access token, or - to read it from stdin")
		fs.StringVar(&idToken, "id-token", "", "the session's ID token: the userinfo sub must be its sub (OpenID Connect Core §5.3.2)")
		fs.StringVar(&keyFile, "dpop-key", "", "the DPoP key file of a DPoP-bound access token (from login --dpop-key-out)")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if token, err = tokenValue(s, "userinfo", "--access-token", token); err != nil {
		return err
	}
	key, err := loadDPoPKey(keyFile)
	if err != nil {
		return err
	}
	ui, err := pr.Userinfo(ctx, token, key)
	if err != nil {
		if remembered.RefusedAtResource(err) && key == nil && !dpopBound(token) {
			forgetDeadToken(ctx, s, "userinfo", pr.Profile().Name, token)
		}
		return withHint(err)
	}
	out := map[string]any{"sub": ui.Subject, "claims": json.RawMessage(jsonOrNull(ui.Raw))}
	if ui.JWT != nil {
		out["claims"] = fieldsJSON(ui.Fields)
		out["jwt"] = check.TokenReport{Decoded: *ui.JWT, Now: pr.Now()}
	}
	if idToken == "" {
		return writeJSON(s.out, out)
	}
	c := check.UserinfoSub(ui.Subject, jose.UnverifiedDecode(idToken))
	out["checks"] = []check.Check{c}
	if err := writeJSON(s.out, out); err != nil {
		return err
	}
	if c.Status == check.CheckFail {
		r, _ := asRefused(check.RefusalOf("userinfo", nil, c))
		refusedLine(s, "userinfo", r)
		return exitRefused
	}
	return nil
}

// fieldsJSON turns ordered members into a JSON object (order kept).
func fieldsJSON(fs []auth.ResponseField) json.RawMessage {
	b := []byte{'{'}
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(f.Name)
		b = append(append(append(b, k...), ':'), f.Value...)
	}
	return append(b, '}')
}

// jsonOrNull is b when it is JSON, else null.
func jsonOrNull(b []byte) []byte {
	if json.Valid(b) {
		return b
	}
	return []byte("null")
}
