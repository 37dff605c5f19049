package trace

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Member is one item of a thread.
type Member struct {
	ItemID  string   `json:"item_id"`
	DocID   string   `json:"doc"`
	Date    string   `json:"date"`
	Subject string   `json:"subject"`
	Title   string   `json:"title"`
	Kind    string   `json:"kind"`
	Text    string   `json:"text"`
	Themes  []string `json:"themes"`
	Source  string   `json:"source,omitempty"`  // the file or address the document was read from
	Page    int      `json:"page,omitempty"`    // where the item is printed
	Section string   `json:"section,omitempty"` // the heading it sits under
	// Response and ResponseStatus are what a response says of it, and the
	// status it states (accepted, not accepted, …): what came of it.
	Response       string `json:"response,omitempty"`
	ResponseStatus string `json:"response_status,omitempty"`
	// Link says why the member is in the thread; nil for an item alone.
	Link *Link `json:"link,omitempty"`
}

// Link is the member of another document that a member is most alike,
// with their pair score and what they share: the issues they name (see
// the issues of corpus/rules/themes.txt), then words, most telling first. It lets a reader
// judge a link rather than take it on trust.
type Link struct {
	To     string   `json:"to"` // item id
	Score  float64  `json:"score"`
	Shared []string `json:"shared"`
}

// Thread is one issue raised in several documents.
type Thread struct {
	ID        string    `json:"id"`
	Label     string    `json:"label"`
	Themes    []string  `json:"themes"`
	Subjects  []string  `json:"subjects"`
	Years     []string  `json:"years"`
	FirstSeen string    `json:"first_seen"`
	LastSeen  string    `json:"last_seen"`
	Status    string    `json:"status"` // recurring, new, not seen since YEAR
	Docs      int       `json:"documents"`
	Members   []Member  `json:"members"`
	Changes   []Change  `json:"changes"`
	Mentions  []Mention `json:"mentions,omitempty"`
}

// Result is the output of Trace.
type Result struct {
	Threads []Thread `json:"threads"`
	Matrix  Matrix   `json:"matrix"`
	// Mentions are all the mentions of earlier recommendations found,
	// those about the recommendations as a whole too; each thread holds
	// those about its members.
	Mentions []Mention `json:"mentions"`
}

// Trace links the inputs into threads of at least minDocs documents and
// counts the theme × year matrix. docs gives the text of documents to look
// for explicit mentions of earlier recommendations in (may be nil).
func Trace(in []Input, docs []DocText, o Options, minDocs int) Result {
	matrix := BuildMatrix(in)
	in = linked(in)
	o.defaults(len(in))
	if minDocs < 1 {
		minDocs = 1
	}
	m := build(in, o.Background)
	m.themeBonus = o.ThemeBonus
	m.linker = o.Linker
	said, mentions := m.saidBefore(o)
	var edges []Edge
	var other func(a, b int) float64 // what a pair that is not an edge scores in clustering
	if o.Linker != nil {
		// the linker already reads whether each is the other's closest
		// in its document; clustering averages its probabilities
		edges = m.learnedEdges(o)
		other = func(a, b int) float64 {
			if m.in[a].DocID == m.in[b].DocID || m.aside[a] || m.aside[b] {
				return 0
			}
			return m.pairScore(a, b)
		}
	} else {
		edges = mutualBest(in, m.edges(o), o.Sure)
	}
	groups := cluster(len(in), append(edges, said...), o, other)
	grouped := make([]bool, len(in))
	for _, g := range groups {
		for _, i := range g {
			grouped[i] = true
		}
	}
	for i := range in { // every item is at least a thread of its own
		if !grouped[i] {
			groups = append(groups, []int{i})
		}
	}
	latest := latestBySubject(in)
	threads := make([]Thread, 0, len(groups))
	byItem := map[string]int{}
	for _, g := range groups {
		t := m.thread(g, latest)
		if t.Docs < minDocs && !(minDocs <= 1) {
			continue
		}
		for _, mem := range t.Members {
			byItem[mem.ItemID] = len(threads)
		}
		threads = append(threads, t)
	}
	known := map[[2]string]bool{}
	for _, men := range mentions {
		known[[2]string{men.DocID, men.Quote}] = true
	}
	mentions = append(mentions, findMentions(docs, m, known)...)
	for _, men := range mentions {
		ti, ok := byItem[men.RefersTo]
		if !ok {
			ti, ok = byItem[men.Item]
		}
		if ok && (men.RefersTo != "" || men.Item != "") {
			threads[ti].Mentions = append(threads[ti].Mentions, men)
		}
	}
	if mentions == nil {
		mentions = []Mention{}
	}
	sortThreads(threads)
	return Result{Threads: threads, Matrix: matrix, Mentions: mentions}
}

