package oidc

// Login overhead benchmark (bench/RESULTS.md, figure 6): the time from the
// browser's redirect reaching the loopback listener to the session holding
// the new token set, minus the token endpoint's own time. A fake browser
// follows the authorization URL straight to the callback; the token
// endpoint (httptest) serves a Decathlon-shaped RS256 response whose ID
// token carries the login's nonce, signed before the redirect is sent so
// that signing is not part of any measured interval.

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// loginBenchServer is the token endpoint of the login benchmark.
type loginBenchServer struct {
	mu     sync.Mutex
	body   []byte        // the response to the next code exchange
	served time.Duration // handler time of the last exchange
}

func (s *loginBenchServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.URL.Path != "/token" || r.ParseForm() != nil || r.PostForm.Get("grant_type") != "authorization_code" ||
		r.PostForm.Get("code") == "" || r.PostForm.Get("code_verifier") == "" || r.PostForm.Get("redirect_uri") == "" {
		http.Error(w, `{"error":"invalid_request"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	body := s.body
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the body is on its way: the provider's work is done
	}
	d := time.Since(start)
	s.mu.Lock()
	s.served = d
	s.mu.Unlock()
}

// BenchmarkLoginOverhead runs whole loopback logins through Provider.Login
// (what auth/workspace and the login command call) and reports, per login
// (mean, and p50/p90 over all logins of the run):
//
//	overhead-ms    browser sends the redirect → token set returned, minus the token endpoint's time
//	oncallback-ms  LoginOptions.OnCallback → token set returned, minus the token endpoint's time
//	endpoint-ms    the token endpoint's own (handler) time
func BenchmarkLoginOverhead(b *testing.B) {
	te := &loginBenchServer{}
	srv := httptest.NewServer(te)
	b.Cleanup(srv.Close)
	client, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	// A browser opens a fresh connection to each login's listener.
	browser := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

	var (
		sent    time.Time // when the browser sent the redirect
		browsed = make(chan error, 1)
	)
	perfKey() // generate the signing key before the first login
	open := func(authURL string) error {
		u, err := url.Parse(authURL)
		if err != nil {
			return err
		}
		q := u.Query()
		b.StopTimer()
		body := perfTokenResponse(b, q.Get("nonce"))
		b.StartTimer()
		te.mu.Lock()
		te.body = body
		te.mu.Unlock()
		cb := q.Get("redirect_uri") + "?" + url.Values{"code": {"bench-code"}, "state": {q.Get("state")}}.Encode()
		sent = time.Now()
		go func() {
			resp, err := browser.Get(cb)
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			browsed <- err
		}()
		return nil
	}
	p := auth.Profile{
		Name:         "decathlon-bench",
		Endpoints:    auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"},
		Client:       auth.Client{ClientID: "dkconnect", ClientSecret: "secret", ClientAuth: auth.AuthPost},
		GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}},
	}
	pr, err := NewProvider(context.Background(), p, Env{HTTP: client, Open: open})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pr.Close)

	var overhead, fromCallback, endpoint []time.Duration
	for b.Loop() {
		var called time.Time
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		ts, err := pr.Login(ctx, LoginOptions{Timeout: 15 * time.Second, OnCallback: func() { called = time.Now() }})
		done := time.Now()
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		if ts == nil || ts.ID.Subject == "" || ts.Access.JTI == "" {
			b.Fatalf("login gave an incomplete token set: %v", ts)
		}
		if err := <-browsed; err != nil {
			b.Fatalf("browser: %v", err)
		}
		te.mu.Lock()
		served := te.served
		te.mu.Unlock()
		overhead = append(overhead, done.Sub(sent)-served)
		fromCallback = append(fromCallback, done.Sub(called)-served)
		endpoint = append(endpoint, served)
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(meanDuration(overhead)), "overhead-ms")
	b.ReportMetric(ms(quantileDuration(overhead, 0.5)), "overhead-p50-ms")
	b.ReportMetric(ms(quantileDuration(overhead, 0.9)), "overhead-p90-ms")
	b.ReportMetric(ms(meanDuration(fromCallback)), "oncallback-ms")
	b.ReportMetric(ms(meanDuration(endpoint)), "endpoint-ms")
}

func meanDuration(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

func quantileDuration(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(q*float64(len(s)-1))]
}
