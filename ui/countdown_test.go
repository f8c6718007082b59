package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// TestClockFormats checks clock against the fmt formats it replaced, over
// the boundaries of each unit.
func TestClockFormats(t *testing.T) {
	want := func(d time.Duration) string {
		if d < 0 {
			d = -d
		}
		s := int64(d / time.Second)
		days, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
		switch {
		case days > 0:
			return fmt.Sprintf("%dd %d:%02d:%02d", days, h, m, sec)
		case h > 0:
			return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
		}
		return fmt.Sprintf("%d:%02d", m, sec)
	}
	for _, s := range []int64{0, 1, 9, 10, 59, 60, 61, 599, 600, 3599, 3600, 3661, 86399, 86400, 90061, 10*86400 + 5, 400 * 86400} {
		for _, sign := range []time.Duration{1, -1} {
			d := sign * time.Duration(s) * time.Second
			if got := clock(d + sign*300*time.Millisecond); got != want(d) {
				t.Errorf("clock(%v) = %q, want %q", d, got, want(d))
			}
		}
	}
}

// TestCountdownShortIsTheClockOfText: the navigation's short form and the
// view's long form say the same time, expiring and expired.
func TestCountdownShortIsTheClockOfText(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		exp         time.Duration
		text, short string
	}{
		{119 * time.Second, "expires in 1:59", "1:59"},
		{2*time.Hour + 5*time.Second, "expires in 2:00:05", "2:00:05"},
		{-12 * time.Second, "expired 0:12 ago", "-0:12"},
		{-(3*time.Hour + 7*time.Second), "expired 3:00:07 ago", "-3:00:07"},
	} {
		d := jose.Decoded{Format: jose.FormatJWT, ExpiresAt: now.Add(tc.exp)}
		c := countdownAt(d, now)
		if c.Text != tc.text || c.Short != tc.short {
			t.Errorf("exp %v: %q / %q, want %q / %q", tc.exp, c.Text, c.Short, tc.text, tc.short)
		}
	}
}
