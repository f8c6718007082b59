package oidc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// faultyNet is the demo provider behind an in-process toxiproxy: every
// request of the app goes through the proxy, whose toxics play the network.
type faultyNet struct {
	t     *testing.T
	rec   *demoidptest.Handler // counts what reached the provider
	proxy *toxiproxy.Proxy
	url   string // the issuer, on the proxy's address
}

func newFaultyNet(t *testing.T) *faultyNet {
	t.Helper()
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	rec := demoidptest.Wrap(idp.Handler())
	up := httptest.NewServer(rec)
	t.Cleanup(up.Close)
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "idp", "127.0.0.1:0", up.Listener.Addr().String())
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	n := &faultyNet{t: t, rec: rec, proxy: p, url: "http://" + p.Listen}
	idp.SetIssuer(n.url)
	return n
}

// toxic adds a toxic (toxiproxy's JSON form) and returns its removal.
func (n *faultyNet) toxic(json string) (remove func()) {
	n.t.Helper()
	w, err := n.proxy.Toxics.AddToxicJson(strings.NewReader(json))
	if err != nil {
		n.t.Fatalf("toxic %s: %v", json, err)
	}
	return func() {
		if err := n.proxy.Toxics.RemoveToxic(context.Background(), w.Name); err != nil {
			n.t.Errorf("removing toxic %s: %v", w.Name, err)
		}
	}
}

// provider resolves the demo profile through the proxy with an HTTP
// client of the given timeout (short, so that tests stay short).
func (n *faultyNet) provider(timeout time.Duration) (*Provider, error) {
	client, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: timeout})
	if err != nil {
		n.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // hang guard only
	defer cancel()
	pr, err := NewProvider(ctx, demoProfile(n.url), Env{HTTP: client, Open: followInBackground})
	if pr != nil {
		n.t.Cleanup(pr.Close)
	}
	return pr, err
}

// faultTimeout is the client timeout while a fault is on: short, so that
// the tests stay short, and far above what a loopback request takes.
const faultTimeout = 2 * time.Second

// held is what a caller of the provider holds between refreshes (the
// workspace per profile): the provider and the current token set, replaced
// only by a refresh that succeeded.
type held struct {
	pr  *Provider
	cur *auth.TokenSet
}

