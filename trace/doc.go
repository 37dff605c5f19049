// Package trace links recommendations (and, on request, concerns) from
// different documents into threads: the same underlying issue raised again
// in a later year, usually in other words. It answers the scrutiny
// committee's question "was this recommended before, when, by whom, in
// what words?", with the word-level changes between consecutive members of
// a thread and a theme × year matrix of what keeps coming back.
//
// Pipeline position: after the store; it reads items with their documents'
// dates and subjects and writes nothing back.
//
// Linking (link.go): every item is a vector of word stems weighted by
// rarity (tf-idf over the items traced), plus the issues it names
// (concepts.go: the issues of corpus/rules/themes.txt), each weighted as two rare words.
// Candidate pairs come from an inverted index of stems, skipping stems too
// common to tell issues apart, so the cost grows near-linearly with the
// number of items rather than with its square. A pair's score is the
// cosine of the two vectors, plus a bonus for shared two-word phrases (and,
// with Options.ThemeBonus, for agreeing themes), less where one item is
// addressed to the safeguarding board and the other to the council, and
// more or less as the issues each names in its head agree (head.go: what
// it asks for, before its purposes and examples); pairs from
// different documents of the same subject (or any subject, with Scope all)
// at or above Threshold link. Threads grow by average linkage: two groups
// join only when their members are alike on average, so one loose pair
// cannot chain unrelated issues together.
//
// Mentions (mentions.go): sentences that point back to an earlier
// inspection and say what became of it are found in the documents' texts,
// pointed to the report they mean (by the year named, else the latest
// earlier report of the same kind) and to its recommendation where their
// words name one. A recommendation that says it was made before links to
// its most alike recommendation of that report.
package trace
