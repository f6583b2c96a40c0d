//! The Arabic text layer: normalisation, tokens, clitics and sentences.

pub mod chars;
pub mod clitics;
pub mod lang;
pub mod normalize;
pub mod segeval;
pub mod sentences;
pub mod senteval;
pub mod tokenize;
