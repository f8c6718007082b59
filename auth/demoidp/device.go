package demoidp

import (
	"crypto/rand"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"
)

// deviceState is where a device authorization stands.
type deviceState int

const (
	devicePending deviceState = iota
	deviceApproved
	deviceDenied
	deviceDone // tokens issued: the device code is used up
)

// deviceAuth is one device authorization (RFC 8628 §3.2).
type deviceAuth struct {
	clientID  string
	scopes    []string
	resources []string        // RFC 8707 resource indicators asked for
	details   json.RawMessage // authorization_details asked for (RFC 9396 §3), granted on approval
	userCode  string
	expires   time.Time
	interval  time.Duration
	lastPoll  time.Time
	state     deviceState
	authTime  time.Time
}

// deviceStore holds device authorizations by device code, and the device
// codes by user code.
type deviceStore struct {
	mu     sync.Mutex // guards byCode, byUser
	byCode map[string]*deviceAuth
	byUser map[string]string
}

// userCodeAlphabet has no vowels or look-alikes (RFC 8628 §6.1).
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

// newUserCode returns "XXXX-XXXX" from userCodeAlphabet.
func newUserCode() string {
	var b [8]byte
	rand.Read(b[:])
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, userCodeAlphabet[int(c)%len(userCodeAlphabet)])
	}
	return string(out)
}

// normalizeUserCode uppercases and drops separators, as users type codes.
func normalizeUserCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(userCodeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// add records a new device authorization.
func (d *deviceStore) add(code string, a *deviceAuth, now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.byCode == nil {
		d.byCode, d.byUser = map[string]*deviceAuth{}, map[string]string{}
	}
	for c, old := range d.byCode {
		if now.After(old.expires.Add(time.Minute)) {
			delete(d.byCode, c)
			delete(d.byUser, normalizeUserCode(old.userCode))
		}
	}
	d.byCode[code] = a
	d.byUser[normalizeUserCode(a.userCode)] = code
}

// decide approves or denies the pending authorization of a user code.
func (d *deviceStore) decide(userCode string, approve bool, now time.Time) (*deviceAuth, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.byCode[d.byUser[normalizeUserCode(userCode)]]
	if !ok || a.state != devicePending || !now.Before(a.expires) {
		return nil, false
	}
	if approve {
		a.state, a.authTime = deviceApproved, now
	} else {
		a.state = deviceDenied
	}
	return a, true
}

// lookup returns a pending authorization by user code.
func (d *deviceStore) lookup(userCode string, now time.Time) (*deviceAuth, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.byCode[d.byUser[normalizeUserCode(userCode)]]
	if !ok || a.state != devicePending || !now.Before(a.expires) {
		return nil, false
	}
	cp := *a
	return &cp, true
}

// poll judges one token request for a device code (RFC 8628 §3.5).
func (d *deviceStore) poll(code, clientID string, now time.Time) (deviceAuth, *oauthError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.byCode[code]
	switch {
	case !ok || a.clientID != clientID:
		return deviceAuth{}, newError("invalid_grant", "device_code is unknown or was issued to another client")
	case !now.Before(a.expires):
		return deviceAuth{}, newError("expired_token", "the device code has expired")
	case a.state == deviceDenied:
		return deviceAuth{}, newError("access_denied", "the user denied the request")
	case a.state == deviceDone:
		return deviceAuth{}, newError("invalid_grant", "device_code was already used")
	}
	if !a.lastPoll.IsZero() && now.Sub(a.lastPoll) < a.interval {
		a.lastPoll = now
		a.interval += 5 * time.Second
		return deviceAuth{}, newError("slow_down", "polling too fast; the interval is now "+a.interval.String())
	}
	a.lastPoll = now
	if a.state == devicePending {
		return deviceAuth{}, newError("authorization_pending", "the user has not approved yet")
	}
	a.state = deviceDone
	return *a, nil
}

// deviceAuthorizationResponse is RFC 8628 §3.2's answer.
type deviceAuthorizationResponse struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int64  `json:"expires_in"`
	Interval                int64  `json:"interval"`
}

// handleDeviceAuthorization serves POST /device_authorization (RFC 8628
// §3.1). With AutoApprove the authorization is approved at once.
func (s *Server) handleDeviceAuthorization(w http.ResponseWriter, r *http.Request) {
	clientID, ok := s.clientForm(w, r)
	if !ok {
		return
	}
	scopes, ok := parseScope(r.PostForm.Get("scope"))
	if !ok {
		writeError(w, newError("invalid_scope", "scope is malformed"))
		return
	}
	if len(scopes) == 0 {
		scopes = defaultScopes
	}
	resources, oerr := parseResources(r.PostForm["resource"])
	if oerr != nil {
		writeError(w, oerr)
		return
	}
	details, oerr := parseAuthorizationDetails(r.PostForm.Get("authorization_details"))
	if oerr != nil {
		writeError(w, oerr)
		return
	}
	now := s.now()
	code := rand.Text()
	a := &deviceAuth{clientID: clientID, scopes: scopes, resources: resources, details: details, userCode: newUserCode(), expires: now.Add(s.opts.DeviceTTL), interval: s.opts.DeviceInterval}
	if s.opts.AutoApprove {
		a.state, a.authTime = deviceApproved, now
	}
	s.devices.add(code, a, now)
	s.opts.Logf("demoidp: device: client %q started a device login (scope %q)", clientID, joinScope(scopes))
	verify := s.issuerFor(r) + pathDevice
	noStore(w)
	writeJSON(w, http.StatusOK, deviceAuthorizationResponse{
		DeviceCode:              code,
		UserCode:                a.userCode,
		VerificationURI:         verify,
		VerificationURIComplete: verify + "?user_code=" + a.userCode,
		ExpiresIn:               int64(s.opts.DeviceTTL / time.Second),
		Interval:                int64(s.opts.DeviceInterval / time.Second),
	})
}

