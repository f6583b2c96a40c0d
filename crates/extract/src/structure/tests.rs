//! Cases written for these tests, with inline markup instead of offsets: `⟦kind:text⟧` marks a
//! block and its kind, `⟦kind/lang:text⟧` its language too; what lies outside the marks (line
//! breaks, the space after a dateline) belongs to no block.

use super::*;

const KINDS: [BlockKind; 10] = [
    BlockKind::Title,
    BlockKind::Subtitle,
    BlockKind::Caption,
    BlockKind::Credit,
    BlockKind::Heading,
    BlockKind::Paragraph,
    BlockKind::Source,
    BlockKind::Dateline,
    BlockKind::Byline,
    BlockKind::Other,
];

struct Expect {
    kind: BlockKind,
    lang: Option<Lang>,
    span: Span,
}

/// The plain text of a marked-up case and the blocks it marks.
fn parse(markup: &str) -> (String, Vec<Expect>) {
    let mut text = String::new();
    let mut want = Vec::new();
    let mut rest = markup;
    while let Some(open) = rest.find('⟦') {
        text.push_str(&rest[..open]);
        rest = &rest[open + '⟦'.len_utf8()..];
        let colon = rest.find(':').expect("⟦kind:");
        let tag = &rest[..colon];
        let (kind, lang) = match tag.split_once('/') {
            Some((k, l)) => (k, Some(l)),
            None => (tag, None),
        };
        let kind = *KINDS.iter().find(|k| k.name() == kind).unwrap_or_else(|| panic!("kind {kind}"));
        let lang = lang.map(|l| match l {
            "ar" => Lang::Ar,
            "en" => Lang::En,
            "fr" => Lang::Fr,
            "und" => Lang::Und,
            _ => panic!("lang {l}"),
        });
        rest = &rest[colon + 1..];
        let close = rest.find('⟧').expect("⟧");
        let start = text.len();
        text.push_str(&rest[..close]);
        want.push(Expect { kind, lang, span: Span::from_range(start..text.len()) });
        rest = &rest[close + '⟧'.len_utf8()..];
    }
    text.push_str(rest);
    (text, want)
}

fn render(text: &str, blocks: impl Iterator<Item = (BlockKind, Option<Lang>, Span)>) -> String {
    blocks
        .map(|(k, l, s)| format!("{:>9} {:>3} | {}\n", k.name(), l.map_or("-", Lang::code), &text[s.range()]))
        .collect()
}

fn check(markup: &str) {
    let (text, want) = parse(markup);
    let got = Structure::new().blocks(&text, &[]);
    let same = got.len() == want.len()
        && got
            .iter()
            .zip(&want)
            .all(|(g, w)| g.kind == w.kind && g.span == w.span && w.lang.is_none_or(|l| l == g.lang));
    assert!(
        same,
        "\nwant:\n{}got:\n{}",
        render(&text, want.iter().map(|w| (w.kind, w.lang, w.span))),
        render(&text, got.iter().map(|b| (b.kind, Some(b.lang), b.span)))
    );
}

/// The shape of the founding article: headline, two photo captions (English with a Reuters
/// credit, Arabic closed by «(رويترز)»), paragraphs, two headings, the source line.
#[test]
fn seed_shape() {
    // "The return of the American force to Libya.. the GNA confirms and the Pentagon denies" /
    // captions / "sources from the GNA said ..." / «لماذا الآن؟» "why now?" / «اشتباكات»
    // "clashes" / «المصدر : الجزيرة + وكالات» "source: Al Jazeera + agencies".
    check(
        "⟦title/ar:عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد والبنتاغون ينفي⟧\n\n\
         ⟦caption/en:Forces gather during a fight in Ain Zara, Tripoli, Libya April 28, 2019. REUTERS/Ismail Zitouny⟧\n\
         ⟦caption/ar:التحركات الأميركية الجديدة تهدف إلى وقف الحرب وبدء المفاوضات (رويترز)⟧\n\n\
         ⟦paragraph/ar:أفادت مصادر من حكومة الوفاق الليبية بأن القوات الأميركية عادت إلى العاصمة طرابلس.⟧\n\n\
         ⟦heading/ar:لماذا الآن؟⟧\n\
         ⟦paragraph/ar:وقال مراسل الجزيرة في طرابلس إن عودة الجنود الأميركيين ربما تعود لأسباب عدة أبرزها الهجوم على العاصمة.⟧\n\n\
         ⟦heading/ar:اشتباكات⟧\n\
         ⟦paragraph/ar:ميدانيا، أفاد مراسل الجزيرة بتجدد الاشتباكات جنوبي العاصمة الليبية.⟧\n\n\
         ⟦source/ar:المصدر : الجزيرة + وكالات⟧",
    );
}

