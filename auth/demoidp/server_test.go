package demoidp_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestStart(t *testing.T) {
	idp, err := demoidp.New(demoidp.Options{KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{":0", "0.0.0.0:0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if _, err := idp.Start(addr); err == nil {
			t.Errorf("Start(%q) succeeded, want refusal", addr)
		}
	}
	issuer, err := idp.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer idp.Close()
	if !strings.HasPrefix(issuer, "http://127.0.0.1:") || idp.Issuer() != issuer {
		t.Fatalf("issuer %q, Issuer() %q", issuer, idp.Issuer())
	}
	if _, err := idp.Start("127.0.0.1:0"); err == nil {
		t.Errorf("second Start succeeded")
	}
	resp, err := http.Get(issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct{ Issuer string }
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || doc.Issuer != issuer {
		t.Fatalf("discovery issuer %q (%v), want %q", doc.Issuer, err, issuer)
	}
	if err := idp.Close(); err != nil {
		t.Fatal(err)
	}
	if err := idp.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := http.Get(issuer + "/jwks.json"); err == nil {
		t.Errorf("server still answers after Close")
	}
}

func TestNewValidatesOptions(t *testing.T) {
	for name, opts := range map[string]demoidp.Options{
		"empty clients": {Clients: map[string]demoidp.Client{}},
		"negative TTL":  {AccessTTL: -1},
		"small key":     {KeyBits: 512},
	} {
		if _, err := demoidp.New(opts); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}
