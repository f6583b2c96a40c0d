//! The `rasid` command's library half: the readable report, shared by the binary and the golden
//! tests.
//!
//! ```
//! use rasid_core::Doc;
//! let mut doc = Doc::new("d", "المصدر : الجزيرة"); // "source: Al Jazeera"
//! rasid_extract::pipeline::text_layer().run(&mut doc).unwrap();
//! let report = rasid_cli::report::render(&doc, false);
//! assert!(report.contains("source"));
//! ```

pub mod report;