#[test]
fn datelines() {
    // "Beirut - Reuters: the army said the situation is calm."
    check(
        "⟦title:الجيش يعلن السيطرة على الحدود⟧\n\n\
         ⟦dateline/ar:بيروت - رويترز:⟧ ⟦paragraph/ar:قال الجيش اللبناني إن الوضع على الحدود هادئ.⟧\n\
         ⟦paragraph:وأضاف أن الدوريات مستمرة.⟧",
    );
    // "Washington (Reuters) - the ministry announced ..."
    check(
        "⟦title:واشنطن تفرض عقوبات جديدة⟧\n\n\
         ⟦dateline:واشنطن (رويترز) -⟧ ⟦paragraph:أعلنت وزارة الخزانة الأميركية فرض عقوبات جديدة.⟧",
    );
    // CNN's «دبي، الإمارات العربية المتحدة (CNN)--» "Dubai, UAE (CNN)--", with a no-break space.
    check(
        "⟦title:وزير يشيد بالاتفاق⟧\n\n\
         ⟦dateline/ar:دبي، الإمارات العربية المتحدة (CNN)--⟧\u{a0}⟦paragraph:أشاد وزير الخارجية بالاتفاق الجديد، الثلاثاء.⟧",
    );
    // A dateline on its own line: «دبي - العربية.نت» "Dubai - Al Arabiya.net", «القاهرة - أ ف ب»
    // "Cairo - AFP".
    check(
        "⟦title:قمة عربية في الرياض⟧\n\n⟦dateline:دبي - العربية.نت⟧\n\n\
         ⟦paragraph:تنطلق القمة العربية في الرياض الأحد بمشاركة القادة العرب.⟧",
    );
    check(
        "⟦title:انتخابات في مصر⟧\n⟦dateline:القاهرة - أ ف ب⟧\n\
         ⟦paragraph:بدأ المصريون الإدلاء بأصواتهم في الانتخابات الرئاسية.⟧",
    );
    // A city and a reporter's name under the headline: «القاهرة - أحمد الريدي».
    check(
        "⟦title:نجم يعود إلى الشاشة⟧\n⟦dateline:القاهرة - أحمد الريدي⟧\n\
         ⟦paragraph:يعود الممثل المصري إلى الشاشة بعد غياب طويل.⟧",
    );
    // «لندن – «القدس العربي»:» "London - Al-Quds Al-Arabi:".
    check(
        "⟦title:حكومة جديدة في لندن⟧\n\n⟦dateline:لندن – «القدس العربي»:⟧ ⟦paragraph:أعلنت رئيسة الوزراء تشكيل حكومة جديدة.⟧",
    );
    // English.
    check(
        "⟦title/en:Libyan forces advance on Tripoli⟧\n\n\
         ⟦dateline/en:TRIPOLI, Libya (Reuters) -⟧ ⟦paragraph/en:Forces loyal to the government said on Sunday they had pushed back an attack.⟧",
    );
}

#[test]
fn not_datelines() {
    // A headline with a colon ("the Coalition: a Houthi-Iranian attack foiled"), a dash inside a
    // sentence ("the Observatory says negotiations - mediated by ..."), a glossed agency name
    // ("Saban told the German news agency (dpa):").
    check(
        "⟦title:التحالف: إفشال هجوم حوثي-إيراني استهدف ناقلة نفط⟧\n\n\
         ⟦paragraph:ويقول المرصد إن مفاوضات - توسطت فيها شخصيات محلية - تجري بين الطرفين.⟧\n\
         ⟦paragraph:وقال سبان لوكالة الأنباء الألمانية (د.ب.أ) :⟧\n\
         ⟦paragraph:\"نحن مستعدون للمباراة المقبلة ونأمل الفوز بها أمام جماهيرنا الكبيرة في الملعب\".⟧",
    );
}

