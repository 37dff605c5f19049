package harvest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// Link is one document a source lists.
type Link struct {
	URL   string
	Title string // as the listing gives it, or ""
	Date  string // publication date YYYY-MM-DD from the listing, or ""
	// Stamp is the listing's own word on the version (a feed entry's
	// updated time, a sitemap's lastmod): when it has not changed since the
	// last run, the document is not fetched again.
	Stamp string
}

// Listing is what a source lists now.
type Listing struct {
	Links       []Link
	NotModified bool // the listing itself has not changed since the last run
	Validators  Validators
	Dropped     int // links past MaxLinks
}

// MaxLinks bounds the links taken from one listing, so a hostile or broken
// one cannot exhaust memory.
const MaxLinks = 200_000

// maxSitemaps bounds how many child sitemaps a sitemap index may send us to.
const maxSitemaps = 50

// Discover fetches a source's listing (conditionally, with the validators
// of the last run) and returns the document links in it.
func (f *Fetcher) Discover(ctx context.Context, v Validators) (*Listing, error) {
	resp, err := f.getListing(ctx, f.src.URL, v)
	if err != nil {
		return nil, err
	}
	out := &Listing{Validators: resp.Validators, NotModified: resp.NotModified}
	if resp.NotModified {
		return out, nil
	}
	var links []Link
	switch f.src.Kind {
	case KindFeed:
		links, err = feedLinks(resp.Body, resp.URL)
	case KindSitemap:
		links, err = f.sitemapLinks(ctx, resp.Body, 0)
	case KindListing:
		links, err = listingLinks(resp.Body, resp.URL)
	default:
		err = fmt.Errorf("kind %q has no listing", f.src.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("read listing %s: %w", f.src.URL, err)
	}
	seen := map[string]bool{}
	for _, l := range links {
		if seen[l.URL] || checkURL(l.URL) != nil || (f.src.link != nil && !f.src.link.MatchString(l.URL)) {
			continue
		}
		seen[l.URL] = true
		if len(out.Links) == MaxLinks {
			out.Dropped++
			continue
		}
		out.Links = append(out.Links, l)
	}
	return out, nil
}

// getListing fetches a listing, which is XML or HTML whatever the source's
// document types.
func (f *Fetcher) getListing(ctx context.Context, u string, v Validators) (*Response, error) {
	lf := *f
	lf.src.ContentTypes = append([]string{"application/rss+xml", "application/atom+xml", "application/feed+json",
		"application/json", "application/xml", "text/xml", "text/html", "application/xhtml+xml", "text/plain",
		"application/octet-stream"}, f.src.ContentTypes...)
	return lf.Get(ctx, u, v)
}

func feedLinks(body []byte, base string) ([]Link, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("not an RSS, Atom or JSON feed: %w", err)
	}
	var out []Link
	for _, it := range feed.Items {
		l := Link{Title: strings.TrimSpace(it.Title)}
		if u := documentEnclosure(it); u != "" {
			l.URL = u
		} else {
			l.URL = it.Link
		}
		if strings.TrimSpace(l.URL) == "" {
			continue // an entry without a link is news, not a document
		}
		l.URL = resolve(base, l.URL)
		if l.URL == "" {
			continue
		}
		switch {
		case it.PublishedParsed != nil:
			l.Date = it.PublishedParsed.UTC().Format(time.DateOnly)
		case it.UpdatedParsed != nil:
			l.Date = it.UpdatedParsed.UTC().Format(time.DateOnly)
		}
		l.Stamp = it.Updated
		if l.Stamp == "" {
			l.Stamp = it.Published
		}
		out = append(out, l)
	}
	return out, nil
}

// documentEnclosure is an entry's attached document (a PDF), if it has one.
func documentEnclosure(it *gofeed.Item) string {
	for _, e := range it.Enclosures {
		if e != nil && (strings.Contains(e.Type, "pdf") || strings.HasSuffix(strings.ToLower(e.URL), ".pdf")) {
			return e.URL
		}
	}
	return ""
}

type sitemapXML struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

func (f *Fetcher) sitemapLinks(ctx context.Context, body []byte, depth int) ([]Link, error) {
	var sm sitemapXML
	if err := xml.Unmarshal(body, &sm); err != nil {
		return nil, fmt.Errorf("not a sitemap: %w", err)
	}
	if sm.XMLName.Local != "urlset" && sm.XMLName.Local != "sitemapindex" {
		return nil, fmt.Errorf("not a sitemap: the root element is <%s>", sm.XMLName.Local)
	}
	var out []Link
	for _, u := range sm.URLs {
		l := Link{URL: strings.TrimSpace(u.Loc), Stamp: strings.TrimSpace(u.LastMod)}
		if len(l.Stamp) >= 10 {
			if _, err := time.Parse(time.DateOnly, l.Stamp[:10]); err == nil {
				l.Date = l.Stamp[:10]
			}
		}
		out = append(out, l)
	}
	if depth > 0 && len(sm.Sitemaps) > 0 {
		return out, errors.New("a sitemap index inside a sitemap index")
	}
	for i, child := range sm.Sitemaps {
		if i == maxSitemaps {
			break
		}
		resp, err := f.getListing(ctx, strings.TrimSpace(child.Loc), Validators{})
		if err != nil {
			return out, err
		}
		links, err := f.sitemapLinks(ctx, resp.Body, depth+1)
		if err != nil {
			return out, err
		}
		out = append(out, links...)
	}
	return out, nil
}

// listingLinks returns every link of an HTML page with its text.
func listingLinks(body []byte, base string) ([]Link, error) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("not an HTML page: %w", err)
	}
	var out []Link
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" {
					if u := resolve(base, a.Val); u != "" {
						out = append(out, Link{URL: u}) // link texts ("Download", "PDF, 2 MB") make poor titles
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
	}
	visit(root, 0)
	return out, nil
}

// resolve makes href absolute against base, dropping the fragment; it
// returns "" for what is not an http(s) address.
func resolve(base, href string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	u, err := b.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
