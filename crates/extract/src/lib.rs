//! rasid's extraction stages, which read an article's text (and the layers below) and find its
//! structure and what it reports. So far: the article structure stage, [`Structure`], which
//! splits the text into blocks (title, subtitle, captions, credits, headings, paragraphs,
//! datelines, bylines, the source line) and tags each with its language.
//!
//! ```
//! use rasid_core::{BlockKind, Doc, Lang, Pipeline};
//! use rasid_extract::Structure;
//!
//! // A headline ("The return of the American force to Libya.. the GNA confirms and the Pentagon
//! // denies"), a photo caption in English, one in Arabic closed by «(رويترز)» "(Reuters)", a
//! // paragraph, a heading «لماذا الآن؟» "why now?" and the source line
//! // «المصدر : الجزيرة + وكالات» "source: Al Jazeera + agencies".
//! let text = "عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد والبنتاغون ينفي\n\n\
//!     Forces gather in Ain Zara, Tripoli, Libya April 28, 2019. REUTERS/Ismail Zitouny\n\
//!     التحركات الأميركية الجديدة تهدف إلى وقف الحرب (رويترز)\n\n\
//!     أفادت مصادر من حكومة الوفاق الليبية بأن القوات الأميركية عادت إلى العاصمة طرابلس.\n\n\
//!     لماذا الآن؟\n\
//!     وقال مراسل الجزيرة في طرابلس إن عودة الجنود الأميركيين ربما تعود لأسباب عدة.\n\n\
//!     المصدر : الجزيرة + وكالات";
//! let pipeline = Pipeline::builder().stage(Structure::new()).build().unwrap();
//! let mut doc = Doc::new("seed", text);
//! pipeline.run(&mut doc).unwrap();
//!
//! use BlockKind::*;
//! let kinds: Vec<(BlockKind, Lang)> = doc.blocks.iter().map(|b| (b.kind, b.lang)).collect();
//! assert_eq!(kinds, [
//!     (Title, Lang::Ar),
//!     (Caption, Lang::En),
//!     (Caption, Lang::Ar),
//!     (Paragraph, Lang::Ar),
//!     (Heading, Lang::Ar),
//!     (Paragraph, Lang::Ar),
//!     (Source, Lang::Ar),
//! ]);
//! assert_eq!(doc.slice(doc.blocks[4].span), "لماذا الآن؟");
//! ```

pub mod attribution;
pub mod event;
pub mod link;
pub mod pipeline;
pub mod structure;
pub mod time;

pub use attribution::AttributionStage;
pub use link::LinkStage;
pub use structure::Structure;
pub use time::TimeStage;
