package remembered

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
)

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// set is a token set received at at whose access token lives life.
func set(access, refresh string, at time.Time, life time.Duration) *auth.TokenSet {
	return &auth.TokenSet{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		ExpiresIn: int64(life / time.Second), ReceivedAt: at, Raw: []byte(`{"access_token":"` + access + `"}`)}
}

func newStore(t *testing.T, secrets keyring.SecretStore, now *time.Time) *Store {
	return &Store{Secrets: secrets, Locks: &Locks{Dir: t.TempDir()}, Now: func() time.Time { return *now }}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	now := t0
	s := newStore(t, keyring.NewMemoryStore(), &now)
	in := set("at-1", "rt-1", t0, 2*time.Minute)
	in.IDToken, in.Scope = "id-1", "openid"
	if err := s.Save("demo", in); err != nil {
		t.Fatal(err)
	}
	out, err := s.Load("demo")
	if err != nil {
		t.Fatal(err)
	}
	if out.AccessToken != "at-1" || out.RefreshToken != "rt-1" || out.IDToken != "id-1" || out.Scope != "openid" ||
		!out.ReceivedAt.Equal(t0) || out.ExpiresIn != 120 || len(out.Fields) != 1 {
		t.Errorf("loaded %v; want the saved set", out)
	}
}

