//! `rasid export`: the store's articles, attributions, events or places as JSON Lines, CSV or
//! GeoJSON, streamed (one record in memory at a time) to a file or stdout.
//!
//! CSV is UTF-8 with a header row, quoted where needed by the `csv` crate; `--excel` adds a BOM
//! (without it Excel reads UTF-8 as a legacy code page and the Arabic is garbled) and defuses
//! cells that a spreadsheet would run as formulas. GeoJSON is a FeatureCollection of Points,
//! `[longitude, latitude]` as RFC 7946 orders them, with the record as properties; records
//! without coordinates are left out and counted.

use crate::analyze::UsageError;
use crate::ingest::store_error;
use anyhow::{Context, Result};
use rasid_store::{ArticleRecord, AttributionRecord, EventRecord, Export, Filters, PlaceRecord, SqliteStore};
use serde::Serialize;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated, UTF-8, a header row.
    Csv,
    /// A GeoJSON FeatureCollection of points (events and places only).
    Geojson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// One row per article, with the size of each analysis layer.
    Articles,
    /// Who said what: one row per attribution.
    Attributions,
    /// One row per event, in ACLED-like columns.
    Events,
    /// One row per distinct place, with the articles and events that mention it.
    Places,
}

#[derive(clap::Args)]
pub struct Args {
    /// What to export.
    #[arg(long, value_enum)]
    pub what: What,
    /// Output format; guessed from --out's extension (.jsonl, .csv, .geojson) when not given.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The store to read.
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    /// Write to this file (replaced when the export is complete) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filters: crate::search::FilterArgs,
    /// CSV for spreadsheets: a UTF-8 BOM, and text cells starting with = + - @ prefixed with '
    /// so that they are not run as formulas.
    #[arg(long, alias = "excel-bom")]
    pub excel: bool,
}

/// A record that may be placed on a map.
trait Row: Serialize + Default {
    /// `(longitude, latitude)`.
    fn point(&self) -> Option<(f64, f64)> {
        None
    }
    /// The GeoJSON feature id.
    fn feature_id(&self) -> String {
        String::new()
    }
}

impl Row for ArticleRecord {}
impl Row for AttributionRecord {}

impl Row for EventRecord {
    fn point(&self) -> Option<(f64, f64)> {
        Some((self.longitude?, self.latitude?))
    }
    fn feature_id(&self) -> String {
        self.event_id_cnty.clone()
    }
}

impl Row for PlaceRecord {
    fn point(&self) -> Option<(f64, f64)> {
        Some((self.longitude, self.latitude))
    }
    fn feature_id(&self) -> String {
        self.place_id.clone()
    }
}

pub fn run(a: Args) -> Result<ExitCode> {
    let format = match (a.format, &a.out) {
        (Some(f), _) => f,
        (None, Some(out)) => format_of(out).ok_or_else(|| {
            UsageError(format!(
                "--out {}: give --format (jsonl, csv or geojson); the extension does not say",
                out.display()
            ))
        })?,
        (None, None) => return Err(UsageError("give --format (jsonl, csv or geojson)".into()).into()),
    };
    if format == Format::Geojson && !matches!(a.what, What::Events | What::Places) {
        return Err(
            UsageError("--format geojson exports events or places (they have coordinates)".into()).into()
        );
    }
    if a.excel && format != Format::Csv {
        return Err(UsageError("--excel applies to --format csv".into()).into());
    }
    if let Some(out) = &a.out
        && out.is_dir()
    {
        return Err(UsageError(format!("--out {}: is a folder; give a file name", out.display())).into());
    }
    crate::ingest::require_store(&a.store)?;
    let filters = a.filters.filters()?;
    filters.check().map_err(store_error)?;
    let store = SqliteStore::open(&a.store).map_err(store_error)?;

    let (tally, what) = match &a.out {
        None => {
            let stdout = io::stdout();
            let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            export(&store, a.what, &filters, format, a.excel, out)?
        }
        Some(path) => {
            let tmp = temp_path(path);
            let file = std::fs::File::create(&tmp)
                .map_err(|e| UsageError(format!("--out {}: cannot create: {e}", tmp.display())))?;
            let r = export(
                &store,
                a.what,
                &filters,
                format,
                a.excel,
                io::BufWriter::with_capacity(1 << 16, file),
            );
            let r = r.and_then(|t| {
                std::fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
                Ok(t)
            });
            if r.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            r?
        }
    };
    let to = a.out.as_ref().map_or("stdout".to_string(), |p| p.display().to_string());
    if tally.unplaced > 0 {
        errln!(
            "rasid: {} {what} exported to {to}; {} without coordinates left out",
            tally.written,
            tally.unplaced
        );
    } else {
        errln!("rasid: {} {what} exported to {to}", tally.written);
    }
    Ok(ExitCode::SUCCESS)
}

/// The format a file name's extension says.
fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        "geojson" => Some(Format::Geojson),
        _ => None,
    }
}

/// `FILE.tmp-<pid>` beside the output, renamed over it once complete: an export that fails
/// half-way never leaves a truncated file under the requested name.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

#[derive(Default)]
struct Tally {
    written: u64,
    /// Records left out of GeoJSON for want of coordinates.
    unplaced: u64,
}

