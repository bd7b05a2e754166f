#!/usr/bin/env python3
"""Proves that a site built by annals is complete and self-contained.

Usage: python3 tests/site_crawl.py [--verbose] SITE_DIR

Starting at SITE_DIR/index.html it follows every link breadth-first and checks:

- every internal reference (href, src, srcset, action, data, poster, CSS url() and
  @import, a refresh target) is relative, stays inside SITE_DIR and names an existing
  file, not a folder: the site must work from file:// and under any path prefix;
- every #fragment names an id (or <a name>) in its target page;
- nothing leaves the site except <a href> to http, https or mailto URLs (the archive's
  sources) and <link rel=canonical|alternate> to http or https URLs;
- every page is reachable from index.html (404.html, redirect pages and pages marked
  noindex, such as withdrawn ones, excepted), is a folder's index.html, has a lang, one
  non-empty <title> unique across the site, one <h1> (redirect pages: only the title),
  and no id twice;
- sitemap.xml, when present, lists exactly the reachable pages' locations (itself, or
  through the parts it lists when it is a sitemap index);
- manifest-sha256.txt, when present, lists every file with its right SHA-256.

Exit status: 0 when the site is sound (a summary line on stdout), 1 with every problem
printed to stderr as 'SITE_DIR/path: error: message' followed by a count, 2 for a usage
error or a file that cannot be read. --verbose lists the external links on stdout.
Standard library only.
"""

import hashlib
import os
import posixpath
import re
import sys
import xml.etree.ElementTree as ElementTree
from collections import deque
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

START_PAGE = "index.html"
NOT_FOUND_PAGE = "404.html"
SITEMAP = "sitemap.xml"
MANIFEST = "manifest-sha256.txt"

# Attributes holding one URL, on whatever element they appear. srcset, style and the
# refresh <meta> hold URLs inside other text and are read apart. `cite` is left out on
# purpose: a browser never loads it, so it cannot break the site.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster")

# The only schemes that may leave the site, by kind of reference (see may_leave()).
CONTENT_SCHEMES = ("http", "https", "mailto")
DECLARED_SCHEMES = ("http", "https")


class Reference:
    """One URL found in a file, with what is needed to judge and report it."""

    def __init__(self, line, where, url, may_leave=None, navigates=False):
        self.line = line
        self.where = where  # how the problem message shows it, e.g. <a href="x">
        self.url = url
        # None: must stay in the site; "content": an <a href> to the archive's
        # sources; "declared": a <link rel=canonical|alternate> naming the site's
        # public address or feed.
        self.may_leave = may_leave
        self.navigates = navigates  # the crawl follows it to reach pages


class Page:
    """What the checks need to know about one HTML file."""

    def __init__(self, path):
        self.path = path  # relative to the site, with '/' separators
        self.lang = None  # None when <html> has no lang attribute
        self.title_texts = []
        self.title_lines = []
        self.h1_lines = []
        self.id_lines = {}  # id -> lines where it appears, in order
        self.anchor_names = set()  # <a name>: old-style fragment targets
        self.references = []
        self.is_redirect = False
        self.is_unlisted = False  # <meta name="robots" content="noindex">: a withdrawn page
        self.problems = []  # (line, message) found while parsing

    def has_fragment(self, fragment):
        return fragment in self.id_lines or fragment in self.anchor_names


