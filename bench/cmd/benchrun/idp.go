package main

// The demo provider, run standalone as the bench's identity provider.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"time"
)

// idp is the standalone demo provider.
type idp struct {
	issuer, tokenURL string
}

// startIDP starts the demo provider with tokens that live 15 minutes, so
// nothing expires while the bench runs.
func (r *runner) startIDP(ctx context.Context) (*idp, error) {
	return r.startIDPWith(ctx, "--access-ttl", "15m")
}

// startIDPWith starts the demo provider (auto-approving) with these flags.
func (r *runner) startIDPWith(ctx context.Context, flags ...string) (*idp, error) {
	env, _, err := r.env("")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(r.app, append([]string{"demo-idp", "--auto-approve"}, flags...)...)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := r.start(cmd); err != nil {
		return nil, err
	}
	var info struct {
		Issuer string `json:"issuer"`
	}
	got := make(chan error, 1)
	go func() { got <- json.NewDecoder(out).Decode(&info) }()
	select {
	case err = <-got:
	case <-time.After(20 * time.Second):
		err = errors.New("no answer in 20s")
	}
	if err != nil || !strings.HasPrefix(info.Issuer, "http://127.0.0.1:") {
		return nil, fmt.Errorf("demo-idp: issuer %q, %v", info.Issuer, err)
	}
	go io.Copy(io.Discard, out)
	var meta struct {
		TokenEndpoint string `json:"token_endpoint"`
	}
	if err := getJSON(ctx, info.Issuer+"/.well-known/openid-configuration", &meta); err != nil {
		return nil, err
	}
	return &idp{issuer: info.Issuer, tokenURL: meta.TokenEndpoint}, nil
}

func getJSON(ctx context.Context, url string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
