package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

// An archive of contributions exported as SQL is read as a document: one
// heading a row (title, speaker, date), its text in paragraphs with the
// speaker, each block's language marked; tables of numbers are passed over
// and nothing in the dump is run.
func TestSQLDumpOfSpeeches(t *testing.T) {
	dump := `-- Senedd monitor — archive export
PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
CREATE TABLE items (uid TEXT, title TEXT, body TEXT, speaker TEXT, item_date TEXT, score REAL);
INSERT INTO items (uid, title, body, speaker, item_date, score) VALUES ('a1', '3. Questions to the Minister', 'Minister, will you publish the council''s plan for social housing before the recess? The committee recommends that the Welsh Government sets an annual target for new social homes.

Diolch yn fawr.', 'Mike Hedges', '2026-07-15', 12.5);
INSERT INTO items (uid, title, body, speaker, item_date, score) VALUES ('a2', '4. Cwestiynau i''r Gweinidog', 'Weinidog, mae''r pwyllgor yn argymell bod Llywodraeth Cymru yn gosod targed blynyddol ar gyfer cartrefi cymdeithasol newydd, ac mae angen i''r cynghorau gyhoeddi eu cynlluniau cyn diwedd y flwyddyn.', 'Siân Gwenllian', '2026-07-16', NULL), ('a3', 'Empty', NULL, 'Nobody', '2026-07-16', 0);
INSERT INTO score_history (uid, score, at) VALUES ('a1', 12.5, '2026-07-15'), ('a2', 3, '2026-07-16');
DROP TABLE IF EXISTS evil; ATTACH DATABASE '/tmp/x.db' AS x;
COMMIT;
`
	doc, err := Read(context.Background(), "archive.sql", []byte(dump), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != SQL || doc.Title != "Senedd monitor — archive export" {
		t.Errorf("format %q, title %q", doc.Format, doc.Title)
	}
	var heads, paras []corpus.Block
	for _, b := range doc.Blocks {
		switch b.Kind {
		case corpus.Heading:
			heads = append(heads, b)
		case corpus.Paragraph:
			paras = append(paras, b)
		}
	}
	if len(heads) != 3 || doc.BlockText(heads[1]) != "3. Questions to the Minister — Mike Hedges — 2026-07-15" {
		t.Fatalf("headings %d, second %q", len(heads), doc.BlockText(heads[1]))
	}
	if len(paras) != 3 || !strings.HasPrefix(doc.BlockText(paras[0]), "Minister, will you publish the council's plan") || paras[0].Speaker != "Mike Hedges" {
		t.Fatalf("paragraphs %d: %q by %q", len(paras), doc.BlockText(paras[0]), paras[0].Speaker)
	}
	if paras[0].Lang != "en" || paras[2].Lang != "cy" || heads[2].Lang != "cy" {
		t.Errorf("languages: %q %q, Welsh heading %q", paras[0].Lang, paras[2].Lang, heads[2].Lang)
	}
	if strings.Contains(doc.Text, "12.5") || strings.Contains(doc.Text, "ATTACH") {
		t.Errorf("numbers or statements in the text: %q", doc.Text)
	}

	_, err = Read(context.Background(), "scores.sql", []byte("INSERT INTO score_history (uid, score) VALUES ('a1', 12.5), ('a2', 3);\n"), Options{})
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("a dump of numbers: %v, want a data file refused", err)
	}
	_, err = Read(context.Background(), "cut.sql", []byte("INSERT INTO items (body) VALUES ('a string that never ends"), Options{})
	if !errors.Is(err, ErrMalformed) {
		t.Errorf("a dump cut short: %v, want malformed", err)
	}
}

// The Senedd archive in the shared corpus is read with every block's
// language marked.
func TestSQLDumpSenedd(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "corpus", "senedd", "archive.sql")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared corpus not here: %v", err)
	}
	doc, err := Read(context.Background(), path, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]int{}
	speakers := 0
	for _, b := range doc.Blocks {
		langs[b.Lang]++
		if b.Speaker != "" {
			speakers++
		}
	}
	if langs[""] > 0 || langs["en"] < 500 || speakers < 500 {
		t.Errorf("blocks by language %v, %d with a speaker", langs, speakers)
	}
}
