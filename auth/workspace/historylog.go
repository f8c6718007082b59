package workspace

import (
	"github.com/tokeninspector/tokeninspector/auth/history"
)

// historySlack is how far a history array runs past historyCap events
// before the log moves to a new one: each move copies historyCap events
// (a few hundred bytes per event appended, spread out), and the events
// dropped from the front stay in the old array until then.
const historySlack = historyCap / 4

// historyLog is a profile's history: at most historyCap events, oldest
// first, and the history file encodings (history.EncodeEvent) of as many of
// the newest as a history file holds (nil for an event that could not be
// encoded: it is left out of the file). Snapshots share the events and the
// file writer shares the encodings instead of copying them, and a history
// that grows by one event is encoded for its file by one event. It is
// touched only by its profile's actor; the views it hands out are read on
// any goroutine.
type historyLog struct {
	events   window[history.Event]
	dropped  uint64            // events dropped from the front by the cap, ever
	lastSet  *history.SetFacts // the newest token set facts, shared with (history.ShareFacts)
	enc      window[[]byte]
	encBytes int   // the length of enc's encodings
	encErr   error // why an event could not be encoded, once one could not
}

// view is the history, shared and read-only: a snapshot's History.
func (l *historyLog) view() []history.Event { return l.events.view() }

// file is what the history file gets: the newest events' encodings,
// shared and read-only, and an encoding error since the log began.
func (l *historyLog) file() historyFile {
	return historyFile{encoded: l.enc.view(), err: l.encErr}
}

// add appends ev, sharing with the entry before what they have in common
// (token set facts, the refs of the tokens that went), dropping the oldest event beyond historyCap and
// the oldest encodings beyond what a history file holds.
func (l *historyLog) add(ev history.Event) {
	if ev.Set != nil {
		ev.Set = history.ShareFacts(ev.Set, l.lastSet)
		l.lastSet = ev.Set
	}
	if n := len(l.events.buf); l.events.len() > 0 {
		last := &l.events.buf[n-1] // the tokens it brought are the ones this one saw go
		if ev.AccessJTI[0] == last.AccessJTI[1] {
			ev.AccessJTI[0] = last.AccessJTI[1]
		}
		if ev.RefreshJTI[0] == last.RefreshJTI[1] {
			ev.RefreshJTI[0] = last.RefreshJTI[1]
		}
	}
	l.events.push(ev, historyCap+historySlack)
	if l.events.len() > historyCap {
		l.events.drop(1)
		l.dropped++
	}
	b, err := history.EncodeEvent(ev)
	if err != nil {
		l.encErr = err
	}
	n := l.enc.len() + 1
	l.enc.push(b, n+n/16+8) // little room: dropped encodings stay until a move
	l.encBytes += len(b)
	for l.encBytes > maxHistoryFile || l.enc.len() > l.events.len() {
		l.encBytes -= len(l.enc.view()[0])
		l.enc.drop(1)
	}
}

// window is the tail buf[start:] of an append-only array. An element
// once appended is never written again, and a view of it is a slice whose
// capacity ends at its length (appending to it copies), so views may be
// read on any goroutine while the owner appends: the owner writes only
// past every view's end, or into a new array once the array is full.
type window[T any] struct {
	buf   []T
	start int
}

func (w *window[T]) len() int { return len(w.buf) - w.start }

func (w *window[T]) view() []T { return w.buf[w.start:len(w.buf):len(w.buf)] }

// push appends v. When the array is full the window moves to a new array
// with room for room elements (at least one more than it holds), and the
// old array is left to the views that hold it.
func (w *window[T]) push(v T, room int) {
	if len(w.buf) == cap(w.buf) {
		live := w.buf[w.start:]
		next := make([]T, len(live), max(room, len(live)+1))
		copy(next, live)
		w.buf, w.start = next, 0
	}
	w.buf = append(w.buf, v)
}

// drop leaves the n oldest elements out of the window (and of views taken
// after); the array keeps them for the views taken before.
func (w *window[T]) drop(n int) { w.start += n }