class PageParser(HTMLParser):
    """Fills a Page from its HTML. Attribute values arrive with entities decoded."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        # Inline SVG has <title> elements of its own; they are not the page's title.
        self.svg_depth = 0
        self.title_parts = None  # collecting the text of the page's <title>
        self.style_parts = None  # collecting the text of a <style> element
        self.style_line = 0

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        attributes = first_of_each(attrs)
        if tag == "svg":
            self.svg_depth += 1
        elif tag == "html":
            self.page.lang = attributes.get("lang")
        elif tag == "title" and self.svg_depth == 0:
            self.page.title_lines.append(line)
            self.title_parts = []
        elif tag == "h1":
            self.page.h1_lines.append(line)
        elif tag == "style":
            self.style_parts, self.style_line = [], line
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.read_refresh(line, attributes.get("content") or "")
        elif tag == "meta" and (attributes.get("name") or "").lower() == "robots":
            self.page.is_unlisted = "noindex" in (attributes.get("content") or "").lower()
        if tag == "a" and attributes.get("name"):
            self.page.anchor_names.add(attributes["name"])
        if attributes.get("id") is not None:
            self.page.id_lines.setdefault(attributes["id"], []).append(line)
        self.read_references(tag, attributes, line)

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_depth > 0:
            self.svg_depth -= 1
        elif tag == "title" and self.title_parts is not None:
            self.page.title_texts.append(" ".join("".join(self.title_parts).split()))
            self.title_parts = None
        elif tag == "style" and self.style_parts is not None:
            for line, url, form in css_urls("".join(self.style_parts), self.style_line):
                self.page.references.append(Reference(line, form + " in <style>", url))
            self.style_parts = None

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.style_parts is not None:
            self.style_parts.append(data)

    def read_references(self, tag, attributes, line):
        add = self.page.references.append
        for name in URL_ATTRIBUTES:
            url = attributes.get(name)
            if url is not None:
                navigates = name == "href" and tag in ("a", "area", "link")
                add(Reference(line, f'<{tag} {name}="{url}">', url,
                              may_leave(tag, name, attributes), navigates))
        for url in srcset_urls(attributes.get("srcset") or ""):
            add(Reference(line, f'<{tag} srcset="{url}">', url))
        for _, url, form in css_urls(attributes.get("style") or "", line):
            add(Reference(line, f"{form} in <{tag} style>", url))

    def read_refresh(self, line, content):
        """<meta http-equiv=refresh content="0; url=target">: the page is a redirect."""
        self.page.is_redirect = True
        _, _, rest = content.partition(";")
        match = re.match(r"\s*url\s*=\s*(['\"]?)(.*?)\1\s*$", rest, re.IGNORECASE | re.DOTALL)
        if match and match.group(2):
            url = match.group(2)
            self.page.references.append(Reference(
                line, f'<meta http-equiv="refresh"> to "{url}"', url, navigates=True))
        else:
            self.page.problems.append((line, '<meta http-equiv="refresh"> has no url'))


def first_of_each(attrs):
    """Attributes as a dict; as in browsers, the first of a repeated attribute wins."""
    attributes = {}
    for name, value in attrs:
        attributes.setdefault(name, value)
    return attributes


def may_leave(tag, attribute, attributes):
    if tag == "a" and attribute == "href":
        return "content"
    rel = (attributes.get("rel") or "").lower().split()
    # rel="alternate stylesheet" loads a stylesheet: that must come from the site.
    if tag == "link" and ("canonical" in rel or "alternate" in rel) and "stylesheet" not in rel:
        return "declared"
    return None


def srcset_urls(srcset):
    """The URLs of 'a.png 1x, b.png 2x' (each candidate: a URL, then a descriptor)."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.split()]


CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def css_urls(css, first_line):
    """(line, url, how to show it) for every url(...) and @import "..." in CSS text."""
    # Comments become blank lines of the same count, so later line numbers stay right.
    css = CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    found = []
    for match in CSS_URL.finditer(css):
        line = first_line + css.count("\n", 0, match.start())
        quoted_url, quoted_url2, bare_url, imported, imported2 = match.groups()
        if match.group(0).lower().startswith("url("):
            url = next(u for u in (quoted_url, quoted_url2, bare_url) if u is not None)
            found.append((line, url, f"url({url})"))
        else:
            url = imported if imported is not None else imported2
            found.append((line, url, f'@import "{url}"'))
    return found


