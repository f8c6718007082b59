package check

import (
	"context"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

func TestVerifierPrefetch(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k0", keys[0])
	v := verifierFor(t, jwks)
	d := signedFixture(t, keys[0], "k0", `{"sub":"a"}`)

	done := make(chan struct{})
	go func() { v.Prefetch(context.Background()); close(done) }()
	if got := v.Verify(context.Background(), d); got.Status != SigVerified {
		t.Errorf("Status = %q (%s); want verified", got.Status, got.Detail)
	}
	<-done
	v.Prefetch(context.Background()) // cached: no request
	if n := jwks.hits.Load(); n != 1 {
		t.Errorf("JWKS fetched %d times; want 1 (Prefetch and Verify share the fetch)", n)
	}

	closed := NewVerifier(jwks.srv.URL, jwks.srv.Client())
	closed.Close()
	closed.Prefetch(context.Background())
	NewVerifier("", nil).Prefetch(context.Background())
	(*Verifier)(nil).Prefetch(context.Background())
	if n := jwks.hits.Load(); n != 1 {
		t.Errorf("JWKS fetched %d times; a closed verifier or one without JWKS must not fetch", n)
	}
}
