package ui

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
)

// opaqueRefresh stands between the window and the demo provider and makes
// its token endpoint look like Ory Hydra's: every refresh token the window
// sees is an opaque string (the real one stays here), and the response
// says refresh_expires_in when expiresIn is set.
type opaqueRefresh struct {
	expiresIn int // seconds; 0: the provider does not say

	mu   sync.Mutex
	real map[string]string // opaque → the provider's refresh token
}

func newOpaqueRefresh(expiresIn int) *opaqueRefresh {
	return &opaqueRefresh{expiresIn: expiresIn, real: map[string]string{}}
}

func (o *opaqueRefresh) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	if rt := form.Get("refresh_token"); rt != "" {
		o.mu.Lock()
		if real, ok := o.real[rt]; ok {
			form.Set("refresh_token", real)
		}
		o.mu.Unlock()
	}
	enc := form.Encode()
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(strings.NewReader(enc))
	r2.ContentLength = int64(len(enc))
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r2)
	out := rec.Body.Bytes()
	var m map[string]any
	if rec.Code == http.StatusOK && json.Unmarshal(out, &m) == nil {
		if real, ok := m["refresh_token"].(string); ok {
			b := make([]byte, 24)
			rand.Read(b)
			opaque := "ory_rt_" + hex.EncodeToString(b)
			o.mu.Lock()
			o.real[opaque] = real
			o.mu.Unlock()
			m["refresh_token"] = opaque
		}
		if o.expiresIn > 0 {
			m["refresh_expires_in"] = o.expiresIn
		}
		out, _ = json.Marshal(m)
	}
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.Code)
	io.Copy(w, bytes.NewReader(out))
}
