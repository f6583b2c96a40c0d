//! Test support: an Arabic-biased text strategy shared by the property tests of this crate.

use proptest::prelude::*;

/// Strings of Arabic letters and marks, tatweel, presentation forms, both digit sets, the
/// punctuation and quotation marks of news text, invisible format characters, Latin, and any
/// character now and then.
pub(crate) fn arabic_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => proptest::char::range('\u{0620}', '\u{0652}'),
            2 => proptest::char::range('\u{0600}', '\u{06FF}'),
            1 => proptest::char::range('\u{FB50}', '\u{FEFF}'),
            1 => Just('ـ'),
            2 => Just(' '),
            1 => prop_oneof![Just('«'), Just('»'), Just('.'), Just('،'), Just('-'), Just('/'), Just(':'), Just('%'), Just('@'), Just('#'), Just('\n'), Just('\r')],
            1 => prop_oneof![Just('\u{200B}'), Just('\u{200C}'), Just('\u{200D}'), Just('\u{200F}'), Just('\u{2028}'), Just('\u{00AD}'), Just('\u{FEFF}')],
            2 => proptest::char::range('0', '9'),
            1 => proptest::char::range('٠', '٩'),
            1 => proptest::char::range(' ', '~'),
            1 => any::<char>(),
        ],
        0..80,
    )
    .prop_map(|v| v.into_iter().collect())
}
