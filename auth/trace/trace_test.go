package trace

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

const testJWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"

func TestRedactFormQueryJSONAndHeaders(t *testing.T) {
	form := "grant_type=refresh_token&refresh_token=opaque-rt-123&client_id=app&client_secret=s3cret&code_verifier=verif-xyz"
	got := redactForm(form)
	for _, secret := range []string{"opaque-rt-123", "s3cret", "verif-xyz"} {
		if strings.Contains(got, secret) {
			t.Errorf("form %q still holds %q", got, secret)
		}
	}
	if !strings.HasPrefix(got, "grant_type=refresh_token&refresh_token=") || !strings.Contains(got, "client_id=app") {
		t.Errorf("form order or plain values lost: %q", got)
	}
	if v, _ := url.ParseQuery(got); v.Get("refresh_token") != "<redacted: opaque, sha256 "+jose.Fingerprint("opaque-rt-123")+">" {
		t.Errorf("refresh_token = %q", v.Get("refresh_token"))
	}
	if v, _ := url.ParseQuery(got); v.Get("client_secret") != "<redacted: client_secret>" {
		t.Errorf("client_secret = %q", v.Get("client_secret"))
	}

	js := `{"access_token":"` + testJWT + `","nested":{"refresh_token":"r\/t"},"token_type":"Bearer","note":"x ` + testJWT + `"}`
	got = redactJSON(js)
	if strings.Contains(got, testJWT) || strings.Contains(got, `r\/t`) {
		t.Errorf("JSON still holds a secret: %s", got)
	}
	want := `"access_token":"<redacted: jwt, sha256 ` + jose.Fingerprint(testJWT) + `>"`
	if !strings.Contains(got, want) || !strings.Contains(got, jose.Fingerprint("r/t")) {
		t.Errorf("JSON = %s, want %s and r/t's fingerprint", got, want)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Errorf("redacted JSON no longer parses: %v", err)
	}

	u := RedactURL("http://127.0.0.1:5000/callback?code=abc123&state=st&iss=https%3A%2F%2Fidp")
	if strings.Contains(u, "abc123") || !strings.Contains(u, "state=st") {
		t.Errorf("URL = %q", u)
	}
	for name, in := range map[string]string{"Authorization": "Bearer " + testJWT, "Dpop": testJWT, "Cookie": "sid=1"} {
		if out := redactHeader(name, in); strings.Contains(out, testJWT) || strings.Contains(out, "sid=1") {
			t.Errorf("%s: %q", name, out)
		}
	}
	if out := redactHeader("Authorization", "Bearer "+testJWT); out != "Bearer <redacted: jwt, sha256 "+jose.Fingerprint(testJWT)+">" {
		t.Errorf("Authorization = %q", out)
	}
	if out := redactHeader("Authorization", "Basic YTpi"); out != "Basic <redacted>" {
		t.Errorf("Basic = %q", out)
	}
}

func TestTransportRecordsRedactedExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=secret-cookie")
		_, _ = io.WriteString(w, `{"access_token":"`+testJWT+`","refresh_token":"rt-opaque-9","expires_in":60}`)
	}))
	defer srv.Close()
	l := NewLog(0)
	c := Client(srv.Client(), l)
	form := url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"hunter2"}, "client_secret": {"cs-1"}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("app", "cs-1")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), testJWT) {
		t.Fatalf("the caller must get the body as sent, got %s", b)
	}
	es := l.Entries()
	if len(es) != 1 {
		t.Fatalf("%d entries, want 1", len(es))
	}
	e := es[0]
	if e.Status != 200 || e.Method != "POST" || !strings.Contains(e.Request.Body, "username=alice") || e.Response.BodySize != int64(len(b)) {
		t.Errorf("entry = %+v", e)
	}
	var buf bytes.Buffer
	if err := WriteHAR(&buf, es, "test", "1"); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{testJWT, "rt-opaque-9", "hunter2", "cs-1", "YXBwOmNzLTE", "secret-cookie"} {
		if bytes.Contains(buf.Bytes(), []byte(secret)) {
			t.Errorf("HAR holds %q:\n%s", secret, buf.String())
		}
	}
	checkHAR(t, buf.Bytes(), 1)
}

