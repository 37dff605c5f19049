package trace_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/eval"
	"github.com/scrutineer/scrutineer/trace"
)

// Tracing one subject at a time against the whole set's term counts gives
// the threads that tracing the whole set at once gives: what lets the
// store trace again only the subjects whose items changed. Checked on the
// hand-labelled recommendations of twelve councils (../shared/corpus).
func TestSubjectAtATimeIsTheWhole(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "ofsted-ilacs", "recurrence")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ../shared/corpus")
	}
	in, _, err := eval.RecurrenceInputs(dir, func(string) []string { return nil })
	if err != nil {
		t.Fatal(err)
	}
	whole := threadSets(trace.Trace(in, nil, trace.Options{}, 2).Threads)
	bg := trace.CountTerms(in)
	bySubject := map[string][]trace.Input{}
	for _, it := range in {
		k := strings.ToLower(corpus.CouncilName(it.Subject))
		bySubject[k] = append(bySubject[k], it)
	}
	if len(bySubject) < 5 {
		t.Fatalf("%d subjects: the labels did not load", len(bySubject))
	}
	var parts []string
	for _, sub := range bySubject {
		parts = append(parts, threadSets(trace.Trace(sub, nil, trace.Options{Background: bg}, 2).Threads)...)
	}
	sort.Strings(parts)
	if strings.Join(parts, "\n") != strings.Join(whole, "\n") {
		t.Errorf("subject at a time: %d threads; whole: %d; they differ", len(parts), len(whole))
	}
	if len(whole) < 50 {
		t.Errorf("%d threads in the whole: too few to tell", len(whole))
	}
	// without the background, rarity is measured within the subject and
	// the threads are not the same: the check above can fail
	var alone []string
	for _, sub := range bySubject {
		alone = append(alone, threadSets(trace.Trace(sub, nil, trace.Options{}, 2).Threads)...)
	}
	sort.Strings(alone)
	if strings.Join(alone, "\n") == strings.Join(whole, "\n") {
		t.Error("traced alone, subjects give the whole's threads too: the check above cannot fail")
	}
}

// threadSets are the threads as sorted lists of their members' item ids
// and links.
func threadSets(ts []trace.Thread) []string {
	out := make([]string, 0, len(ts))
	for _, th := range ts {
		ids := make([]string, 0, len(th.Members))
		for _, m := range th.Members {
			id := m.ItemID
			if m.Link != nil {
				id += fmt.Sprintf(">%s:%.6f", m.Link.To, m.Link.Score)
			}
			ids = append(ids, id)
		}
		sort.Strings(ids)
		out = append(out, strings.Join(ids, " "))
	}
	sort.Strings(out)
	return out
}
