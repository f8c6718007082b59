package cli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func callCommand() command {
	return command{
		name: "call",
		synopsis: "call URL [--method M] [--header 'K: V']… [--data BODY|@FILE]\n" +
			"                        [--profile NAME | --access-token T|- [--dpop-key FILE]]",
		summary: "call an API with the session's access token, print the answer as JSON (any HTTP answer exits 0)",
		run:     runCall,
		traces:  true,
		exits:   []string{"4  the refreshed tokens fail a check a client must make: nothing is sent"},
		example: `tokeninspector call https://api.example.com/orders --profile work --trace call.har`,
	}
}

// headerFlags is a repeatable --header 'Name: value'.
type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, "; ") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }

// callFlags are the call command's own flags.
type callFlags struct {
	method, data, token, keyFile string
	headers                      headerFlags
	minValid                     time.Duration
}

// runCall sends one request with the profile's remembered access token
// (refreshed first when it is not fresh) or --access-token, and prints the
// answer. Any HTTP answer exits 0; no answer exits 1.
func runCall(ctx context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	var cf callFlags
	fs := newFlagSet("call", s)
	pf.Register(fs)
	fs.StringVar(&cf.method, "method", http.MethodGet, "the HTTP method")
	fs.Var(&cf.headers, "header", "a request header 'Name: value' (repeatable)")
	fs.StringVar(&cf.data, "data", "", "the request body, or @FILE to read it from FILE (@- for stdin)")
	fs.StringVar(&cf.token, "access-token", "", "the access token to send (- for stdin) instead of the profile's remembered one")
	fs.StringVar(&cf.keyFile, "dpop-key", "", "with --access-token: the DPoP key file of a DPoP-bound token")
	fs.DurationVar(&cf.minValid, "min-valid", 30*time.Second, "refresh the remembered token first when it expires sooner")
	target, err := parseWithURL(fs, args, s)
	if err != nil {
		return err
	}
	req := oidc.CallRequest{Method: cf.method, URL: target, Header: http.Header{}}
	for _, h := range cf.headers {
		if !req.AddHeaderLine(h) {
			fmt.Fprintf(s.err, "tokeninspector call: --header %q is not 'Name: value'\n", h)
			return errUsage
		}
	}
	body, err := callBody(s, cf.data)
	if err != nil {
		return err
	}
	req.SetBody(body)
	tok, note, err := callToken(ctx, &pf, cf, s)
	if err != nil {
		return err
	}
	client, err := auth.NewHTTPClient(pf.HTTPOptions())
	if err != nil {
		return err
	}
	a, err := oidc.Call(ctx, oidc.Env{HTTP: client}, req, tok)
	if err != nil {
		return err
	}
	return writeJSON(s.out, callJSON(req, a, note))
}

// parseWithURL parses flags given before and after the URL argument.
func parseWithURL(fs *flag.FlagSet, args []string, s stdio) (string, error) {
	var target string
	for {
		if err := parseFlags(fs, args, s); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		if target != "" {
			fmt.Fprintf(s.err, "tokeninspector call: unexpected argument %q (one URL)\n", fs.Arg(0))
			return "", errUsage
		}
		target, args = fs.Arg(0), fs.Args()[1:]
	}
	if target == "" {
		fmt.Fprintln(s.err, "tokeninspector call: give the URL to call")
		return "", errUsage
	}
	return target, nil
}

// callBody is --data: the text itself, or a file's content with @FILE.
func callBody(s stdio, data string) ([]byte, error) {
	switch {
	case data == "":
		return nil, nil
	case data == "@-":
		return readAllLimited(s)
	case strings.HasPrefix(data, "@"):
		b, err := os.ReadFile(data[1:])
		if err != nil {
			return nil, fmt.Errorf("call: --data: %w", err)
		}
		return b, nil
	}
	return []byte(data), nil
}

// callToken is the token to send: --access-token, or the profile's
// remembered one, refreshed when it would expire within --min-valid. With
// neither, the request goes without a token (note says why) so that the
// resource's challenge shows what it wants.
func callToken(ctx context.Context, pf *profiles.Flags, cf callFlags, s stdio) (oidc.CallToken, string, error) {
	if cf.token != "" {
		t, err := tokenValue(s, "call", "--access-token", cf.token)
		if err != nil {
			return oidc.CallToken{}, "", err
		}
		key, err := loadDPoPKey(cf.keyFile)
		return oidc.CallToken{AccessToken: t, DPoP: key}, "the access token given", err
	}
	if cf.keyFile != "" {
		fmt.Fprintln(s.err, "tokeninspector call: --dpop-key goes with --access-token (a remembered session keeps its own key)")
		return oidc.CallToken{}, "", errUsage
	}
	sess, err := openTokenSession(pf, s)
	if err != nil {
		return oidc.CallToken{}, "", err
	}
	defer sess.close()
	res, err := sess.fresh(ctx, tokenNeed{minValid: cf.minValid})
	switch {
	case loginNeeded(err):
		return oidc.CallToken{}, fmt.Sprintf("no token sent: %v (tokeninspector login --profile %s --remember)", err, sess.p.Name), nil
	case err != nil:
		if r, ok := asRefused(err); ok {
			refusedLine(s, "call", r)
			return oidc.CallToken{}, "", exitRefused
		}
		return oidc.CallToken{}, "", keyringError(err)
	}
	note := "the remembered session of profile " + sess.p.Name
	if res.Refreshed {
		note += ", refreshed first"
	}
	if res.SaveErr != nil {
		fmt.Fprintf(s.err, "tokeninspector call: warning: the keyring was not updated with the refreshed tokens (%v)\n", res.SaveErr)
	}
	return oidc.CallToken{AccessToken: res.Tokens.AccessToken, DPoP: res.Tokens.DPoP}, note, nil
}

// callJSON is the printed answer.
func callJSON(req oidc.CallRequest, a *oidc.CallAnswer, note string) map[string]any {
	scheme := a.Scheme
	if scheme == "" {
		scheme = "none"
	}
	out := map[string]any{
		"request":     map[string]any{"method": req.EffectiveMethod(), "url": req.URL, "authorization": scheme, "token": note},
		"status":      a.Status,
		"status_text": a.StatusText(),
		"headers":     a.Header,
		"time_ms":     float64(a.Time.Microseconds()) / 1000,
	}
	switch {
	case a.Events != nil:
		out["events"] = a.Events
	case a.JSON != nil:
		out["body"] = json.RawMessage(a.JSON)
	case utf8.Valid(a.Body):
		out["body"] = string(a.Body)
	default:
		out["body_base64"] = base64.StdEncoding.EncodeToString(a.Body)
	}
	if a.Truncated {
		out["body_truncated"] = fmt.Sprintf("only the first %d bytes were read", oidc.MaxCallBody)
	}
	if r := oidc.ExplainRefusal(a); r != nil {
		out["challenge"] = r
	}
	return out
}
