package workspace

import (
	"slices"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// State is what a profile's session is doing.
type State int

// The states of a session.
const (
	LoggedOut  State = iota // no tokens
	LoggingIn               // a login waits for the browser (tokens may still be shown)
	LoggedIn                // tokens present, nothing in flight
	Refreshing              // a refresh is in flight (tokens still shown)
)

func (s State) String() string {
	switch s {
	case LoggingIn:
		return "logging in"
	case LoggedIn:
		return "logged in"
	case Refreshing:
		return "refreshing"
	}
	return "logged out"
}

// OpID names one command's operation, so a front end can tell the result
// of its own command from the others (auto-refresh, other windows).
type OpID uint64

// OpKind says what an operation did.
type OpKind string

// Operation kinds.
const (
	OpLogin    OpKind = "login"
	OpRefresh  OpKind = "refresh"
	OpRestore  OpKind = "restore"  // the remembered session read from the keyring
	OpRemember OpKind = "remember" // Remember switched on: the session stored
	OpForget   OpKind = "forget"   // Remember switched off: the stored secrets deleted
	OpSave     OpKind = "save"     // the profile saved (or renamed) to the config file
	OpDelete   OpKind = "delete"   // the profile deleted
	OpSync     OpKind = "sync"     // another process rotated the remembered session: its tokens adopted
	OpExport   OpKind = "export"   // the tokens written to a file for another tool
	OpUserinfo OpKind = "userinfo" // the userinfo endpoint called with the access token
	OpInspect  OpKind = "introspect"
	OpRevoke   OpKind = "revoke"
	OpLogout   OpKind = "logout"   // RP-initiated logout in the browser; the session cleared
	OpExchange OpKind = "exchange" // a token exchange (RFC 8693); its tokens in Snapshot.Exchanged
	OpCall     OpKind = "call"     // a request to an API with the access token; its answer in Snapshot.Call
)

// Cause says who asked for a refresh.
type Cause int

// Causes.
const (
	Manual Cause = iota // the user
	Auto                // auto-refresh
)

// OpResult is how an operation ended.
type OpResult struct {
	ID OpID
	// Joined lists the commands that joined this operation while it ran.
	Joined []OpID
	Kind   OpKind
	Cause  Cause
	At     time.Time
	// Err is nil on success. auth.NeedsLogin(Err) says the refresh token is dead.
	Err error
	// Dropped is true when the result belonged to an older generation (a
	// login or a profile edit came in between) and was thrown away unseen.
	Dropped bool
	// StoreErr says why the keyring does not hold the new state (nil when
	// it does, or when Remember is off). errors.Is(StoreErr,
	// keyring.ErrNoKeyring) means memory only for this run.
	StoreErr error
	// Adopted is set when the new tokens came from another Token Inspector
	// process (it rotated the remembered session first): no request was sent.
	Adopted bool
	// Old and New are the token sets before and after (nil when unknown);
	// for OpSave, Old is the session the change ended (nil: none ended).
	Old, New *auth.TokenSet
	// Path is the config file written (OpSave, OpDelete, OpRemember, OpForget).
	Path string
}

// Answers reports whether r is the result of the command that returned id.
func (r *OpResult) Answers(id OpID) bool {
	return r != nil && id != 0 && (r.ID == id || slices.Contains(r.Joined, id))
}

// OK reports whether the operation succeeded and was kept.
func (r *OpResult) OK() bool { return r != nil && r.Err == nil && !r.Dropped }

// Prompt is what a waiting login needs from the user.
type Prompt struct {
	URL string // the authorization URL (device login: the verification URI), to open or copy
	// OpenErr is set when the browser could not be opened: the user must
	// copy URL into one.
	OpenErr error
	// Device is set during a device login: the user code, where to enter
	// it, and when it expires. Poll is the last poll's answer
	// (authorization_pending, slow_down).
	Device *oidc.DeviceAuthorization
	Poll   string
}

// RememberState is the profile's "Remember this session" state.
type RememberState struct {
	On bool
	// StoredRefresh and StoredSecret say what the keyring holds for the
	// profile, as far as this process knows.
	StoredRefresh, StoredSecret bool
	// Stale is set when the last write to the keyring failed: the keyring
	// holds an older refresh token (or none).
	Stale error
	// MemoryOnly is set once no keyring was reachable: remembered sessions
	// last until the app quits.
	MemoryOnly bool
}

// AutoState is the profile's auto-refresh state.
type AutoState struct {
	On   bool
	Lead time.Duration // refresh this long before the access token expires
	// Next is when the next automatic refresh is due (zero: none planned).
	Next time.Time
	// Fails counts automatic refreshes that failed in a row for the
	// current tokens; Dead is set once the provider said they are dead, or
	// a refresh was cut off after it was sent (oidc.MaybeConsumed): no
	// automatic refresh resends that refresh token.
	Fails int
	Dead  bool
}

// Snapshot is one profile's state at a moment. It is immutable: never
// change it or anything it points to (token sets are shared between
// snapshots).
type Snapshot struct {
	Profile auth.Profile
	// Seq grows with every snapshot of the profile.
	Seq uint64
	// Generation grows when a login or a profile edit replaces the token family.
	Generation uint64
	State      State
	Prompt     *Prompt        // while a login waits for the browser
	Tokens     *auth.TokenSet // nil when logged out; a failure never clears it
	// Restored is set while Tokens is the session read from the keyring:
	// a refresh token only, no access token yet.
	Restored bool
	// Refused is set while Tokens came in an answer that fails a check a
	// client MUST make (auth.RefusedAnswerError): they are shown, but not
	// remembered, auto-refreshed or copied until UseAnyway clears it.
	Refused *Refusal
	// Endpoints are the provider's endpoints once resolved (zero before).
	Endpoints discovery.Resolved
	// ProviderNotes are what the checks of the provider's metadata and keys
	// allowed but a user should see: endpoints on another host than the
	// issuer, ignored or weak keys of its JWKS; and what was chosen for a
	// scope or client authentication the profile leaves unset (oidc.Defaults).
	ProviderNotes []string
	// Signatures holds the signature check of each JWT in Tokens, by the
	// token's raw text; missing while a check runs.
	Signatures map[string]check.Verification
	// Checks holds the validation report of each token in Tokens (the
	// signature, the OpenID Connect or RFC 9068 rules, the clock skew,
	// and why a token cannot be verified), by the token's raw text, as of
	// the moment the snapshot was published (ChecksAt recomputes them).
	// A JWT whose signature check is still running reads "not checked".
	Checks map[string]check.Report
	LastOp *OpResult
	// History is the profile's logins, refreshes and the rest, oldest
	// first, at most historyCap; snapshots share it (read it, never write
	// into it; an append to it makes a copy).
	History []history.Event
	// HistoryStart counts the events the cap has dropped from the front of
	// the history since the workspace began: History[i] is the profile's
	// event number HistoryStart+i, so an entry keeps its number while newer
	// ones push older ones out.
	HistoryStart uint64
	// HistoryErr says why the history saved by an earlier run could not be
	// read (History then starts empty; the file is replaced at the next event).
	HistoryErr error
	Remember   RememberState
	Auto       AutoState
	// AutoRelogin is set when a dead refresh token starts a browser login
	// by itself (SetAutoRelogin).
	AutoRelogin bool
	// Deleted is set on the last snapshot of a deleted (or renamed) profile.
	Deleted bool
	// Answers is what the provider's other endpoints said (userinfo,
	// introspection, revocation, token exchange); its fields read as the
	// snapshot's own (s.Userinfo).
	Answers
	// Trace is the profile's HTTP exchanges, oldest first, redacted, at
	// most trace.DefaultCap (shared between snapshots: never write into it).
	Trace []trace.Entry
}
