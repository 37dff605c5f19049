package harvest

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// The kinds of source.
const (
	KindFeed    = "feed"    // an RSS or Atom feed
	KindSitemap = "sitemap" // a sitemap or sitemap index
	KindListing = "listing" // an HTML page whose links matching a pattern are documents
	KindDir     = "dir"     // a local folder
)

// File is a sources file.
type File struct {
	Sources []Source `toml:"source"`
	Alerts  Alerts   `toml:"alerts"`
}

// Alerts says where the digest of each sync goes.
type Alerts struct {
	Dir     string `toml:"dir"`     // folder for the Markdown and JSON digests (default DATA/digests)
	Webhook string `toml:"webhook"` // URL the JSON digest is POSTed to, if set
}

// Source is one place new documents come from, with the metadata its
// documents get and the limits kept when fetching from it.
type Source struct {
	Name      string `toml:"name"`
	Kind      string `toml:"kind"`
	URL       string `toml:"url"`  // feed, sitemap, listing
	Path      string `toml:"path"` // dir
	Publisher string `toml:"publisher"`
	DocType   string `toml:"doc_type"`
	Subject   string `toml:"subject"`
	// Link is a regular expression that document links must match (for a
	// listing the default is links to PDF files; for feeds and sitemaps it
	// narrows what they list).
	Link         string   `toml:"link"`
	Rate         float64  `toml:"rate"`          // requests per second (default 2)
	Concurrency  int      `toml:"concurrency"`   // requests at once (default 2)
	MaxSizeMB    int      `toml:"max_size_mb"`   // largest download (default 100)
	ContentTypes []string `toml:"content_types"` // allowed media types (default: PDF, HTML, XML, text, DOCX, ODT, RTF)
	Timeout      Duration `toml:"timeout"`       // for one request (default 60s)
	Retries      int      `toml:"retries"`       // after a network error or 5xx (default 3)
	// MaxDocuments is how many documents one run fetches from the source
	// (default 2000); the rest wait for the next run.
	MaxDocuments int `toml:"max_documents"`
	// Recheck asks the server about every link on every run (a conditional
	// GET), instead of trusting an unchanged date in the feed or sitemap.
	Recheck   bool   `toml:"recheck"`
	UserAgent string `toml:"user_agent"`
	// AllowPrivate lets a source on the internet link to addresses on the
	// local network (refused by default; a source that is itself on the
	// local network may always).
	AllowPrivate bool `toml:"allow_private"`

	link *regexp.Regexp
}

// Duration is a time.Duration written as "30s" or "2m".
type Duration struct{ time.Duration }

// UnmarshalText reads a duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("not a duration (like 30s or 2m): %q", b)
	}
	d.Duration = v
	return nil
}

// DefaultContentTypes are the media types fetched unless a source says otherwise.
var DefaultContentTypes = []string{"application/pdf", "text/html", "application/xhtml+xml", "text/plain",
	"text/markdown", "application/xml", "text/xml", "application/octet-stream",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.oasis.opendocument.text",
	"application/rtf", "text/rtf"}

// DefaultUserAgent names the harvester to the sites it visits.
const DefaultUserAgent = "scrutineer-sync/1 (+https://github.com/scrutineer/scrutineer)"

// ErrSources is a sources file that cannot be used; the message says where and why.
var ErrSources = errors.New("bad sources file")

// Load reads and checks a sources file.
func Load(path string) (*File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSources, err)
	}
	return Parse(path, raw)
}

// Parse checks a sources file's content; name is used in messages.
func Parse(name string, raw []byte) (*File, error) {
	var f File
	md, err := toml.Decode(string(raw), &f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrSources, name, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%w: %s: unknown setting %q", ErrSources, name, keys[0].String())
	}
	if len(f.Sources) == 0 {
		return nil, fmt.Errorf("%w: %s: no [[source]] given", ErrSources, name)
	}
	seen := map[string]bool{}
	for i := range f.Sources {
		s := &f.Sources[i]
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("%w: %s: source %d (%s): %v", ErrSources, name, i+1, s.Name, err)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("%w: %s: two sources named %q", ErrSources, name, s.Name)
		}
		seen[s.Name] = true
	}
	if f.Alerts.Webhook != "" {
		if err := checkURL(f.Alerts.Webhook); err != nil {
			return nil, fmt.Errorf("%w: %s: alerts webhook: %v", ErrSources, name, err)
		}
	}
	return &f, nil
}

// check validates a source and fills in its defaults.
func (s *Source) check() error {
	if strings.TrimSpace(s.Name) == "" {
		return errors.New("needs a name")
	}
	switch s.Kind {
	case KindDir:
		if s.Path == "" {
			return errors.New(`kind "dir" needs a path`)
		}
	case KindFeed, KindSitemap, KindListing:
		if err := checkURL(s.URL); err != nil {
			return err
		}
	default:
		return fmt.Errorf("kind %q is not one of feed, sitemap, listing, dir", s.Kind)
	}
	pattern := s.Link
	if pattern == "" && s.Kind == KindListing {
		pattern = `(?i)\.pdf([?#]|$)`
	}
	if pattern != "" {
		re, err := regexp.Compile(pattern)
		if err != nil {
			return fmt.Errorf("link pattern: %v", err)
		}
		s.link = re
	}
	if s.Rate <= 0 {
		s.Rate = 2
	}
	if s.Concurrency <= 0 {
		s.Concurrency = 2
	}
	s.Concurrency = min(s.Concurrency, 16)
	if s.MaxSizeMB <= 0 {
		s.MaxSizeMB = 100
	}
	if len(s.ContentTypes) == 0 {
		s.ContentTypes = DefaultContentTypes
	}
	if s.Timeout.Duration <= 0 {
		s.Timeout.Duration = 60 * time.Second
	}
	if s.Retries < 0 {
		s.Retries = 0
	} else if s.Retries == 0 {
		s.Retries = 3
	}
	if s.MaxDocuments <= 0 {
		s.MaxDocuments = 2000
	}
	if s.UserAgent == "" {
		s.UserAgent = DefaultUserAgent
	}
	return nil
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q is not an http(s) address", raw)
	}
	return nil
}

// Meta is the metadata every document of the source gets.
func (s *Source) Meta() map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{"publisher": s.Publisher, "doc_type": s.DocType, "subject": s.Subject} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}
