package index

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestPhraseAnywhere: a phrase is found wherever in a document it stands,
// past the stored head of its text as well as in it.
func TestPhraseAnywhere(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	var b strings.Builder
	for i := 0; b.Len() < 3*storedHead; i++ {
		fmt.Fprintf(&b, "Paragraph %d of the report says little of note about the weather in spring. ", i)
	}
	b.WriteString("The council should appoint a permanent director of children's services without delay.")
	if err := ix.Put(ctx, testDoc("sha256:p1", b.String()), nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`"permanent director of children's services"`, `"weather in spring"`} {
		res, err := ix.Search(ctx, Request{Query: q})
		if err != nil || res.Total != 1 {
			t.Errorf("%s: %v hits, %v", q, res.Total, err)
		}
	}
}
