package digest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Markdown renders the digest for people. Document text is escaped, so a
// digest shown as HTML by a mail or chat client runs nothing it quotes.
func (d *Digest) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# scrutineer digest, sync run %d\n\n", d.RunID)
	if len(d.Runs) > 1 {
		fmt.Fprintf(&b, "Covers runs %s (earlier runs ended before their digest).\n\n", joinInts(d.Runs))
	}
	fmt.Fprintf(&b, "## %d new or changed documents\n\n", len(d.Documents))
	for _, doc := range d.Documents {
		fmt.Fprintf(&b, "- **%s** (%s) — %s; %s, %d new items. <%s>\n", md(or(doc.Title, "untitled")),
			md(strings.Join(nonEmpty(doc.Date, doc.Publisher, doc.DocType), ", ")), doc.Status,
			md(or(doc.Subject, "no subject")), doc.NewItems, md(doc.Source))
	}
	b.WriteString("\n## Saved searches\n\n")
	if len(d.Watches) == 0 {
		b.WriteString("No saved searches (add one with `scrutineer watch add NAME QUERY`).\n")
	}
	for _, w := range d.Watches {
		fmt.Fprintf(&b, "### %s: `%s` — %d new\n\n", md(w.Name), strings.ReplaceAll(w.Query, "`", "'"), w.Total)
		for _, h := range w.Hits {
			kind := h.Kind
			if h.Polarity != "" {
				kind += ", " + h.Polarity
			}
			more := ""
			if len(h.Also) > 0 {
				more = fmt.Sprintf(" (and %d more in it)", len(h.Also))
			}
			fmt.Fprintf(&b, "- [%s] %s — *%s* (%s)%s\n", kind, md(clip(h.Text, 300)), md(or(h.Title, "untitled")), md(or(h.Date, "undated")), more)
		}
		if len(w.Hits) > 0 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n## Recommended before\n\n")
	if len(d.Recurring) == 0 {
		b.WriteString("No new recommendation joins an earlier thread.\n")
	}
	for _, r := range d.Recurring {
		fmt.Fprintf(&b, "- %s — *%s* (%s)%s. Recommended before in %s:\n", md(clip(r.Text, 300)), md(or(r.Title, "untitled")),
			md(or(r.Date, "undated")), responded(r.ResponseStatus), strings.Join(r.Years, ", "))
		for _, e := range r.Earlier {
			fmt.Fprintf(&b, "  - %s: %s — *%s*%s\n", md(or(e.Date, "undated")), md(clip(e.Text, 200)), md(or(e.Title, "untitled")),
				responded(e.ResponseStatus))
		}
	}
	return b.String()
}

// responded is ", response: STATUS" for a response's status, "" for none.
func responded(status string) string {
	if status == "" {
		return ""
	}
	return ", response: " + md(status)
}

// Write saves the digest as Markdown and JSON in dir, each written whole
// (temporary file, then rename), and returns the two paths.
func (d *Digest) Write(dir string) (mdPath, jsonPath string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("write digest: %w", err)
	}
	base := filepath.Join(dir, fmt.Sprintf("digest-run-%06d", d.RunID))
	js, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", "", fmt.Errorf("write digest: %w", err)
	}
	if err := writeFile(base+".json", js); err != nil {
		return "", "", err
	}
	if err := writeFile(base+".md", []byte(d.Markdown())); err != nil {
		return "", "", err
	}
	return base + ".md", base + ".json", nil
}

func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write digest %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write digest %s: %w", path, err)
	}
	return nil
}

// Post sends the JSON digest to a webhook, trying up to three times.
func (d *Digest) Post(ctx context.Context, url string) error {
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 15 * time.Second}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("post digest to %s: %w", url, err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			last = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode < 300 {
			return nil
		}
		last = fmt.Errorf("HTTP %d", resp.StatusCode)
		if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
			break
		}
	}
	return fmt.Errorf("post digest to %s: %w", url, last)
}

var mdEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "'",
	"[", `\[`, "]", `\]`, "\n", " ", "\r", " ")

// md escapes text for Markdown and for HTML made from it.
func md(s string) string { return mdEscaper.Replace(s) }

func clip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// or is s, or none when s is empty.
func or(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func joinInts(v []int64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
