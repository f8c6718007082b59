package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// setup parses profile flags and returns the resolved provider.
func setup(ctx context.Context, name string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*auth.Provider, *providers, error) {
	var pf profileFlags
	fs := newFlagSet(name, stderr)
	pf.register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tokeninspector %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, nil, errUsage
	}
	cfg, err := pf.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	p, err := pf.resolve(cfg)
	if err != nil {
		return nil, nil, err
	}
	client, err := auth.NewHTTPClient(pf.httpOptions())
	if err != nil {
		return nil, nil, err
	}
	ps := &providers{env: auth.Env{HTTP: client}}
	pr, err := ps.New(ctx, p)
	if err != nil {
		ps.Close()
		return nil, nil, err
	}
	return pr, ps, nil
}

// printSet writes a token set report as indented JSON.
func printSet(ctx context.Context, w io.Writer, pr *auth.Provider, ts *auth.TokenSet) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	r := auth.SetReport{Set: ts, Now: pr.Now(), Verify: func(d auth.Decoded) *auth.Verification {
		v := pr.Verifier().Verify(ctx, d)
		return &v
	}}
	return writeJSON(w, r)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// runLogin runs a browser login and prints the token set.
func runLogin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	pr, ps, err := setup(ctx, "login", args, stderr, nil)
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	ts, err := pr.Login(ctx, auth.LoginOptions{
		OnURL: func(u string) {
			fmt.Fprintf(stderr, "Opening the browser to log in. If it does not open, visit:\n  %s\n", u)
		},
		OnOpenError: func(e *auth.OpenBrowserError) {
			fmt.Fprintf(stderr, "Could not open a browser (%v); open the URL above by hand.\n", e.Err)
		},
	})
	if err != nil {
		return err
	}
	return printSet(ctx, stdout, pr, ts)
}

// runRefresh runs one refresh_token grant and prints the new token set.
func runRefresh(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var rt string
	pr, ps, err := setup(ctx, "refresh", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&rt, "refresh-token", "", "the refresh token, or - to read it from stdin")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if rt == "-" {
		if rt, err = readToken(stdin); err != nil {
			return err
		}
	}
	if rt == "" {
		fmt.Fprintln(stderr, "tokeninspector refresh: --refresh-token is required (use - to read it from stdin)")
		return errUsage
	}
	go pr.Verifier().Prefetch(ctx) // in parallel with the token request; printSet verifies
	ts, err := pr.Refresh(ctx, rt)
	if err != nil {
		var oe *auth.OAuthError
		if errors.As(err, &oe) && oe.Hint() != "" {
			return fmt.Errorf("%w\n  %s", err, oe.Hint())
		}
		return err
	}
	return printSet(ctx, stdout, pr, ts)
}

// readToken reads one token from r (first non-empty line, trimmed).
func readToken(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			return s, nil
		}
	}
	return "", nil
}

// runDecode decodes a token from the argument or stdin, without verifying.
func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("decode", stderr)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	var raw string
	switch {
	case fs.NArg() > 1:
		fmt.Fprintln(stderr, "tokeninspector decode: give one token, or - for stdin")
		return errUsage
	case fs.NArg() == 0 || fs.Arg(0) == "-":
		var err error
		if raw, err = readToken(stdin); err != nil {
			return err
		}
	default:
		raw = fs.Arg(0)
	}
	d := auth.UnverifiedDecode(raw)
	if err := writeJSON(stdout, auth.TokenReport{Decoded: d, Now: time.Now()}); err != nil {
		return err
	}
	if d.Format == auth.FormatEmpty {
		return errors.New("decode: no token given")
	}
	return nil
}
