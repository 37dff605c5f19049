package ingest

import (
	"os"
	"testing"
)

// TestMain lets the test binary act as the isolated PDF reader child, as
// the scrutineer binary does.
func TestMain(m *testing.M) {
	MaybeRunChild()
	os.Exit(m.Run())
}
