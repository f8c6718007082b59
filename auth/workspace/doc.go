// Package workspace owns the session of every profile: its tokens, the
// login or refresh in flight, the history, the Remember state with its
// keyring copy, and auto-refresh on an injected clock. It takes commands
// (log in, cancel, refresh, remember, auto-refresh, save, rename, delete)
// and publishes an immutable Snapshot per profile after every change. It
// never imports a GUI toolkit: the window subscribes and draws snapshots,
// and so could any other front end.
//
// Invariants, each enforced in one place:
//
//   - Each profile's state is changed only by that profile's actor, one
//     step at a time (entry.go). Commands return at once; slow work (HTTP,
//     the browser) runs on goroutines whose results come back to the actor.
//   - A result carries the generation it started in. A login that succeeds
//     or a profile edit that changes the connection starts a new generation;
//     a result from an older one is dropped before it reaches the keyring,
//     the snapshot or the clipboard (OpResult.Dropped says so).
//   - A rotated refresh token is written to the keyring before the tokens
//     that carry it become current. The keyring is reached through one
//     worker (keyring.KeyringWorker) that bounds every wait: a keyring that
//     hangs makes the snapshot say the keyring copy is stale, and the
//     session carries on.
//   - Config file writes happen on one background writer, in order.
//   - One operation of each kind per profile: a second Refresh while one
//     runs joins it (and a manual one makes it manual), a second Login
//     returns the one in flight.
package workspace
