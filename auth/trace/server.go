package trace

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"
)

// maxInbound bounds the body of a received request that is kept (the
// loopback only takes small forms).
const maxInbound = 64 << 10

// Handler records each request next serves — the loopback redirect of a
// login — into the log of ctx (WithLog) as a KindCallback entry of the
// operation ctx names: the URL as received
// (its code redacted), the headers both ways, the status answered. The
// page served is not kept, only its size.
func Handler(ctx context.Context, next http.Handler) http.Handler {
	l, op, run := FromContext(ctx), OpOf(ctx), runOf(ctx)
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		e := Entry{Op: op, Run: run, Kind: KindCallback, Started: start, Method: r.Method,
			URL: "http://" + r.Host + r.URL.RequestURI(), Proto: r.Proto,
			Request: Message{Header: headerList(r.Header), MediaType: r.Header.Get("Content-Type"), BodySize: r.ContentLength}}
		if r.Body != nil && r.Body != http.NoBody {
			b, _ := io.ReadAll(io.LimitReader(r.Body, maxInbound+1))
			r.Body = readCloser{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
			e.Request.Body, e.Request.Truncated = body(b, r.ContentLength)
		}
		rw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		if rw.status == 0 {
			rw.status = http.StatusOK
		}
		e.Status, e.StatusText = rw.status, http.StatusText(rw.status)
		e.Response = Message{Header: headerList(w.Header()), MediaType: w.Header().Get("Content-Type"), BodySize: rw.size}
		e.Timings = Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Wait: time.Since(start)}
		e.Comment = "received on the loopback redirect (the page answered is not kept)"
		l.Add(e)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

// Browser records a URL handed to the browser (the authorization URL, a
// logout URL) into the log of ctx: the client never sends it, so it has
// no answer.
func Browser(ctx context.Context, method, url string, at time.Time) {
	FromContext(ctx).Add(Entry{Op: OpOf(ctx), Run: runOf(ctx), Kind: KindBrowser, Started: at, Method: method, URL: url, Proto: "HTTP/1.1",
		Timings: Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1},
		Comment: "handed to the browser; the browser's own exchanges with the provider are not seen"})
}
