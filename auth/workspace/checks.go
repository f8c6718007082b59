package workspace

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
)

// checksOf is the validation report of each token of s, by the token's raw
// text: the signature results already known (Signatures), the profile's
// client id and settings, the discovery issuer and clock skew, and the
// login's nonce and code, at now; with the FAPI 2.0 profile, the access
// token's report carries the FAPI checks. It does no I/O (see
// check.ValidateTokens).
func checksOf(s *Snapshot, now time.Time) map[string]check.Report {
	ts := s.Tokens
	if ts == nil {
		return nil
	}
	v := check.ValidateTokens(s.Profile, s.Endpoints, ts, s.Signatures, now)
	// The FAPI 2.0 checks are about the whole exchange: the window lists
	// them with the access token's.
	v.Access.Checks = append(v.Access.Checks, v.FAPI2...)
	if c, ok := deadRefreshCheck(s); ok {
		v.Refresh.Checks = append(v.Refresh.Checks, c)
	}
	out := make(map[string]check.Report, 3)
	for _, t := range []struct {
		raw string
		r   check.Report
	}{{ts.AccessToken, v.Access}, {ts.RefreshToken, v.Refresh}, {ts.IDToken, v.ID}} {
		if t.raw != "" {
			out[t.raw] = t.r
		}
	}
	return out
}

// ChecksAt recomputes the validation reports of s's tokens at now, for a
// view whose tokens crossed exp or nbf since the snapshot was published
// (the reports in Checks are as of then). It does no I/O.
func (s Snapshot) ChecksAt(now time.Time) map[string]check.Report {
	return checksOf(&s, now)
}
