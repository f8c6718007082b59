package demoidptest

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// RefreshGate wraps a provider's handler and controls its refresh_token
// grants: it counts them, can hold them until released (to overlap a
// refresh with something else), and can fail them.
type RefreshGate struct {
	next http.Handler

	mu   sync.Mutex    // guards n, hold, fail
	n    int           // refresh_token grants received
	hold chan struct{} // when set, refreshes wait for it to close
	fail string        // "down": HTTP 503; another word: that OAuth error (HTTP 400)
}

// NewRefreshGate wraps next.
func NewRefreshGate(next http.Handler) *RefreshGate { return &RefreshGate{next: next} }

// ServeHTTP implements http.Handler.
func (g *RefreshGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == pathToken && r.Method == http.MethodPost {
		r.ParseForm()
		if r.PostForm.Get("grant_type") == "refresh_token" {
			g.mu.Lock()
			g.n++
			hold, fail := g.hold, g.fail
			g.mu.Unlock()
			if hold != nil {
				<-hold
			}
			switch fail {
			case "":
			case "down":
				http.Error(w, "maintenance", http.StatusServiceUnavailable)
				return
			default:
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"`+fail+`"}`)
				return
			}
		}
	}
	g.next.ServeHTTP(w, r)
}

// Hold makes refresh requests wait until Release.
func (g *RefreshGate) Hold() {
	g.mu.Lock()
	g.hold = make(chan struct{})
	g.mu.Unlock()
}

// Release lets held refresh requests (and later ones) through.
func (g *RefreshGate) Release() {
	g.mu.Lock()
	if g.hold != nil {
		close(g.hold)
		g.hold = nil
	}
	g.mu.Unlock()
}

// Fail makes refresh requests fail: "down" (HTTP 503), an OAuth error code
// such as "invalid_grant" (HTTP 400), or "" to work again.
func (g *RefreshGate) Fail(how string) {
	g.mu.Lock()
	g.fail = how
	g.mu.Unlock()
}

// Count is how many refresh requests arrived.
func (g *RefreshGate) Count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// WaitCount waits until n refresh requests arrived (false after timeout),
// calling tick between looks (a window test draws what it was handed).
func (g *RefreshGate) WaitCount(n int, timeout time.Duration, tick func()) bool {
	deadline := time.Now().Add(timeout)
	for g.Count() < n {
		if time.Now().After(deadline) {
			return false
		}
		if tick != nil {
			tick()
		}
		time.Sleep(time.Millisecond)
	}
	return true
}
