//! Bytes to text: BOMs, UTF-8, legacy encodings, and telling binary data from text.

use crate::error::{IngestError, Loc};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE};

/// Decoded text and, when it was not UTF-8, the encoding it was decoded from.
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: Option<&'static str>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Signatures of binary formats that turn up where text is expected.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1F\x8B", "gzip data"),
    (b"\xFD7zXZ\x00", "xz data"),
    (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
    (b"\x28\xB5\x2F\xFD", "zstd data"),
    (b"\x7FELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"wOFF", "web font"),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// Finds evidence that `bytes` are binary data rather than text: a known file signature, a NUL
/// byte, or more than 2% C0 control characters (other than tab, newlines, form feed and ESC).
/// Returns the byte offset of the evidence and what it is.
pub(crate) fn binary_evidence(bytes: &[u8]) -> Option<(u64, &'static str)> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some((0, what));
    }
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Some((i as u64, "NUL byte"));
    }
    let is_ctl = |b: &u8| matches!(b, 0x01..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F);
    let n = bytes.iter().filter(|b| is_ctl(b)).count();
    if n > 0 && n * 50 > bytes.len() {
        let first = bytes.iter().position(is_ctl).unwrap_or(0);
        return Some((first as u64, "control characters"));
    }
    None
}

fn binary_err(name: &str, at: Loc, (off, what): (u64, &'static str)) -> IngestError {
    IngestError::Binary { name: name.to_owned(), at: at.at_byte(off), what }
}

/// Decodes `bytes` in `enc` without replacement characters: `Err(offset)` of the first byte
/// sequence the encoding does not define.
fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut dec = enc.new_decoder_without_bom_handling();
    let cap = dec.max_utf8_buffer_length_without_replacement(bytes.len()).ok_or(0usize)?;
    let mut out = String::with_capacity(cap);
    let (res, read) = dec.decode_to_string_without_replacement(bytes, &mut out, true);
    match res {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => Err(read.saturating_sub(bad as usize + after as usize)),
        DecoderResult::OutputFull => Err(read),
    }
}

/// The encoding an HTML page declares in its first 4 KiB (`<meta charset=...>` or
/// `content="text/html; charset=..."`), if it is one we may trust for a non-UTF-8 page.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let key = b"charset";
    let mut from = 0;
    while let Some(i) = lower[from..].windows(key.len()).position(|w| w == key) {
        let mut rest = &lower[from + i + key.len()..];
        from += i + key.len();
        while let [b' ' | b'\t' | b'\n' | b'\r', tail @ ..] = rest {
            rest = tail;
        }
        let Some(tail) = rest.strip_prefix(b"=") else { continue };
        let label: Vec<u8> = tail
            .iter()
            .skip_while(|b| matches!(b, b' ' | b'"' | b'\''))
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .copied()
            .collect();
        if let Some(enc) = Encoding::for_label(&label)
            && ![
                encoding_rs::UTF_8,
                encoding_rs::REPLACEMENT,
                encoding_rs::X_USER_DEFINED,
                UTF_16LE,
                UTF_16BE,
            ]
            .contains(&enc)
        {
            return Some(enc);
        }
    }
    None
}

/// True when invalid UTF-8 still looks like UTF-8 that was damaged (more valid multi-byte
/// characters than invalid bytes), rather than a legacy single-byte encoding, whose high bytes
/// seldom happen to form UTF-8 sequences.
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let (mut multi, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multi += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multi > invalid
}

