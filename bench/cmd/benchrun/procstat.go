package main

// Reading a process's memory and CPU time from /proc.

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// rssMiB reads VmRSS from /proc/PID/status.
func rssMiB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return math.NaN()
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, err := strconv.ParseFloat(f[0], 64)
				if err == nil {
					return kb / 1024
				}
			}
		}
	}
	return math.NaN()
}

// rssParts reads RssAnon, RssFile and RssShmem from /proc/PID/status.
func rssParts(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	var parts []string
	for _, key := range []string{"RssAnon:", "RssFile:", "RssShmem:"} {
		v := "?"
		for _, l := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(l, key); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
						v = fmt.Sprintf("%.1f", kb/1024)
					}
				}
			}
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " / ")
}

// cpuSeconds reads utime+stime (all threads) from /proc/PID/stat.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return math.NaN()
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return math.NaN()
	}
	f := strings.Fields(s[i+1:])
	// After the name: state(3) ... utime(14) stime(15), 1-based over the whole line.
	if len(f) < 13 {
		return math.NaN()
	}
	ut, err1 := strconv.ParseFloat(f[11], 64)
	st, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return math.NaN()
	}
	const userHZ = 100 // USER_HZ of /proc on Linux
	return (ut + st) / userHZ
}
