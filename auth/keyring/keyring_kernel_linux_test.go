//go:build linux

package keyring

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// kernelKeysOrSkip returns a store on the user keyring and a name no other
// test uses, or skips where keyctl is not permitted (a seccomp profile).
func kernelKeysOrSkip(t *testing.T) (*KernelKeyring, string) {
	t.Helper()
	b := make([]byte, 8)
	rand.Read(b)
	name := "tokeninspector-test:" + hex.EncodeToString(b)
	id, err := unix.AddKey("user", name, []byte("probe"), unix.KEY_SPEC_USER_KEYRING)
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EACCES) {
		t.Skipf("the kernel key retention service is not usable here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
	k := &KernelKeyring{}
	t.Cleanup(func() { k.Drop(name) })
	return k, name
}

func TestKernelKeysPutGetReplaceDrop(t *testing.T) {
	k, name := kernelKeysOrSkip(t)
	if _, err := k.Get(name); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get before Put: %v; want ErrSecretNotFound", err)
	}
	if err := k.Put(name, []byte("value-1"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(name); err != nil || string(v) != "value-1" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	big := strings.Repeat("value-2 ", 2000) // more than the first read's buffer
	if err := k.Put(name, []byte(big), time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(name); err != nil || string(v) != big {
		t.Fatalf("Get after replace = %d bytes, %v; want %d", len(v), err, len(big))
	}
	if err := k.Drop(name); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(name); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Drop: %v; want ErrSecretNotFound", err)
	}
	if err := k.Drop(name); err != nil {
		t.Errorf("Drop of nothing: %v", err)
	}
}

// The key is the owner's alone (no group or other bits) and has a timeout.
func TestKernelKeysPermissionsAndTimeout(t *testing.T) {
	k, name := kernelKeysOrSkip(t)
	if err := k.Put(name, []byte("secret-value"), 90*time.Second); err != nil {
		t.Fatal(err)
	}
	id, err := k.find(name)
	if err != nil {
		t.Fatal(err)
	}
	desc, err := unix.KeyctlString(unix.KEYCTL_DESCRIBE, id)
	if err != nil {
		t.Fatal(err)
	}
	// "type;uid;gid;perm;description"
	parts := strings.SplitN(desc, ";", 5)
	if len(parts) != 5 || parts[0] != "user" || parts[1] != fmt.Sprint(unix.Getuid()) || parts[3] != fmt.Sprintf("%08x", kernelKeyPerm) {
		t.Errorf("key %q; want a user key of uid %d with permissions %08x", desc, unix.Getuid(), kernelKeyPerm)
	}
	if kernelKeyPerm&0xffff != 0 {
		t.Errorf("permissions %08x give group or other access", kernelKeyPerm)
	}
	// /proc/keys shows the time left ("1m" or "89s" here, "perm" without one).
	if line := procKeysLine(t, id); line != "" && strings.Contains(line, " perm ") {
		t.Errorf("the key has no timeout: %s", line)
	}
	// Replacing the value keeps a timeout (add_key clears it; Put sets it again).
	if err := k.Put(name, []byte("secret-value-2"), 90*time.Second); err != nil {
		t.Fatal(err)
	}
	if line := procKeysLine(t, id); line != "" && strings.Contains(line, " perm ") {
		t.Errorf("the replaced key has no timeout: %s", line)
	}
}

// procKeysLine is the /proc/keys line of key id ("" where it cannot be read).
func procKeysLine(t *testing.T, id int) string {
	t.Helper()
	data, err := os.ReadFile("/proc/keys")
	if err != nil {
		return ""
	}
	prefix := fmt.Sprintf("%08x ", id)
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	t.Errorf("key %08x is not in /proc/keys", id)
	return ""
}

func TestKernelKeysExpire(t *testing.T) {
	k, name := kernelKeysOrSkip(t)
	if err := k.Put(name, []byte("v"), time.Second); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := k.Get(name)
		if errors.Is(err, ErrSecretNotFound) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("a key put for one second is still there after ten")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// An expired key of the same name is replaced, not refused.
	if err := k.Put(name, []byte("again"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(name); err != nil || string(v) != "again" {
		t.Errorf("Get after re-Put = %q, %v", v, err)
	}
}

func TestKernelKeysRefuseWhatTheyCannotKeep(t *testing.T) {
	k, name := kernelKeysOrSkip(t)
	for _, tc := range []struct {
		value []byte
		ttl   time.Duration
	}{
		{[]byte("secret-value"), 500 * time.Millisecond},
		{[]byte("secret-value"), 0},
		{[]byte(strings.Repeat("x", kernelKeyMax+1)), time.Minute},
	} {
		err := k.Put(name, tc.value, tc.ttl)
		if err == nil {
			t.Errorf("Put of %d bytes for %s succeeded", len(tc.value), tc.ttl)
			continue
		}
		if strings.Contains(err.Error(), "secret-value") || strings.Contains(err.Error(), "xxxx") {
			t.Errorf("the error quotes the value: %v", err)
		}
	}
	if _, err := k.Get(name); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("a refused Put left a key: %v", err)
	}
}