func TestTransportRecordsFailureAndContextLog(t *testing.T) {
	l := NewLog(0)
	c := Client(&http.Client{}, nil)
	req, _ := http.NewRequestWithContext(WithOp(WithLog(t.Context(), l), "call"), http.MethodGet, "http://127.0.0.1:1/x", nil)
	if _, err := c.Do(req); err == nil {
		t.Fatal("a request to port 1 answered")
	}
	es := l.Entries()
	if len(es) != 1 || es[0].Err == "" || es[0].Status != 0 || es[0].Op != "call" {
		t.Fatalf("entries = %+v", es)
	}
	// Without a log anywhere nothing is recorded.
	req, _ = http.NewRequest(http.MethodGet, "http://127.0.0.1:1/x", nil)
	_, _ = c.Do(req)
	if len(l.Entries()) != 1 {
		t.Error("a request without a log was recorded")
	}
}

func TestLogIsBounded(t *testing.T) {
	l := NewLog(3)
	for i := range 5 {
		l.Add(Entry{Method: "GET", URL: "http://x/" + string(rune('a'+i))})
	}
	es := l.Entries()
	if len(es) != 3 || es[0].URL != "http://x/c" || l.Dropped() != 2 {
		t.Errorf("entries %v dropped %d", es, l.Dropped())
	}
}

func TestHandlerAndBrowserEntries(t *testing.T) {
	l := NewLog(0)
	ctx := WithOp(WithLog(t.Context(), l), "login")
	h := Handler(ctx, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "http://127.0.0.1:5000/callback?code=the-code&state=s", nil))
	Browser(ctx, http.MethodGet, "https://idp/authorize?client_id=a&code_challenge=cc&request="+testJWT, time.Now())
	es := l.Entries()
	if len(es) != 2 || es[0].Kind != KindCallback || es[0].Status != http.StatusTeapot || es[1].Kind != KindBrowser ||
		es[0].Op != "login" || es[0].Run == 0 || es[0].Run != es[1].Run {
		t.Fatalf("entries = %+v", es)
	}
	if strings.Contains(es[0].URL, "the-code") || !strings.Contains(es[0].URL, "state=s") {
		t.Errorf("callback URL = %q", es[0].URL)
	}
	if strings.Contains(es[1].URL, testJWT) || !strings.Contains(es[1].URL, "code_challenge=cc") {
		t.Errorf("authorization URL = %q", es[1].URL)
	}
	var buf bytes.Buffer
	if err := WriteHAR(&buf, es, "test", "1"); err != nil {
		t.Fatal(err)
	}
	checkHAR(t, buf.Bytes(), 2)
	// A new run of another operation: LatestRun keeps only its entries.
	Browser(WithOp(ctx, "logout"), http.MethodGet, "https://idp/logout", time.Now())
	if got := LatestRun(l.Entries()); len(got) != 1 || got[0].Op != "logout" {
		t.Errorf("latest run = %+v", got)
	}
}

// checkHAR checks the members HAR 1.2 requires, with their JSON types.
func checkHAR(t *testing.T, b []byte, n int) {
	t.Helper()
	if err := ValidateHAR(b); err != nil {
		t.Fatalf("not HAR 1.2: %v\n%s", err, b)
	}
	var h HAR
	if err := json.Unmarshal(b, &h); err != nil || len(h.Log.Entries) != n {
		t.Fatalf("%d entries (%v), want %d", len(h.Log.Entries), err, n)
	}
}

// closer counts CloseIdleConnections calls.
type closer struct {
	http.RoundTripper
	closed int
}

func (c *closer) CloseIdleConnections() { c.closed++ }

func TestClientCloseIdleConnectionsReachesTheBase(t *testing.T) {
	base := &closer{RoundTripper: http.DefaultTransport}
	c := Client(&http.Client{Transport: base}, nil)
	c.CloseIdleConnections()
	if base.closed != 1 {
		t.Error("CloseIdleConnections did not reach the transport underneath")
	}
	if Client(c, nil) != c {
		t.Error("a recording client was wrapped again")
	}
}
