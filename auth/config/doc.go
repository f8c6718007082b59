// Package config reads and writes the config file of profiles and holds the
// provider presets that ship with the app.
package config
