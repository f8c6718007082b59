package demoidp

import (
	"net/http"
	"slices"
	"strings"
)

// Protected resources (RFC 9728) served beside the provider, so that a
// client can start from an API URL: /api/orders and /api/inventory answer
// 401 with a resource_metadata challenge without a token, and accept only
// access tokens issued for them (aud, RFC 8707).
const (
	pathAPI              = "/api/"
	pathResourceMetadata = "/.well-known/oauth-protected-resource"
)

// demoAPI is one protected resource of the demo provider.
type demoAPI struct {
	Name  string // the path under /api/
	Title string // resource_name
	Scope string // the scope its challenge asks for
}

// demoAPIs are the demo provider's protected resources.
var demoAPIs = []demoAPI{
	{Name: "orders", Title: "Demo orders API", Scope: "orders.read"},
	{Name: "inventory", Title: "Demo inventory API", Scope: "inventory.read"},
}

// APIPaths are the paths of the demo provider's protected resources; the
// resource identifier of each is the issuer followed by the path.
func APIPaths() []string {
	out := make([]string, len(demoAPIs))
	for i, a := range demoAPIs {
		out[i] = pathAPI + a.Name
	}
	return out
}

func findAPI(name string) (demoAPI, bool) {
	i := slices.IndexFunc(demoAPIs, func(a demoAPI) bool { return a.Name == name })
	if i < 0 {
		return demoAPI{}, false
	}
	return demoAPIs[i], true
}

// resourceMetadata is the protected resource metadata of RFC 9728 §2.
type resourceMetadata struct {
	Resource               string   `json:"resource"`
	AuthorizationServers   []string `json:"authorization_servers"`
	ScopesSupported        []string `json:"scopes_supported"`
	BearerMethodsSupported []string `json:"bearer_methods_supported"`
	ResourceName           string   `json:"resource_name"`
	DPoPSigningAlgs        []string `json:"dpop_signing_alg_values_supported"`
}

// handleResourceMetadata serves GET
// /.well-known/oauth-protected-resource/api/NAME (RFC 9728 §3.1: the
// well-known path goes between the host and the resource's path).
func (s *Server) handleResourceMetadata(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, pathResourceMetadata+pathAPI)
	a, found := findAPI(name)
	if !ok || !found {
		http.NotFound(w, r)
		return
	}
	iss := s.issuerFor(r)
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, resourceMetadata{
		Resource:               iss + pathAPI + a.Name,
		AuthorizationServers:   []string{iss},
		ScopesSupported:        []string{a.Scope},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           a.Title,
		DPoPSigningAlgs:        algNames(dpopAlgs), // the proofs handleAPI accepts
	})
}

// apiAnswer is what a protected resource answers a valid token with.
type apiAnswer struct {
	Resource string   `json:"resource"`
	Name     string   `json:"resource_name"`
	Sub      string   `json:"sub"`
	ClientID string   `json:"client_id"`
	Scope    []string `json:"scope"`
	Message  string   `json:"message"`
}

// handleAPI serves GET and POST /api/NAME: 401 with the RFC 9728 challenge
// without a token; 401 invalid_token for a token that is not an active
// access token of this provider or whose aud does not name this resource;
// 200 with JSON otherwise. DPoP-bound tokens need the DPoP scheme and a
// proof for this URL.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	a, ok := findAPI(strings.TrimPrefix(r.URL.Path, pathAPI))
	if !ok {
		http.NotFound(w, r)
		return
	}
	noStore(w)
	iss := s.issuerFor(r)
	resource := iss + pathAPI + a.Name
	challenge := func(scheme, code, desc string) string {
		c := scheme + ` realm="` + realm + `", resource_metadata="` + iss + pathResourceMetadata + pathAPI + a.Name + `", scope="` + a.Scope + `"`
		if code != "" {
			c += `, error="` + code + `", error_description="` + desc + `"`
		}
		return c
	}
	refuse := func(scheme, code, desc string) {
		w.Header().Set("WWW-Authenticate", challenge(scheme, code, desc))
		writeJSON(w, http.StatusUnauthorized, newError(code, desc))
	}
	raw, ok := bearerToken(r)
	dpopToken, isDPoP := dpopScheme(r.Header.Get("Authorization"))
	if isDPoP {
		raw, ok = dpopToken, dpopToken != ""
	}
	if !ok {
		w.Header().Set("WWW-Authenticate", challenge("Bearer", "", ""))
		writeJSON(w, http.StatusUnauthorized, newError("invalid_request", "an access token is required"))
		return
	}
	claims, err := s.parseToken(raw, iss, false)
	if err != nil || claims.kind() != kindAccess || !s.store.accessActive(claims.ID) {
		refuse("Bearer", "invalid_token", "the access token is invalid, expired or revoked")
		return
	}
	if !slices.Contains(claims.Audience, resource) {
		s.opts.Logf("demoidp: api %s: refused a token for another audience", a.Name)
		refuse("Bearer", "invalid_token", "the access token is not for this resource (its aud does not name "+resource+"): ask for it with resource="+resource+" (RFC 8707)")
		return
	}
	if bound := claims.Cnf != nil && claims.Cnf.JKT != ""; isDPoP || bound {
		jkt, oerr := s.checkDPoP(r, resource, raw)
		s.setDPoPNonce(w)
		switch {
		case oerr != nil:
			refuse("DPoP", oerr.Code, oerr.Description)
			return
		case !isDPoP || !bound || jkt != claims.Cnf.JKT:
			refuse("DPoP", "invalid_token", "the access token is DPoP-bound: send it with the DPoP scheme and a proof of its key")
			return
		}
	}
	writeJSON(w, http.StatusOK, apiAnswer{
		Resource: resource, Name: a.Title, Sub: claims.Subject, ClientID: claims.ClientID,
		Scope: nonNil(claims.Scope), Message: "Hello from the " + a.Title + ": your token is for this resource.",
	})
}
