package main

// Small statistics and number formats for the report.

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtList(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		switch {
		case v >= 100:
			parts[i] = fmt.Sprintf("%.0f", v)
		case v >= 10:
			parts[i] = fmt.Sprintf("%.1f", v)
		default:
			parts[i] = fmt.Sprintf("%.2f", v)
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func fmtNs(ns float64) string {
	if ns >= 10000 {
		return fmt.Sprintf("%.1f µs", ns/1000)
	}
	return fmt.Sprintf("%.0f ns", ns)
}