class Site:
    """The files of the built site, as paths relative to its folder."""

    def __init__(self, folder):
        self.folder = folder  # as given on the command line; prefixes every message
        self.files = set()
        self.folders = {""}
        for directory, subfolders, filenames in os.walk(folder):
            relative = os.path.relpath(directory, folder).replace(os.sep, "/")
            relative = "" if relative == "." else relative
            for name in subfolders:
                self.folders.add(posixpath.join(relative, name))
            for name in filenames:
                self.files.add(posixpath.join(relative, name))

    def real_path(self, path):
        return os.path.join(self.folder, *path.split("/"))


def is_dot_path(path):
    """Files such as .annals-output are the generator's bookkeeping, not the site."""
    return any(part.startswith(".") for part in path.split("/"))


class Report:
    """The problems found and the counts for the summary line."""

    def __init__(self, site):
        self.site = site
        self.problems = set()  # (path, line, message); line 0 when there is none
        self.internal_links = 0
        self.fragments = 0
        self.external_links = {}  # url -> the pages linking to it
        self.base = ""  # the site's public address, from the sitemap; "" when relative

    def problem(self, path, message, line=0):
        self.problems.add((path, line, message))

    def lines(self):
        return [
            f"{self.site.real_path(path)}: error: {message}" + (f" (line {line})" if line else "")
            for path, line, message in sorted(self.problems)
        ]


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ---------------------------------------------------------------------------------
# References


def resolve(folder, path):
    """The site path that `path` names from `folder`; None when it climbs above the
    site's root, even if only on the way (a/../../site/x is as broken as ../x)."""
    segments = folder.split("/") if folder else []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                return None
            segments.pop()
        else:
            segments.append(segment)
    return "/".join(segments)


def is_javascript(url):
    # Browsers drop tabs and newlines anywhere in a URL, so "java\tscript:" still runs.
    return re.sub(r"[\t\n\r]", "", url).lower().startswith("javascript:")


def check_reference(report, pages, source, reference, links_to_pages):
    """Checks one reference of the file `source`; adds the pages it leads to."""
    url = reference.url.strip()  # as browsers do with attribute URLs
    where, line = reference.where, reference.line
    if is_javascript(url):
        report.problem(source, f"{where} is a javascript: URL", line)
        return
    parts = urlsplit(url)
    if source == NOT_FOUND_PAGE and report.base and url.startswith(report.base):
        # A server shows 404.html at any address, so relative links would break there;
        # annals makes them absolute under the site's own address when it has one.
        target = sitemap_page(report.site, url[len(report.base):])
        if target is None or target not in report.site.files:
            report.problem(source, f"{where} is not a file of the site", line)
    elif parts.scheme or url.startswith("//"):
        check_external(report, source, reference, url, parts.scheme.lower())
    elif url.startswith("/"):
        report.problem(source, f"{where} is an absolute path; internal links must be relative",
                       line)
    else:
        target = check_internal(report, pages, source, reference, parts)
        if target in pages and reference.navigates:
            links_to_pages.add(target)


def check_external(report, source, reference, url, scheme):
    where, line = reference.where, reference.line
    if reference.may_leave is None:
        report.problem(source, f"{where} points outside the site; only <a href> links may",
                       line)
    elif url.startswith("//"):
        report.problem(source, f"{where} has no scheme; write https: "
                               "(a scheme-relative URL breaks from file://)", line)
    elif reference.may_leave == "content" and scheme in CONTENT_SCHEMES:
        report.external_links.setdefault(url, set()).add(source)
    elif reference.may_leave == "declared" and scheme in DECLARED_SCHEMES:
        pass  # the site's own public address or feed, not content
    else:
        allowed = CONTENT_SCHEMES if reference.may_leave == "content" else DECLARED_SCHEMES
        report.problem(source, f"{where} points outside the site with a {scheme}: URL; only "
                               f"{', '.join(allowed[:-1])} and {allowed[-1]} may", line)


