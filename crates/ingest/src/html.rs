//! HTML pages: the article's blocks and its metadata.
//!
//! The main content is found by dom_smoothie (a port of Mozilla's Readability), whose cleaned
//! HTML is then walked here to cut it into blocks (paragraphs, headings, captions). When
//! Readability finds nothing, a fallback walks `<article>`, `<main>` or `<body>` with navigation
//! and other page furniture removed. Metadata comes from the page's own `<meta>` tags, JSON-LD
//! and `<time>` elements, with what Readability found as a last resort.

use crate::date::normalize_date;
use crate::layout::{Layout, is_blank};
use crate::{IngestError, Options};
use dom_query::{Document, NodeRef};
use dom_smoothie::{Article, Config, Readability};
use rasid_arabic::chars::is_invisible;
use rasid_core::{BlockKind, Doc, Meta};
use serde_json::Value;

/// Readability gives up on pages with more elements than this (and the fallback takes over),
/// which bounds its time on pathological input.
const MAX_ELEMENTS: usize = 200_000;

/// Nesting deeper than this is not a real page; Readability's recursive passes are not run on it.
const MAX_DEPTH: usize = 512;

/// Element nesting allowed in the markup before parsing. html5ever takes time quadratic in the
/// depth (100,000 nested `<div>`s take 20 s), so deeper tags are cut out of the source first.
/// Real pages nest a few dozen levels; unclosed legacy `<font>` tags may reach a few hundred.
const MAX_SOURCE_DEPTH: usize = 400;

/// Titles longer than this are not headlines.
const MAX_TITLE_CHARS: usize = 1000;

/// Bylines longer than this are not bylines.
const MAX_BYLINE_CHARS: usize = 200;

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "button", "form",
    "select", "option", "textarea", "input", "label", "iframe", "svg", "math", "object", "embed", "canvas",
    "video", "audio", "map", "dialog", "menu",
];

/// Further elements skipped by the fallback, which has no Readability to clean the page.
const SKIP_FALLBACK: &[&str] = &["header", "footer", "aside"];

/// Beginnings of class or id words of page furniture, skipped by the fallback.
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "share",
    "social",
    "related",
    "comment",
    "breadcrumb",
    "advert",
    "cookie",
    "newsletter",
    "promo",
    "subscribe",
    "widget",
    "banner",
    "popup",
    "masthead",
];

/// Class or id words (whole) of boxes inside an article that are not its text: ads, share
/// buttons, tag lists, related links. Skipped everywhere.
const INSET: &[&str] = &[
    "ad",
    "ads",
    "adsbygoogle",
    "advert",
    "advertisement",
    "share",
    "sharing",
    "social",
    "related",
    "tags",
    "newsletter",
    "promo",
    "subscribe",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
];

/// Elements that start and end a block of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "html",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// What the page says about itself, from markup other than the article body.
#[derive(Default)]
struct PageMeta {
    /// The titles the page declares (`og:title`, `twitter:title`, JSON-LD `headline`), in that
    /// order of preference.
    titles: Vec<String>,
    /// The `<title>`, often the headline with the site's name, sometimes the site's name alone.
    page_title: Option<String>,
    /// Names of the site (`og:site_name`, `application-name`, the JSON-LD publisher): never a
    /// headline, and taken off the end of titles.
    sites: Vec<String>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    byline: Option<String>,
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn non_blank(s: impl AsRef<str>) -> Option<String> {
    let s = collapse(s.as_ref());
    (!is_blank(&s)).then_some(s)
}

/// The first non-blank `attr` of the elements matched by each selector in turn.
fn first_attr(page: &Document, selectors: &[&str], attr: &str) -> Option<String> {
    selectors
        .iter()
        .find_map(|sel| page.try_select(sel)?.nodes().iter().find_map(|n| n.attr(attr).and_then(non_blank)))
}

fn first_date(page: &Document, selectors: &[&str], attr: &str) -> Option<String> {
    selectors.iter().find_map(|sel| {
        page.try_select(sel)?
            .nodes()
            .iter()
            .find_map(|n| n.attr(attr).and_then(|v| normalize_date(&String::from(v))))
    })
}

const PUBLISHED_META: &[&str] = &[
    "meta[property='article:published_time']",
    "meta[name='article:published_time']",
    "meta[property='og:published_time']",
    "meta[itemprop='datePublished']",
    "meta[name='pubdate']",
    "meta[name='publishdate']",
    "meta[name='publish-date']",
    "meta[name='publish_date']",
    "meta[name='parsely-pub-date']",
    "meta[name='sailthru.date']",
    "meta[name='DC.date.issued']",
    "meta[name='dc.date']",
    "meta[name='dcterms.created']",
    "meta[name='date']",
];

/// Finds the first value under `key` in a JSON-LD value, breadth first (so the article's own
/// `datePublished` beats one nested in a `citation`), with bounded work.
fn jsonld_find<'v>(roots: &'v [Value], key: &str) -> Option<&'v Value> {
    let mut queue: std::collections::VecDeque<&Value> = roots.iter().collect();
    let mut budget = 10_000;
    while let Some(v) = queue.pop_front() {
        budget -= 1;
        if budget == 0 {
            return None;
        }
        match v {
            Value::Object(m) => {
                if let Some(found) = m.get(key).filter(|f| !f.is_null()) {
                    return Some(found);
                }
                queue.extend(m.values());
            }
            Value::Array(a) => queue.extend(a),
            _ => {}
        }
    }
    None
}

