package xvisible

import (
	"io"
	"log"
	"os"
	"testing"

	"github.com/jezek/xgb"
)

// TestMain keeps xgb's notes (no Xauthority file on Xvfb, the read error
// when a test kills its server) out of the test output.
func TestMain(m *testing.M) {
	xgb.Logger = log.New(io.Discard, "", 0)
	os.Exit(m.Run())
}
