package check

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// jwksFixture is a JWKS endpoint whose keys and status can change.
type jwksFixture struct {
	mu     sync.Mutex
	keys   []map[string]string
	status int
	hits   atomic.Int32
	srv    *httptest.Server
}

func newJWKSFixture(t *testing.T) *jwksFixture {
	t.Helper()
	f := &jwksFixture{status: http.StatusOK}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.status != http.StatusOK {
			http.Error(w, "boom", f.status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": f.keys})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// add publishes key's public half under kid.
func (f *jwksFixture) add(kid string, key *rsa.PrivateKey) {
	enc := base64.RawURLEncoding.EncodeToString
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, map[string]string{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": enc(key.N.Bytes()), "e": enc(big.NewInt(int64(key.E)).Bytes()),
	})
}

func (f *jwksFixture) setStatus(code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = code
}

// verifierFor returns a Verifier for f, closed at the end of the test.
func verifierFor(t *testing.T, f *jwksFixture) *Verifier {
	t.Helper()
	v := NewVerifier(f.srv.URL, f.srv.Client())
	t.Cleanup(v.Close)
	return v
}

// signedFixture returns an RS256 token with the given kid ("" for none)
// and claims, signed by key.
func signedFixture(t *testing.T, key *rsa.PrivateKey, kid, claims string) jose.Decoded {
	t.Helper()
	members := []josetest.Member{{"alg", `"RS256"`}, {"typ", `"JWT"`}}
	if kid != "" {
		members = append(members, josetest.Member{"kid", `"` + kid + `"`})
	}
	return jose.UnverifiedDecode(josetest.JWS(t, key, josetest.Object(members...), claims))
}

func checkVerification(t *testing.T, got Verification, status SigStatus, detail string) {
	t.Helper()
	if got.Status != status {
		t.Errorf("Status = %q (%s); want %q", got.Status, got.Detail, status)
	}
	if !strings.Contains(got.Detail, detail) {
		t.Errorf("Detail = %q; want it to contain %q", got.Detail, detail)
	}
}

func TestVerify(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("rs-1a2b", keys[0])
	v := verifierFor(t, jwks)
	if n := jwks.hits.Load(); n != 0 {
		t.Fatalf("NewVerifier fetched the JWKS %d times; want no fetch before Verify", n)
	}

	good := signedFixture(t, keys[0], "rs-1a2b", `{"sub":"a","exp":1000}`)
	other := signedFixture(t, keys[0], "rs-1a2b", `{"sub":"b","exp":1000}`)
	segs := strings.Split(good.Raw, ".")
	tampered := jose.UnverifiedDecode(segs[0] + "." + strings.Split(other.Raw, ".")[1] + "." + segs[2])

	tests := []struct {
		name   string
		d      jose.Decoded
		status SigStatus
		detail string
	}{
		{"valid, expired long ago", good, SigVerified, "RS256 signature checked with key rs-1a2b"},
		{"Bearer prefix", jose.UnverifiedDecode("Bearer " + good.Raw), SigVerified, "rs-1a2b"},
		{"no kid", signedFixture(t, keys[0], "", `{"sub":"a"}`), SigVerified, "names no kid"},
		{"tampered payload", tampered, SigInvalid, "does not match"},
		{"signed by another key", signedFixture(t, keys[1], "rs-1a2b", `{"sub":"a"}`), SigInvalid, "does not match"},
		{"no kid, signed by another key", signedFixture(t, keys[1], "", `{"sub":"a"}`), SigInvalid, "does not match"},
		{"opaque", jose.UnverifiedDecode("2YotnFZFEjr1zCsicMWpAA"), SigNotVerifiable, "opaque token"},
		{"empty", jose.UnverifiedDecode(""), SigNotVerifiable, "no token"},
		{"zero Decoded", jose.Decoded{}, SigNotVerifiable, "no token"},
		{"alg none", jose.UnverifiedDecode(josetest.Segments(`{"alg":"none"}`, `{"sub":"a"}`) + "."), SigNotVerifiable, "alg none"},
		{"HS256", jose.UnverifiedDecode(josetest.Segments(`{"alg":"HS256"}`, `{}`, "0123456789abcdef0123456789abcdef")), SigNotVerifiable, "shared secret"},
		{"unsupported alg", jose.UnverifiedDecode(josetest.Segments(`{"alg":"XS1"}`, `{}`, "sig")), SigNotVerifiable, `unsupported alg "XS1"`},
		{"JWE", jose.UnverifiedDecode(josetest.Segments(`{"alg":"RSA-OAEP","enc":"A256GCM"}`, "k", "iv", "ct", "tag")), SigNotVerifiable, "encrypted"},
		{"damaged header", jose.UnverifiedDecode(josetest.DecathlonRefresh), SigNotVerifiable, "header cannot be decoded"},
		{"padded segments", jose.UnverifiedDecode(segs[0] + "." + segs[1] + "==." + segs[2]), SigNotVerifiable, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkVerification(t, v.Verify(context.Background(), tt.d), tt.status, tt.detail)
		})
	}
	if n := jwks.hits.Load(); n != 1 {
		t.Errorf("JWKS fetched %d times; want 1", n)
	}
}

func TestVerifyUnknownKeyIsFetchedAgainOnce(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k0", keys[0])
	v := verifierFor(t, jwks)
	ctx := context.Background()

	unknown := signedFixture(t, keys[1], "k1", `{"sub":"a"}`)
	checkVerification(t, v.Verify(ctx, unknown), SigUnknownKey, `no key "k1" in the JWKS, even after fetching it again`)
	if n := jwks.hits.Load(); n != 2 {
		t.Errorf("JWKS fetched %d times; want 2 (first fetch and one refetch)", n)
	}
	checkVerification(t, v.Verify(ctx, unknown), SigUnknownKey, "limited")
	if res := v.Verify(ctx, unknown); !res.Refetched || !strings.Contains(res.Detail, "even after fetching it again lately") {
		t.Errorf("a kid the JWKS was just fetched again for: %+v; want it said", res)
	}
	if n := jwks.hits.Load(); n != 2 {
		t.Errorf("JWKS fetched %d times; want still 2 (refetch is rate-limited)", n)
	}
}

func TestVerifyKeyAddedLater(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k0", keys[0])
	v := verifierFor(t, jwks)
	ctx := context.Background()

	checkVerification(t, v.Verify(ctx, signedFixture(t, keys[0], "k0", `{}`)), SigVerified, "k0")
	jwks.add("k1", keys[1]) // the provider rotates keys
	rotated := signedFixture(t, keys[1], "k1", `{}`)
	checkVerification(t, v.Verify(ctx, rotated), SigVerified, "k1")
	checkVerification(t, v.Verify(ctx, rotated), SigVerified, "k1")
	if n := jwks.hits.Load(); n != 2 {
		t.Errorf("JWKS fetched %d times; want 2", n)
	}
}

func TestVerifyFetchesJWKSOnce(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k0", keys[0])
	v := verifierFor(t, jwks)
	d := signedFixture(t, keys[0], "k0", `{"sub":"a"}`)

	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for range 5 {
				if got := v.Verify(context.Background(), d); got.Status != SigVerified {
					t.Errorf("Status = %q (%s); want verified", got.Status, got.Detail)
				}
			}
		})
	}
	wg.Wait()
	if n := jwks.hits.Load(); n != 1 {
		t.Errorf("JWKS fetched %d times for 100 verifications; want 1", n)
	}
}

