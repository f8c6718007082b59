package trace

import (
	"encoding/json"
	"fmt"
	"time"
)

// ValidateHAR checks that b is a HAR 1.2 document: every member the
// specification requires, with its JSON type, and startedDateTime in ISO
// 8601. It reads the file as any importer would, not through our types.
func ValidateHAR(b []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	log, err := member[map[string]any](doc, "log", "")
	if err != nil {
		return err
	}
	if v, err := member[string](log, "version", "log"); err != nil || v != "1.2" {
		return fmt.Errorf("log.version %q, want 1.2 (%v)", v, err)
	}
	creator, err := member[map[string]any](log, "creator", "log")
	if err != nil {
		return err
	}
	if err := members[string](creator, "log.creator", "name", "version"); err != nil {
		return err
	}
	entries, err := member[[]any](log, "entries", "log")
	if err != nil {
		return err
	}
	for i, raw := range entries {
		if err := validateEntry(raw, fmt.Sprintf("log.entries[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func validateEntry(raw any, at string) error {
	e, ok := raw.(map[string]any)
	if !ok {
		return fmt.Errorf("%s is not an object", at)
	}
	started, err := member[string](e, "startedDateTime", at)
	if err != nil {
		return err
	}
	if _, err := time.Parse(time.RFC3339Nano, started); err != nil {
		return fmt.Errorf("%s.startedDateTime: %w", at, err)
	}
	if _, err := member[float64](e, "time", at); err != nil {
		return err
	}
	if _, err := member[map[string]any](e, "cache", at); err != nil {
		return err
	}
	req, err := member[map[string]any](e, "request", at)
	if err != nil {
		return err
	}
	if err := members[string](req, at+".request", "method", "url", "httpVersion"); err != nil {
		return err
	}
	if err := members[[]any](req, at+".request", "cookies", "headers", "queryString"); err != nil {
		return err
	}
	if err := members[float64](req, at+".request", "headersSize", "bodySize"); err != nil {
		return err
	}
	if pd, ok := req["postData"]; ok {
		m, ok := pd.(map[string]any)
		if !ok {
			return fmt.Errorf("%s.request.postData is not an object", at)
		}
		if err := members[string](m, at+".request.postData", "mimeType"); err != nil {
			return err
		}
	}
	resp, err := member[map[string]any](e, "response", at)
	if err != nil {
		return err
	}
	if err := members[float64](resp, at+".response", "status", "headersSize", "bodySize"); err != nil {
		return err
	}
	if err := members[string](resp, at+".response", "statusText", "httpVersion", "redirectURL"); err != nil {
		return err
	}
	if err := members[[]any](resp, at+".response", "cookies", "headers"); err != nil {
		return err
	}
	content, err := member[map[string]any](resp, "content", at+".response")
	if err != nil {
		return err
	}
	if err := members[float64](content, at+".response.content", "size"); err != nil {
		return err
	}
	if err := members[string](content, at+".response.content", "mimeType"); err != nil {
		return err
	}
	timings, err := member[map[string]any](e, "timings", at)
	if err != nil {
		return err
	}
	if err := members[float64](timings, at+".timings", "send", "wait", "receive"); err != nil {
		return err
	}
	for _, name := range []string{"send", "wait", "receive"} {
		if timings[name].(float64) < 0 {
			return fmt.Errorf("%s.timings.%s is negative", at, name)
		}
	}
	return nil
}

func member[T any](obj map[string]any, name, at string) (T, error) {
	var zero T
	v, ok := obj[name]
	if !ok {
		return zero, fmt.Errorf("%s.%s is missing", at, name)
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("%s.%s has type %T, want %T", at, name, v, zero)
	}
	return t, nil
}

func members[T any](obj map[string]any, at string, names ...string) error {
	for _, n := range names {
		if _, err := member[T](obj, n, at); err != nil {
			return err
		}
	}
	return nil
}
