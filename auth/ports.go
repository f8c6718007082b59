package auth

import (
	"fmt"
	"strconv"
	"strings"
)

// ParsePorts reads redirect ports written "8080", "8080,8081" or "8080 8081".
func ParsePorts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 65535 {
			return nil, fmt.Errorf("redirect port %q is not a port number", f)
		}
		out = append(out, n)
	}
	return out, nil
}
