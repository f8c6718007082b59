package check

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

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
	// KeySource says where the key came from ("JWKS https://…", "key file
	// k.pem", "the secret given"); empty when no key was looked at.
	KeySource string
	// Key is the published key the token names, when it was found.
	Key *KeyInfo
	// Refetched reports that the JWKS was fetched again to look for the
	// token's kid.
	Refetched bool
}

// KeyInfo is what a JWK says about itself (RFC 7517 §4).
type KeyInfo struct {
	ID    string `json:"kid,omitempty"`
	Type  string `json:"kty,omitempty"` // RSA, EC, OKP, oct
	Curve string `json:"crv,omitempty"`
	Use   string `json:"use,omitempty"` // sig, enc or empty
	Alg   string `json:"alg,omitempty"` // empty when the JWK does not restrict it
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
// token names a key that is not in the cache (at most once per minute). A
// failed first fetch is reported again without a request for 10 seconds.
// A Verifier is safe for concurrent use.
type Verifier struct {
	url    string
	client *http.Client

	closed context.Context // done after Close
	close  context.CancelFunc
	fetch  chan struct{} // holds one token while the JWKS is being fetched

	mu      sync.Mutex
	cache   *jwksCache // nil until the first successful fetch
	err     error      // error of the last failed first fetch
	errTime time.Time
	report  *JWKSReport // checks of the last JWKS fetched (jwks_check.go)
}

// jwksCache is a fetched JWKS and the means to fetch it again.
type jwksCache struct {
	kf      keyfunc.Keyfunc // looks keys up, refetching on unknown kid
	keys    jwkset.Storage  // the cached keys, read without refetching
	refetch *rate.Limiter   // limits refetches on unknown kid

	mu     sync.Mutex
	sought map[string]bool // kids the JWKS was fetched again for, in vain
}

// soughtAgain records that the JWKS was fetched again for kid in vain, or
// (found false) reports whether it was.
func (c *jwksCache) soughtAgain(kid string, found bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if found {
		if c.sought == nil {
			c.sought = map[string]bool{}
		}
		c.sought[kid] = true
	}
	return c.sought[kid]
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

// Prefetch fetches the JWKS now unless it is cached, so that a Verify soon
// after does not wait for it: a caller can overlap the fetch with other
// requests. A failure is remembered as for Verify.
func (v *Verifier) Prefetch(ctx context.Context) {
	if v == nil || v.url == "" {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(v.closed, cancel)()
	_, _ = v.Jwks(ctx)
}

// Verify checks the signature of d against the JWKS. A good signature on
// an expired token is still SigVerified: Verify does not look at claims.
// A nil Verifier, or one without a JWKS URL, returns SigNotVerifiable.
func (v *Verifier) Verify(ctx context.Context, d jose.Decoded) Verification {
	if v == nil || v.url == "" {
		return notVerifiable("no JWKS configured for this provider")
	}
	if reason := unverifiableReason(d); reason != "" {
		return notVerifiable(reason)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(v.closed, cancel)()

	c, err := v.Jwks(ctx)
	if err != nil {
		return notVerifiable(err.Error())
	}
	if d.Kid != "" && !c.has(ctx, d.Kid) && c.refetch.Tokens() < 1 {
		// Answer now rather than wait for the rate limiter: a token
		// verified a moment ago (the login's own check) may have had the
		// JWKS fetched again for the same kid already.
		res := unknownKey(d.Kid, false)
		if c.soughtAgain(d.Kid, false) {
			res.Refetched = true
			res.Detail = fmt.Sprintf("key not published (rotated out?): no key %q in the JWKS, even after fetching it again lately "+
				"(not fetched once more: refetching is limited to once every %v)", d.Kid, jwksRefetchEvery)
		}
		res.KeySource = "JWKS " + v.url
		return v.annotate(res, d)
	}
	_, err = jwt.Parse(d.Raw, c.kf.KeyfuncCtx(ctx),
		jwt.WithoutClaimsValidation(), jwt.WithValidMethods(supportedAlgs()))
	res := c.classify(ctx, d, err)
	res.KeySource = "JWKS " + v.url
	if d.Kid != "" {
		res.Key = c.keyInfo(ctx, d.Kid)
	}
	return v.annotate(res, d)
}

// keyInfo describes the cached key kid, or returns nil when it is absent.
func (c *jwksCache) keyInfo(ctx context.Context, kid string) *KeyInfo {
	k, err := c.keys.KeyRead(ctx, kid)
	if err != nil {
		return nil
	}
	m := k.Marshal()
	return &KeyInfo{ID: m.KID, Type: string(m.KTY), Curve: string(m.CRV), Use: string(m.USE), Alg: string(m.ALG)}
}

func notVerifiable(detail string) Verification {
	return Verification{Status: SigNotVerifiable, Detail: detail}
}

// unverifiableReason tells why d cannot be checked against a JWKS, or
// returns "" when it can.
func unverifiableReason(d jose.Decoded) string {
	switch {
	case d.Format == jose.FormatOpaque:
		return "opaque token: there is no signature to check"
	case d.Format != jose.FormatJWT:
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
		return "signed with a secret only the server holds: " + d.Alg + " uses a shared secret, which a JWKS does not publish"
	case isGraphNonceToken(d):
		return graphNonceReason
	}
	for _, alg := range supportedAlgs() {
		if d.Alg == alg {
			return ""
		}
	}
	return fmt.Sprintf("unsupported alg %q", d.Alg)
}

// jwks returns the cached JWKS, fetching it on first use.
func (v *Verifier) Jwks(ctx context.Context) (*jwksCache, error) {
	if c, err, done := v.cached(); done {
		return c, err
	}
	select {
	case v.fetch <- struct{}{}:
		defer func() { <-v.fetch }()
	case <-ctx.Done():
		return nil, v.ctxError(ctx)
	}
	// Another caller may have fetched while this one waited.
	if c, err, done := v.cached(); done {
		return c, err
	}
	c, err := v.fetchJWKS(ctx)
	if err != nil && ctx.Err() != nil {
		return nil, v.ctxError(ctx) // not remembered: the server may be fine
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if err != nil {
		v.err, v.errTime = err, time.Now()
		return nil, err
	}
	v.cache, v.err = c, nil
	return c, nil
}

// fetchJWKS fetches the JWKS and prepares the key lookup.
func (v *Verifier) fetchJWKS(ctx context.Context) (*jwksCache, error) {
	keys, err := jwkset.NewStorageFromHTTP(v.url, jwkset.HTTPClientStorageOptions{
		Client:      jwksClient(v.client, v.saveReport),
		Ctx:         ctx, // used for this first fetch only: no refresh interval
		HTTPTimeout: jwksTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("fetching JWKS %s: %w", v.url, auth.ExplainNetwork(err))
	}
	c := &jwksCache{keys: keys, refetch: rate.NewLimiter(rate.Every(jwksRefetchEvery), 1)}
	refetching, err := jwkset.NewHTTPClient(jwkset.HTTPClientOptions{
		HTTPURLs:          map[string]jwkset.Storage{v.url: keys},
		RateLimitWaitMax:  jwksTimeout, // also bounds the refetch request
		RefreshUnknownKID: c.refetch,
	})
	if err != nil {
		return nil, fmt.Errorf("preparing JWKS %s: %w", v.url, err)
	}
	c.kf, err = keyfunc.New(keyfunc.Options{Storage: refetching, Ctx: v.closed})
	if err != nil {
		return nil, fmt.Errorf("preparing JWKS %s: %w", v.url, err)
	}
	return c, nil
}

// cached returns the result of an earlier fetch, with done false when the
// JWKS must be fetched now.
func (v *Verifier) cached() (c *jwksCache, err error, done bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch {
	case v.closed.Err() != nil:
		return nil, errors.New("the verifier is closed"), true
	case v.cache != nil:
		return v.cache, nil, true
	case v.err != nil && time.Since(v.errTime) < jwksRetryAfter:
		return nil, v.err, true
	}
	return nil, nil, false
}

func (v *Verifier) ctxError(ctx context.Context) error {
	if v.closed.Err() != nil {
		return errors.New("the verifier is closed")
	}
	return fmt.Errorf("verification stopped: %w", context.Cause(ctx))
}

// classify turns the result of jwt.Parse into a Verification.
func (c *jwksCache) classify(ctx context.Context, d jose.Decoded, err error) Verification {
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
		all, rerr := c.keys.KeyReadAll(ctx)
		if rerr == nil && len(all) == 0 {
			return Verification{Status: SigUnknownKey, Detail: "the JWKS has no keys (the token names no kid)"}
		}
		return notVerifiable(err.Error())
	}
	if !c.has(ctx, d.Kid) {
		refetched := errors.Is(err, jwkset.ErrKeyNotFound)
		if refetched {
			c.soughtAgain(d.Kid, true)
		}
		return unknownKey(d.Kid, refetched)
	}
	// The key exists but cannot check this token, e.g. its alg differs.
	return Verification{Status: SigInvalid, Detail: fmt.Sprintf("%s cannot have signed this %s token: %v", key, d.Alg, err)}
}

// has reports whether the cached JWKS holds the key kid, without fetching.
func (c *jwksCache) has(ctx context.Context, kid string) bool {
	_, err := c.keys.KeyRead(ctx, kid)
	return err == nil
}

// unknownKey reports a kid missing from the JWKS; refetched tells whether
// the JWKS was fetched again to look for it.
func unknownKey(kid string, refetched bool) Verification {
	if refetched {
		return Verification{Status: SigUnknownKey, Refetched: true, Detail: fmt.Sprintf(
			"key not published (rotated out?): no key %q in the JWKS, even after fetching it again", kid)}
	}
	return Verification{Status: SigUnknownKey, Detail: fmt.Sprintf(
		"no key %q in the JWKS (not fetched again: refetching is limited to once every %v)", kid, jwksRefetchEvery)}
}

// graphNonceReason explains Entra ID access tokens for Microsoft Graph.
const graphNonceReason = "Microsoft Entra ID access token for Microsoft Graph (nonce in the header): " +
	"it is signed over a hashed form of that nonce and meant to be checked by Graph alone, " +
	"so no client can verify it; this is not a sign of tampering"

// isGraphNonceToken reports whether d carries a nonce in its header, the
// mark of Entra ID access tokens issued for Microsoft Graph.
func isGraphNonceToken(d jose.Decoded) bool {
	_, ok := d.HeaderField("nonce")
	return ok
}
