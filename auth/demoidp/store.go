package demoidp

import (
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// sweepInterval is how often expired state is dropped.
const sweepInterval = time.Minute

// Errors reported by the store; the token endpoint maps them to OAuth errors.
var (
	errUnknownCode   = errors.New("authorization code is unknown or expired")
	errCodeReused    = errors.New("authorization code was already used")
	errFamilyRevoked = errors.New("token family is revoked or unknown")
	errRefreshReused = errors.New("refresh token was already used")
	// errDPoPKeyMismatch: a DPoP-bound family was refreshed with another key.
	errDPoPKeyMismatch = errors.New("refresh token is bound to another DPoP key")
)

// authRequest is a validated authorization request.
type authRequest struct {
	clientID    string
	redirectURI string
	scopes      []string
	state       string
	nonce       string
	challenge   string          // S256 code challenge
	dpopJKT     string          // RFC 9449 §10 dpop_jkt: the code is bound to this DPoP key
	mode        string          // response_mode: "" or query redirects, form_post posts
	resources   []string        // RFC 8707 resource indicators asked for
	acr         string          // the acr granted (from acr_values or the claims request); "" when none was asked
	details     json.RawMessage // the authorization_details granted (RFC 9396); nil without
}

// pendingAuth is an authorization request waiting on the sign-in page.
type pendingAuth struct {
	req     authRequest
	expires time.Time
}

// authCode is an issued authorization code.
type authCode struct {
	req      authRequest
	authTime time.Time
	expires  time.Time
	familyID string // set once redeemed; a redeemed code is never reusable
}

// family is the set of tokens descending from one redeemed authorization
// code: every rotated refresh token and every access token issued with them.
type family struct {
	clientID string
	authTime time.Time
	current  string    // jti of the only refresh token that may be used
	expires  time.Time // when the newest token of the family expires
	revoked  bool
	jkt      string // DPoP key thumbprint the family is bound to; "" for bearer
	// resources are the resource indicators the family was granted (RFC
	// 8707); a refresh may narrow its access token to some of them.
	resources []string
	acr       string          // the login's acr, kept in refreshed ID tokens
	details   json.RawMessage // the login's authorization_details, granted again on refresh (RFC 9396 §7)
}

// accessRecord tracks an issued access token for revocation.
type accessRecord struct {
	familyID string
	expires  time.Time
	revoked  bool
}

// issuance describes the tokens about to be issued by a grant.
type issuance struct {
	familyID   string
	accessJTI  string
	refreshJTI string
	accessExp  time.Time
	refreshExp time.Time
	jkt        string   // DPoP key thumbprint (RFC 9449); "" for bearer tokens
	x5t        string   // TLS client certificate thumbprint (RFC 8705); "" for none
	resources  []string // the grant's resource indicators (RFC 8707)
}

// horizon is when the last of the issued tokens expires.
func (i issuance) horizon() time.Time {
	if i.accessExp.After(i.refreshExp) {
		return i.accessExp
	}
	return i.refreshExp
}

// store is the server's in-memory protocol state.
type store struct {
	mu        sync.Mutex // guards every field below
	pending   map[string]*pendingAuth
	codes     map[string]*authCode
	families  map[string]*family
	access    map[string]*accessRecord
	lastSweep time.Time
}

// newStore returns an empty store.
func newStore() *store {
	return &store{
		pending:  make(map[string]*pendingAuth),
		codes:    make(map[string]*authCode),
		families: make(map[string]*family),
		access:   make(map[string]*accessRecord),
	}
}

// addPending records a sign-in request under id.
func (st *store) addPending(id string, req authRequest, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	st.pending[id] = &pendingAuth{req: req, expires: now.Add(pendingTTL)}
}

// takePending removes and returns the unexpired sign-in request id.
func (st *store) takePending(id string, now time.Time) (authRequest, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.pending[id]
	if !ok {
		return authRequest{}, false
	}
	delete(st.pending, id)
	if !now.Before(p.expires) {
		return authRequest{}, false
	}
	return p.req, true
}

// addCode records an authorization code for req.
func (st *store) addCode(code string, req authRequest, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	st.codes[code] = &authCode{req: req, authTime: now, expires: now.Add(codeTTL)}
}

// redeemCode exchanges an authorization code. check validates the request
// bound to the code (client, redirect URI, PKCE); when it fails the code
// stays redeemable. A successful redemption starts the token family
// described by iss. Redeeming a code twice fails with errCodeReused and
// revokes the family started by the first redemption (RFC 6749 §4.1.2).
func (st *store) redeemCode(code string, now time.Time, check func(authRequest) error, iss *issuance) (authCode, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	c, ok := st.codes[code]
	switch {
	case !ok:
		return authCode{}, errUnknownCode
	case c.familyID != "":
		st.revokeFamilyLocked(c.familyID)
		return authCode{}, errCodeReused
	case !now.Before(c.expires):
		delete(st.codes, code)
		return authCode{}, errUnknownCode
	}
	if err := check(c.req); err != nil {
		return authCode{}, err
	}
	iss.resources = c.req.resources
	c.familyID = iss.familyID
	st.families[iss.familyID] = &family{
		clientID:  c.req.clientID,
		authTime:  c.authTime,
		current:   iss.refreshJTI,
		expires:   iss.horizon(),
		jkt:       iss.jkt,
		resources: iss.resources,
		acr:       c.req.acr,
		details:   c.req.details,
	}
	st.access[iss.accessJTI] = &accessRecord{familyID: iss.familyID, expires: iss.accessExp}
	return *c, nil
}

// rotateRefresh redeems the refresh token jti of family fid and makes
// iss.refreshJTI the family's current refresh token. Presenting any refresh
// token but the current one revokes the family and fails with
// errRefreshReused. It returns the family (its original authentication time, acr and
// authorization_details).
func (st *store) rotateRefresh(fid, jti string, now time.Time, iss issuance) (family, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	f, ok := st.families[fid]
	if !ok || f.revoked {
		return family{}, errFamilyRevoked
	}
	if f.current != jti {
		st.revokeFamilyLocked(fid)
		return family{}, errRefreshReused
	}
	if f.jkt != "" && f.jkt != iss.jkt {
		return family{}, errDPoPKeyMismatch
	}
	f.current = iss.refreshJTI
	f.expires = iss.horizon()
	st.access[iss.accessJTI] = &accessRecord{familyID: fid, expires: iss.accessExp}
	return *f, nil
}

// familyResources returns the resources family fid was granted (RFC 8707).
func (st *store) familyResources(fid string) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if f, ok := st.families[fid]; ok {
		return f.resources
	}
	return nil
}

