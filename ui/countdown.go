package ui

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// lifeState is where a token is in its lifetime.
type lifeState int

const (
	lifeUnknown lifeState = iota // no exp: nothing to count down
	lifeFine                     // more than 10% of its lifetime left
	lifeEnding                   // last 10% of its lifetime
	lifeExpired                  // past exp
)

// clock formats a duration as m:ss, h:mm:ss or Nd h:mm:ss.
func clock(d time.Duration) string {
	var b [24]byte
	return string(appendClock(b[:0], d))
}

// appendClock appends clock(d) to b; the countdowns build their texts in
// one buffer, so a tick allocates only the strings it shows.
func appendClock(b []byte, d time.Duration) []byte {
	if d < 0 {
		d = -d
	}
	s := int64(d / time.Second)
	days, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
	two := func(b []byte, n int64) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	switch {
	case days > 0:
		b = strconv.AppendInt(b, days, 10)
		b = append(b, "d "...)
		b = strconv.AppendInt(b, h, 10)
		b = append(b, ':')
		b = two(b, m)
	case h > 0:
		b = strconv.AppendInt(b, h, 10)
		b = append(b, ':')
		b = two(b, m)
	default:
		b = strconv.AppendInt(b, m, 10)
	}
	return two(append(b, ':'), sec)
}

// roughly says a duration of a day or more in the largest whole unit:
// "7 years" / "7y", "3 months" / "3mo", "2 days" / "2d". The exact
// instant is shown beside it (the expiry row).
func roughly(d time.Duration) (long, short string) {
	days := int64(d / (24 * time.Hour))
	unit := func(n int64, one, abbr string) (string, string) {
		if n == 1 {
			return "1 " + one, "1" + abbr
		}
		return fmt.Sprintf("%d %ss", n, one), fmt.Sprintf("%d%s", n, abbr)
	}
	switch {
	case days >= 365:
		return unit(days/365, "year", "y")
	case days >= 30:
		return unit(days/30, "month", "mo")
	}
	return unit(days, "day", "d")
}

// countdown is the countdown of one token at one instant.
type countdown struct {
	Text     string    // "expires in 1:59", "expired 0:12 ago", "no expiry"
	Short    string    // "1:59", "-0:12", "—" for narrow places
	State    lifeState //
	Fraction float64   // lifetime left, 0..1 (0 when unknown)
}

// countdownAt computes the countdown of d at now. The last 10% of the
// lifetime from iat to exp is "ending"; without iat, the last 30 seconds.
func countdownAt(d jose.Decoded, now time.Time) countdown {
	if d.ExpiresAt.IsZero() {
		if d.Format == jose.FormatOpaque {
			return countdown{Text: "opaque: the provider does not say when it expires", Short: "opaque", State: lifeUnknown}
		}
		return countdown{Text: "no expiry claim", Short: "—", State: lifeUnknown}
	}
	// Whole seconds, so the text changes exactly once per tick.
	left := d.ExpiresAt.Truncate(time.Second).Sub(now.Truncate(time.Second))
	if left <= 0 {
		if -left >= 24*time.Hour {
			long, short := roughly(-left)
			return countdown{Text: "expired " + long + " ago", Short: "-" + short, State: lifeExpired}
		}
		// One string holds both texts: "-0:12" and "expired 0:12 ago".
		var buf [48]byte
		b := appendClock(append(buf[:0], '-'), left)
		n := len(b)
		b = append(appendClock(append(b, "expired "...), left), " ago"...)
		both := string(b)
		return countdown{Text: both[n:], Short: both[:n], State: lifeExpired}
	}
	if left >= 24*time.Hour {
		long, short := roughly(left)
		return countdown{Text: "expires in " + long, Short: short, State: lifeFine}
	}
	var buf [48]byte
	text := string(appendClock(append(buf[:0], "expires in "...), left))
	c := countdown{Text: text, Short: text[len("expires in "):], State: lifeFine}
	if life, ok := d.Lifetime(); ok && life > 0 {
		c.Fraction = min(1, float64(left)/float64(life))
		if c.Fraction <= 0.10 {
			c.State = lifeEnding
		}
	} else if left <= 30*time.Second {
		c.State = lifeEnding
	}
	return c
}

// within marks an expiry no older than the clock skew allowance: the
// provider's clock may still count the token as valid, so it reads as
// ending rather than expired.
func (c countdown) within(d jose.Decoded, now time.Time, skew time.Duration) countdown {
	if c.State != lifeExpired || skew <= 0 || now.Sub(d.ExpiresAt) > skew {
		return c
	}
	c.State = lifeEnding
	c.Text += " (within the " + clock(skew) + " clock skew allowance)"
	return c
}
