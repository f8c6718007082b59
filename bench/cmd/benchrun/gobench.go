package main

// Figures r2, d1, d2 and l1: Go benchmarks of auth/oidc and auth/jose, run as compiled
// test binaries and read with golang.org/x/perf/benchfmt (then those of ui/,
// uibench.go).

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
)

func (r *runner) benchGo(ctx context.Context) error {
	// The benchmarks live beside the code they measure: the refresh and
	// login ones in auth/oidc, the decoding ones in auth/jose.
	pkgOf := map[string]string{
		"BenchmarkRefreshSet": "auth/oidc", "BenchmarkRefreshPostFormBaseline": "auth/oidc",
		"BenchmarkRefreshOAuth2Only": "auth/oidc", "BenchmarkLoginOverhead": "auth/oidc",
		"BenchmarkUnverifiedDecode": "auth/jose", "BenchmarkParseUnverifiedBaseline": "auth/jose",
	}
	tests := map[string]string{}
	for _, pkg := range []string{"auth/oidc", "auth/jose"} {
		test := filepath.Join(r.tmp, filepath.Base(pkg)+".test")
		cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		cmd := exec.CommandContext(cctx, "go", "test", "-c", "-o", test, "./"+pkg+"/")
		cmd.Dir = r.root
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("go test -c ./%s/: %v\n%s", pkg, err, out)
		}
		tests[pkg] = test
	}
	bench := func(name, cpu string) (map[string]float64, error) {
		cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		pkg := pkgOf[name]
		cmd := exec.CommandContext(cctx, tests[pkg], "-test.run=^$", "-test.bench=^"+name+"$", "-test.benchmem",
			"-test.cpu="+cpu, "-test.benchtime="+r.cfg.benchtime, "-test.count=1")
		cmd.Dir = filepath.Join(r.root, pkg)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		m := parseBench(out, name)
		if m == nil {
			return nil, fmt.Errorf("%s: no result in\n%s", name, out)
		}
		return m, nil
	}
	pairs := []struct{ app, base, cpu string }{
		{"BenchmarkRefreshSet", "BenchmarkRefreshPostFormBaseline", "1"},
		{"BenchmarkUnverifiedDecode", "BenchmarkParseUnverifiedBaseline", "1"},
	}
	res := map[string][]map[string]float64{}
	for round := 0; round < r.cfg.rounds; round++ {
		for _, p := range pairs {
			names := []string{p.app, p.base}
			if round%2 == 1 {
				names = []string{p.base, p.app}
			}
			for _, n := range names {
				m, err := bench(n, p.cpu)
				if err != nil {
					return err
				}
				res[n] = append(res[n], m)
			}
		}
		for _, x := range []struct{ name, cpu string }{
			{"BenchmarkRefreshOAuth2Only", "1"}, {"BenchmarkLoginOverhead", strconv.Itoa(runtime.NumCPU())},
		} {
			m, err := bench(x.name, x.cpu)
			if err != nil {
				return err
			}
			res[x.name] = append(res[x.name], m)
		}
	}
	metric := func(name, unit string) (float64, []float64) {
		var vs []float64
		for _, m := range res[name] {
			vs = append(vs, m[unit])
		}
		return median(vs), vs
	}
	for _, p := range pairs {
		a, av := metric(p.app, "ns/op")
		b, bv := metric(p.base, "ns/op")
		r.detail("%s ns/op: %s; %s: %s (-cpu %s, -benchtime %s)", p.app, fmtList(av), p.base, fmtList(bv), p.cpu, r.cfg.benchtime)
		aa, _ := metric(p.app, "allocs/op")
		ba, _ := metric(p.base, "allocs/op")
		ab, _ := metric(p.app, "B/op")
		bb, _ := metric(p.base, "B/op")
		r.detail("%s: %.0f B/op %.0f allocs/op; %s: %.0f B/op %.0f allocs/op", p.app, ab, aa, p.base, bb, ba)
		switch p.app {
		case "BenchmarkRefreshSet":
			o, ov := metric("BenchmarkRefreshOAuth2Only", "ns/op")
			r.detail("reference: x/oauth2's TokenSource refresh on the same endpoint %s (%s) = %.2f× the bare POST, %.2f× Provider.RefreshSet",
				fmtNs(o), fmtList(ov), o/b, o/a)
			r.put("r2", result{app: fmtNs(a), base: fmtNs(b), ratio: a / b, ratioed: true})
		case "BenchmarkUnverifiedDecode":
			r.put("d1", result{app: fmtNs(a), base: fmtNs(b), ratio: a / b, ratioed: true})
			r.put("d2", result{app: fmt.Sprintf("%.0fk tokens/s", 1e6/a), value: 1e9 / a})
		}
	}
	o, ov := metric("BenchmarkLoginOverhead", "overhead-ms")
	cb, _ := metric("BenchmarkLoginOverhead", "oncallback-ms")
	ep, _ := metric("BenchmarkLoginOverhead", "endpoint-ms")
	p90, _ := metric("BenchmarkLoginOverhead", "overhead-p90-ms")
	r.detail("login overhead (ms, mean per run): %s; p90 %.2f; from OnCallback %.2f; token endpoint's own time %.3f", fmtList(ov), p90, cb, ep)
	r.put("l1", result{app: fmt.Sprintf("%.2f ms", o), base: fmt.Sprintf("(endpoint %.2f ms)", ep), value: o})
	return r.benchUI(ctx)
}

// parseBench returns the metrics (by unit) of the first result of the
// benchmark name ("BenchmarkX", any GOMAXPROCS suffix) in a test binary's
// output, or nil.
func parseBench(out []byte, name string) map[string]float64 {
	want := strings.TrimPrefix(name, "Benchmark")
	rd := benchfmt.NewReader(bytes.NewReader(out), name)
	for rd.Scan() {
		res, ok := rd.Result().(*benchfmt.Result)
		if !ok || string(res.Name.Base()) != want {
			continue
		}
		m := make(map[string]float64, len(res.Values))
		for _, v := range res.Values {
			// benchfmt tidies ns/op into sec/op; keep the units as printed.
			if v.OrigUnit != "" {
				m[v.OrigUnit] = v.OrigValue
			} else {
				m[v.Unit] = v.Value
			}
		}
		if _, ok := m["ns/op"]; ok {
			return m
		}
	}
	return nil
}
