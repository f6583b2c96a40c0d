//! rasid's Arabic text layer: what every later stage reads words and sentences through.
//!
//! * [`chars`]: letter, diacritic, digit and bidi classes.
//! * [`normalize`]: a display-safe form and a lossy [`normalize::fold`] for matching and search
//!   (one function for index and query).
//! * [`tokenize`]: words in Arabic and Latin script, numbers in both digit sets, dates, times,
//!   percentages, punctuation, quotation marks, dashes, URLs, e-mails, hashtags, mentions.
//! * [`clitics`]: proclitics, base and pronoun enclitic of each Arabic word as sub-spans, decided
//!   with corpus frequencies (an embedded table built by `rasid data build-clitics`).
//! * [`sentences`]: sentence splitting inside blocks.
//! * [`stem`]: a root-like stem (ISRI rules) for search recall.
//! * [`lang`]: the main language of a block.
//! * [`segeval`], [`senteval`]: evaluation against UD treebanks.
//!
//! None of these rewrites the text: every result is a byte span into it.
//!
//! ```
//! use rasid_arabic::{clitics::Segmenter, normalize::fold_str, tokenize::tokenize};
//!
//! // "and its spokesman said", with a vowel mark on the first word
//! let text = "وقالَ الناطق باسمها";
//! let tokens = tokenize(text);
//! assert_eq!(tokens.len(), 3);
//! let word = &text[tokens[2].span.range()];
//! let seg = Segmenter::embedded().segment(word);
//! let base = seg.base(tokens[2].span);
//! assert_eq!(&text[base.range()], "اسم"); // ب "in" + اسم "name" + ها "its"
//! assert_eq!(fold_str(&text[tokens[0].span.range()]), "وقال");
//! ```

pub mod chars;
pub mod clitics;
pub mod corpus;
pub mod lang;
pub mod normalize;
pub mod segeval;
pub mod sentences;
pub mod senteval;
pub mod stem;
pub mod tokenize;

#[cfg(test)]
mod testing;
