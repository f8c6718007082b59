package workspace

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// soakEnv sets the soak test's length (a Go duration); unset, it is skipped.
const soakEnv = "TOKENINSPECTOR_SOAK"

// TestSoakAutoRefresh runs the workspace on the real clock against the demo
// provider with 3-second access tokens, refresh-token rotation and reuse
// detection, auto-refreshing for the run's length: every token set is
// refreshed exactly once, the provider never refuses one and never sees a
// refresh token twice, the history stays capped, and goroutines and heap
// end where they were after the first rotations (printed at start and end).
// `make soak` runs it for SOAK (30m); `make test` for 2 minutes.
func TestSoakAutoRefresh(t *testing.T) {
	length, err := time.ParseDuration(os.Getenv(soakEnv))
	if err != nil || length <= 0 {
		t.Skip("set " + soakEnv + "=2m (make soak) to run the soak test")
	}
	idp, err := demoidp.New(demoidp.Options{AccessTTL: 3 * time.Second, KeyBits: 2048, AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	counted := demoidptest.Wrap(idp.Handler())
	srv := httptest.NewServer(counted)
	defer srv.Close()
	idp.SetIssuer(srv.URL)
	client := &http.Client{Timeout: 10 * time.Second}
	browser := func(u string) error {
		resp, err := client.Get(u)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	ws := New(Deps{Providers: func(ctx context.Context, p auth.Profile) (*oidc.Provider, error) {
		p.Issuer = srv.URL
		return oidc.NewProvider(ctx, p, oidc.Env{HTTP: client, Open: browser})
	}})
	defer ws.Close()
	ws.SetAutoRefresh("demo", true, time.Second)
	id := ws.Login("demo")
	ws.Wait()
	if s, _ := ws.Snapshot("demo"); !s.LastOp.Answers(id) || !s.LastOp.OK() {
		t.Fatalf("login: %+v", s.LastOp)
	}

	var failures, sets int
	seen := map[string]bool{}
	cancel := ws.Subscribe(func(s Snapshot) {
		if r := s.LastOp; r != nil && r.Kind == OpRefresh && r.Cause == Auto && r.New != nil && !seen[r.New.AccessToken] {
			seen[r.New.AccessToken] = true
			sets++
		} else if r != nil && r.Err != nil && !seen["err "+r.Err.Error()+r.At.String()] {
			seen["err "+r.Err.Error()+r.At.String()] = true
			failures++
		}
	})
	defer cancel()

	warm := time.Now().Add(min(length/4, time.Minute))
	for time.Now().Before(warm) {
		time.Sleep(100 * time.Millisecond)
	}
	g0, h0 := usage()
	t.Logf("after %s: %d goroutines, heap %.1f MiB, %d rotations so far", min(length/4, time.Minute), g0, float64(h0)/(1<<20), counted.Stats().RefreshGrants)
	time.Sleep(time.Until(warm.Add(length - min(length/4, time.Minute))))
	ws.SetAutoRefresh("demo", false, time.Second)
	ws.Wait()
	g1, h1 := usage()
	st := counted.Stats()
	s, _ := ws.Snapshot("demo")
	t.Logf("after %s: %d goroutines, heap %.1f MiB; %d rotations, %d refused, %d reused, history %d entries",
		length, g1, float64(h1)/(1<<20), st.RefreshGrants, st.RejectedRefreshes, st.RefreshReuses, len(s.History))

	// A 3-second token refreshed 1 s before expiry: one rotation every 2 s.
	if want := int64(length / (2 * time.Second)); st.RefreshGrants < want*8/10 {
		t.Errorf("%d rotations in %s; want about %d (every expiry refreshed)", st.RefreshGrants, length, want)
	}
	if st.RejectedRefreshes != 0 || st.RefreshReuses != 0 || failures != 0 {
		t.Errorf("%d refreshes refused, %d refresh tokens reused, %d failed operations; want none", st.RejectedRefreshes, st.RefreshReuses, failures)
	}
	if int64(sets) != st.RefreshGrants {
		t.Errorf("%d token sets shown for %d rotations: each expiry must be refreshed exactly once", sets, st.RefreshGrants)
	}
	if len(s.History) > historyCap {
		t.Errorf("history holds %d entries; cap %d", len(s.History), historyCap)
	}
	if g1 > g0+5 {
		t.Errorf("goroutines grew %d -> %d", g0, g1)
	}
	if h1 > h0*3/2+4<<20 {
		t.Errorf("heap grew %.1f -> %.1f MiB", float64(h0)/(1<<20), float64(h1)/(1<<20))
	}
}

// usage is the goroutine count and the live heap after a collection.
func usage() (int, uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return runtime.NumGoroutine(), m.HeapAlloc
}

func TestHistoryIsCapped(t *testing.T) {
	st := &state{}
	for i := range historyCap + 500 {
		st.record(history.Event{At: time.Unix(int64(i), 0)})
	}
	if h := st.history.view(); len(h) != historyCap || h[0].At.Unix() != 500 || st.history.dropped != 500 {
		t.Fatalf("history %d entries from %v, %d dropped; want the last %d", len(h), h[0].At, st.history.dropped, historyCap)
	}
}
