package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// savedVersion is the version of the SavedTokenSet format written now.
const savedVersion = 1

// SavedTokenSet is a token set as it is kept in the OS keyring: the tokens
// and what the response said about them, and the response itself, so a
// restored session shows what the live one showed. It holds secrets:
// never write it anywhere but a SecretStore.
type SavedTokenSet struct {
	Version      int       `json:"v"`
	AccessToken  string    `json:"access_token,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	IDToken      string    `json:"id_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	ExpiresIn    int64     `json:"expires_in,omitempty"`
	Scope        string    `json:"scope,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
	Raw          []byte    `json:"raw,omitempty"`
	// DPoPKey is the private JWK of DPoP-bound tokens (RFC 9449): a bound
	// refresh token is useless without it, so it is kept alongside.
	DPoPKey         json.RawMessage `json:"dpop_key,omitempty"`
	IssuedTokenType string          `json:"issued_token_type,omitempty"`
	// CertThumbprint is the x5t#S256 of the TLS client certificate the
	// tokens were requested with (RFC 8705 §3).
	CertThumbprint string `json:"x5t#S256,omitempty"`
}

// Save returns the keyring form of t, encoded.
func (t *TokenSet) Save() ([]byte, error) {
	s := SavedTokenSet{
		Version: savedVersion, AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, IDToken: t.IDToken,
		TokenType: t.TokenType, ExpiresIn: t.ExpiresIn, Scope: t.Scope, ReceivedAt: t.ReceivedAt, Raw: t.Raw,
		IssuedTokenType: t.IssuedTokenType, CertThumbprint: t.CertThumbprint,
	}
	if t.DPoP != nil {
		jwk, err := t.DPoP.PrivateJWK()
		if err != nil {
			return nil, fmt.Errorf("saving the DPoP key: %w", err)
		}
		s.DPoPKey = jwk
	}
	return json.Marshal(s)
}

// ErrNotSaved says a keyring entry is not a token set Token Inspector
// wrote: another program's entry, or damaged.
var ErrNotSaved = errors.New("not a token set saved by Token Inspector")

// LoadTokenSet decodes a token set saved by TokenSet.Save. Anything else —
// garbage, another app's format, a newer version — is ErrNotSaved, and
// never a panic; the error does not quote the entry.
func LoadTokenSet(data []byte) (*TokenSet, error) {
	var s SavedTokenSet
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%w (%d bytes that are not our JSON)", ErrNotSaved, len(data))
	}
	switch {
	case s.Version != savedVersion:
		return nil, fmt.Errorf("%w (format version %d; this version reads %d)", ErrNotSaved, s.Version, savedVersion)
	case s.AccessToken == "" && s.RefreshToken == "":
		return nil, fmt.Errorf("%w (it holds no token)", ErrNotSaved)
	}
	ts := &TokenSet{
		AccessToken: s.AccessToken, RefreshToken: s.RefreshToken, IDToken: s.IDToken,
		TokenType: s.TokenType, ExpiresIn: s.ExpiresIn, Scope: s.Scope, ReceivedAt: s.ReceivedAt,
		Raw: s.Raw, Fields: ResponseFields(s.Raw), IssuedTokenType: s.IssuedTokenType,
		CertThumbprint: s.CertThumbprint,
	}
	if len(s.DPoPKey) > 0 {
		key, err := jose.LoadDPoPKey(s.DPoPKey)
		if err != nil {
			return nil, fmt.Errorf("%w (its DPoP key is unreadable)", ErrNotSaved)
		}
		ts.DPoP = key
	}
	if ts.AccessToken != "" {
		ts.Access = jose.UnverifiedDecode(ts.AccessToken)
	}
	if ts.RefreshToken != "" {
		ts.Refresh = jose.UnverifiedDecode(ts.RefreshToken)
	}
	if ts.IDToken != "" {
		ts.ID = jose.UnverifiedDecode(ts.IDToken)
	}
	return ts, nil
}

// ValidFor reports whether the access token is still valid at now + d. A
// token whose expiry is unknown counts as valid (the provider did not say).
func (t *TokenSet) ValidFor(now time.Time, d time.Duration) bool {
	if t.AccessToken == "" {
		return false
	}
	exp, ok := t.Expiry()
	return !ok || exp.After(now.Add(d))
}
