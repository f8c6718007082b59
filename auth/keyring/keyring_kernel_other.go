//go:build !linux

package keyring

// NewKernelKeyring returns nil here: only Linux has the kernel key
// retention service, and other systems keep reading their OS keyring.
func NewKernelKeyring() ExpiringStore { return nil }
