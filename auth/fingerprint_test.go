package auth

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func TestFingerprintAndRef(t *testing.T) {
	// SHA-256("abc") = ba7816bf...
	if got := jose.Fingerprint("abc"); got != "#ba7816bf" {
		t.Errorf("Fingerprint(abc) = %q", got)
	}
	if jose.Fingerprint("") != "" {
		t.Error("an empty token has a fingerprint")
	}
	opaque := jose.UnverifiedDecode("ory_rt_0123456789abcdef")
	if got := opaque.Ref(); got != jose.Fingerprint("ory_rt_0123456789abcdef") {
		t.Errorf("opaque Ref = %q", got)
	}
	jwt := jose.Decoded{Raw: "x.y.z", JTI: "id-1"}
	if jwt.Ref() != "id-1" {
		t.Errorf("JWT Ref = %q; want its jti", jwt.Ref())
	}
}

func TestRefreshExpiry(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	set := func(field string) *TokenSet {
		ts := &TokenSet{RefreshToken: "opaque", ReceivedAt: at, Refresh: jose.UnverifiedDecode("opaque")}
		if field != "" {
			ts.Fields = []ResponseField{{Name: "refresh_expires_in", Value: json.RawMessage(field)}}
		}
		return ts
	}
	for _, c := range []struct {
		field string
		want  time.Duration
		ok    bool
	}{{"1800", 30 * time.Minute, true}, {`"60"`, time.Minute, true}, {"0", 0, false}, {"", 0, false}, {`"soon"`, 0, false}} {
		got, ok := set(c.field).RefreshExpiry()
		if ok != c.ok || (ok && got.Sub(at) != c.want) {
			t.Errorf("refresh_expires_in %s: %v %v; want +%v %v", c.field, got, ok, c.want, c.ok)
		}
	}
	kept := set("1800")
	kept.RefreshKept = true
	if _, ok := kept.RefreshExpiry(); ok {
		t.Error("a kept refresh token took the new response's refresh_expires_in")
	}
	jwt := set("")
	jwt.Refresh.ExpiresAt = at.Add(time.Hour)
	if got, ok := jwt.RefreshExpiry(); !ok || !got.Equal(at.Add(time.Hour)) {
		t.Errorf("exp claim: %v %v", got, ok)
	}
}
