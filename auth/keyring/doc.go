// Package keyring keeps secrets where they belong: the OS keyring behind one
// worker goroutine, the kernel's user keyring as a cache, and memory when no
// keyring answers.
package keyring
