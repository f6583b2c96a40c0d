//! The catalogue entity linking looks names up in: places (GeoNames cities, countries,
//! continents) and the curated table of people, organisations and other entities
//! (`data/catalogue/entities.tsv`, written by hand). `rasid data build-catalogue` checks the
//! curated table and writes both into one file, `data/catalogue/catalogue.tsv.gz`, which is
//! embedded in the binary and parsed once, lazily ([`Catalogue::embedded`]).
//!
//! Names are looked up by their lossy fold ([`rasid_arabic::normalize::fold`]) and, failing that,
//! by a looser key with the definite article of every word dropped, so that «الولايات المتحدة»
//! and «ولايات متحدة» ("(the) United States") meet.
//!
//! ```
//! use rasid_extract::link::Catalogue;
//! let c = Catalogue::embedded();
//! // «طرابلس» "Tripoli" names a place in Libya and one in Lebanon; Libya's is the larger.
//! let ids: Vec<&str> = c.lookup("طرابلس").iter().map(|&e| c.entry(e).id.as_str()).collect();
//! assert!(ids.contains(&"geonames:2210247") && ids.contains(&"geonames:266826"));
//! ```

use rasid_arabic::normalize::fold;
use rasid_core::EntityType;
use rustc_hash::FxHashMap;
use std::io::Read;
use std::sync::OnceLock;

/// The built catalogue, embedded.
static EMBEDDED: &[u8] = include_bytes!("../../../../data/catalogue/catalogue.tsv.gz");

/// File names under `data/catalogue/`: the built file and the curated source table.
pub const CATALOGUE_FILE: &str = "catalogue.tsv.gz";
pub const CURATED_FILE: &str = "entities.tsv";
/// The line of the built file after which the curated table's rows follow.
pub const CURATED_SECTION: &str = "#section curated";

/// What kind of thing a catalogue entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    Continent,
    Country,
    /// A country's capital city.
    Capital,
    City,
    /// An entry of the curated table (its `kind` column is kept in [`Entry::kind`]).
    Curated,
}

impl Feature {
    pub const fn name(self) -> &'static str {
        match self {
            Feature::Continent => "continent",
            Feature::Country => "country",
            Feature::Capital => "capital",
            Feature::City => "city",
            Feature::Curated => "curated",
        }
    }
    fn parse(s: &str) -> Option<Feature> {
        [Feature::Continent, Feature::Country, Feature::Capital, Feature::City]
            .into_iter()
            .find(|f| f.name() == s)
    }
    pub const fn is_place(self) -> bool {
        !matches!(self, Feature::Curated)
    }
}

/// One catalogue entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Stable id: `geonames:2210247`, `country:LY`, or the curated table's id (`africom`).
    pub id: String,
    pub ty: EntityType,
    pub feature: Feature,
    /// The curated table's subtype (`armed_forces`, `head_of_state` ...); empty for places.
    pub kind: String,
    /// ISO 3166 alpha-2, upper case.
    pub country: Option<[u8; 2]>,
    pub admin1: String,
    pub population: u64,
    /// Coordinates, for places.
    pub coords: Option<(f64, f64)>,
    pub geonames: Option<u32>,
    pub name_ar: String,
    pub name_en: String,
}

impl Entry {
    pub fn country_code(&self) -> Option<&str> {
        self.country.as_ref().and_then(|c| std::str::from_utf8(c).ok())
    }
}

/// A catalogue file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}:{line}: {reason}")]
    Parse { file: &'static str, line: usize, reason: String },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// The names index. Lookups return entry indices; the lists are in file order, which is
/// deterministic.
#[derive(Debug, Default)]
pub struct Catalogue {
    entries: Vec<Entry>,
    /// Folded name → entries.
    exact: FxHashMap<Box<str>, Vec<u32>>,
    /// Folded name with every word's article dropped → entries.
    loose: FxHashMap<Box<str>, Vec<u32>>,
    /// Folded masculine gentilic («ليبي» "Libyan") → country entry.
    gentilics: FxHashMap<Box<str>, u32>,
    /// ISO2 → country entry.
    countries: FxHashMap<[u8; 2], u32>,
    /// ISO2 → capital entry.
    capitals: FxHashMap<[u8; 2], u32>,
}

/// The loose key of a folded name: each word without its leading «ال» "the" (when at least two
/// letters remain), words joined by one space.
pub fn loose_key(folded: &str, out: &mut String) {
    out.clear();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(strip_article(w));
    }
}

/// «الحكومه» → «حكومه»; short words («الي») are left alone.
pub fn strip_article(w: &str) -> &str {
    match w.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => w,
    }
}

