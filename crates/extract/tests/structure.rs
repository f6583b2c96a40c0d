//! The structure stage on the founding article, on CRLF text, and on arbitrary text.

use proptest::prelude::*;
use rasid_core::{Block, BlockKind, CodePoints, Doc, Lang, Pipeline, Span};
use rasid_extract::Structure;

/// The article rasid was founded on (Al Jazeera, April 2019); see examples/README.md.
const SEED: &str = include_str!("../../../examples/seed-libya-africom.txt");

fn run(id: &str, text: &str) -> Doc {
    let pipeline = Pipeline::builder().stage(Structure::new()).build().unwrap();
    let mut doc = Doc::new(id, text);
    pipeline.run(&mut doc).unwrap();
    doc
}

/// The non-blank lines of `text`, trimmed.
fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

#[test]
fn seed_article() {
    let doc = run("seed-libya-africom", SEED);
    let texts: Vec<&str> = doc.blocks.iter().map(|b| doc.slice(b.span)).collect();
    // One block per line, each exactly its trimmed line.
    assert_eq!(texts, lines(SEED));

    use BlockKind::*;
    let mut want = vec![(Title, Lang::Ar), (Caption, Lang::En), (Caption, Lang::Ar)];
    for t in &texts[3..texts.len() - 1] {
        match *t {
            // «لماذا الآن؟» "why now?", «اشتباكات» "clashes".
            "لماذا الآن؟" | "اشتباكات" => want.push((Heading, Lang::Ar)),
            _ => want.push((Paragraph, Lang::Ar)),
        }
    }
    want.push((Source, Lang::Ar));
    let got: Vec<(BlockKind, Lang)> = doc.blocks.iter().map(|b| (b.kind, b.lang)).collect();
    assert_eq!(got, want);

    assert_eq!(texts[0], "عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد والبنتاغون ينفي");
    assert!(texts[1].starts_with("Members of the Libyan") && texts[1].ends_with("REUTERS/Ismail Zitouny"));
    assert!(texts[2].ends_with("(رويترز)"));
    assert_eq!(doc.blocks.iter().filter(|b| b.kind == Heading).count(), 2);
    assert_eq!(doc.blocks.iter().filter(|b| b.kind == Paragraph).count(), 17);
    assert_eq!(*texts.last().unwrap(), "المصدر : الجزيرة + وكالات");

    // The offsets of spec/output.md's example.
    let cp = CodePoints::new(doc.text());
    assert_eq!(cp.span(doc.blocks[0].span), (0, 66));
    assert_eq!(cp.span(doc.blocks[1].span).0, 68);
}

#[test]
fn crlf_gives_the_same_blocks() {
    let lf = run("lf", SEED);
    let crlf_text = SEED.replace('\n', "\r\n");
    let crlf = run("crlf", &crlf_text);
    assert_eq!(lf.blocks.len(), crlf.blocks.len());
    for (a, b) in lf.blocks.iter().zip(&crlf.blocks) {
        assert_eq!((a.kind, a.lang), (b.kind, b.lang));
        assert_eq!(lf.slice(a.span), crlf.slice(b.span));
        assert!(!crlf.slice(b.span).contains(['\r', '\n']));
    }
}

#[test]
fn stage_contract() {
    use rasid_core::{Layer, Stage};
    let s = Structure::new();
    assert_eq!(s.name(), "structure");
    assert!(s.requires().is_empty());
    assert_eq!(s.assigns(), &[Layer::Blocks]);
}

#[test]
fn hints_from_markup_are_trusted() {
    // An HTML page gave the headline (ending with a full stop, which alone would make it a
    // paragraph) and a figure caption without a credit.
    let text = "العنوان من الصفحة نفسها.\nصورة من الموقع\nنص الخبر الذي يروي ما جرى بالتفصيل في المدينة.";
    let mut doc = Doc::new("html", text);
    let cap = text.find("صورة").unwrap();
    let cap_end = cap + "صورة من الموقع".len();
    doc.block_hints = vec![
        Block { kind: BlockKind::Title, span: Span::from_range(0..text.find('\n').unwrap()), lang: Lang::Ar },
        Block { kind: BlockKind::Caption, span: Span::from_range(cap..cap_end), lang: Lang::Ar },
    ];
    let pipeline = Pipeline::builder().stage(Structure::new()).build().unwrap();
    pipeline.run(&mut doc).unwrap();
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Title, BlockKind::Caption, BlockKind::Paragraph]);
    assert_eq!(doc.blocks[..2], doc.block_hints[..]);
}

