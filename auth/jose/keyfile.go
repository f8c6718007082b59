package jose

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"

	gojose "github.com/go-jose/go-jose/v4"
)

// ParseKeys reads the keys of a key file: PEM blocks (public keys, X.509
// certificates, PKCS #1, PKCS #8 and SEC 1 private keys), a JWK or a JWK
// Set. Parsing is go-jose's and crypto/x509's; this only tells the formats
// apart. The error never quotes the file: it may hold a private key.
func ParseKeys(b []byte) ([]gojose.JSONWebKey, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, errors.New("the key file is empty")
	}
	if b[0] == '{' {
		return parseJWKJSON(b)
	}
	var keys []gojose.JSONWebKey
	rest := b
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		k, err := parsePEMBlock(block)
		if err != nil {
			return nil, fmt.Errorf("PEM block %q: %w", block.Type, err)
		}
		if k != nil {
			keys = append(keys, gojose.JSONWebKey{Key: k})
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("no key found: want PEM (public key, certificate or private key), a JWK or a JWK Set")
	}
	return keys, nil
}

func parseJWKJSON(b []byte) ([]gojose.JSONWebKey, error) {
	var probe struct {
		Keys json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("not a JWK or JWK Set: %w", err)
	}
	if probe.Keys != nil {
		var set gojose.JSONWebKeySet
		if err := json.Unmarshal(b, &set); err != nil {
			return nil, fmt.Errorf("JWK Set: %w", err)
		}
		if len(set.Keys) == 0 {
			return nil, errors.New("the JWK Set has no keys")
		}
		return set.Keys, nil
	}
	var k gojose.JSONWebKey
	if err := k.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("JWK: %w", err)
	}
	return []gojose.JSONWebKey{k}, nil
}

// parsePEMBlock returns the key of one PEM block, or nil for blocks that
// hold none (such as EC PARAMETERS).
func parsePEMBlock(block *pem.Block) (any, error) {
	switch block.Type {
	case "PUBLIC KEY":
		return x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		return x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		return c.PublicKey, nil
	case "PRIVATE KEY":
		return x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		return x509.ParseECPrivateKey(block.Bytes)
	}
	return nil, nil
}
