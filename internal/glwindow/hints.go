//go:build cgo

// Package glwindow sets what the window's OpenGL framebuffer is made of,
// before Fyne creates the window. Fyne has no option for it.
package glwindow

import "github.com/go-gl/glfw/v3.3/glfw"

// NoDepthBuffer asks GLFW for windows without depth and stencil buffers.
// Fyne 2.7.1 never tests depth or stencil (its painter disables
// GL_DEPTH_TEST and clips with scissors) yet clears the depth buffer every
// frame, and on a software renderer (Mesa llvmpipe) that clear is a
// read-modify-write of every pixel: about 2 ms of each frame's 30 on a
// 1100×680 window. Fyne sets no depth or stencil hint of its own
// (internal/driver/glfw/window_desktop.go, create), so the hints set here
// hold for its windows; glfw.Init does nothing when Fyne calls it again.
// Call it on the main goroutine (Fyne's driver locks it to the main
// thread in its init) before the app is created. Without a display it
// does nothing: Fyne then reports the error itself.
func NoDepthBuffer() {
	// go-gl's Init can return nil when glfwInit failed (the error went to
	// an error callback instead), and WindowHint then panics with
	// NotInitialized: a failed init is recognised by that panic.
	defer func() { _ = recover() }()
	if err := glfw.Init(); err != nil {
		return
	}
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
}
