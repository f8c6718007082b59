package oidc

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// grantAssertionLifetime is how long an assertion this app signs for the
// JWT bearer grant is valid.
const grantAssertionLifetime = 5 * time.Minute

// AssertionKey is the key a JWT bearer grant's assertion is signed with,
// and what its file says of the claims: a Google service account key file
// names the issuer (client_email) and the audience (token_uri).
type AssertionKey struct {
	*ClientKey
	Issuer, Audience string
}

// serviceAccountKey is the part of a Google service account JSON key file
// the grant uses.
type serviceAccountKey struct {
	Type         string `json:"type"`
	PrivateKey   string `json:"private_key"`
	PrivateKeyID string `json:"private_key_id"`
	ClientEmail  string `json:"client_email"`
	TokenURI     string `json:"token_uri"`
}

// LoadAssertionKey reads the JWT bearer grant's key: a PEM or JWK private
// key (kid from the JWK, else its RFC 7638 thumbprint), or a Google
// service account key file (kid its private_key_id).
func LoadAssertionKey(path string) (*AssertionKey, error) {
	if path == "" {
		return nil, errors.New("no assertion key file given (--assertion-key)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("assertion key: %w", err)
	}
	var sa serviceAccountKey
	if json.Unmarshal(b, &sa) == nil && sa.Type == "service_account" {
		if sa.PrivateKey == "" || sa.ClientEmail == "" {
			return nil, fmt.Errorf("assertion key %s: the service account file has no private_key or client_email", path)
		}
		ck, err := parseClientKey([]byte(sa.PrivateKey))
		if err != nil {
			return nil, fmt.Errorf("assertion key %s (service account): %w", path, err)
		}
		if sa.PrivateKeyID != "" {
			ck.KeyID = sa.PrivateKeyID
		}
		return &AssertionKey{ClientKey: ck, Issuer: sa.ClientEmail, Audience: sa.TokenURI}, nil
	}
	ck, err := parseClientKey(b)
	if err != nil {
		return nil, fmt.Errorf("assertion key %s: %w", path, err)
	}
	return &AssertionKey{ClientKey: ck}, nil
}

// GrantAssertion signs the assertion of the profile's JWT bearer grant
// (RFC 7523 §3): iss the configured issuer (else the key file's, else the
// client id), sub the configured subject (else iss), aud the configured
// audience (else the token endpoint), a fresh jti, iat now, exp in five
// minutes, then the extra claims of jwt_bearer_claims.
func (pr *Provider) GrantAssertion() (string, error) {
	p := pr.profile
	if p.Assertion != "" {
		return p.Assertion, nil
	}
	key, err := LoadAssertionKey(p.AssertionKey)
	if err != nil {
		return "", err
	}
	iss := cmp.Or(p.AssertionIssuer, key.Issuer, p.ClientID)
	if iss == "" {
		return "", errors.New("the assertion needs an issuer: --assertion-issuer (or a client id)")
	}
	now := pr.env.Now()
	claims := map[string]any{
		"iss": iss,
		"sub": cmp.Or(p.AssertionSubject, iss),
		"aud": cmp.Or(p.AssertionAud, pr.endpoints.TokenURL),
		"jti": jose.RandomString(16),
		"iat": now.Unix(),
		"exp": now.Add(grantAssertionLifetime).Unix(),
	}
	if extra := strings.TrimSpace(p.AssertionClaims); extra != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte(extra), &m); err != nil {
			return "", fmt.Errorf("the assertion claims are not a JSON object: %w", err)
		}
		for k, v := range m {
			claims[k] = v
		}
	}
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signer, err := key.signer()
	if err != nil {
		return "", fmt.Errorf("assertion key: %w", err)
	}
	jws, err := signer.Sign(body)
	if err != nil {
		return "", fmt.Errorf("signing the assertion: %w", err)
	}
	return jws.CompactSerialize()
}

// JWTBearer runs the JWT bearer grant (RFC 7523 §2.1): the assertion
// (GrantAssertion) is traded for tokens; the token set carries it decoded.
func (pr *Provider) JWTBearer(ctx context.Context, scopes []string) (*auth.TokenSet, error) {
	const op = "jwt bearer"
	assertion, err := pr.GrantAssertion()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	form := url.Values{"grant_type": {auth.JWTBearerGrantType}, "assertion": {assertion}}
	if s := orDefault(scopes, pr.profile.Scopes); len(s) > 0 {
		form.Set("scope", strings.Join(s, " "))
	}
	for _, r := range pr.profile.Resources {
		form.Add("resource", r)
	}
	pr.addAuthorizationDetails(form)
	key, err := pr.sessionKey(op)
	if err != nil {
		return nil, err
	}
	d := jose.UnverifiedDecode(assertion)
	ts, err := pr.token(ctx, TokenRequest{Op: op, Form: form}, key)
	if ts != nil {
		ts.GrantAssertion = &d
	}
	if re, ok := errors.AsType[*auth.RefusedAnswerError](err); ok && re.Set != nil {
		re.Set.GrantAssertion = &d
	}
	return ts, err
}
