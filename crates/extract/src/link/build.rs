//! `rasid data build-catalogue`: the place table from the shared gazetteer folder.
//!
//! Sources (`../shared/corpus/gazetteer/`): GeoNames cities with population ≥ 1000
//! (`geonames-cities1000.json.gz`, alternate names in every script, Arabic ones not tagged),
//! GeoNames countries and continents, ISO 3166 Arabic country names (Debian iso-codes) and the
//! canonical Arabic city names of `world-cities.csv`. `../lexicon/wordfreq-ar.tsv.gz`, when
//! present, picks the most used of a place's Arabic spellings as its preferred name.
//!
//! Which places: every place of the Arab League countries (the news this tool reads is about
//! them, down to small towns: 3.6k places), and elsewhere the places of 15,000 people or more that
//! have an Arabic name (11.3k: a foreign town the Arabic press names has an Arabic Wikipedia
//! name), plus every place of 100,000 or more (for English captions). Smaller foreign places
//! would mostly add false matches (common words that are also names of villages).
//!
//! The output is deterministic: places sorted by id, lists in a fixed order.

use super::catalogue::{CURATED_FILE, CURATED_SECTION, parse_curated_row};
use rasid_arabic::normalize::fold_str;
use rasid_ner::gazetteer::csv_fields;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// The Arab League's members (ISO 3166 alpha-2).
pub const ARAB_LEAGUE: [&str; 22] = [
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO",
    "SD", "SY", "TN", "AE", "YE",
];
/// Population from which a place outside the Arab League is kept when it has an Arabic name.
pub const MIN_POP_ARABIC: u64 = 15_000;
/// Population from which a place outside the Arab League is kept whatever its names.
pub const MIN_POP_ANY: u64 = 100_000;
/// At most this many English aliases a place (GeoNames lists dozens of transliterations).
const MAX_EN_ALIASES: usize = 6;

/// Country short forms and gentilics the sources lack, written for this project. The derived
/// gentilic rule (see [`derive_gentilic`]) covers regular ones («ليبيا» → «ليبي» "Libyan").
const COUNTRY_EXTRA: &[(&str, &[&str], &[&str])] = &[
    // (ISO2, names, masculine gentilics)
    (
        "US",
        &[
            "الولايات المتحدة",
            "أمريكا",
            "أميركا",
            "الولايات المتحدة الأمريكية",
            "الولايات المتحدة الأميركية",
            "US",
            "USA",
            "United States of America",
        ],
        &["أمريكي", "أميركي", "أمريكاني"],
    ),
    ("GB", &["بريطانيا", "المملكة المتحدة", "Britain", "UK"], &["بريطاني"]),
    ("SY", &["سوريا", "سورية", "Syria"], &["سوري"]),
    ("RU", &["روسيا", "Russia"], &["روسي"]),
    ("IR", &["إيران", "Iran"], &["إيراني"]),
    ("TR", &["تركيا", "Turkey"], &["تركي"]),
    ("PS", &["فلسطين", "Palestine"], &["فلسطيني"]),
    ("SA", &["السعودية", "المملكة العربية السعودية"], &["سعودي"]),
    ("AE", &["الإمارات", "الإمارات العربية المتحدة", "UAE"], &["إماراتي"]),
    ("KR", &["كوريا الجنوبية", "South Korea"], &["كوري"]),
    ("KP", &["كوريا الشمالية", "North Korea"], &[]),
    ("CD", &["الكونغو الديمقراطية", "جمهورية الكونغو الديمقراطية"], &[]),
    ("CZ", &["جمهورية التشيك", "التشيك"], &["تشيكي"]),
    ("NL", &["هولندا"], &["هولندي"]),
    ("CH", &["سويسرا"], &["سويسري"]),
    ("GR", &["اليونان"], &["يوناني"]),
    ("ZA", &["جنوب أفريقيا", "جنوب إفريقيا"], &[]),
    ("EG", &["مصر"], &["مصري"]),
    ("IL", &["إسرائيل"], &["إسرائيلي"]),
    ("VA", &["الفاتيكان"], &[]),
    ("BA", &["البوسنة"], &["بوسني"]),
    ("PH", &["الفلبين"], &["فلبيني"]),
    ("DE", &["ألمانيا"], &["ألماني"]),
    ("FR", &["فرنسا"], &["فرنسي"]),
    ("IT", &["إيطاليا"], &["إيطالي"]),
    ("CN", &["الصين"], &["صيني"]),
    ("JP", &["اليابان"], &["ياباني"]),
    ("IN", &["الهند"], &["هندي"]),
    ("SD", &["السودان"], &["سوداني"]),
    ("SS", &["جنوب السودان"], &[]),
    ("YE", &["اليمن"], &["يمني"]),
    ("JO", &["الأردن"], &["أردني"]),
    ("IQ", &["العراق"], &["عراقي"]),
    ("LB", &["لبنان"], &["لبناني"]),
    ("MA", &["المغرب"], &["مغربي"]),
    ("DZ", &["الجزائر"], &["جزائري"]),
    ("TN", &["تونس"], &["تونسي"]),
    ("LY", &["ليبيا", "Libya"], &["ليبي"]),
    ("QA", &["قطر"], &["قطري"]),
    ("KW", &["الكويت"], &["كويتي"]),
    ("BH", &["البحرين"], &["بحريني"]),
    ("OM", &["عمان", "سلطنة عمان"], &["عماني"]),
    ("MR", &["موريتانيا"], &["موريتاني"]),
    ("SO", &["الصومال"], &["صومالي"]),
    ("AF", &["أفغانستان"], &["أفغاني"]),
    ("PK", &["باكستان"], &["باكستاني"]),
];

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Parse { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io { path: path.to_path_buf(), source }
}