fn export<W: Write>(
    store: &SqliteStore,
    what: What,
    f: &Filters,
    format: Format,
    excel: bool,
    out: W,
) -> Result<(Tally, &'static str)> {
    Ok(match what {
        What::Articles => (run_export(format, excel, out, |s| store.each_article(f, s))?, "articles"),
        What::Attributions => {
            (run_export(format, excel, out, |s| store.each_attribution(f, s))?, "attributions")
        }
        What::Events => (run_export(format, excel, out, |s| store.each_event(f, s))?, "events"),
        What::Places => (run_export(format, excel, out, |s| store.each_place(f, s))?, "places"),
    })
}

/// Streams the records `each` produces into a writer of the format.
fn run_export<T: Row, W: Write>(
    format: Format,
    excel: bool,
    out: W,
    each: impl FnOnce(&mut dyn FnMut(T) -> ControlFlow<()>) -> Result<(), rasid_store::StoreError>,
) -> Result<Tally> {
    let mut w = RowWriter::new::<T>(format, excel, out)?;
    let mut failed: Option<io::Error> = None;
    each(&mut |rec: T| match w.write(&rec) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            failed = Some(e);
            ControlFlow::Break(())
        }
    })
    .map_err(store_error)?;
    if let Some(e) = failed {
        return Err(anyhow::Error::new(e).context("writing the export"));
    }
    w.finish().context("writing the export")
}

/// Writes records in one format.
struct RowWriter<W: Write> {
    format: Format,
    excel: bool,
    out: W,
    tally: Tally,
    /// Reused buffer for one CSV or JSON record.
    buf: Vec<u8>,
}

impl<W: Write> RowWriter<W> {
    fn new<T: Row>(format: Format, excel: bool, mut out: W) -> io::Result<RowWriter<W>> {
        match format {
            Format::Csv => {
                if excel {
                    out.write_all(b"\xEF\xBB\xBF")?;
                }
                out.write_all(&csv_header::<T>()?)?;
            }
            Format::Geojson => out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?,
            Format::Jsonl => {}
        }
        Ok(RowWriter { format, excel, out, tally: Tally::default(), buf: Vec::with_capacity(4096) })
    }

    fn write<T: Row>(&mut self, rec: &T) -> io::Result<()> {
        self.buf.clear();
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.buf, rec)?;
                self.buf.push(b'\n');
            }
            Format::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut self.buf);
                if self.excel {
                    w.write_record(defused(csv_fields(rec)?).iter())?;
                } else {
                    w.serialize(rec)?;
                }
                w.flush()?;
            }
            Format::Geojson => {
                let Some((lon, lat)) = rec.point().filter(|&(lon, lat)| valid_point(lon, lat)) else {
                    self.tally.unplaced += 1;
                    return Ok(());
                };
                let feature = Feature {
                    kind: "Feature",
                    id: rec.feature_id(),
                    geometry: Point { kind: "Point", coordinates: [lon, lat] },
                    properties: rec,
                };
                self.buf.extend_from_slice(if self.tally.written == 0 { b"\n" } else { b",\n" });
                serde_json::to_writer(&mut self.buf, &feature)?;
            }
        }
        self.out.write_all(&self.buf)?;
        self.tally.written += 1;
        Ok(())
    }

    fn finish(mut self) -> io::Result<Tally> {
        if self.format == Format::Geojson {
            self.out.write_all(b"\n]}\n")?;
        }
        self.out.flush()?;
        Ok(self.tally)
    }
}

/// A GeoJSON feature; the properties keep the record's column order.
#[derive(Serialize)]
struct Feature<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    geometry: Point,
    properties: &'a T,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    /// `[longitude, latitude]` (RFC 7946).
    coordinates: [f64; 2],
}

/// Longitude and latitude in range (and not NaN).
fn valid_point(lon: f64, lat: f64) -> bool {
    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
}

/// The CSV header line of a record type: its field names, from a default record.
fn csv_header<T: Row>() -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(T::default())?;
    let bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
    let end = bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| i + 1);
    Ok(bytes[..end].to_vec())
}

/// A record's CSV fields as strings.
fn csv_fields<T: Row>(rec: &T) -> io::Result<csv::StringRecord> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.serialize(rec)?;
    let bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
    match r.records().next() {
        Some(rec) => Ok(rec?),
        None => Ok(csv::StringRecord::new()),
    }
}

/// Text cells a spreadsheet would read as a formula get a leading `'` (OWASP's advice for CSV
/// injection); numbers such as a negative longitude stay numbers.
fn defused(rec: csv::StringRecord) -> Vec<String> {
    rec.iter()
        .map(|s| {
            let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
            if risky { format!("'{s}") } else { s.to_string() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(format_of(Path::new("a/events.CSV")), Some(Format::Csv));
        assert_eq!(format_of(Path::new("places.geojson")), Some(Format::Geojson));
        assert_eq!(format_of(Path::new("x.jsonl")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("x")), None);
    }

    #[test]
    fn header_and_defusing() {
        let h = String::from_utf8(csv_header::<EventRecord>().unwrap()).unwrap();
        assert!(h.starts_with("event_id_cnty,event_date,"), "{h}");
        assert!(h.contains(",latitude,longitude,geo_precision,"), "{h}");
        let rec = csv::StringRecord::from(vec!["=SUM(A1)", "-12.5", "- قال", "نص"]);
        assert_eq!(defused(rec), ["'=SUM(A1)", "-12.5", "'- قال", "نص"]);
        assert!(!valid_point(f64::NAN, 0.0));
        assert!(!valid_point(13.2, 95.0));
    }
}
