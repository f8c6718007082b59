package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/tokeninspector/tokeninspector/auth/trace"
	"github.com/tokeninspector/tokeninspector/internal/privatefile"
)

// traceOut is a command's --trace: every HTTP exchange of the run,
// recorded (secrets redacted) into log through the command's context, and
// written as a HAR 1.2 file when the command ends.
type traceOut struct {
	path    string
	log     *trace.Log
	version string
}

// startTrace gives a command that talks to a provider its --trace flag
// (newFlagSet registers it) and its log, in ctx.
func startTrace(ctx context.Context, s *stdio, version string) context.Context {
	s.trace = &traceOut{log: trace.NewLog(0), version: version}
	return trace.WithLog(ctx, s.trace.log)
}

// register adds --trace to fs.
func (t *traceOut) register(fs *flag.FlagSet) {
	if t != nil && fs.Lookup("trace") == nil {
		fs.StringVar(&t.path, "trace", "", "write every HTTP exchange (secrets redacted) to `FILE` as HAR 1.2")
	}
}

// write writes the HAR file when --trace asked for one (mode 0600: it
// holds the profile's traffic, if no secret). A failed command is traced
// too: that is when the file is most useful.
func (t *traceOut) write(s stdio) {
	if t == nil || t.path == "" {
		return
	}
	err := privatefile.Replace(t.path, ".har-*", func(w io.Writer) error {
		return trace.WriteHAR(w, t.log.Entries(), "Token Inspector", t.version)
	}, nil)
	if err != nil {
		fmt.Fprintf(s.err, "tokeninspector: --trace: %v\n", err)
	}
}
