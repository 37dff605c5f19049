package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dates are found in running text, where a general date parser would guess:
// only the forms public bodies print are accepted ("16 April 2018",
// "17th October 2017", "April 16, 2018", "2018-04-16", "16/04/2018"), a
// month and year stays "YYYY-MM", and nothing is filled in.

const monthNames = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

var (
	dayMonthYear = `\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthNames + `\.?,?\s+\d{4}`
	monthDayYear = monthNames + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`
	isoDate      = `\d{4}-\d{2}-\d{2}`
	slashDate    = `\d{1,2}/\d{1,2}/\d{4}`
	dottedDate   = `\d{1,2}\.\d{1,2}\.\s?\d{4}` // "20.4. 2023", as coroners sign
	monthYear    = monthNames + `\s+\d{4}`
	anyDate      = `(` + dayMonthYear + `|` + monthDayYear + `|` + isoDate + `|` + slashDate + `)`

	// "First published: 16 April 2018", "Report published: 23 May 2014", "Date: 21 April 2023"
	labelledDate = regexp.MustCompile(`(?i)(?:first published|report published|published(?: on)?|publication date|date of publication|date of (?:this )?report|date of letter|dated|issued(?: on)?|date and signature|(?m:^)\s*date)\s*[:\-–|]?\s*(` +
		dayMonthYear + `|` + monthDayYear + `|` + isoDate + `|` + slashDate + `|` + monthYear + `)`)
	// "MINUTES of a meeting of the Kent County Council held in the Council Chamber ... on Thursday, 19 December 2024"
	meetingDate = regexp.MustCompile(`(?i)\bheld\b[^.]{0,160}?\bon\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?` + anyDate)
	signedDate  = regexp.MustCompile(`(?m)^(?:\d{1,2}\s+)?[A-Z][\pL.'’ -]{2,60},\s*(?i:` + anyDate + `)$`)
	// "in the Senedd at 3:24 pm on 14 February 2018"
	timedDate = regexp.MustCompile(`(?i)\bat\s+\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?\s+on\s+` + anyDate)
	// "CORPORATE PARENTING PANEL – 10th December 2024": a date that ends
	// the heading of the first line, after a dash or comma
	headingDate = regexp.MustCompile(`(?i)^[^\n]{3,120}?\s?[–—,-]\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?` + anyDate + `[ \t]*(?:\n|$)`)
	// "within 56 days of the date of this report, namely by 19th June 2023":
	// a coroner's report is dated the days before its reply is due
	replyDue = regexp.MustCompile(`(?i)within\s+(\d{1,3})\s+days\s+of\s+the\s+date\s+of\s+this\s+report,?\s+namely\s+by\s+(?:the\s+)?` + anyDate)
	// a date that opens a line at the end, in the forms above or dotted,
	// alone or after a form's box number and before the signature ("9
	// 20.4. 2023	Dr E A Didcock")
	tailLineDate = regexp.MustCompile(`(?im)^[ \t]*(?:\d{1,2}[ \t]+)?(` + dayMonthYear + `|` + slashDate + `|` + dottedDate + `)(?:[ \t][^\n]{0,80})?$`)
	dottedParts  = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.\s?(\d{4})$`)
	// a date standing alone on its line near the top
	lineDate   = regexp.MustCompile(`(?im)^[ \t]*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?` + anyDate + `[ \t]*$`)
	copyright  = regexp.MustCompile(`(?i)©\s*(?:crown|parliamentary)?\s*copyright\s*((?:19|20)\d{2})`)
	dateParts  = regexp.MustCompile(`(?i)^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthNames + `)\.?,?\s+(\d{4})$`)
	mdyParts   = regexp.MustCompile(`(?i)^(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$`)
	myParts    = regexp.MustCompile(`(?i)^(` + monthNames + `)\s+(\d{4})$`)
	slashParts = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

func monthNumber(name string) int {
	months := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	name = strings.ToLower(name)
	for i, m := range months {
		if strings.HasPrefix(name, m) {
			return i + 1
		}
	}
	return 0
}

// ParseDate turns one printed date into YYYY-MM-DD (or YYYY-MM for a month
// and year), or "" when it is not a real date.
func ParseDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var y, m, d int
	switch {
	case dateParts.MatchString(s):
		p := dateParts.FindStringSubmatch(s)
		d, _ = strconv.Atoi(p[1])
		m = monthNumber(p[2])
		y, _ = strconv.Atoi(p[3])
	case mdyParts.MatchString(s):
		p := mdyParts.FindStringSubmatch(s)
		m = monthNumber(p[1])
		d, _ = strconv.Atoi(p[2])
		y, _ = strconv.Atoi(p[3])
	case slashParts.MatchString(s) || dottedParts.MatchString(s): // UK order: day/month/year
		p := slashParts.FindStringSubmatch(s)
		if p == nil {
			p = dottedParts.FindStringSubmatch(s)
		}
		d, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		y, _ = strconv.Atoi(p[3])
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[5:7])
		d, _ = strconv.Atoi(s[8:])
	case myParts.MatchString(s):
		p := myParts.FindStringSubmatch(s)
		m = monthNumber(p[1])
		y, _ = strconv.Atoi(p[2])
		if y < 1900 || y > 2100 || m == 0 {
			return ""
		}
		return fmt.Sprintf("%04d-%02d", y, m)
	default:
		return ""
	}
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// findPublicationDate looks for the publication date: a labelled date, a
// debate's "at 3:24 pm on 14 February 2018", or a date alone on a line near
// the top, in that order.
func findPublicationDate(text string) string {
	head := text[:min(len(text), 6000)]
	for _, m := range labelledDate.FindAllStringSubmatch(head, 5) {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	if m := timedDate.FindStringSubmatch(head); m != nil {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	if m := headingDate.FindStringSubmatch(strings.TrimLeft(head, " \t\n\f")); m != nil {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	if m := meetingDate.FindStringSubmatch(head); m != nil {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	top := text[:min(len(text), 2500)]
	for _, m := range lineDate.FindAllStringSubmatch(top, 3) {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	// a dated signature at the end, as coroners' reports have: "9 Caroline Topping, 21st April 2023"
	tail := text[max(0, len(text)-4000):]
	for _, m := range signedDate.FindAllStringSubmatch(tail, 3) {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	for _, m := range labelledDate.FindAllStringSubmatch(tail, 5) {
		if d := ParseDate(m[1]); d != "" {
			return d
		}
	}
	end := text[max(0, len(text)-1500):]
	if ms := tailLineDate.FindAllStringSubmatch(end, -1); len(ms) > 0 {
		if d := ParseDate(ms[len(ms)-1][1]); d != "" {
			return d // the last: where a report is signed and dated
		}
	}
	if m := replyDue.FindStringSubmatch(text); m != nil {
		return daysBefore(m[2], m[1])
	}
	return ""
}

// daysBefore is the date n days before date (both as printed), or "".
func daysBefore(date, n string) string {
	d, err := time.Parse("2006-01-02", ParseDate(date))
	days, nerr := strconv.Atoi(n)
	if err != nil || nerr != nil {
		return ""
	}
	return d.AddDate(0, 0, -days).Format("2006-01-02")
}

// fallbackYear returns the year of a copyright line, the one date-like fact
// most publications print even when they print no date.
func fallbackYear(text string) string {
	if m := copyright.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}
