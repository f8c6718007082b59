package trace

import (
	"bytes"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// Transport records each exchange it carries into the log of the
// request's context (WithLog), or into Log when the context names none;
// with neither, it only passes the request on. The response body is
// recorded as the caller reads it: the entry is added when the body is
// read to its end or closed.
type Transport struct {
	Base http.RoundTripper // nil => http.DefaultTransport
	Log  *Log              // the log of requests whose context names none
	Now  func() time.Time  // the entries' start times; nil => time.Now
}

// Client is a copy of c whose requests go through a Transport recording
// into l (nil: only the logs named by the requests' contexts). Timeout
// and redirect policy are kept.
func Client(c *http.Client, l *Log) *http.Client {
	if c == nil {
		c = &http.Client{}
	}
	if t, ok := c.Transport.(*Transport); ok && (l == nil || t.Log == l) {
		return c // recorded already: a second Transport would record each exchange twice
	}
	cc := *c
	cc.Transport = &Transport{Base: c.Transport, Log: l}
	return &cc
}

// Unwrap is the transport the requests go on to (nil: the default one).
func (t *Transport) Unwrap() http.RoundTripper { return t.Base }

// WithBase is a copy of t that sends the requests on to base (so that a
// client certificate can be set on the transport underneath).
func (t *Transport) WithBase(base http.RoundTripper) http.RoundTripper {
	c := *t
	c.Base = base
	return &c
}

// CloseIdleConnections closes the idle connections of the transport
// underneath (http.Client.CloseIdleConnections reaches it only through
// this method).
func (t *Transport) CloseIdleConnections() {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if c, ok := base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// RoundTrip sends req, recording it.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	l := FromContext(req.Context())
	if l == nil {
		l = t.Log
	}
	if l == nil {
		return base.RoundTrip(req)
	}
	now := t.Now
	if now == nil {
		now = time.Now
	}
	e := Entry{Op: OpOf(req.Context()), Run: runOf(req.Context()), Kind: KindRequest, Started: now(), Method: req.Method,
		URL: req.URL.String(), Proto: req.Proto}
	e.Request = Message{Header: headerList(req.Header), MediaType: req.Header.Get("Content-Type"), BodySize: 0}
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(io.LimitReader(req.Body, MaxBody+1))
		rest := req.Body
		req = req.Clone(req.Context())
		req.Body = readCloser{io.MultiReader(bytes.NewReader(b), rest), rest}
		if err != nil {
			e.Err = "reading the request body: " + err.Error()
		}
		size := req.ContentLength
		if size < 0 {
			size = -1
		}
		e.Request.Body, e.Request.Truncated = body(b, size)
		e.Request.BodySize = size
	}
	clock := &phases{start: time.Now()}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), clock.trace()))
	resp, err := base.RoundTrip(req)
	if err != nil {
		e.Err = err.Error()
		e.Timings = clock.timings(time.Now())
		l.Add(e)
		return nil, err
	}
	e.Status, e.StatusText, e.Proto = resp.StatusCode, http.StatusText(resp.StatusCode), resp.Proto
	e.Response = Message{Header: headerList(resp.Header), MediaType: resp.Header.Get("Content-Type"), BodySize: resp.ContentLength}
	resp.Body = &recordingBody{rc: resp.Body, done: func(b []byte, n int64, readErr error) {
		e.Response.Body, e.Response.Truncated = body(b, n)
		e.Response.BodySize = n
		if readErr != nil {
			e.Err = "reading the answer: " + readErr.Error()
		}
		e.Timings = clock.timings(time.Now())
		l.Add(e)
	}}
	return resp, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// recordingBody keeps the first MaxBody bytes read through it and calls
// done once: at the end of the body, on a read error, or on Close.
type recordingBody struct {
	rc   io.ReadCloser
	buf  []byte
	n    int64
	once sync.Once
	done func(b []byte, n int64, err error)
}

func (r *recordingBody) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.n += int64(n)
	if room := MaxBody + 1 - len(r.buf); room > 0 {
		r.buf = append(r.buf, p[:min(n, room)]...)
	}
	switch {
	case err == io.EOF:
		r.finish(nil)
	case err != nil:
		r.finish(err)
	}
	return n, err
}

func (r *recordingBody) Close() error {
	r.finish(nil)
	return r.rc.Close()
}

func (r *recordingBody) finish(err error) {
	r.once.Do(func() { r.done(r.buf, r.n, err) })
}

// phases notes when each phase of one exchange began and ended.
type phases struct {
	mu                        sync.Mutex
	start                     time.Time
	dnsStart, dnsDone         time.Time
	connStart, connDone       time.Time
	tlsStart, tlsDone         time.Time
	gotConn, wrote, firstByte time.Time
}

func (p *phases) set(t *time.Time) func() {
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if t.IsZero() {
			*t = time.Now()
		}
	}
}

func (p *phases) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart:             func(httptrace.DNSStartInfo) { p.set(&p.dnsStart)() },
		DNSDone:              func(httptrace.DNSDoneInfo) { p.set(&p.dnsDone)() },
		ConnectStart:         func(string, string) { p.set(&p.connStart)() },
		ConnectDone:          func(string, string, error) { p.set(&p.connDone)() },
		TLSHandshakeStart:    func() { p.set(&p.tlsStart)() },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { p.set(&p.tlsDone)() },
		GotConn:              func(httptrace.GotConnInfo) { p.set(&p.gotConn)() },
		WroteRequest:         func(httptrace.WroteRequestInfo) { p.set(&p.wrote)() },
		GotFirstResponseByte: p.set(&p.firstByte),
	}
}

// timings turns the noted moments into HAR's phases, end being when the
// answer was read.
func (p *phases) timings(end time.Time) Timings {
	p.mu.Lock()
	defer p.mu.Unlock()
	span := func(a, b time.Time) time.Duration {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return -1
		}
		return b.Sub(a)
	}
	t := Timings{
		DNS: span(p.dnsStart, p.dnsDone), Connect: span(p.connStart, p.connDone), SSL: span(p.tlsStart, p.tlsDone),
		Blocked: -1, Send: span(p.gotConn, p.wrote), Wait: span(p.wrote, p.firstByte), Receive: span(p.firstByte, end),
	}
	first := p.gotConn
	for _, s := range []time.Time{p.dnsStart, p.connStart} {
		if !s.IsZero() && (first.IsZero() || s.Before(first)) {
			first = s
		}
	}
	t.Blocked = span(p.start, first)
	if t.Send < 0 && t.Wait < 0 && t.Receive < 0 { // no answer: the time it took to fail
		t.Wait = span(p.start, end)
	}
	for _, d := range []*time.Duration{&t.Send, &t.Wait, &t.Receive} {
		if *d < 0 {
			*d = 0 // HAR requires these three
		}
	}
	return t
}
