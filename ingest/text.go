package ingest

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/scrutineer/scrutineer/corpus"
	"golang.org/x/text/encoding/charmap"
)

// textReader reads plain text, Markdown and reStructuredText: blank lines
// separate blocks; headings are Markdown "#" lines, reStructuredText
// underlined lines, or short unpunctuated lines standing alone; list items
// start with a marker; "**Name**: words" lines are speeches (transcripts).
type textReader struct{}

// decodeText turns bytes into valid UTF-8: UTF-16 by its byte-order mark,
// Windows-1252 when the bytes are not UTF-8, replacement characters for
// what is left.
func decodeText(data []byte) (string, []string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		le := data[0] == 0xff
		data = data[2:]
		units := make([]uint16, 0, len(data)/2)
		for i := 0; i+1 < len(data); i += 2 {
			if le {
				units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		return string(utf16.Decode(units)), nil
	}
	if utf8.Valid(data) {
		// the bytes as they are, not a copy: reading builds the document's
		// text anew (textBuilder copies every block), so nothing read
		// from here outlives the read, and the caller's bytes are not
		// changed while it runs
		if len(data) == 0 {
			return "", nil
		}
		return unsafe.String(&data[0], len(data)), nil
	}
	invalid := 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		}
		i += n
	}
	if invalid*50 > len(data) { // mostly not UTF-8: a single-byte code page
		s, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err == nil {
			return string(s), []string{"not UTF-8: read as Windows-1252"}
		}
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), []string{"invalid UTF-8 replaced"}
}

var (
	mdHeading   = regexp.MustCompile(`^(#{1,6})\s+(.+?)\s*#*$`)
	speakerLine = regexp.MustCompile(`^\*\*([^*]{2,80})\*\*\s*:\s*(.*)$`)
	// "Photo of Huw Irranca-Davies Huw Irranca-Davies Labour 3:24, 14 February 2018" (TheyWorkForYou pages)
	photoSpeaker = regexp.MustCompile(`^Photo of .{3,200}\d{1,2}:\d{2},? .*\d{4}$`)
	mdEmphasis   = strings.NewReplacer("**", "", "__", "")
)

func (textReader) read(_ context.Context, data []byte) (*corpus.Document, error) {
	s, warnings := decodeText(data)
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	doc := &corpus.Document{Format: corpus.Text, Warnings: warnings}
	t := newTextBuilder(false)
	t.b.Grow(len(s)) // the text is about as long as the file: no copies while it grows
	pages := strings.Split(s, "\f")
	if len(pages) > 1 {
		t.page = 1
	}
	for pi, page := range pages {
		if pi > 0 {
			t.nextPage()
		}
		readTextPage(t, dropBoilerplate(strings.Split(page, "\n")))
	}
	doc.Text, doc.Blocks = t.text(), t.blocks
	if len(pages) > 1 {
		doc.Pages = len(pages)
	}
	return doc, nil
}

// readTextPage splits lines into blocks.
func readTextPage(t *textBuilder, lines []string) {
	var para []string
	speaker := ""
	flush := func() {
		if len(para) > 0 {
			kind := corpus.Paragraph
			if speaker != "" {
				kind = corpus.Speech
			}
			text := strings.Join(para, " ")
			if strings.Contains(text, "**") || strings.Contains(text, "__") {
				text = mdEmphasis.Replace(text)
			}
			t.add(kind, text, 0, "", speaker)
		}
		para = nil
	}
	// Lines longer than a typical wrap width are paragraphs of their own
	// (text saved from the web); shorter ones are wrapped and join up.
	wrapped := true
	for _, l := range lines {
		if len(l) > 160 {
			wrapped = false
			break
		}
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		switch {
		case line == "":
			flush() // a speaker's words run on over blank lines until the next speaker or heading
		case isRstUnderline(next) && len(next) >= len([]rune(line))-2 && !isRstUnderline(line):
			flush()
			speaker = ""
			t.add(corpus.Heading, line, rstLevel(next[0]), "", "")
			i++
		case isRstUnderline(line):
			// a rule line or overline: no text
		case mdHeading.MatchString(line):
			flush()
			speaker = ""
			m := mdHeading.FindStringSubmatch(line)
			t.add(corpus.Heading, mdEmphasis.Replace(m[2]), len(m[1]), "", "")
		case speakerLine.MatchString(line):
			flush()
			m := speakerLine.FindStringSubmatch(line)
			speaker = strings.Clone(strings.TrimSpace(m[1])) // not a view of the file's bytes
			para = append(para, m[2])
		case photoSpeaker.MatchString(line):
			flush()
			speaker = strings.Clone(photoSpeakerName(line))
		default:
			if m, rest := splitMarker(line); m != "" && rest != "" {
				flush()
				t.add(corpus.ListItem, mdEmphasis.Replace(rest), 0, m, "")
				continue
			}
			if isStandaloneHeading(line, lines, i) {
				flush()
				t.add(corpus.Heading, line, 0, "", "")
				continue
			}
			para = append(para, line)
			if !wrapped {
				flush()
			}
		}
	}
	flush()
}

// photoSpeakerName takes the speaker's name from a TheyWorkForYou photo
// caption, where it is printed twice: "Photo of Huw Irranca-Davies Huw
// Irranca-Davies Labour 3:24, 14 February 2018".
func photoSpeakerName(line string) string {
	rest := strings.TrimPrefix(line, "Photo of ")
	best := ""
	for i := 0; i < len(rest); i++ {
		if rest[i] != ' ' {
			continue
		}
		name := rest[:i]
		if strings.HasPrefix(rest[i+1:], name+" ") {
			best = name
		}
	}
	return best
}

// isRstUnderline says whether s is a reStructuredText underline: three or
// more of one punctuation character.
func isRstUnderline(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 3 || !strings.ContainsRune(`=-~^"'*+#`, rune(s[0])) {
		return false
	}
	return strings.Count(s, s[:1]) == len(s)
}

func rstLevel(c byte) int {
	switch c {
	case '=', '#':
		return 1
	case '-':
		return 2
	case '~':
		return 3
	}
	return 4
}

// isStandaloneHeading says whether line i is a heading in plain text: short,
// without closing punctuation, with a blank line (or the start) before it
// and not continued by a lower-case line.
func isStandaloneHeading(line string, lines []string, i int) bool {
	if len(line) > 100 || len(strings.Fields(line)) > 14 {
		return false
	}
	last := line[len(line)-1]
	if strings.ContainsRune(".,;:\"”’)", rune(last)) {
		return last == ':' && len(strings.Fields(line)) <= 6 && (i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == "")
	}
	before := i == 0 || strings.TrimSpace(lines[i-1]) == ""
	after := i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == ""
	r, _ := utf8.DecodeRuneInString(line)
	return before && after && (r < 'a' || r > 'z')
}
