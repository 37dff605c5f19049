package pdftext

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// pdfFont decodes the character codes of one PDF font into text and widths.
// It reads the font dictionary itself rather than ledongthuc/pdf's Font,
// whose widths are wrong for two-byte (Type0) fonts, whose cmap ranges
// overflow past a byte boundary, and which ignores ToUnicode when an
// Encoding is named.
type pdfFont struct {
	name       string
	bold       bool
	composite  bool               // Type0: codes of codeLen bytes, widths from W
	codeLen    int                // bytes per code for composite fonts
	toUnicode  *toUnicodeMap      // nil when the font has none
	simpleText [256]string        // simple fonts: code -> text from Encoding
	widths     map[int]float64    // code -> width in glyph units
	firstChar  int                //
	simpleW    []float64          // simple fonts' Widths array
	missing    float64            // default width
	scale      float64            // glyph units -> text space (1/1000, or Type3 FontMatrix)
	cache      map[string]decoded // raw string -> codes (many strings repeat)
}

// decoded is one character code of a shown string.
type decodedCode struct {
	code  int
	text  string
	space bool // single-byte code 32: word spacing applies
}

type decoded []decodedCode

func newPDFFont(v pdf.Value) *pdfFont {
	f := &pdfFont{scale: 0.001, missing: 0, cache: map[string]decoded{}}
	base := v.Key("BaseFont").Name()
	if i := strings.IndexByte(base, '+'); i >= 0 {
		base = base[i+1:]
	}
	f.name = base
	lower := strings.ToLower(base)
	f.bold = strings.Contains(lower, "bold") || strings.Contains(lower, "black") || strings.Contains(lower, "heavy") ||
		strings.Contains(lower, "semibold")
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.toUnicode = parseToUnicode(tu)
	}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.composite = true
		f.codeLen = 2
		if f.toUnicode != nil && f.toUnicode.oneByteOnly() {
			f.codeLen = 1
		}
		desc := v.Key("DescendantFonts").Index(0)
		f.missing = 1000
		if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.missing = dw.Float64()
		}
		f.widths = parseCIDWidths(desc.Key("W"))
		if fd := desc.Key("FontDescriptor"); fd.Kind() == pdf.Dict {
			f.bold = f.bold || fd.Key("FontWeight").Float64() >= 600 || fd.Key("Flags").Int64()&(1<<18) != 0
		}
	default:
		if v.Key("Subtype").Name() == "Type3" {
			if m := v.Key("FontMatrix"); m.Len() >= 1 {
				f.scale = m.Index(0).Float64()
			}
		}
		f.firstChar = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		n := ws.Len()
		if n > 4096 {
			n = 4096
		}
		f.simpleW = make([]float64, n)
		for i := 0; i < n; i++ {
			f.simpleW[i] = ws.Index(i).Float64()
		}
		if fd := v.Key("FontDescriptor"); fd.Kind() == pdf.Dict {
			f.missing = fd.Key("MissingWidth").Float64()
			f.bold = f.bold || fd.Key("FontWeight").Float64() >= 600 || fd.Key("Flags").Int64()&(1<<18) != 0
		}
		if len(f.simpleW) == 0 {
			f.missing = 500 // a standard font without widths: a typical average advance
		}
		f.simpleText = simpleEncoding(v.Key("Encoding"))
	}
	return f
}

// width returns the advance of code in glyph units.
func (f *pdfFont) width(code int) float64 {
	if f.composite {
		if w, ok := f.widths[code]; ok {
			return w
		}
		return f.missing
	}
	i := code - f.firstChar
	if i >= 0 && i < len(f.simpleW) {
		return f.simpleW[i]
	}
	return f.missing
}

