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

// addressee returns who text asks to act, or "" when it does not say.
func addressee(text string) string {
	m := addresseeRe.FindStringSubmatch(leadIn.ReplaceAllString(text, ""))
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
