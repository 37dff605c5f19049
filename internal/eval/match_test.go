package eval

import "testing"

func TestSimilarityAndMatch(t *testing.T) {
	gold := []string{
		"Ensure that private fostering assessments are robust and include all required safeguarding checks, and that visits to children are timely.",
		"Improve the timeliness and quality of return home interviews for children who go missing.",
		"The quality of pathway plans for care leavers.",
	}
	pred := []string{
		"Improve the timeliness and quality of return home interviews for children who go missing.12",                                     // footnote number: same item
		"private fostering assessments are robust and include all required safeguarding checks, and that visits to children are timely",   // lead-in lost: same item
		"The quality of pathway plans for care leavers. Manageable caseloads and workload support for social workers and their managers.", // two run together: not the same
	}
	s, pairs := ScoreOf(gold, pred)
	if s.TP != 2 || s.FP != 1 || s.FN != 1 {
		t.Fatalf("score %+v pairs %+v", s, pairs)
	}
	if pairs[0].Gold != 0 || pairs[0].Pred != 1 || pairs[1].Gold != 1 || pairs[1].Pred != 0 {
		t.Errorf("pairs %+v", pairs)
	}
	if got := Similarity(Tokens("the cat"), Tokens("The CAT!")); got != 1 {
		t.Errorf("case and punctuation must not matter: %v", got)
	}
}

func TestMatchIsOneToOne(t *testing.T) {
	gold := []string{"Improve the quality of plans for children."}
	pred := []string{"Improve the quality of plans for children.", "Improve the quality of plans for children."}
	s, _ := ScoreOf(gold, pred)
	if s.TP != 1 || s.FP != 1 {
		t.Errorf("a duplicate prediction is a false positive: %+v", s)
	}
}

func TestEmptyScores(t *testing.T) {
	s, _ := ScoreOf(nil, nil)
	if s.Precision != 1 || s.Recall != 1 {
		t.Errorf("nothing to find and nothing found is perfect: %+v", s)
	}
	s, _ = ScoreOf(nil, []string{"Improve plans for children now."})
	if s.Precision != 0 || s.FP != 1 {
		t.Errorf("%+v", s)
	}
}
