//! Stages and the pipeline that orders them.

use crate::Doc;
use crate::doc::InvalidSpan;
use crate::layers::{Layer, LayerSet};
use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Why a stage could not process a document.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// The document breaks a precondition the stage cannot work around (a user-input problem).
    #[error("{stage}: {reason}")]
    Input { stage: &'static str, reason: String },
    /// A model, lexicon or other resource of the stage failed (an internal problem).
    #[error("{stage}: internal error: {reason}")]
    Internal { stage: &'static str, reason: String },
}

/// One step of analysis. A stage loads its lexicons and models once in its constructor, takes
/// `&self`, and is deterministic (no hash-map order may reach a layer).
pub trait Stage: Send + Sync {
    /// A stable name, used in errors and `rasid` output.
    fn name(&self) -> &'static str;
    /// Layers that must be assigned before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage fills in.
    fn assigns(&self) -> &'static [Layer];
    fn process(&self, doc: &mut Doc) -> Result<(), StageError>;
}

/// A pipeline that cannot be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PipelineError {
    #[error("stage `{stage}` requires layer `{layer}`, which no earlier stage assigns")]
    MissingLayer { stage: &'static str, layer: Layer },
    #[error("stage `{stage}` assigns layer `{layer}`, already assigned by `{previous}`")]
    AssignedTwice { stage: &'static str, previous: &'static str, layer: Layer },
}

/// A document the pipeline could not finish.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("document `{doc}`: {source}")]
    Stage { doc: String, source: StageError },
    #[error("document `{doc}`: stage `{stage}` left an invalid layer: {source}")]
    Invalid { doc: String, stage: &'static str, source: InvalidSpan },
    /// A stage panicked: always a bug in rasid, reported instead of aborting the batch.
    #[error("document `{doc}`: stage `{stage}` panicked (a bug in rasid): {message}")]
    Panic { doc: String, stage: &'static str, message: String },
}

#[derive(Default)]
pub struct PipelineBuilder {
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    pub fn new() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    pub fn stage(mut self, s: impl Stage + 'static) -> PipelineBuilder {
        self.stages.push(Box::new(s));
        self
    }

    /// Checks the order: every layer a stage requires must be assigned by an earlier stage (or be
    /// the text), and no two stages may assign the same layer.
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        let mut have = LayerSet::empty().with(Layer::Text);
        let mut by: Vec<(Layer, &'static str)> = Vec::new();
        for s in &self.stages {
            for &layer in s.requires() {
                if !have.contains(layer) {
                    return Err(PipelineError::MissingLayer { stage: s.name(), layer });
                }
            }
            for &layer in s.assigns() {
                if let Some(&(_, previous)) = by.iter().find(|(l, _)| *l == layer) {
                    return Err(PipelineError::AssignedTwice { stage: s.name(), previous, layer });
                }
                by.push((layer, s.name()));
                have.insert(layer);
            }
        }
        Ok(Pipeline { stages: self.stages, provides: have })
    }
}

/// An ordered, checked list of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    provides: LayerSet,
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::new()
    }

    /// The layers a document carries after [`Pipeline::run`].
    pub fn provides(&self) -> LayerSet {
        self.provides
    }

    pub fn stage_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.stages.iter().map(|s| s.name())
    }

    /// Runs every stage on one document, validating the layers each one assigns. A panicking stage is
    /// caught and reported as [`DocError::Panic`] so that one bad document cannot end a batch.
    pub fn run(&self, doc: &mut Doc) -> Result<(), DocError> {
        self.run_inner(doc, None)
    }

    /// [`Pipeline::run`], adding each stage's time in seconds to `secs[k]` (in stage order; a
    /// slice shorter than the pipeline is filled as far as it goes). For benchmarks.
    pub fn run_timed(&self, doc: &mut Doc, secs: &mut [f64]) -> Result<(), DocError> {
        self.run_inner(doc, Some(secs))
    }

    fn run_inner(&self, doc: &mut Doc, mut secs: Option<&mut [f64]>) -> Result<(), DocError> {
        for (k, s) in self.stages.iter().enumerate() {
            let t0 = secs.as_ref().map(|_| std::time::Instant::now());
            let r = catch_unwind(AssertUnwindSafe(|| s.process(doc)));
            if let (Some(t0), Some(v)) = (t0, secs.as_deref_mut())
                && let Some(slot) = v.get_mut(k)
            {
                *slot += t0.elapsed().as_secs_f64();
            }
            match r {
                Ok(Ok(())) => {}
                Ok(Err(source)) => return Err(DocError::Stage { doc: doc.id.clone(), source }),
                Err(payload) => {
                    let message = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    return Err(DocError::Panic { doc: doc.id.clone(), stage: s.name(), message });
                }
            }
            for &l in s.assigns() {
                doc.validate_layer(l).map_err(|source| DocError::Invalid {
                    doc: doc.id.clone(),
                    stage: s.name(),
                    source,
                })?;
                doc.mark(l);
            }
        }
        Ok(())
    }

    /// Runs the pipeline over a batch in parallel (rayon), keeping input order. Each document
    /// succeeds or fails on its own; the batch always finishes.
    pub fn run_batch(&self, docs: Vec<Doc>) -> Vec<Result<Doc, DocError>> {
        docs.into_par_iter().map(|mut d| self.run(&mut d).map(|()| d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct S {
        name: &'static str,
        req: &'static [Layer],
        asg: &'static [Layer],
        fail: bool,
    }
    impl Stage for S {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [Layer] {
            self.req
        }
        fn assigns(&self) -> &'static [Layer] {
            self.asg
        }
        fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
            if self.fail && doc.text().contains("boom") {
                panic!("boom");
            }
            if self.fail && doc.text().contains("bad") {
                return Err(StageError::Input { stage: self.name, reason: "bad doc".into() });
            }
            Ok(())
        }
    }

    #[test]
    fn misordered_pipeline_is_rejected() {
        let e = Pipeline::builder()
            .stage(S { name: "sentences", req: &[Layer::Tokens], asg: &[Layer::Sentences], fail: false })
            .stage(S { name: "tokens", req: &[], asg: &[Layer::Tokens], fail: false })
            .build()
            .err()
            .unwrap();
        assert_eq!(e, PipelineError::MissingLayer { stage: "sentences", layer: Layer::Tokens });
        assert!(e.to_string().contains("requires layer `tokens`"));
    }

    /// A tokenizer with an off-by-one bug: its span cuts the two-byte «ب» in half.
    struct Buggy;
    impl Stage for Buggy {
        fn name(&self) -> &'static str {
            "buggy"
        }
        fn requires(&self) -> &'static [Layer] {
            &[]
        }
        fn assigns(&self) -> &'static [Layer] {
            &[Layer::Tokens]
        }
        fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
            doc.tokens = vec![crate::Token::new(crate::Span::new(0, 1), crate::TokenKind::Arabic)];
            Ok(())
        }
    }

    #[test]
    fn invalid_layers_are_caught_at_the_stage() {
        let p = Pipeline::builder().stage(Buggy).build().unwrap();
        let err = p.run(&mut Doc::new("d", "ب")).unwrap_err();
        assert!(matches!(&err, DocError::Invalid { stage: "buggy", .. }), "{err}");
        assert!(err.to_string().contains("not on a character boundary"), "{err}");
    }

    #[test]
    fn double_assignment_is_rejected() {
        let e = Pipeline::builder()
            .stage(S { name: "a", req: &[], asg: &[Layer::Tokens], fail: false })
            .stage(S { name: "b", req: &[], asg: &[Layer::Tokens], fail: false })
            .build()
            .err()
            .unwrap();
        assert_eq!(e, PipelineError::AssignedTwice { stage: "b", previous: "a", layer: Layer::Tokens });
    }

    #[test]
    fn batch_records_failures_and_goes_on() {
        let p = Pipeline::builder()
            .stage(S { name: "t", req: &[], asg: &[Layer::Tokens], fail: true })
            .build()
            .unwrap();
        assert!(p.provides().contains(Layer::Tokens));
        let docs =
            vec![Doc::new("a", "fine"), Doc::new("b", "bad"), Doc::new("c", "boom"), Doc::new("d", "ok")];
        let out = p.run_batch(docs);
        assert!(out[0].is_ok() && out[3].is_ok());
        assert!(matches!(out[1], Err(DocError::Stage { .. })));
        assert!(matches!(&out[2], Err(DocError::Panic { doc, .. }) if doc == "c"));
        assert!(out[0].as_ref().unwrap().assigned().contains(Layer::Tokens));
    }
}