// decode splits a shown string into codes with their text.
func (f *pdfFont) decode(raw string) decoded {
	if d, ok := f.cache[raw]; ok {
		return d
	}
	var out decoded
	n := 1
	if f.composite {
		n = f.codeLen
	}
	for i := 0; i < len(raw); {
		if f.composite && f.toUnicode != nil {
			n = f.toUnicode.codeLength(raw[i:], f.codeLen)
		}
		if i+n > len(raw) {
			n = len(raw) - i
		}
		code := 0
		for _, b := range []byte(raw[i : i+n]) {
			code = code<<8 | int(b)
		}
		var text string
		ok := false
		if f.toUnicode != nil {
			text, ok = f.toUnicode.lookup(code, n)
		}
		if !ok {
			if f.composite {
				text = "" // an unmapped CID has no known text
			} else {
				text = f.simpleText[code&0xff]
			}
		}
		out = append(out, decodedCode{code: code, text: text, space: n == 1 && code == 32})
		i += n
	}
	if len(f.cache) < 4096 {
		f.cache[raw] = out
	}
	return out
}

// parseCIDWidths reads a CIDFont W array: [c [w1 w2 ...]] or [cfirst clast w].
func parseCIDWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	n := w.Len()
	for i := 0; i < n; {
		first := int(w.Index(i).Int64())
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && j < 65536; j++ {
				out[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last := int(next.Int64())
		width := w.Index(i + 2).Float64()
		if last-first > 65536 || last < first {
			last = first
		}
		for c := first; c <= last; c++ {
			out[c] = width
		}
		i += 3
	}
	return out
}

// simpleEncoding builds the code -> text table of a simple font.
func simpleEncoding(enc pdf.Value) [256]string {
	var table [256]string
	baseName := "StandardEncoding"
	var diffs pdf.Value
	switch enc.Kind() {
	case pdf.Name:
		baseName = enc.Name()
	case pdf.Dict:
		if b := enc.Key("BaseEncoding"); b.Kind() == pdf.Name {
			baseName = b.Name()
		}
		diffs = enc.Key("Differences")
	}
	for c := 0; c < 256; c++ {
		table[c] = baseEncodingRune(baseName, byte(c))
	}
	code := 0
	for i := 0; i < diffs.Len(); i++ {
		x := diffs.Index(i)
		switch x.Kind() {
		case pdf.Integer:
			code = int(x.Int64())
		case pdf.Name:
			if code >= 0 && code < 256 {
				if s, ok := glyphText(x.Name()); ok {
					table[code] = s
				}
			}
			code++
		}
	}
	return table
}

// standardHigh maps the codes of Adobe StandardEncoding that differ from Latin-1.
var standardHigh = map[byte]string{
	0x27: "’", 0x60: "‘", 0xa1: "¡", 0xa2: "¢", 0xa3: "£", 0xa4: "⁄", 0xa5: "¥", 0xa6: "ƒ", 0xa7: "§",
	0xa8: "¤", 0xa9: "'", 0xaa: "“", 0xab: "«", 0xac: "‹", 0xad: "›", 0xae: "fi", 0xaf: "fl", 0xb1: "–",
	0xb2: "†", 0xb3: "‡", 0xb4: "·", 0xb6: "¶", 0xb7: "•", 0xb8: "‚", 0xb9: "„", 0xba: "”", 0xbb: "»",
	0xbc: "…", 0xbd: "‰", 0xbf: "¿", 0xd0: "—", 0xe1: "Æ", 0xe8: "Ł", 0xe9: "Ø", 0xea: "Œ", 0xf1: "æ",
	0xf5: "ı", 0xf8: "ł", 0xf9: "ø", 0xfa: "œ", 0xfb: "ß",
}

func baseEncodingRune(base string, c byte) string {
	switch base {
	case "WinAnsiEncoding":
		if c < 0x20 {
			return ""
		}
		r := charmap.Windows1252.DecodeByte(c)
		if r == 0xfffd || (r >= 0x80 && r < 0xa0) {
			return ""
		}
		return string(r)
	case "MacRomanEncoding":
		if c < 0x20 {
			return ""
		}
		return string(charmap.Macintosh.DecodeByte(c))
	default: // StandardEncoding, PDFDocEncoding and unknown names
		if c < 0x20 || c == 0x7f {
			return ""
		}
		if s, ok := standardHigh[c]; ok && base != "PDFDocEncoding" {
			return s
		}
		if c >= 0x80 && base != "PDFDocEncoding" {
			return ""
		}
		if base == "PDFDocEncoding" && c >= 0x80 && c < 0xa0 {
			return string(charmap.Windows1252.DecodeByte(c))
		}
		return string(rune(c))
	}
}

// glyphNames covers the Adobe Glyph List names that fonts in public
// documents use; accented letters are composed from their parts instead.
var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "quoteright": "’", "parenleft": "(", "parenright": ")",
	"asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "period": ".", "slash": "/", "zero": "0",
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
	"nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">", "question": "?",
	"at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]", "asciicircum": "^",
	"underscore": "_", "grave": "`", "quoteleft": "‘", "braceleft": "{", "bar": "|", "braceright": "}",
	"asciitilde": "~", "bullet": "•", "endash": "–", "emdash": "—", "quotedblleft": "“",
	"quotedblright": "”", "quotesinglbase": "‚", "quotedblbase": "„", "ellipsis": "…", "dagger": "†",
	"daggerdbl": "‡", "fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl", "trademark": "™",
	"copyright": "©", "registered": "®", "degree": "°", "sterling": "£", "Euro": "€", "euro": "€",
	"section": "§", "paragraph": "¶", "periodcentered": "·", "middot": "·", "minus": "−", "multiply": "×",
	"divide": "÷", "plusminus": "±", "onehalf": "½", "onequarter": "¼", "threequarters": "¾",
	"cent": "¢", "yen": "¥", "florin": "ƒ", "perthousand": "‰", "guillemotleft": "«",
	"guillemotright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "exclamdown": "¡",
	"questiondown": "¿", "germandbls": "ß", "AE": "Æ", "ae": "æ", "OE": "Œ", "oe": "œ", "Oslash": "Ø",
	"oslash": "ø", "Lslash": "Ł", "lslash": "ł", "dotlessi": "ı", "nbspace": " ", "uni00A0": " ",
	"sfthyphen": "-", "softhyphen": "-", "currency": "¤", "brokenbar": "¦", "logicalnot": "¬",
	"mu": "µ", "ordfeminine": "ª", "ordmasculine": "º", "twosuperior": "²", "threesuperior": "³",
	"onesuperior": "¹", "fraction": "⁄", "square": "■", "blacksquare": "■", "H18543": "•",
	"H22073": "□", "H18533": "●", "arrowright": "→", "checkmark": "✓", "Eth": "Ð", "eth": "ð",
	"Thorn": "Þ", "thorn": "þ", "dieresis": "¨", "acute": "´", "cedilla": "¸", "macron": "¯",
}

