//! RSS and Atom feeds (RSS 0.9x, 1.0 and 2.0, Atom 1.0; parsed by feed-rs): one document per
//! entry.
//!
//! An entry's document is its title (a [`BlockKind::Title`] hint) and its body: the entry's
//! content when the feed carries it, else its summary (many feeds give only a lead; that lead is
//! then the article: linked pages are not fetched). HTML in either is turned into blocks by the
//! same walker as HTML pages. The entry's link is the URL, its publication (else update) date the
//! date, the feed's title the outlet (else the link's host), its authors the byline; its
//! categories are kept in `meta.extra`.
//!
//! Ids: the entry's own id (an Atom `id`, an RSS `guid`) when it has one, else `<stem>:<n>` with
//! `n` counted from 1.

use crate::html::fragment_blocks;
use crate::layout::{Layout, is_blank};
use crate::{IngestError, Loc, Options, doc_id};
use feed_rs::model::{Entry, Feed, FeedType, Text};
use rasid_core::{BlockKind, Doc, Meta};

/// True when the bytes open like a feed: an `<rss`, `<feed` or `<rdf:RDF` root element after
/// the XML declaration, comments and processing instructions.
pub(crate) fn sniff(head: &[u8]) -> bool {
    let mut rest = head.trim_ascii_start();
    loop {
        if let Some(r) = rest.strip_prefix(b"<?") {
            let Some(end) = find(r, b"?>") else { return false };
            rest = r[end + 2..].trim_ascii_start();
        } else if let Some(r) = rest.strip_prefix(b"<!--") {
            let Some(end) = find(r, b"-->") else { return false };
            rest = r[end + 3..].trim_ascii_start();
        } else {
            break;
        }
    }
    let root = |tag: &[u8]| {
        rest.len() > tag.len()
            && rest[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(rest[tag.len()], b' ' | b'>' | b'\t' | b'\r' | b'\n' | b'/')
    };
    root(b"<rss") || root(b"<feed") || root(b"<rdf:RDF")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The documents of a feed held in memory; `source_hint` names the outlet when the feed has no
/// title (the host of the URL it was fetched from).
pub(crate) fn feed_docs(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    source_hint: Option<&str>,
) -> Vec<Result<Doc, IngestError>> {
    let feed = match feed_rs::parser::Builder::new().sanitize_content(false).build().parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(IngestError::Feed { name: name.to_owned(), message: e.to_string() })],
    };
    if feed.entries.is_empty() {
        return vec![Err(IngestError::Empty { name: name.to_owned(), at: Loc::NONE })];
    }
    let stem = doc_id(name);
    let outlet = feed.title.as_ref().map(plain).filter(|t| !is_blank(t));
    feed.entries
        .iter()
        .enumerate()
        .map(|(i, e)| entry_doc(name, &stem, i + 1, e, &feed, outlet.as_deref(), source_hint, opts))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn entry_doc(
    name: &str,
    stem: &str,
    n: usize,
    e: &Entry,
    feed: &Feed,
    outlet: Option<&str>,
    source_hint: Option<&str>,
    opts: &Options,
) -> Result<Doc, IngestError> {
    let url = entry_link(e);
    let mut layout = Layout::default();
    if let Some(t) = &e.title {
        layout.push(BlockKind::Title, &plain(t));
    }
    let title_len = layout.text().len();
    let body = e
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref().map(|b| (b, c.content_type.subty().to_string())))
        .filter(|(b, _)| !is_blank(b))
        .or_else(|| e.summary.as_ref().map(|s| (s.content.as_str(), s.content_type.subty().to_string())));
    if let Some((body, subtype)) = body {
        for (kind, s) in body_blocks(body, &subtype) {
            layout.push(kind, &s);
        }
    }
    if layout.text().len() == title_len && title_len == 0 {
        return Err(IngestError::Empty { name: format!("{name}: entry {n}"), at: Loc::NONE });
    }
    let (text, hints) = layout.finish();
    let id =
        Some(e.id.trim()).filter(|id| !id.is_empty()).map_or_else(|| format!("{stem}:{n}"), str::to_owned);
    let published = e.published.or(e.updated).map(|d| d.format("%Y-%m-%d").to_string());
    let byline: Vec<&str> =
        e.authors.iter().filter_map(|p| p.name.as_deref().map(str::trim)).filter(|s| !s.is_empty()).collect();
    let mut extra = std::collections::BTreeMap::new();
    let categories: Vec<serde_json::Value> = e
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
        .filter(|c| !c.trim().is_empty())
        .map(Into::into)
        .collect();
    if !categories.is_empty() {
        extra.insert("categories".to_owned(), serde_json::Value::Array(categories));
    }
    let mut doc = Doc::new(id, text).with_meta(Meta {
        published: published.or_else(|| opts.published().map(str::to_owned)),
        source: outlet
            .map(str::to_owned)
            .or_else(|| source_hint.map(str::to_owned))
            .or_else(|| url.as_deref().and_then(host).map(str::to_owned)),
        url,
        byline: (!byline.is_empty()).then(|| byline.join("، ")),
        format: Some(
            match feed.feed_type {
                FeedType::Atom => "atom",
                FeedType::JSON => "jsonfeed",
                _ => "rss",
            }
            .to_owned(),
        ),
        encoding: None,
        extra,
    });
    doc.block_hints = hints;
    Ok(doc)
}

/// The entry's web page: its `alternate` link (Atom), else its first link.
fn entry_link(e: &Entry) -> Option<String> {
    e.links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| e.links.first())
        .map(|l| l.href.trim().to_owned())
        .filter(|h| !h.is_empty())
}

/// The host of an http(s) URL.
pub(crate) fn host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// True when a body given as text still carries markup (RSS descriptions are HTML more often
/// than their type says).
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'))
}

/// A body's blocks: HTML through the page walker, plain text by paragraphs (blank lines, or
/// lines when there are none).
fn body_blocks(body: &str, subtype: &str) -> Vec<(BlockKind, String)> {
    if subtype.contains("html") || looks_like_html(body) {
        return fragment_blocks(body);
    }
    let paragraphs: Vec<&str> =
        if body.contains("\n\n") { body.split("\n\n").collect() } else { body.lines().collect() };
    paragraphs
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !is_blank(p))
        .map(|p| (BlockKind::Paragraph, p))
        .collect()
}

/// A feed text (a title) as one line of plain text.
fn plain(t: &Text) -> String {
    if t.content_type.subty().to_string().contains("html") || looks_like_html(&t.content) {
        fragment_blocks(&t.content).into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(" ")
    } else {
        t.content.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(sniff(b"<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"));
        assert!(sniff(b"  <feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(sniff(b"<?xml version='1.0'?><rdf:RDF xmlns:rdf=''>"));
        assert!(!sniff(b"<html><body>rss</body></html>"));
        assert!(!sniff(b"<feedback>"));
        assert!(!sniff("قال <rss".as_bytes()));
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.aljazeera.net/news/1"), Some("www.aljazeera.net"));
        assert_eq!(host("http://u:p@example.org:8080?x"), Some("example.org"));
        assert_eq!(host("ftp://x"), None);
    }
}
