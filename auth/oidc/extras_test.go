package oidc

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestQRCodePNG(t *testing.T) {
	b, err := QRCodePNG("http://127.0.0.1:9000/device?user_code=BCDF-GHJK", 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 256 {
		t.Fatalf("not a 256 px PNG: %v %v", err, img)
	}
	if _, err := QRCodePNG("", 256); err == nil {
		t.Error("an empty text was encoded")
	}
}

// A remembered DPoP session keeps its key: the restored set refreshes.
func TestSavedTokenSetKeepsDPoPKey(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.DPoP = true })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := ts.Save()
	if err != nil {
		t.Fatal(err)
	}
	back, err := auth.LoadTokenSet(data)
	if err != nil || back.DPoP == nil || back.DPoP.Thumbprint() != ts.DPoP.Thumbprint() {
		t.Fatalf("LoadTokenSet = %v, %v; want the same DPoP key", back, err)
	}
	if _, err := pr.RefreshSet(ctx, back); err != nil {
		t.Fatalf("refresh of the restored set: %v", err)
	}
	if _, err := auth.LoadTokenSet(bytes.Replace(data, []byte(`"crv"`), []byte(`"xxx"`), 1)); err == nil {
		t.Error("a damaged DPoP key was accepted")
	}
}

// Copy as curl: a fresh proof for that method and URL, accepted by the
// provider's userinfo endpoint.
func TestCurlForDPoPToken(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.DPoP = true })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := ts.Curl("GET", srv.URL+"/userinfo", time.Now())
	if err != nil || !strings.Contains(cmd, "-H 'Authorization: DPoP ") || !strings.Contains(cmd, "-H 'DPoP: ey") {
		t.Fatalf("Curl = %q, %v", cmd, err)
	}
	h, _ := ts.RequestHeaders("GET", srv.URL+"/userinfo", time.Now())
	req, _ := newGet(srv.URL + "/userinfo")
	req.Header = h
	resp, err := (&httpClientNoRedirect).Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("userinfo with the curl headers: %v %v", resp, err)
	}
	resp.Body.Close()
	bearer := &auth.TokenSet{AccessToken: "abc"}
	if cmd, _ := bearer.Curl("POST", "https://api.example/x", time.Now()); cmd != `curl -X 'POST' -H 'Authorization: Bearer abc' 'https://api.example/x'` {
		t.Errorf("bearer curl = %q", cmd)
	}
}

var httpClientNoRedirect = http.Client{Timeout: 5 * time.Second}

func newGet(u string) (*http.Request, error) { return http.NewRequest(http.MethodGet, u, nil) }