def check_internal(report, pages, source, reference, parts):
    """Checks a relative reference; returns the site path of its target, or None."""
    where, line = reference.where, reference.line
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path == "":
        target = source  # "#x", "?q" and "" all mean this same file
    else:
        target = resolve(posixpath.dirname(source), path)
        if target is None:
            report.problem(source, f"{where} climbs above the site root", line)
            return None
        if target not in report.site.files or path.endswith("/"):
            report_missing_file(report, source, reference, parts.path, target)
            return None
    report.internal_links += 1
    if fragment and target in pages:
        if pages[target].has_fragment(fragment):
            report.fragments += 1
        else:
            owner = "this page" if target == source else f"'{target}'"
            report.problem(source, f"{where} points to a missing fragment: "
                                   f"{owner} has no id '{fragment}'", line)
    return target


def report_missing_file(report, source, reference, url_path, target):
    where, line = reference.where, reference.line
    if target in report.site.folders:
        # A web server would answer with the folder's index.html; file:// would not.
        index = posixpath.join(target, START_PAGE)
        if index in report.site.files:
            suggestion = url_path.rstrip("/") + "/" + START_PAGE
            report.problem(source, f"{where} points to the folder '{target or '.'}'; link to "
                                   f"'{suggestion}' (folder links break from file://)", line)
        else:
            report.problem(source, f"{where} points to the folder '{target or '.'}', "
                                   f"not a file", line)
    else:
        report.problem(source, f"{where} points to a missing file '{target}'", line)


# ---------------------------------------------------------------------------------
# Pages