#[test]
fn captions_and_credits() {
    // A caption, then its credit alone («تصوير: أحمد محمد» "photo: Ahmed Mohammed"), a Latin
    // credit alone, and an agency in brackets alone.
    check(
        "⟦title:احتجاجات في العاصمة⟧\n\n\
         ⟦caption:متظاهرون في ساحة التحرير (الأناضول)⟧\n⟦credit:تصوير: أحمد محمد⟧\n\
         ⟦caption/en:Protesters in Tahrir Square on Friday. Photo: Ahmed Mohammed⟧\n⟦credit/en:REUTERS/Amr Abdallah Dalsh⟧\n\
         ⟦caption:قوات الأمن تنتشر في محيط الساحة⟧\n⟦credit:(أ ف ب)⟧\n\n\
         ⟦paragraph:خرج آلاف المتظاهرين إلى الشوارع الجمعة للمطالبة بإصلاحات سياسية واقتصادية.⟧\n\
         ⟦caption:جانب من الاحتجاجات في وسط المدينة (مواقع التواصل)⟧\n\
         ⟦paragraph:وقالت الشرطة إنها اعتقلت عشرات المحتجين، حسبما نقلت وكالة الأنباء الرسمية (واس).⟧\n\
         ⟦paragraph:وأعلنت الحكومة حالة الطوارئ في المدينة حتى إشعار آخر بحسب بيان رسمي (الأناضول).⟧",
    );
    // A French caption.
    check(
        "⟦title:مظاهرات في باريس⟧\n\n⟦caption/fr:Des manifestants dans les rues de Paris, le 1er mai. AFP⟧\n\n\
         ⟦paragraph:تظاهر الآلاف في باريس احتجاجا على قانون العمل الجديد.⟧",
    );
}

#[test]
fn sources_bylines_and_furniture() {
    // «بقلم: محمد علي» "by: Muhammad Ali"; «شارك» "share"; «اقرأ أيضاً:» "read also:" and its
    // links; «للمزيد: ...» "for more: ..."; a rule; «المصدر: وكالات» "source: agencies".
    check(
        "⟦title:قراءة في نتائج الانتخابات⟧\n⟦byline:بقلم: محمد علي⟧\n⟦other:شارك⟧\n\n\
         ⟦paragraph:أظهرت النتائج الأولية تقدم المعارضة في معظم الدوائر الانتخابية.⟧\n\
         ⟦other:اقرأ أيضاً:⟧\n⟦other:المعارضة تعلن فوزها في الانتخابات⟧\n⟦other:من هم المرشحون؟⟧\n\
         ⟦paragraph:وقالت اللجنة العليا إن نسبة المشاركة بلغت نحو خمسين في المئة.⟧\n\
         ⟦other:للمزيد: كيف تجري الانتخابات في البلاد؟⟧\n⟦other:-----------------⟧\n\
         ⟦source:المصدر: وكالات⟧",
    );
    check(
        "⟦title/en:Talks resume in Geneva⟧\n⟦byline/en:By John Smith⟧\n\n\
         ⟦paragraph/en:Negotiators returned to the table on Monday after a week of delays.⟧",
    );
    // France 24's closing «فرانس24/ أ ف ب» "France24/AFP"; Al Arabiya's «*نقلاً عن ...» "quoted from".
    check(
        "⟦title:قمة أوروبية طارئة⟧\n\n⟦paragraph:يعقد القادة الأوروبيون قمة طارئة الخميس لبحث أزمة الهجرة.⟧\n\n\
         ⟦source:فرانس24/ أ ف ب⟧",
    );
    check(
        "⟦title:مقال رأي⟧\n\n⟦paragraph:الرياضة في بلادنا تحتاج إلى رؤية جديدة وإدارة محترفة.⟧\n\
         ⟦source:*نقلاً عن الرؤية الإماراتية⟧\n⟦other:** جميع المقالات المنشورة تمثل رأي كتابها فقط.⟧",
    );
    check("⟦title:خبر⟧\n\n⟦paragraph:نص الخبر الكامل هنا.⟧\n⟦source:المصدر : الجزيرة⟧");
}

