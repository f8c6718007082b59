package oidc

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QRCodePNG encodes text (a device flow's verification URI) as a PNG QR
// code of size×size pixels, with medium error correction.
func QRCodePNG(text string, size int) ([]byte, error) {
	if text == "" {
		return nil, fmt.Errorf("QR code: nothing to encode")
	}
	png, err := qrcode.Encode(text, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	return png, nil
}
