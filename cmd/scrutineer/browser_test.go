package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/samples"
)

// serveSamples ingests the sample corpus and starts the real server on a
// free loopback port; it returns the base URL.
func serveSamples(t *testing.T) string {
	t.Helper()
	data, src := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, "ingest", "--data", data, src); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	return startServer(t, data)
}

// TestBrowser drives the real server in headless Chromium: search with a
// facet, open a document and see a recommendation marked in place, open
// the trace page and see the heatmap. Screenshots are kept in
// $SCRUTINEER_ARTEFACTS (default: a scrutineer-screenshots folder in the
// temp dir) to be looked at; they are not committed.
func TestBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run installs it")
		}
		t.Skip("no chromium")
	}
	base := serveSamples(t)
	shots := os.Getenv("SCRUTINEER_ARTEFACTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "scrutineer-screenshots")
	}
	os.MkdirAll(shots, 0o755)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	value := func(what string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// poll evaluates a script until it returns true. A click that follows
	// a link returns before the new page loads, and a script evaluated
	// while the page changes fails ("Inspected target navigated or
	// closed"), so such an error means "not yet" until the time is up.
	poll := func(what, script string) {
		t.Helper()
		var err error
		for i := 0; i < 200; i++ {
			var ok bool
			if ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](script)); err == nil && ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: not so after 10 s (last error: %v)", what, err)
	}
	// waitFor polls for an element: the page is rendered by the server,
	// so it is there once the document has loaded.
	waitFor := func(sel string) {
		t.Helper()
		poll(sel+" appears", `document.querySelectorAll(`+"`"+sel+"`"+`).length > 0`)
	}
	step("search", chromedp.Navigate(base+"?q=caseloads"))
	waitFor(".hit")
	step("facet", chromedp.Click(`a[href*="kind=recommendation"]`))
	poll("the facet's page loads", `location.href.includes("kind=recommendation") && document.readyState == "complete"`)
	waitFor(".hit")
	loc := value("location", chromedp.Location())
	hits := value("hits", chromedp.Evaluate[string](`String(document.querySelectorAll(".hit").length)`))
	shot("search.png")
	step("document", chromedp.Click(`.hit a`))
	waitFor("mark.recommendation")
	marks := value("marks", chromedp.Evaluate[string](`String(document.querySelectorAll("mark.recommendation .label").length)`))
	shot("document.png")
	step("trace", chromedp.Navigate(base+"trace"))
	waitFor("table.heat")
	cells := value("cells", chromedp.Evaluate[string](`String(document.querySelectorAll("table.heat td a").length)`))
	shot("trace.png")

	// paging: the page's next link, then back
	step("a search of many results", chromedp.Navigate(base+"?q=council&limit=2"))
	waitFor(".hit")
	first := value("first page", chromedp.Evaluate[string](`document.querySelector(".hit a").href`))
	value("next page", chromedp.Evaluate[string](`document.querySelector("a[rel=next]").click() || "clicked"`))
	poll("page 2 loads", `location.href.includes("offset=2") && document.readyState == "complete" && document.querySelectorAll(".hit").length > 0`)
	second := value("second page", chromedp.Evaluate[string](`document.querySelector(".hit a").href + "|" + document.body.innerText.includes("page 2")`))
	value("previous page", chromedp.Evaluate[string](`document.querySelector("a[rel=prev]").click() || "clicked"`))
	poll("page 1 again", `location.href.includes("offset=0") && document.readyState == "complete"`)
	if strings.HasPrefix(second, first+"|") || !strings.HasSuffix(second, "|true") {
		t.Errorf("paging: page 1 starts %s, page 2 %s", first, second)
	}

	// all the words, and the page says how it read them
	step("two words", chromedp.Navigate(base+"?q=care+leavers"))
	waitFor("p.read")
	read := value("reading", chromedp.Evaluate[string](`document.querySelector("p.read").innerText`))
	if !strings.Contains(read, "care AND leavers") {
		t.Errorf("the page should say how it read the words: %q", read)
	}

	// a filter by part of a name, shown as a tag that removes it
	step("a subject by part of its name", chromedp.Navigate(base+"?q=caseloads&subject=glanmorfa"))
	waitFor(".tags a")
	filtered := value("filtered hits", chromedp.Evaluate[string](`String(document.querySelectorAll(".hit").length)`))
	value("remove the filter", chromedp.Evaluate[string](`document.querySelector(".tags a").click() || "clicked"`))
	poll("the filter is gone", `!location.href.includes("subject=") && document.readyState == "complete" && document.querySelectorAll(".hit").length > 0`)
	if filtered == "0" {
		t.Error("a subject by part of its name found nothing")
	}

	// a heatmap cell lists exactly what it counts
	step("trace again", chromedp.Navigate(base+"trace?concerns=1"))
	waitFor("table.heat td a")
	want := value("a cell's count", chromedp.Evaluate[string](`[...document.querySelectorAll("table.heat td a")].find(a => a.innerText.trim() != "").innerText.trim()`))
	pickers := value("pickers", chromedp.Evaluate[string](`String(document.querySelectorAll("datalist#subjects option").length)`))
	value("open the cell", chromedp.Evaluate[string](`[...document.querySelectorAll("table.heat td a")].find(a => a.innerText.trim() != "").click() || "clicked"`))
	poll("the cell's list loads", `location.pathname == "/" && document.readyState == "complete" && document.body.innerText.includes("results")`)
	got := value("the list's count", chromedp.Evaluate[string](`(document.body.innerText.match(/(\d+) results/) || [])[1] || ""`))
	if got != want || pickers == "0" {
		t.Errorf("the cell counts %s, its list has %s results; %s subjects to pick", want, got, pickers)
	}
	if !strings.Contains(loc, "kind=recommendation") || hits == "0" {
		t.Errorf("facet: at %s with %s hits", loc, hits)
	}
	if marks == "0" {
		t.Error("no recommendation marked on the document page")
	}
	if cells == "0" {
		t.Error("no heatmap cells")
	}
	t.Logf("screenshots in %s", shots)
}
