// Package remembered keeps a profile's remembered session — the whole token
// set — in the OS keyring, shared by every Token Inspector process: the
// window, and any number of `tokeninspector token` calls from scripts.
//
// Providers that rotate refresh tokens revoke the whole family when one is
// presented twice, which would log the user out everywhere. So a refresh of
// a remembered session takes a per-profile lock that spans processes (a
// lock file, released by the OS when its process dies), reads the session
// again under it, and refreshes only when that session is still not fresh
// enough; a process that waited on the lock uses the first one's result.
// Every save touches a change marker beside the lock, so a window notices a
// rotation made by another process and shows it without refreshing itself.
package remembered
