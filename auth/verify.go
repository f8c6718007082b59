package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
)

// SigStatus is the outcome of checking a token's signature.
type SigStatus string

const (
	// SigVerified means the signature matches a key of the provider's JWKS.
	SigVerified SigStatus = "verified"
	// SigInvalid means the signature does not match the key the token names.
	SigInvalid SigStatus = "invalid"
	// SigUnknownKey means the JWKS has no key with the token's kid, even
	// after fetching it again.
	SigUnknownKey SigStatus = "unknown key"
	// SigNotVerifiable means the signature could not be checked at all:
	// no JWKS, JWKS unreachable, opaque or encrypted token, alg none...
	SigNotVerifiable SigStatus = "not verifiable"
)

// Verification is the outcome of Verifier.Verify.
type Verification struct {
	// Status is the verdict.
	Status SigStatus
	// Detail is a sentence explaining it, such as
	// "RS256 signature checked with key rs-1a2b".
	Detail string
}

// Timing of JWKS fetches.
const (
	// jwksTimeout bounds one JWKS request, and the wait for the
	// unknown-kid rate limiter.
	jwksTimeout = 15 * time.Second
	// jwksRefetchEvery is the minimum interval between refetches caused by
	// an unknown kid.
	jwksRefetchEvery = time.Minute
	// jwksRetryAfter is how long a failed first fetch is reported again
	// without asking the server, so that checking several tokens of a dead
	// provider costs one timeout, not one each.
	jwksRetryAfter = 10 * time.Second
)

// Verifier checks token signatures against the keys of one JWKS. The keys
// are fetched on the first Verify, cached, and fetched again only when a
// token names a key that is not in the cache (at most once per minute).
// A Verifier is safe for concurrent use.
type Verifier struct {
	url    string
	client *http.Client

	closed context.Context // done after Close
	close  context.CancelFunc
	fetch  chan struct{} // holds one token while the JWKS is being fetched

	mu      sync.Mutex
	kf      keyfunc.Keyfunc // nil until the first successful fetch
	keys    jwkset.Storage  // the cached keys, read without refetching
	err     error           // error of the last failed first fetch
	errTime time.Time
}

// NewVerifier prepares verification against the JWKS at jwksURL using
// client (nil means http.DefaultClient). It does not fetch at
// construction time: there is no network traffic until the first Verify,
// so a dead provider never blocks start-up. An empty jwksURL yields a
// Verifier that reports every token as not verifiable.
func NewVerifier(jwksURL string, client *http.Client) *Verifier {
	if client == nil {
		client = http.DefaultClient
	}
	closed, cancel := context.WithCancel(context.Background())
	return &Verifier{
		url:    jwksURL,
		client: client,
		closed: closed,
		close:  cancel,
		fetch:  make(chan struct{}, 1),
	}
}

// Close cancels any JWKS fetch in progress; later calls to Verify report
// tokens as not verifiable. The Verifier starts no background refresh.
func (v *Verifier) Close() {
	if v != nil {
		v.close()
	}
}

// supportedAlgs are the public-key algorithms a JWKS can verify.
func supportedAlgs() []string {
	return []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
}