// sortThreads orders threads as they are shown: those of the most
// documents first, then the oldest, then by id (so that threads traced a
// subject at a time fall in the same order as those traced together).
func sortThreads(threads []Thread) {
	sort.SliceStable(threads, func(a, b int) bool {
		if threads[a].Docs != threads[b].Docs {
			return threads[a].Docs > threads[b].Docs
		}
		if threads[a].FirstSeen != threads[b].FirstSeen {
			return threads[a].FirstSeen < threads[b].FirstSeen
		}
		return threads[a].ID < threads[b].ID
	})
}

// latestBySubject is the date of each subject's latest document.
func latestBySubject(in []Input) map[string]string {
	out := map[string]string{}
	for _, it := range in {
		k := subjectKey(it.Subject)
		if it.Date > out[k] {
			out[k] = it.Date
		}
	}
	return out
}

// answered says whether an input is a recommendation restated in a
// response, with what the response says of it.
func answered(it Input) bool { return it.ResponseStatus != "" || it.Response != "" }

func (m *model) thread(g []int, latest map[string]string) Thread {
	sort.SliceStable(g, func(a, b int) bool {
		if m.in[g[a]].Date != m.in[g[b]].Date {
			return m.in[g[a]].Date < m.in[g[b]].Date
		}
		if ra, rb := answered(m.in[g[a]]), answered(m.in[g[b]]); ra != rb {
			return rb // of one date, what was recommended before the response to it
		}
		return g[a] < g[b]
	})
	t := Thread{}
	docs, years, subjects, themes := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]int{}
	dates := map[string]bool{}
	h := sha256.New()
	for _, i := range g {
		it := m.in[i]
		t.Members = append(t.Members, Member{ItemID: it.ItemID, DocID: it.DocID, Date: it.Date, Subject: it.Subject,
			Title: it.Title, Kind: string(it.Kind), Text: it.Text, Themes: it.Themes, Source: it.Source, Page: it.Page, Section: it.Section,
			Response: it.Response, ResponseStatus: it.ResponseStatus})
		docs[it.DocID] = true
		dates[it.Date] = true
		if len(it.Date) >= 4 {
			years[it.Date[:4]] = true
		}
		if it.Subject != "" {
			subjects[it.Subject] = true
		}
		for _, th := range it.Themes {
			themes[th]++
		}
		h.Write([]byte(it.ItemID))
	}
	t.ID = hex.EncodeToString(h.Sum(nil)[:8])
	t.Docs = len(docs)
	t.Years = sortedKeys(years)
	t.Subjects = sortedKeys(subjects)
	t.FirstSeen, t.LastSeen = t.Members[0].Date, t.Members[len(t.Members)-1].Date
	for th, n := range themes { // themes most members share
		if n*2 >= len(g) {
			t.Themes = append(t.Themes, th)
		}
	}
	sort.Strings(t.Themes)
	if t.Themes == nil {
		t.Themes = []string{}
	}
	t.Label = m.label(g)
	subjectLatest := latest[subjectKey(t.Members[0].Subject)]
	switch {
	case len(dates) >= 2 && t.LastSeen >= subjectLatest:
		t.Status = "recurring"
	case t.LastSeen >= subjectLatest:
		t.Status = "new"
	case len(t.LastSeen) >= 4:
		t.Status = "not seen since " + t.LastSeen[:4]
	default:
		t.Status = "recurring"
	}
	for k := range g {
		t.Members[k].Link = m.link(k, g)
	}
	for k := 1; k < len(t.Members); k++ {
		t.Changes = append(t.Changes, diffMembers(t.Members[k-1], t.Members[k]))
	}
	if t.Changes == nil {
		t.Changes = []Change{}
	}
	return t
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// label is the thread's most characteristic phrase: the run of two to four
// words found in the most members, the rarer the better; a single item is
// labelled by its opening words.
func (m *model) label(g []int) string {
	type cand struct {
		count int
		score float64
	}
	cands := map[string]*cand{}
	cache := stemCache{}
	for _, i := range g {
		words := strings.Fields(strings.ToLower(m.in[i].Text))
		seen := map[string]bool{}
		for n := 2; n <= 4; n++ {
			for k := 0; k+n <= len(words); k++ {
				phrase := strings.Trim(strings.Join(words[k:k+n], " "), ".,;:()’'\"")
				first, last := strings.Fields(phrase), ""
				if len(first) < n {
					continue
				}
				last = first[len(first)-1]
				if stopWords[first[0]] || stopWords[last] || seen[phrase] || strings.ContainsAny(phrase, ",;:") {
					continue
				}
				seen[phrase] = true
				c := cands[phrase]
				if c == nil {
					score := 0.0
					for _, st := range terms(cache, phrase) {
						if id, ok := m.terms[st]; ok {
							score += float64(m.idf[id])
						}
					}
					c = &cand{score: score}
					cands[phrase] = c
				}
				c.count++
			}
		}
	}
	best, bestScore := "", 0.0
	for p, c := range cands {
		if c.count < 2 && len(g) > 1 {
			continue
		}
		if s := float64(c.count) * c.score; s > bestScore || s == bestScore && p < best {
			best, bestScore = p, s
		}
	}
	if best == "" {
		w := strings.Fields(m.in[g[0]].Text)
		best = strings.TrimRight(strings.Join(w[:min(len(w), 8)], " "), ".,;:")
		if len(w) > 8 {
			best += "…"
		}
	}
	return best
}

