//! Word lists of the structure stage and the folded matching they are looked up with.
//!
//! Every list is compared through [`fold`], so one entry covers the spellings news sites mix:
//! hamza forms of alef (اقرأ أيضاً / إقرأ ايضا "read also"), final ى/ي and ة/ه, diacritics and
//! tatweel, runs of spaces and no-break spaces, and Latin case. The lists are `const`: there is
//! nothing to load, and lookups allocate nothing.

/// Folds one character for matching: [`rasid_arabic::normalize::fold_letter`] (the lossy fold
/// search uses), with every kind of space as one space. `None` for characters that matching
/// skips (diacritics, tatweel, invisible marks).
#[inline]
pub(crate) fn fold(c: char) -> Option<char> {
    if c.is_whitespace() { Some(' ') } else { rasid_arabic::normalize::fold_letter(c) }
}

/// If `s` begins with `pat` under [`fold`], the byte length of that beginning of `s` (including
/// any skippable marks right after it). A space in `pat` matches one or more spaces in `s`.
pub(crate) fn fold_prefix(s: &str, pat: &str) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    let mut end = 0;
    for p in pat.chars().filter_map(fold) {
        loop {
            let (i, c) = it.next()?;
            match fold(c) {
                None => continue,
                Some(f) if f == p => {
                    end = i + c.len_utf8();
                    if p == ' ' {
                        while let Some(&(j, d)) = it.peek() {
                            if d.is_whitespace() {
                                end = j + d.len_utf8();
                                it.next();
                            } else {
                                break;
                            }
                        }
                    }
                    break;
                }
                Some(_) => return None,
            }
        }
    }
    // Marks right after the match (the tanwin of «أيضاً») belong to it.
    while let Some(&(j, d)) = it.peek() {
        if d != ' ' && fold(d).is_none() {
            end = j + d.len_utf8();
            it.next();
        } else {
            break;
        }
    }
    Some(end)
}

/// True when `s` is `pat` under [`fold`].
#[inline]
pub(crate) fn fold_eq(s: &str, pat: &str) -> bool {
    fold_prefix(s, pat) == Some(s.len())
}

/// True when `s` starts a new word (or is empty): the match before it ended at a word boundary.
#[inline]
pub(crate) fn at_boundary(s: &str) -> bool {
    s.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// What may follow a cue for the line to count as that cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Nothing but punctuation and symbols: «شارك» "share" alone, not «شارك الرئيس» "the
    /// president took part".
    Whole,
    /// The end of the line, or a separator (`:`, `|`, a dash) and then anything:
    /// «المصدر : الجزيرة» "source: Al Jazeera".
    Sep,
    /// A word boundary and then anything: «اقرأ أيضا هل ...» "read also: is ...".
    Lead,
}

/// A cue phrase at the head of a line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cue(pub &'static str, pub Mode);

/// Separators that may follow a [`Mode::Sep`] cue.
#[inline]
fn is_cue_sep(c: char) -> bool {
    matches!(c, ':' | '：' | '|' | '-' | '–' | '—' | '−' | '/' | '»' | '>')
}

/// The first character of `s` under [`fold`].
#[inline]
fn first_folded(s: &str) -> Option<char> {
    s.chars().find_map(fold)
}

/// The first cue of `cues` that `s` starts with, and the rest of `s` after it.
pub(crate) fn match_cue<'s>(s: &'s str, cues: &[Cue]) -> Option<&'s str> {
    let first = first_folded(s)?;
    cues.iter().find_map(|&Cue(pat, mode)| {
        // Patterns begin with a character that folds to itself (checked by a test), so the
        // pattern side needs no folding here: this runs for every pattern on every line.
        if !pat.starts_with(first) {
            return None;
        }
        let rest = &s[fold_prefix(s, pat)?..];
        let ok = match mode {
            Mode::Whole => !rest.chars().any(char::is_alphanumeric),
            Mode::Lead => at_boundary(rest),
            Mode::Sep => {
                let r = rest.trim_start();
                at_boundary(rest) && r.chars().next().is_none_or(is_cue_sep)
            }
        };
        ok.then_some(rest)
    })
}

