package demoidp

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// dpopMaxAge is how far a proof's iat may be from the server's clock.
const dpopMaxAge = 60 * time.Second

// dpopAlgs are the proof algorithms accepted (RFC 9449 §5.1 metadata).
var dpopAlgs = []jose.SignatureAlgorithm{jose.ES256, jose.ES384, jose.ES512, jose.RS256, jose.PS256, jose.PS384, jose.PS512, jose.EdDSA}

// dpopNonces holds the current server nonce (RFC 9449 §8).
type dpopNonces struct {
	mu      sync.Mutex // guards current
	current string
}

// get returns the current nonce, making one on first use.
func (n *dpopNonces) get() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.current == "" {
		n.current = rand.Text()
	}
	return n.current
}

// dpopProofClaims are the claims read from a proof.
type dpopProofClaims struct {
	JTI   string `json:"jti"`
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	IAT   int64  `json:"iat"`
	ATH   string `json:"ath"`
	Nonce string `json:"nonce"`
}

// dpopError is an invalid_dpop_proof or use_dpop_nonce refusal.
func dpopError(code, desc string) *oauthError {
	return &oauthError{Code: code, Description: desc, status: http.StatusBadRequest}
}

// checkDPoP verifies the DPoP proof of r, if it has one (RFC 9449 §4.3):
// typ dpop+jwt, an asymmetric alg, the embedded public jwk's signature,
// htm and htu of this request, a fresh iat, a jti never seen, ath for
// accessToken (resource calls), and with Options.DPoPNonce the current
// nonce. It returns the key's thumbprint ("" without a proof).
func (s *Server) checkDPoP(r *http.Request, htu, accessToken string) (string, *oauthError) {
	proofs := r.Header.Values("DPoP")
	if len(proofs) == 0 {
		return "", nil
	}
	if len(proofs) > 1 {
		return "", dpopError("invalid_dpop_proof", "more than one DPoP header")
	}
	jws, err := jose.ParseSigned(proofs[0], dpopAlgs)
	if err != nil || len(jws.Signatures) != 1 {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof is not a JWS with an asymmetric algorithm")
	}
	h := jws.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's typ is not dpop+jwt")
	}
	if h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() || !h.JSONWebKey.Valid() {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof has no public jwk header")
	}
	payload, err := jws.Verify(h.JSONWebKey.Key)
	if err != nil {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's signature does not verify")
	}
	var c dpopProofClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's claims are not JSON")
	}
	now := s.now()
	iat := time.Unix(c.IAT, 0)
	switch {
	case c.JTI == "":
		return "", dpopError("invalid_dpop_proof", "the DPoP proof has no jti")
	case c.HTM != r.Method:
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's htm does not match the request method")
	case c.HTU != htu:
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's htu does not match the request URL")
	case iat.Before(now.Add(-dpopMaxAge)) || iat.After(now.Add(dpopMaxAge)):
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's iat is too far from the server's time")
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		if subtle.ConstantTimeCompare([]byte(c.ATH), []byte(b64(sum[:]))) != 1 {
			return "", dpopError("invalid_dpop_proof", "the DPoP proof's ath does not match the access token")
		}
	}
	if s.opts.DPoPNonce && c.Nonce != s.nonces.get() {
		return "", dpopError("use_dpop_nonce", "a DPoP nonce is required")
	}
	tp, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof's jwk has no thumbprint")
	}
	if !s.replay.first("dpop:"+c.JTI, now, now.Add(2*dpopMaxAge)) {
		return "", dpopError("invalid_dpop_proof", "the DPoP proof was already used (jti replay)")
	}
	return b64(tp), nil
}

// setDPoPNonce sends the current nonce when nonces are required.
func (s *Server) setDPoPNonce(w http.ResponseWriter) {
	if s.opts.DPoPNonce {
		w.Header().Set("DPoP-Nonce", s.nonces.get())
	}
}

// jktKey carries the DPoP key thumbprint of a token request in its context.
type jktKey struct{}

// withJKT returns r carrying jkt.
func withJKT(r *http.Request, jkt string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), jktKey{}, jkt))
}

// requestJKT is the DPoP key thumbprint of a token request ("" for bearer).
func requestJKT(r *http.Request) string {
	jkt, _ := r.Context().Value(jktKey{}).(string)
	return jkt
}

// dpopScheme reports whether an Authorization header uses the DPoP scheme.
func dpopScheme(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "DPoP") {
		return "", false
	}
	return strings.TrimSpace(token), true
}
