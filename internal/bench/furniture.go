package bench

import (
	"math"
	"regexp"
	"strings"
)

var (
	digitsRun  = regexp.MustCompile(`\d+`)
	pageNumber = regexp.MustCompile(`(?i)^(?:page\s*)?[-–(]?\s*#\s*[-–)]?(?:\s*(?:of|/)\s*#)?$`)
)

func furnitureKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(digitsRun.ReplaceAllString(s, "#")), " "))
}

// StripFurniture removes running headers, footers and page numbers from
// pdftotext output (pages separated by form feeds), by the same rule as
// ingest: a line among the first or last five non-empty lines of a page
// that recurs so on at least half the pages, or that is only a number.
func StripFurniture(text string) string {
	pages := strings.Split(text, "\f")
	lines := make([][]string, len(pages))
	counts := map[string]int{}
	const zone = 5 // pdftotext breaks table cells into lines, so its zone is deeper
	for i, p := range pages {
		for _, l := range strings.Split(p, "\n") {
			if strings.TrimSpace(l) != "" {
				lines[i] = append(lines[i], l)
			}
		}
		seen := map[string]bool{}
		for j, l := range lines[i] {
			if j < zone || j >= len(lines[i])-zone {
				k := furnitureKey(l)
				if !seen[k] {
					seen[k] = true
					counts[k]++
				}
			}
		}
	}
	need := max(2, int(math.Ceil(float64(len(pages))/2)))
	var b strings.Builder
	for i := range pages {
		for j, l := range lines[i] {
			if j < zone || j >= len(lines[i])-zone {
				k := furnitureKey(l)
				if pageNumber.MatchString(k) && plausiblePage(l, len(pages)) || counts[k] >= need && strings.Trim(strings.TrimSpace(l), "0123456789") != "" {
					continue
				}
			}
			b.WriteString(l)
			b.WriteByte('\n')
		}
		b.WriteByte('\f')
	}
	return b.String()
}

// plausiblePage says whether the first number in s could be a page number.
func plausiblePage(s string, pages int) bool {
	m := digitsRun.FindString(s)
	if len(m) > 5 {
		return false
	}
	n := 0
	for _, r := range m {
		n = n*10 + int(r-'0')
	}
	return n <= 2*pages+50
}
