package ingest

import "strings"

// Function words that tell Welsh from English. Short, frequent and rarely
// shared, so a few hundred words are enough to decide.
var (
	welshWords = wordSet("y yr a ac yn i o ei mae gan ar am wedi bod hefyd gyda ddim ond rydym ein eich " +
		"cyngor plant gwasanaethau sydd fel hyn hynny neu eu nad oes ydy ydyw roedd bydd byddwn gwneud")
	englishWords = wordSet("the and of to in is that for it with as was on be by are this which have from " +
		"not has at were been their will")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// detectLanguage says whether text is English ("en") or Welsh ("cy"), and
// whether it has a substantial amount of both (bilingual publications).
func detectLanguage(text string) (lang string, mixed bool) {
	var cy, en int
	words := strings.Fields(strings.ToLower(text[:min(len(text), 200000)]))
	for _, w := range words {
		w = strings.Trim(w, ".,;:!?\"'’“”()")
		if englishWords[w] {
			en++
		} else if welshWords[w] && w != "a" && w != "i" && w != "o" {
			cy++
		}
	}
	if cy+en < 5 {
		return "", false
	}
	if cy > en {
		return "cy", en*4 > cy
	}
	return "en", cy*4 > en && cy > 20
}
