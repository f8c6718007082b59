package tokeneditor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/mint"
)

func TestEditorSignEditAttack(t *testing.T) {
	now := time.Now()
	e := New(now)
	if r := e.Sign(now); r.Err == nil {
		t.Fatal("signed without a key")
	}
	if err := e.GenerateKey("EdDSA"); err != nil {
		t.Fatal(err)
	}
	r := e.Sign(now)
	if r.Err != nil || r.Check == nil || r.Check.Signature.Status != check.SigVerified || r.Check.Report.Failed() {
		t.Fatalf("sign: %+v", r)
	}
	// exp an hour ago: the report says expired.
	for i, c := range e.Claims {
		if c.Name == "exp" {
			e.SetTime(i, now, -time.Hour)
		}
	}
	e.Claims = append(e.Claims, Claim{"role", "admin"}, Claim{"n", "42"})
	r = e.Sign(now)
	if c, _ := r.Check.Report.Check("exp"); c.Status != check.CheckFail {
		t.Fatalf("exp: %+v", c)
	}
	p, _ := mint.Split(r.Token)
	if got := string(p.Claims.Bytes()); !strings.HasSuffix(got, `"role":"admin","n":42}`) {
		t.Fatalf("claims %s", got)
	}
	// The key saved is 0600 and reads back; a token loads back.
	path := filepath.Join(t.TempDir(), "k.jwk")
	if err := e.SaveKey(path); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	f := New(now)
	if err := f.LoadKeyFile(path); err != nil || f.Alg != "EdDSA" {
		t.Fatalf("load key: %v %s", err, f.Alg)
	}
	if err := f.LoadToken(r.Token); err != nil || len(f.Claims) != 7 {
		t.Fatalf("load token: %v %v", err, f.Claims)
	}
	// Attacks from a valid token fail their check.
	e.Claims = New(now).Claims
	good := e.Sign(now).Token
	for _, name := range []string{"expired", "wrong-aud", "alg-none", "unknown-kid"} {
		a, err := e.Attack(name, good, now)
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := a.Verified.Report.Check(a.Verified.Report.Checks[0].Name); !ok || !a.Verified.Report.Failed() {
			t.Fatalf("%s passes: %+v", name, c)
		}
		if c, _ := a.Verified.Report.Check(a.Attack.Check); c.Status != check.CheckFail {
			t.Fatalf("%s: %s is %s", name, a.Attack.Check, c.Status)
		}
	}
}
