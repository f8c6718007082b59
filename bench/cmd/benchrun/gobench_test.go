package main

import "testing"

func TestParseBenchReadsEveryUnit(t *testing.T) {
	out := []byte(`goos: linux
goarch: amd64
pkg: github.com/tokeninspector/tokeninspector/auth
cpu: Intel(R) Xeon(R)
BenchmarkUnverifiedDecodeOther-2   	  100000	      9999 ns/op
BenchmarkUnverifiedDecode          	  600000	      1842 ns/op	    2048 B/op	      20 allocs/op
BenchmarkLoginOverhead-2   	     200	   5000000 ns/op	         0.031 endpoint-ms	         1.17 overhead-ms
PASS
`)
	m := parseBench(out, "BenchmarkUnverifiedDecode")
	if m["ns/op"] != 1842 || m["B/op"] != 2048 || m["allocs/op"] != 20 {
		t.Errorf("BenchmarkUnverifiedDecode: got %v, want 1842 ns/op, 2048 B/op, 20 allocs/op", m)
	}
	m = parseBench(out, "BenchmarkLoginOverhead")
	if m["overhead-ms"] != 1.17 || m["endpoint-ms"] != 0.031 {
		t.Errorf("BenchmarkLoginOverhead (with a GOMAXPROCS suffix): got %v", m)
	}
	if m := parseBench(out, "BenchmarkMissing"); m != nil {
		t.Errorf("a benchmark not in the output: got %v, want nil", m)
	}
}
