package check

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// PastedOptions say what InspectPasted does beyond decoding.
type PastedOptions struct {
	// Verify checks the signature with Source (or the token's own iss)
	// and adds the validation report.
	Verify bool
	Source KeySource
	// DecryptKey, when set, is the key file that opens a JWE; the nested
	// token is then decoded and, with Verify, verified.
	DecryptKey []byte
	// Expect is passed to Validate (Now, ClientID, Nonce…).
	Expect Expect
	// Client fetches metadata and JWKS; nil means http.DefaultClient.
	Client *http.Client
}

// PastedReport is a pasted token decoded, and verified or decrypted as
// asked: what `tokeninspector decode` prints and what the Decode view
// shows.
type PastedReport struct {
	Decoded jose.Decoded
	Now     time.Time
	// Result is the verification, nil unless asked.
	Result *PastedResult
	// Decryption is the opened JWE and DecryptErr why it could not be
	// opened; both zero unless a JWE and a key were given.
	Decryption *jose.Decryption
	DecryptErr error
	// Inner is the nested token of a decrypted JWE.
	Inner *PastedReport
}

// InspectPasted decodes raw and, as o asks, decrypts and verifies it.
func InspectPasted(ctx context.Context, raw string, o PastedOptions) PastedReport {
	if o.Expect.Now.IsZero() {
		o.Expect.Now = time.Now()
	}
	r := PastedReport{Decoded: jose.UnverifiedDecode(raw), Now: o.Expect.Now}
	if r.Decoded.IsJWE() && len(o.DecryptKey) > 0 {
		dec, err := jose.DecryptJWE(r.Decoded.Raw, o.DecryptKey)
		if err != nil {
			r.DecryptErr = err
		} else {
			r.Decryption = &dec
			if dec.Inner != nil {
				inner := InspectPasted(ctx, dec.Inner.Raw, PastedOptions{Verify: o.Verify, Source: o.Source, Expect: o.Expect, Client: o.Client})
				r.Inner = &inner
			}
		}
	}
	if o.Verify && !(r.Decoded.IsJWE() && r.Inner != nil) {
		res := VerifyPasted(ctx, o.Client, r.Decoded, o.Source, o.Expect)
		r.Result = &res
	}
	return r
}

// Failed reports whether a check failed or a JWE could not be decrypted,
// here or in the nested token.
func (r PastedReport) Failed() bool {
	switch {
	case r.DecryptErr != nil:
		return true
	case r.Result != nil && (r.Result.Report.Failed() || r.Result.Signature.Status != SigVerified):
		return true
	case r.Inner != nil:
		return r.Inner.Failed()
	}
	return false
}

// MarshalJSON prints the token as TokenReport does, with "signature" and
// "checks" when verified, where the keys came from, the JWE's decryption
// and the nested token ("inner"). Decrypted plaintext that is not a JWT is
// not printed: it may be a secret.
func (r PastedReport) MarshalJSON() ([]byte, error) {
	tr := TokenReport{Decoded: r.Decoded, Now: r.Now}
	if res := r.Result; res != nil {
		tr.Verification, tr.Checks = &res.Signature, &res.Report
		if res.JWKSURL != "" || res.MetadataURL != "" {
			tr.Extra = append(tr.Extra, auth.ResponseField{Name: "keys_from", Value: marshal(map[string]string{
				"issuer": res.Issuer, "metadata": res.MetadataURL, "jwks_uri": res.JWKSURL,
			})})
		}
	}
	if r.Decoded.IsJWE() {
		alg, enc, kid, cty := jose.JWEHeader(r.Decoded)
		jwe := map[string]any{"alg": alg, "enc": enc, "kid": kid, "cty": cty, "decrypted": r.Decryption != nil}
		switch {
		case r.DecryptErr != nil:
			jwe["error"] = r.DecryptErr.Error()
		case r.Decryption == nil:
			jwe["note"] = "encrypted: give the recipient's key (--decrypt-key FILE) to read it"
		case r.Decryption.Inner == nil:
			jwe["plaintext_bytes"] = len(r.Decryption.Plaintext)
		}
		tr.Extra = append(tr.Extra, auth.ResponseField{Name: "jwe", Value: marshal(jwe)})
	}
	if r.Inner != nil {
		b, err := json.Marshal(*r.Inner)
		if err != nil {
			return nil, err
		}
		tr.Extra = append(tr.Extra, auth.ResponseField{Name: "inner", Value: b})
	}
	return tr.MarshalJSON()
}
