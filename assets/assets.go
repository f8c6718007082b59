// Package assets holds the files embedded in the binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the 512×512 app icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
