package profiles

import (
	"flag"
	"io"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestLoginFlagsApply(t *testing.T) {
	var l LoginFlags
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l.Register(fs)
	if err := fs.Parse([]string{"--grant", "device_code", "--par", "--dpop", "--fapi2", "--response-mode", "form_post", "--request-object", "PS256"}); err != nil {
		t.Fatal(err)
	}
	if !l.Changed() {
		t.Fatal("Changed is false after login flags")
	}
	var p auth.Profile
	if err := l.Apply(&p); err != nil {
		t.Fatal(err)
	}
	if p.Grant != auth.GrantDeviceCode || p.PAR != auth.PAROn || !p.DPoP || !p.FAPI2() ||
		p.ResponseMode != auth.ResponseModeFormPost || p.RequestObject != "PS256" {
		t.Fatalf("profile after Apply: %+v", p)
	}
	for _, bad := range []LoginFlags{{Grant: "implicit"}, {ResponseMode: "fragment"}, {RequestObject: "HS256"}} {
		var q auth.Profile
		if err := bad.Apply(&q); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if (&LoginFlags{}).Changed() {
		t.Error("Changed is true with no flags")
	}
}