/// What a build read and wrote.
#[derive(Debug, Default)]
pub struct BuildStats {
    pub countries: usize,
    pub continents: usize,
    pub capitals: usize,
    pub arab_league_places: usize,
    pub other_places: usize,
    pub arabic_names: usize,
    pub english_names: usize,
    pub world_cities_matched: usize,
    pub curated_rows: usize,
    pub curated_by_type: BTreeMap<String, usize>,
    pub curated_errors: Vec<String>,
    pub bytes: usize,
}

impl std::fmt::Display for BuildStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "continents        {}", self.continents)?;
        writeln!(
            f,
            "countries         {}  ({} capitals found among the cities)",
            self.countries, self.capitals
        )?;
        writeln!(f, "places, Arab League  {}", self.arab_league_places)?;
        writeln!(
            f,
            "places, elsewhere    {}  (≥ {MIN_POP_ARABIC} with an Arabic name, or ≥ {MIN_POP_ANY})",
            self.other_places
        )?;
        writeln!(
            f,
            "names             {} Arabic (folded), {} English",
            self.arabic_names, self.english_names
        )?;
        writeln!(f, "world-cities      {} preferred Arabic names matched", self.world_cities_matched)?;
        let types: Vec<String> = self.curated_by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
        writeln!(f, "curated table     {} rows ({})", self.curated_rows, types.join(", "))?;
        for e in &self.curated_errors {
            writeln!(f, "  error: {e}")?;
        }
        write!(f, "written           {} bytes", self.bytes)
    }
}

#[derive(Deserialize)]
struct GnCity {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct GnCountry {
    name: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: u64,
}

#[derive(Deserialize)]
struct GnAltName {
    name: String,
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Deserialize)]
struct GnContinent {
    #[serde(rename = "geonameId")]
    geoname_id: u32,
    name: String,
    lat: String,
    lng: String,
    #[serde(default)]
    population: u64,
    #[serde(default, rename = "alternateNames")]
    alternate_names: Vec<GnAltName>,
}

/// A place row in the making.
struct Row {
    id: String,
    feature: &'static str,
    country: String,
    admin1: String,
    population: u64,
    lat: f64,
    lon: f64,
    name_ar: String,
    name_en: String,
    ar: BTreeSet<String>,
    en: Vec<String>,
    gentilics: BTreeSet<String>,
}

