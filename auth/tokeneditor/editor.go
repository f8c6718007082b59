// Package tokeneditor is the model of the window's Edit & sign mode: a
// token's claims and header as editable fields, a signing key (from a file
// or generated and kept in memory), and the signed result with its
// validation report against that key. It never imports a GUI toolkit.
package tokeneditor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/mint"
)

// Claim is one editable claim: Value is JSON (a number, true, an array,
// a quoted string…) or, when it is not valid JSON, a plain string.
type Claim struct {
	Name, Value string
}

// IsTime reports whether the claim holds a NumericDate (exp, nbf, iat,
// auth_time).
func (c Claim) IsTime() bool { return mint.IsTimeClaim(c.Name) }

// Editor holds the fields of Edit & sign. It is not safe for concurrent
// use: the window calls it from its UI goroutine.
type Editor struct {
	// Claims in order.
	Claims []Claim
	// Alg is the algorithm ("" is the key's; "none" unsigned), Kid the
	// header's kid ("" the key's) and Typ its typ ("" is JWT).
	Alg, Kid, Typ string

	key       *mint.Key
	keySource string // "generated in memory", or the file it came from
	saved     bool
}

// New makes an editor with a typical token's claims (iss, sub, aud, iat
// now, exp in 10 minutes) and no key.
func New(now time.Time) *Editor {
	return &Editor{Claims: []Claim{
		{"iss", `"https://issuer.example"`},
		{"sub", `"qa-user"`},
		{"aud", `"my-api"`},
		{"iat", strconv.FormatInt(now.Unix(), 10)},
		{"exp", strconv.FormatInt(now.Add(10*time.Minute).Unix(), 10)},
	}}
}

// LoadToken takes the claims, typ and alg of a signed token (the key is
// kept). It fails on anything but a readable JWS.
func (e *Editor) LoadToken(raw string) error {
	p, err := mint.Split(raw)
	if err != nil {
		return err
	}
	e.Claims = e.Claims[:0]
	for _, f := range p.Claims {
		e.Claims = append(e.Claims, Claim{Name: f.Name, Value: string(f.Raw)})
	}
	var alg, typ string
	if raw, ok := p.Header.Get("alg"); ok {
		_ = json.Unmarshal(raw, &alg)
	}
	if raw, ok := p.Header.Get("typ"); ok {
		_ = json.Unmarshal(raw, &typ)
	}
	e.Typ = typ
	if alg != "" && alg != "none" {
		e.Alg = alg
	}
	return nil
}

// GenerateKey makes a key for alg ("" is the editor's Alg, else ES256),
// kept in memory until SaveKey.
func (e *Editor) GenerateKey(alg string) error {
	if alg == "" {
		alg = e.Alg
	}
	if alg == "" || alg == "none" {
		alg = "ES256"
	}
	k, err := mint.Generate(alg, "")
	if err != nil {
		return err
	}
	e.key, e.keySource, e.saved = k, "generated in memory, not saved", false
	e.Alg = alg
	return nil
}

// LoadKeyFile reads a private key (or oct JWK) file; the editor's Alg
// becomes the key's.
func (e *Editor) LoadKeyFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	k, err := mint.ParseKey(b, "")
	if err != nil {
		return fmt.Errorf("key file %s: %w", path, err)
	}
	e.key, e.keySource, e.saved = k, "from "+path, true
	e.Alg = k.Alg
	return nil
}

// SaveKey writes the key as a private JWK to path (mode 0600).
func (e *Editor) SaveKey(path string) error {
	if e.key == nil {
		return errors.New("no key to save: generate one or open a key file")
	}
	b, err := e.key.PrivateJWK()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("save key: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("save key: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("save key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save key: %w", err)
	}
	e.keySource, e.saved = "saved to "+path, true
	return nil
}

// PublicJWKS is the key's public JWK Set, to give to the API under test.
func (e *Editor) PublicJWKS() ([]byte, error) {
	if e.key == nil {
		return nil, errors.New("no key")
	}
	return e.key.PublicJWKS()
}

// HasKey reports whether a key is loaded or generated.
func (e *Editor) HasKey() bool { return e.key != nil }

// KeyDescription says which key signs, without any of its secret.
func (e *Editor) KeyDescription() string {
	if e.key == nil {
		return "No key: generate one or open a key file."
	}
	return e.key.Describe() + " — " + e.keySource
}

// Forget drops the key (a generated one is gone unless saved).
func (e *Editor) Forget() { e.key, e.keySource = nil, "" }

