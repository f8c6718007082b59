package workspace

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

// A PKCS#12 password typed into the profile form goes to the keyring with
// Remember (never the config file), comes back from it at the next start
// (without it the certificate cannot be opened), and Forget deletes it.
func TestTypedPKCS12PasswordIsStoredAndRestored(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	// ten days short of expiry at the workspace's clock (the demo's mTLS
	// listener asks for a certificate without checking its dates)
	c := testenv.SelfSignedCert(t, "p12-client", h.clock.Now().Add(-time.Hour), h.clock.Now().Add(10*24*time.Hour))
	der, err := pkcs12.Modern.Encode(c.Key, c.Cert, nil, "p12-pass-phrase")
	if err != nil {
		t.Fatal(err)
	}
	p12 := filepath.Join(t.TempDir(), "client.p12")
	if err := os.WriteFile(p12, der, 0o600); err != nil {
		t.Fatal(err)
	}
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "p12", false
	p.TLSCert, p.TLSPassword, p.TLSPasswordSource = p12, "p12-pass-phrase", auth.SecretTyped
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.ws.SetRemember("p12", true)
	s := h.login("p12")
	if !s.LastOp.OK() {
		t.Fatalf("login with the PKCS#12 certificate: %+v", s.LastOp)
	}
	// expiring soon: the window says so beside the provider's notes, not
	// only in the profile form
	if !slices.ContainsFunc(s.ProviderNotes, func(n string) bool {
		return strings.HasPrefix(n, "the client certificate expires in ") && strings.Contains(n, " days, on ")
	}) {
		t.Errorf("provider notes %q; want the certificate's expiry warning", s.ProviderNotes)
	}
	if got, _ := store.Get("p12", keyring.SecretTLSPassword); got != "p12-pass-phrase" {
		t.Fatal("the typed PKCS#12 password is not in the keyring")
	}
	checkNotInFile(t, h.cfg.Path(), "p12-pass-phrase")
	ws := h.reopen(store)
	ws.Wait()
	s, _ = ws.Snapshot("p12")
	if s.Profile.TLSPassword != "p12-pass-phrase" || s.Profile.TLSPasswordSource != auth.SecretFromKeyring {
		t.Fatalf("restored password source %q", s.Profile.TLSPasswordSource)
	}
	id := ws.Refresh("p12", Manual)
	ws.Wait()
	if s, _ := ws.Snapshot("p12"); !s.LastOp.Answers(id) || !s.LastOp.OK() {
		t.Fatalf("refresh with the restored password: %+v", s.LastOp)
	}
	ws.SetRemember("p12", false) // unticking Remember forgets what is stored
	ws.Wait()
	if _, err := store.Get("p12", keyring.SecretTLSPassword); err == nil {
		t.Error("Forget left the PKCS#12 password in the keyring")
	}
}