// loggedIn logs in through the proxy (no toxic yet, the app's 30 s
// timeout) and returns those tokens held with a provider whose HTTP client
// has the given timeout.
func (n *faultyNet) loggedIn(timeout time.Duration) *held {
	n.t.Helper()
	pr, err := n.provider(auth.DefaultHTTPTimeout)
	if err != nil {
		n.t.Fatalf("NewProvider: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		n.t.Fatalf("Login: %v", err)
	}
	short, err := n.provider(timeout)
	if err != nil {
		n.t.Fatalf("NewProvider: %v", err)
	}
	return &held{pr: short, cur: ts}
}

// refreshNow runs one refresh of s's tokens and adopts the new ones
// (hang guard only: the client's timeout ends it). refreshAsShipped fails
// the test if a failure touched the tokens held.
func refreshNow(t *testing.T, s *held) (*auth.TokenSet, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ts, err := refreshAsShipped(t, ctx, s.pr, s.cur)
	if err == nil {
		s.cur = ts
	}
	return ts, err
}

// failsKeepingTokens refreshes s under a fault: the refresh fails with
// want in its message, not taken for dead tokens, and the tokens held are
// left as they were.
func failsKeepingTokens(t *testing.T, s *held, want string) error {
	t.Helper()
	ts, err := refreshNow(t, s)
	if err == nil || ts != nil {
		t.Fatalf("refresh under the fault: %v, %v; want an error", ts, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q; want it to say %q", err, want)
	}
	if auth.NeedsLogin(err) {
		t.Errorf("a network fault was taken for dead tokens: %v", err)
	}
	return err
}

// refreshWorks checks that the next refresh, after the fault, succeeds
// without a new login.
func refreshWorks(t *testing.T, s *held) {
	t.Helper()
	old := s.cur
	ts, err := refreshNow(t, s)
	if err != nil || ts == nil || ts.RefreshToken == old.RefreshToken {
		t.Fatalf("refresh after the fault: %v; want new tokens without a login", err)
	}
}

// The faults where the provider never got the request, or answered in
// time: the next refresh works without a login.
func TestNetworkFaultsRefreshRecovers(t *testing.T) {
	t.Run("latency 2 s within the timeout", func(t *testing.T) {
		t.Parallel()
		n := newFaultyNet(t)
		s := n.loggedIn(10 * time.Second)
		defer n.toxic(`{"type":"latency","stream":"downstream","attributes":{"latency":2000}}`)()
		refreshWorks(t, s) // slow, but in time: nothing to report
		if v := s.pr.Verifier().Verify(context.Background(), s.cur.Access); v.Status != check.SigVerified {
			t.Errorf("JWKS fetch through 2 s latency: %v", v)
		}
	})
	t.Run("bandwidth 1 KB/s both ways within the timeout", func(t *testing.T) {
		t.Parallel()
		n := newFaultyNet(t)
		s := n.loggedIn(10 * time.Second)
		defer n.toxic(`{"type":"bandwidth","stream":"upstream","attributes":{"rate":1}}`)()
		defer n.toxic(`{"type":"bandwidth","stream":"downstream","attributes":{"rate":1}}`)()
		refreshWorks(t, s) // the request and the answer (a few KB) trickle through in time
	})
	t.Run("reset after the request was sent, before the provider got it", func(t *testing.T) {
		t.Parallel()
		n := newFaultyNet(t)
		s := n.loggedIn(faultTimeout)
		remove := n.toxic(`{"type":"reset_peer","stream":"upstream","attributes":{"timeout":0}}`)
		err := failsKeepingTokens(t, s, "refresh: the connection to the token endpoint broke after the request was sent")
		if !MaybeConsumed(err) {
			t.Errorf("MaybeConsumed(%v) = false", err)
		}
		remove()
		refreshWorks(t, s) // the provider had not used it: the one retry works
		if st := n.rec.Stats(); st.RefreshReuses != 0 {
			t.Errorf("the provider saw %d refresh token reuses", st.RefreshReuses)
		}
	})
	t.Run("silent open connection", func(t *testing.T) {
		t.Parallel()
		n := newFaultyNet(t)
		s := n.loggedIn(faultTimeout)
		remove := n.toxic(`{"type":"timeout","stream":"upstream","attributes":{"timeout":0}}`)
		failsKeepingTokens(t, s, "refresh: the token endpoint did not answer within 2s")
		remove()
		refreshWorks(t, s)
	})
	t.Run("provider down and back", func(t *testing.T) {
		t.Parallel()
		n := newFaultyNet(t)
		s := n.loggedIn(faultTimeout)
		n.proxy.Stop()
		// A provider that is down has long closed our kept-alive
		// connections; drop them now rather than race the transport
		// noticing (a request written on one would count as sent).
		s.pr.env.HTTP.CloseIdleConnections()
		err := failsKeepingTokens(t, s, "refresh: the token endpoint could not be reached")
		if MaybeConsumed(err) {
			t.Errorf("a refused connection is reported as possibly consumed: %v", err)
		}
		if _, err := n.provider(5 * time.Second); err == nil || !strings.Contains(err.Error(), "discovery") {
			t.Errorf("discovery with the provider down: %v; want a discovery error", err)
		}
		if err := n.proxy.Start(); err != nil {
			t.Fatal(err)
		}
		refreshWorks(t, s)
		if _, err := n.provider(5 * time.Second); err != nil {
			t.Errorf("discovery once the provider is back: %v", err)
		}
	})
}

// The faults where the provider did use the refresh token but its answer
// was lost: the error says the token may be used up, nothing is resent on
// its own, and the retry the user asks for reports exactly what happened.
func TestNetworkFaultsRefreshConsumedDuringTheFault(t *testing.T) {
	for _, tc := range []struct {
		name, toxic, want string
		timeout           time.Duration
	}{
		// The held request still reaches the provider once the toxic goes.
		{"latency 20 s on the way there, client timeout 2 s", `{"type":"latency","stream":"upstream","attributes":{"latency":20000}}`,
			"refresh: the token endpoint did not answer within 2s", faultTimeout},
		{"reset after the provider answered", `{"type":"reset_peer","stream":"downstream","attributes":{"timeout":0}}`,
			"refresh: the connection to the token endpoint broke after the request was sent", faultTimeout},
		{"latency 20 s on the way back, client timeout 2 s", `{"type":"latency","stream":"downstream","attributes":{"latency":20000}}`,
			"refresh: the token endpoint did not answer within 2s", faultTimeout},
		// The answer (over 2 KB) needs more than 2 s at 1 KB/s.
		{"bandwidth 1 KB/s on the way back, client timeout 1 s", `{"type":"bandwidth","stream":"downstream","attributes":{"rate":1}}`,
			"refresh: the token endpoint did not answer within 1s", time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := newFaultyNet(t)
			s := n.loggedIn(tc.timeout)
			remove := n.toxic(tc.toxic)
			err := failsKeepingTokens(t, s, tc.want)
			if !MaybeConsumed(err) {
				t.Errorf("MaybeConsumed(%v) = false", err)
			}
			remove()
			for deadline := time.Now().Add(10 * time.Second); n.rec.Stats().RefreshGrants == 0; { // hang guard only
				if time.Now().After(deadline) {
					t.Fatal("the provider never got the refresh")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if st := n.rec.Stats(); st.RefreshGrants != 1 {
				t.Fatalf("the provider granted %d refreshes; want the 1 whose answer was lost", st.RefreshGrants)
			}
			_, err = refreshNow(t, s)
			var ce *ConsumedRefreshError
			if !errors.As(err, &ce) || !auth.NeedsLogin(err) || !strings.Contains(err.Error(), "the provider had already used this refresh token") {
				t.Fatalf("retry of a used refresh token: %v; want it reported as used up during the fault", err)
			}
			if st := n.rec.Stats(); st.RefreshReuses != 1 {
				t.Errorf("the provider saw %d reuses; want the one retry", st.RefreshReuses)
			}
		})
	}
}

// A login whose code exchange is cut off, and a JWKS fetch that gets no
// answer: a clear error naming the step, and both work once the fault ends.
func TestNetworkFaultsLoginAndJWKS(t *testing.T) {
	t.Parallel()
	n := newFaultyNet(t)
	pr, err := n.provider(faultTimeout)
	if err != nil {
		t.Fatal(err)
	}
	login := func(o LoginOptions) (*auth.TokenSet, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // hang guard only
		defer cancel()
		return pr.Login(ctx, o)
	}
	// The browser has come back with the code; the code exchange's answer is cut.
	var remove func()
	ts, err := login(LoginOptions{OnCallback: func() {
		remove = n.toxic(`{"type":"reset_peer","stream":"downstream","attributes":{"timeout":0}}`)
	}})
	if ts != nil || err == nil || !strings.Contains(err.Error(), "code exchange: the connection to the token endpoint broke after the request was sent") {
		t.Fatalf("login with the code exchange cut: %v, %v; want a code exchange error", ts, err)
	}
	remove()
	ts, err = login(LoginOptions{})
	if err != nil {
		t.Fatalf("login after the fault: %v", err)
	}

	remove = n.toxic(`{"type":"timeout","stream":"upstream","attributes":{"timeout":0}}`)
	// The login fetched the JWKS already (to check the ID token): a new
	// verifier has to fetch it through the silent connection.
	silent := check.NewVerifier(pr.Endpoints().JWKSURL, pr.env.HTTP)
	defer silent.Close()
	v := silent.Verify(context.Background(), ts.Access)
	if v.Status != check.SigNotVerifiable || !strings.Contains(v.Detail, "JWKS") {
		t.Errorf("JWKS fetch on a silent connection: %v; want not verifiable, naming the JWKS", v)
	}
	remove()
	fresh := check.NewVerifier(pr.Endpoints().JWKSURL, pr.env.HTTP) // the failure is remembered 10 s
	defer fresh.Close()
	if v := fresh.Verify(context.Background(), ts.Access); v.Status != check.SigVerified {
		t.Errorf("JWKS fetch after the fault: %v", v)
	}
}

// followInBackground "opens" a URL the way a browser would end up at the
// loopback listener: it follows the demo provider's redirects.
func followInBackground(u string) error {
	go func() {
		if resp, err := http.Get(u); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	return nil
}
