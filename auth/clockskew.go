package auth

import (
	"fmt"
	"net/http"
	"time"
)

// ClockSkew is a provider's clock measured against the local one from the
// Date header of one of its responses (RFC 9110 §6.6.1). The header has a
// resolution of one second, so offsets within a second are noise.
type ClockSkew struct {
	// Known is false when no response with a Date header was seen.
	Known bool `json:"known"`
	// Offset is the provider's clock minus the local clock: positive when
	// the provider is ahead.
	Offset time.Duration `json:"offset_ns"`
	// Source is the URL whose response carried the Date header.
	Source string `json:"source,omitempty"`
}

// SkewFromResponse measures the provider's clock from resp's Date header.
// sent and received are the local times around the request; the midpoint
// is compared with the header.
func SkewFromResponse(resp *http.Response, sent, received time.Time) ClockSkew {
	if resp == nil {
		return ClockSkew{}
	}
	src := ""
	if resp.Request != nil && resp.Request.URL != nil {
		src = resp.Request.URL.Redacted()
	}
	return SkewFromHeader(resp.Header, sent, received, src)
}

// skewFromHeader is SkewFromResponse for a response's header and URL.
func SkewFromHeader(h http.Header, sent, received time.Time, src string) ClockSkew {
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return ClockSkew{}
	}
	local := sent.Add(received.Sub(sent) / 2)
	return ClockSkew{Known: true, Offset: date.Sub(local.Truncate(time.Second)), Source: src}
}

// Significant reports whether the skew exceeds leeway.
func (s ClockSkew) Significant(leeway time.Duration) bool {
	return s.Known && s.Offset.Abs() > leeway
}

// describe says "2m5s ahead of", "40s behind" or "in step with (±1 s)".
func (s ClockSkew) Describe() string {
	off := s.Offset.Round(time.Second)
	switch {
	case off.Abs() <= time.Second:
		return "in step with (±1 s)"
	case off > 0:
		return fmt.Sprintf("%s ahead of", off)
	}
	return fmt.Sprintf("%s behind", -off)
}

// String is the skew for people: "provider clock 2m5s ahead of this machine's".
func (s ClockSkew) String() string {
	if !s.Known {
		return "provider clock unknown"
	}
	return "provider clock " + s.Describe() + " this machine's"
}
