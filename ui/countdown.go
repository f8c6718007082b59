package ui

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
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
	Text     string             // "expires in 1:59", "expired 0:12 ago", "no expiry"
	Short    string             // "1:59", "-0:12", "—" for narrow places
	State    workspace.Standing // where the token is in its lifetime (workspace.LifeAt), or dead or refused
	Fraction float64            // lifetime left, 0..1 (0 when unknown)
}

// countdownAt computes the countdown of d at now; its state is
// workspace.LifeAt's, the one rule every place showing a token follows.
func countdownAt(d jose.Decoded, now time.Time) countdown {
	if d.ExpiresAt.IsZero() {
		st, _ := workspace.LifeAt(d, now, 0)
		if d.NotAToken != "" {
			return countdown{Text: "not a token: nothing to count down", Short: "—", State: st}
		}
		if d.Format == jose.FormatOpaque {
			return countdown{Text: "opaque: the provider does not say when it expires", Short: "opaque", State: st}
		}
		return countdown{Text: "no expiry claim", Short: "—", State: st}
	}
	// Whole seconds, so the text changes exactly once per tick.
	left := d.ExpiresAt.Truncate(time.Second).Sub(now.Truncate(time.Second))
	if left <= 0 {
		if -left >= 24*time.Hour {
			long, short := roughly(-left)
			return countdown{Text: "expired " + long + " ago", Short: "-" + short, State: workspace.StandingExpired}
		}
		// One string holds both texts: "-0:12" and "expired 0:12 ago".
		var buf [48]byte
		b := appendClock(append(buf[:0], '-'), left)
		n := len(b)
		b = append(appendClock(append(b, "expired "...), left), " ago"...)
		both := string(b)
		return countdown{Text: both[n:], Short: both[:n], State: workspace.StandingExpired}
	}
	if left >= 24*time.Hour {
		long, short := roughly(left)
		return countdown{Text: "expires in " + long, Short: short, State: workspace.StandingFine}
	}
	var buf [48]byte
	text := string(appendClock(append(buf[:0], "expires in "...), left))
	c := countdown{Text: text, Short: text[len("expires in "):]}
	c.State, c.Fraction = workspace.LifeAt(d, now, 0)
	return c
}

// within marks an expiry no older than the clock skew allowance: the
// provider's clock may still count the token as valid, so it reads as
// ending rather than expired.
func (c countdown) within(d jose.Decoded, now time.Time, skew time.Duration) countdown {
	if c.State != workspace.StandingExpired {
		return c
	}
	if st, _ := workspace.LifeAt(d, now, skew); st != workspace.StandingEnding {
		return c
	}
	c.State = workspace.StandingEnding
	c.Text += " (within the " + clock(skew) + " clock skew allowance)"
	return c
}

// as marks the countdown with what the snapshot says beyond the token's
// lifetime: a dead refresh token, refused tokens (workspace.StandingOf).
// Other standings leave it as it is.
func (c countdown) as(st workspace.Standing) countdown {
	switch st {
	case workspace.StandingDead:
		return countdown{Text: "dead: the provider refused it (invalid_grant) — log in again", Short: "dead", State: st}
	case workspace.StandingRefused:
		c.Text += " · refused"
		c.State = st
	}
	return c
}
