package main

import "github.com/scrutineer/scrutineer/internal/pdfgen"

// report is the fictional Glanmorfa County Council inspection of 2019.
var report = []pdfgen.Block{
	{Kind: pdfgen.Heading, Text: "Inspection of Glanmorfa County Council children’s services"},
	{Kind: pdfgen.Para, Text: "Inspection dates: 4 to 15 March 2019"},
	{Kind: pdfgen.Para, Text: "Report published: 17 May 2019"},
	{Kind: pdfgen.Para, Text: "Lead inspector: Eleri Rhys, Care Inspectorate Wales"},
	{Kind: pdfgen.Subheading, Text: "Summary of findings"},
	{Kind: pdfgen.Para, Text: "Children in Glanmorfa do not consistently receive help and protection that is timely and proportionate to their needs. Leaders have recognised the scale of the challenge, but the pace of change has been too slow. High caseloads and a reliance on agency social workers mean that many children experience frequent changes of social worker, and plans for children are too often vague and out of date."},
	{Kind: pdfgen.Para, Text: "Inspectors found that the front door is not working well with partners. Referrals from the police and schools are not always shared promptly, and thresholds for intervention are applied inconsistently. Performance data is not used well enough by senior leaders to understand the quality of practice, and quality assurance activity has not led to sustained improvement."},
	{Kind: pdfgen.Subheading, Text: "Areas for improvement"},
	{Kind: pdfgen.Numbered, Text: "Reduce social worker caseloads and improve the stability of the workforce so that children do not experience frequent changes of social worker."},
	{Kind: pdfgen.Numbered, Text: "Improve the quality of care and support plans so that they are specific, measurable and reviewed when circumstances change."},
	{Kind: pdfgen.Numbered, Text: "Ensure that the views, wishes and feelings of children are recorded and inform planning and decision-making."},
	{Kind: pdfgen.Numbered, Text: "Strengthen multi-agency working at the front door, including the timely sharing of information by partner agencies."},
	{Kind: pdfgen.Numbered, Text: "Develop performance data and quality assurance arrangements that give leaders an accurate understanding of practice."},
	{Kind: pdfgen.Subheading, Text: "The local authority’s strengths"},
	{Kind: pdfgen.Bullet, Text: "Independent reviewing officers provide effective challenge and advocate well for children in care."},
	{Kind: pdfgen.Bullet, Text: "Care leavers are well supported by personal advisers who know them well."},
	{Kind: pdfgen.Bullet, Text: "Elected members are committed to improving services for children."},
	{Kind: pdfgen.Subheading, Text: "Help and protection"},
	{Kind: pdfgen.Para, Text: "When children are at immediate risk of harm, social workers respond quickly and strategy discussions are held promptly. However, assessments do not always consider the history of the family, and the voice of the child is not consistently evident in records. Managers should ensure that supervision is regular and reflective, and that decisions are clearly recorded on the child’s file."},
	{Kind: pdfgen.Para, Text: "The local authority must ensure that children who go missing from home receive a return home interview within 72 hours. Leaders need to improve the recruitment and retention of experienced social workers, as the vacancy rate in the child protection teams is 32 per cent. The council has committed an additional £1.8 million to the workforce strategy."},
	{Kind: pdfgen.Subheading, Text: "Children looked after"},
	{Kind: pdfgen.Para, Text: "Too many children live in residential placements at a distance from Glanmorfa, and the sufficiency strategy has not yet increased the number of local foster carers. Permanence planning is not always timely. The local authority should review its fostering recruitment campaign and improve support for special guardians."},
	{Kind: pdfgen.Para, Text: "Children’s health assessments are completed on time for most children, and the virtual school monitors the progress of children in care closely. Inspectors found that children are positive about their foster carers and that sibling groups are kept together wherever possible."},
}

// reportFlow is how the report is set: justified paragraphs whose words are
// placed by glyph positioning with no space characters, running headers and
// "Page N of M" footers, as some publishers' PDFs are.
var reportFlow = pdfgen.Flow{
	Header:  "Glanmorfa County Council: inspection of children’s services",
	Footer:  "Page %d of %d",
	Spacing: pdfgen.Kerned,
	Info:    map[string]string{"Title": "Inspection of Glanmorfa County Council children's services", "Author": "Care Inspectorate Wales"},
}
