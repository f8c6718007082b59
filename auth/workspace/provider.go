package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// providerTimeout bounds resolving a provider (discovery, demo start-up).
const providerTimeout = 30 * time.Second

// errSuperseded is given to work whose generation ended before its
// provider was ready.
var errSuperseded = fmt.Errorf("superseded by a newer login or profile edit")

// needProvider calls next on the actor with the state's provider,
// resolving it on a background goroutine first when there is none yet.
func (e *entry) needProvider(st *state, next func(st *state, pr *oidc.Provider, err error)) {
	if st.prov != nil {
		next(st, st.prov, nil)
		return
	}
	gen, p := st.gen, st.profile.Clone()
	e.spawn(func() {
		ctx, cancel := context.WithTimeout(trace.WithOp(e.opCtx(), "discovery"), providerTimeout)
		built, err := e.ws.deps.Providers(ctx, p)
		cancel()
		e.post(func(st *state) {
			switch {
			case st.gen != gen:
				if built != nil {
					built.Close()
				}
				next(st, nil, errSuperseded)
				return
			case err != nil:
				st.provErr = err
			case st.prov == nil:
				st.prov, st.provErr = built, nil
				st.changed()
			default: // resolved twice at once: keep the first
				built.Close()
			}
			next(st, st.prov, err)
		})
	})
}
