package main

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/samples"
)

// TestBenchIngestSizes runs bench ingest over two sizes of the sample
// corpus and checks the comparison it prints: twice the documents, and
// memory ratios computed from the two runs.
func TestBenchIngestSizes(t *testing.T) {
	dir := t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBin(t, "bench", "ingest", "--copies", "1,2", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, out)
	}
	rows := regexp.MustCompile(`×(\d): +(\d+) documents \(([\d.]+)x\)  peak Go memory +(\d+) MB \(([\d.]+)x\)`).FindAllStringSubmatch(out, -1)
	if len(rows) != 2 {
		t.Fatalf("want a comparison row per size:\n%s", out)
	}
	one, _ := strconv.Atoi(rows[0][2])
	two, _ := strconv.Atoi(rows[1][2])
	if one == 0 || two != 2*one || rows[1][3] != "2.0" {
		t.Errorf("×2 should hold twice the documents of ×1: %v / %v", rows[0], rows[1])
	}
	if rows[0][5] != "1.00" || rows[1][4] == "0" {
		t.Errorf("memory ratios: %v / %v", rows[0], rows[1])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("no pdftotext (poppler-utils): the baseline is not measured")
	} else if n := strings.Count(out, "pdftotext over the same"); n != 2 {
		t.Errorf("want the pdftotext baseline in each run, got %d:\n%s", n, out)
	}
	if _, _, code := runBin(t, "bench", "ingest", "--copies", "1,x", dir); code != 2 {
		t.Errorf("a bad --copies gave exit %d, want 2", code)
	}
}

// TestBenchIndex checks that bench index indexes every sample document and
// prints its rates, batch latencies and the store-read baseline.
func TestBenchIndex(t *testing.T) {
	dir := t.TempDir()
	files, err := samples.WriteTo(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBin(t, "bench", "index", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, out)
	}
	m := regexp.MustCompile(`: (\d+) documents \(`).FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(len(files)) {
		t.Errorf("want %d documents indexed:\n%s", len(files), out)
	}
	for _, want := range []string{"entries/s", "latency per batch: p50", "from the store alone", "index on disk"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
