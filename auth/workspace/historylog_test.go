package workspace

import (
	"bytes"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/history"
)

// event is the n-th of a made-up history.
func event(n int) history.Event {
	return history.Event{At: time.Unix(int64(n), 0), Kind: history.EventRefresh, Changed: []string{"exp", "iat", "jti"}}
}

// TestHistoryViewsStayAsTaken appends far past the cap while keeping a
// view taken after every event: each still reads the events it was taken
// with (the log never writes where a view can see), the newest historyCap
// of them, and an append to a view copies instead of writing into the log.
func TestHistoryViewsStayAsTaken(t *testing.T) {
	var l historyLog
	var views [][]history.Event
	const total = 3*historyCap + 7
	for n := range total {
		l.add(event(n))
		views = append(views, l.view())
	}
	for n, v := range views {
		first := max(0, n+1-historyCap)
		if len(v) != n+1-first || cap(v) != len(v) {
			t.Fatalf("view after event %d: %d events (cap %d); want %d", n, len(v), cap(v), n+1-first)
		}
		for i, e := range v {
			if e.At.Unix() != int64(first+i) {
				t.Fatalf("view after event %d holds event %d at %d; want %d", n, e.At.Unix(), i, first+i)
			}
		}
	}
	v := views[total-2]
	_ = append(v, event(-1))
	if got := l.view(); got[len(got)-1].At.Unix() != total-1 {
		t.Errorf("an append to a view wrote into the log: newest %d", got[len(got)-1].At.Unix())
	}
	if l.dropped != total-historyCap {
		t.Errorf("dropped %d; want %d", l.dropped, total-historyCap)
	}
}

// TestHistoryFileEncodingsAreTheNewest checks the encodings the file
// writer gets: the newest events, encoded as history.EncodeEvent does, no more
// than a history file holds.
func TestHistoryFileEncodingsAreTheNewest(t *testing.T) {
	var l historyLog
	big := event(0)
	big.Changed = make([]string, 200) // ~1.2 KiB an event: the file budget, not the cap, binds
	for i := range big.Changed {
		big.Changed[i] = "claim"
	}
	for n := range historyCap + 10 {
		e := big
		e.At = time.Unix(int64(n), 0)
		l.add(e)
	}
	f := l.file()
	size := 0
	for _, b := range f.encoded {
		size += len(b)
	}
	if size > maxHistoryFile || len(f.encoded) == 0 || len(f.encoded) >= historyCap {
		t.Fatalf("%d encodings, %d bytes; want fewer than %d events within %d bytes", len(f.encoded), size, historyCap, maxHistoryFile)
	}
	events := l.view()
	events = events[len(events)-len(f.encoded):]
	for i, e := range events {
		want, err := history.EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.encoded[i], want) {
			t.Fatalf("encoding %d is not the event's at %v", i, e.At)
		}
	}
	if f.err != nil {
		t.Errorf("encoding error %v", f.err)
	}
}

// TestHistoryViewsReadWhileTheLogGrows hands every view to another
// goroutine, which reads all of it while the log goes on appending: under
// -race, a write the readers can see fails the test.
func TestHistoryViewsReadWhileTheLogGrows(t *testing.T) {
	var l historyLog
	views := make(chan []history.Event, 16)
	done := make(chan int64)
	go func() {
		var sum int64
		for v := range views {
			for _, e := range v {
				sum += e.At.Unix()
			}
		}
		done <- sum
	}()
	var want int64
	for n := range 2*historyCap + historySlack {
		l.add(event(n))
		v := l.view()
		for _, e := range v {
			want += e.At.Unix()
		}
		views <- v
	}
	close(views)
	if got := <-done; got != want {
		t.Errorf("the reader saw events summing to %d; want %d", got, want)
	}
}
