// Command benchwin is Token Inspector's window, wired as
// cmd/tokeninspector-window wires it (workspace, providers, ui.New), put
// into a chosen state through the workspace's own commands before it is
// measured by bench/cmd/benchrun: how many profiles are logged in, how long
// the selected one's history is, a big token pasted into the Decode view,
// auto-refresh on. It can also write CPU and heap profiles of the running
// window (pprof), which the shipped window cannot.
//
//	benchwin [-profiles N] [-history N] [-claims N] [-auto-refresh LEAD]
//	         [-refresh-every D] [-count] [-cpuprofile FILE] [-memprofile FILE]
//	         profile flags (--issuer …)
//
// It prints "benchwin: ready" on stdout once the state is set up; SIGTERM
// closes the window and writes the profiles.
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/pkg/browser"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
	"github.com/tokeninspector/tokeninspector/internal/glwindow"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
	"github.com/tokeninspector/tokeninspector/internal/xvisible"
	"github.com/tokeninspector/tokeninspector/ui"
)

// options is the state to set up.
type options struct {
	profiles    int
	history     int
	claims      int
	autoRefresh time.Duration
	cpuprofile  string
	memprofile  string
	count       bool
	every       time.Duration
}

func main() {
	browser.Stdout = os.Stderr
	// Set up as cmd/tokeninspector-window sets up the window.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	glwindow.NoDepthBuffer()
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchwin:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	var o options
	var pf profiles.Flags
	fs := flag.NewFlagSet("benchwin", flag.ContinueOnError)
	fs.IntVar(&o.profiles, "profiles", 1, "profiles logged in (bench-1 … bench-N, all on the flags' provider)")
	fs.IntVar(&o.history, "history", 0, "refreshes of the selected profile before it is shown (its history entries)")
	fs.IntVar(&o.claims, "claims", 0, "paste a token with this many claims into the Decode view and show it")
	fs.DurationVar(&o.autoRefresh, "auto-refresh", 0, "turn auto-refresh on for every profile with this lead")
	fs.DurationVar(&o.every, "refresh-every", 0, "refresh the first profile this often (as a click on Refresh would) while the window is open")
	fs.BoolVar(&o.count, "count", false, "print the refreshes (ok and failed) of every profile at exit")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "CPU profile of the window from ready to exit")
	fs.StringVar(&o.memprofile, "memprofile", "", "heap profile at exit")
	pf.Register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.profiles < 1 {
		return errors.New("-profiles must be at least 1")
	}
	cfg, p, ps, err := pf.Open(os.Stderr)
	if err != nil {
		return err
	}
	defer ps.Close()
	ws := workspace.New(workspace.Deps{Config: cfg, Providers: ps.New, Secrets: keyring.NewMemoryStore()})
	defer ws.Close()
	names, err := setUp(ws, p, o)
	if err != nil {
		return err
	}
	var c *eventCounter
	if o.count {
		c = &eventCounter{last: map[string]time.Time{}}
		defer ws.Subscribe(c.snapshot)()
	}
	a := app.NewWithID("io.github.tokeninspector.benchwin")
	w := ui.New(a, ui.Deps{Workspace: ws, Profile: names[0], Logf: log.New(os.Stderr, "", log.LstdFlags).Printf})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	stopWatch := func() {}
	a.Lifecycle().SetOnStarted(func() {
		// The countdowns pause while the window is hidden, as in the
		// shipped window.
		var err error
		if stopWatch, err = xvisible.Follow(w.Window(), w.SetShown); err != nil {
			fmt.Fprintln(os.Stderr, "benchwin:", err)
		}
		go func() {
			if o.claims > 0 {
				done := make(chan error, 1)
				fyne.Do(func() { done <- pasteIntoDecode(w.Window().Content(), bigToken(o.claims)) })
				if err := <-done; err != nil {
					fmt.Fprintln(os.Stderr, "benchwin:", err)
					fyne.Do(a.Quit)
					return
				}
			}
			if o.cpuprofile != "" {
				if err := startCPUProfile(o.cpuprofile); err != nil {
					fmt.Fprintln(os.Stderr, "benchwin:", err)
				}
			}
			fmt.Println("benchwin: ready")
			if o.every > 0 {
				for range time.Tick(o.every) {
					ws.Refresh(names[0], workspace.Manual)
				}
			}
		}()
	})
	w.Run()
	stopWatch()
	pprof.StopCPUProfile()
	if c != nil {
		c.print()
	}
	if o.memprofile != "" {
		return writeHeapProfile(o.memprofile)
	}
	return nil
}

