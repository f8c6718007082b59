package discovery

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// serveDoc serves body (with {{ISSUER}} replaced by the server's URL) as
// the discovery document, over TLS when tls is set.
func serveDoc(t *testing.T, tls bool, body string) (*httptest.Server, *http.Client) {
	t.Helper()
	var srv *httptest.Server
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(strings.ReplaceAll(body, "{{ISSUER}}", srv.URL)))
	})
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	c := srv.Client()
	c.Timeout = 10 * time.Second
	return srv, c
}

func TestDiscoveryHostileDocuments(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		tls       bool
		want      string // "" means accepted
	}{
		{"issuer mismatch", `{"issuer":"https://evil.example","token_endpoint":"{{ISSUER}}/token"}`, false, `does not match`},
		{"no issuer", `{"token_endpoint":"{{ISSUER}}/token"}`, false, "names no issuer"},
		{"http token endpoint for an https issuer", `{"issuer":"{{ISSUER}}","authorization_endpoint":"{{ISSUER}}/a","token_endpoint":"http://127.0.0.1:1/token"}`, true,
			`token_endpoint "http://127.0.0.1:1/token" is http:// for an https:// issuer: refused`},
		{"http jwks for an https issuer", `{"issuer":"{{ISSUER}}","jwks_uri":"http://cdn.example/jwks"}`, true, `jwks_uri "http://cdn.example/jwks" is http://`},
		{"javascript endpoint", `{"issuer":"{{ISSUER}}","authorization_endpoint":"javascript:alert(1)"}`, false, "authorization_endpoint \"javascript:alert(1)\" is not an absolute URL"},
		{"file endpoint", `{"issuer":"{{ISSUER}}","token_endpoint":"file:///etc/passwd"}`, false, "not an absolute URL"},
		{"relative endpoint", `{"issuer":"{{ISSUER}}","token_endpoint":"/token"}`, false, "not an absolute URL"},
		{"credentials in an endpoint", `{"issuer":"{{ISSUER}}","token_endpoint":"{{ISSUER}}/t","userinfo_endpoint":"http://u:p@127.0.0.1/x"}`, false, "user name or password"},
		{"invalid JSON", `{"issuer":"{{ISSUER}}",`, false, "not a JSON metadata document"},
		{"not an object", `["{{ISSUER}}"]`, false, "not a JSON metadata document"},
		{"wrong types", `{"issuer":{"x":1}}`, false, "not a JSON metadata document"},
		{"https endpoints for an https issuer", `{"issuer":"{{ISSUER}}","token_endpoint":"{{ISSUER}}/token","jwks_uri":"{{ISSUER}}/jwks"}`, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := serveDoc(t, tc.tls, tc.doc)
			m, err := Discover(context.Background(), c, srv.URL)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Discover: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Discover = %+v, %v; want an error with %q", m, err, tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), "discovery: "+srv.URL+"/.well-known/openid-configuration"):
				t.Errorf("error %q does not name the document", err)
			}
		})
	}
}

// Endpoints on another host than the issuer's are allowed, and said.
func TestDiscoveryEndpointsOnAnotherHostAreNoted(t *testing.T) {
	srv, c := serveDoc(t, true, `{"issuer":"{{ISSUER}}","authorization_endpoint":"https://login.example.net/authorize",
		"token_endpoint":"{{ISSUER}}/token","jwks_uri":"https://cdn.example.com/keys"}`)
	ep, err := ResolveEndpoints(context.Background(), c, auth.Profile{Name: "p", Issuer: srv.URL}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "https://")
	want := []string{
		"authorization_endpoint is on login.example.net, not on the issuer's host " + host,
		"jwks_uri is on cdn.example.com, not on the issuer's host " + host,
	}
	if strings.Join(ep.Notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("Notes = %q; want %q", ep.Notes, want)
	}
	if ep.AuthURL != "https://login.example.net/authorize" {
		t.Errorf("AuthURL = %q", ep.AuthURL)
	}
}

