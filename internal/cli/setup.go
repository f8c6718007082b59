package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// setup parses profile flags (and the command's own, added by extra) and
// returns the resolved provider. Close both when done.
func setup(ctx context.Context, name string, args []string, s stdio, extra func(fs *flag.FlagSet)) (*oidc.Provider, *profiles.Providers, error) {
	var pf profiles.Flags
	fs := newFlagSet(name, s)
	pf.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args, s); err != nil {
		return nil, nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.err, "tokeninspector %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, nil, errUsage
	}
	_, p, ps, err := pf.Open(s.err)
	if err != nil {
		return nil, nil, err
	}
	pr, err := ps.New(ctx, p)
	if err != nil {
		ps.Close()
		return nil, nil, err
	}
	for _, note := range pr.Endpoints().Notes { // e.g. endpoints on another host
		fmt.Fprintf(s.err, "tokeninspector: discovery: %s\n", note)
	}
	return pr, ps, nil
}
