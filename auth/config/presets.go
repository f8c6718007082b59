package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Placeholder is one value a preset's template needs, asked by the form.
type Placeholder struct {
	// Key is the name used in the template: "{tenant}".
	Key string
	// Label and Example are for the form ("Tenant ID or domain",
	// "contoso.onmicrosoft.com").
	Label, Example string
	// Default is used when the value is left empty; a placeholder without
	// one is required.
	Default string
}

// Preset is a built-in profile template for a provider people use.
type Preset struct {
	// ID is stable ("keycloak"); Name is for people ("Keycloak").
	ID, Name string
	// Description holds the provider's quirks, one per line; it becomes
	// the profile's Description.
	Description string
	// Placeholders are the values Resolve fills into Template.
	Placeholders []Placeholder
	// Template is the profile with "{key}" placeholders in its URLs and
	// parameters. It has no client id: that is the user's.
	Template auth.Profile
	// Claims explains the provider's own claims for the Meaning column.
	Claims jose.ClaimDictionary
}

// placeholderValue is what a placeholder may hold: a host name (with an
// optional port), a realm, a tenant or a server id, never a path or a URL.
var placeholderValue = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)

// Resolve fills the template's placeholders from values (by Key; empty or
// missing values take the Default) and returns a profile ready for the
// form: named name (the preset's ID when empty), with the preset's
// description. It fails when a required value is missing or is not a
// plain name (a URL pasted where a host is asked is a common slip).
func (p Preset) Resolve(name string, values map[string]string) (auth.Profile, error) {
	pairs := make([]string, 0, 2*len(p.Placeholders))
	for _, ph := range p.Placeholders {
		v := strings.TrimSpace(values[ph.Key])
		if v == "" {
			v = ph.Default
		}
		if v == "" {
			return auth.Profile{}, fmt.Errorf("preset %s: %s is required (e.g. %s)", p.Name, ph.Label, ph.Example)
		}
		if !placeholderValue.MatchString(v) {
			return auth.Profile{}, fmt.Errorf("preset %s: %s %q must be a plain name such as %s, not a URL or a path", p.Name, ph.Label, v, ph.Example)
		}
		pairs = append(pairs, "{"+ph.Key+"}", v)
	}
	r := strings.NewReplacer(pairs...)
	out := p.Template.Clone()
	out.Issuer = r.Replace(out.Issuer)
	out.Endpoints = out.Endpoints.Map(r.Replace)
	for k, v := range out.AuthParams {
		out.AuthParams[k] = r.Replace(v)
	}
	out.Name = name
	if out.Name == "" {
		out.Name = p.ID
	}
	out.Preset, out.Description = p.ID, p.Description
	for _, u := range []string{out.Issuer, out.AuthURL, out.TokenURL} {
		if u == "" {
			continue
		}
		if pu, err := url.Parse(u); err != nil || pu.Host == "" || strings.Contains(u, "{") {
			return auth.Profile{}, fmt.Errorf("preset %s: %q is not a URL after filling in the placeholders", p.Name, u)
		}
	}
	return out, nil
}

// PresetByID returns the preset with the given ID.
func PresetByID(id string) (Preset, bool) {
	for _, p := range Presets() {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}

// ClaimsFor returns the claim dictionary of the preset id (the registered
// claims only when there is no such preset).
func ClaimsFor(id string) jose.ClaimDictionary {
	p, _ := PresetByID(id)
	return p.Claims
}