impl Row {
    fn line(&self, out: &mut String) {
        let ar: Vec<&str> = self.ar.iter().map(String::as_str).collect();
        let g: Vec<&str> = self.gentilics.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\t{}",
            self.id,
            self.feature,
            self.country,
            self.admin1,
            self.population,
            self.lat,
            self.lon,
            clean(&self.name_ar),
            clean(&self.name_en),
            ar.join("|"),
            self.en.iter().map(|s| clean(s)).collect::<Vec<_>>().join("|"),
            g.join("|"),
        );
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '|'], " ")
}

/// A name in Arabic letters only (no Persian or Urdu letters, digits or punctuation): the
/// GeoNames alternates are not language-tagged, and Persian spellings («ترىپولى») are not Arabic.
pub fn is_arabic_name(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        match c {
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => letters += 1,
            '\u{064B}'..='\u{0652}' | '\u{0670}' | ' ' | '-' => {}
            _ => return false,
        }
    }
    letters >= 2
}

/// A Latin proper name: capitalised, letters, spaces, hyphens, apostrophes, dots; at least four
/// characters and some lower case, which leaves out the airport codes GeoNames lists («TIP»).
fn is_english_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.len() >= 4
        && s.chars().any(|c| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '.'))
}

/// The masculine gentilic of a one-word Arabic country name (folded): «ليبيا» → «ليبي»,
/// «تونس» → «تونسي», «العراق» → «عراقي», «السعودية» → «سعودي». `None` for several words.
pub fn derive_gentilic(folded: &str) -> Option<String> {
    if folded.contains(' ') {
        return None;
    }
    let w = super::catalogue::strip_article(folded);
    let stem = if let Some(s) = w.strip_suffix("يا") {
        s
    } else if let Some(s) = w.strip_suffix("يه") {
        s
    } else if let Some(s) = w.strip_suffix('ا') {
        s
    } else {
        w
    };
    (stem.chars().count() >= 2).then(|| format!("{stem}ي"))
}

fn read_gz(path: &Path) -> Result<String, BuildError> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    let mut s = String::new();
    flate2::read::GzDecoder::new(f).read_to_string(&mut s).map_err(io(path))?;
    Ok(s)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, BuildError> {
    serde_json::from_str(text).map_err(|e| BuildError::Parse { path: path.into(), reason: e.to_string() })
}

/// Log10 frequencies of folded Arabic words (wordfreq), to choose preferred names.
fn word_freqs(path: &Path) -> HashMap<String, f32> {
    let mut m = HashMap::new();
    let Ok(f) = std::fs::File::open(path) else { return m };
    for line in BufReader::new(flate2::read::GzDecoder::new(f)).lines().map_while(Result::ok) {
        if let Some((w, f)) = line.split_once('\t')
            && let Ok(f) = f.trim().parse::<f32>()
        {
            let e = m.entry(fold_str(w)).or_insert(f32::MIN);
            *e = e.max(f);
        }
    }
    m
}

/// How usual a spelling is: the frequency of its rarest word (unknown words count as very rare).
fn usualness(freqs: &HashMap<String, f32>, folded: &str) -> f32 {
    folded.split(' ').map(|w| freqs.get(w).copied().unwrap_or(-12.0)).fold(f32::MAX, f32::min)
}

/// Administrative prefixes world-cities puts before some names («ولاية قندهار» "Kandahar
/// Province"): kept as aliases, dropped from the preferred name.
const ADMIN_PREFIXES: [&str; 5] = ["ولاية ", "محافظة ", "شعبية ", "مقاطعة ", "إقليم "];

