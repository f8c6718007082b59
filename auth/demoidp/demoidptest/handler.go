package demoidptest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// Paths of the demo provider's endpoints, as it serves them.
const (
	pathDiscovery  = "/.well-known/openid-configuration"
	pathJWKS       = "/jwks.json"
	pathAuthorize  = "/authorize"
	pathDecision   = "/authorize/decision"
	pathToken      = "/token"
	pathUserinfo   = "/userinfo"
	pathRevoke     = "/revoke"
	pathIntrospect = "/introspect"
	pathRegister   = "/register"
	pathAPI        = "/api/"
	// pathResourceMetadata starts every protected resource metadata URL.
	pathResourceMetadata = "/.well-known/oauth-protected-resource"
)

// Limits on what the wrapper buffers to classify an exchange.
const (
	maxRequestBody = 64 << 10 // the provider refuses larger forms anyway
	maxErrorBody   = 4 << 10
)

// Stats is a snapshot of the counters kept by a [Handler].
type Stats struct {
	// DiscoveryRequests counts GET /.well-known/openid-configuration.
	DiscoveryRequests int64
	// JWKSRequests counts GET /jwks.json.
	JWKSRequests int64
	// AuthorizeRequests counts GET /authorize.
	AuthorizeRequests int64
	// Approvals counts redirects back to the client carrying a code
	// (sign-in approved, or AutoApprove).
	Approvals int64
	// Denials counts redirects back to the client with error=access_denied.
	Denials int64
	// TokenRequests counts every POST /token, including failed and
	// injected ones.
	TokenRequests int64
	// AuthorizationCodeGrants counts authorization_code grants answered 200.
	AuthorizationCodeGrants int64
	// RefreshGrants counts refresh_token grants answered 200.
	RefreshGrants int64
	// RejectedCodes counts authorization_code grants the provider answered
	// with an error (client authentication failures included).
	RejectedCodes int64
	// RejectedRefreshes counts refresh_token grants the provider answered
	// with an error (client authentication failures included).
	RejectedRefreshes int64
	// CodeReuses counts authorization_code grants presenting a code that an
	// earlier grant redeemed successfully.
	CodeReuses int64
	// RefreshReuses counts refresh_token grants presenting a refresh token
	// that an earlier grant already rotated successfully.
	RefreshReuses int64
	// ClientAuthFailures counts invalid_client answers of /token, /revoke
	// and /introspect.
	ClientAuthFailures int64
	// InjectedFailures counts token requests failed because of FailNext;
	// they never reach the provider.
	InjectedFailures int64
	// RevocationRequests counts POST /revoke.
	RevocationRequests int64
	// IntrospectionRequests counts POST /introspect.
	IntrospectionRequests int64
	// UserinfoRequests counts GET and POST /userinfo.
	UserinfoRequests int64
}

// Handler wraps a demo provider's handler: it counts requests and grant
// outcomes (see [Stats]) and fails token requests on demand ([Handler.FailNext]).
// It is safe for concurrent use.
type Handler struct {
	next http.Handler

	mu         sync.Mutex // guards every field below
	stats      Stats
	failLeft   int
	failStatus int
	redeemed   map[[sha256.Size]byte]bool // codes redeemed and refresh tokens rotated, hashed
	faults     Faults                     // misbehaviour on purpose (faults.go)
}

// Wrap returns a Handler that serves next, which must be a
// demoidp.Server's Handler.
func Wrap(next http.Handler) *Handler {
	return &Handler{next: next, redeemed: make(map[[sha256.Size]byte]bool)}
}

// Stats returns a snapshot of the counters.
func (h *Handler) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stats
}

// FailNext makes the next n token requests fail with the given HTTP status
// and an RFC 6749 §5.2 error body (error "temporarily_unavailable" for 429
// and 503, "server_error" for other 5xx, "invalid_request" otherwise),
// without reaching the provider. It replaces any failures still pending;
// n <= 0 cancels them. A status outside 400-599 is treated as 503.
func (h *Handler) FailNext(n, status int) {
	if status < 400 || status > 599 {
		status = http.StatusServiceUnavailable
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failLeft = max(n, 0)
	h.failStatus = status
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.countRequest(r)
	if h.currentFaults().resourceFault(w, r, h.next) {
		return
	}
	next := h.next
	if f := h.currentFaults(); f.rewriting(r) {
		next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.serveFaulty(w, r, h.next) })
	}
	if r.URL.Path != pathToken || r.Method != http.MethodPost {
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		h.countAnswer(r, rec)
		return
	}
	if status, ok := h.takeFailure(); ok {
		writeInjected(w, status)
		return
	}
	form := readForm(r)
	rec := &recorder{ResponseWriter: w}
	if h.currentFaults().refusesAuth(rec, r, form) {
		h.countAnswer(r, rec)
		h.countGrant(form, rec)
		return
	}
	next.ServeHTTP(rec, r)
	h.countAnswer(r, rec)
	h.countGrant(form, rec)
}

