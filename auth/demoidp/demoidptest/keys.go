package demoidptest

import (
	"crypto"
	"fmt"
	"sync"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// Keys is a [demoidp.KeySource] whose signing key tests can rotate. Pass it
// as demoidp.Options.Keys. It is safe for concurrent use.
type Keys struct {
	bits int

	mu   sync.Mutex           // guards keys
	keys []demoidp.SigningKey // oldest first; never empty; append-only
}

// NewKeys returns a key source holding one fresh RSA key of the given size
// (1024 keeps tests fast).
func NewKeys(bits int) (*Keys, error) {
	k, err := demoidp.NewSigningKey(bits)
	if err != nil {
		return nil, err
	}
	return &Keys{bits: bits, keys: []demoidp.SigningKey{k}}, nil
}

// SigningKeys implements demoidp.KeySource. The slice is never modified
// after it is returned: Rotate only appends.
func (k *Keys) SigningKeys() []demoidp.SigningKey {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[:len(k.keys):len(k.keys)]
}

// Rotate generates a new signing key with a new kid and returns it. Tokens
// issued afterwards are signed with it; the previous keys keep verifying
// and stay in the JWKS, which lists the new key first.
func (k *Keys) Rotate() (demoidp.SigningKey, error) {
	nk, err := demoidp.NewSigningKey(k.bits) // slow: outside the lock
	if err != nil {
		return demoidp.SigningKey{}, fmt.Errorf("demoidptest: rotate key: %w", err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = append(k.keys, nk)
	return nk, nil
}

// Current returns the key that signs new tokens.
func (k *Keys) Current() demoidp.SigningKey {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[len(k.keys)-1]
}

// KeyID returns the kid of the current signing key.
func (k *Keys) KeyID() string { return k.Current().ID }

// PublicKey returns the public half of the current signing key.
func (k *Keys) PublicKey() crypto.PublicKey { return k.Current().Private.Public() }
