// Package eval scores scrutineer against labels judged by hand: extracted
// recommendations and strengths against the gold label files of
// ../shared/corpus (format in LABELS.md), and, later, recurrence threads.
//
// The matching rule: two texts are compared as multisets of content
// tokens (lower-cased words of letters or digits, English stop words and
// numbers dropped). Their similarity is the Dice coefficient, twice the
// shared tokens over the sum of both sizes. Gold and predicted items are
// paired one to one, most similar pair first, and a pair counts as a match
// when its similarity is at least MatchThreshold. Unpaired gold items are
// misses (false negatives), unpaired predictions false positives.
package eval
