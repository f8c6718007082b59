package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/mint"
)

func mutateCommand() command {
	return command{
		name:     "mutate",
		synopsis: "mutate [--set claim=value]… [--unset claim]… [--shift exp=-1h]… [--resign --key FILE | --alg none | --strip-signature] [--kid K] [--attack NAME|all [--out DIR] [--jku URL]] TOKEN|-",
		summary:  "edit a token, keeping everything else, or make the attack tokens an API must refuse",
		quick:    true,
		run:      runMutate,
		exits:    nil,
		example:  `tokeninspector mutate --set role=admin --shift exp=-1h --resign --key test.key TOKEN`,
	}
}

// mutateFlags are mutate's flags.
type mutateFlags struct {
	set, unset, shift stringList
	resign, strip     bool
	key, alg, kid     string
	attack, out, jku  string
}

// runMutate prints the edited token; with --attack NAME the preset's token
// (its note on stderr), with --attack all --out DIR every preset's token
// in DIR with a README.md index.
func runMutate(_ context.Context, args []string, s stdio) error {
	var f mutateFlags
	fs := newFlagSet("mutate", s)
	fs.Var(&f.set, "set", "set a claim: claim=value (JSON, else a string; exp/nbf/iat take now, +10m, -1h); repeatable")
	fs.Var(&f.unset, "unset", "remove a claim; repeatable")
	fs.Var(&f.shift, "shift", "move a time claim: exp=-1h; repeatable")
	fs.BoolVar(&f.resign, "resign", false, "sign the result again with --key")
	fs.StringVar(&f.key, "key", "", "private key file for --resign and the attack presets (hs256-with-public-key takes a public key too)")
	fs.StringVar(&f.alg, "alg", "", "none: make it unsigned; with --resign, the algorithm (default: the key's)")
	fs.BoolVar(&f.strip, "strip-signature", false, "drop the signature, keep the header")
	fs.StringVar(&f.kid, "kid", "", "set the header's kid")
	fs.StringVar(&f.attack, "attack", "", "make an attack token: "+strings.Join(mint.AttackNames(), ", ")+", or all")
	fs.StringVar(&f.out, "out", "", "with --attack all: the directory the tokens and README.md are written to")
	fs.StringVar(&f.jku, "jku", "", "with --attack jku-elsewhere: the URL jku points at (default "+mint.DefaultJKU+")")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	raw, err := tokenArg(fs, "mutate", s)
	if err != nil {
		return err
	}
	if raw == "" {
		return fmt.Errorf("mutate: no token given")
	}
	if f.attack != "" {
		return f.runAttack(raw, s)
	}
	if f.resign == (f.key == "") {
		if f.resign {
			fmt.Fprintln(s.err, "tokeninspector mutate: --resign needs --key FILE")
		} else {
			fmt.Fprintln(s.err, "tokeninspector mutate: --key is for --resign or --attack")
		}
		return errUsage
	}
	if n := btoi(f.resign) + btoi(f.alg == "none") + btoi(f.strip); n > 1 {
		fmt.Fprintln(s.err, "tokeninspector mutate: give at most one of --resign, --alg none and --strip-signature")
		return errUsage
	}
	if f.alg != "" && f.alg != "none" && !f.resign {
		fmt.Fprintln(s.err, "tokeninspector mutate: --alg is none, or the algorithm of --resign")
		return errUsage
	}
	m := mint.Mutation{Unset: f.unset, Kid: f.kid, AlgNone: f.alg == "none", StripSignature: f.strip}
	now := time.Now()
	for _, a := range f.set {
		name, v, err := mint.ParseAssignment(a, now)
		if err != nil {
			fmt.Fprintf(s.err, "tokeninspector mutate: --set %v\n", err)
			return errUsage
		}
		m.Set.Set(name, v)
	}
	for _, a := range f.shift {
		name, d, err := mint.ParseShift(a)
		if err != nil {
			fmt.Fprintf(s.err, "tokeninspector mutate: --shift %v\n", err)
			return errUsage
		}
		if m.Shift == nil {
			m.Shift = map[string]time.Duration{}
		}
		m.Shift[name] += d
	}
	if f.resign {
		k, err := loadSigningKey(f.key, f.alg)
		if err != nil {
			return fmt.Errorf("mutate: %w", err)
		}
		m.Resign = k
	}
	tok, err := mint.Mutate(raw, m)
	if err != nil {
		return fmt.Errorf("mutate: %w", err)
	}
	if !f.resign && !m.AlgNone && !m.StripSignature && tok != jose.TrimToken(raw) {
		fmt.Fprintln(s.err, "tokeninspector mutate: not re-signed: the old signature no longer matches (add --resign --key FILE)")
	}
	fmt.Fprintln(s.out, tok)
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runAttack makes one preset (printed, its note on stderr) or all of them
// (written to --out).
func (f *mutateFlags) runAttack(raw string, s stdio) error {
	if f.resign || f.alg != "" || f.strip || f.kid != "" || len(f.set)+len(f.unset)+len(f.shift) > 0 {
		fmt.Fprintln(s.err, "tokeninspector mutate: --attack takes only --key, --jku and --out")
		return errUsage
	}
	in := mint.AttackInput{Token: raw, JKU: f.jku}
	if f.key != "" {
		b, err := os.ReadFile(f.key)
		if err != nil {
			return fmt.Errorf("mutate: --key: %w", err)
		}
		if k, err := mint.ParseKey(b, ""); err == nil {
			in.Key = k
		} else if _, perr := jose.ParseKeys(b); perr == nil {
			in.PublicKey = b // a public key: only hs256-with-public-key uses it
		} else {
			return fmt.Errorf("mutate: --key %s: %w", f.key, err)
		}
	}
	if f.attack != "all" {
		if f.out != "" {
			fmt.Fprintln(s.err, "tokeninspector mutate: --out is for --attack all (one token is printed)")
			return errUsage
		}
		a, ok := mint.FindAttack(f.attack)
		if !ok {
			fmt.Fprintf(s.err, "tokeninspector mutate: unknown attack %q: want one of %s, or all\n", f.attack, strings.Join(mint.AttackNames(), ", "))
			return errUsage
		}
		tok, err := mint.MakeAttack(a.Name, in)
		if err != nil {
			return fmt.Errorf("mutate: %w", err)
		}
		fmt.Fprintf(s.err, "%s (fails: %s): %s\n", a.Name, a.Check, a.Note)
		fmt.Fprintln(s.out, tok)
		return nil
	}
	if f.out == "" {
		fmt.Fprintln(s.err, "tokeninspector mutate: --attack all needs --out DIR")
		return errUsage
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("mutate: --out: %w", err)
	}
	made := mint.MakeAll(in)
	type written struct {
		Attack string `json:"attack"`
		File   string `json:"file,omitempty"`
		Fails  string `json:"fails"`
		Note   string `json:"note"`
		Error  string `json:"error,omitempty"`
	}
	var list []written
	failed := 0
	for _, m := range made {
		w := written{Attack: m.Name, Fails: m.Check, Note: m.Note}
		if m.Err != nil {
			w.Error = m.Err.Error()
			failed++
		} else {
			w.File = filepath.Join(f.out, m.Name+".jwt")
			if err := os.WriteFile(w.File, []byte(m.Token+"\n"), 0o644); err != nil {
				return fmt.Errorf("mutate: %w", err)
			}
		}
		list = append(list, w)
	}
	if err := os.WriteFile(filepath.Join(f.out, "README.md"), []byte(mint.Index(made)), 0o644); err != nil {
		return fmt.Errorf("mutate: %w", err)
	}
	if err := writeJSON(s.out, list); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("mutate: %d of %d attack tokens not made (see \"error\"; the claim presets need --key with the private key)", failed, len(made))
	}
	return nil
}
