package ingest

import (
	"math"

	"github.com/ledongthuc/pdf"
)

// glyph is one shown character code placed on the page, in device space
// (points, y up).
type glyph struct {
	x, y  float64 // start of the baseline
	w     float64 // advance along the baseline
	size  float64 // effective font size
	text  string
	space bool // the font's own space character
	bold  bool
	ocr   bool // drawn invisibly (render mode 3): the OCR layer of a scan
	sup   bool // a raised footnote number (set during layout)
}

type matrix [6]float64 // a b c d e f, as in PDF

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m first, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

type textState struct {
	ctm                   matrix
	tc, tw, th, tl, trise float64
	font                  *pdfFont
	fontSize              float64
	mode                  int
}

// maxOps bounds the operators interpreted on one page, including forms, so
// a hostile content stream cannot run for ever.
const maxOps = 5_000_000

// contentReader interprets a page's content stream (and the form XObjects
// it draws) and collects the glyphs it shows. Word spacing (Tw), character
// spacing (Tc), horizontal scaling (Tz) and TJ adjustments move the glyphs,
// so the gaps between words can be measured afterwards.
type contentReader struct {
	glyphs []glyph
	fonts  map[fontKey]*pdfFont
	ops    int
	forms  int
}

type fontKey struct {
	res  string // identity of the resource dictionary (its printed form is too costly; its depth is enough)
	name string
}

func readPageGlyphs(pv pdf.Value) []glyph {
	cr := &contentReader{fonts: map[fontKey]*pdfFont{}}
	cr.run(pv.Key("Contents"), inherited(pv, "Resources"), identity, "page", 0)
	return cr.glyphs
}

func isNumber(v pdf.Value) bool { return v.Kind() == pdf.Integer || v.Kind() == pdf.Real }

func (cr *contentReader) font(res pdf.Value, scope, name string) *pdfFont {
	k := fontKey{scope, name}
	if f, ok := cr.fonts[k]; ok {
		return f
	}
	f := newPDFFont(res.Key("Font").Key(name))
	cr.fonts[k] = f
	return f
}

func (cr *contentReader) run(strm, res pdf.Value, ctm matrix, scope string, depth int) {
	if strm.Kind() != pdf.Stream && strm.Kind() != pdf.Array {
		return
	}
	g := textState{ctm: ctm, th: 1}
	var tm, tlm matrix
	var stack []textState
	show := func(raw string) {
		f := g.font
		if f == nil {
			return
		}
		for _, c := range f.decode(raw) {
			trm := matrix{g.fontSize * g.th, 0, 0, g.fontSize, 0, g.trise}.mul(tm).mul(g.ctm)
			w0 := f.width(c.code) * f.scale
			x0, y0 := trm.apply(0, 0)
			// advance in text space, then measured in device space
			tx := w0*g.fontSize + g.tc
			if c.space {
				tx += g.tw
			}
			tx *= g.th
			full := tm.mul(g.ctm)
			gx1, gy1 := full.apply(w0*g.fontSize*g.th, g.trise)
			gx0, gy0 := full.apply(0, g.trise)
			size := math.Hypot(trm[2], trm[3])
			if c.text != "" && len(cr.glyphs) < 2_000_000 {
				cr.glyphs = append(cr.glyphs, glyph{
					x: x0, y: y0, w: math.Hypot(gx1-gx0, gy1-gy0), size: size,
					text: c.text, space: c.space || c.text == " ", bold: f.bold, ocr: g.mode == 3,
				})
			}
			tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
		}
	}
	nextLine := func() {
		tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
		tm = tlm
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		cr.ops++
		if cr.ops > maxOps {
			panic("too many content operators")
		}
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) && isNumber(args[i]) {
				return args[i].Float64()
			}
			return 0
		}
		mat := func() matrix {
			var m matrix
			for i := 0; i < 6; i++ {
				m[i] = num(i)
			}
			return m
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, g)
			}
		case "Q":
			if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = mat().mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.trise = num(0)
		case "Tr":
			g.mode = int(num(0))
		case "Tf":
			if len(args) == 2 {
				g.font = cr.font(res, scope, args[0].Name())
				g.fontSize = num(1)
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					g.tl = -num(1)
				}
				tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(args) == 6 {
				tm = mat()
				tlm = tm
			}
		case "T*":
			nextLine()
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
				nextLine()
				show(args[2].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				x := a.Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
				} else if isNumber(x) {
					tx := -x.Float64() / 1000 * g.fontSize * g.th
					tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
				}
			}
		case "Do":
			if len(args) != 1 || depth >= 8 || cr.forms > 2000 {
				return
			}
			xo := res.Key("XObject").Key(args[0].Name())
			if xo.Kind() != pdf.Stream || xo.Key("Subtype").Name() != "Form" {
				return
			}
			cr.forms++
			m := identity
			if fm := xo.Key("Matrix"); fm.Len() == 6 {
				for i := 0; i < 6; i++ {
					m[i] = fm.Index(i).Float64()
				}
			}
			formRes := xo.Key("Resources")
			formScope := scope + "/" + args[0].Name()
			if formRes.Kind() != pdf.Dict {
				formRes, formScope = res, scope
			}
			cr.run(xo, formRes, m.mul(g.ctm), formScope, depth+1)
		}
	})
}
