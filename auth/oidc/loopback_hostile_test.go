package oidc

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rawRequest sends one HTTP/1.1 request with the given Host header to the
// listener and returns the status and body.
func (ll *loopbackLogin) rawRequest(t *testing.T, method, target, host string, header map[string]string, body string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(ll.port)))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, target, host)
	for k, v := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	if body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n" + body)
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatalf("write: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

// A page on another name that resolves to 127.0.0.1 (DNS rebinding) gets
// the listener to see its own Host: refused, even with the right state,
// and the forged code is never exchanged.
func TestLoopbackRefusesOtherHosts(t *testing.T) {
	ll := startLoopbackLogin(t, LoginOptions{})
	forged := ll.q("code", "forged-code", "state", ll.state)
	port := strconv.Itoa(ll.port)
	for _, host := range []string{
		"rebind.example:" + port, "localhost:" + port, "127.0.0.1", "127.0.0.1:1", "[::1]:" + port,
		"127.0.0.1." + port, "127.0.0.1:" + port + ".evil.example", "127.0.0.2:" + port,
	} {
		code, page := ll.rawRequest(t, "GET", forged, host, nil, "")
		if code != http.StatusMisdirectedRequest || !strings.Contains(page, "Not accepted") {
			t.Errorf("Host %q: %d %.120q; want 421 Not accepted", host, code, page)
		}
		if h := strings.Split(host, ":")[0]; h != "127.0.0.1" && strings.Contains(page, h) {
			t.Errorf("Host %q is echoed in the page", host)
		}
	}
	ll.complete(t) // the real redirect still completes the login
}

// A form on another site can POST to the listener: refused, whatever it
// carries, and the login goes on.
func TestLoopbackRefusesCrossSitePost(t *testing.T) {
	ll := startLoopbackLogin(t, LoginOptions{})
	host := "127.0.0.1:" + strconv.Itoa(ll.port)
	form := url.Values{"code": {goodCode}, "state": {ll.state}}.Encode()
	hdr := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
	for _, target := range []string{"/callback", ll.q("code", goodCode, "state", ll.state)} {
		for _, method := range []string{"POST", "PUT", "DELETE"} {
			if code, _ := ll.rawRequest(t, method, target, host, hdr, form); code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d; want 405", method, target, code)
			}
		}
	}
	ll.complete(t)
}

// The listener serves no file and never reflects what it is sent.
func TestLoopbackServesNoFilesAndEchoesNothing(t *testing.T) {
	ll := startLoopbackLogin(t, LoginOptions{})
	const mark = `<script>alert("x")</script>`
	for _, p := range []string{
		"/etc/passwd", "/../../../../etc/passwd", "/callback/../go.mod", "/login.go", "/.git/config",
		"/callback?" + url.Values{"state": {mark}, "code": {mark}}.Encode(),
		"/callback?" + url.Values{mark: {mark}}.Encode(),
		"/" + url.PathEscape(mark),
	} {
		code, page := ll.get(t, p)
		if code < 400 || code > 499 {
			t.Errorf("GET %s = %d; want a 4xx refusal", p, code)
		}
		for _, leak := range []string{"<script>", "root:", "package auth", "[core]"} {
			if strings.Contains(page, leak) {
				t.Errorf("GET %s: the page contains %q: %.200q", p, leak, page)
			}
		}
	}
	ll.complete(t)
}

// Junk at about 1,000 requests a second (a bounded burst, on loopback
// only) while the real redirect arrives: the login still completes.
func TestLoopbackLoginCompletesDuringAJunkFlood(t *testing.T) {
	ll := startLoopbackLogin(t, LoginOptions{})
	const total, workers = 1000, 8
	junk := []string{
		ll.q("code", "junk", "state", "wrong"), ll.q("state", ll.state), "/", "/favicon.ico",
		ll.q("error", "access_denied", "state", "nope"), "/callback?%zz", "/callback?" + strings.Repeat("a=b&", 500),
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, Proxy: nil}, Timeout: ll.client.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer client.CloseIdleConnections()
	var sent, accepted atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < total; i += workers {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(ll.base + junk[i%len(junk)])
				if err != nil {
					return // the listener closes once the login is done
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				sent.Add(1)
				if resp.StatusCode < 400 {
					accepted.Add(1)
				}
			}
		}()
	}
	senders := make(chan struct{})
	go func() { wg.Wait(); close(senders) }()
	for sent.Load() < total/2 { // the real redirect arrives in the middle of it
		select {
		case <-senders:
			t.Fatalf("the junk senders stopped after %d requests", sent.Load())
		default:
		}
		if ll.resultReady() {
			t.Fatal("the login ended during the junk")
		}
		time.Sleep(time.Millisecond)
	}
	ll.complete(t)
	close(stop)
	<-senders
	t.Logf("%d junk requests answered", sent.Load())
	if accepted.Load() != 0 {
		t.Errorf("%d junk requests were accepted", accepted.Load())
	}
}

// resultReady reports whether Login has returned, without waiting.
func (ll *loopbackLogin) resultReady() bool {
	select {
	case r := <-ll.done:
		ll.done <- r
		return true
	default:
		return false
	}
}
