package glwindow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFyneVersionTheHintsWereCheckedAgainst: NoDepthBuffer relies on
// Fyne's GLFW driver setting no depth or stencil hint and never using
// either buffer. A new Fyne must be read again before it ships.
func TestFyneVersionTheHintsWereCheckedAgainst(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "fyne.io/fyne/v2 v2.7.1") {
		t.Fatal("Fyne is no longer v2.7.1: check that its GLFW driver still sets no DepthBits/StencilBits hint and its painter uses neither buffer (internal/driver/glfw/window_desktop.go, internal/painter/gl), then update this test")
	}
}
