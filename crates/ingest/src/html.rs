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
    /// The title the page declares (`og:title`, `twitter:title`, JSON-LD `headline`).
    title: Option<String>,
    /// The first `<h1>`, else `<title>`: used when Readability finds no title either.
    fallback_title: Option<String>,
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
    let title = first_attr(page, &["meta[property='og:title']", "meta[name='twitter:title']"], "content")
        .or_else(|| ld_str("headline"));
    let fallback_title =
        page.try_select("h1").and_then(|s| s.nodes().iter().find_map(|n| non_blank(n.text()))).or_else(
            || page.try_select("title").and_then(|s| s.nodes().first().and_then(|n| non_blank(n.text()))),
        );
    let url = first_attr(page, &["meta[property='og:url']", "meta[name='og:url']"], "content")
        .or_else(|| first_attr(page, &["link[rel='canonical']"], "href"))
        .or_else(|| ld_str("url"))
        .filter(|u| looks_like_url(u));
    let source = first_attr(page, &["meta[property='og:site_name']", "meta[name='og:site_name']"], "content")
        .or_else(|| jsonld_find(&ld, "publisher").and_then(jsonld_names))
        .or_else(|| first_attr(page, &["meta[name='application-name']"], "content"));
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
    PageMeta { title, fallback_title, url, source, published, byline }
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
        // Classes are kept for the walker, which also looks for bylines and insets by class.
        let cfg = Config { max_elements_to_parse: MAX_ELEMENTS, keep_classes: true, ..Config::default() };
        Readability::with_document(doc, None, Some(cfg)).ok()?.parse().ok()
    })
    .ok()
    .flatten()
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

/// The page's `<h1>` when it is the headline that `guess` (Readability's title, usually the
/// `<title>` with or without the site's name) gives in another form: the `<h1>` «الرئيس يستقبل
/// الوفد الأوروبي» ("the president receives the European delegation") under the `<title>`
/// «الرئيس يستقبل الوفد - جريدة الاختبار» ("... - The Test Daily"). Most of the `<h1>`'s words
/// must be in the guess, and the `<h1>` must carry half the guess's words, so that a one-word
/// logo in an `<h1>` is not taken for the headline.
fn headline_like(page: &Document, guess: &str) -> Option<String> {
    let g = words(guess);
    page.try_select("h1")?.nodes().iter().find_map(|n| {
        let h1 = non_blank(n.text())?;
        let w = words(&h1);
        let common = w.iter().filter(|x| g.contains(x)).count();
        (w.len() >= 2 && common * 4 >= w.len() * 3 && common * 2 >= g.len()).then_some(h1)
    })
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
    let mut blocks = article
        .as_ref()
        .map(|a| Walker::new(false).walk(Document::from(a.content.as_ref()).root()))
        .unwrap_or_default();
    if !blocks.iter().any(|(k, _)| *k != BlockKind::Heading) {
        blocks = fallback_blocks(&page);
    }
    let title = meta
        .title
        .or_else(|| {
            let guess = article.as_ref().and_then(|a| non_blank(&a.title))?;
            Some(headline_like(&page, &guess).unwrap_or(guess))
        })
        .or(meta.fallback_title)
        .filter(|t| t.chars().count() <= 1000);
    if let (Some(t), Some((BlockKind::Heading | BlockKind::Paragraph, first))) = (&title, blocks.first())
        && same_text(t, first)
    {
        blocks.remove(0);
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
