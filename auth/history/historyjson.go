package history

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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
// history file or an export: EncodeEvent of each event, joined by
// WriteHistory.
func MarshalHistory(profile string, events []Event) ([]byte, error) {
	encoded := make([][]byte, len(events))
	for i, e := range events {
		var err error
		if encoded[i], err = EncodeEvent(e); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	b.Grow(HistorySize(profile, encoded))
	if err := WriteHistory(&b, profile, encoded); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// The layout MarshalHistory shares with json.MarshalIndent(historyJSON,
// "", "  "): each event is indented as a member of the "events" array, so
// a file can be put together from events encoded once (a history that
// grows by one event need not encode the others again).
const (
	historyEventPrefix = "    "
	historyEventSep    = ",\n" + historyEventPrefix
	historyTail        = "\n  ]\n}"
)

// EncodeEvent is one event as a history file holds it, for WriteHistory.
func EncodeEvent(e Event) ([]byte, error) {
	j := eventJSON{At: e.At, Kind: e.Kind, OK: e.OK(), Access: e.AccessJTI, Refresh: e.RefreshJTI,
		RefreshRotated: e.RefreshRotated, Changed: e.Changed, HTTPStatus: e.HTTPStatus,
		LatencyMS: float64(e.Latency) / float64(time.Millisecond), Set: e.Set}
	if e.Err != nil {
		j.Error = e.Err.Error()
	}
	b, err := json.MarshalIndent(j, historyEventPrefix, "  ")
	if err != nil {
		return nil, fmt.Errorf("history event of %s: %w", e.At.Format(time.RFC3339), err)
	}
	// In an array of its own length: a history keeps hundreds of them,
	// and the encoder's spare room with each.
	return append(make([]byte, 0, len(b)), b...), nil
}

// historyHead is a history file up to its first event.
func historyHead(profile string) string {
	head := "{\n  \"version\": " + strconv.Itoa(historyVersion) + ",\n"
	if profile != "" {
		name, _ := json.Marshal(profile) // a string always encodes
		head += "  \"profile\": " + string(name) + ",\n"
	}
	return head + "  \"events\": ["
}

// HistorySize is the length of what WriteHistory writes.
func HistorySize(profile string, encoded [][]byte) int {
	if len(encoded) == 0 {
		return len(historyHead(profile)) + len("]\n}")
	}
	n := len(historyHead(profile)) + len("\n"+historyEventPrefix) + len(historyTail) + (len(encoded)-1)*len(historyEventSep)
	for _, e := range encoded {
		n += len(e)
	}
	return n
}

// WriteHistory writes a profile's history, oldest first, from events
// encoded by EncodeEvent: what MarshalHistory writes for those events.
func WriteHistory(w io.Writer, profile string, encoded [][]byte) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(historyHead(profile))
	if len(encoded) == 0 {
		bw.WriteString("]\n}")
	} else {
		bw.WriteString("\n" + historyEventPrefix)
		for i, e := range encoded {
			if i > 0 {
				bw.WriteString(historyEventSep)
			}
			bw.Write(e)
		}
		bw.WriteString(historyTail)
	}
	if err := bw.Flush(); err != nil { // bufio keeps the first write error
		return fmt.Errorf("history: %w", err)
	}
	return nil
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