/// The name(s) in a JSON-LD `author`/`publisher`: a string, `{"name": ...}`, or an array.
fn jsonld_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(m) => m.get("name").and_then(Value::as_str).map(str::to_owned).into_iter().collect(),
        Value::Array(a) => a.iter().filter_map(jsonld_names).collect(),
        _ => vec![],
    };
    non_blank(names.join("، "))
}

fn jsonld(page: &Document) -> Vec<Value> {
    let Some(sel) = page.try_select("script[type='application/ld+json']") else { return vec![] };
    sel.nodes()
        .iter()
        .filter_map(|n| {
            let t = n.text();
            let t = t.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
            serde_json::from_str(t).ok()
        })
        .collect()
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

fn page_meta(page: &Document) -> PageMeta {
    let ld = jsonld(page);
    let ld_str = |key: &str| jsonld_find(&ld, key).and_then(Value::as_str).and_then(non_blank);
    let titles = [
        first_attr(page, &["meta[property='og:title']", "meta[name='og:title']"], "content"),
        first_attr(page, &["meta[name='twitter:title']", "meta[property='twitter:title']"], "content"),
        ld_str("headline"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let page_title =
        page.try_select("title").and_then(|s| s.nodes().first().and_then(|n| non_blank(n.text())));
    let og_site =
        first_attr(page, &["meta[property='og:site_name']", "meta[name='og:site_name']"], "content");
    let publisher = jsonld_find(&ld, "publisher").and_then(jsonld_names);
    let app = first_attr(page, &["meta[name='application-name']"], "content");
    let url = first_attr(page, &["meta[property='og:url']", "meta[name='og:url']"], "content")
        .or_else(|| first_attr(page, &["link[rel='canonical']"], "href"))
        .or_else(|| ld_str("url"))
        .filter(|u| looks_like_url(u));
    let source = og_site.clone().or_else(|| publisher.clone()).or_else(|| app.clone());
    let sites = [og_site, publisher, app].into_iter().flatten().collect();
    let published = first_date(page, PUBLISHED_META, "content")
        .or_else(|| jsonld_find(&ld, "datePublished").and_then(Value::as_str).and_then(normalize_date))
        .or_else(|| first_date(page, &["[itemprop='datePublished']"], "datetime"))
        .or_else(|| {
            let times = ["time[pubdate]", "article time[datetime]", "main time[datetime]", "time[datetime]"];
            first_date(page, &times, "datetime")
        });
    let byline = first_attr(page, &["meta[name='author']", "meta[property='article:author']"], "content")
        .filter(|a| !looks_like_url(a))
        .or_else(|| jsonld_find(&ld, "author").and_then(jsonld_names));
    PageMeta { titles, page_title, sites, url, source, published, byline }
}

/// Cuts an element tree into blocks of text, in document order.
struct Walker {
    blocks: Vec<(BlockKind, String)>,
    /// Texts of `<time>` elements: a block that is nothing but one is a date line, not prose.
    times: Vec<String>,
    buf: String,
    kind: BlockKind,
    space: bool,
    fallback: bool,
}

impl Walker {
    fn new(fallback: bool) -> Walker {
        Walker {
            blocks: Vec::new(),
            times: Vec::new(),
            buf: String::new(),
            kind: BlockKind::Paragraph,
            space: false,
            fallback,
        }
    }

    /// Appends text with whitespace runs collapsed to one space (so `&nbsp;` and newlines in
    /// the source read as spaces), never starting a block with a space.
    fn text(&mut self, s: &str, kind: BlockKind) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = !self.buf.is_empty();
            } else {
                if self.buf.is_empty() {
                    self.kind = kind;
                } else if self.space {
                    self.buf.push(' ');
                }
                self.space = false;
                self.buf.push(c);
            }
        }
    }

    fn flush(&mut self) {
        if !is_blank(&self.buf) {
            self.blocks.push((self.kind, self.buf.trim_matches(is_invisible).to_owned()));
        }
        self.buf.clear();
        self.space = false;
    }

    fn skipped(&self, node: &NodeRef, tag: &str) -> bool {
        if SKIP.contains(&tag)
            || node.has_attr("hidden")
            || node.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || node.attr("style").is_some_and(|s| {
                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                s.to_ascii_lowercase().contains("display:none")
            })
        {
            return true;
        }
        if matches!(tag, "html" | "body" | "article" | "main") {
            return false;
        }
        if self.fallback
            && (SKIP_FALLBACK.contains(&tag) || node.attr("role").is_some_and(|r| &*r == "navigation"))
        {
            return true;
        }
        // Class and id words are matched whole against INSET and, in the fallback, by their
        // beginning against FURNITURE (so that `unavailable` does not read as `nav`).
        class_words(node).iter().any(|w| {
            INSET.contains(&w.as_str()) || (self.fallback && FURNITURE.iter().any(|f| w.starts_with(f)))
        })
    }

    /// Walks iteratively (pages can nest deeply; the stack here is on the heap).
    fn walk(mut self, root: NodeRef) -> Vec<(BlockKind, String)> {
        enum Step<'a> {
            Enter(NodeRef<'a>, BlockKind),
            Exit,
        }
        let mut stack = vec![Step::Enter(root, BlockKind::Paragraph)];
        while let Some(step) = stack.pop() {
            let (node, kind) = match step {
                Step::Exit => {
                    self.flush();
                    continue;
                }
                Step::Enter(node, kind) => (node, kind),
            };
            if node.is_text() {
                self.text(&node.text(), kind);
                continue;
            }
            let tag = match node.node_name() {
                Some(t) => t.to_ascii_lowercase(),
                None if node.is_document() || node.is_fragment() => String::from("html"),
                None => continue, // comments, doctype, processing instructions
            };
            if self.skipped(&node, &tag) {
                continue;
            }
            if tag == "time" {
                self.times.extend(non_blank(node.text()));
            }
            if tag == "br" || tag == "hr" {
                self.flush();
                continue;
            }
            let kind = match tag.as_str() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                "figcaption" | "caption" => BlockKind::Caption,
                _ if node.attr("rel").is_some_and(|r| &*r == "author")
                    || node.attr("itemprop").is_some_and(|r| &*r == "author")
                    || node.attr("class").is_some_and(|c| c.to_ascii_lowercase().contains("byline")) =>
                {
                    BlockKind::Byline
                }
                _ => kind,
            };
            let block = BLOCK.contains(&tag.as_str());
            if block {
                self.flush();
                stack.push(Step::Exit);
            }
            let children: Vec<_> = node.children_it(true).collect();
            stack.extend(children.into_iter().map(|c| Step::Enter(c, kind)));
        }
        self.flush();
        for (kind, s) in &mut self.blocks {
            if *kind == BlockKind::Paragraph && self.times.iter().any(|t| same_text(t, s)) {
                *kind = BlockKind::Other;
            }
        }
        self.blocks
    }
}

