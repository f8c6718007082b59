package ui

import (
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const keycloakClaims = `{"sub":"x","aud":[],"realm_access":{"roles":["admin","qa"]},` +
	`"resource_access":{"app":{"roles":["viewer"]}},"allowed-origins":["https://app.example"],"azp":"app"}`

func rowNames(rows []claimRow) string {
	var names []string
	for _, r := range rows {
		names = append(names, strings.TrimSpace(r.Name))
	}
	return strings.Join(names, ",")
}

func indexOfRow(t *testing.T, v *tokenView, path string) int {
	t.Helper()
	for i, r := range v.rows {
		if strings.Join(r.Path, jose.PathSep) == path {
			return i
		}
	}
	t.Fatalf("no row %q in %s", path, rowNames(v.rows))
	return -1
}

func TestClaimsReadAsATree(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()
	d.input.SetText(unsignedJWT(keycloakClaims))
	v := d.view
	want := "header.alg,header.typ,sub,aud,realm_access,› roles,› [0],› [1],resource_access,› app,› roles,› [0],allowed-origins,azp"
	if got := rowNames(v.rows); got != want {
		t.Fatalf("rows\n %s\nwant\n %s", got, want)
	}
	roles := v.rows[indexOfRow(t, v, "realm_access › roles")]
	if roles.Value != "[2 items]" || roles.Depth != 1 || !strings.HasPrefix(roles.Name, indent+"› ") {
		t.Errorf("realm_access › roles row %+v", roles)
	}
	if ra := rowOf(t, v, "realm_access"); ra.Value != "{1 member}" || ra.Copy != `{"roles":["admin","qa"]}` {
		t.Errorf("realm_access row %+v", ra)
	}
	if aud := rowOf(t, v, "aud"); aud.Value != "[]" || !strings.Contains(aud.Readable, "audience") {
		t.Errorf("empty aud: %+v", aud)
	}
}

func TestClaimFilterKeepsTheTreeAndCopyPath(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()
	d.input.SetText(unsignedJWT(keycloakClaims))
	v := d.view
	v.claims.filter.SetText("ROLES")
	want := "realm_access,› roles,› [0],› [1],resource_access,› app,› roles,› [0]"
	if got := rowNames(v.rows); got != want {
		t.Fatalf("filtered rows\n %s\nwant\n %s", got, want)
	}
	v.claims.filter.SetText("viewer") // a value deep down keeps its ancestors only
	if got := rowNames(v.rows); got != "resource_access,› app,› roles,› [0]" {
		t.Errorf("filter on a value: %s", got)
	}
	if !v.claims.copyPth.Disabled() {
		t.Error("Copy path enabled with no row selected")
	}
	v.claims.filter.SetText("")
	v.table.Select(widget.TableCellID{Row: indexOfRow(t, v, "realm_access › roles"), Col: 0})
	test.Tap(v.claims.copyValue)
	if got := h.clipboard(); got != `["admin","qa"]` {
		t.Errorf("Copy value copied %q; want the row's value as JSON", got)
	}
	test.Tap(v.claims.copyPth)
	if got := h.clipboard(); got != ".realm_access.roles" {
		t.Errorf("Copy path: %q", got)
	}
	v.table.Select(widget.TableCellID{Row: indexOfRow(t, v, "allowed-origins"), Col: 0})
	test.Tap(v.claims.copyPth)
	if got := h.clipboard(); got != `.["allowed-origins"]` {
		t.Errorf("Copy path of a dashed name: %q", got)
	}
	v.table.Select(widget.TableCellID{Row: indexOfRow(t, v, "azp"), Col: 1})
	test.Tap(v.claims.copyValue)
	if got := h.clipboard(); got != "app" {
		t.Errorf("Copy value of a string: %q", got)
	}
	if !strings.Contains(statusOf(h.u), "azp") {
		t.Errorf("status %q does not say what was copied", statusOf(h.u))
	}
}

func TestPresetClaimDictionaryFeedsTheMeaningColumn(t *testing.T) {
	h := newHarness(t, nil)
	p := h.u.current().Profile
	p.Preset = "decathlon-eu"
	if _, err := h.ws.SaveProfile(p.Name, p); err != nil {
		t.Fatal(err)
	}
	h.settle()
	h.login()
	if r := rowOf(t, h.u.views.access, "data_center"); !strings.Contains(r.Readable, "the data center holding the account") {
		t.Errorf("data_center meaning %q; want the Decathlon dictionary's", r.Readable)
	}
	// The Decode view knows no profile: the registered meanings only.
	h.u.decodeView().input.SetText(h.u.tokens().AccessToken)
	if r := rowOf(t, h.u.decodeView().view, "data_center"); strings.Contains(r.Readable, "holding the account") {
		t.Errorf("Decode view used a profile's dictionary: %q", r.Readable)
	}
}