// MemberName names the member with the given item id for a reader: its
// subject and date ("Leeds City Council, 2018-12-18").
func (t Thread) MemberName(itemID string) string {
	for _, m := range t.Members {
		if m.ItemID == itemID {
			if b := m.Body(); b != "" {
				return b + ", " + m.Date
			}
			return m.Date
		}
	}
	return ""
}

// Body names what a member is about: its subject, or without one the
// title of its document (an inquiry's report, a response to it), cut to
// a readable length.
func (m Member) Body() string { return bodyName(m.Subject, m.Title) }

// Body names what an input is about, as Member.Body does.
func (in Input) Body() string { return bodyName(in.Subject, in.Title) }

func bodyName(subject, title string) string {
	if subject != "" {
		return subject
	}
	if r := []rune(title); len(r) > maxBodyTitle {
		return strings.TrimSpace(string(r[:maxBodyTitle])) + "…"
	}
	return title
}

// maxBodyTitle is the most characters of a title Body gives.
const maxBodyTitle = 60

// Shown is a link's score as a reader sees it: from 0 to 1 (the bonuses
// for shared phrases and heads can take the score past 1).
func (l Link) Shown() float64 { return min(l.Score, 1) }

// MemberDate is the date of the member with the given item id.
func (t Thread) MemberDate(itemID string) string {
	for _, m := range t.Members {
		if m.ItemID == itemID {
			return m.Date
		}
	}
	return ""
}

// String describes a thread on one line.
func (t Thread) String() string {
	return fmt.Sprintf("%s (%s, %d documents, %s)", t.Label, strings.Join(t.Years, ", "), t.Docs, t.Status)
}
