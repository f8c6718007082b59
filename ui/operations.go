package ui

// The window's table of workspace operations: for each kind, what the
// status line says when it ends and which view shows its answer. A new
// operation is one entry here plus, when its answer needs a view of its
// own, an answerSpec.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// windowOp is what the window does with the result of one kind of
// operation.
type windowOp struct {
	kind workspace.OpKind
	// done is the status line when the operation succeeded.
	done func(s workspace.Snapshot, r *workspace.OpResult) string
	// keepsTokens is set when a failure leaves the session's tokens in
	// place: the status line says they were kept.
	keepsTokens bool
	// answer, when set, is the view that shows the operation's answer,
	// selected when it succeeds.
	answer *answerSpec
	// report, when set, says how the operation ended in place of done
	// (logins, refreshes and the keyring end in more than two ways).
	report func(u *UI, s workspace.Snapshot, r *workspace.OpResult)
}

// answerSpec is a view showing an operation's answer as a token: its
// entry in the side navigation, and where the answer is in a snapshot.
type answerSpec struct {
	nav   string               // the navigation entry's title
	icon  func() fyne.Resource // the navigation entry's icon
	title string               // the view's heading
	empty string               // said while there is no answer
	// show finds the answer in s; heading, when not "", replaces the
	// view's heading; ok is false while there is no answer.
	show func(s workspace.Snapshot) (d jose.Decoded, heading string, ok bool)
	// ticks is set when the view's countdown runs every second.
	ticks bool
	// response, when set, describes an answer that is a JSON response and
	// not a token ("response · HTTP 200 · GET URL"); "" draws it as a token.
	response func(s workspace.Snapshot) string
}

// windowOps is every operation the window reports, in the order their
// answer views appear in the navigation.
func windowOps() []windowOp {
	at := func(r *workspace.OpResult) string { return r.At.Format("15:04:05") }
	return []windowOp{
		{kind: workspace.OpLogin, report: (*UI).reportLogin},
		{kind: workspace.OpRefresh, report: (*UI).reportRefresh},
		{kind: workspace.OpRestore, report: (*UI).reportRestore},
		{kind: workspace.OpUseAnyway, keepsTokens: true, report: (*UI).reportUseAnyway},
		{kind: workspace.OpSync, done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "Tokens updated by another Token Inspector process (" + at(r) + "): shown without a request."
		}},
		{kind: workspace.OpRemember, report: (*UI).reportRemember},
		{kind: workspace.OpForget, report: (*UI).reportForget},
		{kind: workspace.OpSave, report: (*UI).reportSave},
		{kind: workspace.OpDelete, report: (*UI).reportDelete},
		{kind: workspace.OpExport, done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "Exported to " + r.Path + " (mode 0600: it holds a live access token; no refresh token or client secret)."
		}},
		{kind: workspace.OpUserinfo, keepsTokens: true, answer: userinfoAnswer(), done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "Userinfo answered " + at(r) + "."
		}},
		{kind: workspace.OpInspect, keepsTokens: true, done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "The introspection endpoint answered " + at(r) + " (shown under the token's header)."
		}},
		{kind: workspace.OpRevoke, keepsTokens: true, done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "Revoked " + at(r) + " (the token view marks it; introspection confirms where the provider has it)."
		}},
		{kind: workspace.OpLogout, keepsTokens: true, done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "Logged out " + at(r) + ": the provider ended the session and the window forgot its tokens."
		}},
		{kind: workspace.OpCall, keepsTokens: true, report: (*UI).reportCall},
		{kind: workspace.OpExchange, keepsTokens: true, answer: exchangedAnswer(), done: func(_ workspace.Snapshot, r *workspace.OpResult) string {
			return "Token exchanged " + at(r) + " · issued_token_type " + orDash(r.New.IssuedTokenType)
		}},
	}
}

// windowOpOf is the table's entry for kind k.
func windowOpOf(k workspace.OpKind) (windowOp, bool) {
	for _, op := range windowOps() {
		if op.kind == k {
			return op, true
		}
	}
	return windowOp{}, false
}

// userinfoAnswer is the Userinfo view: the userinfo endpoint's claims.
func userinfoAnswer() *answerSpec {
	return &answerSpec{
		nav: "Userinfo", icon: theme.AccountIcon, title: "Userinfo",
		empty: "Provider ▸ Userinfo calls the userinfo endpoint with the access token.",
		show: func(s workspace.Snapshot) (jose.Decoded, string, bool) {
			switch ui := s.Userinfo; {
			case ui == nil:
				return jose.Decoded{}, "", false
			case ui.JWT != nil:
				return *ui.JWT, "Userinfo · a signed JWT answer (application/jwt)", true
			default:
				return jose.DecodeClaimsJSON(ui.Raw), "", true
			}
		},
		// The userinfo endpoint answers JSON (OpenID Connect Core §5.3.2):
		// a response with claims, not a token.
		response: func(s workspace.Snapshot) string {
			if ui := s.Userinfo; ui == nil || ui.JWT != nil {
				return ""
			}
			return "response · HTTP 200 · GET " + orDash(s.Endpoints.UserinfoURL) + " · application/json"
		},
	}
}

// exchangedAnswer is the Exchanged view: the last token exchange's token.
func exchangedAnswer() *answerSpec {
	return &answerSpec{
		nav: "Exchanged", icon: theme.MailForwardIcon, title: "Exchanged token",
		empty: "Provider ▸ Token exchange… trades the access token (or the ID token, or a pasted one) for another (RFC 8693).",
		show: func(s workspace.Snapshot) (jose.Decoded, string, bool) {
			ex := s.Exchanged
			if ex == nil {
				return jose.Decoded{}, "", false
			}
			heading := "Exchanged token · " + orDash(ex.IssuedTokenType)
			if r := s.ExchangedRefused; r != nil {
				heading += " · REFUSED: its ID token fails the “" + r.Check + "” check (shown for inspection only)"
			}
			return ex.Access, heading, true
		},
		ticks: true,
	}
}
