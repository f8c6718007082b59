//go:build !cgo

package glwindow

// NoDepthBuffer does nothing without cgo: there is no GLFW to ask (the
// window program always builds with cgo; this keeps the package vettable
// for other systems from Linux).
func NoDepthBuffer() {}
