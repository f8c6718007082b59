package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/fromapi"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// fromAPITimeout bounds one run of the chain from an API URL (four or five
// requests, a registration among them).
const fromAPITimeout = 60 * time.Second

// FromAPIResult is the outcome of StartFromAPI: what the chain found and
// the profile saved from it.
type FromAPIResult struct {
	*fromapi.Result
	// Saved is the operation saving the profile (its snapshot follows).
	Saved OpID
	// SecretKept is true when a registered client's secret went into the
	// keyring under the profile's name; KeyringErr says why not.
	SecretKept bool
	KeyringErr error
}

// StartFromAPI runs the chain from an API URL (fromapi.Discover: challenge,
// protected resource metadata, authorization server, registration) on a
// background goroutine, telling onStep of each step as it ends, then saves
// the profile it made — under r.Base.Name, or a free name made from the
// API — with a registered client's secret in the keyring, never in the
// config file. done gets the result; the caller logs in with the profile.
// onStep and done run on the background goroutine.
func (ws *Workspace) StartFromAPI(r fromapi.Request, onStep func(fromapi.Step), done func(FromAPIResult, error)) {
	ws.busy.add(1)
	go func() {
		defer ws.busy.add(-1)
		done(ws.startFromAPI(r, onStep))
	}()
}

func (ws *Workspace) startFromAPI(r fromapi.Request, onStep func(fromapi.Step)) (FromAPIResult, error) {
	// The chain's exchanges are recorded, then handed to the profile it
	// makes (its Trace shows how it was found).
	chain := trace.NewLog(0)
	ctx, cancel := context.WithTimeout(trace.WithOp(trace.WithLog(ws.ctx, chain), "from API"), fromAPITimeout)
	defer cancel()
	named := r.Base.Name != ""
	if named && ws.exists(r.Base.Name) {
		return FromAPIResult{}, fmt.Errorf("a profile named %q exists already: choose another name", r.Base.Name)
	}
	run := ws.deps.FromAPI
	if run == nil {
		run = func(ctx context.Context, r fromapi.Request, onStep func(fromapi.Step)) (*fromapi.Result, error) {
			return fromapi.Discover(ctx, fromapi.Env{HTTP: trace.Client(ws.httpClient(), nil), Now: ws.clock.Now, OnStep: onStep}, r)
		}
	}
	res, err := run(ctx, r, onStep)
	if err != nil {
		return FromAPIResult{Result: res}, err
	}
	p := res.Profile
	if !named {
		p.Name = ws.freeName(p.Name)
	}
	out := FromAPIResult{Result: res}
	if reg := res.Registration; reg != nil && reg.ClientSecret != "" {
		out.KeyringErr = ws.keys.Set(p.Name, keyring.SecretClientSecret, reg.ClientSecret)
		out.SecretKept = out.KeyringErr == nil
		if out.SecretKept {
			p.SecretSource = auth.SecretFromKeyring
		}
	}
	out.Result.Profile = p
	if out.Saved, err = ws.SaveProfile("", p); err != nil {
		return out, fmt.Errorf("saving the profile %s: %w", p.Name, err)
	}
	if e := ws.entry(p.Name); e != nil {
		e.trace.Adopt(chain)
	}
	return out, nil
}

// exists reports whether a profile is named name.
func (ws *Workspace) exists(name string) bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.entries[name] != nil
}

// freeName is name, or name-2, name-3… when it is taken.
func (ws *Workspace) freeName(name string) string {
	for i, n := 2, name; ; i++ {
		if !ws.exists(n) {
			return n
		}
		n = fmt.Sprintf("%s-%d", name, i)
	}
}

// DemoAPIURL is the URL of the built-in demo provider's protected resource
// (starting the provider if needed), to start from in the demo; "" and an
// error when the workspace has no demo provider.
func (ws *Workspace) DemoAPIURL() (string, error) {
	if ws.deps.DemoAPIURL == nil {
		return "", fmt.Errorf("no demo provider in this window")
	}
	return ws.deps.DemoAPIURL()
}
