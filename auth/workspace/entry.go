package workspace

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// historyCap bounds a profile's history: a day of 2-minute tokens.
const historyCap = 1000

// entry is one profile's actor: steps posted to it run one at a time, in
// order, on a goroutine that exists only while there is work.
type entry struct {
	ws *Workspace

	mu      sync.Mutex // guards queue, running
	queue   []func(*state)
	running bool

	st   *state // touched only by the step running now
	snap atomic.Pointer[Snapshot]
	// trace records the profile's HTTP exchanges, redacted (Snapshot.Trace).
	trace *trace.Log
}

// state is a profile's session; only the entry's steps touch it.
type state struct {
	profile auth.Profile
	gen     uint64
	prov    *oidc.Provider // for gen; nil until first needed
	provErr error

	tokens   *auth.TokenSet
	restored bool
	refused  *Refusal // set while tokens came in a refused answer (refused.go)
	sigs     map[string]check.Verification

	login   *loginOp
	refresh *refreshOp
	lastOp  *OpResult
	profileHistory
	autoRelogin bool // relogin.go

	remember RememberState
	auto     autoRun
	timer    *autoTimer
	sharedSession

	seq     uint64
	deleted bool
	dirty   bool

	answers Answers // userinfo, introspections, revocations, exchange
}

// profileHistory is a profile's history and what saving it needs.
type profileHistory struct {
	history historyLog
	// historyDirty is set when history changed in this step (history.go);
	// historyErr is why the saved history could not be read.
	historyDirty bool
	historyErr   error
	historyName  string // the profile name its history file was last written under
}

// sharedSession follows the remembered session other processes may
// rotate (sync.go).
type sharedSession struct {
	stamp string     // the remembered session's change marker as last seen
	poll  *autoTimer // the next check for another process's rotation
}

func newEntry(ws *Workspace, p auth.Profile) *entry {
	e := &entry{ws: ws, st: &state{profile: p}, trace: trace.NewLog(0)}
	// A new exchange is shown at once, also while its operation runs.
	e.trace.OnChange(func() { e.post(func(st *state) { st.changed() }) })
	e.st.remember.On = p.Remember
	e.st.auto.lead = DefaultAutoLead
	saved, err := ws.history.load(p.Name)
	for _, ev := range saved {
		e.st.history.add(ev)
	}
	e.st.historyErr = err
	if len(saved) > 0 {
		e.st.historyName = p.Name
	}
	e.st.dirty = true
	e.publish(e.st)
	return e
}

// post queues a step; it never blocks.
func (e *entry) post(step func(*state)) {
	e.ws.busy.add(1)
	e.mu.Lock()
	e.queue = append(e.queue, step)
	start := !e.running
	e.running = true
	e.mu.Unlock()
	if start {
		go e.drain()
	}
}

func (e *entry) drain() {
	for {
		e.mu.Lock()
		if len(e.queue) == 0 {
			e.running = false
			e.mu.Unlock()
			return
		}
		step := e.queue[0]
		e.queue = e.queue[1:]
		e.mu.Unlock()
		step(e.st)
		e.saveHistory(e.st)
		e.schedule(e.st)
		e.schedulePoll(e.st)
		if e.st.dirty {
			e.publish(e.st)
		}
		e.ws.busy.add(-1)
	}
}

// spawn runs slow work off the actor; it reports back with post.
func (e *entry) spawn(work func()) {
	e.ws.busy.add(1)
	go func() {
		defer e.ws.busy.add(-1)
		work()
	}()
}

// opCtx is the context of background work; Close cancels it. Its
// requests are recorded in the profile's trace.
func (e *entry) opCtx() context.Context { return trace.WithLog(e.ws.ctx, e.trace) }

// publish makes a snapshot of st current and hands it to the subscribers.
func (e *entry) publish(st *state) {
	st.dirty = false
	st.seq++
	s := &Snapshot{
		Profile:      st.profile.Clone(),
		Seq:          st.seq,
		Generation:   st.gen,
		State:        st.sessionState(),
		Tokens:       st.tokens,
		Restored:     st.restored,
		Refused:      st.refused,
		Signatures:   maps.Clone(st.sigs),
		LastOp:       st.lastOp,
		History:      st.history.view(),
		HistoryStart: st.history.dropped,
		HistoryErr:   st.historyErr,
		AutoRelogin:  st.autoRelogin,
		Remember:     st.remember,
		Auto:         st.auto.public(),
		Deleted:      st.deleted,
		Answers:      st.answers,
		Trace:        e.trace.Entries(),
	}
	if st.prov != nil {
		s.Endpoints = st.prov.Endpoints()
		s.ProviderNotes = append(s.ProviderNotes, s.Endpoints.Notes...)
		s.ProviderNotes = append(s.ProviderNotes, st.prov.Defaults().Lines()...) // what was chosen for an unset scope or client authentication
		if rep, ok := st.prov.Verifier().JWKSReport(); ok {
			s.ProviderNotes = append(s.ProviderNotes, rep.Problems...)
		}
		if c := st.prov.Certificate(); c != nil {
			if w := c.Summary().ExpiryWarning(e.ws.clock.Now()); w != "" {
				s.ProviderNotes = append(s.ProviderNotes, w) // also in the profile form; here for whoever never opens it
			}
		}
	}
	if st.login != nil && st.login.prompt != nil {
		p := *st.login.prompt
		s.Prompt = &p
	}
	s.Checks = checksOf(s, e.ws.clock.Now())
	e.snap.Store(s)
	e.ws.deliver(*s)
}

func (st *state) sessionState() State {
	switch {
	case st.login != nil:
		return LoggingIn
	case st.refresh != nil:
		return Refreshing
	case st.tokens != nil:
		return LoggedIn
	}
	return LoggedOut
}

// changed marks the state to be published after this step.
func (st *state) changed() { st.dirty = true }

// record appends a history event, keeping at most historyCap.
func (st *state) record(ev history.Event) {
	st.historyDirty = true
	st.history.add(ev)
}

// finish sets the last operation's result.
func (st *state) finish(r *OpResult) {
	st.lastOp = r
	st.changed()
}

// newGeneration starts a new token family: results of work that started
// before are dropped when they arrive, and the provider is kept only when
// keepProvider is set.
func (st *state) newGeneration(keepProvider bool) {
	st.gen++
	st.refresh = nil // its result is dropped when it arrives
	if !keepProvider && st.prov != nil {
		st.prov.Close()
		st.prov, st.provErr = nil, nil
	}
	st.changed()
}