def read_page(report, path):
    page = Page(path)
    raw = open(report.site.real_path(path), "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        report.problem(path, f"is not valid UTF-8 (byte {error.start})")
        text = raw.decode("utf-8", errors="replace")
    parser = PageParser(page)
    parser.feed(text)
    parser.close()
    for line, message in page.problems:
        report.problem(path, message, line)
    return page


def check_page_rules(report, page):
    """The rules that hold for one page on its own."""
    path = page.path
    if not page.is_redirect and posixpath.basename(path) != START_PAGE and path != NOT_FOUND_PAGE:
        report.problem(path, f"a page must be a folder's {START_PAGE} (or the root {NOT_FOUND_PAGE})")
    if page.lang is None:
        report.problem(path, "<html> has no lang attribute")
    elif not page.lang.strip():
        report.problem(path, "<html lang> is empty")
    check_exactly_one(report, path, "title", page.title_lines)
    if len(page.title_texts) == 1 and not page.title_texts[0]:
        report.problem(path, "<title> is empty", page.title_lines[0])
    if not page.is_redirect:
        check_exactly_one(report, path, "h1", page.h1_lines)
    for identifier, lines in page.id_lines.items():
        for line in lines[1:]:
            report.problem(path, f"duplicate id '{identifier}', first used on line {lines[0]}",
                           line)


def check_exactly_one(report, path, tag, lines):
    if not lines:
        report.problem(path, f"has no <{tag}> element")
    elif len(lines) > 1:
        on_lines = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
        report.problem(path, f"has {len(lines)} <{tag}> elements, on lines {on_lines}; "
                             f"a page needs exactly one")


def check_unique_titles(report, pages):
    """Each title names one page; redirect pages borrow their target's title, so they
    are left out."""
    first_page_with = {}
    for path in sorted(pages):
        page = pages[path]
        if page.is_redirect or len(page.title_texts) != 1 or not page.title_texts[0]:
            continue
        title = page.title_texts[0]
        if title in first_page_with:
            report.problem(path, f"duplicate title '{title}' (also on {first_page_with[title]})",
                           page.title_lines[0])
        else:
            first_page_with[title] = path


def crawl(links_by_page):
    """The pages reachable from index.html, breadth-first."""
    reached, queue = {START_PAGE}, deque([START_PAGE])
    while queue:
        for target in sorted(links_by_page.get(queue.popleft(), ())):
            if target not in reached:
                reached.add(target)
                queue.append(target)
    return reached


def check_reachability(report, pages, reached):
    for path, page in pages.items():
        if path not in reached and path != NOT_FOUND_PAGE and not (page.is_redirect or page.is_unlisted):
            report.problem(path, f"orphan page: no link reaches it from {START_PAGE}")


# ---------------------------------------------------------------------------------
# sitemap.xml and manifest-sha256.txt


def local_name(element):
    # Tags arrive as {namespace}loc; only the local name matters.
    return element.tag.rsplit("}", 1)[-1]


def sitemap_locs(report):
    """The sitemap's page locations, all (as (the file listing it, location)) and the
    absolute ones, through a sitemap index to its parts (sitemap.xml of a site of more
    than 50,000 pages); a part that is missing or not well-formed is reported. None when
    sitemap.xml is not well-formed."""
    def parse(path):
        try:
            return ElementTree.parse(report.site.real_path(path)).getroot()
        except ElementTree.ParseError as error:
            report.problem(path, f"is not well-formed XML: {error}")
            return None

    def locs_of(root):
        return [(element.text or "").strip() for element in root.iter()
                if local_name(element) == "loc"]

    def absolute_of(locs):
        return [loc for loc in locs if urlsplit(loc).scheme or loc.startswith("//")]

    root = parse(SITEMAP)
    if root is None:
        return None, []
    if local_name(root) != "sitemapindex":
        locs = locs_of(root)
        return [(SITEMAP, loc) for loc in locs], absolute_of(locs)
    parts = locs_of(root)
    absolute = absolute_of(parts)
    base = sitemap_base(absolute)
    locs = []
    for loc in parts:
        part = resolve("", unquote(urlsplit(loc[len(base):] if loc in absolute else loc).path))
        if part is None or part not in report.site.files:
            report.problem(SITEMAP, f"<loc>{loc}</loc> is not a sitemap of the site")
            continue
        part_root = parse(part)
        if part_root is not None:
            locs += [(part, loc) for loc in locs_of(part_root)]
    return locs, absolute_of([loc for _, loc in locs])


def check_sitemap(report, pages, reached):
    if SITEMAP not in report.site.files:
        return
    locs, absolute = sitemap_locs(report)
    if locs is None:
        return
    base = sitemap_base(absolute)
    listed = set()
    absolute = set(absolute)
    for source, loc in locs:
        relative = loc[len(base):] if loc in absolute else loc
        page = sitemap_page(report.site, relative)
        if page in pages:
            listed.add(page)
        else:
            looked_for = f" (looked for '{page}')" if page is not None else ""
            report.problem(source, f"<loc>{loc}</loc> is not a page of the site{looked_for}")
    for path in sorted(reached):
        if (path != NOT_FOUND_PAGE and not pages[path].is_redirect and not pages[path].is_unlisted
                and path not in listed):
            report.problem(SITEMAP, f"does not list the page '{path}'")


def sitemap_base(absolute_locs):
    """The site's public address: what all absolute locs share, up to a '/', and never
    less than the scheme and host."""
    if not absolute_locs:
        return ""
    prefix = os.path.commonprefix(absolute_locs)
    prefix = prefix[:prefix.rfind("/") + 1]
    first = urlsplit(absolute_locs[0])
    origin = f"{first.scheme}://{first.netloc}" if first.scheme else f"//{first.netloc}"
    return prefix if len(prefix) > len(origin) else origin


def sitemap_page(site, relative_url):
    """The page a sitemap location names, relative to the root; crawlers fetch it over
    HTTP, so a folder stands for its index.html here. None if it climbs out."""
    path = resolve("", unquote(urlsplit(relative_url).path))
    if path is not None and (path in site.folders or relative_url.endswith("/")):
        path = posixpath.join(path, START_PAGE)
    return path


MANIFEST_LINE = re.compile(r"([0-9a-f]{64})  (.+)")


def check_manifest(report):
    """sha256sum format, sorted by path, every file but itself and dot-files."""
    site = report.site
    if MANIFEST not in site.files:
        return
    must_list = {path for path in site.files if path != MANIFEST and not is_dot_path(path)}
    text = open(site.real_path(MANIFEST), "rb").read().decode("utf-8", errors="replace")
    listed, previous = set(), None
    for number, line in enumerate(text.splitlines(), start=1):
        match = MANIFEST_LINE.fullmatch(line)
        if not match:
            report.problem(MANIFEST, "is not '<sha256>  <path>'", number)
            continue
        digest, path = match.groups()
        if previous is not None and path <= previous:
            order = "listed twice" if path == previous else f"out of order (after '{previous}')"
            report.problem(MANIFEST, f"'{path}' is {order}", number)
        previous = path
        listed.add(path)
        if path in must_list:
            if sha256_of(site.real_path(path)) != digest:
                report.problem(MANIFEST, f"wrong SHA-256 for '{path}'", number)
        elif path in site.files:
            report.problem(MANIFEST, f"lists '{path}', which it must leave out "
                                     "(itself and dot-files)", number)
        else:
            report.problem(MANIFEST, f"lists '{path}', which is not in the site", number)
    for path in sorted(must_list - listed):
        report.problem(MANIFEST, f"does not list '{path}'")


def sha256_of(real_path):
    digest = hashlib.sha256()
    with open(real_path, "rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------


def check_site(site):
    """Runs every check; returns the report and the pages reachable from index.html."""
    report = Report(site)
    page_paths = sorted(p for p in site.files if p.endswith(".html") and not is_dot_path(p))
    pages = {path: read_page(report, path) for path in page_paths}
    stylesheets = sorted(p for p in site.files if p.endswith(".css") and not is_dot_path(p))

    report.base = sitemap_base(sitemap_locs(report)[1]) if SITEMAP in site.files else ""
    links_by_page = {}
    for path, page in pages.items():
        check_page_rules(report, page)
        links = links_by_page.setdefault(path, set())
        for reference in page.references:
            check_reference(report, pages, path, reference, links)
    for path in stylesheets:
        css = open(site.real_path(path), "rb").read().decode("utf-8", errors="replace")
        for line, url, form in css_urls(css, 1):
            check_reference(report, pages, path, Reference(line, form, url), set())
    check_unique_titles(report, pages)

    if NOT_FOUND_PAGE not in pages:
        report.problem(NOT_FOUND_PAGE, "missing; the site needs a 404 page")
    reached = set()
    if START_PAGE in pages:
        reached = crawl(links_by_page)
        check_reachability(report, pages, reached)
    else:
        # Without a start every page would be an orphan: one problem says it all.
        report.problem(START_PAGE, "missing; the crawl starts here")
    check_sitemap(report, pages, reached)
    check_manifest(report)
    return report, reached


def print_external_links(report):
    for url in sorted(report.external_links):
        pages = sorted(report.external_links[url])
        others = f" and {plural(len(pages) - 1, 'other page')}" if len(pages) > 1 else ""
        print(f"external: {url} (from {pages[0]}{others})")


def main(arguments):
    verbose = "--verbose" in arguments
    folders = [a for a in arguments if a != "--verbose"]
    if len(folders) != 1 or folders[0].startswith("-"):
        print("usage: site_crawl.py [--verbose] SITE_DIR", file=sys.stderr)
        return 2
    if not os.path.isdir(folders[0]):
        print(f"site_crawl: error: '{folders[0]}' is not a folder", file=sys.stderr)
        return 2

    try:
        report, reached = check_site(Site(folders[0]))
    except OSError as error:
        print(f"site_crawl: error: cannot read '{error.filename}': {error.strerror}",
              file=sys.stderr)
        return 2
    if verbose:
        print_external_links(report)
    if report.problems:
        for line in report.lines():
            print(line, file=sys.stderr)
        print(f"site_crawl: {plural(len(report.problems), 'problem')}", file=sys.stderr)
        return 1
    print(f"site_crawl: {plural(len(reached), 'page')} reachable from {START_PAGE}, "
          f"{plural(report.internal_links, 'internal link')} and "
          f"{plural(report.fragments, 'fragment')} resolved, "
          f"{plural(len(report.external_links), 'external link')} (content)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
