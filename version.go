package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// fyneAppTOML is the window's FyneApp.toml, which `fyne package` reads for
// the window, the .exe's version resource and the packages: the one version
// source.
//
//go:embed cmd/tokeninspector-window/FyneApp.toml
var fyneAppTOML []byte

// appDetails is the part of FyneApp.toml's [Details] table the CLI reports.
type appDetails struct {
	Name, ID, Version string
	Build             int
}

// versionString is "Token Inspector 0.1.0 (build 1)".
func versionString() string {
	d, err := readDetails(fyneAppTOML)
	if err != nil {
		return "Token Inspector (unknown version: " + err.Error() + ")"
	}
	return fmt.Sprintf("%s %s (build %d)", d.Name, d.Version, d.Build)
}

// readDetails reads the [Details] keys from FyneApp.toml. It reads only
// `key = "string"` and `key = integer` lines, which is all `fyne package`
// writes there. Not a TOML library, on purpose: linking one costs every CLI
// command ~0.07 ms of package initialisation at start (BurntSushi/toml's
// internal time zones) and --version another ~0.2 ms of parsing, a fifth of
// what a minimal Go program takes to start (bench/RESULTS.md, "Command
// line"). version_test.go checks it against BurntSushi/toml.
func readDetails(b []byte) (appDetails, error) {
	var d appDetails
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "["):
			table = strings.Trim(line, "[] ")
			continue
		case table != "Details":
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return d, fmt.Errorf("FyneApp.toml line %d: no key = value", n)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		var err error
		switch key {
		case "Name":
			d.Name, err = strconv.Unquote(value)
		case "ID":
			d.ID, err = strconv.Unquote(value)
		case "Version":
			d.Version, err = strconv.Unquote(value)
		case "Build":
			d.Build, err = strconv.Atoi(value)
		}
		if err != nil {
			return d, fmt.Errorf("FyneApp.toml line %d: %s: %w", n, key, err)
		}
	}
	if d.Name == "" || d.Version == "" {
		return d, fmt.Errorf("FyneApp.toml has no [Details] Name and Version")
	}
	return d, sc.Err()
}
