package config

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/internal/privatefile"
)

// ConfigFileName is the name of the config file inside ConfigDir.
const ConfigFileName = "config.json"

// Config is the user's config file: their own profiles and the one to start with.
type Config struct {
	DefaultProfile string         `json:"default_profile,omitempty"`
	Profiles       []auth.Profile `json:"profiles"`

	path     string
	loadErr  *ConfigError // why the file could not be used; Save keeps a .bak
	warnings []string     // unknown fields and the like, with their position
}

// DefaultConfigPath returns os.UserConfigDir()/tokeninspector/config.json.
func DefaultConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	return filepath.Join(dir, "tokeninspector", ConfigFileName), nil
}

// LoadConfig reads the config file at path; a missing file is an empty
// config. It always returns a usable Config. When the file cannot be read or
// is not valid JSON, the Config holds no user profiles (the built-in ones
// remain), the error is a *ConfigError naming the file and the line and
// column, and the file is left untouched until Save, which first keeps a
// copy of it as path + ".bak". Fields the app does not know are not an
// error: Warnings lists them.
func LoadConfig(path string) (*Config, error) {
	c := &Config{path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		c.loadErr = &ConfigError{Path: path, Err: err}
		return c, c.loadErr
	}
	parsed, warnings, cerr := parseConfig(path, b)
	if cerr != nil {
		c.loadErr = cerr
		return c, cerr
	}
	parsed.path, parsed.warnings = path, warnings
	return parsed, nil
}

// LoadError is the error LoadConfig returned for this config, or nil: a
// window that is handed the Config can still say what was wrong.
func (c *Config) LoadError() error {
	if c.loadErr == nil {
		return nil
	}
	return c.loadErr
}

// Warnings lists what LoadConfig noticed but could live with, such as
// fields it does not know, each with its place in the file.
func (c *Config) Warnings() []string { return slices.Clone(c.warnings) }

// Path is where the config is loaded from and saved to.
func (c *Config) Path() string { return c.path }

// All returns the built-in profiles followed by the user's. A user profile
// with a built-in's name fills in that preset: its non-empty fields win,
// the preset supplies the rest (that is how a user adds a client_id and a
// redirect port to the Decathlon preset).
func (c *Config) All() []auth.Profile {
	var out []auth.Profile
	for _, b := range auth.BuiltinProfiles() {
		if u, ok := c.user(b.Name); ok {
			out = append(out, overPreset(u, b))
			continue
		}
		out = append(out, b)
	}
	for _, u := range c.Profiles {
		if !slices.ContainsFunc(out, func(p auth.Profile) bool { return p.Name == u.Name }) {
			out = append(out, u.Clone())
		}
	}
	return out
}

// Find returns the profile named name among All.
func (c *Config) Find(name string) (auth.Profile, bool) {
	for _, p := range c.All() {
		if p.Name == name {
			return p, true
		}
	}
	return auth.Profile{}, false
}

func (c *Config) user(name string) (auth.Profile, bool) {
	for _, p := range c.Profiles {
		if p.Name == name {
			return p.Clone(), true
		}
	}
	return auth.Profile{}, false
}

// Put adds or replaces the user profile with p's name.
func (c *Config) Put(p auth.Profile) {
	p = p.Clone()
	for i := range c.Profiles {
		if c.Profiles[i].Name == p.Name {
			c.Profiles[i] = p
			return
		}
	}
	c.Profiles = append(c.Profiles, p)
}

// Save writes the config atomically with mode 0600. A client secret is
// written only when it came from the config file in the first place: secrets
// typed, passed by flag or environment never land in a plaintext file.
func (c *Config) Save() error {
	if c.path == "" {
		return errors.New("config: no path to save to")
	}
	out := Config{DefaultProfile: c.DefaultProfile}
	for _, p := range c.Profiles {
		p = p.Clone()
		if p.SecretSource != auth.SecretFromConfig {
			p.ClientSecret = ""
		}
		out.Profiles = append(out.Profiles, p)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var backupErr error
	err = privatefile.Replace(c.path, ".config-*.json", func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	}, func() error {
		if c.loadErr != nil {
			// The file on disk could not be used: keep it before replacing it.
			backupErr = backUp(c.path)
		}
		return backupErr
	})
	if backupErr != nil {
		return backupErr
	}
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	c.loadErr = nil
	return nil
}

// overPreset fills the empty fields of the user's profile u from preset b.
func overPreset(u, b auth.Profile) auth.Profile {
	if u.Issuer == "" || u.Issuer == b.Issuer {
		// Another issuer means another provider: none of the preset's URLs apply.
		u.Issuer = b.Issuer
		u.Endpoints = u.Endpoints.Or(b.Endpoints)
	}
	u.ClientID = cmp.Or(u.ClientID, b.ClientID)
	if u.ClientSecret == "" {
		u.ClientSecret, u.SecretSource = b.ClientSecret, b.SecretSource
	}
	u.ClientAuth = cmp.Or(u.ClientAuth, b.ClientAuth)
	if len(u.Scopes) == 0 {
		u.Scopes = slices.Clone(b.Scopes)
	}
	if len(u.RedirectPorts) == 0 {
		u.RedirectPorts = slices.Clone(b.RedirectPorts)
	}
	if len(u.AuthParams) == 0 {
		u.AuthParams = b.Clone().AuthParams
	}
	if u.AuthRequest.IsZero() {
		u.AuthRequest = b.AuthRequest.Clone()
	}
	u.Builtin = true
	u.Demo = u.Demo || b.Demo
	return u
}

// Delete removes the user profile named name (a built-in one comes back
// as the preset).
func (c *Config) Delete(name string) {
	c.Profiles = slices.DeleteFunc(c.Profiles, func(p auth.Profile) bool { return p.Name == name })
}
