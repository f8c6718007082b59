// Package keyringmock holds the tests of keyring.KeyringStore through
// go-keyring's own mock provider: the code path the app takes on every OS
// (Credential Manager on Windows, Keychain on macOS, Secret Service on
// Linux) down to go-keyring's API. The mock replaces go-keyring's
// process-wide backend, so these tests live in a test binary of their own,
// away from the tests that talk to a real Secret Service.
package keyringmock
