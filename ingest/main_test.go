package ingest

import (
	"os"
	"testing"

	"github.com/scrutineer/scrutineer/internal/isolate"
)

// TestMain lets the test binary act as the isolated PDF reader child, as
// the scrutineer binary does.
func TestMain(m *testing.M) {
	if code, ok := isolate.Child(os.Exit); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}