// eventCounter counts the history events every profile's snapshots bring.
type eventCounter struct {
	mu         sync.Mutex
	last       map[string]time.Time // newest event seen per profile
	ok, failed int
}

func (c *eventCounter) snapshot(s workspace.Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	name := s.Profile.Name
	for _, e := range s.History {
		if !e.At.After(c.last[name]) {
			continue
		}
		c.last[name] = e.At
		if e.Kind != history.EventRefresh {
			continue
		}
		if e.OK() {
			c.ok++
		} else {
			c.failed++
		}
	}
}

func (c *eventCounter) print() {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Printf("benchwin: refreshes ok %d failed %d\n", c.ok, c.failed)
}

// setUp saves and logs in the profiles, grows the first one's history and
// turns auto-refresh on; it returns the profile names.
func setUp(ws *workspace.Workspace, p auth.Profile, o options) ([]string, error) {
	var names []string
	for i := 1; i <= o.profiles; i++ {
		q := p
		q.Name = fmt.Sprintf("bench-%d", i)
		if _, err := ws.SaveProfile("", q); err != nil {
			return nil, fmt.Errorf("profile %s: %w", q.Name, err)
		}
		names = append(names, q.Name)
	}
	ws.Wait()
	for _, n := range names {
		ws.Login(n)
		ws.Wait()
		if s, _ := ws.Snapshot(n); s.Tokens == nil {
			return nil, fmt.Errorf("profile %s did not log in: %v", n, s.LastOp)
		}
	}
	for i := 0; i < o.history; i++ {
		ws.Refresh(names[0], workspace.Manual)
		ws.Wait()
	}
	if s, _ := ws.Snapshot(names[0]); len(s.History) < o.history {
		return nil, fmt.Errorf("history of %s: %d entries, want %d", names[0], len(s.History), o.history)
	}
	if o.autoRefresh > 0 {
		for _, n := range names {
			ws.SetAutoRefresh(n, true, o.autoRefresh)
		}
	}
	return names, nil
}

// pasteIntoDecode finds the Decode view's navigation button in the
// window's tree (containers and scrollers), shows the view (the window
// builds it then), finds its entry and pastes the token. The ui package has
// no API for it: the window only ever gets a token from the user.
func pasteIntoDecode(root fyne.CanvasObject, token string) error {
	var entry interface{ SetText(string) }
	var button *widget.Button
	find := func() {
		entry, button = nil, nil
		walkWindow(root, func(o fyne.CanvasObject) {
			// The Decode view's input is an entry of its own type that
			// embeds widget.Entry: its placeholder is found by name.
			if t, ok := o.(interface{ SetText(string) }); ok {
				if v := reflect.Indirect(reflect.ValueOf(o)); v.Kind() == reflect.Struct {
					if ph := v.FieldByName("PlaceHolder"); ph.IsValid() && ph.Kind() == reflect.String && strings.HasPrefix(ph.String(), "Paste a token") {
						entry = t
					}
				}
			}
			switch c := o.(type) {
			case *widget.Button:
				if c.Text == "Decode" {
					button = c
				}
			}
		})
	}
	find()
	if button == nil {
		return errors.New("no Decode navigation button found in the window")
	}
	button.OnTapped()
	find()
	if entry == nil {
		return errors.New("no Decode view entry found in the window after showing it")
	}
	entry.SetText(token)
	return nil
}

// walkWindow calls visit on o and everything in its containers and
// scrollers.
func walkWindow(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			walkWindow(ch, visit)
		}
	case *container.Scroll:
		walkWindow(c.Content, visit)
	}
}

// bigToken is an unsigned-looking JWT with n claims of assorted shapes.
func bigToken(n int) string {
	claims := map[string]any{"iss": "https://bench.example", "sub": "bench", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	for i := len(claims); i < n; i++ {
		switch i % 3 {
		case 0:
			claims[fmt.Sprintf("claim_%03d", i)] = strings.Repeat("v", 1+i%40)
		case 1:
			claims[fmt.Sprintf("claim_%03d", i)] = i
		default:
			claims[fmt.Sprintf("claim_%03d", i)] = []string{"a", "b", fmt.Sprint(i)}
		}
	}
	body, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc(body) + "." + enc([]byte("signature"))
}

func startCPUProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpuprofile: %w", err)
	}
	return pprof.StartCPUProfile(f)
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	return pprof.WriteHeapProfile(f)
}
