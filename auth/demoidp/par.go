package demoidp

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// requestURIPrefix starts every request_uri (RFC 9126 §2.2).
const requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

// pushedRequest is one pushed authorization request.
type pushedRequest struct {
	clientID string
	params   url.Values
	expires  time.Time
}

// parStore holds pushed requests by request_uri until used or expired.
type parStore struct {
	mu   sync.Mutex // guards reqs
	reqs map[string]pushedRequest
}

func (p *parStore) add(uri string, pr pushedRequest, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reqs == nil {
		p.reqs = map[string]pushedRequest{}
	}
	for k, v := range p.reqs {
		if !now.Before(v.expires) {
			delete(p.reqs, k)
		}
	}
	p.reqs[uri] = pr
}

// take removes and returns the request of uri; ok is false when it is
// unknown, used, expired, or pushed by another client.
func (p *parStore) take(uri, clientID string, now time.Time) (url.Values, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr, ok := p.reqs[uri]
	if !ok || pr.clientID != clientID {
		return nil, false
	}
	delete(p.reqs, uri) // one use (RFC 9126 §4)
	return pr.params, now.Before(pr.expires)
}

// parResponse is RFC 9126 §2.2's answer.
type parResponse struct {
	RequestURI string `json:"request_uri"`
	ExpiresIn  int64  `json:"expires_in"`
}

// handlePAR serves POST /par (RFC 9126 §2): the client authenticates and
// pushes the authorization parameters; they are checked as /authorize
// would, and stored under a one-time request_uri.
func (s *Server) handlePAR(w http.ResponseWriter, r *http.Request) {
	clientID, ok := s.clientForm(w, r)
	if !ok {
		return
	}
	params := url.Values{}
	for k, vs := range r.PostForm {
		if !strings.HasPrefix(k, "client_") { // client_id stays; credentials go
			params[k] = vs
		}
	}
	if params.Has("request_uri") {
		writeError(w, newError("invalid_request", "request_uri must not be pushed"))
		return
	}
	if params.Has("request") { // a request object pushed (RFC 9126 §3): only its claims count
		c, _ := s.client(clientID)
		ro, err := s.requestObjectParams(params, clientID, c, s.issuerFor(r))
		if err != nil {
			writeError(w, newError("invalid_request_object", err.Error()))
			return
		}
		params = ro
		params.Del("client_id")
	}
	if err := validateRedirectURI(params.Get("redirect_uri")); err != nil {
		writeError(w, newError("invalid_request", "redirect_uri is not acceptable: "+err.Error()))
		return
	}
	if _, oerr := parseAuthRequest(params, clientID, params.Get("redirect_uri")); oerr != nil {
		writeError(w, oerr)
		return
	}
	now := s.now()
	uri := requestURIPrefix + rand.Text()
	s.par.add(uri, pushedRequest{clientID: clientID, params: params, expires: now.Add(s.opts.PARTTL)}, now)
	s.opts.Logf("demoidp: par: client %q pushed an authorization request", clientID)
	noStore(w)
	writeJSON(w, http.StatusCreated, parResponse{RequestURI: uri, ExpiresIn: int64(s.opts.PARTTL / time.Second)})
}
