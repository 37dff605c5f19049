package pdftext

import (
	"bytes"
	"encoding/hex"
	"io"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// toUnicodeMap is a parsed ToUnicode CMap: codespace ranges, single code
// mappings and code ranges. Ranges are kept as integers, so a range that
// crosses a byte boundary (<00FF> to <0102>) maps correctly; that is the
// character-mapping fault DESIGN.md notes in ledongthuc/pdf above U+00FF.
type toUnicodeMap struct {
	spaces []codeSpace
	chars  map[codeKey]string
	ranges []codeRange
}

type codeKey struct {
	n    int
	code int
}

type codeSpace struct {
	n      int
	lo, hi int
}

type codeRange struct {
	n      int
	lo, hi int
	base   []uint16 // destination string as UTF-16; the last unit is incremented
	array  []string // or an array of destinations
	offset bool     // base is used (rather than array)
}

func bytesToInt(s string) int {
	v := 0
	for i := 0; i < len(s) && i < 4; i++ {
		v = v<<8 | int(s[i])
	}
	return v
}

func utf16Units(s string) []uint16 {
	units := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		units = append(units, uint16(s[i])<<8|uint16(s[i+1]))
	}
	if len(s)%2 == 1 { // a one-byte destination is a Latin-1 character
		units = append(units, uint16(s[len(s)-1]))
	}
	return units
}

// maxCMapBytes bounds the CMap stream read.
const maxCMapBytes = 4 << 20

func parseToUnicode(strm pdf.Value) (m *toUnicodeMap) {
	m = &toUnicodeMap{chars: map[codeKey]string{}}
	defer func() {
		if recover() != nil && len(m.chars) == 0 && len(m.ranges) == 0 {
			m = nil
		}
	}()
	rc := strm.Reader()
	data, _ := io.ReadAll(io.LimitReader(rc, maxCMapBytes))
	rc.Close()
	toks := cmapTokens(data)
	var operands []cmapToken
	for _, tok := range toks {
		if tok.kind != cmapKeyword {
			operands = append(operands, tok)
			if len(operands) > 1<<16 {
				operands = operands[:0]
			}
			continue
		}
		switch tok.text {
		case "endcodespacerange":
			for i := 0; i+1 < len(operands); i += 2 {
				lo, hi := operands[i].text, operands[i+1].text
				if len(lo) == 0 || len(lo) != len(hi) || len(lo) > 4 {
					continue
				}
				m.spaces = append(m.spaces, codeSpace{len(lo), bytesToInt(lo), bytesToInt(hi)})
			}
		case "endbfchar":
			for i := 0; i+1 < len(operands); i += 2 {
				src, dst := operands[i].text, operands[i+1].text
				if len(src) == 0 || len(src) > 4 {
					continue
				}
				m.chars[codeKey{len(src), bytesToInt(src)}] = string(utf16.Decode(utf16Units(dst)))
			}
		case "endbfrange":
			for i := 0; i+2 < len(operands); i += 3 {
				lo, hi, dst := operands[i].text, operands[i+1].text, operands[i+2]
				if len(lo) == 0 || len(lo) > 4 {
					continue
				}
				r := codeRange{n: len(lo), lo: bytesToInt(lo), hi: bytesToInt(hi)}
				if dst.kind == cmapArray {
					for _, e := range dst.items {
						r.array = append(r.array, string(utf16.Decode(utf16Units(e))))
					}
				} else {
					r.base, r.offset = utf16Units(dst.text), true
				}
				m.ranges = append(m.ranges, r)
			}
		}
		operands = operands[:0]
	}
	return m
}

type cmapTokenKind int

const (
	cmapString cmapTokenKind = iota
	cmapKeyword
	cmapArray
	cmapOther
)

type cmapToken struct {
	kind  cmapTokenKind
	text  string   // string bytes or keyword
	items []string // array of strings
}

// cmapTokens splits a CMap program into the tokens the mapping needs: hex
// and literal strings, arrays of strings, and keywords; numbers, names and
// dictionaries are kept as "other" operands.
func cmapTokens(data []byte) []cmapToken {
	l := cmapLexer{data: data}
	for l.i < len(data) {
		if !l.step() {
			break
		}
	}
	return l.out
}

// cmapLexer is the state of cmapTokens: the tokens so far and the array
// being read, if any.
type cmapLexer struct {
	data  []byte
	i     int
	out   []cmapToken
	array *cmapToken
}

