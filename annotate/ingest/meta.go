package ingest

import (
	"net/url"

	"golang.org/x/net/html"
)

// pageMeta is what a page says about itself in its markup.
type pageMeta struct{}

// readMeta reads the page's metadata before readability changes the tree.
func readMeta(doc *html.Node, base *url.URL) pageMeta { return pageMeta{} }

// apply fills in what d lacks from m.
func (m pageMeta) apply(d *Document) {}
