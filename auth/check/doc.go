// Package check verifies token signatures against the provider's keys,
// checks claims against what the client expects, and writes the reports
// that explain each check.
package check
