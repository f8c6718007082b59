package trace

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// BenchmarkTokenExchange measures one token-endpoint exchange through a
// plain client and through a recording one (redaction at record time
// included), against an httptest server answering a token response.
func BenchmarkTokenExchange(b *testing.B) {
	body := `{"access_token":"` + testJWT + `","token_type":"Bearer","expires_in":300,"refresh_token":"rt-` + strings.Repeat("x", 40) + `","id_token":"` + testJWT + `","scope":"openid profile"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"rt-1"}, "client_id": {"app"}, "client_secret": {"s"}}.Encode()
	run := func(b *testing.B, c *http.Client) {
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/token", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := c.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	b.Run("plain", func(b *testing.B) { run(b, srv.Client()) })
	b.Run("recorded", func(b *testing.B) { run(b, Client(srv.Client(), NewLog(0))) })
}
