package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/scrutineer/scrutineer/index"
)

// multiFlag collects a flag given several times (or with commas).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "[--data DIR] [--json] [filters] QUERY")
	data := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	asCSV := fs.Bool("csv", false, "print every hit (not a page) as CSV: title, subject, publisher, date, type, kind, section, page, number, themes, text, link")
	asJSONL := fs.Bool("jsonl", false, "print every hit (not a page) as JSON Lines, the fields of --csv")
	var r index.Request
	var kind, polarity, docType, publisher, subject, theme, addressee, language multiFlag
	fs.Var(&kind, "kind", "recommendation, finding or document (repeatable)")
	fs.Var(&polarity, "polarity", "strength or concern")
	fs.Var(&docType, "type", "document type, e.g. inspection_report")
	fs.Var(&publisher, "publisher", "publisher, by any of its names (CIW finds CSSIW)")
	fs.Var(&subject, "subject", "subject body by any of its names, e.g. Powys or Powys County Council")
	fs.Var(&theme, "theme", "theme slug, e.g. workforce")
	fs.Var(&addressee, "addressee", "who a recommendation asks to act, by any of its names, e.g. NHS England")
	fs.Var(&language, "language", "the language of the text: cy (Welsh) or en")
	fs.StringVar(&r.From, "from", "", "from this date or year (inclusive)")
	fs.StringVar(&r.To, "to", "", "to this date or year (inclusive)")
	fs.IntVar(&r.Limit, "limit", 20, fmt.Sprintf("hits to show (at most %d)", index.MaxLimit))
	fs.IntVar(&r.Offset, "offset", 0, "hits to skip")
	fs.StringVar(&r.Sort, "sort", "relevance", "relevance or date")
	fs.BoolVar(&r.Group, "group", false, "one hit per document, with its other hits under it")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	r.Query = strings.Join(words, " ")
	r.Kind, r.Polarity, r.DocType, r.Publisher, r.Subject, r.Theme, r.Addressee, r.Language = kind, polarity, docType, publisher, subject, theme, addressee, language
	// with filters and no words, list what the filters select, as the page does
	r.AllowEmpty = len(kind)+len(polarity)+len(docType)+len(publisher)+len(subject)+len(theme)+len(addressee)+len(language) > 0 || r.From != "" || r.To != ""
	dir := dataDir(*data)
	ix, err := index.Open(dir)
	if errors.Is(err, index.ErrLocked) {
		// the server holds the index: ask it
		if done, rerr := searchServer(ctx, e, dir, r, *asJSON, *asCSV, *asJSONL); done {
			return rerr
		}
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	if *asCSV || *asJSONL {
		format := "csv"
		if *asJSONL {
			format = "jsonl"
		}
		err := ix.ExportTo(ctx, r, format, e.stdout, func(h index.Hit) string { return h.Source })
		if errors.Is(err, index.ErrQuery) {
			return usageError("%v", err)
		}
		return err
	}
	res, err := ix.Search(ctx, r)
	if err == nil {
		res.NotIndexed = notIndexed(ctx, e, dir)
	}
	if errors.Is(err, index.ErrQuery) {
		return usageError("%v", err)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, res)
	}
	printHits(e, res)
	return nil
}

// searchServer runs the search on the server that holds the index; done
// is false when no server answers.
func searchServer(ctx context.Context, e *env, dir string, r index.Request, asJSON, asCSV, asJSONL bool) (done bool, err error) {
	q := remoteQuery(r)
	path := "/api/search"
	if asCSV || asJSONL {
		path = "/export"
		q.Set("format", map[bool]string{true: "csv", false: "jsonl"}[asCSV])
	}
	resp, ok := serverGet(ctx, dir, path, q)
	if !ok {
		return false, nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return true, remoteError(resp)
	}
	if asCSV || asJSONL || asJSON {
		_, err := io.Copy(e.stdout, resp.Body)
		return true, err
	}
	var res index.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return true, fmt.Errorf("the server's answer: %w", err)
	}
	printHits(e, &res)
	return true, nil
}

func printHits(e *env, res *index.Result) {
	w := e.stdout
	if res.Read != "" {
		fmt.Fprintf(w, "searched for: %s\n", res.Read)
	}
	fmt.Fprintf(w, "%d results (%.1f ms)\n\n", res.Total, res.TookMS)
	if res.Suggest != "" {
		fmt.Fprintf(w, "did you mean: %s\n\n", res.Suggest)
	}
	for _, h := range res.Hits {
		printHit(e, h, "")
		for _, a := range h.Also {
			printHit(e, a, "    ")
		}
	}
	for _, name := range []string{"kind", "doc_type", "year", "publisher", "theme"} {
		var parts []string
		for _, f := range res.Facets[name] {
			parts = append(parts, fmt.Sprintf("%s (%d)", f.Term, f.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%-10s %s\n", name+":", strings.Join(parts[:min(len(parts), 8)], ", "))
		}
	}
}

func printHit(e *env, h index.Hit, indent string) {
	kind := h.Kind
	if h.Polarity != "" {
		kind += "/" + h.Polarity
	}
	fmt.Fprintf(e.stdout, "%s[%s] %s — %s, %s, %s\n", indent, kind, h.Title, h.Publisher, h.DocType, h.Date)
	fmt.Fprintf(e.stdout, "%s    %s\n\n", indent, plainHighlight(h.Highlight))
}

// plainHighlight shows a highlight fragment on a terminal: matches in
// brackets, entities decoded.
func plainHighlight(s string) string {
	r := strings.NewReplacer("<mark>", "[", "</mark>", "]", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&quot;", `"`)
	return strings.Join(strings.Fields(r.Replace(s)), " ")
}

// notIndexed counts the stored documents the index does not hold yet, and
// says so on stderr: the results may lack them until the index catches up.
func notIndexed(ctx context.Context, e *env, dir string) int {
	st, err := openStore(e, dir)
	if err != nil {
		return 0
	}
	defer st.Close()
	n, err := st.CountUnindexed(ctx, index.ReplicaOf(dir))
	if err != nil || n == 0 {
		return 0
	}
	fmt.Fprintf(e.stderr, "scrutineer: %d stored documents are not in the index yet (an ingest or reindex was cut short): the results may lack them until the next ingest, or run scrutineer reindex\n", n)
	return n
}
