package harvest

import (
	"context"
	"testing"
)

// FuzzListing feeds arbitrary bytes to the feed, sitemap and listing-page
// parsers, which read what any web server sends: none may panic or hang.
func FuzzListing(f *testing.F) {
	for _, seed := range []string{rss, atom, sitemap, sitemapIndex, listing, "", "<", "<urlset><url><loc>", "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"url\":\"/x\"}]}"} {
		f.Add([]byte(seed))
	}
	fetch := &Fetcher{src: Source{MaxDocuments: 10}}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = feedLinks(data, "https://example.org/feed")
		_, _ = listingLinks(data, "https://example.org/list/")
		_, _ = fetch.sitemapLinks(context.Background(), data, 1) // depth 1: never fetches
	})
}