func TestVerifyJWKSUnavailable(t *testing.T) {
	keys := josetest.RSAKeys()
	d := signedFixture(t, keys[0], "k0", `{}`)

	t.Run("500", func(t *testing.T) {
		jwks := newJWKSFixture(t)
		jwks.add("k0", keys[0])
		jwks.setStatus(http.StatusInternalServerError)
		v := verifierFor(t, jwks)
		checkVerification(t, v.Verify(context.Background(), d), SigNotVerifiable, "500")
		// The failure is remembered for a while: no second request.
		checkVerification(t, v.Verify(context.Background(), d), SigNotVerifiable, "500")
		if n := jwks.hits.Load(); n != 1 {
			t.Errorf("JWKS fetched %d times; want 1", n)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		jwks := newJWKSFixture(t)
		url := jwks.srv.URL
		jwks.srv.Close()
		v := NewVerifier(url, nil)
		defer v.Close()
		checkVerification(t, v.Verify(context.Background(), d), SigNotVerifiable, "fetching JWKS "+url)
	})
	t.Run("not JSON", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<html>"))
		}))
		defer srv.Close()
		v := NewVerifier(srv.URL, nil)
		defer v.Close()
		checkVerification(t, v.Verify(context.Background(), d), SigNotVerifiable, "fetching JWKS")
	})
	t.Run("cancelled context is not remembered", func(t *testing.T) {
		jwks := newJWKSFixture(t)
		jwks.add("k0", keys[0])
		v := verifierFor(t, jwks)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		checkVerification(t, v.Verify(ctx, d), SigNotVerifiable, "stopped")
		checkVerification(t, v.Verify(context.Background(), d), SigVerified, "k0")
	})
}

func TestVerifyWithoutJWKS(t *testing.T) {
	d := jose.UnverifiedDecode(josetest.DecathlonAccess)
	var nilVerifier *Verifier
	for name, v := range map[string]*Verifier{"empty URL": NewVerifier("", nil), "nil": nilVerifier} {
		t.Run(name, func(t *testing.T) {
			checkVerification(t, v.Verify(context.Background(), d), SigNotVerifiable, "no JWKS configured")
			v.Close()
		})
	}
}

func TestVerifyAfterClose(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k0", keys[0])
	v := NewVerifier(jwks.srv.URL, nil)
	v.Close()
	v.Close()
	checkVerification(t, v.Verify(context.Background(), signedFixture(t, keys[0], "k0", `{}`)), SigNotVerifiable, "closed")
	if n := jwks.hits.Load(); n != 0 {
		t.Errorf("JWKS fetched %d times after Close; want 0", n)
	}
}
