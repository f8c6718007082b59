package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

func decodeCommand() command {
	return command{
		name:     "decode",
		synopsis: "decode [TOKEN|-]",
		summary:  "decode a token (JWT or opaque) as JSON",
		quick:    true,
		run:      runDecode,
	}
}

// runDecode decodes a token from the argument or stdin, without verifying.
func runDecode(_ context.Context, args []string, s stdio) error {
	fs := newFlagSet("decode", s)
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	var raw string
	switch {
	case fs.NArg() > 1:
		fmt.Fprintln(s.err, "tokeninspector decode: give one token, or - for stdin")
		return errUsage
	case fs.NArg() == 0 || fs.Arg(0) == "-":
		var err error
		if raw, err = readToken(s.in); err != nil {
			return err
		}
	default:
		raw = fs.Arg(0)
	}
	d := auth.UnverifiedDecode(raw)
	if err := writeJSON(s.out, auth.TokenReport{Decoded: d, Now: time.Now()}); err != nil {
		return err
	}
	if d.Format == auth.FormatEmpty {
		return errors.New("decode: no token given")
	}
	return nil
}