var combiningMarks = []struct{ suffix, mark string }{
	{"circumflex", "\u0302"}, {"dieresis", "\u0308"}, {"acute", "\u0301"}, {"grave", "\u0300"},
	{"tilde", "\u0303"}, {"cedilla", "\u0327"}, {"ring", "\u030a"}, {"caron", "\u030c"},
	{"macron", "\u0304"}, {"breve", "\u0306"}, {"ogonek", "\u0328"}, {"dotaccent", "\u0307"},
	{"hungarumlaut", "\u030b"},
}

// glyphText maps a glyph name to its text: the Adobe Glyph List names above,
// accented letters such as "eacute" or "wcircumflex" (Welsh ŵ), uniXXXX and
// uXXXX[XX] names, and ligature names joined by underscores.
func glyphText(name string) (string, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // "a.sc", "one.oldstyle"
	}
	if s, ok := glyphNames[name]; ok {
		return s, true
	}
	if len(name) == 1 {
		return name, true
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var units []uint16
		for i := 3; i+4 <= len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil {
				return "", false
			}
			units = append(units, uint16(v))
		}
		return string(utf16.Decode(units)), true
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && v < 0x110000 {
			return string(rune(v)), true
		}
	}
	for _, m := range combiningMarks {
		if strings.HasSuffix(name, m.suffix) && len(name) == len(m.suffix)+1 {
			return norm.NFC.String(name[:1] + m.mark), true
		}
	}
	if strings.Contains(name, "_") {
		var b strings.Builder
		for _, part := range strings.Split(name, "_") {
			s, ok := glyphText(part)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	return "", false
}
