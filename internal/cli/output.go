package cli

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// printSet writes a token set report as indented JSON, each token with its
// signature result and validation checks.
func printSet(ctx context.Context, w io.Writer, pr *oidc.Provider, ts *auth.TokenSet) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v := pr.ValidateSet(ctx, ts)
	rep := check.SetReport{Set: ts, Now: pr.Now(), Validation: &v}
	if d := pr.Defaults(); !d.Empty() {
		rep.Defaults = d // which scope and client authentication were chosen, and why
	}
	return writeJSON(w, rep)
}

// writeJSON writes v as indented JSON, with <, > and & as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// rawJSON prints b as the JSON it is.
func rawJSON(b []byte) json.RawMessage { return json.RawMessage(b) }