/// Elements that never nest (void) or that the parser closes by itself when a sibling opens:
/// not counted by [`flatten_deep`].
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rp",
    "rt", "colgroup", "caption", "html", "head", "body", "!doctype",
];

/// Elements whose content is raw text, skipped by the scan in [`flatten_deep`].
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// Removes the tags nested deeper than [`MAX_SOURCE_DEPTH`] (keeping their text), using a rough
/// tag scan. Real pages come nowhere near the limit and are returned unchanged.
fn flatten_deep(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let lower_find = |from: usize, pat: &[u8]| -> Option<usize> {
        b.get(from..)?.windows(pat.len()).position(|w| w.eq_ignore_ascii_case(pat)).map(|i| from + i)
    };
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(lt) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')).map(|p| i + p) {
        if b[lt..].starts_with(b"<!--") {
            i = lower_find(lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let end_tag = b.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + end_tag as usize;
        let name_len =
            b[name_at.min(b.len())..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'!').count();
        if name_len == 0 {
            i = lt + 1;
            continue;
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        // The tag ends at the first `>` outside quotes.
        let (mut j, mut quote) = (name_at + name_len, None);
        while j < b.len() {
            match (b[j], quote) {
                (b'"' | b'\'', None) => quote = Some(b[j]),
                (q, Some(open)) if q == open => quote = None,
                (b'>', None) => break,
                _ => {}
            }
            j += 1;
        }
        let tag_end = (j + 1).min(b.len());
        i = tag_end;
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if end_tag {
            if depth > MAX_SOURCE_DEPTH {
                cut.push((lt, tag_end));
            }
            depth = depth.saturating_sub(1);
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = lower_find(tag_end, close.as_bytes()).unwrap_or(b.len());
        } else if b[..tag_end].ends_with(b"/>") {
            continue;
        } else {
            depth += 1;
            if depth > MAX_SOURCE_DEPTH {
                cut.push((lt, tag_end));
            }
        }
    }
    if cut.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e) in cut {
        out.push_str(&html[at..s]);
        at = e;
    }
    out.push_str(&html[at..]);
    std::borrow::Cow::Owned(out)
}

/// Deepest element nesting, to keep pathological pages away from recursive code.
fn depth(doc: &Document) -> usize {
    let mut max = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((n, d)) = stack.pop() {
        max = max.max(d);
        if max > MAX_DEPTH {
            break;
        }
        stack.extend(n.children_it(false).filter(|c| c.is_element()).map(|c| (c, d + 1)));
    }
    max
}

/// Runs Readability; `None` when it fails, finds no content or (a bug of its own) panics.
fn readability(html: &str) -> Option<Article> {
    std::panic::catch_unwind(|| {
        let doc = Document::from(html);
        // Readability rewrites inline-only `<div>`s as `<p>`s without their classes, so insets
        // (an `<div class="ad">` with a line of text) are taken out before it runs.
        if let Some(sel) = doc.try_select("[class], [id]") {
            let keep = |n: &NodeRef| {
                n.node_name().is_some_and(|t| matches!(&*t, "html" | "body" | "article" | "main"))
            };
            sel.nodes().iter().filter(|n| is_inset(n) && !keep(n)).for_each(|n| n.remove_from_parent());
        }
        split_long_texts(&doc);
        // Classes are kept for the walker, which also looks for bylines and insets by class.
        let cfg = Config { max_elements_to_parse: MAX_ELEMENTS, keep_classes: true, ..Config::default() };
        Readability::with_document(doc, None, Some(cfg)).ok()?.parse().ok()
    })
    .ok()
    .flatten()
}

/// Text nodes longer than this are cut into pieces of about this size before Readability runs.
const MAX_TEXT_NODE: usize = 1024;

/// Cuts long text nodes into adjacent shorter ones (the text is unchanged). Readability hands
/// back its article as serialized HTML, and html5ever's serializer rescans a text node to its end
/// for each `&` or no-break space in it (looking for `<`), which is quadratic: 8 MB of `&amp;` in
/// one paragraph took half a minute. Short nodes bound each rescan, so the whole is linear.
fn split_long_texts(doc: &Document) {
    let mut long = Vec::new();
    let mut stack = vec![doc.root()];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            if n.text().len() > MAX_TEXT_NODE {
                long.push(n);
            }
        } else {
            stack.extend(n.children_it(false));
        }
    }
    for node in long {
        let text = node.text();
        let mut rest: &str = &text;
        while rest.len() > MAX_TEXT_NODE {
            let mut cut = MAX_TEXT_NODE;
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let piece = node.tree.new_text(&rest[..cut]);
            node.insert_before(&piece);
            rest = &rest[cut..];
        }
        node.set_text(rest);
    }
}

