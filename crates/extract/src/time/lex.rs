//! The time lexicon: every word the time grammar knows, keyed by its folded form
//! ([`rasid_arabic::normalize::fold_str`]: ة → ه, ى → ي, hamza-alef → ا), built once.

use rasid_arabic::normalize::fold_str;
use rustc_hash::FxHashMap;

/// A unit of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// How a unit word is written: يوم "a day", يومين "two days", أيام "days", اليوم/الأسبوع "the
/// day/week", الأيام "the days", اليومين "the two days".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    One,
    Two,
    Many,
    Def,
    DefTwo,
    DefMany,
}

/// A part of the day, which sets a clock hour's half of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Dawn,
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
}

/// Where a modifier points: الماضي "last", المقبل "next", الحالي/الجاري "current".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    Past,
    Next,
    This,
}

/// The first word of a two-word month name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// كانون (الثاني "January", الأول "December").
    Kanun,
    /// تشرين (الأول "October", الثاني "November").
    Tishrin,
    /// ربيع (الأول, الثاني/الآخر): Hijri months 3 and 4.
    Rabi,
    /// جمادى (الأولى, الثانية/الآخرة): Hijri months 5 and 6.
    Jumada,
    /// ذو/ذي (القعدة, الحجة): Hijri months 11 and 12.
    Dhu,
}

/// Function words and other keywords of the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kw {
    Now,
    Moment,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Before,
    After,
    Since,
    From,
    To,
    Between,
    And,
    In,
    During,
    For,
    Clock,
    Agreeing,
    Except,
    Quarter,
    Third,
    Half,
    Early,
    Late,
    Mid,
    Last,
    Eid,
    Fitr,
    Adha,
    Milad,
    Easter,
    Christmas,
    RasHead,
    Hijri,
    Gregorian,
    Mawlid,
    Ashura,
    This,
    Which,
    Few,
    Timezone,
}

/// Everything one folded word can be (a word may be several: الأول is "the first" and ends
/// «تشرين الأول» "October").
#[derive(Clone, Copy, Debug, Default)]
pub struct Lex {
    /// Cardinal value: ثلاثة 3, عشرين 20.
    pub num: Option<u32>,
    /// عشر/عشرة after a unit makes a teen (ثلاثة عشر 13, الثالث عشر 13th).
    pub teen: bool,
    /// Ordinal value: الثالث/الثالثة/ثالث 3, العشرين 20, الحادي 1 (of الحادي عشر 11th).
    pub ord: Option<u32>,
    /// Gregorian month, 1–12.
    pub month: Option<u8>,
    /// The month name is also a common word (مارس "he practised", آب "father").
    pub weak_month: bool,
    pub head: Option<Head>,
    pub hijri_month: Option<u8>,
    /// 0 = Monday … 6 = Sunday; `def` tells الاثنين from اثنين.
    pub weekday: Option<u8>,
    pub def: bool,
    pub unit: Option<(Unit, Form)>,
    pub kw: Option<Kw>,
    pub part: Option<Part>,
    pub rel: Option<Rel>,
}

pub struct Lexicon {
    map: FxHashMap<String, Lex>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}

impl Lexicon {
    pub fn get(&self, folded: &str) -> Option<&Lex> {
        self.map.get(folded)
    }

    fn add(&mut self, words: &str, f: impl Fn(&mut Lex)) {
        for w in words.split_whitespace() {
            let key = fold_str(w);
            let e = self.map.entry(key).or_default();
            f(e);
            if w.starts_with("ال") || w.starts_with("الـ") {
                e.def = true;
            }
        }
    }

