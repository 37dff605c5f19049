// Package synth generates a synthetic corpus at any scale, reproducibly
// from a seed, for the scale benchmarks of search, trace and ingest.
//
// Councils are invented; each is inspected every few years, and each
// report lists recommendations drawn from the shapes that real inspection
// reports use ("Improve the quality of X so that Y", "Ensure that X",
// "The quality and timeliness of X", "Reduce X"), filled from the terms of
// children's services (caseloads, pathway plans, return home interviews,
// the front door…). A council's issues come back in later reports,
// reworded: another lead-in, a synonym, the clauses in another order, as
// they do in real inspections. Findings and narrative sentences surround
// them. Documents come out as corpus.Documents with their items (for the
// index and trace benchmarks) or as files: PDF, HTML and text (for ingest).
package synth
