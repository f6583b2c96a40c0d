//! Reading the ANT news corpus (`news/ant-v2.1.jsonl.gz`) the way every table rasid derives
//! from it does (clitic frequencies, word clusters): one JSON object a line, of which the title
//! and the text are read. The abstract is left out: it repeats the start of the text and would
//! count those words twice.

/// The path of the ANT corpus inside the corpus folder.
pub const ANT: &str = "news/ant-v2.1.jsonl.gz";

/// The fields of an ANT record that rasid reads.
#[derive(serde::Deserialize)]
pub struct AntRecord {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

impl AntRecord {
    /// Parses one line; `Ok(None)` for a blank line.
    pub fn parse(line: &str) -> Result<Option<AntRecord>, serde_json::Error> {
        if line.trim().is_empty() {
            return Ok(None);
        }
        serde_json::from_str(line).map(Some)
    }

    /// The title, then the text (those present).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [self.title.as_deref(), self.text.as_deref()].into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_text_not_abstract() {
        let r =
            AntRecord::parse(r#"{"id":"1","title":"عنوان","abstract":"ملخص","text":"نص"}"#).unwrap().unwrap();
        assert_eq!(r.texts().collect::<Vec<_>>(), ["عنوان", "نص"]);
        assert!(AntRecord::parse("  ").unwrap().is_none());
        assert!(AntRecord::parse("{").is_err());
    }
}