/// Bullets and markers that may open a line before a cue («* نقلاً عن ...», "• Read more").
pub(crate) fn skip_bullets(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '*' | '•' | '·' | '▪' | '■' | '►' | '◄' | '>' | '|' | '#' | '-' | '–')
    })
}

use Mode::{Lead, Sep, Whole};

/// Lines that introduce related links; the short lines after a bare one are links too.
pub(crate) const RELATED: &[Cue] = &[
    Cue("اقرأ أيضا", Lead),
    Cue("اقرأ كذلك", Lead),
    Cue("اقرأ المزيد", Lead),
    Cue("شاهد أيضا", Lead),
    Cue("شاهد كذلك", Lead),
    Cue("قد يهمك", Lead),
    Cue("قد يعجبك", Lead),
    Cue("ربما يهمك", Lead),
    Cue("يهمك أيضا", Lead),
    Cue("مواضيع ذات صلة", Lead),
    Cue("موضوعات ذات صلة", Lead),
    Cue("اخبار ذات صلة", Lead),
    Cue("مقالات ذات صلة", Lead),
    Cue("روابط ذات صلة", Lead),
    Cue("مواضيع قد تهمك", Lead),
    Cue("للمزيد", Sep),
    Cue("المزيد", Sep),
    Cue("read more", Lead),
    Cue("read also", Lead),
    Cue("see also", Lead),
    Cue("related", Sep),
    Cue("more on this story", Lead),
    Cue("à lire aussi", Lead),
    Cue("lire aussi", Lead),
    Cue("voir aussi", Lead),
];

/// Share buttons, promotions, disclaimers and other page furniture.
pub(crate) const JUNK: &[Cue] = &[
    Cue("شارك", Sep),
    Cue("شارك هذا المقال", Sep),
    Cue("شارك المقال", Sep),
    Cue("شارك الخبر", Sep),
    Cue("شارك هذا", Sep),
    Cue("مشاركة", Sep),
    Cue("شاهد", Sep),
    Cue("شاهد الفيديو", Sep),
    Cue("فيديو", Whole),
    Cue("اقرأ", Whole),
    Cue("طباعة", Whole),
    Cue("ارسال", Whole),
    Cue("ارسل", Whole),
    Cue("اعلان", Whole),
    Cue("تعليقات", Whole),
    Cue("التعليقات", Whole),
    Cue("الأكثر قراءة", Sep),
    Cue("الأكثر مشاهدة", Sep),
    Cue("الأكثر تداولا", Sep),
    Cue("كلمات مفتاحية", Sep),
    Cue("الكلمات المفتاحية", Sep),
    Cue("الكلمات الدالة", Sep),
    Cue("وسوم", Sep),
    Cue("تابعونا على", Lead),
    Cue("تابعنا على", Lead),
    Cue("يمكنكم استلام إشعارات", Lead),
    Cue("يمكنكم تسلم إشعارات", Lead),
    Cue("حمل تطبيق", Lead),
    Cue("جميع المقالات المنشورة تمثل رأي", Lead),
    Cue("المقالات المنشورة تعبر عن رأي", Lead),
    Cue("هذا المقال يعبر عن رأي", Lead),
    Cue("الآراء الواردة في", Lead),
    // CNN's sponsored pieces: "this article is published in cooperation with ...".
    Cue("نشر هذا المقال بالتعاون", Lead),
    Cue("هذا المقال منشور بالتعاون", Lead),
    Cue("هذ المقال منشور بالتعاون", Lead),
    Cue("غرد", Whole),
    Cue("تغريد", Whole),
    Cue("واتساب", Whole),
    Cue("تويتر", Whole),
    Cue("فيسبوك", Whole),
    Cue("تلغرام", Whole),
    Cue("لينكدإن", Whole),
    Cue("share", Sep),
    Cue("share this", Sep),
    Cue("share on facebook", Sep),
    Cue("tweet", Whole),
    Cue("facebook", Whole),
    Cue("twitter", Whole),
    Cue("whatsapp", Whole),
    Cue("print", Whole),
    Cue("email", Whole),
    Cue("comments", Whole),
    Cue("advertisement", Whole),
    Cue("follow us", Lead),
    Cue("sign up", Lead),
    Cue("partager", Sep),
    Cue("publicité", Whole),
];