// Verify checks the signature of d against the JWKS. A good signature on
// an expired token is still SigVerified: Verify does not look at claims.
// A nil Verifier, or one without a JWKS URL, returns SigNotVerifiable.
func (v *Verifier) Verify(ctx context.Context, d Decoded) Verification {
	if v == nil || v.url == "" {
		return notVerifiable("no JWKS configured for this provider")
	}
	if reason := unverifiableReason(d); reason != "" {
		return notVerifiable(reason)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(v.closed, cancel)()

	kf, keys, err := v.keyfunc(ctx)
	if err != nil {
		return notVerifiable(err.Error())
	}
	_, err = jwt.Parse(d.Raw, kf.KeyfuncCtx(ctx),
		jwt.WithoutClaimsValidation(), jwt.WithValidMethods(supportedAlgs()))
	return classify(ctx, d, keys, err)
}

func notVerifiable(detail string) Verification {
	return Verification{Status: SigNotVerifiable, Detail: detail}
}

// unverifiableReason tells why d cannot be checked against a JWKS, or
// returns "" when it can.
func unverifiableReason(d Decoded) string {
	switch {
	case d.Format == FormatOpaque:
		return "opaque token: there is no signature to check"
	case d.Format != FormatJWT:
		return "no token"
	case strings.Count(d.Raw, ".") == 4:
		return "encrypted token (JWE): only its recipient can read it"
	case d.HeaderErr != nil:
		return "the header cannot be decoded, so the key and algorithm are unknown"
	case d.Alg == "":
		return "the header has no alg"
	case strings.EqualFold(d.Alg, "none"):
		return "alg none: the token is not signed"
	case strings.HasPrefix(d.Alg, "HS"):
		return d.Alg + " uses a shared secret, which a JWKS does not publish"
	}
	for _, alg := range supportedAlgs() {
		if d.Alg == alg {
			return ""
		}
	}
	return fmt.Sprintf("unsupported alg %q", d.Alg)
}

// keyfunc returns the key lookup for the JWKS, fetching it on first use.
func (v *Verifier) keyfunc(ctx context.Context) (keyfunc.Keyfunc, jwkset.Storage, error) {
	if kf, keys, err, done := v.cached(); done {
		return kf, keys, err
	}
	select {
	case v.fetch <- struct{}{}:
		defer func() { <-v.fetch }()
	case <-ctx.Done():
		return nil, nil, v.ctxError(ctx)
	}
	// Another caller may have fetched while this one waited.
	if kf, keys, err, done := v.cached(); done {
		return kf, keys, err
	}

	keys, err := jwkset.NewStorageFromHTTP(v.url, jwkset.HTTPClientStorageOptions{
		Client:      v.client,
		Ctx:         ctx,
		HTTPTimeout: jwksTimeout,
	})
	if err == nil {
		var client jwkset.Storage
		client, err = jwkset.NewHTTPClient(jwkset.HTTPClientOptions{
			HTTPURLs:          map[string]jwkset.Storage{v.url: keys},
			RateLimitWaitMax:  jwksTimeout,
			RefreshUnknownKID: rate.NewLimiter(rate.Every(jwksRefetchEvery), 1),
		})
		var kf keyfunc.Keyfunc
		if err == nil {
			kf, err = keyfunc.New(keyfunc.Options{Storage: client, Ctx: v.closed})
		}
		if err == nil {
			v.mu.Lock()
			v.kf, v.keys, v.err = kf, keys, nil
			v.mu.Unlock()
			return kf, keys, nil
		}
	}
	if ctx.Err() != nil {
		return nil, nil, v.ctxError(ctx) // not remembered: the server may be fine
	}
	err = fmt.Errorf("fetching JWKS %s: %w", v.url, err)
	v.mu.Lock()
	v.err, v.errTime = err, time.Now()
	v.mu.Unlock()
	return nil, nil, err
}

// cached returns the result of an earlier fetch, with done false when the
// JWKS must be fetched now.
func (v *Verifier) cached() (kf keyfunc.Keyfunc, keys jwkset.Storage, err error, done bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch {
	case v.closed.Err() != nil:
		return nil, nil, errors.New("the verifier is closed"), true
	case v.kf != nil:
		return v.kf, v.keys, nil, true
	case v.err != nil && time.Since(v.errTime) < jwksRetryAfter:
		return nil, nil, v.err, true
	}
	return nil, nil, nil, false
}

func (v *Verifier) ctxError(ctx context.Context) error {
	if v.closed.Err() != nil {
		return errors.New("the verifier is closed")
	}
	return fmt.Errorf("verification stopped: %w", context.Cause(ctx))
}

// classify turns the result of jwt.Parse into a Verification.
func classify(ctx context.Context, d Decoded, keys jwkset.Storage, err error) Verification {
	key := "any key of the JWKS"
	if d.Kid != "" {
		key = fmt.Sprintf("key %q", d.Kid)
	}
	switch {
	case err == nil:
		if d.Kid == "" {
			return Verification{Status: SigVerified, Detail: d.Alg + " signature checked with a key of the JWKS (the token names no kid)"}
		}
		return Verification{Status: SigVerified, Detail: fmt.Sprintf("%s signature checked with key %s", d.Alg, d.Kid)}
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return Verification{Status: SigInvalid, Detail: fmt.Sprintf("%s signature does not match %s: %v", d.Alg, key, err)}
	case errors.Is(err, jwt.ErrTokenMalformed):
		return notVerifiable(fmt.Sprintf("the token is malformed: %v", err))
	case ctx.Err() != nil:
		return notVerifiable(fmt.Sprintf("verification stopped: %v", context.Cause(ctx)))
	}
	if d.Kid == "" {
		all, rerr := keys.KeyReadAll(ctx)
		if rerr == nil && len(all) == 0 {
			return Verification{Status: SigUnknownKey, Detail: "the JWKS has no keys (the token names no kid)"}
		}
		return notVerifiable(err.Error())
	}
	if _, rerr := keys.KeyRead(ctx, d.Kid); errors.Is(rerr, jwkset.ErrKeyNotFound) {
		if errors.Is(err, jwkset.ErrKeyNotFound) {
			return Verification{Status: SigUnknownKey, Detail: fmt.Sprintf("no key %q in the JWKS, even after fetching it again", d.Kid)}
		}
		return Verification{Status: SigUnknownKey, Detail: fmt.Sprintf(
			"no key %q in the JWKS (not fetched again: refetching is limited to once every %v)", d.Kid, jwksRefetchEvery)}
	}
	// The key exists but cannot check this token, e.g. its alg differs.
	return Verification{Status: SigInvalid, Detail: fmt.Sprintf("%s cannot have signed this %s token: %v", key, d.Alg, err)}
}
