package main

// A minimal X11 client (core protocol over the display's Unix socket): it
// asks for SubstructureNotify on the root window and reports the first
// top-level window that is mapped with a matching title, with the time the
// MapNotify event arrived. xdotool search --sync polls every 500 ms, which
// would round every start time to half a second; this does not poll.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

var le = binary.LittleEndian

type xConn struct {
	c       net.Conn
	r       *bufio.Reader
	root    uint32
	idBase  uint32 // resource ids this client may allocate
	nextID  uint32
	seq     uint16
	pending []xEvent // events read while waiting for a reply
}

type xEvent struct {
	m  []byte
	at time.Time // when it was read
}

// dialX connects to display ":N" through /tmp/.X11-unix/XN, without
// authorization (Xvfb started without -auth accepts local clients).
func dialX(display string) (*xConn, error) {
	n := strings.TrimPrefix(display, ":")
	if i := strings.IndexByte(n, '.'); i >= 0 {
		n = n[:i]
	}
	c, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+n, 5*time.Second)
	if err != nil {
		return nil, err
	}
	x := &xConn{c: c, r: bufio.NewReader(c)}
	if err := x.setup(); err != nil {
		c.Close()
		return nil, fmt.Errorf("X11 setup on %s: %w", display, err)
	}
	return x, nil
}

func (x *xConn) Close() error { return x.c.Close() }

func pad4(n int) int { return (n + 3) &^ 3 }

func (x *xConn) setup() error {
	x.c.SetDeadline(time.Now().Add(5 * time.Second))
	defer x.c.SetDeadline(time.Time{})
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0} // little endian, protocol 11.0, no auth
	if _, err := x.c.Write(req); err != nil {
		return err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(x.r, head); err != nil {
		return err
	}
	data := make([]byte, int(le.Uint16(head[6:8]))*4)
	if _, err := io.ReadFull(x.r, data); err != nil {
		return err
	}
	if head[0] != 1 {
		reason := data
		if int(head[1]) <= len(reason) {
			reason = reason[:head[1]]
		}
		return fmt.Errorf("refused: %q", reason)
	}
	if len(data) < 32 {
		return errors.New("short setup reply")
	}
	vendorLen := int(le.Uint16(data[16:18]))
	formats := int(data[21])
	off := 32 + pad4(vendorLen) + 8*formats
	if len(data) < off+4 {
		return errors.New("setup reply without a screen")
	}
	x.root = le.Uint32(data[off:])
	x.idBase = le.Uint32(data[4:8])
	// ChangeWindowAttributes(root, event-mask = SubstructureNotify).
	return x.request(2, 0, u32(x.root), u32(0x800), u32(1<<19))
}

func u32(v uint32) []byte { return le.AppendUint32(nil, v) }

// request sends one request; body is everything after the 4-byte header.
func (x *xConn) request(opcode, data byte, body ...[]byte) error {
	n := 4
	for _, b := range body {
		n += len(b)
	}
	msg := make([]byte, 4, pad4(n))
	msg[0], msg[1] = opcode, data
	le.PutUint16(msg[2:], uint16(pad4(n)/4))
	for _, b := range body {
		msg = append(msg, b...)
	}
	msg = msg[:pad4(n)]
	x.seq++
	_, err := x.c.Write(msg)
	return err
}

