package oidc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// fakeClock is one clock shared by the demo provider and the client; its
// wait advances it instead of sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
	// onWait, when set, runs inside each wait (after the clock moved).
	onWait func(d time.Duration)
	// advance scales how far a wait moves the clock (1 when zero).
	advance float64
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Wait(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f := c.advance
	if f == 0 {
		f = 1
	}
	c.Add(time.Duration(float64(d) * f))
	if c.onWait != nil {
		c.onWait(d)
	}
	return ctx.Err()
}

// demoProvider resolves a demo profile with the given edits.
func demoProvider(t *testing.T, issuer string, clock *fakeClock, edit func(*auth.Profile)) *Provider {
	t.Helper()
	p := demoProfile(issuer)
	if edit != nil {
		edit(&p)
	}
	env := Env{HTTP: &http.Client{Timeout: 5 * time.Second}, Open: newFakeBrowser(t).Open}
	if clock != nil {
		env.Now, env.Wait = clock.Now, clock.Wait
	}
	pr, err := NewProvider(context.Background(), p, env)
	if err != nil {
		t.Fatalf("NewProvider: %v", err)
	}
	t.Cleanup(pr.Close)
	return pr
}

func claimString(t *testing.T, d jose.Decoded, name string) string {
	t.Helper()
	f, ok := d.Claim(name)
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(f.Raw, &s); err != nil {
		return string(f.Raw)
	}
	return s
}

func TestClientCredentialsAgainstDemoProvider(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	for _, method := range []auth.ClientAuth{auth.AuthPost, auth.AuthBasic} {
		t.Run(string(method), func(t *testing.T) {
			pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
				p.ClientAuth = method
				p.Scopes = []string{"api"}
				p.Grant = auth.GrantClientCredentials
			})
			ts, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{Audience: "https://api.example"})
			if err != nil {
				t.Fatal(err)
			}
			if ts.AccessToken == "" || ts.RefreshToken != "" || ts.IDToken != "" {
				t.Errorf("got %v; want an access token only", ts)
			}
			if got := claimString(t, ts.Access, "sub"); got != demoidp.DemoClientID {
				t.Errorf("sub = %q; want the client", got)
			}
			if got := claimString(t, ts.Access, "aud"); got != "https://api.example" {
				t.Errorf("aud = %q; want the audience asked for", got)
			}
			if ts.Scope != "api" {
				t.Errorf("scope = %q", ts.Scope)
			}
		})
	}
	t.Run("unknown scope", func(t *testing.T) {
		pr := demoProvider(t, srv.URL, nil, nil)
		_, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"admin"}})
		var oe *auth.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_scope" || !strings.HasPrefix(err.Error(), "client credentials: ") {
			t.Errorf("err = %v; want invalid_scope", err)
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.ClientSecret = "wrong" })
		_, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"api"}})
		var oe *auth.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_client" || strings.Contains(err.Error(), "wrong") {
			t.Errorf("err = %v; want invalid_client without the secret", err)
		}
	})
}

func TestTokenExchangeAgainstDemoProvider(t *testing.T) {
	pr, login, _ := loginDemo(t, demoidp.Options{})
	ts, err := pr.ExchangeToken(context.Background(), TokenExchangeOptions{
		SubjectToken: login.AccessToken, Audience: "orders-api", Scopes: []string{"api"},
		ActorToken: login.IDToken, ActorTokenType: TokenTypeIDToken, RequestedTokenType: TokenTypeAccessToken,
	})
	if err != nil {
		t.Fatal(err)
	}
	if ts.IssuedTokenType != TokenTypeAccessToken {
		t.Errorf("issued_token_type = %q", ts.IssuedTokenType)
	}
	if got := claimString(t, ts.Access, "aud"); got != "orders-api" {
		t.Errorf("aud = %q", got)
	}
	if got, want := claimString(t, ts.Access, "sub"), claimString(t, login.Access, "sub"); got != want {
		t.Errorf("sub = %q; want the subject token's %q", got, want)
	}
	if _, ok := ts.Access.Claim("act"); !ok {
		t.Error("no act claim for the actor token")
	}
	_, err = pr.ExchangeToken(context.Background(), TokenExchangeOptions{SubjectToken: "not-a-token"})
	var oe *auth.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_request" || !strings.HasPrefix(err.Error(), "token exchange: ") {
		t.Errorf("a bad subject token: %v; want invalid_request", err)
	}
}

