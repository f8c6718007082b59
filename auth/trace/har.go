package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the members
// browsers' developer tools and Postman read. Fields starting with "_"
// are custom, as the format allows.

// HAR is a HAR file.
type HAR struct {
	Log HARLog `json:"log"`
}

// HARLog is the file's log object.
type HARLog struct {
	Version string     `json:"version"`
	Creator HARCreator `json:"creator"`
	Entries []HAREntry `json:"entries"`
	Comment string     `json:"comment,omitempty"`
}

// HARCreator names the program that wrote the file.
type HARCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// HAREntry is one exchange.
type HAREntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         HARRequest  `json:"request"`
	Response        HARResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         HARTimings  `json:"timings"`
	Comment         string      `json:"comment,omitempty"`
	Op              string      `json:"_operation,omitempty"`
	Kind            string      `json:"_kind,omitempty"`
	Error           string      `json:"_error,omitempty"`
}

// HARRequest is an entry's request.
type HARRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []HARNameValue `json:"cookies"`
	Headers     []HARNameValue `json:"headers"`
	QueryString []HARNameValue `json:"queryString"`
	PostData    *HARPostData   `json:"postData,omitempty"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

// HARResponse is an entry's response.
type HARResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []HARNameValue `json:"cookies"`
	Headers     []HARNameValue `json:"headers"`
	Content     HARContent     `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

// HARNameValue is a header or query parameter.
type HARNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// HARPostData is a request body.
type HARPostData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Comment  string `json:"comment,omitempty"`
}

// HARContent is a response body.
type HARContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Comment  string `json:"comment,omitempty"`
}

// HARTimings are an entry's phases in milliseconds (-1: not applicable).
type HARTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	SSL     float64 `json:"ssl"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// NewHAR turns entries (already redacted: they come from a Log) into a HAR
// document, in their order.
func NewHAR(entries []Entry, creator, version string) HAR {
	h := HAR{Log: HARLog{Version: "1.2", Creator: HARCreator{Name: creator, Version: version}, Entries: []HAREntry{}}}
	for _, e := range entries {
		h.Log.Entries = append(h.Log.Entries, harEntry(e))
	}
	return h
}

// WriteHAR writes entries as an indented HAR 1.2 document.
func WriteHAR(w io.Writer, entries []Entry, creator, version string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // the redaction marks stay readable: <redacted: …>
	if err := enc.Encode(NewHAR(entries, creator, version)); err != nil {
		return fmt.Errorf("writing HAR: %w", err)
	}
	return nil
}

func harEntry(e Entry) HAREntry {
	ms := func(d time.Duration) float64 {
		if d < 0 {
			return -1
		}
		return float64(d.Microseconds()) / 1000
	}
	proto := e.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	he := HAREntry{
		StartedDateTime: e.Started.Format(time.RFC3339Nano),
		Time:            ms(e.Timings.Total()),
		Request: HARRequest{Method: e.Method, URL: e.URL, HTTPVersion: proto,
			Cookies: []HARNameValue{}, Headers: harHeaders(e.Request.Header), QueryString: harQuery(e.URL),
			HeadersSize: -1, BodySize: e.Request.BodySize},
		Response: HARResponse{Status: e.Status, StatusText: e.StatusText, HTTPVersion: proto,
			Cookies: []HARNameValue{}, Headers: harHeaders(e.Response.Header),
			Content:     HARContent{Size: max(e.Response.BodySize, int64(len(e.Response.Body))), MimeType: e.Response.MediaType, Text: e.Response.Body, Comment: bodyNote(e.Response)},
			RedirectURL: headerValue(e.Response.Header, "Location"), HeadersSize: -1, BodySize: e.Response.BodySize},
		Timings: HARTimings{Blocked: ms(e.Timings.Blocked), DNS: ms(e.Timings.DNS), Connect: ms(e.Timings.Connect),
			SSL: ms(e.Timings.SSL), Send: ms(max(e.Timings.Send, 0)), Wait: ms(max(e.Timings.Wait, 0)), Receive: ms(max(e.Timings.Receive, 0))},
		Comment: e.Comment, Op: e.Op, Kind: e.Kind, Error: e.Err,
	}
	if e.Request.Body != "" || e.Request.Binary {
		he.Request.PostData = &HARPostData{MimeType: e.Request.MediaType, Text: e.Request.Body, Comment: bodyNote(e.Request)}
	}
	if he.Response.Content.Size < 0 {
		he.Response.Content.Size = 0
	}
	return he
}

// bodyNote says what of a body is not in the file.
func bodyNote(m Message) string {
	switch {
	case m.Binary:
		return "binary body not kept"
	case m.Truncated:
		return fmt.Sprintf("only the first %d bytes kept", MaxBody)
	}
	return ""
}

func harHeaders(hs []Header) []HARNameValue {
	out := make([]HARNameValue, 0, len(hs))
	for _, h := range hs {
		out = append(out, HARNameValue{Name: h.Name, Value: h.Value})
	}
	return out
}

func headerValue(hs []Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// harQuery lists a (redacted) URL's query parameters in their order.
func harQuery(raw string) []HARNameValue {
	out := []HARNameValue{}
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return out
	}
	for _, p := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(p, "=")
		name, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			name, val = k, v
		}
		out = append(out, HARNameValue{Name: name, Value: val})
	}
	return out
}