#[test]
fn paragraph_hints_fix_boundaries_only() {
    // Markup marks every <p> as a paragraph; what a <p> holds is still read: a dateline
    // («بيروت - رويترز:» "Beirut - Reuters:"), a share button («شارك»), the source line.
    let paras = ["بيروت - رويترز: قال الجيش إن الوضع هادئ.", "شارك", "المصدر : الجزيرة + وكالات"];
    let text = paras.join("\n\n");
    let mut doc = Doc::new("html", text.as_str());
    let mut at = 0;
    for p in paras {
        let start = text[at..].find(p).unwrap() + at;
        doc.block_hints.push(Block {
            kind: BlockKind::Paragraph,
            span: Span::from_range(start..start + p.len()),
            lang: Lang::Ar,
        });
        at = start + p.len();
    }
    let pipeline = Pipeline::builder().stage(Structure::new()).build().unwrap();
    pipeline.run(&mut doc).unwrap();
    let got: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, doc.slice(b.span))).collect();
    assert_eq!(
        got,
        [
            (BlockKind::Dateline, "بيروت - رويترز:"),
            (BlockKind::Paragraph, "قال الجيش إن الوضع هادئ."),
            (BlockKind::Other, "شارك"),
            (BlockKind::Source, "المصدر : الجزيرة + وكالات"),
        ]
    );
}

/// Pieces of article-like text: Arabic words, Latin words, the punctuation, agencies, dashes
/// and brackets the rules look at, line breaks of every kind, and arbitrary characters.
fn piece() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "قال",
        "الجيش",
        "في",
        "طرابلس",
        "بيروت",
        "رويترز",
        "أ ف ب",
        "(رويترز)",
        "(الأناضول)",
        "المصدر",
        "المصدر :",
        "الجزيرة",
        "وكالات",
        "+",
        "اقرأ أيضاً",
        "شارك",
        "بقلم",
        "تصوير:",
        "لماذا الآن؟",
        "العربية.نت",
        "دبي،",
        "الإمارات",
        "(CNN)--",
        "REUTERS/Ismail",
        "Zitouny",
        "the",
        "les",
        "By",
        "Getty Images",
        "«",
        "»",
        "\"",
        "-",
        " - ",
        "–",
        "ـ",
        ":",
        ".",
        "..",
        "؟",
        "!",
        "،",
        "(",
        ")",
        "٢٠١٩",
        "2019",
        "فرانس24/",
        "*",
        "-----",
        "القاهرة",
        "أحمد",
    ]);
    prop_oneof![
        6 => words.prop_map(|w| format!("{w} ")),
        2 => prop::sample::select(vec!["\n", "\n\n", "\r\n", "\r", "\u{2029}", " ", "\u{a0}", "\t", "\u{feff}", "\u{200f}"])
            .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

/// What blocks are trimmed of: white space and the invisible format characters of
/// `rasid_arabic::chars` (the same list the tokenizer skips).
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || rasid_arabic::chars::is_invisible(c)
}

fn check_blocks(text: &str, blocks: &[Block]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for b in blocks {
        let (a, e) = (b.span.start as usize, b.span.end as usize);
        prop_assert!(a < e, "empty block {:?}", b);
        prop_assert!(e <= text.len(), "out of bounds {:?}", b);
        prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(e), "off char boundary {:?}", b);
        prop_assert!(a >= prev_end, "unsorted or overlapping {:?}", b);
        let s = &text[a..e];
        prop_assert!(!s.starts_with(is_trimmed) && !s.ends_with(is_trimmed), "untrimmed {:?}", s);
        prev_end = e;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn blocks_are_well_formed(text in text()) {
        let doc = run("p", &text);
        check_blocks(&text, &doc.blocks)?;
        // Nothing is lost: every visible character is inside a block.
        let mut bi = 0;
        for (i, c) in text.char_indices() {
            while bi < doc.blocks.len() && (doc.blocks[bi].span.end as usize) <= i {
                bi += 1;
            }
            let inside = bi < doc.blocks.len() && (doc.blocks[bi].span.start as usize) <= i;
            prop_assert!(inside || is_trimmed(c), "character {:?} at {} is in no block", c, i);
        }
    }

    #[test]
    fn arbitrary_hints_never_break_it(
        text in text(),
        hints in prop::collection::vec((any::<u16>(), any::<u16>(), 0usize..10), 0..6),
    ) {
        let kinds = [
            BlockKind::Title, BlockKind::Subtitle, BlockKind::Caption, BlockKind::Credit, BlockKind::Heading,
            BlockKind::Paragraph, BlockKind::Source, BlockKind::Dateline, BlockKind::Byline, BlockKind::Other,
        ];
        let n = text.len() as u32 + 3;
        let hints: Vec<Block> = hints
            .into_iter()
            .map(|(a, b, k)| {
                let (a, b) = (a as u32 % n, b as u32 % n);
                Block { kind: kinds[k], span: Span { start: a, end: b }, lang: Lang::Und }
            })
            .collect();
        let blocks = Structure::new().blocks(&text, &hints);
        check_blocks(&text, &blocks)?;
    }

    #[test]
    fn crlf_is_lf(text in text()) {
        let text = text.replace('\r', "");
        let a = Structure::new().blocks(&text, &[]);
        let crlf = text.replace('\n', "\r\n");
        let b = Structure::new().blocks(&crlf, &[]);
        let show = |t: &str, v: &[Block]| v.iter().map(|x| (x.kind, x.lang, t[x.span.range()].to_string())).collect::<Vec<_>>();
        prop_assert_eq!(show(&text, &a), show(&crlf, &b));
    }
}