// read returns the next message: a reply (with its extra data), an error
// or an event.
func (x *xConn) read() ([]byte, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(x.r, b); err != nil {
		return nil, err
	}
	if b[0] == 1 {
		extra := int(le.Uint32(b[4:8])) * 4
		if extra > 1<<24 {
			return nil, errors.New("X11 reply too large")
		}
		b = append(b, make([]byte, extra)...)
		if _, err := io.ReadFull(x.r, b[32:]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// reply waits for the reply to the last request, keeping events for later.
func (x *xConn) reply() ([]byte, error) {
	x.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer x.c.SetReadDeadline(time.Time{})
	for {
		m, err := x.read()
		if err != nil {
			return nil, err
		}
		switch m[0] {
		case 0:
			return nil, fmt.Errorf("X11 error %d (request seq %d)", m[1], le.Uint16(m[2:4]))
		case 1:
			if le.Uint16(m[2:4]) == x.seq {
				return m, nil
			}
		default:
			x.pending = append(x.pending, xEvent{m, time.Now()})
		}
	}
}

func (x *xConn) atom(name string) (uint32, error) {
	b := le.AppendUint16(nil, uint16(len(name)))
	b = append(b, 0, 0)
	b = append(b, name...)
	if err := x.request(16, 0, b); err != nil {
		return 0, err
	}
	m, err := x.reply()
	if err != nil {
		return 0, err
	}
	return le.Uint32(m[8:12]), nil
}

// property reads a window property as bytes (any type, up to 4 KiB).
func (x *xConn) property(win, prop uint32) (string, error) {
	if err := x.request(20, 0, u32(win), u32(prop), u32(0), u32(0), u32(1024)); err != nil {
		return "", err
	}
	m, err := x.reply()
	if err != nil {
		return "", err
	}
	format, n := int(m[1]), int(le.Uint32(m[16:20]))
	size := n * format / 8
	if size > len(m)-32 {
		size = len(m) - 32
	}
	return string(m[32 : 32+size]), nil
}

// title returns _NET_WM_NAME, or WM_NAME when that is empty.
func (x *xConn) title(win uint32) string {
	if a, err := x.atom("_NET_WM_NAME"); err == nil {
		if s, err := x.property(win, a); err == nil && s != "" {
			return s
		}
	}
	s, _ := x.property(win, 39) // WM_NAME
	return s
}

// waitMapped returns the first top-level window mapped from now on whose
// title contains want, and when its MapNotify arrived.
func (x *xConn) waitMapped(want string, deadline time.Time) (uint32, time.Time, error) {
	for {
		var m []byte
		var at time.Time
		if len(x.pending) > 0 {
			m, at = x.pending[0].m, x.pending[0].at
			x.pending = x.pending[1:]
		} else {
			x.c.SetReadDeadline(deadline)
			var err error
			m, err = x.read()
			at = time.Now()
			x.c.SetReadDeadline(time.Time{})
			if err != nil {
				return 0, time.Time{}, fmt.Errorf("no window %q mapped: %w", want, err)
			}
		}
		if m[0]&0x7f != 19 { // MapNotify
			continue
		}
		win := le.Uint32(m[8:12])
		if strings.Contains(x.title(win), want) {
			return win, at, nil
		}
	}
}

// newID allocates a resource id.
func (x *xConn) newID() uint32 {
	x.nextID++
	return x.idBase | x.nextID
}

// extension returns the major opcode and first event code of an extension.
func (x *xConn) extension(name string) (major, firstEvent byte, err error) {
	b := le.AppendUint16(nil, uint16(len(name)))
	b = append(b, 0, 0)
	b = append(b, name...)
	if err := x.request(98, 0, b); err != nil { // QueryExtension
		return 0, 0, err
	}
	m, err := x.reply()
	if err != nil {
		return 0, 0, err
	}
	if m[8] == 0 {
		return 0, 0, fmt.Errorf("no %s extension", name)
	}
	return m[9], m[10], nil
}

// damageCounter counts the updates of one window's contents with the
// DAMAGE extension: one DamageNotify (level RawRectangles) per drawing
// request that changed it. A frame of a GL window under Xvfb is one
// PutImage of the back buffer, so this counts the frames the app drew.
type damageCounter struct {
	x          *xConn
	firstEvent byte
	mu         sync.Mutex
	n          int
	done       chan struct{}
}

// countDamage starts counting updates of win on display.
func countDamage(display string, win uint32) (*damageCounter, error) {
	x, err := dialX(display)
	if err != nil {
		return nil, err
	}
	major, first, err := x.extension("DAMAGE")
	if err == nil {
		err = x.request(major, 0, u32(1), u32(1)) // DamageQueryVersion 1.1
	}
	if err == nil {
		_, err = x.reply()
	}
	if err == nil {
		// DamageCreate(damage, drawable, level RawRectangles)
		err = x.request(major, 1, u32(x.newID()), u32(win), []byte{0, 0, 0, 0})
	}
	if err != nil {
		x.Close()
		return nil, fmt.Errorf("DAMAGE on %s: %w", display, err)
	}
	d := &damageCounter{x: x, firstEvent: first, done: make(chan struct{})}
	go d.loop()
	return d, nil
}

func (d *damageCounter) loop() {
	defer close(d.done)
	for {
		m, err := d.x.read() // ends when Close closes the connection
		if err != nil {
			return
		}
		// DamageNotify; bit 0x80 of the level byte: more events follow for the same request.
		if m[0]&0x7f == d.firstEvent && m[1]&0x80 == 0 {
			d.mu.Lock()
			d.n++
			d.mu.Unlock()
		}
	}
}

// count returns the updates counted so far.
func (d *damageCounter) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n
}

func (d *damageCounter) Close() {
	d.x.Close()
	<-d.done
}
