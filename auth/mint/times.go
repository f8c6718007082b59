package mint

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TimeClaims are the claims holding a NumericDate.
var TimeClaims = []string{"exp", "nbf", "iat", "auth_time"}

// IsTimeClaim reports whether name holds a NumericDate.
func IsTimeClaim(name string) bool {
	for _, t := range TimeClaims {
		if t == name {
			return true
		}
	}
	return false
}

// ParseTime reads a time given on the command line: "now", a duration
// relative to now ("10m", "+1h", "-30s"), seconds since the epoch or an
// RFC 3339 date. It returns seconds since the epoch.
func ParseTime(s string, now time.Time) (int64, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "now":
		return now.Unix(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	if d, err := time.ParseDuration(strings.TrimPrefix(s, "+")); err == nil {
		return now.Add(d).Unix(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("time %q: want now, a duration from now (10m, -1h), seconds since 1970 or an RFC 3339 date", s)
}