/// Source lines: «المصدر : الجزيرة + وكالات» "source: Al Jazeera + agencies», «نقلاً عن ...»
/// "quoted from ...".
pub(crate) const SOURCE: &[Cue] = &[
    Cue("المصدر", Sep),
    Cue("المصادر", Sep),
    Cue("مصدر الخبر", Sep),
    Cue("نقلا عن", Lead),
    Cue("نقلا من", Lead),
    Cue("منقول عن", Lead),
    Cue("source", Sep),
    Cue("sources", Sep),
];

/// Bylines in Arabic: «بقلم ...» "by the pen of ...", «كتب: ...» "wrote: ...".
pub(crate) const BYLINE_AR: &[Cue] = &[
    Cue("بقلم", Lead),
    Cue("كتب", Sep),
    Cue("كتبت", Sep),
    Cue("كتبه", Sep),
    Cue("اعداد", Sep),
    Cue("تحرير", Sep),
];

/// Bylines in Latin script; a capitalised name must follow.
pub(crate) const BYLINE_LATIN: &[Cue] =
    &[Cue("written by", Lead), Cue("reporting by", Lead), Cue("by", Lead), Cue("par", Lead)];

/// Photo credits: «تصوير: ...» "photographed by: ...", "Photo: ...".
pub(crate) const CREDIT: &[Cue] = &[
    Cue("تصوير", Lead),
    Cue("مصدر الصورة", Lead),
    Cue("حقوق الصورة", Lead),
    Cue("عدسة", Sep),
    Cue("الصورة", Sep),
    Cue("صورة", Sep),
    Cue("الصور", Sep),
    Cue("photo by", Lead),
    Cue("photos by", Lead),
    Cue("photograph by", Lead),
    Cue("photo", Sep),
    Cue("photos", Sep),
    Cue("photograph", Sep),
    Cue("picture", Sep),
    Cue("image", Sep),
    Cue("credit", Sep),
    Cue("crédit photo", Sep),
    Cue("crédit", Sep),
    Cue("©", Lead),
    Cue("image copyright", Lead),
    Cue("image source", Lead),
    Cue("copyright", Lead),
];

/// Captions announced as such: «تعليق على الصورة» "caption on the picture" (BBC), "Image
/// caption", «صورة أرشيفية ...» "archive picture of ...".
pub(crate) const CAPTION: &[Cue] = &[
    Cue("تعليق على الصورة", Lead),
    Cue("image caption", Lead),
    Cue("صورة أرشيفية", Lead),
    Cue("صورة من الأرشيف", Lead),
    Cue("légende", Sep),
];

