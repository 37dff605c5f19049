package pdftext

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

// run interprets one content stream (a page's, or a form's) with the
// resources res, starting from the transformation ctm.
func (cr *contentReader) run(strm, res pdf.Value, ctm matrix, scope string, depth int) {
	if strm.Kind() != pdf.Stream && strm.Kind() != pdf.Array {
		return
	}
	r := &streamRun{cr: cr, res: res, scope: scope, depth: depth, g: textState{ctm: ctm, th: 1}}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		cr.ops++
		if cr.ops > maxOps {
			panic("too many content operators")
		}
		n := stk.Len()
		args := make(operands, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch {
		case r.graphicsOp(op, args):
		case r.textStateOp(op, args):
		case r.positionOp(op, args):
		case r.showOp(op, args):
		case op == "Do" && len(args) == 1:
			r.drawForm(args[0].Name())
		}
	})
}

// operands are an operator's arguments.
type operands []pdf.Value

// num is the i'th operand as a number, 0 when it is not one.
func (a operands) num(i int) float64 {
	if i < len(a) && isNumber(a[i]) {
		return a[i].Float64()
	}
	return 0
}

// matrix is the six operands as a matrix.
func (a operands) matrix() matrix {
	var m matrix
	for i := range m {
		m[i] = a.num(i)
	}
	return m
}

// streamRun is the state of one content stream being interpreted: the
// graphics state and its saved copies, and the text and line matrices.
type streamRun struct {
	cr      *contentReader
	res     pdf.Value
	scope   string
	depth   int
	g       textState
	tm, tlm matrix
	stack   []textState
}

// graphicsOp applies q, Q and cm, and says whether op was one.
func (r *streamRun) graphicsOp(op string, args operands) bool {
	switch op {
	case "q":
		if len(r.stack) < 256 {
			r.stack = append(r.stack, r.g)
		}
	case "Q":
		if len(r.stack) > 0 {
			r.g = r.stack[len(r.stack)-1]
			r.stack = r.stack[:len(r.stack)-1]
		}
	case "cm":
		if len(args) == 6 {
			r.g.ctm = args.matrix().mul(r.g.ctm)
		}
	default:
		return false
	}
	return true
}

// textStateOp applies the text state operators (Tc, Tw, Tz, TL, Ts, Tr,
// Tf), and says whether op was one.
func (r *streamRun) textStateOp(op string, args operands) bool {
	g := &r.g
	switch op {
	case "Tc":
		g.tc = args.num(0)
	case "Tw":
		g.tw = args.num(0)
	case "Tz":
		g.th = args.num(0) / 100
	case "TL":
		g.tl = args.num(0)
	case "Ts":
		g.trise = args.num(0)
	case "Tr":
		g.mode = int(args.num(0))
	case "Tf":
		if len(args) == 2 {
			g.font = r.cr.font(r.res, r.scope, args[0].Name())
			g.fontSize = args.num(1)
		}
	default:
		return false
	}
	return true
}

// positionOp applies the text positioning operators (BT, Td, TD, Tm, T*),
// and says whether op was one.
func (r *streamRun) positionOp(op string, args operands) bool {
	switch op {
	case "BT":
		r.tm, r.tlm = identity, identity
	case "Td", "TD":
		if len(args) == 2 {
			if op == "TD" {
				r.g.tl = -args.num(1)
			}
			r.tlm = matrix{1, 0, 0, 1, args.num(0), args.num(1)}.mul(r.tlm)
			r.tm = r.tlm
		}
	case "Tm":
		if len(args) == 6 {
			r.tm = args.matrix()
			r.tlm = r.tm
		}
	case "T*":
		r.nextLine()
	default:
		return false
	}
	return true
}

// showOp applies the text showing operators (Tj, ', ", TJ), and says
// whether op was one.
func (r *streamRun) showOp(op string, args operands) bool {
	switch op {
	case "Tj":
		if len(args) == 1 {
			r.show(args[0].RawString())
		}
	case "'":
		if len(args) == 1 {
			r.nextLine()
			r.show(args[0].RawString())
		}
	case "\"":
		if len(args) == 3 {
			r.g.tw, r.g.tc = args.num(0), args.num(1)
			r.nextLine()
			r.show(args[2].RawString())
		}
	case "TJ":
		if len(args) == 1 {
			r.showArray(args[0])
		}
	default:
		return false
	}
	return true
}

// showArray shows TJ's strings, moving by its numbers between them.
func (r *streamRun) showArray(a pdf.Value) {
	for i := 0; i < a.Len(); i++ {
		x := a.Index(i)
		if x.Kind() == pdf.String {
			r.show(x.RawString())
		} else if isNumber(x) {
			tx := -x.Float64() / 1000 * r.g.fontSize * r.g.th
			r.tm = matrix{1, 0, 0, 1, tx, 0}.mul(r.tm)
		}
	}
}

func (r *streamRun) nextLine() {
	r.tlm = matrix{1, 0, 0, 1, 0, -r.g.tl}.mul(r.tlm)
	r.tm = r.tlm
}

// show places the glyphs of one string and advances the text matrix.
func (r *streamRun) show(raw string) {
	g, f := &r.g, r.g.font
	if f == nil {
		return
	}
	for _, c := range f.decode(raw) {
		trm := matrix{g.fontSize * g.th, 0, 0, g.fontSize, 0, g.trise}.mul(r.tm).mul(g.ctm)
		w0 := f.width(c.code) * f.scale
		x0, y0 := trm.apply(0, 0)
		// advance in text space, then measured in device space
		tx := w0*g.fontSize + g.tc
		if c.space {
			tx += g.tw
		}
		tx *= g.th
		full := r.tm.mul(g.ctm)
		gx1, gy1 := full.apply(w0*g.fontSize*g.th, g.trise)
		gx0, gy0 := full.apply(0, g.trise)
		size := math.Hypot(trm[2], trm[3])
		if c.text != "" && len(r.cr.glyphs) < 2_000_000 {
			r.cr.glyphs = append(r.cr.glyphs, glyph{
				x: x0, y: y0, w: math.Hypot(gx1-gx0, gy1-gy0), size: size,
				text: c.text, space: c.space || c.text == " ", bold: f.bold, ocr: g.mode == 3,
			})
		}
		r.tm = matrix{1, 0, 0, 1, tx, 0}.mul(r.tm)
	}
}

// drawForm interprets the form XObject called name, within bounds on
// nesting and on the forms one page may draw.
func (r *streamRun) drawForm(name string) {
	cr := r.cr
	if r.depth >= 8 || cr.forms > 2000 {
		return
	}
	xo := r.res.Key("XObject").Key(name)
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
	formScope := r.scope + "/" + name
	if formRes.Kind() != pdf.Dict {
		formRes, formScope = r.res, r.scope
	}
	cr.run(xo, formRes, m.mul(r.g.ctm), formScope, r.depth+1)
}
