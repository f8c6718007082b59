package keyring

import "time"

// ExpiringStore keeps values in memory the operating system holds, each
// for at most its time to live: a fast copy in front of the OS keyring for
// what expires by itself (an access token), never the source of truth.
// Implementations are safe for concurrent use by any number of processes
// and never put a value into an error.
type ExpiringStore interface {
	// Get returns the value, or an error matching ErrSecretNotFound when
	// there is none (never stored, expired or dropped).
	Get(name string) ([]byte, error)
	// Put stores or replaces the value for ttl (rounded down to what the
	// store can express; an error when that is nothing).
	Put(name string, value []byte, ttl time.Duration) error
	// Drop removes the value; dropping a missing one is not an error.
	Drop(name string) error
}
