// Package version is Token Inspector's name, app id, version and build
// number, generated from the repository's FyneApp.toml (the one version source).
package version

import "strconv"

// FyneApp.toml is read at go generate time, not at start: a TOML parser
// linked into the command line costs every command ~0.07 ms of package
// initialisation and --version another ~0.2 ms of parsing, a fifth of what
// a minimal Go program takes to start (bench/RESULTS.md, "Command line").
// version_test.go checks the generated constants against the file.
//go:generate go run ./gen -in ../../FyneApp.toml -out version_gen.go

// String is "Token Inspector 0.1.0 (build 1)", what --version prints.
func String() string {
	return Name + " " + Version + " (build " + strconv.Itoa(Build) + ")"
}
