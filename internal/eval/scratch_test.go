package eval

import (
	"fmt"
	"testing"

	"github.com/scrutineer/scrutineer/trace"
)

func TestScratchMissed(t *testing.T) {
	in, gold, err := RecurrenceInputs("../../../shared/corpus/ofsted-ilacs/recurrence", func(string) []string { return nil })
	if err != nil {
		t.Skip(err)
	}
	rep := EvaluateRecurrence(in, gold, trace.Options{})
	for _, m := range rep.Missed {
		fmt.Printf("MISS %s | %s\n   %.110s\n   %.110s\n", m.A, m.B, m.TextA, m.TextB)
	}
}