#[test]
fn titles_subtitles_headings() {
    // A subtitle right after the title.
    check(
        "⟦title:ليبيا.. قتلى وجرحى بهجوم على مؤسسة النفط⟧\n\n⟦subtitle:مسلحون يقتحمون المبنى في العاصمة طرابلس⟧\n\n\
         ⟦paragraph:قتل شخصان على الأقل في هجوم شنه مسلحون على مبنى المؤسسة الوطنية للنفط.⟧",
    );
    // A first line closed by a full stop is not a title; a short last line is not a heading
    // (nothing follows it); list items are not headings (no paragraph follows them).
    check(
        "⟦paragraph:قتل شخصان في هجوم على مبنى حكومي.⟧\n\n\
         ⟦paragraph:وأعلنت السلطات فتح تحقيق في الهجوم الذي وقع صباح الاثنين في وسط المدينة.⟧\n\
         ⟦paragraph:1- محمد صلاح⟧\n⟦paragraph:2- ساديو ماني⟧\n⟦paragraph:3- كريستيانو رونالدو⟧\n\
         ⟦paragraph:لا تعليق⟧",
    );
    // A heading closed by «!» and one in quotation marks; a lead-in closed by a colon is a
    // paragraph.
    check(
        "⟦title:الفيفا يعاقب الاتحاد⟧\n\n⟦paragraph:وتطرق الطرفان إلى عدة محاور:⟧\n\
         ⟦paragraph:ناقش الوزيران العلاقات الثنائية والتعاون الاقتصادي بين البلدين بالتفصيل.⟧\n\n\
         ⟦heading:الفيفا يرد!⟧\n\n⟦paragraph:أصدر الاتحاد الدولي لكرة القدم بيانا يرفض فيه الاتهامات.⟧\n\n\
         ⟦heading:\"عمل جبان\"⟧\n⟦paragraph:ووصف الرئيس الهجوم بأنه عمل جبان لن يمر دون عقاب.⟧",
    );
}

/// Shapes of outlets other than the seed's: BBC's picture credits and captions, Sky News Arabia's
/// «أرشيفية» "archive picture", Al Jazeera Net's «الجزيرة نت-القاهرة» "Al Jazeera Net - Cairo",
/// Youm7's «كتب محمد السيد» "Mohammed al-Sayed wrote", Reuters' production line, share buttons.
#[test]
fn other_outlets() {
    check(
        "⟦title:أزمة سياسية في العراق⟧\n⟦credit:مصدر الصورة Getty Images⟧\n\
         ⟦caption:تعليق على الصورة، متظاهرون في بغداد⟧\n\
         ⟦paragraph:تتواصل الأزمة السياسية في العراق بعد فشل البرلمان في انتخاب رئيس جديد.⟧",
    );
    check(
        "⟦title:حريق في مصنع⟧\n⟦credit:أرشيفية⟧\n⟦credit:صورة أرشيفية⟧\n\
         ⟦paragraph:اندلع حريق كبير في مصنع للكيماويات شمالي البلاد، صباح الأحد.⟧",
    );
    check(
        "⟦title:مصر تفتتح مشروعا جديدا⟧\n⟦dateline:الجزيرة نت-القاهرة⟧\n\
         ⟦caption:الصورة: عمال في موقع المشروع الجديد شرقي العاصمة المصرية⟧\n\
         ⟦paragraph:افتتحت الحكومة المصرية اليوم مشروعا جديدا لتحلية المياه.⟧",
    );
    check(
        "⟦title:ارتفاع أسعار الذهب⟧\n⟦byline:كتب محمد السيد⟧\n\
         ⟦caption:سبائك ذهبية في متجر بالقاهرة © أ ف ب⟧\n\
         ⟦paragraph:ارتفعت أسعار الذهب في السوق المحلية خلال تعاملات اليوم.⟧\n\
         ⟦other:فيسبوك⟧\n⟦other:تويتر⟧\n⟦other:واتساب⟧\n\
         ⟦byline:(إعداد محمد اليماني للنشرة العربية - تحرير سها جادو)⟧",
    );
}

