// Package extract finds every recommendation and finding in a document and
// returns each as a corpus.Item with its evidence: the section it sits in,
// its page and byte offsets into the document text, its themes, and the cue
// that found it.
//
// Pipeline position: after ingest, before the store. It reads the layout
// blocks ingest made and, in order of strength, uses three kinds of
// evidence: the section an item sits in ("What needs to improve?",
// "Areas for improvement", "The local authority's strengths", "Matters of
// concern"), list structure (each list item one item; lists introduced by
// "should take the following action" or "Within three months:"), and cues
// in running text ("we recommend", "the council should", "inspectors
// found"). Enumerations run into one sentence ("The recommendations include
// developing…, conducting… and engaging…") are split into one item per
// coordinated verb phrase with the part-of-speech tags of prose.
//
// The rules are data, embedded from rules/: sections.txt, cues.txt,
// lexicon.txt and the theme taxonomy themes.txt (overridable).
package extract
