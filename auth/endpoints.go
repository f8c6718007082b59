package auth

// Endpoints are a provider's URLs, named in JSON as in its metadata
// (RFC 8414, OpenID Connect Discovery 1.0 §3). The same type holds a
// profile's explicit URLs, a discovery document's and the resolved ones.
type Endpoints struct {
	AuthURL          string `json:"authorization_endpoint,omitempty"`
	TokenURL         string `json:"token_endpoint,omitempty"`
	JWKSURL          string `json:"jwks_uri,omitempty"`
	UserinfoURL      string `json:"userinfo_endpoint,omitempty"`
	RevocationURL    string `json:"revocation_endpoint,omitempty"`
	IntrospectionURL string `json:"introspection_endpoint,omitempty"`
	DeviceAuthURL    string `json:"device_authorization_endpoint,omitempty"`
	PARURL           string `json:"pushed_authorization_request_endpoint,omitempty"`
	EndSessionURL    string `json:"end_session_endpoint,omitempty"`
}

// Or returns e with each empty URL taken from fallback.
func (e Endpoints) Or(fallback Endpoints) Endpoints {
	for i, u := range e.fields() {
		if *u == "" {
			*u = *fallback.fields()[i]
		}
	}
	return e
}

// Map returns e with f applied to every URL (a preset's template
// placeholders, say); empty URLs stay empty.
func (e Endpoints) Map(f func(string) string) Endpoints {
	for _, u := range e.fields() {
		if *u != "" {
			*u = f(*u)
		}
	}
	return e
}

// URLs lists the URLs that are set, in field order.
func (e Endpoints) URLs() []string {
	var out []string
	for _, u := range e.fields() {
		if *u != "" {
			out = append(out, *u)
		}
	}
	return out
}

// NamedURL is one endpoint URL with its metadata member name.
type NamedURL struct{ Name, URL string }

// Named lists the URLs that are set with their metadata member names
// (authorization_endpoint, token_endpoint, …), in field order.
func (e Endpoints) Named() []NamedURL {
	var out []NamedURL
	for i, u := range e.fields() {
		if *u != "" {
			out = append(out, NamedURL{endpointNames[i], *u})
		}
	}
	return out
}

// endpointNames are the metadata member names of fields(), in its order.
var endpointNames = [...]string{
	"authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "revocation_endpoint",
	"introspection_endpoint", "device_authorization_endpoint", "pushed_authorization_request_endpoint", "end_session_endpoint",
}

// fields points at each URL of e, in declaration order.
func (e *Endpoints) fields() []*string {
	return []*string{
		&e.AuthURL, &e.TokenURL, &e.JWKSURL, &e.UserinfoURL, &e.RevocationURL,
		&e.IntrospectionURL, &e.DeviceAuthURL, &e.PARURL, &e.EndSessionURL,
	}
}
