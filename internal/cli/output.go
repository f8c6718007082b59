package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// printSet writes a token set report as indented JSON, each token with its
// signature result and validation checks.
func printSet(ctx context.Context, w io.Writer, pr *oidc.Provider, ts *auth.TokenSet) error {
	return printLoginSet(ctx, w, io.Discard, pr, ts, nil, nil)
}

// printLoginSet is printSet with the dynamic registration the login made
// first, if any; a FAPI 2.0 check that failed is also said on stderr.
func printLoginSet(ctx context.Context, w, stderr io.Writer, pr *oidc.Provider, ts *auth.TokenSet, reg *oidc.Registration, api *fromAPIReport) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v := pr.ValidateSet(ctx, ts)
	for _, c := range v.FAPI2Failed() {
		fmt.Fprintf(stderr, "tokeninspector: %s failed: %s\n", c.Name, c.Reason)
	}
	rep := check.SetReport{Set: ts, Now: pr.Now(), Validation: &v}
	if d := pr.Defaults(); !d.Empty() {
		rep.Defaults = d // which scope and client authentication were chosen, and why
	}
	out, err := withMembers(rep, reg, api)
	if err != nil {
		return fmt.Errorf("printing the token set: %w", err)
	}
	return writeJSON(w, out)
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