/// Folds a name for the index: the lossy fold, hyphens and runs of spaces as one space.
pub fn name_key(name: &str, out: &mut String) {
    let mut f = String::with_capacity(name.len());
    fold(name, &mut f);
    out.clear();
    for w in f.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

impl Catalogue {
    /// The embedded catalogue, parsed on first use (about 0.2 s; `rasid bench` prints it).
    pub fn embedded() -> &'static Catalogue {
        static C: OnceLock<Catalogue> = OnceLock::new();
        C.get_or_init(|| {
            // Both files are committed and checked by the tests: failing to read them is a
            // broken build, not an input problem.
            Catalogue::from_gz(EMBEDDED).expect("embedded catalogue is corrupt; rebuild it")
        })
    }

    /// A catalogue from a file as `build-catalogue` writes it (gzipped).
    pub fn from_gz(gz: &[u8]) -> Result<Catalogue, CatalogueError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .map_err(|source| CatalogueError::Io { file: CATALOGUE_FILE.into(), source })?;
        let (places, curated) = text.split_once(CURATED_SECTION).unwrap_or((&text, ""));
        let mut c = Catalogue::default();
        c.read_places(places)?;
        c.read_curated(curated)?;
        Ok(c)
    }

    /// The embedded places with another curated table (tests, or a table being written).
    pub fn embedded_places_with(curated: &str) -> Result<Catalogue, CatalogueError> {
        Catalogue::with_curated(EMBEDDED, curated)
    }

    /// The places of a built file (gzipped) with another curated table.
    pub fn with_curated(gz: &[u8], curated: &str) -> Result<Catalogue, CatalogueError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .map_err(|source| CatalogueError::Io { file: CATALOGUE_FILE.into(), source })?;
        let places = text.split_once(CURATED_SECTION).map_or(text.as_str(), |(p, _)| p);
        let mut c = Catalogue::default();
        c.read_places(places)?;
        c.read_curated(curated)?;
        Ok(c)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries named `name` (any spelling the fold unifies), else by the loose key.
    pub fn lookup(&self, name: &str) -> &[u32] {
        let mut k = String::new();
        name_key(name, &mut k);
        self.lookup_key(&k)
    }

    /// Entries whose folded name is `key` (words separated by one space), else whose loose key
    /// is its loose key.
    pub fn lookup_key(&self, key: &str) -> &[u32] {
        if let Some(v) = self.exact.get(key) {
            return v;
        }
        let mut l = String::with_capacity(key.len());
        loose_key(key, &mut l);
        self.loose.get(l.as_str()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// [`Catalogue::ids_named`] in the embedded catalogue, for a filter's name when one is
    /// given (the catalogue is loaded only then); none without a name.
    pub fn embedded_ids_named(name: Option<&str>, places: bool) -> Vec<String> {
        name.map(|n| Catalogue::embedded().ids_named(n, places)).unwrap_or_default()
    }

    /// The ids a name a user typed may stand for: every entry of that name (a place name is
    /// often shared: «طرابلس» is Tripoli in Libya and in Lebanon), places only when `places`.
    /// A search filter matches any of them.
    pub fn ids_named(&self, name: &str, places: bool) -> Vec<String> {
        self.lookup(name)
            .iter()
            .map(|&i| self.entry(i))
            .filter(|e| !places || e.feature.is_place())
            .map(|e| e.id.clone())
            .collect()
    }

    /// The country a folded masculine gentilic names: «ليبي» "Libyan" → Libya.
    pub fn gentilic(&self, folded: &str) -> Option<u32> {
        self.gentilics.get(folded).copied()
    }

    pub fn country(&self, iso2: [u8; 2]) -> Option<u32> {
        self.countries.get(&iso2).copied()
    }

    pub fn capital(&self, iso2: [u8; 2]) -> Option<u32> {
        self.capitals.get(&iso2).copied()
    }

    fn add_name(&mut self, e: u32, folded: &str) {
        if folded.is_empty() {
            return;
        }
        let v = self.exact.entry(folded.into()).or_default();
        if !v.contains(&e) {
            v.push(e);
        }
        let mut l = String::with_capacity(folded.len());
        loose_key(folded, &mut l);
        let v = self.loose.entry(l.into_boxed_str()).or_default();
        if !v.contains(&e) {
            v.push(e);
        }
    }

    fn push(&mut self, e: Entry) -> u32 {
        let i = self.entries.len() as u32;
        self.entries.push(e);
        i
    }

    /// `id feature country admin1 population lat lon name_ar name_en aliases_ar aliases_en
    /// gentilics`; Arabic aliases and gentilics are already folded, lists `|`-separated.
    fn read_places(&mut self, text: &str) -> Result<(), CatalogueError> {
        let mut key = String::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = |reason: &str| CatalogueError::Parse {
                file: CATALOGUE_FILE,
                line: n + 1,
                reason: reason.into(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 12 {
                return Err(bad("expected 12 columns"));
            }
            let feature = Feature::parse(f[1]).ok_or_else(|| bad("unknown feature"))?;
            let lat: f64 = f[5].parse().map_err(|_| bad("bad latitude"))?;
            let lon: f64 = f[6].parse().map_err(|_| bad("bad longitude"))?;
            let country = iso2(f[2]);
            let e = self.push(Entry {
                id: f[0].to_string(),
                ty: EntityType::Loc,
                feature,
                kind: String::new(),
                country,
                admin1: f[3].to_string(),
                population: f[4].parse().map_err(|_| bad("bad population"))?,
                coords: Some((lat, lon)),
                geonames: f[0].strip_prefix("geonames:").and_then(|g| g.parse().ok()),
                name_ar: f[7].to_string(),
                name_en: f[8].to_string(),
            });
            for a in [f[7], f[8]].into_iter().chain(split_list(f[9])).chain(split_list(f[10])) {
                name_key(a, &mut key);
                let k = std::mem::take(&mut key);
                self.add_name(e, &k);
                key = k;
            }
            if let Some(c) = country {
                match feature {
                    Feature::Country => {
                        self.countries.insert(c, e);
                        for g in split_list(f[11]) {
                            self.gentilics.entry(g.into()).or_insert(e);
                        }
                    }
                    Feature::Capital => {
                        self.capitals.insert(c, e);
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// `id type kind country name_ar name_en aliases` (see data/catalogue/NOTICE). A LOC row whose
    /// id is already a place (`geonames:2210247`, `country:LY`) adds its names to that place.
    fn read_curated(&mut self, text: &str) -> Result<(), CatalogueError> {
        let mut key = String::new();
        let by_id: FxHashMap<String, u32> =
            self.entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as u32)).collect();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let row = parse_curated_row(line).map_err(|reason| CatalogueError::Parse {
                file: CURATED_FILE,
                line: n + 1,
                reason,
            })?;
            let e = match by_id.get(row.id) {
                Some(&e) => e,
                None => self.push(Entry {
                    id: row.id.to_string(),
                    ty: row.ty,
                    feature: Feature::Curated,
                    kind: row.kind.to_string(),
                    country: iso2(row.country),
                    admin1: String::new(),
                    population: 0,
                    coords: None,
                    geonames: None,
                    name_ar: row.name_ar.to_string(),
                    name_en: row.name_en.to_string(),
                }),
            };
            for a in [row.name_ar, row.name_en].into_iter().chain(split_list(row.aliases)) {
                name_key(a, &mut key);
                let k = std::mem::take(&mut key);
                self.add_name(e, &k);
                key = k;
            }
        }
        Ok(())
    }
}

/// One row of the curated table.
#[derive(Debug, Clone, Copy)]
pub struct CuratedRow<'a> {
    pub id: &'a str,
    pub ty: EntityType,
    pub kind: &'a str,
    pub country: &'a str,
    pub name_ar: &'a str,
    pub name_en: &'a str,
    pub aliases: &'a str,
}

/// Reads one data row of the curated table (7 tab-separated columns; aliases may be empty).
pub fn parse_curated_row(line: &str) -> Result<CuratedRow<'_>, String> {
    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
    if f.len() < 6 || f.len() > 7 {
        return Err(format!("expected 7 tab-separated columns, found {}", f.len()));
    }
    if f[0].is_empty() {
        return Err("empty id".into());
    }
    let ty = EntityType::parse(f[1]).ok_or_else(|| format!("unknown type `{}`", f[1]))?;
    if f[4].is_empty() && f[5].is_empty() {
        return Err("no name".into());
    }
    Ok(CuratedRow {
        id: f[0],
        ty,
        kind: f[2],
        country: f[3],
        name_ar: f[4],
        name_en: f[5],
        aliases: f.get(6).copied().unwrap_or(""),
    })
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|a| !a.is_empty() && *a != "-")
}

/// `LY` → `[b'L', b'Y']`; `-` and anything else → `None`.
pub fn iso2(s: &str) -> Option<[u8; 2]> {
    match s.as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Some([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
        }
        _ => None,
    }
}
