package history

import (
	"bytes"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// factsSet is a token set with an access token, an opaque refresh token
// and an ID token, as a history keeps it.
func factsSet(t *testing.T, access, id string) *SetFacts {
	t.Helper()
	ts := &auth.TokenSet{AccessToken: testJWT(access), RefreshToken: "opaque-refresh", IDToken: testJWT(id), ReceivedAt: time.Unix(0, 0)}
	ts.Access, ts.Refresh, ts.ID = jose.UnverifiedDecode(ts.AccessToken), jose.UnverifiedDecode(ts.RefreshToken), jose.UnverifiedDecode(ts.IDToken)
	return FactsOfSet(ts)
}

func TestShareFactsTakesWhatDidNotChange(t *testing.T) {
	prev := factsSet(t, `{"jti":"a1","exp":100}`, `{"sub":"u","nonce":"n"}`)
	set := factsSet(t, `{"jti":"a2","exp":160}`, `{"sub":"u","nonce":"n"}`) // the same ID token
	before := *set
	want := DiffSets(prev, set)
	got := ShareFacts(set, prev)
	if got == set || set.Access != before.Access || set.Refresh != before.Refresh || set.ID != before.ID {
		t.Fatal("ShareFacts changed its argument instead of returning a new set")
	}
	if got.ID != prev.ID || got.Refresh != prev.Refresh {
		t.Error("the unchanged ID and refresh tokens' facts are not shared")
	}
	if got.Access == prev.Access || &got.Access.Header[0] != &prev.Access.Header[0] {
		t.Error("the new access token should have its own facts and the previous, equal header")
	}
	if !bytes.Equal(got.Access.Claims, set.Access.Claims) || got.Access.Ref != "a2" {
		t.Errorf("access facts %+v; want the new token's", got.Access)
	}
	if d := DiffSets(prev, got); !reflect.DeepEqual(d, want) {
		t.Errorf("diff with shared facts %+v; want %+v", d, want)
	}
	if again := ShareFacts(got, prev); again != got {
		t.Error("sharing a set that shares all it can made a new one")
	}
	if ShareFacts(set, nil) != set || ShareFacts(nil, prev) != nil {
		t.Error("nothing to share with should return the set as it is")
	}
}

func TestFactsHoldNoSpareRoomAndChangedNamesAreCopies(t *testing.T) {
	f := FactsOf(jose.UnverifiedDecode(testJWT(`{"jti":"a1","exp":100,"x":1,"n":null,"<tag>":"&"}`)))
	for name, b := range map[string][]byte{"header": f.Header, "claims": f.Claims} {
		if cap(b) != len(b) {
			t.Errorf("%s: %d bytes in an array of %d", name, len(b), cap(b))
		}
	}
	if want := `{"jti":"a1","exp":100,"x":1,"n":null,"\u003ctag\u003e":"&"}`; string(f.Claims) != want {
		t.Errorf("claims %s; want %s", f.Claims, want)
	}
	old := jose.UnverifiedDecode(testJWT(`{"jti":"a1"}`))
	new := jose.UnverifiedDecode(testJWT(`{"jti":"a2"}`))
	changed := ChangedClaims(old, new)
	if len(changed) != 1 || changed[0] != "jti" {
		t.Fatalf("changed %q", changed)
	}
	if unsafe.StringData(changed[0]) == unsafe.StringData(new.Claims[0].Name) {
		t.Error("a changed claim's name shares the token's decoded payload")
	}
	e := NewEvent(EventRefresh, time.Unix(0, 0), &auth.TokenSet{Access: old}, &auth.TokenSet{Access: new}, nil)
	for _, ref := range []string{e.AccessJTI[0], e.AccessJTI[1], e.Set.Access.Ref} {
		if p := unsafe.StringData(ref); p == unsafe.StringData(old.JTI) || p == unsafe.StringData(new.JTI) {
			t.Errorf("ref %q shares a token's decoded payload", ref)
		}
	}
	if enc, _ := EncodeEvent(e); cap(enc) != len(enc) {
		t.Errorf("an encoded event of %d bytes in an array of %d", len(enc), cap(enc))
	}
}
