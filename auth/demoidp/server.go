package demoidp

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Endpoint paths, relative to the issuer URL.
const (
	pathDiscovery  = "/.well-known/openid-configuration"
	pathJWKS       = "/jwks.json"
	pathAuthorize  = "/authorize"
	pathDecision   = "/authorize/decision"
	pathToken      = "/token"
	pathUserinfo   = "/userinfo"
	pathRevoke     = "/revoke"
	pathIntrospect = "/introspect"
	pathPAR        = "/par"
	pathDeviceAuth = "/device_authorization"
	pathDevice     = "/device"
	pathEndSession = "/end_session"
	pathRegister   = "/register"
)

// HTTP server limits used by Start.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 15 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 32 << 10
)

// Server is an in-memory OAuth 2.0 authorization server and OpenID Connect
// provider. Create one with [New]; serve it with [Server.Start] or mount
// [Server.Handler] (for example in httptest) and call [Server.SetIssuer].
// A Server is safe for concurrent use.
type Server struct {
	opts    Options // defaults applied; read-only after New
	keys    keySet
	store   *store
	handler http.Handler
	nonces  dpopNonces
	replay  replayCache
	par     parStore
	devices deviceStore
	clients clientRegistry

	mu     sync.Mutex // guards issuer, srv, closed, mtls
	mtls   mtlsState
	issuer string
	srv    *http.Server
	closed bool
}

// New returns a Server configured by opts. Unless opts.Keys is set, it
// generates a signing key for opts.SigningAlg (RSA by default, which may
// take a moment for large KeyBits).
func New(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	src := opts.Keys
	if src == nil {
		k, err := NewSigningKeyFor(opts.SigningAlg, opts.KeyBits)
		if err != nil {
			return nil, err
		}
		src = fixedKeys{k}
	} else if len(src.SigningKeys()) == 0 {
		return nil, errors.New("demoidp: Options.Keys has no signing key")
	}
	alg := cmp.Or(opts.SigningAlg, "RS256")
	for _, k := range src.SigningKeys() {
		if err := fitsAlg(k.Private, alg); err != nil {
			return nil, fmt.Errorf("demoidp: Options.Keys key %q: %w", k.ID, err)
		}
	}
	s := &Server{
		opts:  opts,
		keys:  keySet{src: src, alg: opts.SigningAlg},
		store: newStore(),
	}
	s.clients.m = opts.Clients
	s.handler = s.routes()
	return s, nil
}

// routes builds the HTTP handler serving every endpoint.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathDiscovery, s.handleDiscovery)
	mux.HandleFunc("GET "+pathJWKS, s.handleJWKS)
	mux.HandleFunc("GET "+pathAuthorize, s.handleAuthorize)
	mux.HandleFunc("POST "+pathDecision, s.handleDecision)
	mux.HandleFunc("POST "+pathToken, s.handleToken)
	mux.HandleFunc("GET "+pathUserinfo, s.handleUserinfo)
	mux.HandleFunc("POST "+pathUserinfo, s.handleUserinfo)
	mux.HandleFunc("POST "+pathRevoke, s.handleRevoke)
	mux.HandleFunc("POST "+pathIntrospect, s.handleIntrospect)
	mux.HandleFunc("POST "+pathPAR, s.handlePAR)
	mux.HandleFunc("POST "+pathDeviceAuth, s.handleDeviceAuthorization)
	mux.HandleFunc("GET "+pathDevice, s.handleDevicePage)
	mux.HandleFunc("POST "+pathDevice, s.handleDeviceDecision)
	mux.HandleFunc("GET "+pathEndSession, s.handleEndSession)
	mux.HandleFunc("POST "+pathRegister, s.handleRegister)
	mux.HandleFunc("GET "+pathAPI, s.handleAPI)
	mux.HandleFunc("POST "+pathAPI, s.handleAPI)
	mux.HandleFunc("GET "+pathResourceMetadata+pathAPI, s.handleResourceMetadata)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		mux.ServeHTTP(w, r)
	})
}

// Handler returns the HTTP handler serving all endpoints at the root path.
// When it is mounted by the caller (for example with httptest.NewServer),
// call SetIssuer with the server's base URL; until then the issuer of each
// request is derived from its Host header as "http://" + Host.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr, which must name a loopback host ("127.0.0.1:0",
// "[::1]:8080", "localhost:0"), serves the provider in a background
// goroutine and returns the issuer URL, such as "http://127.0.0.1:53124".
// The issuer is also recorded as by SetIssuer. Start may be called once;
// stop the server with Close.
func (s *Server) Start(addr string) (string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("demoidp: invalid listen address %q: %w", addr, err)
	}
	if !isLoopbackHost(host) {
		return "", fmt.Errorf("demoidp: refusing to listen on non-loopback address %q", addr)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("demoidp: server is closed")
	}
	if s.srv != nil {
		return "", errors.New("demoidp: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("demoidp: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	s.srv = srv
	s.issuer = "http://" + ln.Addr().String()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opts.Logf("demoidp: serve: %v", err)
		}
	}()
	s.opts.Logf("demoidp: listening on %s", s.issuer)
	return s.issuer, nil
}

// SetIssuer sets the issuer URL (scheme, host and port, no trailing slash),
// used in discovery, in the iss claim and to validate presented tokens.
// Call it with httptest.Server.URL when serving Handler yourself.
func (s *Server) SetIssuer(issuer string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issuer = strings.TrimSuffix(issuer, "/")
}

// Issuer returns the issuer URL set by Start or SetIssuer, or "" if neither
// has been called.
func (s *Server) Issuer() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issuer
}

// issuerFor returns the issuer for r: the configured one, or else one
// derived from the request's Host.
func (s *Server) issuerFor(r *http.Request) string {
	if iss := s.Issuer(); iss != "" {
		return iss
	}
	return "http://" + r.Host
}

// Close stops the listener started by Start and closes its connections.
// It is a no-op when Start was not called, and safe to call more than once.
func (s *Server) Close() error {
	mtlsErr := s.closeMTLS()
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.closed = true
	s.mu.Unlock()
	if srv == nil {
		return mtlsErr
	}
	if err := errors.Join(srv.Close(), mtlsErr); err != nil {
		return fmt.Errorf("demoidp: close: %w", err)
	}
	return nil
}

// now returns the current time of the injected clock.
func (s *Server) now() time.Time { return s.opts.Now() }

// isLoopbackHost reports whether host is "localhost" or a loopback IP
// literal (without brackets).
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
