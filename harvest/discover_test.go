package harvest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

const rss = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Glanmorfa inspections</title>
<item><title>Inspection of Glanmorfa children's services</title><link>/reports/2019.html</link>
  <pubDate>Tue, 12 Mar 2019 09:00:00 GMT</pubDate></item>
<item><title>Focused visit</title><link>https://other.example/visit</link>
  <enclosure url="/files/visit.pdf" type="application/pdf" length="1000"/>
  <pubDate>Wed, 04 Aug 2021 09:00:00 GMT</pubDate></item>
<item><title>No link</title></item>
</channel></rss>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Statements</title><id>x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>Written statement</title><id>s1</id><link href="/statements/1"/>
  <updated>2024-01-02T10:00:00Z</updated><published>2024-01-01T10:00:00Z</published></entry>
</feed>`

const sitemapIndex = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/sitemap-1.xml</loc></sitemap></sitemapindex>`

const sitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>%[1]s/reports/a.pdf</loc><lastmod>2023-05-01</lastmod></url>
<url><loc>%[1]s/about</loc></url>
<url><loc>%[1]s/reports/b.pdf</loc><lastmod>2024-02-03T10:00:00+00:00</lastmod></url>
</urlset>`

const listing = `<html><body><h1>Reports</h1>
<a href="/files/2017.pdf">Download (PDF, 1 MB)</a>
<a href="files/2018.PDF?version=2#page=3">2018</a>
<a href="/files/2017.pdf">again</a>
<a href="/about.html">About</a>
<a href="javascript:alert(1)">x.pdf</a>
<a href="mailto:someone@example.org?subject=.pdf">mail</a>
</body></html>`

func feedServer(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	mux := http.NewServeMux()
	serve := func(path, ctype, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			if strings.Contains(body, "%") {
				body = fmt.Sprintf(body, srv.URL)
			}
			fmt.Fprint(w, body)
		})
	}
	serve("/rss", "application/rss+xml", rss)
	serve("/atom", "application/atom+xml", atom)
	serve("/sitemap.xml", "application/xml", sitemapIndex)
	serve("/sitemap-1.xml", "application/xml", sitemap)
	serve("/listing/", "text/html", listing)
	serve("/not-a-feed", "text/html", "<html>hello</html>")
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestDiscover(t *testing.T) {
	srv := feedServer(t)
	u := srv.URL
	cases := []struct {
		kind, path, link string
		want             []Link
	}{
		{KindFeed, "/rss", "", []Link{
			{URL: u + "/reports/2019.html", Title: "Inspection of Glanmorfa children's services", Date: "2019-03-12", Stamp: "Tue, 12 Mar 2019 09:00:00 GMT"},
			{URL: u + "/files/visit.pdf", Title: "Focused visit", Date: "2021-08-04", Stamp: "Wed, 04 Aug 2021 09:00:00 GMT"}}},
		{KindFeed, "/atom", "", []Link{
			{URL: u + "/statements/1", Title: "Written statement", Date: "2024-01-01", Stamp: "2024-01-02T10:00:00Z"}}},
		{KindSitemap, "/sitemap.xml", `/reports/`, []Link{
			{URL: u + "/reports/a.pdf", Date: "2023-05-01", Stamp: "2023-05-01"},
			{URL: u + "/reports/b.pdf", Date: "2024-02-03", Stamp: "2024-02-03T10:00:00+00:00"}}},
		{KindListing, "/listing/", "", []Link{
			{URL: u + "/files/2017.pdf"},
			{URL: u + "/listing/files/2018.PDF?version=2"}}},
	}
	for _, c := range cases {
		src := source(t, c.kind, u+c.path, func(s *Source) { s.Link = c.link })
		got, err := fetcher(t, src).Discover(context.Background(), Validators{})
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if fmt.Sprint(got.Links) != fmt.Sprint(c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.path, got.Links, c.want)
		}
	}
	src := source(t, KindFeed, u+"/not-a-feed", nil)
	if _, err := fetcher(t, src).Discover(context.Background(), Validators{}); err == nil || !strings.Contains(err.Error(), "not an RSS") {
		t.Errorf("an HTML page as a feed: got %v", err)
	}
}

func TestParseSources(t *testing.T) {
	good := `
[alerts]
dir = "/var/lib/scrutineer/digests"
webhook = "https://hooks.example/scrutineer"

[[source]]
name = "ofsted"
kind = "feed"
url = "https://example.org/feed.xml"
publisher = "Ofsted"
doc_type = "inspection_report"
rate = 0.5
timeout = "20s"

[[source]]
name = "reports"
kind = "dir"
path = "/srv/reports"
`
	f, err := Parse("good.toml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Sources[0]
	if s.Rate != 0.5 || s.Timeout.Seconds() != 20 || s.Concurrency != 2 || s.MaxSizeMB != 100 || s.Retries != 3 ||
		f.Alerts.Webhook == "" || s.Meta()["publisher"] != "Ofsted" || s.Meta()["doc_type"] != "inspection_report" {
		t.Errorf("settings or defaults wrong: %+v %+v", s, f.Alerts)
	}
	bad := map[string]string{
		"unknown setting":   "[[source]]\nname='a'\nkind='dir'\npath='/x'\nrat=2\n",
		"not one of":        "[[source]]\nname='a'\nkind='ftp'\nurl='ftp://x'\n",
		"not an http(s)":    "[[source]]\nname='a'\nkind='feed'\nurl='file:///etc/passwd'\n",
		"needs a path":      "[[source]]\nname='a'\nkind='dir'\n",
		"needs a name":      "[[source]]\nkind='dir'\npath='/x'\n",
		"link pattern":      "[[source]]\nname='a'\nkind='listing'\nurl='https://x.org/'\nlink='('\n",
		"two sources named": "[[source]]\nname='a'\nkind='dir'\npath='/x'\n[[source]]\nname='a'\nkind='dir'\npath='/y'\n",
		"no [[source]]":     "",
		"not a duration":    "[[source]]\nname='a'\nkind='dir'\npath='/x'\ntimeout='soon'\n",
		"bad.toml":          "[[source]\nname=",
		"alerts webhook":    "[alerts]\nwebhook='nope'\n[[source]]\nname='a'\nkind='dir'\npath='/x'\n",
	}
	for want, text := range bad {
		_, err := Parse("bad.toml", []byte(text))
		if !errors.Is(err, ErrSources) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error saying %q", text, err, want)
		}
	}
}

// The sources files the README and deploy/ show must parse.
func TestDocumentedSourcesFiles(t *testing.T) {
	if _, err := Load("../deploy/sources.example.toml"); err != nil {
		t.Error(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(readme), "```toml\n")
	if len(blocks) < 2 {
		t.Fatal("no TOML example in the README")
	}
	for _, b := range blocks[1:] {
		text, _, _ := strings.Cut(b, "```")
		if _, err := Parse("README.md", []byte(text)); err != nil {
			t.Errorf("README example: %v", err)
		}
	}
}
