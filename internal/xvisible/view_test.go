package xvisible

import "testing"

func TestViewShown(t *testing.T) {
	for _, tc := range []struct {
		v    view
		want bool
	}{
		{view{viewable: true}, true},
		{view{}, false},
		{view{viewable: true, iconic: true}, false},
		{view{viewable: true, hidden: true}, false},
		{view{viewable: true, obscured: true}, false},
	} {
		if got := tc.v.shown(); got != tc.want {
			t.Errorf("%+v: shown %v; want %v", tc.v, got, tc.want)
		}
	}
}
