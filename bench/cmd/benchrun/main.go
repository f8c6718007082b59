// Command benchrun measures Token Inspector's performance budget against
// yardsticks built and run in the same session on the same machine, and
// prints one table of ratios with their targets (see bench/RESULTS.md):
//
//  1. start: process start → window mapped, vs a bare Fyne window (bench/baseline)
//  2. memory: RSS with three tokens shown, vs the bare window
//  3. idle CPU: CPU seconds while the countdowns tick, vs the bare window ticking one label
//  4. refresh: `tokeninspector refresh` vs curl posting the same form; Session.Refresh vs http.PostForm
//  5. decode: UnverifiedDecode vs jwt.ParseUnverified, and tokens/s on one core
//  6. login overhead: callback → token set, minus the token endpoint's time
//
// Run it from the module root: go run ./bench/cmd/benchrun [-smoke].
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type config struct {
	smoke     bool
	starts    int
	idle      time.Duration
	settle    time.Duration
	refreshes int
	rounds    int
	benchtime string
	out       string
	verbose   bool
	only      string
	tags      string
}

func main() {
	var c config
	flag.BoolVar(&c.smoke, "smoke", false, "one short iteration of everything (make test): checks the bench runs, numbers mean little")
	flag.IntVar(&c.starts, "starts", 9, "start-time runs per program (median)")
	flag.DurationVar(&c.idle, "idle", 30*time.Second, "idle CPU measuring window")
	flag.DurationVar(&c.settle, "settle", 5*time.Second, "wait after login before measuring memory and CPU")
	flag.IntVar(&c.refreshes, "refreshes", 21, "refresh runs per client (median)")
	flag.IntVar(&c.rounds, "rounds", 5, "rounds of each Go benchmark pair, alternating (median)")
	flag.StringVar(&c.benchtime, "benchtime", "1s", "Go -benchtime per benchmark run")
	flag.StringVar(&c.out, "o", "build/bench/last-run.md", "also write the report (markdown) here; empty: don't")
	flag.BoolVar(&c.verbose, "v", false, "print every sample")
	flag.StringVar(&c.only, "only", "", "comma-separated subset of start,refresh,idle,go (default: all)")
	flag.StringVar(&c.tags, "tags", "", "build tags for the app and the baseline (e.g. no_emoji, to measure it)")
	flag.Parse()
	if c.smoke {
		c.starts, c.idle, c.settle, c.refreshes, c.rounds, c.benchtime = 1, 2*time.Second, 500*time.Millisecond, 1, 1, "1x"
	}
	c.starts = clamp(c.starts, 1, 50)
	c.refreshes = clamp(c.refreshes, 1, 200)
	c.rounds = clamp(c.rounds, 1, 20)
	c.idle = min(max(c.idle, time.Second), 5*time.Minute)

	budget := 12 * time.Minute
	if c.smoke {
		budget = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	r := &runner{cfg: c}
	err := r.run(ctx)
	r.cleanup()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// runner owns every process it starts and stops them by process group.
type runner struct {
	cfg     config
	root    string // module root
	tmp     string
	app     string // tokeninspector binary
	base    string // bench/baseline binary
	fakebin string // dir with the fake xdg-open

	mu    sync.Mutex
	procs []*exec.Cmd
	waits map[*exec.Cmd]*waiter

	rows    []row
	details []string
}

type row struct {
	id, name  string
	app, base string
	ratio     float64
	target    string
	limit     float64 // ratio (or absolute value when base is "") must be ≤ limit
	atLeast   bool    // the value must be ≥ limit instead
	value     float64 // the compared value when not a ratio
}

func (r *runner) say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func (r *runner) detail(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	r.details = append(r.details, s)
	if r.cfg.verbose {
		fmt.Fprintln(os.Stderr, "  "+s)
	}
}

func (r *runner) run(ctx context.Context) error {
	start := time.Now()
	var err error
	if r.root, err = os.Getwd(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(r.root, "go.mod")); err != nil {
		return errors.New("run me from the module root (bench/run.sh does)")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "curl", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: run scripts/ensure-deps.sh test (and apt-get install curl)", tool)
		}
	}
	if r.tmp, err = os.MkdirTemp("", "tokeninspector-bench-"); err != nil {
		return err
	}
	if err := r.build(ctx); err != nil {
		return err
	}
	dispA, err := r.startXvfb(ctx, 150)
	if err != nil {
		return err
	}
	dispB, err := r.startXvfb(ctx, 151)
	if err != nil {
		return err
	}
	idp, err := r.startIDP(ctx)
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		key  string
		f    func(context.Context) error
	}{
		{"start", "start", func(ctx context.Context) error { return r.benchStart(ctx, dispA) }},
		{"refresh (processes)", "refresh", func(ctx context.Context) error { return r.benchRefreshCLI(ctx, idp) }},
		{"memory and idle CPU", "idle", func(ctx context.Context) error { return r.benchIdle(ctx, dispA, dispB, idp) }},
		{"Go benchmarks", "go", r.benchGo},
	}
	var failed []string
	for _, s := range steps {
		if r.cfg.only != "" && !slices.Contains(strings.Split(r.cfg.only, ","), s.key) {
			continue
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", s.name, context.Cause(ctx))
		}
		t := time.Now()
		r.say("%s…", s.name)
		if err := s.f(ctx); err != nil {
			r.say("%s failed: %v", s.name, err)
			failed = append(failed, s.name+": "+err.Error())
			continue
		}
		r.say("%s done in %s", s.name, time.Since(t).Round(100*time.Millisecond))
	}
	report := r.report(time.Since(start))
	fmt.Print(report)
	if r.cfg.out != "" {
		out := r.cfg.out
		if !filepath.IsAbs(out) {
			out = filepath.Join(r.root, out)
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err == nil {
			if err := os.WriteFile(out, []byte(report), 0o644); err == nil {
				r.say("report written to %s", r.cfg.out)
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("measurements failed:\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}

// ---- processes ----

// env is a fresh environment for a GUI or CLI process: its own HOME and
// XDG dirs (nothing leaks between runs), no D-Bus, a fake xdg-open first
// on PATH.
func (r *runner) env(display string) ([]string, string, error) { return r.envIn(display, "") }

// envIn is env with the given HOME ("" = a fresh one).
func (r *runner) envIn(display, home string) ([]string, string, error) {
	if home == "" {
		var err error
		if home, err = os.MkdirTemp(r.tmp, "home-"); err != nil {
			return nil, "", err
		}
	}
	env := append(os.Environ(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR=",
		"LANG=en_US.UTF-8",
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
		"PATH="+r.fakebin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TOKENINSPECTOR_CLIENT_SECRET=",
		"HTTP_PROXY=", "HTTPS_PROXY=", "http_proxy=", "https_proxy=", "NO_PROXY=", "no_proxy=",
	)
	if display != "" {
		env = append(env, "DISPLAY="+display)
	}
	return env, home, nil
}

// waiter reaps one process: done closes when it has exited.
type waiter struct {
	done chan struct{}
	err  error // cmd.Wait's, once done
}

// start starts a process in its own process group and tracks it.
func (r *runner) start(cmd *exec.Cmd) error {
	// Its own group, so that stop ends its children too; SIGTERM if this
	// program dies first, so that nothing outlives the bench.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return err
	}
	w := &waiter{done: make(chan struct{})}
	go func() { w.err = cmd.Wait(); close(w.done) }()
	r.mu.Lock()
	if r.waits == nil {
		r.waits = map[*exec.Cmd]*waiter{}
	}
	r.procs = append(r.procs, cmd)
	r.waits[cmd] = w
	r.mu.Unlock()
	return nil
}

// waiterOf returns the waiter of a process started by start.
func (r *runner) waiterOf(cmd *exec.Cmd) *waiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waits[cmd]
}

// exited reports whether a process started by start has exited.
func (r *runner) exited(cmd *exec.Cmd) bool {
	w := r.waiterOf(cmd)
	if w == nil {
		return true
	}
	select {
	case <-w.done:
		return true
	default:
		return false
	}
}

// forget stops tracking a process that has exited.
func (r *runner) forget(cmd *exec.Cmd) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := slices.Index(r.procs, cmd); i >= 0 {
		r.procs = slices.Delete(r.procs, i, i+1)
	}
	delete(r.waits, cmd)
}

// stop ends a process started by start, with its whole group: SIGTERM
// first (Xvfb then removes its lock file and socket), SIGKILL after 3 s.
func (r *runner) stop(cmd *exec.Cmd) {
	w := r.waiterOf(cmd)
	if w == nil {
		return
	}
	pgid := cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(3 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		select {
		case <-w.done:
		case <-time.After(5 * time.Second):
		}
	}
	// Children left in the group (the fake browser's curl) go too.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	r.forget(cmd)
}

func (r *runner) cleanup() {
	r.mu.Lock()
	procs := slices.Clone(r.procs)
	r.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		r.stop(procs[i])
	}
	if r.tmp != "" {
		os.RemoveAll(r.tmp)
	}
}

// runTimed runs a short-lived command and returns its wall time from start
// to exit.
func (r *runner) runTimed(ctx context.Context, cmd *exec.Cmd) (time.Duration, error) {
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	t := time.Now()
	if err := r.start(cmd); err != nil {
		return 0, err
	}
	w := r.waiterOf(cmd)
	<-w.done
	d := time.Since(t)
	r.forget(cmd)
	if w.err != nil {
		return d, fmt.Errorf("%s: %v: %s", filepath.Base(cmd.Path), w.err, strings.TrimSpace(stderr.String()))
	}
	return d, nil
}

func (r *runner) build(ctx context.Context) error {
	r.app = filepath.Join(r.tmp, "tokeninspector")
	r.base = filepath.Join(r.tmp, "baseline")
	for _, b := range [][2]string{{r.app, "."}, {r.base, "./bench/baseline"}} {
		t := time.Now()
		cctx, cancel := context.WithTimeout(ctx, 6*time.Minute)
		cmd := exec.CommandContext(cctx, "go", "build", "-tags="+r.cfg.tags, "-o", b[0], b[1])
		cmd.Dir = r.root
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
		r.say("built %s in %s", b[1], time.Since(t).Round(100*time.Millisecond))
	}
	r.fakebin = filepath.Join(r.tmp, "bin")
	if err := os.MkdirAll(r.fakebin, 0o755); err != nil {
		return err
	}
	// The "browser": fetch the authorization URL and follow the redirects
	// (the demo provider auto-approves) to the app's loopback callback.
	script := "#!/bin/sh\ncurl -sSL --max-time 20 \"$1\" >/dev/null 2>&1 &\n"
	return os.WriteFile(filepath.Join(r.fakebin, "xdg-open"), []byte(script), 0o755)
}

// startXvfb starts an X server on the first free display from first on,
// stepping by 2. A display is taken when its lock file names a live process
// (a stale lock Xvfb removes itself).
func (r *runner) startXvfb(ctx context.Context, first int) (string, error) {
	for n := first; n < first+100 && ctx.Err() == nil; n += 2 {
		if displayInUse(n) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
		if err := r.start(cmd); err != nil {
			return "", err
		}
		exited := r.waiterOf(cmd).done
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) && ctx.Err() == nil {
			select {
			case <-exited: // lost a race for this display: try the next
				deadline = time.Time{}
				continue
			case <-time.After(20 * time.Millisecond):
			}
			if x, err := dialX(display); err == nil {
				x.Close()
				return display, nil
			}
		}
		r.stop(cmd)
	}
	return "", errors.New("no free X display from :" + strconv.Itoa(first))
}

// displayInUse reports whether X display n has a lock file of a live process.
func displayInUse(n int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/tmp/.X%d-lock", n))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true
	}
	return syscall.Kill(pid, 0) != syscall.ESRCH
}

// idp is the standalone demo provider.
type idp struct {
	issuer, tokenURL string
}

func (r *runner) startIDP(ctx context.Context) (*idp, error) {
	env, _, err := r.env("")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(r.app, "demo-idp", "--auto-approve", "--access-ttl", "15m")
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := r.start(cmd); err != nil {
		return nil, err
	}
	var info struct {
		Issuer string `json:"issuer"`
	}
	got := make(chan error, 1)
	go func() { got <- json.NewDecoder(out).Decode(&info) }()
	select {
	case err = <-got:
	case <-time.After(20 * time.Second):
		err = errors.New("no answer in 20s")
	}
	if err != nil || !strings.HasPrefix(info.Issuer, "http://127.0.0.1:") {
		return nil, fmt.Errorf("demo-idp: issuer %q, %v", info.Issuer, err)
	}
	go io.Copy(io.Discard, out)
	var meta struct {
		TokenEndpoint string `json:"token_endpoint"`
	}
	if err := getJSON(ctx, info.Issuer+"/.well-known/openid-configuration", &meta); err != nil {
		return nil, err
	}
	return &idp{issuer: info.Issuer, tokenURL: meta.TokenEndpoint}, nil
}

func getJSON(ctx context.Context, url string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// ---- 1. start ----

const (
	appTitle  = "Token Inspector"
	baseTitle = "Bench Baseline"
)

// window is a GUI process under Xvfb.
type window struct {
	cmd     *exec.Cmd
	display string
	id      uint32
	mapped  time.Duration // process start → MapNotify
	home    string
	output  *syncBuffer
}

// launch starts bin and waits until its window (title) is mapped.
func (r *runner) launch(ctx context.Context, display, title, bin string, args ...string) (*window, error) {
	return r.launchIn(ctx, display, "", title, bin, args...)
}

// launchIn is launch with the given HOME ("" = a fresh one).
func (r *runner) launchIn(ctx context.Context, display, home, title, bin string, args ...string) (*window, error) {
	x, err := dialX(display)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	env, home, err := r.envIn(display, home)
	if err != nil {
		return nil, err
	}
	w := &window{display: display, home: home, output: &syncBuffer{}}
	w.cmd = exec.Command(bin, args...)
	w.cmd.Env = env
	w.cmd.Stdout, w.cmd.Stderr = w.output, w.output
	t0 := time.Now()
	if err := r.start(w.cmd); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(30 * time.Second)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	id, at, err := x.waitMapped(title, deadline)
	if err != nil {
		r.stop(w.cmd)
		return nil, fmt.Errorf("%s: %v\n%s", filepath.Base(bin), err, w.output.String())
	}
	w.id, w.mapped = id, at.Sub(t0)
	return w, nil
}

// xdo runs xdotool on the window's display.
func (w *window) xdo(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("xdotool %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// geometry is the window's size as xdotool sees it ("1100x680").
func (w *window) geometry(ctx context.Context) string {
	out, err := w.xdo(ctx, "getwindowgeometry", strconv.FormatUint(uint64(w.id), 10))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(out, "\n") {
		if g, ok := strings.CutPrefix(strings.TrimSpace(l), "Geometry: "); ok {
			return g
		}
	}
	return "?"
}

func (r *runner) benchStart(ctx context.Context, display string) error {
	// An untimed start of each first (page cache), which also tells the size
	// the app's window maps at: the baseline opens at that size.
	var appGeo, baseGeo string
	var sizeArgs []string
	for _, isApp := range []bool{true, false} {
		bin, title, args := r.app, appTitle, []string(nil)
		if !isApp {
			bin, title, args = r.base, baseTitle, sizeArgs
		}
		w, err := r.launch(ctx, display, title, bin, args...)
		if err != nil {
			return err
		}
		// Cross-check with xdotool (what the e2e tests wait for).
		if _, err := w.xdo(ctx, "search", "--sync", "--onlyvisible", "--name", title); err != nil {
			r.stop(w.cmd)
			return err
		}
		geo := w.geometry(ctx)
		r.stop(w.cmd)
		if isApp {
			appGeo = geo
			if wh := strings.Split(geo, "x"); len(wh) == 2 {
				sizeArgs = []string{"-width", wh[0], "-height", wh[1]}
			}
		} else {
			baseGeo = geo
		}
		time.Sleep(200 * time.Millisecond)
	}
	// cold: a fresh HOME, as on a first start (empty Mesa shader cache and
	// font index); warm: a second start in the same HOME right after.
	var appT, baseT, appW, baseW []float64
	for i := 0; i < r.cfg.starts; i++ {
		order := []bool{true, false}
		if i%2 == 1 {
			order = []bool{false, true}
		}
		for _, isApp := range order {
			bin, title, args := r.base, baseTitle, sizeArgs
			if isApp {
				bin, title, args = r.app, appTitle, nil
			}
			home := ""
			for warm := 0; warm < 2; warm++ {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				w, err := r.launchIn(ctx, display, home, title, bin, args...)
				if err != nil {
					return err
				}
				home = w.home
				time.Sleep(300 * time.Millisecond) // let it write its caches
				r.stop(w.cmd)
				ms := w.mapped.Seconds() * 1000
				switch {
				case isApp && warm == 0:
					appT = append(appT, ms)
				case isApp:
					appW = append(appW, ms)
				case warm == 0:
					baseT = append(baseT, ms)
				default:
					baseW = append(baseW, ms)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	a, b := median(appT), median(baseT)
	r.detail("start, cold (ms, process start → MapNotify, fresh HOME): app %s; baseline %s", fmtList(appT), fmtList(baseT))
	r.detail("start, warm (ms, second start in the same HOME: Mesa shader cache and font index filled): app %s; baseline %s → medians %.0f vs %.0f ms, %.2f×",
		fmtList(appW), fmtList(baseW), median(appW), median(baseW), median(appW)/median(baseW))
	r.detail("window size at map: app %s, baseline %s", appGeo, baseGeo)
	r.rows = append(r.rows, row{id: "1", name: fmt.Sprintf("Start → window mapped, cold (median of %d)", len(appT)),
		app: fmt.Sprintf("%.0f ms", a), base: fmt.Sprintf("%.0f ms", b), ratio: a / b, target: "≤ 1.15×", limit: 1.15})
	if appGeo != baseGeo {
		r.detail("WARNING: the windows map at different sizes (%s vs %s)", appGeo, baseGeo)
	}
	return nil
}

// ---- 4a. refresh as processes ----

func (r *runner) benchRefreshCLI(ctx context.Context, p *idp) error {
	env, _, err := r.env("")
	if err != nil {
		return err
	}
	profile := []string{"--issuer", p.issuer, "--client-id", "tokeninspector-demo", "--client-secret", "demo-secret"}
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	login := exec.CommandContext(cctx, r.app, append([]string{"login", "--timeout", "20s"}, profile...)...)
	login.Env = env
	var out bytes.Buffer
	login.Stdout = &out
	_, err = r.runTimed(cctx, login)
	cancel()
	if err != nil {
		return fmt.Errorf("login for a first refresh token: %w", err)
	}
	rt, err := refreshToken(out.Bytes())
	if err != nil {
		return err
	}
	// Each run presents the refresh token the previous run got (rotation).
	cli := func() (time.Duration, error) {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(cctx, r.app, append([]string{"refresh", "--refresh-token", rt}, profile...)...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout = &out
		d, err := r.runTimed(cctx, cmd)
		if err == nil {
			rt, err = refreshToken(out.Bytes())
		}
		return d, err
	}
	curl := func() (time.Duration, error) {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(cctx, "curl", "-sS", "--max-time", "20",
			"--data-urlencode", "grant_type=refresh_token", "--data-urlencode", "refresh_token="+rt,
			"--data-urlencode", "client_id=tokeninspector-demo", "--data-urlencode", "client_secret=demo-secret",
			p.tokenURL)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout = &out
		d, err := r.runTimed(cctx, cmd)
		if err == nil {
			rt, err = refreshToken(out.Bytes())
		}
		return d, err
	}
	// One warm-up run each (page cache, the provider's first request).
	for _, f := range []func() (time.Duration, error){cli, curl} {
		if _, err := f(); err != nil {
			return err
		}
	}
	var a, b []float64
	for i := 0; i < r.cfg.refreshes; i++ {
		fs := []func() (time.Duration, error){cli, curl}
		if i%2 == 1 {
			fs = []func() (time.Duration, error){curl, cli}
		}
		for j, f := range fs {
			d, err := f()
			if err != nil {
				return err
			}
			if (j == 0) == (i%2 == 0) {
				a = append(a, d.Seconds()*1000)
			} else {
				b = append(b, d.Seconds()*1000)
			}
		}
	}
	ma, mb := median(a), median(b)
	r.detail("refresh process (ms, start → exit): tokeninspector refresh %s; curl %s", fmtList(a), fmtList(b))
	// The share of process start alone: the same binaries printing their version.
	var va, vb []float64
	for i := 0; i < r.cfg.refreshes; i++ {
		for _, c := range [][]string{{r.app, "--version"}, {"curl", "--version"}} {
			cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			cmd := exec.CommandContext(cctx, c[0], c[1:]...)
			cmd.Env, cmd.Stdout = env, io.Discard
			d, err := r.runTimed(cctx, cmd)
			cancel()
			if err != nil {
				return err
			}
			if c[0] == "curl" {
				vb = append(vb, d.Seconds()*1000)
			} else {
				va = append(va, d.Seconds()*1000)
			}
		}
	}
	r.detail("process start alone (ms, --version): tokeninspector %.1f, curl %.1f (medians of %d); refresh minus that: tokeninspector %.1f, curl %.1f",
		median(va), median(vb), len(va), ma-median(va), mb-median(vb))
	r.rows = append(r.rows, row{id: "4a", name: fmt.Sprintf("Refresh: `tokeninspector refresh` vs curl (median of %d)", len(a)),
		app: fmt.Sprintf("%.1f ms", ma), base: fmt.Sprintf("%.1f ms", mb), ratio: ma / mb, target: "≤ 1.3×", limit: 1.3})
	return nil
}

// refreshToken finds the refresh token in a CLI report or a token response.
func refreshToken(b []byte) (string, error) {
	var v struct {
		RefreshToken string `json:"refresh_token"`
		Error        string `json:"error"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.RefreshToken == "" {
		return "", fmt.Errorf("no refresh token in %.200q (%v %s)", b, err, v.Error)
	}
	return v.RefreshToken, nil
}

// ---- 2 and 3. memory and idle CPU ----

func (r *runner) benchIdle(ctx context.Context, dispA, dispB string, p *idp) error {
	app, err := r.launch(ctx, dispA, appTitle, r.app,
		"--issuer", p.issuer, "--client-id", "tokeninspector-demo", "--client-secret", "demo-secret")
	if err != nil {
		return err
	}
	defer r.stop(app.cmd)

	// Log in with Ctrl+L, as a person would; the fake browser completes it.
	win := strconv.FormatUint(uint64(app.id), 10)
	loggedIn := func() bool { return strings.Contains(app.output.String(), "status: Logged in") }
	for try := 0; try < 3 && !loggedIn(); try++ {
		if _, err := app.xdo(ctx, "windowfocus", "--sync", win); err != nil {
			r.detail("windowfocus: %v", err)
		}
		if _, err := app.xdo(ctx, "key", "--window", win, "ctrl+l"); err != nil {
			return err
		}
		waitUntil(ctx, 15*time.Second, loggedIn)
	}
	if !loggedIn() {
		return fmt.Errorf("the app did not log in:\n%s", app.output.String())
	}
	// The three signatures are checked in the background: wait for them.
	waitUntil(ctx, 20*time.Second, func() bool { return strings.Count(app.output.String(), "signature of the ") >= 3 })
	r.detail("app after login: %d signature checks logged", strings.Count(app.output.String(), "signature of the "))
	// The baseline opens at the size the app's window has now, with the
	// tokens shown (a repaint costs in proportion to the pixels).
	geo := app.geometry(ctx)
	wh := strings.Split(geo, "x")
	if len(wh) != 2 {
		return fmt.Errorf("app window geometry %q", geo)
	}
	base, err := r.launch(ctx, dispB, baseTitle, r.base, "-tick", "-width", wh[0], "-height", wh[1])
	if err != nil {
		return err
	}
	defer r.stop(base.cmd)
	r.detail("window size with tokens shown: app %s, baseline %s", geo, base.geometry(ctx))
	sleepCtx(ctx, r.cfg.settle)

	pids := []int{app.cmd.Process.Pid, base.cmd.Process.Pid}
	var frames []*damageCounter
	for _, w := range []*window{app, base} {
		d, err := countDamage(w.display, w.id)
		if err != nil {
			r.detail("frame count unavailable: %v", err)
			break
		}
		defer d.Close()
		frames = append(frames, d)
	}
	rss0 := []float64{rssMiB(pids[0]), rssMiB(pids[1])}
	cpu0 := []float64{cpuSeconds(pids[0]), cpuSeconds(pids[1])}
	f0 := counts(frames)
	t0 := time.Now()
	sleepCtx(ctx, r.cfg.idle)
	cpu1 := []float64{cpuSeconds(pids[0]), cpuSeconds(pids[1])}
	f1 := counts(frames)
	wall := time.Since(t0)
	rss1 := []float64{rssMiB(pids[0]), rssMiB(pids[1])}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for i, w := range []*window{app, base} {
		if r.exited(w.cmd) || math.IsNaN(cpu1[i]) || math.IsNaN(rss1[i]) {
			return fmt.Errorf("%s exited during the idle window:\n%s", filepath.Base(w.cmd.Path), w.output.String())
		}
	}
	r.detail("RSS (MiB) after login+settle → after idle: app %.1f → %.1f, baseline %.1f → %.1f", rss0[0], rss1[0], rss0[1], rss1[1])
	r.detail("RSS parts (MiB, anon / file / shmem): app %s; baseline %s", rssParts(pids[0]), rssParts(pids[1]))
	r.detail("idle CPU over %s: app %.2f s, baseline %.2f s (utime+stime, clock ticks of 10 ms)", wall.Round(time.Millisecond), cpu1[0]-cpu0[0], cpu1[1]-cpu0[1])
	if len(f0) == 2 && len(f1) == 2 {
		fa, fb := float64(f1[0]-f0[0]), float64(f1[1]-f0[1])
		r.detail("frames drawn (X DAMAGE events) over %s: app %.0f (%.2f/s), baseline %.0f (%.2f/s); CPU per frame: app %.1f ms, baseline %.1f ms",
			wall.Round(time.Millisecond), fa, fa/wall.Seconds(), fb, fb/wall.Seconds(),
			1000*(cpu1[0]-cpu0[0])/max(fa, 1), 1000*(cpu1[1]-cpu0[1])/max(fb, 1))
	}
	r.rows = append(r.rows,
		row{id: "2", name: "Memory: RSS, three tokens shown", app: fmt.Sprintf("%.1f MiB", rss1[0]), base: fmt.Sprintf("%.1f MiB", rss1[1]),
			ratio: rss1[0] / rss1[1], target: "≤ 1.2×", limit: 1.2},
		row{id: "3", name: fmt.Sprintf("Idle CPU over %s, countdowns ticking", r.cfg.idle), app: fmt.Sprintf("%.2f s", cpu1[0]-cpu0[0]),
			base: fmt.Sprintf("%.2f s", cpu1[1]-cpu0[1]), ratio: (cpu1[0] - cpu0[0]) / (cpu1[1] - cpu0[1]), target: "≤ 1.1×", limit: 1.1},
	)
	return nil
}

func waitUntil(ctx context.Context, timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// rssMiB reads VmRSS from /proc/PID/status.
func rssMiB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return math.NaN()
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, err := strconv.ParseFloat(f[0], 64)
				if err == nil {
					return kb / 1024
				}
			}
		}
	}
	return math.NaN()
}

func counts(ds []*damageCounter) []int {
	var out []int
	for _, d := range ds {
		out = append(out, d.count())
	}
	return out
}

// rssParts reads RssAnon, RssFile and RssShmem from /proc/PID/status.
func rssParts(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	var parts []string
	for _, key := range []string{"RssAnon:", "RssFile:", "RssShmem:"} {
		v := "?"
		for _, l := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(l, key); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
						v = fmt.Sprintf("%.1f", kb/1024)
					}
				}
			}
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " / ")
}

// cpuSeconds reads utime+stime (all threads) from /proc/PID/stat.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return math.NaN()
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return math.NaN()
	}
	f := strings.Fields(s[i+1:])
	// After the name: state(3) ... utime(14) stime(15), 1-based over the whole line.
	if len(f) < 13 {
		return math.NaN()
	}
	ut, err1 := strconv.ParseFloat(f[11], 64)
	st, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return math.NaN()
	}
	const userHZ = 100 // USER_HZ of /proc on Linux
	return (ut + st) / userHZ
}

// ---- 4b, 5, 6. Go benchmarks ----

func (r *runner) benchGo(ctx context.Context) error {
	test := filepath.Join(r.tmp, "auth.test")
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	cmd := exec.CommandContext(cctx, "go", "test", "-c", "-o", test, "./auth/")
	cmd.Dir = r.root
	out, err := cmd.CombinedOutput()
	cancel()
	if err != nil {
		return fmt.Errorf("go test -c ./auth/: %v\n%s", err, out)
	}
	bench := func(name, cpu string) (map[string]float64, error) {
		cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(cctx, test, "-test.run=^$", "-test.bench=^"+name+"$", "-test.benchmem",
			"-test.cpu="+cpu, "-test.benchtime="+r.cfg.benchtime, "-test.count=1")
		cmd.Dir = filepath.Join(r.root, "auth")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		m := parseBench(string(out), name)
		if m == nil {
			return nil, fmt.Errorf("%s: no result in\n%s", name, out)
		}
		return m, nil
	}
	pairs := []struct{ app, base, cpu string }{
		{"BenchmarkRefreshSession", "BenchmarkRefreshPostFormBaseline", "1"},
		{"BenchmarkUnverifiedDecode", "BenchmarkParseUnverifiedBaseline", "1"},
	}
	res := map[string][]map[string]float64{}
	for round := 0; round < r.cfg.rounds; round++ {
		for _, p := range pairs {
			names := []string{p.app, p.base}
			if round%2 == 1 {
				names = []string{p.base, p.app}
			}
			for _, n := range names {
				m, err := bench(n, p.cpu)
				if err != nil {
					return err
				}
				res[n] = append(res[n], m)
			}
		}
		for _, x := range []struct{ name, cpu string }{
			{"BenchmarkRefreshOAuth2Only", "1"}, {"BenchmarkLoginOverhead", strconv.Itoa(runtime.NumCPU())},
		} {
			m, err := bench(x.name, x.cpu)
			if err != nil {
				return err
			}
			res[x.name] = append(res[x.name], m)
		}
	}
	metric := func(name, unit string) (float64, []float64) {
		var vs []float64
		for _, m := range res[name] {
			vs = append(vs, m[unit])
		}
		return median(vs), vs
	}
	for _, p := range pairs {
		a, av := metric(p.app, "ns/op")
		b, bv := metric(p.base, "ns/op")
		r.detail("%s ns/op: %s; %s: %s (-cpu %s, -benchtime %s)", p.app, fmtList(av), p.base, fmtList(bv), p.cpu, r.cfg.benchtime)
		aa, _ := metric(p.app, "allocs/op")
		ba, _ := metric(p.base, "allocs/op")
		ab, _ := metric(p.app, "B/op")
		bb, _ := metric(p.base, "B/op")
		r.detail("%s: %.0f B/op %.0f allocs/op; %s: %.0f B/op %.0f allocs/op", p.app, ab, aa, p.base, bb, ba)
		switch p.app {
		case "BenchmarkRefreshSession":
			o, ov := metric("BenchmarkRefreshOAuth2Only", "ns/op")
			r.detail("refresh path split: x/oauth2 TokenSource alone %s (%s) = %.2f× the bare POST; the app's own part (body recorder, three decodes, token set, session) %s",
				fmtNs(o), fmtList(ov), o/b, fmtNs(a-o))
			r.rows = append(r.rows, row{id: "4b", name: "Refresh in-process: Session.Refresh vs http.PostForm (-cpu 1)",
				app: fmtNs(a), base: fmtNs(b), ratio: a / b, target: "≤ 1.2×", limit: 1.2})
		case "BenchmarkUnverifiedDecode":
			r.rows = append(r.rows,
				row{id: "5", name: "Decode RS256 JWT: UnverifiedDecode vs jwt ParseUnverified (-cpu 1)",
					app: fmtNs(a), base: fmtNs(b), ratio: a / b, target: "≤ 1.5×", limit: 1.5},
				row{id: "5b", name: "Decode throughput, one core", app: fmt.Sprintf("%.0fk tokens/s", 1e6/a), base: "",
					value: 1e9 / a, target: "≥ 200k/s", limit: 200000, atLeast: true})
		}
	}
	o, ov := metric("BenchmarkLoginOverhead", "overhead-ms")
	cb, _ := metric("BenchmarkLoginOverhead", "oncallback-ms")
	ep, _ := metric("BenchmarkLoginOverhead", "endpoint-ms")
	p90, _ := metric("BenchmarkLoginOverhead", "overhead-p90-ms")
	r.detail("login overhead (ms, mean per run): %s; p90 %.2f; from OnCallback %.2f; token endpoint's own time %.3f", fmtList(ov), p90, cb, ep)
	r.rows = append(r.rows, row{id: "6", name: "Login overhead: callback → token set, minus endpoint time",
		app: fmt.Sprintf("%.2f ms", o), base: fmt.Sprintf("(endpoint %.2f ms)", ep), value: o, target: "≤ 5 ms", limit: 5})
	return nil
}

// parseBench returns the metrics of the benchmark line for name.
func parseBench(out, name string) map[string]float64 {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || (f[0] != name && !strings.HasPrefix(f[0], name+"-")) {
			continue
		}
		m := map[string]float64{}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				m[f[i+1]] = v
			}
		}
		if _, ok := m["ns/op"]; ok {
			return m
		}
	}
	return nil
}

// ---- report ----

func (r *runner) report(took time.Duration) string {
	var b strings.Builder
	host, _ := os.Hostname()
	mode := ""
	if r.cfg.smoke {
		mode = " — SMOKE MODE: one short iteration, the numbers are not meaningful"
	}
	fmt.Fprintf(&b, "\n## Token Inspector performance budget — %s%s\n\n", time.Now().Format("2006-01-02 15:04 MST"), mode)
	fmt.Fprintf(&b, "%s/%s, %d CPUs, %s, host %s, load %s, bench took %s.\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		runtime.Version(), host, loadavg(), took.Round(time.Second))
	fmt.Fprintf(&b, "| # | Figure | App | Baseline | Ratio | Target | Met |\n|---|---|---|---|---|---|---|\n")
	rows := slices.Clone(r.rows)
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(a.id, b.id) })
	for _, x := range rows {
		ratio, met := "—", ""
		v := x.value
		if x.base != "" && !strings.HasPrefix(x.base, "(") {
			v = x.ratio
			ratio = fmt.Sprintf("%.2f×", x.ratio)
		}
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			met, ratio = "n/a", "n/a"
		case x.atLeast && v >= x.limit, !x.atLeast && v <= x.limit:
			met = "yes"
		default:
			met = "**NO**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", x.id, x.name, x.app, x.base, ratio, x.target, met)
	}
	b.WriteString("\nSamples:\n\n")
	for _, d := range r.details {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	return b.String()
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// ---- helpers ----

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtList(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		switch {
		case v >= 100:
			parts[i] = fmt.Sprintf("%.0f", v)
		case v >= 10:
			parts[i] = fmt.Sprintf("%.1f", v)
		default:
			parts[i] = fmt.Sprintf("%.2f", v)
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func fmtNs(ns float64) string {
	if ns >= 10000 {
		return fmt.Sprintf("%.1f µs", ns/1000)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

// syncBuffer collects a process's output for concurrent reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b.Len() > 4<<20 {
		return len(p), nil // bounded
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