// deviceDecide approves or denies a user code on the demo sign-in page.
func deviceDecide(t *testing.T, verificationURI, userCode, decision string) string {
	t.Helper()
	resp, err := http.PostForm(verificationURI, url.Values{"user_code": {userCode}, "decision": {decision}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func TestDeviceLoginAgainstDemoProvider(t *testing.T) {
	type outcome struct {
		ts  *auth.TokenSet
		err error
	}
	run := func(t *testing.T, opts demoidp.Options, clock *fakeClock, serverClock *fakeClock, user func(da *DeviceAuthorization, polls int) string) (outcome, []DevicePoll, *DeviceAuthorization) {
		t.Helper()
		if serverClock == nil {
			serverClock = clock
		}
		opts.Now = serverClock.Now
		opts.AutoApprove = false
		idp, err := demoidp.New(opts)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptestServer(t, idp.Handler())
		idp.SetIssuer(srv.URL)
		pr := demoProvider(t, srv.URL, clock, nil)
		var polls []DevicePoll
		var da *DeviceAuthorization
		ts, err := pr.DeviceLogin(context.Background(), DeviceOptions{
			OnCode: func(d *DeviceAuthorization) { da = d },
			OnPoll: func(p DevicePoll) {
				polls = append(polls, p)
				if d := user(da, len(polls)); d != "" {
					deviceDecide(t, da.VerificationURI, da.UserCode, d)
				}
			},
		})
		return outcome{ts, err}, polls, da
	}

	t.Run("approved after two polls", func(t *testing.T) {
		clock := newFakeClock()
		got, polls, da := run(t, demoidp.Options{}, clock, nil, func(_ *DeviceAuthorization, n int) string {
			if n == 2 {
				return "approve"
			}
			return ""
		})
		if got.err != nil {
			t.Fatal(got.err)
		}
		if len(polls) != 2 || polls[0].Code != "authorization_pending" || polls[0].NextInterval != 5*time.Second {
			t.Errorf("polls = %+v; want two authorization_pending at 5 s", polls)
		}
		if got.ts.RefreshToken == "" || got.ts.IDToken == "" {
			t.Errorf("token set %v; want refresh and ID tokens", got.ts)
		}
		if da.UserCode == "" || !strings.Contains(da.VerificationURIComplete, "user_code=") || da.ExpiresAt.Sub(da.IssuedAt) != demoidp.DefaultDeviceTTL {
			t.Errorf("device authorization %v", da)
		}
		if strings.Contains(da.String(), da.deviceCode) {
			t.Error("String shows the device code")
		}
	})
	t.Run("slow_down adds 5 s", func(t *testing.T) {
		clock := newFakeClock()
		clock.advance = 0.5 // polls come twice as fast as asked: the provider says slow_down
		got, polls, _ := run(t, demoidp.Options{}, clock, nil, func(_ *DeviceAuthorization, n int) string {
			if n == 2 {
				clock.advance = 1 // from now on at the pace asked for
				return "approve"
			}
			return ""
		})
		if got.err != nil {
			t.Fatal(got.err)
		}
		if len(polls) < 2 || polls[1].Code != "slow_down" || polls[1].NextInterval != 10*time.Second {
			t.Fatalf("polls = %+v; want the second to be slow_down with a 10 s interval", polls)
		}
	})
	t.Run("access_denied", func(t *testing.T) {
		got, _, _ := run(t, demoidp.Options{}, newFakeClock(), nil, func(_ *DeviceAuthorization, n int) string { return "deny" })
		if !errors.Is(got.err, ErrDeviceDenied) || got.ts != nil {
			t.Fatalf("err = %v; want ErrDeviceDenied", got.err)
		}
	})
	t.Run("expired_token from the provider", func(t *testing.T) {
		client, server := newFakeClock(), newFakeClock()
		client.onWait = func(time.Duration) { server.Add(demoidp.DefaultDeviceTTL) } // the client's clock lags
		got, _, _ := run(t, demoidp.Options{}, client, server, func(*DeviceAuthorization, int) string { return "" })
		if !errors.Is(got.err, ErrDeviceExpired) || !strings.Contains(got.err.Error(), "expired_token") {
			t.Fatalf("err = %v; want ErrDeviceExpired from expired_token", got.err)
		}
	})
	t.Run("expired locally", func(t *testing.T) {
		clock := newFakeClock()
		clock.advance = 1000
		got, polls, _ := run(t, demoidp.Options{DeviceInterval: time.Second}, clock, nil, func(*DeviceAuthorization, int) string { return "" })
		if !errors.Is(got.err, ErrDeviceExpired) || len(polls) != 0 {
			t.Fatalf("err = %v after %d polls; want ErrDeviceExpired before polling", got.err, len(polls))
		}
	})
	t.Run("cancel", func(t *testing.T) {
		clock := newFakeClock()
		ctx, cancel := context.WithCancel(context.Background())
		idp, _ := demoidp.New(demoidp.Options{Now: clock.Now})
		srv := httptestServer(t, idp.Handler())
		idp.SetIssuer(srv.URL)
		pr := demoProvider(t, srv.URL, clock, nil)
		_, err := pr.DeviceLogin(ctx, DeviceOptions{OnPoll: func(DevicePoll) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want context.Canceled", err)
		}
	})
}

func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// A poll that gets no answer is retried with a doubled interval
// (RFC 8628 §3.5); three in a row end the login.
func TestDevicePollingBacksOffOnNetworkErrors(t *testing.T) {
	for _, drops := range []int{1, 3} {
		t.Run(strconv.Itoa(drops)+" dropped", func(t *testing.T) {
			clock := newFakeClock()
			idp, _ := demoidp.New(demoidp.Options{Now: clock.Now, AutoApprove: true})
			var dropped atomic.Int32
			srv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/token" && dropped.Add(1) <= int32(drops) {
					conn, _, _ := w.(http.Hijacker).Hijack()
					conn.Close() // the connection drops before an answer
					return
				}
				idp.Handler().ServeHTTP(w, r)
			}))
			idp.SetIssuer(srv.URL)
			pr := demoProvider(t, srv.URL, clock, nil)
			var polls []DevicePoll
			ts, err := pr.DeviceLogin(context.Background(), DeviceOptions{OnPoll: func(p DevicePoll) { polls = append(polls, p) }})
			if drops >= maxPollFailures {
				if err == nil || !strings.Contains(err.Error(), "3 polls in a row") {
					t.Fatalf("err = %v; want the login to give up", err)
				}
				return
			}
			if err != nil || ts == nil {
				t.Fatalf("DeviceLogin = %v, %v; want tokens after the retry", ts, err)
			}
			if len(polls) != 1 || polls[0].Code != PollNetworkError || polls[0].NextInterval != 10*time.Second || polls[0].Err == nil {
				t.Errorf("polls = %+v; want one network_error with a 10 s interval", polls)
			}
		})
	}
}
