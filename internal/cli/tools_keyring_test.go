package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// toolsEnv is a demo provider, a fake Kubernetes API server and a git
// remote, a config whose profile serves that remote, and the built command
// logged in with --remember through the real Secret Service: what kubectl
// and git find on a developer's machine.
type toolsEnv struct {
	bin, cfg, iss string
	profile       string // logged in, remembered
	nobody        string // never logged in
	idp           *demoidptest.Handler
	gate          *demoidptest.RefreshGate // can hold refresh requests at the provider
	kube          *kubeAPI
	git           *gitRemote
	login         setJSON
}

var profileSuffix = regexp.MustCompile(`[^a-z0-9]+`)

func newToolsEnv(t *testing.T, opts demoidp.Options) *toolsEnv {
	t.Helper()
	if os.Getenv("TOKENINSPECTOR_TEST_REAL_KEYRING") != "1" {
		t.Skip("needs a real Secret Service shared with the built command: run scripts/test-keyring.sh")
	}
	opts.AutoApprove, opts.KeyBits = true, 1024
	idp, err := demoidp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	gate := demoidptest.NewRefreshGate(idp.Handler())
	h := demoidptest.Wrap(gate)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	// The keyring is shared by every process of this user: names no other test uses.
	name := fmt.Sprintf("qa-%s-%d", profileSuffix.ReplaceAllString(strings.ToLower(t.Name()), "-"), os.Getpid())
	e := &toolsEnv{bin: buildCLI(t), cfg: filepath.Join(t.TempDir(), "config.json"), iss: srv.URL,
		profile: name, nobody: name + "-nobody", idp: h, gate: gate, kube: newKubeAPI(t, srv.URL), git: newGitRemote(t, srv.URL)}
	profile := func(name string, hosts []string) map[string]any {
		return map[string]any{"name": name, "issuer": srv.URL, "client_id": demoidp.DemoClientID,
			"client_secret": demoidp.DemoClientSecret, "scopes": []string{"openid", "profile", "email"}, "git_hosts": hosts}
	}
	b, _ := json.Marshal(map[string]any{"profiles": []any{profile(e.profile, []string{e.git.host()}), profile(e.nobody, nil)}})
	if err := os.WriteFile(e.cfg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	withFakeBrowser(t)
	store := &remembered.Store{Secrets: keyring.NewKeyringStore()}
	t.Cleanup(func() { store.Delete(e.profile) })
	code, out, errs := runBinary(t, os.Environ(), "", e.bin, "login", "--profile", e.profile, "--config", e.cfg, "--remember")
	if json.Unmarshal([]byte(out), &e.login); code != 0 || e.login.IDToken == "" {
		t.Fatalf("login --remember: exit %d: %s", code, errs)
	}
	return e
}

// kubeconfig runs the built command as the exec plugin of profile.
func (e *toolsEnv) kubeconfig(t *testing.T, api, profile string, extra ...string) string {
	return writeKubeconfig(t, e.kube, api, e.bin,
		append([]string{"token", "--profile", profile, "--config", e.cfg, "--format", "exec-credential"}, extra...)...)
}

// helper is the git credential helper command line.
func (e *toolsEnv) helper(extra ...string) string {
	return "!" + strings.Join(append([]string{e.bin, "git-credential", "--config", e.cfg}, extra...), " ")
}

// kubectl authenticates with the remembered ID token through the exec
// plugin, in every exec apiVersion it speaks, and never opens a browser
// when nothing is remembered; git clones with the remembered access token,
// and after the provider revoked it, git's erase makes the next clone
// refresh.
func TestKeyringRealKubectlAndGitUseTheRememberedSession(t *testing.T) {
	e := newToolsEnv(t, demoidp.Options{AccessTTL: 10 * time.Minute, IDTTL: 10 * time.Minute})
	minor := kubectlMinor(t)
	t.Logf("kubectl 1.%d: exec plugin apiVersions %v", minor, execAPIsOf(minor))
	for _, api := range execAPIsOf(minor) {
		code, out, errs := runKubectl(t, e.kubeconfig(t, api, e.profile))
		seen := e.kube.accepted()
		if code != 0 || !strings.Contains(out, `"PodList"`) || len(seen) == 0 || seen[len(seen)-1] != e.login.IDToken {
			t.Fatalf("kubectl 1.%d with %s: exit %d, %q, %s; want the pods, authenticated with the remembered ID token", minor, api, code, out, errs)
		}
	}
	authorize := e.idp.Stats().AuthorizeRequests
	code, out, errs := runKubectl(t, e.kubeconfig(t, execAPIsOf(minor)[0], e.nobody, "--login"))
	if code == 0 || out != "" || !strings.Contains(errs, "tokeninspector login --profile "+e.nobody) || e.idp.Stats().AuthorizeRequests != authorize {
		t.Errorf("kubectl, nothing remembered: exit %d, %q, %s; want a failure naming the login, no browser", code, out, errs)
	}

	if code, errs := gitClone(t, e.git, e.helper()); code != 0 {
		t.Fatalf("git clone with the helper: exit %d: %s", code, errs)
	}
	if accepted, _ := e.git.counts(); len(accepted) == 0 || accepted[len(accepted)-1] != e.login.AccessToken {
		t.Fatal("git did not authenticate with the remembered access token")
	}

	revokeAtProvider(t, e.iss, e.login.AccessToken)
	grants := e.idp.Stats().RefreshGrants
	_, refusedBefore := e.git.counts()
	if code, _ := gitClone(t, e.git, e.helper()); code == 0 {
		t.Fatal("git cloned with a revoked token")
	}
	if _, refused := e.git.counts(); refused == refusedBefore {
		t.Fatal("the remote never saw the revoked token")
	}
	if code, errs := gitClone(t, e.git, e.helper()); code != 0 {
		t.Fatalf("git clone after git erased the revoked token: exit %d: %s", code, errs)
	}
	accepted, _ := e.git.counts()
	if last := accepted[len(accepted)-1]; last == e.login.AccessToken || e.idp.Stats().RefreshGrants != grants+1 {
		t.Errorf("after erase: the revoked token again %v, %d refreshes; want one refresh", last == e.login.AccessToken, e.idp.Stats().RefreshGrants-grants)
	}
}

// TestKeyringRealRaceWindowKubectlGitAndToken races, round after round,
// the window's core, kubectl (exec plugin), git (credential helper) and
// `tokeninspector token` for a session that is not fresh enough, against a
// provider that rotates refresh tokens and revokes the family on reuse:
// each round sends exactly one refresh, and every tool gets in. The
// provider holds the first refresh request of a round until the other
// tools had the time to send theirs, were they not queued on the
// profile's lock: that widens the race; the count holds however long it is.
func TestKeyringRealRaceWindowKubectlGitAndToken(t *testing.T) {
	const fresh = 2 * time.Second // a token is fresh enough this long after it is issued
	e := newToolsEnv(t, demoidp.Options{AccessTTL: time.Hour, IDTTL: time.Hour})
	minor := kubectlMinor(t)
	minValid := (time.Hour - fresh).String()
	kubeconfig := e.kubeconfig(t, execAPIsOf(minor)[0], e.profile, "--min-valid", minValid)
	helper := e.helper("--min-valid", minValid)

	cfg, err := config.LoadConfig(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	locks, err := remembered.DefaultLocks()
	if err != nil {
		t.Fatal(err)
	}
	ps := profiles.NewProviders(oidc.Env{HTTP: &http.Client{Timeout: 10 * time.Second}})
	defer ps.Close()
	ws := workspace.New(workspace.Deps{Config: cfg, Secrets: keyring.NewKeyringStore(), Providers: ps.New, Locks: locks})
	defer ws.Close()
	ws.Wait()
	if s, _ := ws.Snapshot(e.profile); s.Tokens == nil {
		t.Fatalf("the window did not restore the remembered session: %+v", s.LastOp)
	}
	store := &remembered.Store{Secrets: keyring.NewKeyringStore()}
	for round := range 5 {
		s, _ := ws.Snapshot(e.profile)
		cur := s.Tokens
		if saved, err := store.Load(e.profile); err == nil && saved.ReceivedAt.After(cur.ReceivedAt) {
			cur = saved
		}
		time.Sleep(time.Until(cur.Access.IssuedAt.Add(fresh + time.Second))) // stale for the tools now
		before, requests := e.idp.Stats(), e.gate.Count()
		e.gate.Hold()
		var wg sync.WaitGroup
		tools := map[string]func() (int, string){
			"kubectl": func() (int, string) { code, _, errs := runKubectl(t, kubeconfig); return code, errs },
			"git":     func() (int, string) { return gitClone(t, e.git, helper) },
			"token": func() (int, string) {
				code, _, errs := runBinary(t, os.Environ(), "", e.bin, "token", "--profile", e.profile, "--config", e.cfg, "--min-valid", minValid)
				return code, errs
			},
		}
		for name, run := range tools {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, errs := run(); code != 0 {
					t.Errorf("round %d: %s: exit %d: %s", round, name, code, errs)
				}
			}()
		}
		id := ws.Refresh(e.profile, workspace.Manual)
		if !e.gate.WaitCount(requests+1, 30*time.Second, nil) {
			t.Fatalf("round %d: no refresh request reached the provider", round)
		}
		time.Sleep(time.Second) // the others start, run and queue (or, unlocked, reach the provider)
		e.gate.Release()
		wg.Wait()
		ws.Wait()
		after := e.idp.Stats()
		if n, sent := after.RefreshGrants-before.RefreshGrants, e.gate.Count()-requests; n != 1 || sent != 1 {
			t.Errorf("round %d: %d refresh requests sent, %d answered; want exactly 1", round, sent, n)
		}
		if after.RejectedRefreshes != 0 || after.RefreshReuses != 0 {
			t.Fatalf("round %d: %d refreshes refused, %d refresh tokens reused", round, after.RejectedRefreshes, after.RefreshReuses)
		}
		if w, _ := ws.Snapshot(e.profile); !w.LastOp.Answers(id) || !w.LastOp.OK() {
			t.Errorf("round %d: the window's refresh: %+v", round, w.LastOp)
		}
	}
}