/// Readability turns a `<table>` it keeps as a sibling of the article into a `<div>` but leaves
/// its rows and cells, which the HTML parser then drops when the content is parsed again, gluing
/// the cells' text («مستقر.وأضاف»). Renaming the table parts in the serialized content to `<div>`
/// (and `<caption>` to `<figcaption>`) keeps every cell a block. The content is html5ever's
/// serialization, where `<` in text and attribute values is escaped, so every `<` opens a tag.
fn untable(html: &str) -> std::borrow::Cow<'_, str> {
    const RENAME: &[(&str, &str)] = &[
        ("tbody", "div"),
        ("thead", "div"),
        ("tfoot", "div"),
        ("tr", "div"),
        ("td", "div"),
        ("th", "div"),
        ("caption", "figcaption"),
    ];
    let b = html.as_bytes();
    let mut out = String::new();
    let mut at = 0;
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + p;
        i = lt + 1;
        let name_at = lt + 1 + (b.get(lt + 1) == Some(&b'/')) as usize;
        let len = b[name_at..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if !matches!(b.get(name_at + len), Some(b' ' | b'>' | b'/' | b'\t' | b'\n')) {
            continue;
        }
        let name = &html[name_at..name_at + len];
        if let Some((_, to)) = RENAME.iter().find(|(from, _)| from.eq_ignore_ascii_case(name)) {
            out.push_str(&html[at..name_at]);
            out.push_str(to);
            at = name_at + len;
        }
    }
    if at == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[at..]);
    std::borrow::Cow::Owned(out)
}

