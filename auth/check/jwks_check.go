package check

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/MicahParks/jwkset"
)

// Limits on a fetched JWKS. Real providers publish a handful of keys in a
// few KiB; these bound what a hostile one can make the app hold.
const (
	// maxJWKSBytes is the largest JWKS document read.
	maxJWKSBytes = 8 << 20
	// maxJWKSKeys is how many keys of a JWKS are used; later ones are ignored.
	maxJWKSKeys = 100
	// minRSABits is the smallest RSA modulus not flagged weak (RFC 7518 §3.3).
	minRSABits = 2048
)

// JWKSReport is what the checks of the last fetched JWKS found.
type JWKSReport struct {
	// Keys is how many keys the document holds; Used how many of them can
	// verify tokens.
	Keys, Used int
	// Problems are one sentence each: ignored keys and why, duplicate kids,
	// weak keys, the key-count cap.
	Problems []string
	// Weak maps the kid of each key kept but too weak to trust to why.
	Weak map[string]string
}

// checkJWKS reads a JWKS document and returns a clean one for jwkset to
// load (the keys that can verify, the first of each kid, at most
// maxJWKSKeys) with what was wrong in the report. One bad key no longer
// makes the whole set unusable: jwkset fails a whole set on, say, a single
// key whose x5c does not match, and skips unknown key types silently. The
// error is for a document that is not a JWKS at all.
func checkJWKS(body []byte) ([]byte, JWKSReport, error) {
	var doc struct {
		Keys *[]json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, JWKSReport{}, fmt.Errorf("not a JSON JWKS: %w", err)
	}
	if doc.Keys == nil {
		return nil, JWKSReport{}, errors.New(`not a JWKS: no "keys" member`)
	}
	raw := *doc.Keys
	rep := JWKSReport{Keys: len(raw), Weak: map[string]string{}}
	if len(raw) > maxJWKSKeys {
		rep.Problems = append(rep.Problems, fmt.Sprintf("the JWKS has %d keys: only the first %d are used", len(raw), maxJWKSKeys))
		raw = raw[:maxJWKSKeys]
	}
	seen := map[string]int{} // kid → times seen
	var kept []json.RawMessage
	for i, r := range raw {
		name := "key " + strconv.Itoa(i+1)
		var m jwkset.JWKMarshal
		if err := json.Unmarshal(r, &m); err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s is not a JWK: ignored (%v)", name, err))
			continue
		}
		if m.KID != "" {
			name += fmt.Sprintf(" (kid %q)", m.KID)
		}
		j, err := jwkset.NewJWKFromMarshal(m, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
		switch {
		case errors.Is(err, jwkset.ErrX509Mismatch):
			rep.Problems = append(rep.Problems, name+": its x5c certificate does not match the key: ignored")
			continue
		case errors.Is(err, jwkset.ErrUnsupportedKey) || m.KTY == "" || !knownKty(m.KTY):
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s: unknown or unsupported key type (kty %q): ignored", name, m.KTY))
			continue
		case err != nil:
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s: unusable: ignored (%v)", name, err))
			continue
		}
		seen[m.KID]++
		if m.KID != "" && seen[m.KID] > 1 {
			if seen[m.KID] == 2 {
				rep.Problems = append(rep.Problems, fmt.Sprintf("kid %q appears more than once: only the first such key is used", m.KID))
			}
			continue
		}
		if pub, ok := j.Key().(*rsa.PublicKey); ok && pub.N.BitLen() < minRSABits {
			why := fmt.Sprintf("%d-bit RSA key: weak (under %d bits)", pub.N.BitLen(), minRSABits)
			rep.Problems = append(rep.Problems, name+": "+why)
			rep.Weak[m.KID] = why
		}
		kept = append(kept, r)
	}
	rep.Used = len(kept)
	clean, err := json.Marshal(struct {
		Keys []json.RawMessage `json:"keys"`
	}{append([]json.RawMessage{}, kept...)})
	if err != nil {
		return nil, rep, fmt.Errorf("re-encoding the JWKS: %w", err)
	}
	return clean, rep, nil
}

// knownKty reports whether kty is a key type of RFC 7518 §6.1 or RFC 8037.
func knownKty(kty jwkset.KTY) bool {
	switch kty {
	case jwkset.KtyRSA, jwkset.KtyEC, jwkset.KtyOKP, jwkset.KtyOct:
		return true
	}
	return false
}

// jwksFilter is the transport of the client the Verifier hands to jwkset:
// each JWKS answer is read (at most maxJWKSBytes), checked by checkJWKS and
// replaced by its clean form, and the report kept by save. jwkset's own
// fetch reads any size and fails a whole set on one bad key; filtering
// its answers keeps its refetch-on-unknown-kid logic.
type jwksFilter struct {
	base http.RoundTripper
	save func(JWKSReport)
}

// RoundTrip implements http.RoundTripper.
func (f jwksFilter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := f.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := discovery.ReadDoc(resp.Body, maxJWKSBytes)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the JWKS: %w", err)
	}
	clean, rep, err := checkJWKS(body)
	if err != nil {
		return nil, err
	}
	f.save(rep)
	resp.Body = io.NopCloser(bytes.NewReader(clean))
	resp.ContentLength = int64(len(clean))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// jwksClient returns a copy of client whose answers go through jwksFilter.
func jwksClient(client *http.Client, save func(JWKSReport)) *http.Client {
	c := *client
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = jwksFilter{base: base, save: save}
	return &c
}

// saveReport keeps the checks of the JWKS just fetched.
func (v *Verifier) saveReport(rep JWKSReport) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.report = &rep
}

// JWKSReport returns the checks of the last JWKS fetched; ok is false
// before the first fetch.
func (v *Verifier) JWKSReport() (rep JWKSReport, ok bool) {
	if v == nil {
		return JWKSReport{}, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.report == nil {
		return JWKSReport{}, false
	}
	return *v.report, true
}

// annotate adds to a verification what the JWKS checks say about it: a
// weak key even when the signature is good, and the JWKS's problems when
// the token could not be checked with a key of it.
func (v *Verifier) annotate(res Verification, d jose.Decoded) Verification {
	rep, ok := v.JWKSReport()
	if !ok {
		return res
	}
	if why, weak := rep.Weak[d.Kid]; weak && res.Status == SigVerified {
		res.Detail += "; but the key is a " + why
	}
	if res.Status != SigVerified && len(rep.Problems) > 0 {
		res.Detail += fmt.Sprintf(" (the JWKS had problems: %s)", joinProblems(rep.Problems))
	}
	return res
}

// joinProblems lists up to five problems, then how many more there are.
func joinProblems(ps []string) string {
	const show = 5
	if len(ps) <= show {
		return strings.Join(ps, "; ")
	}
	return strings.Join(ps[:show], "; ") + fmt.Sprintf("; and %d more", len(ps)-show)
}
