package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/pdfgen"
	"github.com/scrutineer/scrutineer/internal/samples"
)

// TestHostileSuite ingests a folder of hostile files generated here beside
// good ones, with the real binary: every hostile file is reported with a
// reason or read safely, the run ends within its time bound without a
// crash, memory stays bounded, and every good file is ingested.
func TestHostileSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB file and inflates a compression bomb")
	}
	dir := t.TempDir()
	good, err := samples.WriteTo(dir)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustFail := map[string]string{ // file -> a word its reason must contain
		"truncated.pdf":   "malformed",
		"encrypted.pdf":   "encrypted",
		"huge-count.pdf":  "pages",
		"bomb.pdf":        "memory",
		"zero-bytes.pdf":  "empty",
		"random.bin":      "binary",
		"image-only.pdf":  "OCR",
		"huge.txt":        "too large",
		"flipped.pdf":     "malformed",
		"self-ref.pdf":    "OCR",
		"random-head.pdf": "malformed",
	}
	write("truncated.pdf", pdfgen.Truncated())
	write("encrypted.pdf", pdfgen.Encrypted())
	write("huge-count.pdf", pdfgen.HugePageCount())
	write("bomb.pdf", pdfgen.CompressionBomb(3<<30))
	write("zero-bytes.pdf", nil)
	write("random.bin", append([]byte{0, 1, 2}, pdfgen.RandomBytes(3, 1<<16)[9:]...))
	write("image-only.pdf", pdfgen.ImageOnly())
	write("flipped.pdf", pdfgen.ByteFlipped(7, 40))
	write("self-ref.pdf", pdfgen.SelfReferencingPages())
	write("random-head.pdf", pdfgen.RandomBytes(5, 1<<14))
	huge, err := os.Create(filepath.Join(dir, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Repeat([]byte("The council should improve its plans for children. "), 20)
	for n := 0; n < 200<<20; n += len(line) {
		huge.Write(line)
	}
	huge.Close()
	// files that are odd but readable: they must be ingested
	mustRead := []string{"nested.html", "invalid-utf8.txt", "odd\nname ‘ünïcode’ \"q\" $HOME (1).txt"}
	write("nested.html", []byte("<html><body>"+strings.Repeat("<div>", 10000)+"The council should improve its plans."+strings.Repeat("</div>", 10000)+"</body></html>"))
	write("invalid-utf8.txt", []byte("The council should improve \xff\xfe its plans \xc3\x28 for children.\n"))
	write(mustRead[2], []byte("Written statement\n\nThe council must reduce caseloads.\n"))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "ingest", "--json", "--data", t.TempDir(), dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ingest did not finish within its bound (%s)", time.Since(start))
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("want exit 1 (partial), got %v\n%s", err, errb.String())
	}
	var sum struct {
		New, Failed, Skipped int
		Failures, Skips      []struct{ Path, Reason string }
		PeakRSSMB            int `json:"peak_rss_mb"`
		ReaderMB             int `json:"reader_peak_rss_mb"`
	}
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, out.String())
	}
	tree := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		tree = ru.Maxrss >> 10
	}
	t.Logf("ingest: %s; peak RSS %d MB, PDF reader child %d MB (largest of the tree %d MB)",
		time.Since(start).Round(time.Millisecond), sum.PeakRSSMB, sum.ReaderMB, tree)
	if sum.PeakRSSMB > 500 {
		t.Errorf("the ingest process used %d MB", sum.PeakRSSMB)
	}
	if sum.ReaderMB > 2*512 { // the child's limit is 512 MB; its watchdog ends it within moments of passing it
		t.Errorf("a PDF reader child used %d MB", sum.ReaderMB)
	}
	reasons := map[string]string{}
	for _, f := range append(sum.Failures, sum.Skips...) {
		reasons[filepath.Base(f.Path)] = f.Reason
	}
	for name, word := range mustFail {
		r, ok := reasons[name]
		if !ok {
			t.Errorf("%s was not reported", name)
		} else if !strings.Contains(strings.ToLower(r), strings.ToLower(word)) {
			t.Errorf("%s: reason %q lacks %q", name, r, word)
		}
	}
	if want := len(good) + len(mustRead); sum.New != want {
		t.Errorf("ingested %d documents, want the %d good and odd-but-readable files; reports: %v", sum.New, want, reasons)
	}
}