/// Decodes one article's bytes. `html` allows a `<meta charset>` declaration to name the
/// encoding; otherwise non-UTF-8 input is identified with chardetng. A UTF-8 BOM is removed and
/// nothing else is changed (CRLF stays).
pub(crate) fn decode(name: &str, at: Loc, bytes: &[u8], html: bool) -> Result<Decoded, IngestError> {
    let undecodable = |off: usize, encoding: &'static str| IngestError::Undecodable {
        name: name.to_owned(),
        at: at.at_byte(off as u64),
        encoding,
    };
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        let text =
            std::str::from_utf8(rest).map_err(|e| undecodable(UTF8_BOM.len() + e.valid_up_to(), "UTF-8"))?;
        if let Some((off, what)) = binary_evidence(rest) {
            return Err(binary_err(name, at, (off + UTF8_BOM.len() as u64, what)));
        }
        return Ok(Decoded { text: text.to_owned(), encoding: None });
    }
    for (bom, enc) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = decode_strict(enc, rest).map_err(|off| undecodable(off + 2, enc.name()))?;
            if let Some((_, what)) = binary_evidence(text.as_bytes()) {
                return Err(binary_err(name, at, (0, what)).without_byte());
            }
            return Ok(Decoded { text, encoding: Some(enc.name()) });
        }
    }
    if let Some(ev) = binary_evidence(bytes) {
        return Err(binary_err(name, at, ev));
    }
    let utf8_err = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Decoded { text: text.to_owned(), encoding: None }),
        Err(e) => e.valid_up_to(),
    };
    if looks_like_damaged_utf8(bytes) {
        return Err(undecodable(utf8_err, "UTF-8"));
    }
    let declared = if html { declared_charset(bytes) } else { None };
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        det.guess(None, false)
    });
    let text = decode_strict(enc, bytes).map_err(|off| undecodable(off, enc.name()))?;
    // Single-byte encodings define nearly every byte, so binary data can "decode"; C1 controls
    // in the result are the sign that it was not text in that encoding.
    let c1 = text.chars().filter(|c| ('\u{80}'..='\u{9F}').contains(c)).count();
    if c1 > 0 && c1 * 100 > text.chars().count() {
        return Err(undecodable(0, enc.name()).without_byte());
    }
    Ok(Decoded { text, encoding: Some(enc.name()) })
}

impl IngestError {
    /// Drops a byte offset that would not point into the input (after a transcoding).
    fn without_byte(mut self) -> IngestError {
        if let IngestError::Binary { at, .. } | IngestError::Undecodable { at, .. } = &mut self {
            at.byte = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<Decoded, IngestError> {
        decode("t", Loc::NONE, bytes, false)
    }

    const ARABIC: &str = "قالت وزارة الخارجية في بيان إن الوزير سيزور العاصمة الأسبوع المقبل لبحث \
                          العلاقات الثنائية والتعاون الاقتصادي بين البلدين.\r\n";

    #[test]
    fn utf8_with_bom_and_crlf_kept() {
        let mut b = UTF8_BOM.to_vec();
        b.extend_from_slice(ARABIC.as_bytes());
        let d = dec(&b).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding, None);
    }

    #[test]
    fn legacy_arabic_encodings() {
        for enc in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
            let (bytes, _, bad) = enc.encode(ARABIC);
            assert!(!bad);
            let d = dec(&bytes).unwrap();
            assert_eq!(d.text, ARABIC, "{}", enc.name());
            assert_eq!(d.encoding, Some(enc.name()));
        }
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in ARABIC.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = dec(&b).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn html_declared_charset_wins() {
        let page =
            format!("<html><head><meta charset=\"windows-1256\"></head><body><p>{ARABIC}</p></body></html>");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
        let d = decode("t", Loc::NONE, &bytes, true).unwrap();
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, Some("windows-1256"));
    }

    #[test]
    fn binary_and_damaged() {
        let e = dec(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").err().unwrap();
        assert!(matches!(e, IngestError::Binary { what: "PNG image", .. }), "{e}");
        let e = dec(b"abc\0def").err().unwrap();
        assert_eq!(e.loc(), Loc::byte(3));
        let mut damaged = ARABIC.as_bytes().to_vec();
        damaged.insert(9, 0xFF);
        let e = dec(&damaged).err().unwrap();
        assert!(matches!(e, IngestError::Undecodable { encoding: "UTF-8", .. }), "{e}");
        assert_eq!(e.loc(), Loc::byte(9));
        let e = dec(b"\xEF\xBB\xBFok\xC3").err().unwrap();
        assert_eq!(e.loc(), Loc::byte(5));
    }
}
