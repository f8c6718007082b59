package fromapi

import "errors"

// The chain's steps, in order.
const (
	StepChallenge           = "challenge"
	StepResourceMetadata    = "resource metadata"
	StepAuthorizationServer = "authorization server"
	StepRegistration        = "client registration"
)

// Steps lists the chain's steps in order, for a view that shows them all
// before they run.
var Steps = []string{StepChallenge, StepResourceMetadata, StepAuthorizationServer, StepRegistration}

// Step is one finished step: what it found, or why it failed.
type Step struct {
	Name   string
	Detail string // what was found (when Err is nil)
	Err    error
}

// Failures named by the chain's errors (errors.Is).
var (
	// ErrNoChallenge: the API answered without a Bearer challenge, and no
	// metadata was at the well-known locations either.
	ErrNoChallenge = errors.New("no challenge")
	// ErrNoMetadata: no protected resource metadata where it was looked for.
	ErrNoMetadata = errors.New("no protected resource metadata")
	// ErrNoASMetadata: the authorization server publishes no usable metadata.
	ErrNoASMetadata = errors.New("no authorization server metadata")
	// ErrNoRegistration: no client id given and no registration endpoint.
	ErrNoRegistration = errors.New("no registration endpoint and no client id")
)

// StepError is the chain's failure: the step, and why. A resource that
// does not match is a *discovery.ResourceMismatchError inside, a refused
// registration an *oidc.RegistrationError (errors.As).
type StepError struct {
	Step string
	Err  error
}

// Error says which step failed and why.
func (e *StepError) Error() string { return "start from the API: " + e.Step + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }
