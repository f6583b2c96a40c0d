//! Each input format end to end, through the public API, on fixtures written for these tests.

use flate2::{Compression, write::GzEncoder};
use rasid_core::{BlockKind, Doc, Lang};
use rasid_ingest::{Format, IngestError, Loc, Options, read_bytes, read_path, read_reader};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The single result of a single-article input.
fn one(name: &str, bytes: &[u8], opts: &Options) -> Result<Doc, IngestError> {
    let mut docs: Vec<_> = read_bytes(name, bytes, opts).collect();
    assert_eq!(docs.len(), 1, "{name}");
    docs.pop().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The text of every hint of a kind.
fn hints(doc: &Doc, kind: BlockKind) -> Vec<&str> {
    doc.block_hints.iter().filter(|b| b.kind == kind).map(|b| doc.slice(b.span)).collect()
}

/// A short Arabic news text ("The foreign minister said in a statement on Sunday that ...").
const ARABIC: &str = "قال وزير الخارجية في بيان يوم الأحد إن المحادثات مع الجانب الليبي \
    ستستأنف الأسبوع المقبل في العاصمة طرابلس، مؤكدا أن الحكومة ملتزمة بالحل السياسي.\n\
    وأضاف أن الوفد سيضم ممثلين عن وزارتي الدفاع والداخلية.\n";

#[test]
fn text_with_bom_and_crlf_is_kept_verbatim() {
    let path = fixture("seed-libya-africom.txt");
    let raw = std::fs::read(&path).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBF") && raw.windows(2).any(|w| w == b"\r\n"));
    let opts = Options::default().with_published("2019-04-28").unwrap();
    let docs: Vec<_> = read_path(&path, &opts).collect();
    assert_eq!(docs.len(), 1);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.id, "seed-libya-africom");
    assert_eq!(doc.text().as_bytes(), &raw[3..], "only the BOM is removed, CRLF stays");
    assert_eq!(doc.meta.published.as_deref(), Some("2019-04-28"));
    assert_eq!(doc.meta.format.as_deref(), Some("text"));
    assert_eq!(doc.meta.encoding, None);
    assert!(doc.block_hints.is_empty(), "plain text has no markup to hint blocks");
}

#[test]
fn legacy_arabic_encodings_are_detected() {
    for enc in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
        let (bytes, _, unmappable) = enc.encode(ARABIC);
        assert!(!unmappable && std::str::from_utf8(&bytes).is_err());
        let doc = one("legacy.txt", &bytes, &Options::default()).unwrap();
        assert_eq!(doc.text(), ARABIC, "{}", enc.name());
        assert_eq!(doc.meta.encoding.as_deref(), Some(enc.name()));
        assert_eq!(doc.id, "legacy");
    }
}

#[test]
fn html_page_gives_article_blocks_and_metadata() {
    let docs: Vec<_> = read_path(fixture("libya-page.html"), &Options::default()).collect();
    let doc = docs[0].as_ref().unwrap();
    doc.validate().unwrap();
    assert_eq!(doc.id, "libya-page");
    assert_eq!(hints(doc, BlockKind::Title), ["القوات الأميركية تعود إلى طرابلس"]);
    assert!(doc.text().starts_with("القوات الأميركية تعود إلى طرابلس\n\n"), "title first");
    assert_eq!(hints(doc, BlockKind::Caption), ["عناصر من القوات الليبية في طرابلس (رويترز)"]);
    assert_eq!(hints(doc, BlockKind::Heading), ["نفي أميركي"]);
    assert_eq!(hints(doc, BlockKind::Byline), ["مراسل الموقع"]);
    let paras = hints(doc, BlockKind::Paragraph);
    assert_eq!(paras.len(), 5, "{paras:#?}");
    assert!(paras[0].starts_with("أفادت مصادر من حكومة الوفاق الليبية"));
    // Entities decoded, `&nbsp;` and source newlines read as one space, `<br>` splits.
    assert!(paras[1].contains("«الحكومة تعمل مع شركائها الدوليين»"), "{}", paras[1]);
    assert!(paras[1].ends_with("الأميركي محدود ومؤقت."), "{}", paras[1]);
    assert_eq!(paras[2], "وأشار إلى أن المحادثات ستستمر خلال الأيام المقبلة.");
    assert!(paras[3].ends_with("والدوليين & الأمم المتحدة."), "{}", paras[3]);
    assert!(doc.block_hints.iter().all(|b| b.lang == Lang::Ar));
    // Blocks are separated by one blank line, nothing else.
    for w in doc.block_hints.windows(2) {
        assert_eq!(&doc.text()[w[0].span.end as usize..w[1].span.start as usize], "\n\n");
    }
    for gone in ["الرئيسية", "سياسة", "سكربت", "tracking", "جميع الحقوق", "ذات صلة", "اتصل بنا", "color"]
    {
        assert!(!doc.text().contains(gone), "{gone:?} should have been dropped");
    }
    let m = &doc.meta;
    assert_eq!(m.published.as_deref(), Some("2019-04-28"));
    assert_eq!(m.url.as_deref(), Some("https://news.example/ar/2019/04/28/africom-tripoli"));
    assert_eq!(m.source.as_deref(), Some("موقع الاختبار"));
    assert_eq!(m.byline.as_deref(), Some("مراسل الموقع"));
    assert_eq!(m.format.as_deref(), Some("html"));
}

#[test]
fn html_page_without_metadata() {
    // `<br><br>` paragraphs in a bare `<div>`, the headline only in `<h1>` and in a shortened
    // `<title>` with the site's name, an ad box, menus, a sidebar and share links.
    let docs: Vec<_> = read_path(fixture("legacy-page.html"), &Options::default()).collect();
    let doc = docs[0].as_ref().unwrap();
    doc.validate().unwrap();
    assert_eq!(hints(doc, BlockKind::Title), ["الرئيس يستقبل الوفد الأوروبي"]);
    let paras = hints(doc, BlockKind::Paragraph);
    assert_eq!(paras.len(), 3, "{paras:#?}");
    assert!(paras[0].starts_with("استقبل الرئيس صباح اليوم"));
    assert!(paras[2].starts_with("من جهته، أكد المفوض الأوروبي"));
    for gone in ["إعلان", "الأكثر قراءة", "فيسبوك", "وسوم", "ملفات تعريف", "محليات", "جميع الحقوق"]
    {
        assert!(!doc.text().contains(gone), "{gone:?} should have been dropped");
    }
    assert_eq!(doc.meta.published, None);
}

#[test]
fn html_date_sources() {
    let page = |head: &str, body: &str| {
        format!("<html><head>{head}</head><body><article><p>{ARABIC}</p>{body}</article></body></html>")
    };
    let cases = [
        (
            page(r#"<meta property="article:published_time" content="2020-01-02T03:04:05Z">"#, ""),
            "2020-01-02",
        ),
        (
            page(
                r#"<script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"2021-05-06"}]</script>"#,
                "",
            ),
            "2021-05-06",
        ),
        (page("", r#"<time datetime="2022-07-08T10:00:00+03:00">8 يوليو</time>"#), "2022-07-08"),
    ];
    for (html, want) in cases {
        let doc = one("p.html", html.as_bytes(), &Options::default()).unwrap();
        assert_eq!(doc.meta.published.as_deref(), Some(want), "{html}");
    }
    // Nothing in the page: the option is the fallback.
    let opts = Options::default().with_published("2019-04-28").unwrap();
    let doc = one("p.html", page("", "").as_bytes(), &opts).unwrap();
    assert_eq!(doc.meta.published.as_deref(), Some("2019-04-28"));
}

#[test]
fn html_in_windows_1256_with_declared_charset() {
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">\
         <title>خبر</title></head><body><h1>عنوان الخبر</h1><p>{ARABIC}</p></body></html>"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
    let doc = one("old.htm", &bytes, &Options::default()).unwrap();
    assert_eq!(doc.meta.encoding.as_deref(), Some("windows-1256"));
    assert!(doc.text().contains("مؤكدا أن الحكومة ملتزمة بالحل السياسي."), "{}", doc.text());
}

#[test]
fn html_without_article_is_an_error() {
    let html = b"<html><head><title></title></head><body><nav><a href=/>\xD8\xA3</a></nav><script>x()</script></body></html>";
    let e = one("nav-only.html", html, &Options::default()).unwrap_err();
    assert!(matches!(e, IngestError::NoArticle { .. }), "{e}");
    assert_eq!(e.name(), Some("nav-only.html"));
}

#[test]
fn deeply_nested_html_does_not_hang_or_overflow() {
    let html = format!(
        "<html><body>{}<p>{ARABIC}</p>{}</body></html>",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let start = std::time::Instant::now();
    let doc = one("deep.html", html.as_bytes(), &Options::default()).unwrap();
    assert!(doc.text().contains("طرابلس"));
    assert!(start.elapsed().as_secs() < 30);
}

#[test]
fn jsonl_bad_line_in_the_middle() {
    let docs: Vec<_> = read_path(fixture("news.jsonl"), &Options::default()).collect();
    assert_eq!(docs.len(), 3);
    let first = docs[0].as_ref().unwrap();
    assert_eq!(first.id, "AR-1");
    assert_eq!(
        first.text(),
        "الوزير يزور القاهرة\n\nوصل الوزير إلى القاهرة صباح اليوم.\nوالتقى نظيره المصري."
    );
    assert_eq!(hints(first, BlockKind::Title), ["الوزير يزور القاهرة"]);
    assert_eq!(first.meta.published.as_deref(), Some("2018-02-18"));
    assert_eq!(first.meta.byline.as_deref(), Some("القاهرة - أحمد"));
    assert_eq!(first.meta.extra["category"], "politics");
    let e = docs[1].as_ref().unwrap_err();
    assert!(matches!(e, IngestError::Json { .. }), "{e}");
    assert_eq!(e.line(), Some(2));
    assert!(e.to_string().contains("news.jsonl:2"), "{e}");
    let third = docs[2].as_ref().unwrap();
    assert_eq!((third.id.as_str(), third.text()), ("AR-3", "خبر بلا عنوان."));
    assert_eq!(third.meta.published.as_deref(), Some("2019-04-28"));
    assert!(third.block_hints.is_empty());
    assert_eq!(third.meta.extra["tags"][0], "ليبيا");
}

#[test]
fn gzip_is_transparent() {
    let plain = std::fs::read(fixture("news.jsonl")).unwrap();
    let gz = gzip(&plain);
    // By name, and by content sniffing under a name that says nothing.
    for name in ["news.jsonl.gz", "-"] {
        let docs = read_bytes(name, &gz, &Options::default());
        assert_eq!(docs.format(), Some(Format::Jsonl));
        let ids: Vec<_> = docs.map(|d| d.map(|d| d.id).map_err(|e| e.line())).collect();
        assert_eq!(ids, [Ok("AR-1".to_string()), Err(Some(2)), Ok("AR-3".to_string())], "{name}");
    }
    let dir = std::env::temp_dir().join(format!("rasid-ingest-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seed.txt.gz");
    std::fs::write(&path, gzip(ARABIC.as_bytes())).unwrap();
    let doc = read_path(&path, &Options::default()).next().unwrap().unwrap();
    assert_eq!((doc.id.as_str(), doc.text()), ("seed", ARABIC));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn corrupt_gzip_is_a_user_error() {
    let mut gz = gzip(ARABIC.repeat(50).as_bytes());
    gz.truncate(gz.len() / 2);
    let e = one("x.txt.gz", &gz, &Options::default()).unwrap_err();
    assert!(matches!(e, IngestError::Gzip { .. }), "{e}");
    assert!(e.is_user_error());
    let mut bad = gzip(b"{\"text\": \"a\"}\n");
    let n = bad.len();
    bad[n - 6] ^= 0xFF; // the CRC
    let items: Vec<_> = read_bytes("x.jsonl.gz", &bad, &Options::default()).collect();
    assert!(items.iter().any(|r| matches!(r, Err(IngestError::Gzip { .. }))), "{items:?}");
}

#[test]
fn sniffing_stdin() {
    let page =
        format!("<!DOCTYPE html><html><body><article><h1>عنوان</h1><p>{ARABIC}</p></article></body></html>");
    let docs = read_reader("-", page.as_bytes(), &Options::default());
    assert_eq!(docs.format(), Some(Format::Html));
    let doc = docs.into_iter().next().unwrap().unwrap();
    assert_eq!(doc.id, "stdin");
    assert_eq!(hints(&doc, BlockKind::Title), ["عنوان"]);
    let doc = one("-", ARABIC.as_bytes(), &Options::default()).unwrap();
    assert_eq!((doc.id.as_str(), doc.meta.format.as_deref()), ("stdin", Some("text")));
    // A forced format wins over the name.
    let opts = Options::default().with_format(Format::Text);
    assert_eq!(one("x.html", page.as_bytes(), &opts).unwrap().text(), page);
}

#[test]
fn binary_input_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01";
    for name in ["image.txt", "image.html", "image"] {
        let e = one(name, png, &Options::default()).unwrap_err();
        assert!(matches!(e, IngestError::Binary { what: "PNG image", .. }), "{name}: {e}");
    }
    let mut nul = ARABIC.as_bytes().to_vec();
    nul.splice(4..4, [0u8]);
    let e = one("nul.txt", &nul, &Options::default()).unwrap_err();
    assert_eq!(e.loc(), Loc::byte(4));
    assert!(e.to_string().starts_with("nul.txt: byte 4: binary data"), "{e}");
    assert_eq!(e.code(), "binary_input");
}

#[test]
fn undecodable_text_names_the_offset() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(ARABIC.as_bytes());
    bytes.extend_from_slice(b"\xD9"); // a cut-off character
    let e = one("cut.txt", &bytes, &Options::default()).unwrap_err();
    assert!(matches!(e, IngestError::Undecodable { .. }), "{e}");
    assert_eq!(e.loc(), Loc::byte(bytes.len() as u64 - 1));
}

#[test]
fn empty_input_is_refused() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b" \r\n\t\n"),
        ("bom.txt", b"\xEF\xBB\xBF\n"),
        ("marks.txt", "\u{200F}\u{200E} \n".as_bytes()),
        ("blank.html", b"  "),
    ] {
        let e = one(name, bytes, &Options::default()).unwrap_err();
        assert!(matches!(e, IngestError::Empty { .. }), "{name}: {e}");
    }
    assert_eq!(read_bytes("empty.jsonl", b"", &Options::default()).count(), 0, "no lines, no documents");
}

#[test]
fn size_limit() {
    let opts = Options::default().with_max_bytes(100);
    let e = one("big.txt", ARABIC.as_bytes(), &opts).unwrap_err();
    assert!(matches!(e, IngestError::TooLarge { limit: 100, .. }), "{e}");
    assert_eq!(e.code(), "article_too_large");
    let gz = gzip(ARABIC.repeat(1000).as_bytes());
    let e = one("big.txt.gz", &gz, &opts).unwrap_err();
    assert!(matches!(e, IngestError::TooLarge { .. }), "decompressed size counts: {e}");
    assert!(one("small.txt", "نص قصير".as_bytes(), &opts).is_ok());
    let jsonl = format!("{{\"text\": \"{}\"}}\n{{\"text\": \"نص\"}}\n", ARABIC.replace('\n', " "));
    let items: Vec<_> = read_bytes("x.jsonl", jsonl.as_bytes(), &opts).collect();
    assert!(matches!(items[0], Err(IngestError::TooLarge { at: Loc { line: Some(1), .. }, .. })));
    assert!(items[1].is_ok());
}

#[test]
fn missing_file_is_named() {
    let e = read_path("/nonexistent/dir/article.txt", &Options::default()).next().unwrap().unwrap_err();
    assert!(matches!(e, IngestError::NotFound { .. }), "{e}");
    assert_eq!(e.to_string(), "/nonexistent/dir/article.txt: no such file");
}

#[test]
fn bad_published_option() {
    for bad in ["2019-02-30", "28/04/2019", "2019-4-28", "tomorrow"] {
        let e = Options::default().with_published(bad).unwrap_err();
        assert_eq!(e.code(), "bad_date", "{bad}");
    }
}

#[test]
fn docs_and_errors_cross_threads() {
    fn send<T: Send>() {}
    fn send_sync_static<T: Send + Sync + 'static>() {}
    send::<rasid_ingest::Docs<'static>>();
    send_sync_static::<IngestError>();
}

/// The blocks of one HTML page, as (kind, text).
fn html_blocks(html: &str) -> Vec<(BlockKind, String)> {
    let doc = one("p.html", html.as_bytes(), &Options::default()).unwrap();
    doc.validate().unwrap();
    doc.block_hints.iter().map(|b| (b.kind, doc.slice(b.span).to_owned())).collect()
}

#[test]
fn html_headline_is_the_h1_shown() {
    let para = ARABIC.replace('\n', " ");
    // The `<title>` is the site's name alone ("Sky News Arabia"), the headline is the `<h1>`.
    let page = format!(
        "<html><head><title>سكاي نيوز عربية</title></head><body><h1>انفجار في بغداد يقتل عشرة أشخاص</h1>\
         <p>{para}</p><p>{para}</p></body></html>"
    );
    let b = html_blocks(&page);
    assert_eq!(b[0], (BlockKind::Title, "انفجار في بغداد يقتل عشرة أشخاص".to_owned()), "{b:#?}");
    assert!(!b.iter().any(|(_, s)| s.contains("سكاي نيوز")), "{b:#?}");
    assert_eq!(b.iter().filter(|(_, s)| s.contains("انفجار في بغداد")).count(), 1, "{b:#?}");
    // A JSON-LD headline that the page does not show loses to the `<h1>`, which is not repeated.
    let page = format!(
        "<html><head><title>موقع الأخبار - الصفحة الرئيسية</title><script type=\"application/ld+json\">\
         {{\"@type\":\"NewsArticle\",\"headline\":\"انفجار في بغداد\"}}</script></head><body>\
         <div id=menu><a>سياسة</a> | <a>اقتصاد</a></div><div class=content>\
         <h1 class=headline>انفجار في بغداد يقتل عشرة أشخاص</h1><h2>مسؤولون: الهجوم استهدف سوقا</h2>\
         <p>{para}</p><p>{para}</p></div></body></html>"
    );
    let b = html_blocks(&page);
    assert_eq!(b[0], (BlockKind::Title, "انفجار في بغداد يقتل عشرة أشخاص".to_owned()), "{b:#?}");
    assert_eq!(b[1], (BlockKind::Heading, "مسؤولون: الهجوم استهدف سوقا".to_owned()), "{b:#?}");
    assert_eq!(b.iter().filter(|(_, s)| s.contains("انفجار في بغداد")).count(), 1, "{b:#?}");
}

#[test]
fn html_declared_titles_lose_the_site_name() {
    let para = ARABIC.replace('\n', " ");
    let title = |head: &str| {
        let b = html_blocks(&format!(
            "<html><head>{head}</head><body><div><p>{para}</p><p>{para}</p></div></body></html>"
        ));
        b.into_iter().find(|(k, _)| *k == BlockKind::Title).map(|(_, s)| s)
    };
    // No `<h1>`: the `<title>` without the site's name.
    assert_eq!(title("<title>نتائج الانتخابات - BBC News عربي</title>").as_deref(), Some("نتائج الانتخابات"));
    let sky = "<meta property=\"og:site_name\" content=\"سكاي نيوز عربية\">";
    assert_eq!(
        title(&format!("{sky}<meta property=\"og:title\" content=\"الحكومة تعلن خطة | سكاي نيوز عربية\">"))
            .as_deref(),
        Some("الحكومة تعلن خطة")
    );
    // The site's name alone is no headline.
    assert_eq!(title(&format!("{sky}<title>سكاي نيوز عربية</title>")), None);
    // A logo `<h1>` is not the headline either.
    let b = html_blocks(&format!(
        "<html><head>{sky}<meta property=\"og:title\" content=\"الحكومة تعلن خطة\"></head><body>\
         <header><h1 class=logo><a href=\"/\">سكاي نيوز عربية</a></h1></header><div><p>{para}</p><p>{para}</p></div></body></html>"
    ));
    assert_eq!(b[0], (BlockKind::Title, "الحكومة تعلن خطة".to_owned()), "{b:#?}");
}

#[test]
fn html_table_cells_and_list_items_stay_apart() {
    // Readability turns the table into a `<div>` and keeps its cells; they must not be glued.
    let b = html_blocks(
        "<html><body><table><tr><td>قال الرئيس إن الوضع مستقر.</td><td>وأضاف أن الحكومة ستعمل.</td></tr>\
         </table></body></html>",
    );
    let texts: Vec<_> = b.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(texts, ["قال الرئيس إن الوضع مستقر.", "وأضاف أن الحكومة ستعمل."]);
    let para = ARABIC.replace('\n', " ");
    let doc = one(
        "p.html",
        format!(
            "<html><body><article><p>{para}</p><table><caption>النتائج</caption><tr><th>الحزب</th><th>المقاعد</th></tr>\
             <tr><td>الأول</td><td>٣٥</td></tr></table><ul><li>البند الأول</li><li>البند الثاني</li></ul>\
             <p>{para}</p></article></body></html>"
        )
        .as_bytes(),
        &Options::default(),
    )
    .unwrap();
    for glued in ["الحزبالمقاعد", "الأول٣٥", "الأولالبند", "الأولالبند", "النتائجالحزب", "البند الأولالبند"]
    {
        assert!(!doc.text().contains(glued), "{glued}: {}", doc.text());
    }
    assert!(hints(&doc, BlockKind::Caption).contains(&"النتائج"));
}

#[test]
fn html_long_run_of_entities_is_linear() {
    // 1 MB of `&amp;` in one paragraph: html5ever's serializer was quadratic in it (0.8 s here,
    // half a minute at 8 MB); now it takes milliseconds.
    let html = format!("<p>{}", "&amp;".repeat(200_000));
    let doc = one("ents.html", html.as_bytes(), &Options::default()).unwrap();
    assert_eq!(doc.text(), "&".repeat(200_000));
}
