package demoidptest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// Faults make the provider misbehave the way the providers of the OpenID
// Foundation's relying-party tests do. The zero value changes nothing.
type Faults struct {
	// IDHeader and IDClaims edit the header and the claims of the ID token
	// of every token response; the token is then signed again (RS256) with
	// Key, unless the header says alg none (no signature then).
	IDHeader, IDClaims func(m map[string]any)
	// Key signs the edited ID token; it must be one of the provider's keys
	// (Keys.Current) for the signature to verify.
	Key demoidp.SigningKey
	// BadSignature flips a bit of the ID token's signature.
	BadSignature bool
	// UserinfoSub, when set, replaces the sub of userinfo answers.
	UserinfoSub string
	// DiscoveryIssuer, when set, replaces the issuer of the discovery
	// document.
	DiscoveryIssuer string
	// TokenAuthMethods, when set, replaces the discovery document's
	// token_endpoint_auth_methods_supported, and token requests that
	// authenticate another way are answered invalid_client.
	TokenAuthMethods []string
	// AccessClaims edits the claims of the access token of every token
	// response (signed again with Key), e.g. to bind it to another
	// certificate.
	AccessClaims func(m map[string]any)
	// ScopesSupported, when not nil, replaces the discovery document's
	// scopes_supported (empty: the member is left out).
	ScopesSupported []string

	// NoChallenge drops the WWW-Authenticate header of the protected
	// resources' (/api/…) answers.
	NoChallenge bool
	// NoResourceMetadata answers 404 for protected resource metadata.
	NoResourceMetadata bool
	// ResourceMetadataResource, when set, replaces the resource member of
	// protected resource metadata.
	ResourceMetadataResource string
	// NoRegistration drops registration_endpoint from the discovery
	// document and answers 404 at /register.
	NoRegistration bool
	// RefuseRegistration, when set, answers every registration with this
	// RFC 7591 §3.2.2 error code (HTTP 400).
	RefuseRegistration string
	// JARMClaims edits the claims of a JWT-secured authorization response
	// (response_mode query.jwt or jwt) in the redirect; it is then signed
	// again (RS256) with JARMKey, which may be a key the provider does not
	// publish (a response signed by another key).
	JARMClaims func(m map[string]any)
	JARMKey    demoidp.SigningKey
}

// SetFaults makes the provider misbehave from now on; Faults{} stops it.
func (h *Handler) SetFaults(f Faults) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.faults = f
}

func (h *Handler) currentFaults() Faults {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.faults
}

// rewriting reports whether the answer to r is to be changed by f.
func (f Faults) rewriting(r *http.Request) bool {
	switch r.URL.Path {
	case pathAuthorize, pathDecision:
		return f.JARMClaims != nil || f.JARMKey.Private != nil
	case pathToken:
		return f.IDHeader != nil || f.IDClaims != nil || f.BadSignature || f.AccessClaims != nil
	case pathUserinfo:
		return f.UserinfoSub != ""
	case pathDiscovery:
		return f.DiscoveryIssuer != "" || f.TokenAuthMethods != nil || f.ScopesSupported != nil || f.NoRegistration
	}
	return strings.HasPrefix(r.URL.Path, pathResourceMetadata) && f.ResourceMetadataResource != ""
}

// clientAuthMethod names how a token request authenticates the client.
func clientAuthMethod(r *http.Request, form url.Values) string {
	switch {
	case r.Header.Get("Authorization") != "":
		return "client_secret_basic"
	case form.Has("client_assertion"):
		return "private_key_jwt" // or client_secret_jwt: not told apart here
	case form.Has("client_secret"):
		return "client_secret_post"
	}
	return "none"
}