// revokeFamily revokes every token of family fid. It reports whether the
// family existed and was not yet revoked.
func (st *store) revokeFamily(fid string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.revokeFamilyLocked(fid)
}

// revokeFamilyLocked is revokeFamily with st.mu held.
func (st *store) revokeFamilyLocked(fid string) bool {
	f, ok := st.families[fid]
	if !ok || f.revoked {
		return false
	}
	f.revoked = true
	return true
}

// revokeAccess revokes the access token jti.
func (st *store) revokeAccess(jti string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if a, ok := st.access[jti]; ok {
		a.revoked = true
	}
}

// accessActive reports whether access token jti was issued here and is
// revoked neither by itself nor through its family.
func (st *store) accessActive(jti string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	a, ok := st.access[jti]
	if !ok || a.revoked {
		return false
	}
	f, ok := st.families[a.familyID]
	return ok && !f.revoked
}

// refreshActive reports whether refresh token jti is the usable refresh
// token of family fid.
func (st *store) refreshActive(fid, jti string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := st.families[fid]
	return ok && !f.revoked && f.current == jti
}

// sweepLocked drops expired state at most once per sweepInterval. Redeemed
// codes are kept as long as their family, so that a replay still revokes it.
func (st *store) sweepLocked(now time.Time) {
	if now.Sub(st.lastSweep) < sweepInterval && !now.Before(st.lastSweep) {
		return
	}
	st.lastSweep = now
	for id, p := range st.pending {
		if !now.Before(p.expires) {
			delete(st.pending, id)
		}
	}
	for jti, a := range st.access {
		if !now.Before(a.expires) {
			delete(st.access, jti)
		}
	}
	for fid, f := range st.families {
		if !now.Before(f.expires) {
			delete(st.families, fid)
		}
	}
	for code, c := range st.codes {
		if c.familyID == "" && !now.Before(c.expires) {
			delete(st.codes, code)
		} else if _, ok := st.families[c.familyID]; c.familyID != "" && !ok {
			delete(st.codes, code)
		}
	}
}

// addAccessOnly records an access token issued without a refresh token
// (client credentials, token exchange, which have no family of their own)
// in a family of its own, so that revocation and introspection see it.
func (st *store) addAccessOnly(jti, clientID string, now, expires time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	fid := "access-only-" + jti
	st.families[fid] = &family{clientID: clientID, authTime: now, expires: expires}
	st.access[jti] = &accessRecord{familyID: fid, expires: expires}
}

// startFamily starts the token family described by iss for a grant that
// has no authorization code (the device flow).
func (st *store) startFamily(clientID string, authTime time.Time, details json.RawMessage, iss issuance) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.families[iss.familyID] = &family{clientID: clientID, authTime: authTime, current: iss.refreshJTI, expires: iss.horizon(), jkt: iss.jkt,
		resources: iss.resources, details: details}
	st.access[iss.accessJTI] = &accessRecord{familyID: iss.familyID, expires: iss.accessExp}
}

// revokeClient revokes every token family of a client (a logout) and
// returns how many were active.
func (st *store) revokeClient(clientID string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for fid, f := range st.families {
		if f.clientID == clientID && st.revokeFamilyLocked(fid) {
			n++
		}
	}
	return n
}
