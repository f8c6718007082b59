package config

import (
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

func TestClaimTree(t *testing.T) {
	d := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`,
		`{"sub":"u","aud":[],"realm_access":{"roles":["admin","user"]},"resource_access":{"web":{"roles":[]}},"cnf":{},"email":"","x":null,"n":1.50}`, "sig"))
	tree := jose.ClaimTree(d.Claims, ClaimsFor("keycloak"))
	rows := flatten(tree)
	byPath := map[string]jose.ClaimNode{}
	for _, r := range rows {
		byPath[strings.Join(r.Path, jose.PathSep)] = r
	}
	for path, want := range map[string]struct{ value, hint, kind string }{
		"sub":                           {"u", "", "string"},
		"aud":                           {"[]", "aud: no audience", "array"},
		"realm_access":                  {"{1 member}", "", "object"},
		"realm_access › roles":          {"[2 items]", "", "array"},
		"realm_access › roles › [1]":    {"user", "", "string"},
		"resource_access › web › roles": {"[]", "empty list", "array"},
		"cnf":                           {"{}", "cnf: empty object", "object"},
		"email":                         {`""`, "email: empty string", "string"},
		"x":                             {"null", "x: null: no value", "null"},
		"n":                             {"1.50", "", "number"},
	} {
		n, ok := byPath[path]
		if !ok {
			t.Errorf("no row %q (rows: %d)", path, len(rows))
			continue
		}
		if n.Value != want.value || n.Hint != want.hint || n.Kind != want.kind {
			t.Errorf("%s = %q, hint %q, kind %s; want %q, %q, %s", path, n.Value, n.Hint, n.Kind, want.value, want.hint, want.kind)
		}
	}
	if got := byPath["realm_access › roles"].Depth(); got != 1 {
		t.Errorf("depth of realm_access › roles = %d; want 1", got)
	}
	if string(byPath["realm_access › roles"].Raw) != `["admin","user"]` {
		t.Errorf("raw of realm_access › roles = %s", byPath["realm_access › roles"].Raw)
	}
	if m := byPath["realm_access"].Meaning; !strings.Contains(m, "roles") {
		t.Errorf("realm_access meaning = %q", m)
	}
	if tree[0].Name() != "sub" || tree[1].Name() != "aud" {
		t.Errorf("top level is not in token order: %s, %s", tree[0].Name(), tree[1].Name())
	}
}

// flatten lists a tree depth-first, parents before their children.
func flatten(nodes []jose.ClaimNode) []jose.ClaimNode {
	var out []jose.ClaimNode
	for _, n := range nodes {
		out = append(out, n)
		out = append(out, flatten(n.Children)...)
	}
	return out
}
