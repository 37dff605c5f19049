package extract

import (
	"regexp"
	"strings"
)

// addresseeRe finds who a recommendation asks to act: the subject of its
// first "should", "must" or "shall", at the start of the text or after
// "recommend(s) that": "NHS England should…", "We recommend that the
// Department for Education must…", "Cabinet is asked to…".
var addresseeRe = regexp.MustCompile(`^((?:the |all |every |each |our )?[\p{Lu}][^.;:]{1,90}?)\s+(?:should|must|shall|is asked to|are asked to|is invited to|are invited to)\b`)

// leadIn is what comes before the addressee in a recommendation in prose:
// "We recommend that", "The Inquiry urges".
var leadIn = regexp.MustCompile(`^[^.;:]{0,80}?\b(recommends?|recommended|urges?|urged|calls on) (that )?`)

// notAddressee are subjects that name no one: "It should…", "This must…".
var notAddressee = map[string]bool{"it": true, "this": true, "there": true, "they": true, "we": true, "i": true,
	"these": true, "that": true, "which": true, "he": true, "she": true, "you": true, "such": true}

// namedSubject finds the subject of a recommendation in the subjunctive,
// after "recommended that": a name in capitals before its verb ("It is
// recommended that the Civil Aviation Authority require…").
var namedSubject = regexp.MustCompile(`^((?:the |all )?(?:[\p{Lu}][\w’'&.-]*(?:\s+(?:of|for|and|on|the|in)\b)*\s+)+)[a-z]`)

// addressee returns who text asks to act, or "" when it does not say.
func addressee(text string) string {
	rest := leadIn.ReplaceAllString(text, "")
	m := addresseeRe.FindStringSubmatch(rest)
	if m == nil && rest != text {
		m = namedSubject.FindStringSubmatch(rest)
	}
	if m == nil {
		return ""
	}
	a := strings.TrimSpace(m[1])
	ws := strings.Fields(a)
	if len(ws) > 12 || notAddressee[strings.ToLower(ws[0])] || strings.ContainsAny(a, "“”\"") {
		return ""
	}
	return strings.TrimSuffix(a, ",")
}
