package demoidp

import (
	"sync"
	"time"
)

// replayCache remembers the jti of DPoP proofs and client assertions until
// they expire, so that each can be used once (RFC 9449 §11.1, RFC 7523 §3).
type replayCache struct {
	mu   sync.Mutex // guards seen
	seen map[string]time.Time
}

// first records id until expires and reports whether it was new.
func (c *replayCache) first(id string, now, expires time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = make(map[string]time.Time)
	}
	for k, exp := range c.seen {
		if now.After(exp) {
			delete(c.seen, k)
		}
	}
	if _, ok := c.seen[id]; ok {
		return false
	}
	c.seen[id] = expires
	return true
}