    pub fn new() -> Lexicon {
        let mut l = Lexicon { map: FxHashMap::default() };
        // Cardinals. «عشر/عشرة» is ten and the teen marker.
        let units: [(&str, u32); 9] = [
            ("واحد واحدة احد إحدى", 1),
            ("اثنان اثنين اثنتان اثنتين اثنا اثني", 2),
            ("ثلاث ثلاثة", 3),
            ("أربع أربعة اربعة", 4),
            ("خمس خمسة", 5),
            ("ست ستة", 6),
            ("سبع سبعة", 7),
            ("ثمان ثماني ثمانية", 8),
            ("تسع تسعة", 9),
        ];
        for (ws, v) in units {
            l.add(ws, |e| e.num = Some(v));
            // with the article, after a plural noun: «الأسابيع الثلاثة» "the three weeks"
            for w in ws.split_whitespace().filter(|w| !matches!(*w, "احد" | "اثنين")) {
                l.add(&format!("ال{w}"), |e| e.num = Some(v));
            }
        }
        l.add("عشر عشرة", |e| {
            e.num = Some(10);
            e.teen = true
        });
        let tens: [(&str, u32); 8] = [
            ("عشرون عشرين", 20),
            ("ثلاثون ثلاثين", 30),
            ("أربعون أربعين", 40),
            ("خمسون خمسين", 50),
            ("ستون ستين", 60),
            ("سبعون سبعين", 70),
            ("ثمانون ثمانين", 80),
            ("تسعون تسعين", 90),
        ];
        for (ws, v) in tens {
            l.add(ws, |e| e.num = Some(v));
        }
        // Ordinals, masculine and feminine, with and without the article.
        let ords: [(&str, u32); 13] = [
            ("الأول الأولى أول", 1),
            ("الحادي الحادية حادي", 1),
            ("الثاني الثانية ثاني ثان", 2),
            ("الثالث الثالثة ثالث", 3),
            ("الرابع الرابعة رابع", 4),
            ("الخامس الخامسة خامس", 5),
            ("السادس السادسة سادس", 6),
            ("السابع السابعة سابع", 7),
            ("الثامن الثامنة ثامن", 8),
            ("التاسع التاسعة تاسع", 9),
            ("العاشر العاشرة عاشر", 10),
            ("العشرين العشرون", 20),
            ("الثلاثين الثلاثون", 30),
        ];
        for (ws, v) in ords {
            l.add(ws, |e| e.ord = Some(v));
        }
        // Gregorian months: Egyptian/Gulf, Maghrebi and Levantine/Iraqi names, with common
        // spellings (يونية، يوليه ...).
        let months: [(&str, u8); 12] = [
            ("يناير جانفي ينار", 1),
            ("فبراير فيفري شباط", 2),
            ("مارس آذار", 3),
            ("أبريل ابريل إبريل أفريل نيسان", 4),
            ("مايو ماي أيار", 5),
            ("يونيو يونيه يونية جوان حزيران", 6),
            ("يوليو يوليه يولية جويلية يوليوز تموز", 7),
            ("أغسطس اغسطس أغشت غشت أوت آب", 8),
            ("سبتمبر شتنبر أيلول", 9),
            ("أكتوبر اكتوبر", 10),
            ("نوفمبر نونبر", 11),
            ("ديسمبر دجنبر", 12),
        ];
        for (ws, m) in months {
            l.add(ws, |e| e.month = Some(m));
        }
        // مارس "he practised", آب "father" (أب), ماي: months only with a date around them.
        l.add("مارس آب ماي", |e| e.weak_month = true);
        l.add("كانون", |e| e.head = Some(Head::Kanun));
        l.add("تشرين", |e| e.head = Some(Head::Tishrin));
        l.add("ربيع", |e| e.head = Some(Head::Rabi));
        l.add("جمادى جمادي", |e| e.head = Some(Head::Jumada));
        l.add("ذو ذي ذا", |e| e.head = Some(Head::Dhu));
        // The second words of two-word month names that are not ordinals.
        l.add("الآخر الآخرة القعدة الحجة", |_| {});
        let hijri: [(&str, u8); 6] =
            [("محرم المحرم", 1), ("صفر", 2), ("رجب", 7), ("شعبان", 8), ("رمضان", 9), ("شوال", 10)];
        for (ws, m) in hijri {
            l.add(ws, |e| e.hijri_month = Some(m));
        }
        // Weekdays; the forms without the article only count inside a construction
        // («يوم اثنين», «اثنين الأسبوع الحالي»): بلا «ال» they are also "two", "one", a name.
        let days: [(&str, u8); 7] = [
            ("الاثنين الإثنين اثنين", 0),
            ("الثلاثاء الثلاثا ثلاثاء ثلاثا", 1),
            ("الأربعاء الاربعا أربعاء اربعا", 2),
            ("الخميس خميس", 3),
            ("الجمعة جمعة", 4),
            ("السبت سبت", 5),
            ("الأحد أحد", 6),
        ];
        for (ws, d) in days {
            l.add(ws, |e| e.weekday = Some(d));
        }
        let units: [(&str, Unit, Form); 30] = [
            ("دقيقة دقيقه", Unit::Minute, Form::One),
            ("دقيقتين دقيقتان", Unit::Minute, Form::Two),
            ("دقائق", Unit::Minute, Form::Many),
            ("ساعة ساعه", Unit::Hour, Form::One),
            ("ساعتين ساعتان", Unit::Hour, Form::Two),
            ("ساعات", Unit::Hour, Form::Many),
            ("يوم يوما", Unit::Day, Form::One),
            ("يومين يومان", Unit::Day, Form::Two),
            ("أيام", Unit::Day, Form::Many),
            ("اليوم", Unit::Day, Form::Def),
            ("اليومين", Unit::Day, Form::DefTwo),
            ("الأيام", Unit::Day, Form::DefMany),
            ("أسبوع أسبوعا", Unit::Week, Form::One),
            ("أسبوعين أسبوعان", Unit::Week, Form::Two),
            ("أسابيع", Unit::Week, Form::Many),
            ("الأسبوع", Unit::Week, Form::Def),
            ("الأسبوعين", Unit::Week, Form::DefTwo),
            ("الأسابيع", Unit::Week, Form::DefMany),
            ("شهر شهرا", Unit::Month, Form::One),
            ("شهرين شهران", Unit::Month, Form::Two),
            ("أشهر شهور", Unit::Month, Form::Many),
            ("الشهر", Unit::Month, Form::Def),
            ("الشهرين", Unit::Month, Form::DefTwo),
            ("الأشهر الشهور", Unit::Month, Form::DefMany),
            ("عام عاما سنة سنه", Unit::Year, Form::One),
            ("عامين عامان عامي سنتين سنتان سنتي", Unit::Year, Form::Two),
            ("أعوام سنوات سنين", Unit::Year, Form::Many),
            ("العام السنة", Unit::Year, Form::Def),
            ("العامين السنتين", Unit::Year, Form::DefTwo),
            ("الأعوام السنوات", Unit::Year, Form::DefMany),
        ];
        for (ws, u, f) in units {
            l.add(ws, |e| e.unit = Some((u, f)));
        }
        let parts: [(&str, Part); 6] = [
            ("فجر فجرا الفجر", Part::Dawn),
            ("صباح صباحا الصباح الصبح صبحا الضحى", Part::Morning),
            ("ظهر ظهرا الظهر الظهيرة ظهيرة", Part::Noon),
            ("عصر عصرا العصر", Part::Afternoon),
            ("مساء مساءا المساء المغرب مغرب", Part::Evening),
            ("ليلا الليل ليل ليلة العشاء", Part::Night),
        ];
        for (ws, p) in parts {
            l.add(ws, |e| e.part = Some(p));
        }
        let rels: [(&str, Rel); 3] = [
            (
                "الماضي الماضية الماضيين الماضيتين السابق السابقة المنصرم المنصرمة الفائت الفائتة المنقضي",
                Rel::Past,
            ),
            (
                "المقبل المقبلة المقبلين القادم القادمة القادمين التالي التالية الجاي الجاية الآتي الآتية",
                Rel::Next,
            ),
            ("الحالي الحالية الجاري الجارية", Rel::This),
        ];
        for (ws, r) in rels {
            l.add(ws, |e| e.rel = Some(r));
        }
        let kws: [(&str, Kw); 41] = [
            ("الآن الان حالا", Kw::Now),
            ("اللحظة", Kw::Moment),
            ("اليوم", Kw::Today),
            ("أمس البارحة امبارح مبارح", Kw::Yesterday),
            ("غدا غد الغد بكرة بكرا", Kw::Tomorrow),
            ("الليلة", Kw::Tonight),
            ("قبل القبل", Kw::Before),
            ("بعد", Kw::After),
            ("منذ مذ", Kw::Since),
            ("من", Kw::From),
            ("إلى الى حتى لغاية ولغاية", Kw::To),
            ("بين", Kw::Between),
            ("و", Kw::And),
            ("في", Kw::In),
            ("خلال", Kw::During),
            ("لمدة مدة طوال", Kw::For),
            ("الساعة", Kw::Clock),
            ("الموافق", Kw::Agreeing),
            ("إلا", Kw::Except),
            ("ربع ربعا", Kw::Quarter),
            ("ثلث ثلثا", Kw::Third),
            ("نصف نص", Kw::Half),
            ("أوائل مطلع بداية بدايات مستهل", Kw::Early),
            ("أواخر نهاية نهايات ختام", Kw::Late),
            ("منتصف أواسط", Kw::Mid),
            ("آخر الأخير الأخيرة", Kw::Last),
            ("عيد", Kw::Eid),
            ("الفطر", Kw::Fitr),
            ("الأضحى", Kw::Adha),
            ("الميلاد", Kw::Milad),
            ("الفصح القيامة", Kw::Easter),
            ("كريسماس الكريسماس", Kw::Christmas),
            ("رأس", Kw::RasHead),
            ("هـ ه للهجرة هجري هجرية الهجري الهجرية", Kw::Hijri),
            ("م ميلادي ميلادية للميلاد الميلادي الميلادية", Kw::Gregorian),
            ("المولد", Kw::Mawlid),
            ("عاشوراء", Kw::Ashura),
            ("هذا هذه", Kw::This),
            ("الذي التي الي اللي", Kw::Which),
            ("القليلة", Kw::Few),
            ("بتوقيت توقيت", Kw::Timezone),
        ];
        for (ws, k) in kws {
            l.add(ws, |e| {
                // الميلاد "Christmas/birth" and الهجرية also read as adjectives elsewhere; one
                // keyword per word is enough for the grammar.
                if e.kw.is_none() {
                    e.kw = Some(k)
                }
            });
        }
        l
    }
}
