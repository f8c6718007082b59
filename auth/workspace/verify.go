package workspace

import (
	"context"
	"maps"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// verifyTimeout bounds one signature check (JWKS fetch included).
const verifyTimeout = 15 * time.Second

// verify checks the signature of every JWT of the current tokens in the
// background, and introspects the opaque ones where the provider can;
// results for tokens that are no longer current are dropped.
func (e *entry) verify(st *state) {
	if st.tokens != nil && st.prov == nil && st.provErr == nil {
		// A restored or adopted set came without a request: resolve the
		// provider (in the background) to check it.
		e.needProvider(st, func(st *state, pr *oidc.Provider, err error) {
			if err == nil {
				e.verify(st)
			}
		})
		return
	}
	e.introspectOpaque(st)
	ts, pr := st.tokens, st.prov
	if ts == nil || pr == nil {
		return
	}
	for _, d := range []jose.Decoded{ts.Access, ts.Refresh, ts.ID} {
		if d.Format != jose.FormatJWT {
			continue
		}
		if _, done := st.sigs[d.Raw]; done {
			continue
		}
		e.spawn(func() {
			ctx, cancel := context.WithTimeout(trace.WithOp(e.opCtx(), "verify"), verifyTimeout)
			v := pr.Verifier().Verify(ctx, d)
			cancel()
			e.post(func(st *state) {
				if st.tokens != ts {
					return
				}
				sigs := maps.Clone(st.sigs)
				if sigs == nil {
					sigs = map[string]check.Verification{}
				}
				sigs[d.Raw] = v
				st.sigs = sigs
				st.changed()
			})
		})
	}
}
