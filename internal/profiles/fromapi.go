package profiles

import (
	"context"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/fromapi"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// FromAPI starts from an API URL (fromapi.Discover) with the providers'
// HTTP client; onStep, when set, is told of each step as it ends.
func (ps *Providers) FromAPI(ctx context.Context, r fromapi.Request, onStep func(fromapi.Step)) (*fromapi.Result, error) {
	env := ps.env
	// Recorded in the trace of ctx, if it names one (--trace, the window's
	// profiles).
	return fromapi.Discover(ctx, fromapi.Env{HTTP: trace.Client(env.HTTP, nil), Now: env.Now, OnStep: onStep}, r)
}

// DemoAPIURL starts the built-in demo provider if it is not running and
// returns the URL of its protected resource (/api/orders), to start from.
func (ps *Providers) DemoAPIURL() (string, error) {
	issuer, err := ps.demoIssuer()
	if err != nil {
		return "", err
	}
	return issuer + demoidp.APIPaths()[0], nil
}
