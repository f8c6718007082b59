package workspace

// Benchmarks of what a profile's history costs as it grows (issue 14's
// soak: RSS must stay flat while the history fills to historyCap). They
// report figures; nothing here asserts a time or a size.

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/history"
)

// BenchmarkRefreshWithHistory is one manual refresh of the demo profile
// (the request, the history entry, its file, the snapshot) on a history
// of 1 entry and of historyCap entries: B/op beyond the small case is the
// garbage a refresh makes for the history's sake. Set-up also reports the
// heap each history entry keeps (retained-B/entry: live heap after a
// collection, full history against one entry, per entry). Run it with a
// fixed count (-benchtime=100x) so the small history stays small.
func BenchmarkRefreshWithHistory(b *testing.B) {
	for _, entries := range []int{1, historyCap} {
		b.Run(fmt.Sprintf("entries=%d", entries), func(b *testing.B) {
			h := newHarness(b, withoutRecording())
			h.login("demo")
			h0 := liveHeap()
			for range entries - 1 {
				h.ws.Refresh("demo", Manual)
				h.ws.Wait()
			}
			if n := len(h.snap("demo").History); n != entries {
				b.Fatalf("history has %d entries; want %d", n, entries)
			}
			perEntry := float64(int64(liveHeap())-int64(h0)) / float64(max(1, entries-1))
			b.ReportAllocs()
			for b.Loop() {
				h.ws.Refresh("demo", Manual)
				h.ws.Wait()
			}
			// b.Loop drops metrics reported before it: report them after.
			if entries > 1 {
				b.ReportMetric(perEntry, "retained-B/entry")
				b.ReportMetric(factsPerEntry(h.snap("demo").History), "facts-B/entry")
			}
			b.ReportMetric(float64(liveHeap())/(1<<20), "live-MiB")
		})
	}
}

// factsPerEntry is the mean size of the header and claims JSON that the
// events' token set facts hold.
func factsPerEntry(events []history.Event) float64 {
	n := 0
	for _, e := range events {
		for _, kind := range []string{"access", "refresh", "id"} {
			if f := e.Set.Token(kind); f != nil {
				n += len(f.Header) + len(f.Claims)
			}
		}
	}
	return float64(n) / float64(max(1, len(events)))
}

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
