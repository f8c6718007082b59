package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

func exchangeCommand() command {
	return command{
		name: "exchange",
		synopsis: "exchange --subject-token T|- [--subject-token-type URN] [--actor-token T] [--audience A]\n" +
			"                        [--resource R] [--requested-token-type URN] [profile flags]",
		summary: "token exchange (RFC 8693), print the issued token set",
		run:     runExchange,
		exits:   []string{"4  the provider's answer fails a check a client must make: printed with the failing checks, nothing remembered"},
		example: `tokeninspector exchange --profile demo --subject-token - --audience api < access.txt`,
		traces:  true,
	}
}

// runExchange runs one token exchange and prints the new token set.
func runExchange(ctx context.Context, args []string, s stdio) error {
	var o oidc.TokenExchangeOptions
	pr, ps, err := setup(ctx, "exchange", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&o.SubjectToken, "subject-token", "", "the token to exchange, or - to read it from stdin")
		fs.StringVar(&o.SubjectTokenType, "subject-token-type", oidc.TokenTypeAccessToken, "its type: access_token, refresh_token, id_token, jwt or an RFC 8693 URN")
		fs.StringVar(&o.ActorToken, "actor-token", "", "the actor's token (optional)")
		fs.StringVar(&o.Audience, "audience", "", "where the new token is to be used")
		fs.StringVar(&o.RequestedTokenType, "requested-token-type", "", "the type wanted: access_token, jwt… or an RFC 8693 URN")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if o.SubjectToken, err = tokenValue(s, "exchange", "--subject-token", o.SubjectToken); err != nil {
		return err
	}
	// --resource is a profile flag: the provider sends the profile's
	// resources on every grant, this one included (RFC 8707).
	for _, tt := range []*string{&o.SubjectTokenType, &o.RequestedTokenType} {
		if *tt, err = oidc.ParseTokenType(*tt); err != nil {
			fmt.Fprintf(s.err, "tokeninspector exchange: %v\n", err)
			return errUsage
		}
	}
	ts, err := pr.ExchangeToken(ctx, o)
	if err != nil {
		return printRefusedSet(ctx, s, "exchange", pr, err)
	}
	return printSet(ctx, s.out, pr, ts)
}

// tokenValue is a token flag's value: itself, or stdin's first line for
// "-". An empty value is a usage error naming the flag.
func tokenValue(s stdio, cmd, flagName, v string) (string, error) {
	if v == "-" {
		var err error
		if v, err = readToken(s.in); err != nil {
			return "", err
		}
	}
	if v == "" {
		fmt.Fprintf(s.err, "tokeninspector %s: %s is required (use - to read it from stdin)\n", cmd, flagName)
		return "", errUsage
	}
	return v, nil
}