/// News agencies and outlets, as they head datelines and close captions («(رويترز)» "Reuters",
/// «(أ ف ب)» "AFP", «(الأوروبية)» "EPA"). Compared whole, so that a line of agencies
/// («فرانس24/ أ ف ب» "France24/AFP») is recognised.
pub(crate) const AGENCIES: &[&str] = &[
    // Wire agencies, by their Arabic names and initials.
    "رويترز",
    "فرانس برس",
    "وكالة فرانس برس",
    "أ ف ب",
    "أ.ف.ب",
    "أ. ف. ب",
    "أ ف ب.",
    "الفرنسية",
    "الصحافة الفرنسية",
    "وكالة الصحافة الفرنسية",
    "د ب أ",
    "د.ب.أ",
    "د. ب. أ",
    "الألمانية",
    "أسوشيتد برس",
    "أسوشييتد برس",
    "أسوشيتدبرس",
    "اسوشيتد برس",
    "أ ب",
    "أ.ب",
    "إيه بي",
    "الأوروبية",
    "الصحافة الأوروبية",
    "إي بي أي",
    "إي بي إيه",
    "الأناضول",
    "وكالة الأناضول",
    "سبوتنيك",
    "تاس",
    "إنترفاكس",
    "شينخوا",
    "يونهاب",
    "كيودو",
    "يو بي آي",
    "إفي",
    // National agencies of the region.
    "واس",
    "وام",
    "سانا",
    "كونا",
    "قنا",
    "بنا",
    "وفا",
    "معا",
    "إرنا",
    "تسنيم",
    "العمانية",
    "بترا",
    "ومع",
    "واج",
    "سبأ",
    "وكالات",
    "الوكالات",
    "خاص",
    // Outlets that credit themselves.
    "الجزيرة",
    "الجزيرة نت",
    "الجزيرة.نت",
    "العربية",
    "العربية.نت",
    "العربية نت",
    "قناة العربية",
    "الحدث",
    "سكاي نيوز عربية",
    "سكاي نيوز",
    "بي بي سي",
    "بي بي سي عربي",
    "سي إن إن",
    "فرانس 24",
    "فرانس24",
    "مونت كارلو الدولية",
    "البوابة العربية للأخبار التقنية",
    // Latin names.
    "Reuters",
    "AFP",
    "AP",
    "EPA",
    "EFE",
    "EPA-EFE",
    "dpa",
    "Anadolu",
    "Anadolu Agency",
    "AA",
    "Xinhua",
    "Sputnik",
    "TASS",
    "UPI",
    "SANA",
    "WAM",
    "SPA",
    "KUNA",
    "IRNA",
    "CNN",
    "CNN Business",
    "BBC",
    "Al Jazeera",
    "Al Arabiya",
    "Sky News Arabia",
    "France 24",
];

/// Credits that only ever credit a picture: picture agencies, archives, social media.
pub(crate) const PHOTO_CREDITS: &[&str] = &[
    "غيتي",
    "غيتي إيميجز",
    "غيتي إيمجز",
    "جيتي",
    "جيتي إيماجيز",
    "أرشيف",
    "أرشيفية",
    "صورة أرشيفية",
    "من الأرشيف",
    "مواقع التواصل",
    "مواقع التواصل الاجتماعي",
    "مواقع التواصل الإجتماعي",
    "مواقع إلكترونية",
    "الإنترنت",
    "إنترنت",
    "تويتر",
    "فيسبوك",
    "إنستغرام",
    "يوتيوب",
    "Getty",
    "Getty Images",
    "Handout",
    "File",
    "File photo",
    "Archive",
    "Social media",
    "Twitter",
    "Facebook",
];

/// Credits inside a Latin caption ("... 2019. REUTERS/Ismail Zitouny"); a name may follow.
pub(crate) const LATIN_CREDIT_MARKERS: &[&str] = &[
    "REUTERS/",
    "Reuters/",
    "via REUTERS",
    "via Reuters",
    "AFP/",
    "AFP PHOTO",
    "AFP via Getty",
    "AP Photo",
    "AP/",
    "EPA/",
    "EPA-EFE/",
    "Getty Images",
    "SANA/",
    "Handout via",
    "Photo:",
    "Photo by",
    "Photograph:",
    "Picture:",
];

/// Credits that end a Latin caption with nothing after them ("... in Gaza. AFP").
pub(crate) const LATIN_CREDIT_ENDS: &[&str] =
    &["Reuters", "REUTERS", "AFP", "AP", "EPA", "Getty", "Anadolu Agency", "Xinhua", "Getty Images"];

