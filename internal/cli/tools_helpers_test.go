package cli

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// The real tools the tests drive: kubectl (its exec credential
// plugin runs the built command) against a fake API server, and git (its
// credential helper is the built command) against git's own http-backend.

// kubeAPI is a fake Kubernetes API server (https) that answers one path to a
// bearer ID token of the issuer for the demo client, unexpired, and
// records the tokens it accepted.
type kubeAPI struct {
	*httptest.Server
	issuer string
	mu     sync.Mutex
	seen   []string
}

// kubePodsPath is the one resource it serves (kubectl get --raw needs no
// discovery, which differs between kubectl versions).
const kubePodsPath = "/api/v1/namespaces/default/pods"

func newKubeAPI(t *testing.T, issuer string) *kubeAPI {
	k := &kubeAPI{issuer: issuer}
	k.Server = httptest.NewTLSServer(http.HandlerFunc(k.serve)) // kubectl runs exec plugins for https servers alone
	t.Cleanup(k.Close)
	return k
}

func (k *kubeAPI) serve(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !k.validIDToken(tok) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Unauthorized","code":401}`))
		return
	}
	k.mu.Lock()
	k.seen = append(k.seen, tok)
	k.mu.Unlock()
	if r.URL.Path != kubePodsPath {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}`))
}

// validIDToken is what kube-apiserver's OIDC authenticator checks, minus
// the signature: issuer, audience, expiry.
func (k *kubeAPI) validIDToken(tok string) bool {
	d := jose.UnverifiedDecode(tok)
	iss, _ := d.Claim("iss")
	aud, _ := d.Claim("aud")
	return d.Format == jose.FormatJWT && strings.Trim(string(iss.Raw), `"`) == k.issuer &&
		strings.Contains(string(aud.Raw), `"`+demoidp.DemoClientID+`"`) && d.ExpiresAt.After(time.Now())
}

func (k *kubeAPI) accepted() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.seen...)
}

// writeKubeconfig writes a kubeconfig for the API server k whose user runs
// bin as its exec plugin with apiVersion api, and returns its path.
func writeKubeconfig(t *testing.T, k *kubeAPI, api, bin string, args ...string) string {
	t.Helper()
	user := map[string]any{"apiVersion": api, "command": bin, "args": args}
	if api == execAPIv1 {
		user["interactiveMode"] = "Never" // required by v1
	}
	cfg := map[string]any{
		"apiVersion": "v1", "kind": "Config", "current-context": "test",
		"clusters": []any{map[string]any{"name": "test", "cluster": map[string]any{"server": k.URL,
			"certificate-authority-data": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Certificate().Raw})}}},
		"users":    []any{map[string]any{"name": "test", "user": map[string]any{"exec": user}}},
		"contexts": []any{map[string]any{"name": "test", "context": map[string]any{"cluster": "test", "user": "test"}}},
	}
	b, _ := json.Marshal(cfg) // JSON is YAML
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// kubectlMinor is the minor version of the kubectl on PATH (20 for
// Debian bookworm's kubernetes-client), or skips when there is none.
func kubectlMinor(t *testing.T) int {
	t.Helper()
	out, err := exec.Command("kubectl", "version", "--client", "-o", "json").Output()
	if err != nil {
		t.Skipf("no kubectl (scripts/ensure-deps.sh test installs kubernetes-client): %v", err)
	}
	var v struct{ ClientVersion struct{ Minor string } }
	json.Unmarshal(out, &v)
	n, err := strconv.Atoi(strings.TrimRight(v.ClientVersion.Minor, "+"))
	if err != nil {
		t.Fatalf("kubectl version: %s", out)
	}
	return n
}

// execAPIsOf lists the exec apiVersions kubectl 1.minor speaks: v1beta1
// always (1.11+), v1 from 1.22.
func execAPIsOf(minor int) []string {
	if minor >= 22 {
		return []string{execAPIv1beta1, execAPIv1}
	}
	return []string{execAPIv1beta1}
}

// runKubectl runs kubectl get --raw on the pods path through kubeconfig.
func runKubectl(t *testing.T, kubeconfig string) (int, string, string) {
	t.Helper()
	return runBinary(t, os.Environ(), "", "kubectl", "--kubeconfig", kubeconfig, "--cache-dir", t.TempDir(),
		"get", "--raw", kubePodsPath)
}

// gitRemote is git's http-backend serving one bare repository, repo.git,
// behind a handler that asks for Basic credentials whose password is an
// access token the provider says is active.
type gitRemote struct {
	*httptest.Server
	mu       sync.Mutex
	accepted []string
	refused  int
}

func newGitRemote(t *testing.T, issuer string) *gitRemote {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join(t.TempDir(), "src")
	gitRun(t, "", "init", "-q", "-b", "main", src)
	os.WriteFile(filepath.Join(src, "README"), []byte("hello\n"), 0o600)
	gitRun(t, src, "add", "README")
	gitRun(t, src, "-c", "user.name=Test", "-c", "user.email=test@example.test", "commit", "-q", "-m", "first")
	gitRun(t, "", "clone", "-q", "--bare", src, filepath.Join(root, "repo.git"))
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	backend := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	g := &gitRemote{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != defaultGitUsername || !introspectActive(issuer, pass) {
			g.mu.Lock()
			g.refused += map[bool]int{true: 1}[ok]
			g.mu.Unlock()
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "a fresh access token is needed", http.StatusUnauthorized)
			return
		}
		g.mu.Lock()
		g.accepted = append(g.accepted, pass)
		g.mu.Unlock()
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(g.Close)
	return g
}

// counts returns the tokens accepted and the number of credentials refused.
func (g *gitRemote) counts() ([]string, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.accepted...), g.refused
}

// host is the remote's host:port, as git names it to its helpers.
func (g *gitRemote) host() string { return strings.TrimPrefix(g.URL, "http://") }

// introspectActive asks the demo provider whether tok is active.
func introspectActive(issuer, tok string) bool {
	resp, err := http.PostForm(issuer+"/introspect", map[string][]string{
		"token": {tok}, "client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret},
	})
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var r struct{ Active bool }
	json.NewDecoder(resp.Body).Decode(&r)
	return r.Active
}

// gitRun runs git in dir with no user or system configuration.
func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// gitEnv is the environment with git's user and system configuration
// left out and its prompts off: only the helpers a test names answer.
func gitEnv(t *testing.T) []string {
	env := []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=", "SSH_ASKPASS="}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return env
}

// gitClone clones remote's repo.git into a new folder with helper as the
// remote's credential helper; it returns git's exit code and stderr.
func gitClone(t *testing.T, remote *gitRemote, helper string) (int, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "clone")
	code, _, errs := runBinary(t, gitEnv(t), "", "git",
		"-c", "credential.helper=", "-c", "credential."+remote.URL+".helper="+helper,
		"clone", "-q", remote.URL+"/repo.git", dest)
	if code == 0 {
		if b, err := os.ReadFile(filepath.Join(dest, "README")); err != nil || string(b) != "hello\n" {
			t.Errorf("the clone lacks the repository's file: %q, %v", b, err)
		}
	}
	return code, errs
}
