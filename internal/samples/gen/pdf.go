package main

// ReportName is the file name of the generated inspection report.
const ReportName = "glanmorfa-inspection-2019.pdf"

// ReportPDF returns the bytes of the inspection report.
func ReportPDF() []byte { return reportFlow.Layout(report).Bytes() }
