package main

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"
)

//go:embed FyneApp.toml
var fyneAppTOML []byte

// appMetadata is the part of FyneApp.toml the binary reports.
type appMetadata struct {
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// versionString is "Token Inspector 0.1.0 (build 1)", read from the same
// FyneApp.toml that `fyne package` uses.
func versionString() string {
	var m appMetadata
	if err := toml.Unmarshal(fyneAppTOML, &m); err != nil {
		return "Token Inspector (unknown version: " + err.Error() + ")"
	}
	return fmt.Sprintf("%s %s (build %d)", m.Details.Name, m.Details.Version, m.Details.Build)
}