/// Cities that head Arabic datelines with a reporter's name rather than an agency
/// («القاهرة - أحمد الريدي» "Cairo - Ahmed al-Ridi"); with an agency any place will do.
pub(crate) const CITIES: &[&str] = &[
    "القاهرة",
    "الإسكندرية",
    "بيروت",
    "دمشق",
    "حلب",
    "بغداد",
    "البصرة",
    "أربيل",
    "الموصل",
    "الرياض",
    "جدة",
    "مكة",
    "مكة المكرمة",
    "المدينة المنورة",
    "الدمام",
    "دبي",
    "أبوظبي",
    "أبو ظبي",
    "الشارقة",
    "الدوحة",
    "عمان",
    "عمّان",
    "الكويت",
    "المنامة",
    "مسقط",
    "صنعاء",
    "عدن",
    "تعز",
    "الحديدة",
    "مأرب",
    "طرابلس",
    "بنغازي",
    "مصراتة",
    "تونس",
    "الجزائر",
    "الرباط",
    "الدار البيضاء",
    "نواكشوط",
    "الخرطوم",
    "القدس",
    "غزة",
    "رام الله",
    "نابلس",
    "الخليل",
    "تل أبيب",
    "أنقرة",
    "إسطنبول",
    "اسطنبول",
    "طهران",
    "كابل",
    "كابول",
    "إسلام آباد",
    "واشنطن",
    "نيويورك",
    "لندن",
    "باريس",
    "برلين",
    "موسكو",
    "بروكسل",
    "جنيف",
    "روما",
    "مدريد",
    "فيينا",
    "بكين",
    "طوكيو",
    "نيودلهي",
    "اليمن",
    "لبنان",
    "سوريا",
    "العراق",
    "ليبيا",
    "مصر",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_covers_spelling_variants() {
        // «إقرأ ايضاً» "read also", written with hamza under alef, bare alef and tanwin.
        assert_eq!(fold_prefix("إقرأ ايضاً: خبر", "اقرأ أيضا"), Some("إقرأ ايضاً".len()));
        assert_eq!(fold_prefix("اقرأ  أيضا", "اقرأ أيضا"), Some("اقرأ  أيضا".len()));
        assert_eq!(fold_prefix("Read More", "read more"), Some(9));
        assert_eq!(fold_prefix("اقر", "اقرأ أيضا"), None);
        assert!(fold_eq("فرانس24", "فرانس24"));
        assert!(fold_eq("أ ف ب", "ا ف ب"));
        assert!(!fold_eq("رويترز الآن", "رويترز"));
    }

    #[test]
    fn cue_modes() {
        assert!(match_cue("شارك", JUNK).is_some()); // "share"
        // "the president took part in the meeting": a sentence, not a share button.
        assert!(match_cue("شارك الرئيس في الاجتماع", JUNK).is_none());
        assert!(match_cue("المصدر : الجزيرة + وكالات", SOURCE).is_some());
        assert!(match_cue("المصدر: وكالات", SOURCE).is_some());
        // "the source said that ...": a sentence.
        assert!(match_cue("المصدر قال إن الهجوم فشل", SOURCE).is_none());
        assert!(match_cue("اقرأ أيضاً", RELATED).is_some());
        assert!(match_cue("للمزيد: أهم بنود الاتفاق", RELATED).is_some());
        // "for more information call ...": a sentence.
        assert!(match_cue("للمزيد من المعلومات اتصلوا", RELATED).is_none());
        assert_eq!(skip_bullets("** جميع"), "جميع");
    }

    #[test]
    fn patterns_begin_folded() {
        for list in [RELATED, JUNK, SOURCE, BYLINE_AR, BYLINE_LATIN, CREDIT, CAPTION] {
            for Cue(pat, _) in list {
                let c = pat.chars().next().expect("no empty pattern");
                assert_eq!(fold(c), Some(c), "{pat:?} must begin with a folded character");
            }
        }
    }
}
