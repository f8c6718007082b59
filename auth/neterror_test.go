package auth

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestExplainNetworkOneLineCauseAndNextStep(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing answers there now
	c := &http.Client{Timeout: 5 * time.Second}
	_, err = c.Get("http://" + addr + "/.well-known/openid-configuration")
	got := ExplainNetwork(err).Error()
	if got != "nothing answers at http://"+addr+" — is the provider running, and is the URL right?" {
		t.Errorf("refused: %q", got)
	}
	_, err = c.Get("http://no-such-host.invalid/x")
	if got := ExplainNetwork(err).Error(); !strings.HasPrefix(got, "no host called no-such-host.invalid") || strings.Contains(got, "dial tcp") {
		t.Errorf("unknown host: %q", got)
	}
	other := net.UnknownNetworkError("x")
	if ExplainNetwork(other) != error(other) {
		t.Error("an error that is not a transport failure was changed")
	}
}
