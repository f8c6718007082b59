package cli

import "strings"

const usageProfileFlags = `
Login flags (login, and the window for its logins):
  --grant G  --par  --dpop  --response-mode form_post|jwt|query.jwt|form_post.jwt  --request-object ALG  --fapi2
  --prompt P  --max-age SECS  --acr-values A  --login-hint H  --ui-locales L  --id-token-hint T|@FILE
  --claims JSON|@FILE  --authorization-details JSON|@FILE

Profile flags:
  --profile NAME        a built-in (demo, decathlon-eu) or config-file profile
  --issuer URL          OIDC issuer (endpoints by discovery)
  --auth-url, --token-url, --jwks-url URL
  --client-id ID, --client-secret S (safer: $TOKENINSPECTOR_CLIENT_SECRET)
  --scope "openid profile"  --redirect-port N[,N…]
  --auth-method post|basic|none|private_key_jwt|client_secret_jwt  --client-key FILE (PEM or JWK)
    with --issuer, an unset scope and auth method come from discovery (login prints "defaults")
  --config FILE         config file (default: the user config dir)
  --timeout DURATION    HTTP timeout (default 30s)   --ca-file PEM   extra CA bundle
  --trace FILE          commands that talk to a provider or an API: every HTTP exchange,
                        secrets redacted, written to FILE as HAR 1.2

Exit status:
  0 done   1 error   2 bad usage   3 a login is needed (token)
  4 the provider's answer fails a check a client must make (login, refresh, exchange,
    userinfo): the answer is still printed with the failing checks, nothing is remembered;
    token prints nothing (a refreshed ID token of another user, OpenID Connect Core §12.2)
`

// usage is the help text, built from the command list.
func usage() string {
	var b strings.Builder
	b.WriteString("Token Inspector — log in, look inside tokens, keep them fresh.\n\nUsage:\n")
	const column = 35 // where summaries start, after "  tokeninspector "
	for _, c := range commands() {
		b.WriteString("  tokeninspector " + c.synopsis)
		if len(c.synopsis) < column {
			b.WriteString(strings.Repeat(" ", column-len(c.synopsis)))
		} else {
			b.WriteString("\n" + strings.Repeat(" ", len("  tokeninspector ")+column))
		}
		b.WriteString(c.summary + "\n")
	}
	b.WriteString("  tokeninspector --version\n")
	b.WriteString(usageProfileFlags)
	return b.String()
}