// deviceCodeGrant handles the device_code grant (RFC 8628 §3.4).
func (s *Server) deviceCodeGrant(r *http.Request, clientID string) (*tokenResponse, *oauthError) {
	code := r.PostForm.Get("device_code")
	if code == "" {
		return nil, newError("invalid_request", "device_code is required")
	}
	now := s.now()
	requested, oerr := parseResources(r.PostForm["resource"])
	if oerr != nil {
		return nil, oerr
	}
	a, oerr := s.devices.poll(code, clientID, now)
	if oerr != nil {
		return nil, oerr
	}
	audience, oerr := narrowResources(a.resources, requested)
	if oerr != nil {
		return nil, oerr
	}
	iss := s.newIssuance(newUUID(), now)
	iss.jkt, iss.x5t, iss.resources = requestJKT(r), requestX5T(r), a.resources
	s.store.startFamily(clientID, a.authTime, a.details, iss)
	return s.issueTokens(grant{
		issuer: s.issuerFor(r), clientID: clientID, scopes: a.scopes, refreshScopes: a.scopes, audience: audience,
		authTime: a.authTime, details: a.details, now: now, iss: iss,
	})
}

// devicePageTemplate is the sign-in page at the verification URI, parsed
// on first use like the other pages.
var devicePageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(pageTemplates().Clone()).Parse(`{{define "content"}}
<h1 id="title">{{.Title}}</h1>
{{if .Message}}<p id="message">{{.Message}}</p>{{end}}
{{if .Form}}<form method="post" action="/device">
<dl>
  <dt>Code</dt><dd><input name="user_code" id="user_code" value="{{.UserCode}}" autocomplete="off" autofocus></dd>
  {{if .Scope}}<dt>Scopes</dt><dd class="scopes"><code id="scope">{{.Scope}}</code></dd>{{end}}
  {{if .Details}}<dt>Access details</dt><dd class="details">{{range .Details}}<pre>{{.}}</pre>{{end}}</dd>{{end}}
</dl>
<div class="actions">
  <button id="signin" type="submit" name="decision" value="approve">Approve</button>
  <button id="deny" type="submit" name="decision" value="deny">Deny</button>
</div>
</form>{{end}}
<p class="note">Enter the code your device shows. This is a local test identity provider.</p>
{{end}}`))
})

type devicePage struct {
	Title, Message, UserCode, Scope string
	Details                         []string // authorization_details asked for, one object each (RFC 9396)
	Form                            bool
}

// handleDevicePage serves GET /device: the form to enter (or confirm) the
// user code.
func (s *Server) handleDevicePage(w http.ResponseWriter, r *http.Request) {
	p := devicePage{Title: "Sign in a device", Form: true, UserCode: r.URL.Query().Get("user_code")}
	if p.UserCode != "" {
		if a, ok := s.devices.lookup(p.UserCode, s.now()); ok {
			p.Scope, p.Details = joinScope(a.scopes), detailsForPage(a.details)
			p.Message = "Signed in as " + s.opts.Email + ". Approve the device showing this code?"
		} else {
			p.Message = "This code is unknown, expired or already used. Check the code on your device."
		}
	}
	s.renderPage(w, http.StatusOK, devicePageTemplate(), p)
}

// handleDeviceDecision serves POST /device: approve or deny a user code.
func (s *Server) handleDeviceDecision(w http.ResponseWriter, r *http.Request) {
	if oerr := parsePostForm(w, r); oerr != nil {
		s.renderPage(w, http.StatusBadRequest, devicePageTemplate(), devicePage{Title: "Invalid request", Message: "The form could not be read."})
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "approve" && decision != "deny" {
		s.renderPage(w, http.StatusBadRequest, devicePageTemplate(), devicePage{Title: "Invalid request", Message: "The form carried no decision.", Form: true})
		return
	}
	a, ok := s.devices.decide(r.PostForm.Get("user_code"), decision == "approve", s.now())
	if !ok {
		s.renderPage(w, http.StatusBadRequest, devicePageTemplate(), devicePage{Title: "Code not accepted", Message: "This code is unknown, expired or already used.", Form: true})
		return
	}
	s.opts.Logf("demoidp: device: user %sd client %q", decision, a.clientID)
	if decision == "deny" {
		s.renderPage(w, http.StatusOK, devicePageTemplate(), devicePage{Title: "Device denied", Message: "The device will not be signed in."})
		return
	}
	s.renderPage(w, http.StatusOK, devicePageTemplate(), devicePage{Title: "Device approved", Message: "You can return to your device."})
}
