// Command mincli is the yardstick of `make bench` for Token Inspector's
// command line: for each subcommand, the least a Go program does to do the
// same work with the standard library alone. Each run of a subcommand is
// timed against the matching run of mincli (bench/cmd/benchrun, cli.go).
//
//	mincli version                          print one line
//	mincli decode TOKEN                     base64url-decode header and claims, print them as JSON
//	mincli refresh ISSUER CLIENT SECRET RT  discovery, refresh_token POST, JWKS, RS256 checks, print
//	mincli login ISSUER CLIENT SECRET       discovery, loopback listener, browser (xdg-open), code
//	                                        exchange with PKCE, JWKS, RS256 checks, print
//	mincli demo-idp                         a 2048-bit RSA key and a listener, print the issuer as JSON
package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mincli version|decode|refresh|login|demo-idp ARGS")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "version":
		fmt.Println("mincli 1")
	case "decode":
		err = need(args, 1, func() error { return decode(args[0]) })
	case "refresh":
		err = need(args, 4, func() error { return refresh(ctx, args[0], args[1], args[2], args[3]) })
	case "login":
		err = need(args, 3, func() error { return login(ctx, args[0], args[1], args[2]) })
	case "demo-idp":
		err = demoIDP()
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mincli:", err)
		os.Exit(1)
	}
}

func need(args []string, n int, f func() error) error {
	if len(args) != n {
		return fmt.Errorf("want %d arguments, got %d", n, len(args))
	}
	return f()
}

// decode prints a JWS compact token's header and claims.
func decode(token string) error {
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 {
		return errors.New("not a JWS compact token")
	}
	out := map[string]json.RawMessage{}
	for i, name := range []string{"header", "claims"} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if !json.Valid(raw) {
			return fmt.Errorf("%s: not JSON", name)
		}
		out[name] = raw
	}
	return printJSON(out)
}

func printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(b, '\n'))
	return err
}

// metadata is the part of the OpenID discovery document used here.
type metadata struct {
	Authorization string `json:"authorization_endpoint"`
	Token         string `json:"token_endpoint"`
	JWKS          string `json:"jwks_uri"`
}

func getJSON(ctx context.Context, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(v)
}

func discover(ctx context.Context, issuer string) (metadata, error) {
	var m metadata
	err := getJSON(ctx, strings.TrimSuffix(issuer, "/")+"/.well-known/openid-configuration", &m)
	return m, err
}

// tokenRequest posts a token request and returns the raw response.
func tokenRequest(ctx context.Context, endpoint string, form url.Values) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("token endpoint: %s: %s", resp.Status, body)
	}
	return body, nil
}

// report checks the RS256 signature of every JWT in a token response
// against the provider's JWKS (fetched while the token request runs) and
// prints the response with the results.
func report(body []byte, keys <-chan keysOrErr) error {
	var set map[string]any
	if err := json.Unmarshal(body, &set); err != nil {
		return fmt.Errorf("token response: %w", err)
	}
	k := <-keys
	if k.err != nil {
		return k.err
	}
	checks := map[string]string{}
	for _, name := range []string{"access_token", "id_token", "refresh_token"} {
		if s, ok := set[name].(string); ok && strings.Count(s, ".") == 2 {
			checks[name] = "valid"
			if err := verifyRS256(s, k.keys); err != nil {
				checks[name] = err.Error()
			}
		}
	}
	return printJSON(map[string]any{"response": set, "signatures": checks})
}

type keysOrErr struct {
	keys map[string]*rsa.PublicKey
	err  error
}

// fetchKeys gets the JWKS's RSA keys by kid, in the background.
func fetchKeys(ctx context.Context, jwksURL string) <-chan keysOrErr {
	ch := make(chan keysOrErr, 1)
	go func() {
		var doc struct {
			Keys []struct{ Kty, Kid, N, E string }
		}
		if err := getJSON(ctx, jwksURL, &doc); err != nil {
			ch <- keysOrErr{err: err}
			return
		}
		keys := map[string]*rsa.PublicKey{}
		for _, k := range doc.Keys {
			n, err1 := base64.RawURLEncoding.DecodeString(k.N)
			e, err2 := base64.RawURLEncoding.DecodeString(k.E)
			if k.Kty != "RSA" || err1 != nil || err2 != nil {
				continue
			}
			keys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		}
		ch <- keysOrErr{keys: keys}
	}()
	return ch
}

func verifyRS256(token string, keys map[string]*rsa.PublicKey) error {
	parts := strings.Split(token, ".")
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return err
	}
	var h struct{ Alg, Kid string }
	if err := json.Unmarshal(hb, &h); err != nil {
		return err
	}
	key := keys[h.Kid]
	if h.Alg != "RS256" || key == nil {
		return fmt.Errorf("alg %s, kid %q: no key", h.Alg, h.Kid)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig)
}

func refresh(ctx context.Context, issuer, client, secret, rt string) error {
	m, err := discover(ctx, issuer)
	if err != nil {
		return err
	}
	keys := fetchKeys(ctx, m.JWKS)
	body, err := tokenRequest(ctx, m.Token, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt},
		"client_id": {client}, "client_secret": {secret}})
	if err != nil {
		return err
	}
	return report(body, keys)
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func login(ctx context.Context, issuer, client, secret string) error {
	m, err := discover(ctx, issuer)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	redirect := "http://" + ln.Addr().String() + "/callback"
	state, nonce, verifier := random(), random(), random()
	challenge := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {client}, "redirect_uri": {redirect},
		"scope": {"openid profile offline_access"}, "state": {state}, "nonce": {nonce},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(challenge[:])}, "code_challenge_method": {"S256"}}
	codes := make(chan string, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" || r.URL.Query().Get("state") != state {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "Logged in; you can close this page.")
		select {
		case codes <- r.URL.Query().Get("code"):
		default:
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()
	if err := exec.Command("xdg-open", m.Authorization+"?"+q.Encode()).Run(); err != nil {
		return fmt.Errorf("xdg-open: %w", err)
	}
	var code string
	select {
	case code = <-codes:
	case <-ctx.Done():
		return ctx.Err()
	}
	keys := fetchKeys(ctx, m.JWKS)
	body, err := tokenRequest(ctx, m.Token, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {redirect}, "code_verifier": {verifier}, "client_id": {client}, "client_secret": {secret}})
	if err != nil {
		return err
	}
	return report(body, keys)
}

// demoIDP does what `tokeninspector demo-idp` does before it prints its
// issuer: a signing key and a listening socket. It then serves until killed.
func demoIDP() error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	issuer := "http://" + ln.Addr().String()
	var jwk bytes.Buffer
	json.NewEncoder(&jwk).Encode(map[string]string{"kty": "RSA",
		"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()), "e": "AQAB"})
	mux := http.NewServeMux()
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) { w.Write(jwk.Bytes()) })
	if err := json.NewEncoder(os.Stdout).Encode(map[string]string{"issuer": issuer}); err != nil {
		return err
	}
	return http.Serve(ln, mux)
}