/// The words of an element's class and id (`main-nav`, `navbar`, `socialShare` → `socialshare`).
fn class_words(node: &NodeRef) -> Vec<String> {
    let names = format!("{} {}", node.attr("class").unwrap_or_default(), node.attr("id").unwrap_or_default());
    names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

fn is_inset(node: &NodeRef) -> bool {
    class_words(node).iter().any(|w| INSET.contains(&w.as_str()))
}

/// The blocks the fallback finds: the longest `<article>`, else `<main>`, else the body.
fn fallback_blocks(page: &Document) -> Vec<(BlockKind, String)> {
    let root = ["article", "main", "[role='main']", "body"].iter().find_map(|sel| {
        let sel = page.try_select(sel)?;
        sel.nodes().iter().max_by_key(|n| n.text().len()).cloned()
    });
    Walker::new(true).walk(root.unwrap_or_else(|| page.root()))
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// Separators between a headline and the site's name in a `<title>` or `og:title`.
const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " / ", " ‹ ", " › "];

/// Site names have no more words than this (a guess used when the page does not name its site).
const MAX_SITE_WORDS: usize = 4;

fn is_site(s: &str, sites: &[String]) -> bool {
    sites.iter().any(|site| same_text(s, site))
}

/// A declared title without the site's name: «انفجار في بغداد | سكاي نيوز عربية» → «انفجار في
/// بغداد». A name the page gives (`og:site_name` ...) is taken off either end; otherwise, with
/// `guess` (for `<title>`, which nearly always ends with the site's name), a short last part
/// («- BBC News عربي») after a headline of two words or more is. `None` when the title is nothing
/// but the site's name.
fn strip_site(title: &str, sites: &[String], guess: bool) -> Option<String> {
    if is_site(title, sites) {
        return None;
    }
    let cuts = || {
        TITLE_SEPARATORS.iter().flat_map(|sep| title.match_indices(sep).map(move |(i, _)| (i, i + sep.len())))
    };
    for (i, j) in cuts() {
        let (head, tail) = (&title[..i], &title[j..]);
        if is_site(tail, sites) {
            return non_blank(head);
        }
        if is_site(head, sites) {
            return non_blank(tail);
        }
    }
    if let Some((i, j)) = cuts().max_by_key(|&(i, _)| i).filter(|_| guess) {
        let (head, tail) = (&title[..i], &title[j..]);
        if (1..=MAX_SITE_WORDS).contains(&words(tail).len()) && words(head).len() >= 2 {
            return non_blank(head);
        }
    }
    Some(title.to_owned())
}

/// Whether an `<h1>` and a declared title are the same headline in two forms: the same text, or
/// (for an `<h1>` of two words or more) sharing at least half the words of each.
fn same_headline(h1: &str, declared: &str) -> bool {
    let (a, b) = (words(h1), words(declared));
    let common = a.iter().filter(|w| b.contains(w)).count();
    same_text(h1, declared) || (a.len() >= 2 && common * 2 >= a.len().max(b.len()))
}

/// Whether an `<h1>` is page furniture (a logo or site name in a masthead or menu) rather than
/// a headline.
fn furniture_h1(node: &NodeRef) -> bool {
    std::iter::once(*node).chain(node.ancestors_it(None)).any(|n| {
        let tag = n.node_name().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        if matches!(tag.as_str(), "article" | "main" | "body" | "html") {
            return false;
        }
        matches!(tag.as_str(), "nav" | "footer" | "aside")
            || SKIP.contains(&tag.as_str())
            || n.has_attr("hidden")
            || n.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || (tag == "a" && n.attr("href").is_some_and(|h| h.trim() == "/"))
            || class_words(&n).iter().any(|w| {
                w.starts_with("logo") || w.starts_with("brand") || FURNITURE.iter().any(|f| w.starts_with(f))
            })
    })
}

/// The headline: the article's `<h1>` as the page shows it, else a declared title.
///
/// An `<h1>` that is also a heading of the extracted blocks is the article's. Otherwise the
/// page's first `<h1>` that is not furniture or the site's name is taken when it is a declared
/// title (`og:title`, JSON-LD `headline`, `<title>`) in another form ([`same_headline`]) or,
/// when the page declares none beyond its `<title>`, when it has more than one word (a one-word
/// `<h1>` is usually a logo). Without such an `<h1>` the declared titles are used, in order
/// (`og:title`, `twitter:title`, JSON-LD `headline`, `<title>`, Readability's guess), without
/// the site's name.
fn headline(
    page: &Document,
    content: Option<&Document>,
    blocks: &[(BlockKind, String)],
    meta: &PageMeta,
    readability_title: Option<String>,
) -> Option<String> {
    let h1s = |doc: &Document| -> Vec<(String, bool)> {
        let Some(sel) = doc.try_select("h1") else { return vec![] };
        sel.nodes()
            .iter()
            .filter_map(|n| non_blank(n.text()).map(|t| (t, furniture_h1(n))))
            .filter(|(t, _)| !is_site(t, &meta.sites) && t.chars().count() <= MAX_TITLE_CHARS)
            .collect()
    };
    let page_h1s = h1s(page);
    let shown = |t: &str| blocks.iter().any(|(k, s)| *k == BlockKind::Heading && same_text(s, t));
    let in_content = content
        .map(h1s)
        .unwrap_or_default()
        .into_iter()
        .chain(page_h1s.iter().cloned())
        .map(|(t, _)| t)
        .find(|t| shown(t));
    if in_content.is_some() {
        return in_content;
    }
    let declared: Vec<String> = meta
        .titles
        .iter()
        .map(|t| strip_site(t, &meta.sites, false))
        .chain(meta.page_title.as_deref().map(|t| strip_site(t, &meta.sites, true)))
        .chain(readability_title.as_deref().map(|t| strip_site(t, &meta.sites, false)))
        .flatten()
        .filter(|t| t.chars().count() <= MAX_TITLE_CHARS)
        .collect();
    let page_h1s: Vec<String> = page_h1s.into_iter().filter(|(_, f)| !f).map(|(t, _)| t).collect();
    page_h1s
        .iter()
        .find(|h| declared.iter().any(|d| same_headline(h, d)))
        .or_else(|| page_h1s.iter().find(|h| meta.titles.is_empty() && words(h).len() >= 2))
        .cloned()
        .or_else(|| declared.into_iter().next())
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    norm(a) == norm(b)
}

/// Builds the document for one HTML page (already decoded to text).
pub(crate) fn html_doc(
    id: &str,
    name: &str,
    html: &str,
    encoding: Option<&'static str>,
    opts: &Options,
) -> Result<Doc, IngestError> {
    let html = &*flatten_deep(html);
    let page = Document::from(html);
    let meta = page_meta(&page);
    let deep = depth(&page) > MAX_DEPTH;
    let article = if deep { None } else { readability(html) };
    let content = article.as_ref().map(|a| Document::from(&*untable(a.content.as_ref())));
    let mut blocks = content.as_ref().map(|c| Walker::new(false).walk(c.root())).unwrap_or_default();
    if !blocks.iter().any(|(k, _)| *k != BlockKind::Heading) {
        blocks = fallback_blocks(&page);
    }
    let readability_title = article.as_ref().and_then(|a| non_blank(&a.title));
    let title = headline(&page, content.as_ref(), &blocks, &meta, readability_title);
    // The headline is shown once: as the title, not again as a heading or first paragraph.
    if let Some(t) = &title {
        let mut first = true;
        blocks.retain(|(k, s)| {
            let dup = same_text(t, s) && (*k == BlockKind::Heading || (first && *k == BlockKind::Paragraph));
            first = false;
            !dup
        });
    }
    if !blocks
        .iter()
        .any(|(k, _)| matches!(k, BlockKind::Paragraph | BlockKind::Heading | BlockKind::Caption))
    {
        return Err(IngestError::NoArticle { name: name.to_owned() });
    }
    let byline = article
        .as_ref()
        .and_then(|a| a.byline.as_deref().and_then(non_blank))
        .or(meta.byline)
        .filter(|b| b.chars().count() <= MAX_BYLINE_CHARS);
    if let Some(b) = &byline {
        for (kind, s) in &mut blocks {
            if *kind == BlockKind::Paragraph && same_text(b, s) {
                *kind = BlockKind::Byline;
            }
        }
    }
    let mut layout = Layout::default();
    if let Some(t) = &title {
        layout.push(BlockKind::Title, t);
    }
    // A byline shown on the page (Readability takes it out of the content) goes under the title;
    // one known only from metadata stays in `meta.byline`.
    if let Some(b) = &byline {
        let in_blocks = blocks.iter().any(|(_, s)| s.contains(b.as_str()));
        if !in_blocks && visible_text(&page).contains(b.as_str()) {
            layout.push(BlockKind::Byline, b);
        }
    }
    for (kind, s) in &blocks {
        layout.push(*kind, s);
    }
    let (text, hints) = layout.finish();
    let mut doc = Doc::new(id, text).with_meta(Meta {
        published: meta
            .published
            .or_else(|| article.as_ref().and_then(|a| a.published_time.as_deref().and_then(normalize_date)))
            .or_else(|| opts.published().map(str::to_owned)),
        url: meta.url.or_else(|| article.as_ref().and_then(|a| a.url.clone()).filter(|u| looks_like_url(u))),
        source: meta
            .source
            .or_else(|| article.as_ref().and_then(|a| a.site_name.as_deref().and_then(non_blank))),
        byline,
        format: Some("html".into()),
        encoding: encoding.map(str::to_owned),
        ..Meta::default()
    });
    doc.block_hints = hints;
    Ok(doc)
}

/// The blocks of an HTML fragment (a feed entry's content or summary), with the page walker's
/// rules: scripts, forms and inset boxes left out.
pub(crate) fn fragment_blocks(html: &str) -> Vec<(BlockKind, String)> {
    let html = &*flatten_deep(html);
    Walker::new(false).walk(Document::from(html).root())
}

/// The page's visible body text, whitespace collapsed.
fn visible_text(page: &Document) -> String {
    let root =
        page.try_select("body").and_then(|s| s.nodes().first().cloned()).unwrap_or_else(|| page.root());
    let blocks = Walker::new(false).walk(root);
    blocks.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(BlockKind, String)> {
        Walker::new(false).walk(Document::from(html).root())
    }

    #[test]
    fn br_and_whitespace() {
        let b = blocks(
            "<body><div>سطر أول<br>سطر&nbsp;&nbsp;ثان\n\t<br><br> <b>ثالث</b> &amp; رابع</div></body>",
        );
        let texts: Vec<&str> = b.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(texts, ["سطر أول", "سطر ثان", "ثالث & رابع"]);
    }

    #[test]
    fn kinds() {
        let b = blocks(
            "<h2>عنوان فرعي</h2><p>فقرة <i>مائلة</i></p><figure><img src=x><figcaption> صورة </figcaption></figure>",
        );
        assert_eq!(
            b,
            [
                (BlockKind::Heading, "عنوان فرعي".to_string()),
                (BlockKind::Paragraph, "فقرة مائلة".to_string()),
                (BlockKind::Caption, "صورة".to_string())
            ]
        );
    }

    #[test]
    fn skips_scripts_and_hidden() {
        let b =
            blocks("<p>نص<script>var x = 1;</script></p><p hidden>مخفي</p><p style='display: none'>x</p>");
        assert_eq!(b, [(BlockKind::Paragraph, "نص".to_string())]);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let deep = format!("<body>{}نص{}</body>", "<div class=x>".repeat(3000), "</div>".repeat(3000));
        let flat = flatten_deep(&deep);
        assert_eq!(flat.matches("<div").count(), MAX_SOURCE_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_SOURCE_DEPTH);
        let page =
            "<html><head><title>t</title><script>if (a<b) {}</script></head><body><p>a<br/>b</body></html>";
        assert!(matches!(flatten_deep(page), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn fallback_skips_furniture() {
        let page = Document::from(
            "<body><div class='main-nav'>قائمة</div><div id=socialShare>شارك</div>\
             <div class=unavailable><p>نص الخبر</p></div><footer>حقوق</footer></body>",
        );
        assert_eq!(fallback_blocks(&page), [(BlockKind::Paragraph, "نص الخبر".to_string())]);
    }

    #[test]
    fn long_texts_are_split_not_changed() {
        let text = format!("{}ق&{}", "أ".repeat(3000), "b".repeat(5000));
        let doc = Document::from(format!("<p>{}</p>", text.replace('&', "&amp;")).as_str());
        split_long_texts(&doc);
        let p = doc.select("p").nodes()[0];
        assert!(p.children_it(false).count() > 5);
        assert!(p.children_it(false).all(|c| c.is_text() && c.text().len() <= MAX_TEXT_NODE + 3));
        assert_eq!(&*p.text(), text);
    }

    #[test]
    fn table_parts_renamed() {
        assert_eq!(
            untable(
                "<div><tbody><tr class=\"r\"><th>a</th><td>b</td></tr></tbody><caption>c</caption></div>"
            ),
            "<div><div><div class=\"r\"><div>a</div><div>b</div></div></div><figcaption>c</figcaption></div>"
        );
        assert!(matches!(untable("<p>tdx <thing> &lt;td&gt;</p>"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn site_names_come_off_titles() {
        let sites = vec!["سكاي نيوز عربية".to_owned()];
        assert_eq!(strip_site("سكاي نيوز عربية", &sites, true), None);
        assert_eq!(
            strip_site("انفجار في بغداد | سكاي نيوز عربية", &sites, false).as_deref(),
            Some("انفجار في بغداد")
        );
        assert_eq!(
            strip_site("سكاي نيوز عربية - انفجار في بغداد", &sites, false).as_deref(),
            Some("انفجار في بغداد")
        );
        assert_eq!(
            strip_site("انفجار في بغداد - BBC News عربي", &[], true).as_deref(),
            Some("انفجار في بغداد")
        );
        // Only a `<title>` is guessed at; a dash in a declared headline stays.
        assert_eq!(
            strip_site("انفجار في بغداد - BBC News عربي", &[], false).as_deref(),
            Some("انفجار في بغداد - BBC News عربي")
        );
        assert_eq!(strip_site("مصر - السودان", &[], true).as_deref(), Some("مصر - السودان"));
    }

    #[test]
    fn jsonld_lookup() {
        let v: Vec<Value> = vec![serde_json::json!({"@graph": [{"@type": "WebSite"},
            {"@type": "NewsArticle", "datePublished": "2019-04-28T10:00:00+02:00",
             "author": [{"name": "أ"}, {"name": "ب"}]}]})];
        assert_eq!(
            jsonld_find(&v, "datePublished").and_then(Value::as_str),
            Some("2019-04-28T10:00:00+02:00")
        );
        assert_eq!(jsonld_find(&v, "author").and_then(jsonld_names).as_deref(), Some("أ، ب"));
    }
}