func TestLoadReadsTheOldRefreshTokenEntry(t *testing.T) {
	now := t0
	secrets := keyring.NewMemoryStore()
	secrets.Set("demo", keyring.SecretRefreshToken, "rt-old")
	s := newStore(t, secrets, &now)
	ts, err := s.Load("demo")
	if err != nil || ts.RefreshToken != "rt-old" || ts.AccessToken != "" {
		t.Fatalf("Load = %v, %v; want the old refresh token alone", ts, err)
	}
	if err := s.Save("demo", set("at", "rt-new", t0, time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Get("demo", keyring.SecretRefreshToken); !errors.Is(err, keyring.ErrSecretNotFound) {
		t.Error("the old entry is still there after a save")
	}
}

func TestLoadIgnoresEntriesWeDidNotWrite(t *testing.T) {
	now := t0
	for _, garbage := range []string{"", "not json", `{"v":99,"access_token":"x"}`, `{"v":1}`, `["another","app"]`, "\x00\xff"} {
		secrets := keyring.NewMemoryStore()
		secrets.Set("demo", keyring.SecretSession, garbage)
		_, err := newStore(t, secrets, &now).Load("demo")
		if !errors.Is(err, auth.ErrNotSaved) {
			t.Errorf("Load(%q) = %v; want ErrNotSaved", garbage, err)
		}
		if garbage != "" && strings.Contains(err.Error(), garbage) {
			t.Errorf("the error quotes the entry: %v", err)
		}
	}
	if _, err := newStore(t, keyring.NewMemoryStore(), &now).Load("nobody"); !errors.Is(err, ErrNothingRemembered) {
		t.Errorf("Load of nothing = %v; want ErrNothingRemembered", err)
	}
}

func TestFreshReturnsTheSavedSetWhileItIsValid(t *testing.T) {
	now := t0
	s := newStore(t, keyring.NewMemoryStore(), &now)
	s.Save("demo", set("at-1", "rt-1", t0, 2*time.Minute))
	var calls atomic.Int32
	refresh := func(ctx context.Context, rt string) (*auth.TokenSet, error) {
		calls.Add(1)
		return set("at-2", "rt-2", now, 2*time.Minute), nil
	}
	r, err := s.Fresh(context.Background(), "demo", time.Minute, refresh)
	if err != nil || r.Refreshed || r.Tokens.AccessToken != "at-1" || calls.Load() != 0 {
		t.Fatalf("fresh token: %+v, %v, %d calls; want the saved set", r, err, calls.Load())
	}
	now = t0.Add(61 * time.Second) // 59 s left: less than --min-valid
	r, err = s.Fresh(context.Background(), "demo", time.Minute, refresh)
	if err != nil || !r.Refreshed || r.Tokens.AccessToken != "at-2" || calls.Load() != 1 {
		t.Fatalf("stale token: %+v, %v; want a refresh", r, err)
	}
	if saved, _ := s.Load("demo"); saved.RefreshToken != "rt-2" {
		t.Error("the rotated refresh token was not saved")
	}
}

// Many callers, each with its own Store as separate processes would have,
// racing for an expired token: one refresh, the same token for all.
func TestFreshRefreshesOnceForConcurrentCallers(t *testing.T) {
	now := t0.Add(time.Hour)
	secrets := keyring.NewMemoryStore()
	dir := t.TempDir()
	first := &Store{Secrets: secrets, Locks: &Locks{Dir: dir}, Now: func() time.Time { return now }}
	first.Save("demo", set("at-1", "rt-1", t0, 2*time.Minute))
	var calls atomic.Int32
	var mu sync.Mutex
	used := map[string]int{}
	refresh := func(ctx context.Context, rt string) (*auth.TokenSet, error) {
		mu.Lock()
		used[rt]++
		mu.Unlock()
		n := calls.Add(1)
		time.Sleep(10 * time.Millisecond) // the provider takes its time
		return set(fmt.Sprintf("at-%d", n+1), fmt.Sprintf("rt-%d", n+1), now, 2*time.Minute), nil
	}
	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &Store{Secrets: secrets, Locks: &Locks{Dir: dir}, Now: func() time.Time { return now }}
			r, err := s.Fresh(context.Background(), "demo", time.Minute, refresh)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = r.Tokens.AccessToken
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d refreshes for 10 concurrent callers; want 1", calls.Load())
	}
	for rt, n := range used {
		if n > 1 {
			t.Errorf("refresh token %s sent %d times", rt, n)
		}
	}
	for i, g := range got {
		if g != "at-2" {
			t.Errorf("caller %d got %q; want the one refreshed token", i, g)
		}
	}
}

// A window holding an older set than the keyring (another process rotated)
// adopts the newer set instead of sending its used-up refresh token.
func TestRefreshAdoptsANewerSetFromAnotherProcess(t *testing.T) {
	now := t0.Add(30 * time.Second)
	s := newStore(t, keyring.NewMemoryStore(), &now)
	held := set("at-1", "rt-1", t0, 2*time.Minute)
	s.Save("demo", set("at-2", "rt-2", t0.Add(20*time.Second), 2*time.Minute)) // the other process's rotation
	r, err := s.Refresh(context.Background(), "demo", held, 0, func(context.Context, string) (*auth.TokenSet, error) {
		t.Fatal("refreshed although the keyring held a valid newer set")
		return nil, nil
	})
	if err != nil || r.Refreshed || r.Tokens.AccessToken != "at-2" {
		t.Fatalf("Refresh = %+v, %v; want the newer set adopted", r, err)
	}
	// The newer set has expired too: it is refreshed with its own token.
	now = t0.Add(10 * time.Minute)
	var sent string
	r, err = s.Refresh(context.Background(), "demo", held, 0, func(_ context.Context, rt string) (*auth.TokenSet, error) {
		sent = rt
		return set("at-3", "rt-3", now, 2*time.Minute), nil
	})
	if err != nil || sent != "rt-2" || r.Tokens.AccessToken != "at-3" {
		t.Fatalf("sent %q, got %+v, %v; want the keyring's refresh token used", sent, r, err)
	}
}

func TestSaveTouchesTheChangeMarker(t *testing.T) {
	now := t0
	s := newStore(t, keyring.NewMemoryStore(), &now)
	before := s.Stamp("demo")
	s.Save("demo", set("a", "r", t0, time.Minute))
	after := s.Stamp("demo")
	if after == "" || after == before {
		t.Fatalf("stamp %q -> %q; want a change", before, after)
	}
	data, _ := os.ReadFile(s.Locks.fileName("demo") + ".changed")
	if strings.Contains(string(data), "a") && strings.Contains(string(data), "r\"") {
		t.Error("the marker holds token text")
	}
}

const lockChildEnv = "TOKENINSPECTOR_TEST_LOCK_CHILD"

// A process killed with SIGKILL while it holds the lock: the next caller
// gets the lock at once.
func TestLockOfAKilledProcessIsReleased(t *testing.T) {
	if dir := os.Getenv(lockChildEnv); dir != "" {
		if _, err := (&Locks{Dir: dir}).Lock(context.Background(), "demo"); err != nil {
			fmt.Println("lock failed:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockOfAKilledProcessIsReleased$")
	cmd.Env = append(os.Environ(), lockChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); strings.TrimSpace(line) != "locked" {
		cmd.Process.Kill()
		t.Fatalf("child said %q", line)
	}
	l := &Locks{Dir: dir}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	if _, err := l.Lock(ctx, "demo"); err == nil {
		t.Fatal("got the lock while the child held it")
	}
	cancel()
	cmd.Process.Kill() // SIGKILL: no chance to unlock
	cmd.Wait()
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	unlock, err := l.Lock(ctx, "demo")
	if err != nil {
		t.Fatalf("lock after the holder was killed: %v", err)
	}
	unlock()
}

// A login saved while a refresh waits for the provider wins: the refresh's
// older family is not written over it.
func TestRefreshDoesNotOverwriteALoginSavedMeanwhile(t *testing.T) {
	now := t0.Add(time.Hour)
	s := newStore(t, keyring.NewMemoryStore(), &now)
	s.Save("demo", set("at-1", "rt-1", t0, 2*time.Minute))
	login := set("at-login", "rt-login", now, 2*time.Minute)
	r, err := s.Fresh(context.Background(), "demo", time.Minute, func(ctx context.Context, rt string) (*auth.TokenSet, error) {
		if err := s.Put(ctx, "demo", login); err != nil { // the login finishes while the provider thinks
			t.Error(err)
		}
		return set("at-2", "rt-2", now, 2*time.Minute), nil
	})
	if err != nil || !errors.Is(r.SaveErr, ErrSavedElsewhere) || r.Tokens.AccessToken != "at-2" {
		t.Fatalf("Fresh = %+v, %v; want the refreshed tokens, not saved", r, err)
	}
	if saved, _ := s.Load("demo"); saved.RefreshToken != "rt-login" {
		t.Errorf("keyring holds %s; want the login's set", saved.RefreshToken)
	}
}