// countRequest counts r by endpoint.
func (h *Handler) countRequest(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &h.stats
	switch {
	case r.URL.Path == pathDiscovery && r.Method == http.MethodGet:
		s.DiscoveryRequests++
	case r.URL.Path == pathJWKS && r.Method == http.MethodGet:
		s.JWKSRequests++
	case r.URL.Path == pathAuthorize && r.Method == http.MethodGet:
		s.AuthorizeRequests++
	case r.URL.Path == pathToken && r.Method == http.MethodPost:
		s.TokenRequests++
	case r.URL.Path == pathUserinfo:
		s.UserinfoRequests++
	case r.URL.Path == pathRevoke && r.Method == http.MethodPost:
		s.RevocationRequests++
	case r.URL.Path == pathIntrospect && r.Method == http.MethodPost:
		s.IntrospectionRequests++
	}
}

// countAnswer counts sign-in outcomes and client authentication failures.
func (h *Handler) countAnswer(r *http.Request, rec *recorder) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &h.stats
	switch r.URL.Path {
	case pathAuthorize, pathDecision:
		loc, err := url.Parse(rec.location)
		if rec.status < 300 || rec.status > 399 || err != nil {
			return
		}
		q := loc.Query()
		switch {
		case q.Has("code"):
			s.Approvals++
		case q.Get("error") == "access_denied":
			s.Denials++
		}
	case pathToken, pathRevoke, pathIntrospect:
		if rec.errorCode() == "invalid_client" {
			s.ClientAuthFailures++
		}
	}
}

// countGrant classifies a token request by grant type and outcome.
func (h *Handler) countGrant(form url.Values, rec *recorder) {
	ok := rec.status == http.StatusOK
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &h.stats
	var (
		secret         string
		grants, reject *int64
		reuses         *int64
	)
	switch form.Get("grant_type") {
	case "authorization_code":
		secret, grants, reject, reuses = form.Get("code"), &s.AuthorizationCodeGrants, &s.RejectedCodes, &s.CodeReuses
	case "refresh_token":
		secret, grants, reject, reuses = form.Get("refresh_token"), &s.RefreshGrants, &s.RejectedRefreshes, &s.RefreshReuses
	default:
		return
	}
	key := sha256.Sum256([]byte(secret))
	if secret != "" && h.redeemed[key] {
		*reuses++
	}
	if !ok {
		*reject++
		return
	}
	*grants++
	h.redeemed[key] = true
}

// takeFailure consumes one injected failure, if any is pending.
func (h *Handler) takeFailure() (int, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failLeft == 0 {
		return 0, false
	}
	h.failLeft--
	h.stats.InjectedFailures++
	return h.failStatus, true
}

// writeInjected answers a token request with an injected failure.
func writeInjected(w http.ResponseWriter, status int) {
	code := "invalid_request"
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		code = "temporarily_unavailable"
	case status >= 500:
		code = "server_error"
	}
	body, _ := json.Marshal(map[string]string{"error": code, "error_description": "injected failure (demoidptest FailNext)"})
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// readForm reads r's form body (at most maxRequestBody bytes) and puts it
// back for the provider, which parses and validates it itself. A body it
// cannot parse yields an empty form.
func readForm(r *http.Request) url.Values {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	if err != nil || len(body) > maxRequestBody {
		return url.Values{}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return url.Values{}
	}
	return form
}

// recorder remembers the status, the Location header and the start of the
// body of a response while passing it through.
type recorder struct {
	http.ResponseWriter
	status   int
	location string
	body     []byte
}

// WriteHeader implements http.ResponseWriter.
func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
		rec.location = rec.Header().Get("Location")
	}
	rec.ResponseWriter.WriteHeader(status)
}

// Write implements http.ResponseWriter.
func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	if room := maxErrorBody - len(rec.body); room > 0 && rec.status >= 400 {
		rec.body = append(rec.body, p[:min(room, len(p))]...)
	}
	return rec.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// errorCode returns the "error" member of an error response, or "".
func (rec *recorder) errorCode() string {
	var e struct {
		Error string `json:"error"`
	}
	if rec.status < 400 || json.Unmarshal(rec.body, &e) != nil {
		return ""
	}
	return e.Error
}
