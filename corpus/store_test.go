package corpus

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func testDoc(text string) *Document {
	data := []byte(text)
	return &Document{ID: DocID(data), Source: "x.txt", Format: Text, Title: "T", Text: text,
		Blocks: []Block{{Kind: Paragraph, Span: Span{0, len(text)}}}}
}

func TestStoreVersionsAndSources(t *testing.T) { eachStore(t, testVersionsAndSources) }

func testVersionsAndSources(t *testing.T, st *Store) {
	ctx := context.Background()
	v1 := testDoc("first version")
	items := []Item{{ID: "i1", Kind: Recommendation, Text: "first", Span: Span{0, 5}, Themes: []string{"workforce"}, Cue: "modal:should"}}
	if out, err := st.Put(ctx, 0, "/a.txt", v1, items, []byte(v1.Text)); err != nil || out != New {
		t.Fatalf("put v1: %v %v", out, err)
	}
	if out, _ := st.Known(ctx, "/a.txt", v1.ID); out != Unchanged {
		t.Errorf("known v1 at /a.txt = %q, want unchanged", out)
	}
	if out, _ := st.Known(ctx, "/b.txt", v1.ID); out != Alias {
		t.Errorf("known v1 at /b.txt = %q, want alias", out)
	}
	if out, err := st.AddSource(ctx, 0, "/b.txt", v1.ID); err != nil || out != Alias {
		t.Errorf("add source: %v %v", out, err)
	}
	v2 := testDoc("second version")
	if out, err := st.Put(ctx, 0, "/a.txt", v2, nil, []byte(v2.Text)); err != nil || out != Updated {
		t.Fatalf("put v2: %v %v", out, err)
	}
	vers, _ := st.Versions(ctx, "/a.txt")
	if len(vers) != 2 || vers[0] != v2.ID || vers[1] != v1.ID {
		t.Errorf("versions %v", vers)
	}
	stats, _ := st.Stats(ctx)
	if stats.Documents != 2 || stats.Sources != 3 || stats.Items != 1 {
		t.Errorf("stats %+v", stats)
	}
	checkReadBack(t, st, v1)
	// storing the same document again replaces, never duplicates
	if _, err := st.Put(ctx, 0, "/a.txt", v2, nil, []byte(v2.Text)); err != nil {
		t.Fatal(err)
	}
	if stats2, _ := st.Stats(ctx); stats2 != stats {
		t.Errorf("re-put changed counts: %+v -> %+v", stats, stats2)
	}
	if r := replaced(t, st); r["i1"] {
		t.Errorf("v1 is still current at /b.txt, but its item is marked replaced")
	}
	if _, err := st.Put(ctx, 0, "/b.txt", testDoc("another version"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if r := replaced(t, st); !r["i1"] {
		t.Errorf("v1 is replaced at both its addresses, but its item is not marked replaced")
	}
	if by, err := st.Replacement(ctx, v1.ID); err != nil || by == "" || by == v1.ID {
		t.Errorf("replacement of v1: %q %v", by, err)
	}
	if by, err := st.Replacement(ctx, v2.ID); err != nil || by != "" {
		t.Errorf("v2 is current, yet replaced by %q (%v)", by, err)
	}
}

// replaced says which of the stored items ItemRows marks replaced.
func replaced(t *testing.T, st *Store) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := st.ItemRows(context.Background(), func(r ItemRow) error {
		out[r.ID] = r.Replaced
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkReadBack: a stored document, its items and its original bytes
// read back as they were stored.
func checkReadBack(t *testing.T, st *Store, v1 *Document) {
	t.Helper()
	ctx := context.Background()
	got, err := st.Document(ctx, v1.ID)
	if err != nil || got.Text != v1.Text || len(got.Blocks) != 1 {
		t.Fatalf("document: %+v %v", got, err)
	}
	gotItems, _ := st.Items(ctx, v1.ID)
	if len(gotItems) != 1 || gotItems[0].Themes[0] != "workforce" || gotItems[0].Span.End != 5 {
		t.Errorf("items %+v", gotItems)
	}
	orig, err := st.Original(ctx, v1.ID)
	if err != nil || string(orig) != v1.Text {
		t.Errorf("original: %q %v", orig, err)
	}
}

func TestContractJSONNulls(t *testing.T) {
	d := &Document{ID: "sha256:00", Format: PDF}
	j := d.JSON()
	if j.Title != nil || j.Date != nil || j.Warnings == nil {
		t.Errorf("unknown values must be null and warnings an empty list: %+v", j)
	}
}

// A text longer than a row holds is stored in parts and read back whole,
// by Document and by Documents, and storing it again leaves no old parts.
func TestLongTextInParts(t *testing.T) { eachStore(t, testLongTextInParts) }

func testLongTextInParts(t *testing.T, st *Store) {
	ctx := context.Background()
	long := strings.Repeat("Leaders should reduce caseloads — ", (2*textPart)/30+7) // over two parts, with multi-byte dashes
	d := &Document{ID: "sha256:long", Format: Text, Text: long, Source: "long.txt"}
	if _, err := st.Put(ctx, 0, "long.txt", d, nil, []byte(long)); err != nil {
		t.Fatal(err)
	}
	got, err := st.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != long {
		t.Fatalf("read back %d bytes, want %d", len(got.Text), len(long))
	}
	var seen int
	if err := st.Documents(ctx, func(x *Document) error {
		if x.Text != long {
			t.Errorf("Documents gave %d bytes, want %d", len(x.Text), len(long))
		}
		seen++
		return nil
	}); err != nil || seen != 1 {
		t.Fatalf("Documents: %v, %d documents", err, seen)
	}
	var parts int
	if err := st.DB().QueryRow(`SELECT count(*) FROM text_parts WHERE doc_id=?`, d.ID).Scan(&parts); err != nil || parts != 2 {
		t.Fatalf("%d parts (%v), want 2", parts, err)
	}
	for _, p := range textParts(long) {
		if !utf8.ValidString(p) {
			t.Fatal("a part splits a character")
		}
	}
}
