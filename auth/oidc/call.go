package oidc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// MaxCallBody bounds the answer of a call kept in memory.
const MaxCallBody = 8 << 20

// CallRequest is a request to a protected resource (an API).
type CallRequest struct {
	Method string // "" => GET
	URL    string
	Header http.Header // sent as given; Authorization and DPoP are set by Call
	Body   []byte
}

// CallMethods are the methods a call is offered with (the window's
// choice), the default first.
var CallMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions}

// EffectiveMethod is the method the request is sent with: Method in upper
// case, GET when empty.
func (r CallRequest) EffectiveMethod() string {
	if m := strings.ToUpper(strings.TrimSpace(r.Method)); m != "" {
		return m
	}
	return http.MethodGet
}

// AddHeaderLine adds one 'Name: value' header line (as curl's -H and the
// window's header box take them); false when the line names no header.
func (r *CallRequest) AddHeaderLine(line string) bool {
	k, v, ok := strings.Cut(line, ":")
	if !ok || strings.TrimSpace(k) == "" {
		return false
	}
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	return true
}

// SetBody sets the body, and Content-Type application/json when the body
// is JSON and no Content-Type was given.
func (r *CallRequest) SetBody(b []byte) {
	r.Body = b
	if r.Header == nil {
		r.Header = http.Header{}
	}
	if len(b) > 0 && r.Header.Get("Content-Type") == "" && json.Valid(b) {
		r.Header.Set("Content-Type", "application/json")
	}
}

// CallToken is what a call authenticates with: an access token, sent as
// a Bearer token or, with DPoP set, as a DPoP-bound one with a fresh
// proof (RFC 9449 §7.1). The zero value sends no token.
type CallToken struct {
	AccessToken string
	DPoP        *jose.DPoPKey
}

// Scheme is "Bearer", "DPoP", or "" for no token.
func (t CallToken) Scheme() string {
	switch {
	case t.AccessToken == "":
		return ""
	case t.DPoP != nil:
		return "DPoP"
	}
	return "Bearer"
}

// CallAnswer is a protected resource's answer.
type CallAnswer struct {
	Status    int
	Proto     string
	Header    http.Header
	MediaType string
	Body      []byte // at most MaxCallBody
	Truncated bool
	// JSON is Body when it is a JSON document; Events are the lines of a
	// text/event-stream answer (server-sent events), kept as text.
	JSON   json.RawMessage
	Events []string
	// Time is from sending the request to the end of the answer (the
	// last try, when a DPoP nonce was asked for).
	Time time.Duration
	// Scheme is how the token was sent ("Bearer", "DPoP", "").
	Scheme string
	// Challenges are the answer's WWW-Authenticate challenges, read.
	Challenges []auth.Challenge
}

// StatusText is the status code's text ("Not Found").
func (a *CallAnswer) StatusText() string { return http.StatusText(a.Status) }

// Call sends r to a protected resource with tok, answering one
// use_dpop_nonce refusal with the nonce given (RFC 9449 §9). Any HTTP
// answer is returned, whatever its status; an error means there was none.
// Redirects are followed within the URL's origin only, so the token never
// goes elsewhere.
func Call(ctx context.Context, env Env, r CallRequest, tok CallToken) (*CallAnswer, error) {
	env = env.withDefaults()
	c := &TokenClient{http: auth.WithRedirectPolicy(env.HTTP), timeout: env.HTTP.Timeout, now: env.Now, logf: env.Logf}
	return c.call(ctx, r, tok)
}

// Call sends r with the provider's HTTP client and DPoP nonces (see Call).
func (pr *Provider) Call(ctx context.Context, r CallRequest, tok CallToken) (*CallAnswer, error) {
	return pr.tokens.call(ctx, r, tok)
}

func (c *TokenClient) call(ctx context.Context, r CallRequest, tok CallToken) (*CallAnswer, error) {
	const op = "call"
	method := r.EffectiveMethod()
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: %q is not an http(s) URL", op, r.URL)
	}
	var sentAt time.Time
	build := func(nonce string) (*http.Request, error) {
		var body io.Reader
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(ctx, method, r.URL, body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		for k, vs := range r.Header {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
		switch tok.Scheme() {
		case "Bearer":
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		case "DPoP":
			// The proof's htu is the URL without query and fragment (RFC 9449 §4.2).
			proof, err := tok.DPoP.Proof(method, r.URL, tok.AccessToken, nonce, c.now())
			if err != nil {
				return nil, fmt.Errorf("%s: DPoP proof: %w", op, err)
			}
			req.Header.Set("Authorization", "DPoP "+tok.AccessToken)
			req.Header.Set("DPoP", proof)
		}
		sentAt = time.Now()
		return req, nil
	}
	a, err := c.withNonceRetryLimit(op, "the resource", r.URL, tok.DPoP, build, MaxCallBody)
	if err != nil {
		return nil, err
	}
	out := &CallAnswer{Status: a.Status, Proto: a.Proto, Header: a.Header, MediaType: a.MediaType, Body: a.Body,
		Truncated: a.Truncated, Time: time.Since(sentAt), Scheme: tok.Scheme(), Challenges: auth.ParseChallenges(a.Header.Values("WWW-Authenticate"))}
	switch {
	case a.MediaType == "text/event-stream":
		out.Events = strings.Split(strings.TrimRight(strings.ReplaceAll(string(a.Body), "\r\n", "\n"), "\n"), "\n")
	case !a.Truncated && json.Valid(a.Body):
		out.JSON = a.Body
	}
	return out, nil
}
