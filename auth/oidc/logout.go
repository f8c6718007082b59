package oidc

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/trace"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// LogoutOptions tune one RP-initiated logout.
type LogoutOptions struct {
	Timeout time.Duration // 0 => DefaultLoginTimeout
	// OnURL is called with the end-session URL before the browser opens.
	OnURL func(logoutURL string)
	// OnOpenError, when set, is told that the browser did not open and the
	// logout keeps waiting; when nil, a failed open ends it.
	OnOpenError func(err *auth.OpenBrowserError)
}

// Logout runs OpenID Connect RP-Initiated Logout: it opens the browser at
// the provider's end_session_endpoint with id_token_hint and a
// post_logout_redirect_uri on a loopback listener, and returns once the
// provider sent the browser back (with this logout's state). The caller
// then clears the session.
func (pr *Provider) Logout(ctx context.Context, idToken string, o LogoutOptions) error {
	if pr.endpoints.EndSessionURL == "" {
		return errors.New("logout: the provider has no end_session_endpoint")
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultLoginTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	l, err := listenLoopback(pr.profile.RedirectPorts)
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	state := jose.RandomString(32)
	back := fmt.Sprintf("http://127.0.0.1:%d/logout", l.Addr().(*net.TCPAddr).Port)
	done := make(chan struct{})
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("state")), []byte(state)) != 1 {
			writePage(w, http.StatusBadRequest, pageData{ID: "refused", Class: "err", Title: "Not accepted", Detail: errStateMismatch.Error()})
			return
		}
		once.Do(func() { close(done) })
		writePage(w, http.StatusOK, pageData{ID: "ok", Class: "ok", Title: "Logged out", Detail: "You can close this tab and return to Token Inspector."})
	})
	mux.HandleFunc("/", http.NotFound)
	srv := &http.Server{Handler: trace.Handler(ctx, mux), ReadHeaderTimeout: callbackReadHeaderTimeout, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, MaxHeaderBytes: 64 << 10}
	go func() { _ = srv.Serve(l) }()
	defer func() {
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
	}()

	u, err := url.Parse(pr.endpoints.EndSessionURL)
	if err != nil {
		return fmt.Errorf("logout: end_session_endpoint: %w", err)
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	q.Set("client_id", pr.profile.ClientID)
	q.Set("post_logout_redirect_uri", back)
	q.Set("state", state)
	u.RawQuery = q.Encode()
	trace.Browser(ctx, http.MethodGet, u.String(), pr.env.Now()) // id_token_hint redacted
	if o.OnURL != nil {
		o.OnURL(u.String())
	}
	if err := pr.env.Open(u.String()); err != nil {
		oe := &auth.OpenBrowserError{URL: u.String(), Err: err}
		if o.OnOpenError == nil {
			return fmt.Errorf("logout: %w", oe)
		}
		o.OnOpenError(oe)
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("logout: the provider did not send the browser back within %s", o.Timeout)
		}
		return fmt.Errorf("logout: %w", ctx.Err())
	}
}