// emit adds a token, or a string to the array being read.
func (l *cmapLexer) emit(t cmapToken) {
	if l.array != nil {
		if t.kind == cmapString {
			l.array.items = append(l.array.items, t.text)
		}
		return
	}
	l.out = append(l.out, t)
}

// step reads one token (or passes over a comment, a dictionary bracket or
// white space); false means the program ends here (a hex string not closed).
func (l *cmapLexer) step() bool {
	data, i := l.data, l.i
	c := data[i]
	switch {
	case c == '%':
		for i < len(data) && data[i] != '\n' && data[i] != '\r' {
			i++
		}
	case c == '<' && i+1 < len(data) && data[i+1] == '<', c == '>' && i+1 < len(data) && data[i+1] == '>':
		i += 2
	case c == '<':
		j := bytes.IndexByte(data[i:], '>')
		if j < 0 {
			return false
		}
		l.emit(cmapToken{kind: cmapString, text: decodeHex(data[i+1 : i+j])})
		i += j + 1
	case c == '(':
		s, n := literalString(data[i:])
		l.emit(cmapToken{kind: cmapString, text: s})
		i += n
	case c == '[':
		l.array = &cmapToken{kind: cmapArray}
		i++
	case c == ']':
		if l.array != nil {
			t := *l.array
			l.array = nil
			l.out = append(l.out, t)
		}
		i++
	case c <= ' ' || c == '{' || c == '}':
		i++
	default:
		i = l.word(i)
	}
	l.i = i
	return true
}

// word reads a name, number or keyword at i and returns where it ends.
func (l *cmapLexer) word(i int) int {
	data := l.data
	end := func(j int) int {
		for j < len(data) && data[j] > ' ' && !bytes.ContainsRune([]byte("<>[](){}/%"), rune(data[j])) {
			j++
		}
		return j
	}
	j := end(i)
	if j == i { // a name
		j = end(i + 1)
		l.emit(cmapToken{kind: cmapOther, text: string(data[i:j])})
		return j
	}
	word := string(data[i:j])
	if (word[0] >= '0' && word[0] <= '9') || word[0] == '-' || word[0] == '.' {
		l.emit(cmapToken{kind: cmapOther, text: word})
	} else {
		l.emit(cmapToken{kind: cmapKeyword, text: word})
	}
	return j
}

func decodeHex(h []byte) string {
	var digits []byte
	for _, c := range h {
		if (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	_, _ = hex.Decode(out, digits)
	return string(out)
}

// literalString reads a (…) string with its escapes; n is the bytes used.
func literalString(data []byte) (string, int) {
	var b []byte
	depth := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '(':
			if depth > 0 {
				b = append(b, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return string(b), i + 1
			}
			b = append(b, c)
		case c == '\\' && i+1 < len(data):
			i++
			switch e := data[i]; e {
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v, k := 0, 0
				for k < 3 && i < len(data) && data[i] >= '0' && data[i] <= '7' {
					v = v*8 + int(data[i]-'0')
					i++
					k++
				}
				i--
				b = append(b, byte(v))
			case '\n', '\r':
			default:
				b = append(b, e)
			}
		default:
			b = append(b, c)
		}
	}
	return string(b), len(data)
}

// oneByteOnly reports whether every codespace range is one byte wide.
func (m *toUnicodeMap) oneByteOnly() bool {
	if len(m.spaces) == 0 {
		return false
	}
	for _, s := range m.spaces {
		if s.n != 1 {
			return false
		}
	}
	return true
}

// codeLength returns how many bytes the next code in raw takes, by the
// codespace ranges, or def when none matches.
func (m *toUnicodeMap) codeLength(raw string, def int) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
		v := bytesToInt(raw[:n])
		for _, s := range m.spaces {
			if s.n == n && v >= s.lo && v <= s.hi {
				return n
			}
		}
	}
	return def
}

// lookup returns the text of an n-byte code.
func (m *toUnicodeMap) lookup(code, n int) (string, bool) {
	if s, ok := m.chars[codeKey{n, code}]; ok {
		return s, true
	}
	for _, r := range m.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.offset {
			if len(r.base) == 0 {
				return "", true
			}
			units := append([]uint16(nil), r.base...)
			units[len(units)-1] += uint16(off)
			return string(utf16.Decode(units)), true
		}
		if off < len(r.array) {
			return r.array[off], true
		}
		return "", false
	}
	return "", false
}
