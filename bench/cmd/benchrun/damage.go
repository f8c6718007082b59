package main

// Counting frames with the X DAMAGE extension (github.com/jezek/xgb/damage):
// one DamageNotify at level RawRectangles per drawing request that changed a
// window. A frame of a GL window under Xvfb (software GL) is one PutImage of
// the back buffer, so the count is the frames the program drew.

import (
	"fmt"
	"sync"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/damage"
	"github.com/jezek/xgb/xproto"
)

// damageMore is the bit of a DamageNotify's level that says more events
// follow for the same request.
const damageMore = 0x80

// damageCounter counts the updates of one window's contents.
type damageCounter struct {
	conn *xgb.Conn
	mu   sync.Mutex
	n    int
	done chan struct{}
}

// countDamage starts counting updates of win on display.
func countDamage(display string, win xproto.Window) (*damageCounter, error) {
	c, err := dialX(display)
	if err != nil {
		return nil, err
	}
	fail := func(step string, err error) (*damageCounter, error) {
		c.Close()
		return nil, fmt.Errorf("DAMAGE on %s: %s: %w", display, step, err)
	}
	if err := damage.Init(c); err != nil {
		return fail("init", err)
	}
	if _, err := damage.QueryVersion(c, 1, 1).Reply(); err != nil {
		return fail("QueryVersion", err)
	}
	id, err := damage.NewDamageId(c)
	if err != nil {
		return fail("new id", err)
	}
	if err := damage.CreateChecked(c, id, xproto.Drawable(win), damage.ReportLevelRawRectangles).Check(); err != nil {
		return fail("Create", err)
	}
	d := &damageCounter{conn: c, done: make(chan struct{})}
	go d.loop()
	return d, nil
}

func (d *damageCounter) loop() {
	defer close(d.done)
	for {
		ev, xerr := d.conn.WaitForEvent()
		if ev == nil && xerr == nil {
			return // Close closed the connection
		}
		if n, ok := ev.(damage.NotifyEvent); ok && n.Level&damageMore == 0 {
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

// Close stops counting.
func (d *damageCounter) Close() {
	d.conn.Close()
	<-d.done
}
