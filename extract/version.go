package extract

import (
	"crypto/sha256"
	"encoding/hex"
)

// logicVersion names the extraction code's own rules, those not in
// rules/ (the conventions of conventions.go and tables.go, how sections
// run, what a document that lists its recommendations keeps from its
// running text). Change it with any change to them that changes items.
const logicVersion = "2026-12-07.3"

// Version is the version of the rules this extractor applies: the code's
// logicVersion and a digest of the rule files and the taxonomy in force.
// A document records the version that extracted its items, and rederive
// re-extracts those of another.
func (x *Extractor) Version() string {
	h := sha256.New()
	for _, s := range []string{logicVersion, sectionRules, cueRules, lexiconRules, notItemRules, x.tax.Version} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return logicVersion + "+" + hex.EncodeToString(h.Sum(nil))[:10]
}
