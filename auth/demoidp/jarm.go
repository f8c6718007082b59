package demoidp

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gojose "github.com/go-jose/go-jose/v4"
)

// JWT-secured authorization response modes (JARM, OpenID Financial-grade
// API JARM §4.3). jwt means query.jwt for response_type=code; fragment.jwt
// is not offered, since a loopback listener cannot read a fragment.
const (
	responseModeJWT         = "jwt"
	responseModeQueryJWT    = "query.jwt"
	responseModeFormPostJWT = "form_post.jwt"
)

// jarmLifetime is how long a response JWT is valid (JARM §4.1: short).
const jarmLifetime = 10 * time.Minute

// JARM encryption algorithms a client can register
// (authorization_encrypted_response_alg, JARM §3).
var (
	jarmEncryptionAlgs = []string{string(gojose.RSA_OAEP_256), string(gojose.ECDH_ES)}
	jarmEncryptionEncs = []string{string(gojose.A128CBC_HS256), string(gojose.A256GCM)}
)

// isJARM reports whether mode asks for a JWT-secured response.
func isJARM(mode string) bool { return strings.HasSuffix(mode, "jwt") }

// jarmClaims are the claims of a response JWT (JARM §4.1), in this order:
// the issuer, the client as audience, the expiry, and the authorization
// response's own parameters.
type jarmClaims struct {
	Iss              string `json:"iss"`
	Aud              string `json:"aud"`
	Exp              int64  `json:"exp"`
	Iat              int64  `json:"iat"`
	Code             string `json:"code,omitempty"`
	State            string `json:"state,omitempty"`
	Error            string `json:"error,omitempty"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// jarmResponse signs the authorization response params as a response JWT
// for client clientID, and encrypts it to the client's key when the client
// registered authorization_encrypted_response_alg (a nested JWT, JARM §4.2).
func (s *Server) jarmResponse(issuer, clientID, state string, params url.Values) (string, error) {
	now := s.now()
	jws, err := s.keys.sign(jarmClaims{
		Iss: issuer, Aud: clientID, Exp: now.Add(jarmLifetime).Unix(), Iat: now.Unix(),
		Code: params.Get("code"), State: state, Error: params.Get("error"), ErrorDescription: params.Get("error_description"),
	})
	if err != nil {
		return "", fmt.Errorf("response JWT: %w", err)
	}
	c, ok := s.client(clientID)
	if !ok || c.AuthorizationEncryptedResponseAlg == "" {
		return jws, nil
	}
	return encryptToClient(jws, c)
}

// encryptToClient encrypts the signed response to the client's first
// public key of the kind its registered algorithm needs.
func encryptToClient(jws string, c Client) (string, error) {
	alg := gojose.KeyAlgorithm(c.AuthorizationEncryptedResponseAlg)
	enc := gojose.ContentEncryption(c.AuthorizationEncryptedResponseEnc)
	if enc == "" {
		enc = gojose.A128CBC_HS256
	}
	var key any
	for _, k := range c.PublicKeys {
		switch k.(type) {
		case *rsa.PublicKey:
			if alg == gojose.RSA_OAEP_256 {
				key = k
			}
		case *ecdsa.PublicKey:
			if alg == gojose.ECDH_ES {
				key = k
			}
		}
		if key != nil {
			break
		}
	}
	if key == nil {
		return "", fmt.Errorf("response JWT: the client has no public key for %s", alg)
	}
	e, err := gojose.NewEncrypter(enc, gojose.Recipient{Algorithm: alg, Key: key}, (&gojose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		return "", fmt.Errorf("response JWT: %w", err)
	}
	obj, err := e.Encrypt([]byte(jws))
	if err != nil {
		return "", fmt.Errorf("response JWT: encrypting: %w", err)
	}
	return obj.CompactSerialize()
}

// redirectWith sends the authorization response to redirectURI: params,
// state (if any) and the RFC 9207 iss parameter in its query, or with
// response mode form_post through an auto-submitting form; with a JARM
// mode, all of them inside one response JWT for clientID.
func (s *Server) redirectWith(w http.ResponseWriter, r *http.Request, mode, redirectURI, issuer, state string, params url.Values, clientID string) {
	if !isJARM(mode) {
		redirectWith(w, r, mode, redirectURI, issuer, state, params)
		return
	}
	jwt, err := s.jarmResponse(issuer, clientID, state, params)
	if err != nil {
		s.opts.Logf("demoidp: authorize: %v", err)
		s.errorPage(w, http.StatusInternalServerError, "Server error", "The response could not be signed.")
		return
	}
	resp := url.Values{"response": {jwt}}
	if mode == responseModeFormPostJWT {
		writeFormPost(w, redirectURI, resp)
		return
	}
	u, err := url.Parse(redirectURI)
	if err != nil { // validated earlier; cannot happen
		http.Error(w, "invalid redirect_uri", http.StatusBadRequest)
		return
	}
	q := u.Query()
	q.Set("response", jwt)
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, u.String(), http.StatusFound)
}
