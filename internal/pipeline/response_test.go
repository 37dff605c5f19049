package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/eval"
	"github.com/scrutineer/scrutineer/trace"
)

// A government response restates the recommendations it answers: read
// through the whole chain, each of its recommendations joins the one of
// the report with the same number in the labels (both read by hand,
// ../shared/corpus/labels), and carries the status the response gives.
// The two documents name no subject: they link as restatements.
func TestResponseJoinsTheReportItAnswers(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "corpus")
	report, response := filepath.Join(shared, "inquiry-pairs", "report1.pdf"), filepath.Join(shared, "inquiry-pairs", "report1response.pdf")
	if _, err := os.Stat(response); err != nil {
		t.Skip("no ../shared/corpus")
	}
	labels, err := eval.LoadLabels(filepath.Join(shared, "labels"))
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string]eval.Label{} // by document id
	for _, l := range labels {
		if strings.HasPrefix(l.File, "inquiry-pairs/report1") {
			gold["sha256:"+l.SHA256] = l
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	st, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg, err := Build(st, Setup{Data: dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := Ingest(ctx, cfg, []string{report, response}); err != nil || sum.New != 2 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	threads, err := trace.SubjectThreads(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	right, wrong, statuses := 0, 0, 0
	for _, th := range threads {
		numbers := map[string]bool{}
		for _, m := range th.Members {
			l, ok := gold[m.DocID]
			if !ok {
				t.Fatalf("a thread holds an item of another document: %+v", m)
			}
			numbers[labelNumber(l, m.Text)] = true
			if m.ResponseStatus != "" {
				statuses++
			}
		}
		if len(numbers) == 1 && len(th.Members) == 2 {
			right++
		} else {
			wrong++
			t.Errorf("thread %q joins recommendations numbered %v", th.Label, numbers)
		}
	}
	var answered int
	for _, l := range gold {
		if l.DocType == "government_response" {
			answered = len(l.Recommendations)
		}
	}
	t.Logf("%d of the response's %d recommendations joined to the report's of the same number, %d wrongly; %d members carry a status",
		right, answered, wrong, statuses)
	if answered == 0 || right != answered {
		t.Errorf("%d of %d recommendations of the response joined the report's", right, answered)
	}
	if statuses < answered*3/4 {
		t.Errorf("only %d of %d joined responses carry their status", statuses, answered)
	}
}

// labelNumber is the number of the labelled recommendation of l whose
// words text shares most.
func labelNumber(l eval.Label, text string) string {
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(s)) {
			out[strings.Trim(w, ".,;:()‘’'\"")] = true
		}
		return out
	}
	have := words(text)
	best, bestN := "", -1
	for _, r := range l.Recommendations {
		n := 0
		for w := range words(r.Text) {
			if have[w] {
				n++
			}
		}
		if n > bestN {
			best, bestN = fmt.Sprint(r.Number), n
		}
	}
	return best
}
