package trace

import (
	"context"
	"mime"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// DefaultCap bounds a profile's log: older entries are dropped first.
const DefaultCap = 200

// MaxBody bounds each body kept in an entry; the rest is counted, not kept.
const MaxBody = 256 << 10

// Kinds of entries.
const (
	KindRequest  = "request"  // sent by the client through Transport
	KindBrowser  = "browser"  // a URL handed to the browser, never sent by the client
	KindCallback = "callback" // a request received on the loopback redirect
)

// Entry is one recorded exchange, redacted. It is immutable once in a Log.
type Entry struct {
	// Op names the operation it belonged to ("login", "refresh", "call"),
	// from the request's context (WithOp); "" when none was said.
	Op string
	// Run tells one run of an operation from another (WithOp numbers
	// them); 0 when none was said.
	Run     uint64
	Kind    string
	Started time.Time
	Method  string
	URL     string // secret query parameters redacted
	Proto   string // "HTTP/1.1"
	// Status is the answer's status; 0 when there was none (Err says why,
	// or the entry is a URL handed to the browser).
	Status     int
	StatusText string
	Request    Message
	Response   Message
	Timings    Timings
	Err        string // why no answer came (redacted)
	Comment    string
}

// Message is a request's or a response's headers and body, redacted.
type Message struct {
	Header    []Header
	MediaType string // the Content-Type, parameters kept
	Body      string // UTF-8 text; "" for a binary body
	BodySize  int64  // bytes sent or received (-1 unknown)
	Truncated bool   // Body holds the first MaxBody bytes only
	Binary    bool   // a body that is not UTF-8 text is not kept
}

// Header is one header line.
type Header struct{ Name, Value string }

// Timings are the phases of an exchange; -1 when a phase did not happen
// or is unknown (HAR 1.2 §timings).
type Timings struct {
	Blocked, DNS, Connect, SSL, Send, Wait, Receive time.Duration
}

// Total is the exchange's time, the phases that happened added up.
func (t Timings) Total() time.Duration {
	var sum time.Duration
	for _, d := range []time.Duration{t.Blocked, t.DNS, t.Connect, t.Send, t.Wait, t.Receive} {
		if d > 0 {
			sum += d
		}
	}
	return sum
}

// Log is a bounded, concurrency-safe list of a profile's entries.
type Log struct {
	mu      sync.Mutex
	cap     int
	entries []Entry
	view    []Entry // what Entries hands out until the next Add
	dropped int
	changed func()
}

// NewLog makes a log that keeps the last limit entries (DefaultCap when
// limit <= 0).
func NewLog(limit int) *Log {
	if limit <= 0 {
		limit = DefaultCap
	}
	return &Log{cap: limit}
}

// OnChange sets a function called (outside the log's lock) after each new
// entry.
func (l *Log) OnChange(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changed = f
}

// Add records e, redacting its URL, headers and bodies first.
func (l *Log) Add(e Entry) {
	if l == nil {
		return
	}
	l.push(redactEntry(e))
}

// Adopt appends what from holds (already redacted: it is a Log), for
// exchanges made before the profile they belong to existed.
func (l *Log) Adopt(from *Log) {
	entries := from.Entries()
	if l == nil || len(entries) == 0 {
		return
	}
	l.push(entries...)
}

// push appends redacted entries, drops the oldest beyond the cap, and
// tells the change callback.
func (l *Log) push(entries ...Entry) {
	l.mu.Lock()
	l.entries = append(l.entries, entries...)
	l.view = nil
	if over := len(l.entries) - l.cap; over > 0 {
		l.entries = slices.Delete(l.entries, 0, over)
		l.dropped += over
	}
	f := l.changed
	l.mu.Unlock()
	if f != nil {
		f()
	}
}

// Entries is the log, oldest first: a copy made once per change and
// shared by the callers until the next, so never write into it.
func (l *Log) Entries() []Entry {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.view == nil && len(l.entries) > 0 {
		l.view = slices.Clip(slices.Clone(l.entries))
	}
	return l.view
}

// Dropped counts the entries the bound has dropped.
func (l *Log) Dropped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped
}

// redactEntry applies the redaction rules to everything e holds.
func redactEntry(e Entry) Entry {
	e.URL = RedactURL(e.URL)
	e.Err = redactText(e.Err)
	e.Comment = redactText(e.Comment)
	e.Request = redactMessage(e.Request)
	e.Response = redactMessage(e.Response)
	return e
}

func redactMessage(m Message) Message {
	hs := make([]Header, len(m.Header))
	for i, h := range m.Header {
		name := http.CanonicalHeaderKey(h.Name)
		hs[i] = Header{Name: h.Name, Value: redactHeader(name, h.Value)}
		if name == "Location" || name == "Content-Location" {
			hs[i].Value = RedactURL(h.Value)
		}
	}
	m.Header = hs
	if !utf8.ValidString(m.Body) {
		m.Body, m.Binary = "", true
	}
	mt, _, _ := mime.ParseMediaType(m.MediaType)
	m.Body = redactBody(mt, m.Body)
	return m
}

// headerList turns an http.Header into ordered lines (names sorted, as
// the map has no order).
func headerList(h http.Header) []Header {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []Header
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, Header{Name: n, Value: v})
		}
	}
	return out
}

// body keeps at most MaxBody bytes of b.
func body(b []byte, size int64) (text string, truncated bool) {
	if len(b) > MaxBody {
		cut := MaxBody
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut-- // never split a character
		}
		return string(b[:cut]), true
	}
	return string(b), size > int64(len(b))
}

type ctxKey int

const (
	logKey ctxKey = iota
	opKey
)

// WithLog makes requests made with ctx record into l.
func WithLog(ctx context.Context, l *Log) context.Context {
	if l == nil {
		return ctx
	}
	return context.WithValue(ctx, logKey, l)
}

// FromContext is the log requests made with ctx record into, or nil.
func FromContext(ctx context.Context) *Log {
	l, _ := ctx.Value(logKey).(*Log)
	return l
}

// opRun is an operation's name and the number of its run.
type opRun struct {
	name string
	run  uint64
}

// runs numbers the runs of operations, process-wide, so that entries of
// two runs of one operation are told apart.
var runs atomic.Uint64

// WithOp names the operation the requests made with ctx belong to, as a
// new run of it.
func WithOp(ctx context.Context, op string) context.Context {
	return context.WithValue(ctx, opKey, opRun{name: op, run: runs.Add(1)})
}

// OpOf is the operation named in ctx, or "".
func OpOf(ctx context.Context) string {
	o, _ := ctx.Value(opKey).(opRun)
	return o.name
}

// runOf is the run named in ctx, or 0.
func runOf(ctx context.Context) uint64 {
	o, _ := ctx.Value(opKey).(opRun)
	return o.run
}

// LatestRun is the entries of the run of the newest entry that has one
// (all of them when none has), newest first.
func LatestRun(entries []Entry) []Entry {
	var run uint64
	for i := len(entries) - 1; i >= 0 && run == 0; i-- {
		run = entries[i].Run
	}
	var out []Entry
	for i := len(entries) - 1; i >= 0; i-- {
		if run == 0 || entries[i].Run == run {
			out = append(out, entries[i])
		}
	}
	return out
}
