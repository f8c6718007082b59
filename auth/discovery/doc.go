// Package discovery fetches and vets a provider's metadata (OpenID Connect
// Discovery, RFC 8414) and resolves a profile's endpoints from it.
package discovery