// refusesAuth reports whether f refuses the client authentication of a
// token request (TokenAuthMethods), and answers it so.
func (f Faults) refusesAuth(w http.ResponseWriter, r *http.Request, form url.Values) bool {
	if f.TokenAuthMethods == nil || r.URL.Path != pathToken {
		return false
	}
	m := clientAuthMethod(r, form)
	if m == "private_key_jwt" && slices.Contains(f.TokenAuthMethods, "client_secret_jwt") || slices.Contains(f.TokenAuthMethods, m) {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if m == "client_secret_basic" {
		w.Header().Set("WWW-Authenticate", `Basic realm="demoidptest"`)
	}
	w.WriteHeader(http.StatusUnauthorized)
	w.Write([]byte(`{"error":"invalid_client","error_description":"demoidptest: this provider does not accept ` + m + `"}`))
	return true
}

// serveFaulty serves r through next and rewrites its JSON answer by f.
func (f Faults) serveFaulty(w http.ResponseWriter, r *http.Request, next http.Handler) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if r.URL.Path == pathAuthorize || r.URL.Path == pathDecision {
		if loc := rec.Header().Get("Location"); loc != "" {
			changed, err := f.jarmRedirect(loc)
			if err != nil {
				changed = loc + "&demoidptest_error=" + url.QueryEscape(err.Error())
			}
			rec.Header().Set("Location", changed)
		}
	} else if rec.Code == http.StatusOK {
		if changed, err := f.rewrite(r.URL.Path, body); err == nil {
			body = changed
		} else {
			body, rec.Code = []byte(`{"error":"server_error","error_description":"demoidptest: `+err.Error()+`"}`), http.StatusInternalServerError
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	w.Write(body)
}

// rewrite changes one member of a JSON answer.
func (f Faults) rewrite(path string, body []byte) ([]byte, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("answer is not a JSON object: %w", err)
	}
	switch path {
	case pathToken:
		if at, _ := m["access_token"].(string); at != "" && f.AccessClaims != nil {
			edited, err := f.resign(at, nil, f.AccessClaims, false)
			if err != nil {
				return nil, err
			}
			m["access_token"] = edited
		}
		id, _ := m["id_token"].(string)
		if id == "" || (f.IDHeader == nil && f.IDClaims == nil && !f.BadSignature) {
			if f.AccessClaims == nil {
				return body, nil
			}
			break
		}
		bad, err := f.idToken(id)
		if err != nil {
			return nil, err
		}
		m["id_token"] = bad
	case pathUserinfo:
		m["sub"] = f.UserinfoSub
	case pathDiscovery:
		if f.NoRegistration {
			delete(m, "registration_endpoint")
		}
		if f.DiscoveryIssuer != "" {
			m["issuer"] = f.DiscoveryIssuer
		}
		if f.TokenAuthMethods != nil {
			m["token_endpoint_auth_methods_supported"] = f.TokenAuthMethods
		}
		switch {
		case f.ScopesSupported == nil:
		case len(f.ScopesSupported) == 0:
			delete(m, "scopes_supported")
		default:
			m["scopes_supported"] = f.ScopesSupported
		}
	default:
		if strings.HasPrefix(path, pathResourceMetadata) {
			m["resource"] = f.ResourceMetadataResource
		}
	}
	return json.Marshal(m)
}

// idToken edits and signs again an ID token.
func (f Faults) idToken(raw string) (string, error) {
	return f.resign(raw, f.IDHeader, f.IDClaims, f.BadSignature)
}

// resign edits a token's header and claims and signs it again with Key
// (a broken signature when bad).
func (f Faults) resign(raw string, editHeader, editClaims func(map[string]any), bad bool) (string, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return "", fmt.Errorf("ID token has %d parts", len(parts))
	}
	header, claims := map[string]any{}, map[string]any{}
	for i, m := range []map[string]any{header, claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return "", fmt.Errorf("ID token part %d: %w", i, err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return "", fmt.Errorf("ID token part %d: %w", i, err)
		}
	}
	if editHeader != nil {
		editHeader(header)
	}
	if editClaims != nil {
		editClaims(claims)
	}
	hb, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	cb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := base64.RawURLEncoding.EncodeToString(hb) + "." + base64.RawURLEncoding.EncodeToString(cb)
	if header["alg"] == "none" {
		return input + ".", nil
	}
	if f.Key.Private == nil {
		return "", fmt.Errorf("Faults.Key is not set: cannot sign the edited ID token")
	}
	sig, err := jwt.SigningMethodRS256.Sign(input, f.Key.Private)
	if err != nil {
		return "", fmt.Errorf("signing the edited ID token: %w", err)
	}
	if bad {
		sig[len(sig)/2] ^= 0x01
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}
