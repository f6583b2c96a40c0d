//! Property tests: no input makes ingestion panic, and every document it makes is well formed.

use proptest::prelude::*;
use rasid_ingest::{Format, Options, read_bytes};

/// Pieces that ingestion treats specially, mixed with Arabic text, so that random inputs reach
/// the HTML, JSON and decoding paths rather than failing at the first byte.
const PIECES: &[&str] = &[
    "قال",
    "الناطق",
    "وزارة",
    "الخارجية",
    " ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "،",
    ".",
    "«",
    "»",
    "\u{064E}",
    "\u{0651}",
    "\u{0640}",
    "\u{200F}",
    "\u{FEFF}",
    "٣",
    "2019",
    "Reuters",
    "é",
    "<p>",
    "</p>",
    "<br>",
    "<div>",
    "</div>",
    "<h2>",
    "</h2>",
    "<figcaption>",
    "<script>",
    "</script>",
    "<nav>",
    "<html>",
    "<body>",
    "<!--",
    "-->",
    "<meta property=\"og:title\" content=\"",
    "\">",
    "<meta charset=windows-1256>",
    "<time datetime=\"2019-04-28\">",
    "&amp;",
    "&nbsp;",
    "&#1575;",
    "&",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\"text\"",
    "\"title\"",
    "\"id\"",
    "\"time\"",
    "null",
    "1",
    "\\n",
    "\\u0000",
    "\\ud800",
    "\u{1}",
    "\u{7f}",
];

fn pieces() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat().into_bytes())
}

fn piece_string() -> impl Strategy<Value = String> {
    pieces().prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// JSON Lines whose records have random field values, with some lines replaced by garbage.
fn jsonl() -> impl Strategy<Value = Vec<u8>> {
    let date = prop_oneof![
        Just(serde_json::Value::Null),
        Just("Sun, 18 Feb 2018 21:35:43 +0400".into()),
        Just("2019-02-29".into()),
        piece_string().prop_map(serde_json::Value::from),
    ];
    let record = (piece_string(), piece_string(), date, any::<bool>(), piece_string()).prop_map(
        |(title, text, time, garbage, junk)| {
            if garbage {
                junk
            } else {
                serde_json::json!({"id": title.chars().take(5).collect::<String>(), "title": title,
                                   "text": text, "time": time})
                .to_string()
            }
        },
    );
    prop::collection::vec(record, 0..8).prop_map(|lines| lines.join("\n").into_bytes())
}

fn inputs() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        jsonl(),
        prop::collection::vec(any::<u8>(), 0..600),
        pieces(),
        // Legacy-encoded text and gzip of random pieces reach the decoders.
        pieces().prop_map(|b| encoding_rs::WINDOWS_1256.encode(&String::from_utf8_lossy(&b)).0.into_owned()),
        pieces().prop_map(|b| {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&b).unwrap();
            e.finish().unwrap()
        }),
        // A gzip stream cut short.
        (pieces(), any::<prop::sample::Index>()).prop_map(|(b, i)| {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&b).unwrap();
            let mut z = e.finish().unwrap();
            z.truncate(i.index(z.len() + 1));
            z
        }),
    ]
}

fn check(name: &str, bytes: &[u8], opts: &Options) -> Result<(), TestCaseError> {
    for item in read_bytes(name, bytes, opts).take(1000) {
        let Ok(doc) = item else { continue };
        prop_assert!(doc.validate().is_ok(), "{:?}", doc.validate());
        prop_assert!(!doc.text().is_empty());
        prop_assert!(!doc.id.is_empty());
        for b in &doc.block_hints {
            prop_assert!(!b.span.is_empty());
        }
        if let Some(p) = &doc.meta.published {
            prop_assert!(p.len() == 10 && p.as_bytes()[4] == b'-' && p.as_bytes()[7] == b'-', "{p}");
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_and_hints_are_well_formed(bytes in inputs()) {
        check("-", &bytes, &Options::default())?;
        for format in [Format::Text, Format::Html, Format::Jsonl] {
            check("x", &bytes, &Options::default().with_format(format))?;
        }
    }

    #[test]
    fn tiny_limits_do_not_panic(bytes in pieces(), max in 1usize..64) {
        for name in ["a.txt", "a.html", "a.jsonl"] {
            check(name, &bytes, &Options::default().with_max_bytes(max))?;
        }
    }
}
