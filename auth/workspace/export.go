package workspace

import (
	"github.com/tokeninspector/tokeninspector/auth/export"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// Export writes the profile's current tokens to path in format f (mode
// 0600: the file holds a live access token); no refresh token or client
// secret unless in asks for them. The result is an OpExport snapshot
// whose Path says where.
func (ws *Workspace) Export(profile string, f export.Format, path string, withRefresh, withSecret bool) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) {
		r := &OpResult{ID: id, Kind: OpExport, At: e.ws.clock.Now(), Path: path}
		ts, p := st.tokens, st.profile.Clone()
		e.needProvider(st, func(st *state, pr *oidc.Provider, err error) {
			if err != nil {
				r.Err = err
				st.finish(r)
				return
			}
			in := export.Input{Profile: p, Endpoints: pr.Endpoints(), Tokens: ts, IncludeRefreshToken: withRefresh, IncludeClientSecret: withSecret}
			e.spawn(func() { // file I/O off the actor
				data, err := export.Render(f, in)
				if err == nil {
					err = export.Write(path, data)
				}
				e.post(func(st *state) {
					r.Err = err
					st.finish(r)
				})
			})
		})
	})
}
