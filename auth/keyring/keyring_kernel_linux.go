//go:build linux

package keyring

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// KernelKeyring is an ExpiringStore in the Linux kernel's key retention
// service (keyrings(7)), through golang.org/x/sys/unix: "user" keys in the
// user keyring (@u), shared by every process of this user and by nothing
// else.
//
// Trust model: a key's payload lives in kernel memory, never in a file or
// swap. Each key is readable by its owner (the same uid, possessing the user
// keyring or not) and by nobody else: no group or other permissions, and
// root, which can read any process's memory anyway. That is the same trust
// an unlocked Secret Service collection gets, which any process of the user
// can read over D-Bus. Each key has a timeout, after which the kernel
// refuses it and collects it.
type KernelKeyring struct {
	// Ring is the keyring the keys are linked into; 0 => the user keyring.
	Ring int
}

// NewKernelKeyring returns the store on the user keyring.
func NewKernelKeyring() ExpiringStore { return &KernelKeyring{} }

// kernelKeyType is the kernel key type used: payloads of up to 32 KiB,
// read back with KEYCTL_READ.
const kernelKeyType = "user"

// kernelKeyMax is the largest payload the "user" key type takes.
const kernelKeyMax = 32767

// kernelKeyPerm is view, read, write, search and set-attribute for the
// possessor and for the owning user; nothing for group and other (no link:
// a key cannot be linked into another keyring to outlive its drop).
const kernelKeyPerm = kernelPosView | kernelPosRead | kernelPosWrite | kernelPosSearch | kernelPosSetattr |
	kernelUsrView | kernelUsrRead | kernelUsrWrite | kernelUsrSearch | kernelUsrSetattr

// The permission bits of keyctl_setperm(3); x/sys/unix does not define them.
const (
	kernelPosView, kernelPosRead, kernelPosWrite, kernelPosSearch, kernelPosSetattr = 0x01000000, 0x02000000, 0x04000000, 0x08000000, 0x20000000
	kernelUsrView, kernelUsrRead, kernelUsrWrite, kernelUsrSearch, kernelUsrSetattr = 0x00010000, 0x00020000, 0x00040000, 0x00080000, 0x00200000
)

func (k *KernelKeyring) ring() int {
	if k.Ring == 0 {
		return unix.KEY_SPEC_USER_KEYRING
	}
	return k.Ring
}

// kernelNotFound reports whether a keyctl error means "no usable key".
func kernelNotFound(err error) bool {
	return errors.Is(err, unix.ENOKEY) || errors.Is(err, unix.EKEYEXPIRED) || errors.Is(err, unix.EKEYREVOKED)
}

// find returns the serial number of the key named name.
func (k *KernelKeyring) find(name string) (int, error) {
	id, err := unix.KeyctlSearch(k.ring(), kernelKeyType, name, 0)
	switch {
	case err == nil:
		return id, nil
	case kernelNotFound(err):
		return 0, fmt.Errorf("%w: kernel key %s", ErrSecretNotFound, name)
	}
	return 0, fmt.Errorf("kernel keyring: search %s: %w", name, err)
}

// Get implements ExpiringStore.
func (k *KernelKeyring) Get(name string) ([]byte, error) {
	id, err := k.find(name)
	if err != nil {
		return nil, err
	}
	// Most entries fit a small buffer; KEYCTL_READ says the size of one
	// that does not, and it is read again.
	buf := make([]byte, 4096)
	n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, id, buf, 0)
	if err == nil && n > len(buf) && n <= kernelKeyMax {
		buf = make([]byte, n)
		n, err = unix.KeyctlBuffer(unix.KEYCTL_READ, id, buf, 0)
	}
	switch {
	case kernelNotFound(err):
		return nil, fmt.Errorf("%w: kernel key %s", ErrSecretNotFound, name)
	case err != nil:
		return nil, fmt.Errorf("kernel keyring: read %s: %w", name, err)
	case n > len(buf):
		return nil, fmt.Errorf("kernel keyring: read %s: %d bytes, more than a user key holds", name, n)
	}
	return buf[:n], nil
}

// Put implements ExpiringStore: the key is created or its payload replaced
// in one step, then given its permissions and timeout. Should either of
// those fail, the key is invalidated: no key outlives its ttl.
func (k *KernelKeyring) Put(name string, value []byte, ttl time.Duration) error {
	secs := int(ttl / time.Second)
	switch {
	case secs < 1:
		return fmt.Errorf("kernel keyring: put %s: a time to live of %s is less than a second", name, ttl)
	case len(value) > kernelKeyMax:
		return fmt.Errorf("kernel keyring: put %s: %d bytes, more than a user key holds", name, len(value))
	}
	// add_key(2) replaces the payload of a key of that name (expired or
	// not) and clears its timeout, which is set again at once.
	id, err := unix.AddKey(kernelKeyType, name, value, k.ring())
	if err != nil {
		return fmt.Errorf("kernel keyring: put %s: %w", name, err)
	}
	if _, err = unix.KeyctlInt(unix.KEYCTL_SET_TIMEOUT, id, secs, 0, 0); err == nil {
		err = unix.KeyctlSetperm(id, kernelKeyPerm)
	}
	if err != nil {
		_, _ = unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
		return fmt.Errorf("kernel keyring: put %s: %w", name, err)
	}
	return nil
}

// Drop implements ExpiringStore: the key is invalidated, which the kernel
// refuses at once and collects soon after.
func (k *KernelKeyring) Drop(name string) error {
	id, err := unix.KeyctlSearch(k.ring(), kernelKeyType, name, 0)
	switch {
	case errors.Is(err, unix.ENOKEY):
		return nil
	case errors.Is(err, unix.EKEYEXPIRED), errors.Is(err, unix.EKEYREVOKED):
		return nil // refused already; the kernel collects it
	case err != nil:
		return fmt.Errorf("kernel keyring: drop %s: %w", name, err)
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0); err != nil && !kernelNotFound(err) {
		return fmt.Errorf("kernel keyring: drop %s: %w", name, err)
	}
	return nil
}
