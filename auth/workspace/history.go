package workspace

import (
	"github.com/tokeninspector/tokeninspector/auth"
)

// saveHistory hands the profile's history to the history files when the
// step changed it, moves it when the profile was renamed, and removes it
// when the profile was deleted.
func (e *entry) saveHistory(st *state) {
	name := st.profile.Name
	switch {
	case st.deleted:
		if st.historyName != "" || st.historyDirty {
			e.ws.history.save(name, nil)
			st.historyName = ""
		}
		st.historyDirty = false
		return
	case st.historyName != "" && st.historyName != name: // renamed
		e.ws.history.save(st.historyName, nil)
		st.historyDirty = true
	}
	if !st.historyDirty {
		return
	}
	st.historyDirty = false
	st.historyName = name
	e.ws.history.save(name, append([]auth.Event(nil), st.history...))
}