/// Builds the catalogue from `gazetteer_dir` and the curated table at `curated` (a missing table
/// gives a catalogue of places; rows with errors are reported in the stats and left out) and
/// writes it gzipped to `out`.
pub fn build(gazetteer_dir: &Path, curated: &Path, out: &Path) -> Result<BuildStats, BuildError> {
    let mut st = BuildStats::default();
    let freqs = word_freqs(&gazetteer_dir.join("../lexicon/wordfreq-ar.tsv.gz"));
    let al: BTreeSet<&str> = ARAB_LEAGUE.into_iter().collect();

    // Countries: GeoNames (English name, capital, population), ISO 3166 Arabic names.
    let p = gazetteer_dir.join("countries.json");
    let countries: BTreeMap<String, GnCountry> =
        read_json(&p, &std::fs::read_to_string(&p).map_err(io(&p))?)?;
    let p = gazetteer_dir.join("iso3166_ar_countries.tsv");
    let mut iso_ar: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in std::fs::read_to_string(&p).map_err(io(&p))?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 4 {
            iso_ar.insert(f[0].to_string(), (f[2].to_string(), f[3].to_string()));
        }
    }
    // world-cities: country names (Arabic, English) and canonical Arabic city names.
    let p = gazetteer_dir.join("world-cities.csv");
    let wc_text = std::fs::read_to_string(&p).map_err(io(&p))?;
    let mut by_en_country: HashMap<String, String> = HashMap::new();
    for (iso, c) in &countries {
        by_en_country.insert(c.name.to_lowercase(), iso.clone());
    }
    for (iso, (en, _)) in &iso_ar {
        by_en_country.entry(en.to_lowercase()).or_insert_with(|| iso.clone());
    }
    let mut wc_country_ar: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // (iso2, lowercased English city) → (Arabic name, population)
    let mut wc_cities: HashMap<(String, String), (String, u64)> = HashMap::new();
    for line in wc_text.lines().skip(1) {
        let f = csv_fields(line.trim_start_matches('\u{feff}'));
        if f.len() < 5 {
            continue;
        }
        let Some(iso) = by_en_country.get(&f[1].to_lowercase()) else { continue };
        wc_country_ar.entry(iso.clone()).or_default().insert(f[0].clone());
        let pop = f[4].trim().parse().unwrap_or(0);
        let k = (iso.clone(), f[3].to_lowercase());
        if wc_cities.get(&k).is_none_or(|(_, p)| *p < pop) {
            wc_cities.insert(k, (f[2].clone(), pop));
        }
    }

    // Cities.
    let p = gazetteer_dir.join("geonames-cities1000.json.gz");
    let cities: BTreeMap<String, GnCity> = read_json(&p, &read_gz(&p)?)?;
    let mut rows: Vec<Row> = Vec::new();
    // world-cities names are claimed by the most populous GeoNames place that matches.
    let mut wc_claim: HashMap<(String, String), (u64, usize)> = HashMap::new();
    for c in cities.values() {
        let in_al = al.contains(c.countrycode.as_str());
        let mut ar: BTreeSet<String> = BTreeSet::new();
        let mut ar_raw: Vec<&str> = Vec::new();
        for a in &c.alternatenames {
            if is_arabic_name(a) {
                let f = fold_str(a);
                if ar.insert(f) {
                    ar_raw.push(a);
                }
            }
        }
        let is_capital = countries.get(&c.countrycode).is_some_and(|k| {
            !k.capital.is_empty() && (k.capital == c.name || c.alternatenames.contains(&k.capital))
        });
        let keep = in_al
            || (c.population >= MIN_POP_ARABIC && !ar.is_empty())
            || c.population >= MIN_POP_ANY
            || is_capital;
        if !keep {
            continue;
        }
        let mut en: Vec<String> = vec![c.name.clone()];
        for a in &c.alternatenames {
            if en.len() >= MAX_EN_ALIASES {
                break;
            }
            if is_english_name(a) && !en.iter().any(|e| e.eq_ignore_ascii_case(a)) {
                en.push(a.clone());
            }
        }
        // Preferred Arabic name: the most usual spelling (its rarest word most frequent), then
        // the shortest, then the first in order.
        let name_ar = ar_raw
            .iter()
            .map(|a| (a, fold_str(a)))
            .max_by(|(a, fa), (b, fb)| {
                usualness(&freqs, fa)
                    .total_cmp(&usualness(&freqs, fb))
                    .then(fb.len().cmp(&fa.len()))
                    .then(b.cmp(a))
            })
            .map(|(a, _)| strip_diacritics(a))
            .unwrap_or_default();
        for name in en.iter().take(3) {
            let k = (c.countrycode.clone(), name.to_lowercase());
            if wc_cities.contains_key(&k) && wc_claim.get(&k).is_none_or(|(p, _)| *p < c.population) {
                wc_claim.insert(k, (c.population, rows.len()));
            }
        }
        if in_al {
            st.arab_league_places += 1;
        } else {
            st.other_places += 1;
        }
        rows.push(Row {
            id: format!("geonames:{}", c.geonameid),
            feature: "city",
            country: c.countrycode.clone(),
            admin1: c.admin1code.clone(),
            population: c.population,
            lat: c.latitude,
            lon: c.longitude,
            name_ar,
            name_en: c.name.clone(),
            ar,
            en,
            gentilics: BTreeSet::new(),
        });
    }
    // world-cities' canonical Arabic names become preferred names (and aliases).
    let mut claims: Vec<_> = wc_claim.into_iter().collect();
    claims.sort();
    for (k, (_, row)) in claims {
        if let Some((ar, _)) = wc_cities.get(&k) {
            let r = &mut rows[row];
            let short = ADMIN_PREFIXES.iter().find_map(|p| ar.strip_prefix(p)).unwrap_or(ar);
            r.ar.insert(fold_str(ar));
            r.ar.insert(fold_str(short));
            r.name_ar = short.to_string();
            st.world_cities_matched += 1;
        }
    }
    // Capitals: the most populous place of the country named as its capital.
    let mut capital_of: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(k) = countries.get(&r.country)
            && !k.capital.is_empty()
            && (r.name_en == k.capital || r.en.contains(&k.capital))
            && capital_of.get(&r.country).is_none_or(|&j| rows[j].population < r.population)
        {
            capital_of.insert(r.country.clone(), i);
        }
    }
    for &i in capital_of.values() {
        rows[i].feature = "capital";
    }
    st.capitals = capital_of.len();

    // Country rows: placed at their capital (else their largest place).
    let mut largest: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if largest.get(r.country.as_str()).is_none_or(|&j| rows[j].population < r.population) {
            largest.insert(&r.country, i);
        }
    }
    let extra: BTreeMap<&str, (&[&str], &[&str])> =
        COUNTRY_EXTRA.iter().map(|&(c, n, g)| (c, (n, g))).collect();
    let mut country_rows = Vec::new();
    let mut gentilic_owner: BTreeMap<String, (u64, usize)> = BTreeMap::new();
    for (iso, c) in &countries {
        let Some(&at) = capital_of.get(iso).or_else(|| largest.get(iso.as_str())) else { continue };
        let (lat, lon) = (rows[at].lat, rows[at].lon);
        let mut ar = BTreeSet::new();
        let mut en = vec![c.name.clone()];
        let mut name_ar = String::new();
        let (xn, xg): (&[&str], &[&str]) = extra.get(iso.as_str()).copied().unwrap_or((&[], &[]));
        // A short form written for the project is the name the news uses («سوريا» rather than
        // the ISO «الجمهورية العربية السورية»).
        if let Some(n) = xn.iter().find(|n| is_arabic_name(n)) {
            name_ar = n.to_string();
        }
        if let Some((en_iso, ar_iso)) = iso_ar.get(iso) {
            ar.insert(fold_str(ar_iso));
            if name_ar.is_empty() {
                name_ar = strip_diacritics(ar_iso);
            }
            if !en.contains(en_iso) {
                en.push(en_iso.clone());
            }
        }
        for a in wc_country_ar.get(iso).into_iter().flatten() {
            ar.insert(fold_str(a));
            if name_ar.is_empty() {
                name_ar = a.clone();
            }
        }
        for n in xn {
            if is_arabic_name(n) {
                ar.insert(fold_str(n));
            } else if !en.iter().any(|e| e == n) {
                en.push(n.to_string());
            }
        }
        let mut gent: BTreeSet<String> = ar.iter().filter_map(|a| derive_gentilic(a)).collect();
        gent.extend(xg.iter().map(|g| fold_str(g)));
        let idx = country_rows.len();
        for g in &gent {
            if gentilic_owner.get(g).is_none_or(|(p, _)| *p < c.population) {
                gentilic_owner.insert(g.clone(), (c.population, idx));
            }
        }
        country_rows.push(Row {
            id: format!("country:{iso}"),
            feature: "country",
            country: iso.clone(),
            admin1: String::new(),
            population: c.population,
            lat,
            lon,
            name_ar,
            name_en: c.name.clone(),
            ar,
            en,
            gentilics: gent,
        });
    }
    // A gentilic shared by two countries («كوري» "Korean") goes to the more populous.
    for (i, r) in country_rows.iter_mut().enumerate() {
        r.gentilics.retain(|g| gentilic_owner.get(g).is_some_and(|&(_, o)| o == i));
    }
    st.countries = country_rows.len();

    // Continents.
    let p = gazetteer_dir.join("continents.json");
    let continents: BTreeMap<String, GnContinent> =
        read_json(&p, &std::fs::read_to_string(&p).map_err(io(&p))?)?;
    let mut cont_rows = Vec::new();
    for c in continents.values() {
        let mut ar = BTreeSet::new();
        let mut name_ar = String::new();
        for a in &c.alternate_names {
            if a.lang.as_deref() == Some("ar") && is_arabic_name(&a.name) {
                if name_ar.is_empty() {
                    name_ar = a.name.clone();
                }
                ar.insert(fold_str(&a.name));
            }
        }
        if c.name == "Africa" {
            ar.insert(fold_str("إفريقيا"));
        }
        cont_rows.push(Row {
            id: format!("geonames:{}", c.geoname_id),
            feature: "continent",
            country: String::new(),
            admin1: String::new(),
            population: c.population,
            lat: c.lat.parse().unwrap_or(0.0),
            lon: c.lng.parse().unwrap_or(0.0),
            name_ar,
            name_en: c.name.clone(),
            ar,
            en: vec![c.name.clone()],
            gentilics: BTreeSet::new(),
        });
    }
    st.continents = cont_rows.len();

    let mut text = String::new();
    text.push_str(
        "# rasid place catalogue (built by `rasid data build-catalogue`; see NOTICE)\n\
         # id\tfeature\tcountry\tadmin1\tpopulation\tlat\tlon\tname_ar\tname_en\taliases_ar(folded)\taliases_en\tgentilics(folded)\n",
    );
    for r in cont_rows.iter().chain(&country_rows).chain(&rows) {
        st.arabic_names += r.ar.len();
        st.english_names += r.en.len();
        r.line(&mut text);
    }

    // The curated table: checked, its valid rows copied after the places (comments dropped).
    text.push_str(CURATED_SECTION);
    text.push('\n');
    if let Ok(t) = std::fs::read_to_string(curated) {
        let mut seen = BTreeSet::new();
        for (n, line) in t.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            match parse_curated_row(line) {
                Ok(r) => {
                    st.curated_rows += 1;
                    *st.curated_by_type.entry(r.ty.name().to_string()).or_default() += 1;
                    if !seen.insert(r.id.to_string()) {
                        st.curated_errors.push(format!("{CURATED_FILE}:{}: duplicate id `{}`", n + 1, r.id));
                        continue;
                    }
                    text.push_str(line);
                    text.push('\n');
                }
                Err(e) => st.curated_errors.push(format!("{CURATED_FILE}:{}: {e}", n + 1)),
            }
        }
    }

    // gzip with no timestamp or file name: the same sources give the same bytes.
    let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    gz.write_all(text.as_bytes()).map_err(io(out))?;
    let bytes = gz.finish().map_err(io(out))?;
    st.bytes = bytes.len();
    std::fs::write(out, &bytes).map_err(io(out))?;
    Ok(st)
}

fn strip_diacritics(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gentilics_of_country_names() {
        for (name, g) in [
            ("ليبيا", "ليبي"),
            ("تونس", "تونسي"),
            ("العراق", "عراقي"),
            ("السعوديه", "سعودي"),
            ("مصر", "مصري"),
        ] {
            assert_eq!(derive_gentilic(name).as_deref(), Some(g), "{name}");
        }
        assert_eq!(derive_gentilic("الولايات المتحده"), None);
    }

    #[test]
    fn arabic_names_exclude_persian_spellings() {
        assert!(is_arabic_name("طرابلس"));
        assert!(is_arabic_name("طَرَابُلُس"));
        assert!(!is_arabic_name("ترىپولى")); // Persian pe
        assert!(!is_arabic_name("طرابلس، لیبیا")); // Arabic comma, Persian yeh
        assert!(!is_arabic_name("Tripoli"));
    }
}