// A 50 MB document: at most 1 MiB is read, then the answer is refused.
func TestDiscoveryHugeDocumentReadsAtMostOneMiB(t *testing.T) {
	var written atomic.Int64
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(`{"issuer":"` + strings.Repeat("x", 64<<10-12) + `",`)
		for written.Load() < 50<<20 {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, err := Discover(context.Background(), &http.Client{Timeout: 10 * time.Second}, srv.URL)
	if err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("Discover of a 50 MB document: %v; want refused as larger than 1 MiB", err)
	}
	srv.CloseClientConnections()
	select {
	case <-done:
	case <-time.After(10 * time.Second): // hang guard only
		t.Fatal("the server kept writing")
	}
	if n := written.Load(); n >= 50<<20 {
		t.Errorf("the whole %d-byte document was sent: the client read it all", n)
	}
}

// FuzzDiscovery feeds arbitrary documents to the metadata parser: it never
// panics, and a document it accepts names the issuer and only absolute
// http(s) endpoints, https ones for an https issuer.
func FuzzDiscovery(f *testing.F) {
	for _, s := range []string{
		`{"issuer":"https://idp.example","authorization_endpoint":"https://idp.example/a","token_endpoint":"https://idp.example/t","jwks_uri":"https://cdn.example/k"}`,
		`{"issuer":"https://idp.example","token_endpoint":"http://idp.example/t"}`,
		`{"issuer":"https://idp.example/","userinfo_endpoint":"https://u:p@idp.example/"}`,
		`{"issuer":"https://idp.example","code_challenge_methods_supported":["S256"],"end_session_endpoint":"javascript:x"}`,
		`{"issuer":"http://127.0.0.1:8080","token_endpoint":"http://127.0.0.1:8080/token"}`,
		`{"issuer":`, `[]`, `null`,
	} {
		f.Add([]byte(s), "https://idp.example")
	}
	f.Add([]byte(`{"issuer":"http://127.0.0.1:8080"}`), "http://127.0.0.1:8080")
	f.Fuzz(func(t *testing.T, body []byte, issuer string) {
		m, err := parseMetadata(body, issuer)
		if err != nil {
			if m != nil {
				t.Fatal("metadata and an error")
			}
			return
		}
		if !json.Valid(body) || strings.TrimSuffix(m.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
			t.Fatalf("accepted %q for issuer %q", body, issuer)
		}
		for _, ep := range m.Named() {
			if !strings.HasPrefix(ep.URL, "https://") && !strings.HasPrefix(ep.URL, "http://") &&
				!strings.HasPrefix(strings.ToLower(ep.URL), "http") {
				t.Fatalf("accepted %s %q", ep.Name, ep.URL)
			}
			if strings.HasPrefix(strings.ToLower(issuer), "https://") && strings.HasPrefix(strings.ToLower(ep.URL), "http://") {
				t.Fatalf("accepted http %s %q for issuer %q", ep.Name, ep.URL, issuer)
			}
		}
	})
}

func TestMTLSAliasesVetted(t *testing.T) {
	iu, _ := url.Parse("http://127.0.0.1:9000")
	for _, tc := range []struct {
		alias, want string
	}{
		{"http://127.0.0.1:9001/token", "only over TLS"},
		{"https://user:pw@127.0.0.1:9001/token", "user name or password"},
		{"/token", "not an absolute URL"},
	} {
		m := &Metadata{}
		err := checkEndpoint(m, iu, auth.NamedURL{Name: "mtls_endpoint_aliases.token_endpoint", URL: tc.alias}, true)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("alias %q: %v, want %q", tc.alias, err, tc.want)
		}
	}
	doc := []byte(`{"issuer":"http://127.0.0.1:9000","token_endpoint":"http://127.0.0.1:9000/token",
		"mtls_endpoint_aliases":{"token_endpoint":"https://mtls.example/token","userinfo_endpoint":"https://mtls.example/userinfo"}}`)
	m, err := parseMetadata(doc, "http://127.0.0.1:9000")
	if err != nil {
		t.Fatal(err)
	}
	r := Resolved{Issuer: m.Issuer, Endpoints: m.Endpoints, MTLSAliases: m.MTLSAliases}
	r.useMTLSAliases()
	if r.TokenURL != "https://mtls.example/token" || r.UserinfoURL != "https://mtls.example/userinfo" || !r.MTLSUsed {
		t.Errorf("resolved %+v", r)
	}
}
