package auth

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"sync"
)

// bodyRecorder is a RoundTripper that keeps a copy of the last response
// body (at most maxDocBytes), so the raw token response can be shown, and
// its status and media type, so a failure can say what came back.
type bodyRecorder struct {
	base   http.RoundTripper
	mu     sync.Mutex // guards buf, status, ctype
	buf    *bytes.Buffer
	status int
	ctype  string
}

func (r *bodyRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	base := r.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	buf := &bytes.Buffer{}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	r.mu.Lock()
	r.buf, r.status, r.ctype = buf, resp.StatusCode, ctype
	r.mu.Unlock()
	resp.Body = &teeBody{r: io.TeeReader(resp.Body, &limitedWriter{w: buf, n: maxDocBytes}), c: resp.Body}
	return resp, nil
}

func (r *bodyRecorder) body() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.buf == nil {
		return nil
	}
	return bytes.Clone(r.buf.Bytes())
}

// response returns the last response's status code (0 when none came)
// and media type.
func (r *bodyRecorder) response() (status int, ctype string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status, r.ctype
}

type teeBody struct {
	r io.Reader
	c io.Closer
}

func (t *teeBody) Read(p []byte) (int, error) { return t.r.Read(p) }
func (t *teeBody) Close() error               { return t.c.Close() }

// limitedWriter keeps the first n bytes and silently drops the rest.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
