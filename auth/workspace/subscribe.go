package workspace

import "sync"

// subscriber receives every snapshot, in order, on a goroutine of its own
// that runs only while snapshots are queued.
type subscriber struct {
	ws *Workspace
	f  func(Snapshot)

	mu      sync.Mutex // guards queue, running, gone
	queue   []Snapshot
	running bool
	gone    bool
}

// Subscribe calls f with every snapshot of every profile from now on, one
// at a time and in the order they were made, never on the caller's
// goroutine (a window hands them to its UI thread). cancel stops it.
func (ws *Workspace) Subscribe(f func(Snapshot)) (cancel func()) {
	s := &subscriber{ws: ws, f: f}
	ws.mu.Lock()
	ws.subs = append(ws.subs, s)
	ws.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.gone = true
		s.mu.Unlock()
		ws.mu.Lock()
		for i, x := range ws.subs {
			if x == s {
				ws.subs = append(ws.subs[:i:i], ws.subs[i+1:]...)
				break
			}
		}
		ws.mu.Unlock()
	}
}

// deliver queues snap for every subscriber.
func (ws *Workspace) deliver(snap Snapshot) {
	ws.mu.Lock()
	subs := append([]*subscriber(nil), ws.subs...)
	ws.mu.Unlock()
	for _, s := range subs {
		s.push(snap)
	}
}

func (s *subscriber) push(snap Snapshot) {
	s.ws.busy.add(1)
	s.mu.Lock()
	s.queue = append(s.queue, snap)
	start := !s.running
	s.running = true
	s.mu.Unlock()
	if start {
		go s.drain()
	}
}

func (s *subscriber) drain() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		snap, gone := s.queue[0], s.gone
		s.queue = s.queue[1:]
		s.mu.Unlock()
		if !gone {
			s.f(snap)
		}
		s.ws.busy.add(-1)
	}
}
