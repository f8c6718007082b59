package auth

import (
	"encoding/json"
	"fmt"
	"time"
)

// historyVersion is the format of MarshalHistory's output.
const historyVersion = 1

// eventJSON is an Event as written to a history file or an export: facts
// and claims only, never a token or a secret (errors never carry them).
type eventJSON struct {
	At             time.Time `json:"at"`
	Kind           EventKind `json:"kind"`
	OK             bool      `json:"ok"`
	Error          string    `json:"error,omitempty"`
	Access         [2]string `json:"access_refs"`
	Refresh        [2]string `json:"refresh_refs"`
	RefreshRotated bool      `json:"refresh_rotated,omitempty"`
	Changed        []string  `json:"changed,omitempty"`
	HTTPStatus     int       `json:"http_status,omitempty"`
	LatencyMS      float64   `json:"latency_ms,omitempty"`
	Set            *SetFacts `json:"set,omitempty"`
}

type historyJSON struct {
	Version int         `json:"version"`
	Profile string      `json:"profile,omitempty"`
	Events  []eventJSON `json:"events"`
}

// savedError is an Event's error read back from JSON: its message only.
type savedError string

func (e savedError) Error() string { return string(e) }

// MarshalHistory writes a profile's events as JSON (oldest first), for a
// history file or an export.
func MarshalHistory(profile string, events []Event) ([]byte, error) {
	h := historyJSON{Version: historyVersion, Profile: profile, Events: make([]eventJSON, len(events))}
	for i, e := range events {
		j := eventJSON{At: e.At, Kind: e.Kind, OK: e.OK(), Access: e.AccessJTI, Refresh: e.RefreshJTI,
			RefreshRotated: e.RefreshRotated, Changed: e.Changed, HTTPStatus: e.HTTPStatus,
			LatencyMS: float64(e.Latency) / float64(time.Millisecond), Set: e.Set}
		if e.Err != nil {
			j.Error = e.Err.Error()
		}
		h.Events[i] = j
	}
	return json.MarshalIndent(h, "", "  ")
}

// UnmarshalHistory reads what MarshalHistory wrote. A failed event's
// error comes back as its message.
func UnmarshalHistory(b []byte) ([]Event, error) {
	var h historyJSON
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if h.Version != historyVersion {
		return nil, fmt.Errorf("history: format version %d; this build reads %d", h.Version, historyVersion)
	}
	out := make([]Event, len(h.Events))
	for i, j := range h.Events {
		e := Event{At: j.At, Kind: j.Kind, AccessJTI: j.Access, RefreshJTI: j.Refresh, RefreshRotated: j.RefreshRotated,
			Changed: j.Changed, HTTPStatus: j.HTTPStatus, Latency: time.Duration(j.LatencyMS * float64(time.Millisecond)), Set: j.Set}
		if !j.OK {
			msg := j.Error
			if msg == "" {
				msg = "failed"
			}
			e.Err = savedError(msg)
		}
		out[i] = e
	}
	return out, nil
}