#[test]
fn languages_and_symbols() {
    check(
        "⟦title/ar:عنوان⟧\n\n⟦paragraph/ar:نص عربي فيه كلمة English واحدة فقط لا غير.⟧\n\
         ⟦paragraph/en:The ministry said the talks would continue next week.⟧\n\
         ⟦paragraph/fr:Le ministère a déclaré que les discussions reprendront la semaine prochaine.⟧\n\
         ⟦other/und:* * *⟧\n⟦paragraph/und:2019⟧",
    );
}

#[test]
fn line_breaks_and_invisible_marks() {
    // CRLF, a lone CR, U+2029, and a byte-order mark and bidi marks at line edges.
    check(
        "\u{feff}⟦title:عنوان الخبر⟧\r\n\r\n\u{200f}⟦paragraph:الفقرة الأولى من الخبر.⟧\u{200f}\r⟦paragraph:الفقرة الثانية.⟧\u{2029}\
         ⟦paragraph:الفقرة الثالثة.⟧\r\n",
    );
    // A byte-order mark after a dateline belongs to neither block.
    check("⟦title:عنوان⟧\n⟦dateline:(CNN)--⟧ \u{feff}⟦paragraph:قال الوزير إن المحادثات ستستمر.⟧");
    check("");
    check("\n\r\n  \t\n");
}

#[test]
fn hints_are_kept() {
    let text =
        "ليبيا: عودة القوة الأميركية.\n\nصورة لمقاتلين في طرابلس\nأفادت مصادر بأن القوات عادت إلى العاصمة.";
    let title_end = text.find('\n').unwrap();
    let cap = text.find("صورة").unwrap();
    let cap_end = cap + text[cap..].find('\n').unwrap();
    let hints = [
        // A title that would not pass for one (it ends with a full stop), given with its line
        // break, which the stage trims.
        Block { kind: BlockKind::Title, span: Span::from_range(0..title_end + 1), lang: Lang::Und },
        Block { kind: BlockKind::Caption, span: Span::from_range(cap..cap_end), lang: Lang::Ar },
        // Out of bounds, overlapping: ignored.
        Block { kind: BlockKind::Other, span: Span::new(5, 9999), lang: Lang::Ar },
        Block { kind: BlockKind::Other, span: Span::from_range(cap + 2..cap_end), lang: Lang::Ar },
    ];
    let got = Structure::new().blocks(text, &hints);
    let shown: Vec<(BlockKind, &str, Lang)> =
        got.iter().map(|b| (b.kind, &text[b.span.range()], b.lang)).collect();
    assert_eq!(
        shown,
        [
            (BlockKind::Title, "ليبيا: عودة القوة الأميركية.", Lang::Ar),
            (BlockKind::Caption, "صورة لمقاتلين في طرابلس", Lang::Ar),
            (BlockKind::Paragraph, "أفادت مصادر بأن القوات عادت إلى العاصمة.", Lang::Ar),
        ]
    );

    // A hint inside a line: the rest of the line is classified on its own.
    let text = "بيروت - رويترز: قال الجيش إن الوضع هادئ.";
    let at = text.find("قال").unwrap();
    let hints =
        [Block { kind: BlockKind::Paragraph, span: Span::from_range(at..text.len()), lang: Lang::Ar }];
    let got = Structure::new().blocks(text, &hints);
    let shown: Vec<(BlockKind, &str)> = got.iter().map(|b| (b.kind, &text[b.span.range()])).collect();
    assert_eq!(shown, [(BlockKind::Dateline, "بيروت - رويترز:"), (BlockKind::Paragraph, &text[at..])]);
}
