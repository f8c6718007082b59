// Package auth is the shared vocabulary of Token Inspector's protocol code:
// a provider profile and its endpoints, a token set as the provider answered
// it, the errors a provider or the network can give, and the one HTTP client
// every request goes through. It imports no other package of the app; the
// packages below it (jose excepted) build on these types.
//
// The protocol code is split by job, imports pointing down this list:
//
//	workspace   per-profile session model the window draws
//	oidc        every request to the provider: grants, refresh, PAR, device,
//	            userinfo, introspection, revocation, logout, the loopback callback
//	tokeneditor the window's Edit & sign model (over mint and check)
//	check       signature and claim checks and their reports
//	export      a token set as other tools' files (Postman, .env, .http)
//	discovery   fetch and vet provider metadata, resolve endpoints
//	history     events, diffs and the history file's JSON
//	config      the config file and the shipped presets
//	remembered  sessions shared between processes
//	keyring     where secrets live: OS keyring, kernel cache, memory
//	auth        this package: Profile, Endpoints, TokenSet, errors, HTTP client
//	mint        make test tokens: keys, signing, mutation, attack presets
//	jose        read tokens and keys without trusting them
package auth
