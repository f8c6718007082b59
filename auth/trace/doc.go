// Package trace records the HTTP exchanges made for a profile — each
// request the client sends through Transport, plus the exchanges the
// client does not send itself (the authorization URL handed to the
// browser, the redirect received on the loopback, recorded with Add and
// Handler) — into a bounded Log, with secrets redacted as they are
// recorded: a Log never holds a client secret, password, authorization
// code, code verifier or token. Tokens keep a SHA-256 fingerprint
// (`<redacted: jwt, sha256 #1f2e3d4c>`, jose.Fingerprint) so entries can
// be matched with the history. WriteHAR writes a log as a HAR 1.2 file.
//
// Why our own HAR code: the HAR writers on the Go module proxy do not fit.
// github.com/google/martian/v3/har records inside martian's proxy (a
// request/response modifier pair, not an http.RoundTripper; the repository
// is archived) and keeps the bodies as sent; github.com/chromedp/cdproto/har
// holds the DevTools protocol's generated types (they bring cdproto and its
// JSON encoder into the command line, which links no browser tooling). The
// HAR 1.2 types are a few dozen lines (har.go).
package trace
