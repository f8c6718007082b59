package workspace

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/auth/fromapi"

	"github.com/jonboulle/clockwork"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// Deps is what a workspace needs from the outside; zero fields get working
// defaults, so tests inject only what they fake.
type Deps struct {
	// Config holds the user's profiles and is saved when they change; nil
	// means the built-in profiles and nothing saved.
	Config *config.Config
	// AdHoc is a profile built from command-line flags: listed (replacing
	// a profile of the same name) but saved only when SaveProfile is asked.
	AdHoc *auth.Profile
	// Providers resolves a profile (discovery, the demo provider); required.
	Providers func(ctx context.Context, p auth.Profile) (*oidc.Provider, error)
	// Secrets keeps remembered sessions (the OS keyring); nil => memory.
	Secrets keyring.SecretStore
	// KeyringTimeout bounds each wait for the keyring; 0 => keyring.DefaultKeyringTimeout.
	KeyringTimeout time.Duration
	// Clock drives auto-refresh and timestamps; nil => the real clock.
	Clock clockwork.Clock
	// HistoryDir keeps each profile's history across restarts (claims and
	// metadata, never tokens); "" => a "history" folder beside the config
	// file, or nothing kept without one.
	HistoryDir string
	// Locks, when set, shares remembered sessions with other processes
	// (remembered.DefaultLocks): refreshes take a per-profile lock, and a
	// rotation made elsewhere is picked up within SyncInterval.
	Locks *remembered.Locks
	// Register registers a profile as a new client (RFC 7591) and returns
	// it with the client in it; nil => oidc.Register with HTTP.
	Register func(ctx context.Context, p auth.Profile) (auth.Profile, *oidc.Registration, error)
	// FromAPI starts from an API URL (StartFromAPI); nil => fromapi.Discover
	// with HTTP.
	FromAPI func(ctx context.Context, r fromapi.Request, onStep func(fromapi.Step)) (*fromapi.Result, error)
	// DemoAPIURL is the demo provider's protected resource URL (starting
	// it); nil => no demo API offered.
	DemoAPIURL func() (string, error)
	// HTTP fetches metadata and keys for pasted tokens (InspectPasted);
	// nil => a client with auth.DefaultHTTPTimeout.
	HTTP *http.Client
}

// SyncInterval is how often a remembered session is checked for a rotation
// made by another process.
const SyncInterval = time.Second

// Workspace holds every profile's session. It is safe for concurrent use;
// its commands never block on the network, the browser or the keyring.
type Workspace struct {
	deps  Deps
	clock clockwork.Clock
	keys  *keyring.KeyringWorker
	// sessions keeps remembered token sets in keys, shared through Deps.Locks.
	sessions *remembered.Store
	ctx      context.Context // background work; cancelled by Close
	cancel   context.CancelFunc
	busy     *busy
	ops      atomic.Uint64
	config   *configWriter
	history  *historyFiles

	mu       sync.Mutex // guards profiles, entries, subs
	profiles []auth.Profile
	entries  map[string]*entry
	subs     []*subscriber
}

// New builds a workspace over d's profiles and starts restoring the
// remembered sessions from the keyring.
func New(d Deps) *Workspace {
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	if d.Secrets == nil {
		d.Secrets = keyring.NewMemoryStore()
	}
	ws := &Workspace{deps: d, clock: d.Clock, entries: map[string]*entry{}}
	ws.busy = newBusy(d.Clock)
	ws.ctx, ws.cancel = context.WithCancel(context.Background())
	ws.keys = keyring.NewKeyringWorker(d.Secrets, d.KeyringTimeout)
	ws.sessions = &remembered.Store{Secrets: ws.keys, Locks: d.Locks, Now: d.Clock.Now}
	ws.config = &configWriter{cfg: d.Config}
	ws.history = newHistoryFiles(historyDir(d), ws.busy)
	ws.profiles = listProfiles(d.Config, d.AdHoc)
	for _, p := range ws.profiles {
		e := newEntry(ws, p)
		ws.entries[p.Name] = e
		if p.Remember {
			e.post(func(st *state) { e.restore(st) })
		}
	}
	return ws
}

// listProfiles is the config's profiles (or the built-in ones) with the
// ad-hoc profile in place of its namesake, or last.
func listProfiles(cfg *config.Config, adHoc *auth.Profile) []auth.Profile {
	var ps []auth.Profile
	if cfg != nil {
		ps = cfg.All()
	} else {
		ps = auth.BuiltinProfiles()
	}
	if adHoc != nil {
		if i := slices.IndexFunc(ps, func(p auth.Profile) bool { return p.Name == adHoc.Name }); i >= 0 {
			ps[i] = adHoc.Clone()
		} else {
			ps = append(ps, adHoc.Clone())
		}
	}
	return ps
}

// Profiles returns the profiles in display order.
func (ws *Workspace) Profiles() []auth.Profile {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	out := make([]auth.Profile, len(ws.profiles))
	for i, p := range ws.profiles {
		out[i] = p.Clone()
	}
	return out
}

// ConfigPath is where profiles are saved ("" when there is no config file).
func (ws *Workspace) ConfigPath() string {
	if ws.deps.Config == nil {
		return ""
	}
	return ws.deps.Config.Path()
}

// Snapshot returns the profile's latest snapshot; ok is false for an
// unknown profile.
func (ws *Workspace) Snapshot(profile string) (Snapshot, bool) {
	e := ws.entry(profile)
	if e == nil {
		return Snapshot{}, false
	}
	return *e.snap.Load(), true
}

// Now is the workspace's clock.
func (ws *Workspace) Now() time.Time { return ws.clock.Now() }

func (ws *Workspace) entry(profile string) *entry {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.entries[profile]
}

// command posts step to the profile's actor under a new operation id; it
// returns 0 for an unknown profile.
func (ws *Workspace) command(profile string, step func(e *entry, st *state, id OpID)) OpID {
	e := ws.entry(profile)
	if e == nil {
		return 0
	}
	id := OpID(ws.ops.Add(1))
	e.post(func(st *state) { step(e, st, id) })
	return id
}

// Wait blocks until no command, background request or snapshot delivery
// is in flight and no auto-refresh is due on the clock; for tests and for
// a command line that runs one operation. A login waiting for a browser
// that never answers keeps it waiting.
func (ws *Workspace) Wait() { ws.busy.wait() }

// Close cancels background work, stops auto-refresh and the keyring
// worker, and releases the providers. Snapshots already queued are still
// delivered.
func (ws *Workspace) Close() {
	ws.cancel()
	ws.mu.Lock()
	entries := make([]*entry, 0, len(ws.entries))
	for _, e := range ws.entries {
		entries = append(entries, e)
	}
	ws.mu.Unlock()
	for _, e := range entries {
		e.post(func(st *state) {
			st.stopTimer(e)
			if st.prov != nil {
				st.prov.Close()
				st.prov = nil
			}
		})
	}
	ws.busy.wait()
	ws.keys.Close()
}

// wait waits d on the workspace's clock, or until ctx ends.
func (ws *Workspace) wait(ctx context.Context, d time.Duration) error {
	select {
	case <-ws.clock.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// errNoProfile is an unknown profile name.
var errNoProfile = errors.New("no such profile")