// SetTime sets a time claim to now plus by (by 0 is now).
func (e *Editor) SetTime(i int, now time.Time, by time.Duration) {
	if i >= 0 && i < len(e.Claims) {
		e.Claims[i].Value = strconv.FormatInt(now.Add(by).Unix(), 10)
	}
}

// ShiftTime moves a time claim by d from its current value (from now when
// it holds no number).
func (e *Editor) ShiftTime(i int, now time.Time, d time.Duration) {
	if i < 0 || i >= len(e.Claims) {
		return
	}
	n, err := strconv.ParseInt(strings.TrimSpace(e.Claims[i].Value), 10, 64)
	if err != nil {
		n = now.Unix()
	}
	e.Claims[i].Value = strconv.FormatInt(n+int64(d/time.Second), 10)
}

// ClaimsObject is the claims as a JSON object in order.
func (e *Editor) ClaimsObject() (mint.Object, error) {
	var o mint.Object
	for _, c := range e.Claims {
		name := strings.TrimSpace(c.Name)
		if name == "" {
			continue
		}
		if _, dup := o.Get(name); dup {
			return nil, fmt.Errorf("claim %q appears twice", name)
		}
		v := strings.TrimSpace(c.Value)
		if json.Valid([]byte(v)) && v != "" {
			o.Set(name, json.RawMessage(v))
		} else {
			o.SetValue(name, c.Value)
		}
	}
	return o, nil
}

// Result is the signed token and what a verifier says of it.
type Result struct {
	// Token is the compact JWS ("" when Err is set).
	Token string
	// Err says why nothing could be signed.
	Err error
	// Check is the verification against the editor's key and the
	// validation report (nil without a key or token).
	Check *check.PastedResult
}

// Sign signs the claims with the key and verifies the result with the
// key's public half, as decode --verify --key would.
func (e *Editor) Sign(now time.Time) Result {
	claims, err := e.ClaimsObject()
	if err != nil {
		return Result{Err: err}
	}
	if e.key == nil && e.Alg != "none" {
		return Result{Err: errors.New("no key: generate one or open a key file")}
	}
	o := mint.Options{Alg: e.Alg, Kid: e.Kid, Typ: e.Typ}
	if e.key != nil && e.Alg == e.key.Alg {
		o.Alg = ""
	}
	key := e.key
	if e.Alg == "none" {
		key = nil
	}
	tok, err := mint.Sign(claims, key, o)
	if err != nil {
		return Result{Err: err}
	}
	r := e.Verify(tok, now)
	return Result{Token: tok, Check: r}
}

// Verify checks tok with the editor's key (nil without a key). Only the
// key is used: nothing is fetched.
func (e *Editor) Verify(tok string, now time.Time) *check.PastedResult {
	return e.verify(tok, check.Expect{Now: now})
}

func (e *Editor) verify(tok string, want check.Expect) *check.PastedResult {
	if e.key == nil {
		return nil
	}
	var src check.KeySource
	if e.key.IsSecret() {
		src.Secret = e.key.Private.([]byte)
	} else {
		jwks, err := e.key.PublicJWKS()
		if err != nil {
			return nil
		}
		src.Key, src.KeyName = jwks, "the editor's key"
	}
	r := check.VerifyPasted(context.Background(), nil, jose.UnverifiedDecode(tok), src, want)
	return &r
}

// Attacked is an attack token made from the token on screen.
type Attacked struct {
	mint.Attack
	Token string
	// Verified is its verification with the editor's key, expecting what the
	// original token says (its iss and first aud, ID token rules): the
	// check the preset targets fails. Nil without a key.
	Verified *check.PastedResult
}

// Attack makes preset name from tok with the editor's key.
func (e *Editor) Attack(name, tok string, now time.Time) (Attacked, error) {
	a, ok := mint.FindAttack(name)
	if !ok {
		return Attacked{}, fmt.Errorf("unknown attack %q", name)
	}
	out, err := mint.MakeAttack(name, mint.AttackInput{Token: tok, Key: e.key, Now: now})
	if err != nil {
		return Attacked{Attack: a}, err
	}
	base := jose.UnverifiedDecode(tok)
	want := check.Expect{Kind: check.KindID, Issuer: base.Issuer, Now: now}
	if len(base.Audience) > 0 {
		want.ClientID = base.Audience[0]
	}
	return Attacked{Attack: a, Token: out, Verified: e.verify(out, want)}, nil
}

// KeyFits reports whether the key (if any) can sign with alg; alg none
// needs no key.
func (e *Editor) KeyFits(alg string) bool {
	return alg == "none" || (e.key != nil && e.key.CanSign(alg) == nil)
}

// KeyGenerated reports whether the key was generated here and not saved.
func (e *Editor) KeyGenerated() bool { return e.key != nil && !e.saved }
