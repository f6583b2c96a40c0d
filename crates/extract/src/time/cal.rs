//! Calendar arithmetic by hand (no dependency): days since 1970-01-01 in the proleptic
//! Gregorian calendar, ISO weeks, the tabular Islamic calendar and Easter.

/// A calendar day: days since 1970-01-01 (may be negative).
pub type Day = i32;

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's `days_from_civil`).
pub fn from_ymd(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The Gregorian date of a day (`civil_from_days`).
pub fn ymd(z: Day) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday(z: Day) -> u32 {
    (z + 3).rem_euclid(7) as u32
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `y-m-d` is a real date in the years news writes about.
pub fn valid(y: i32, m: u32, d: u32) -> bool {
    (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// The month `delta` months from `y-m`.
pub fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let k = y * 12 + m as i32 - 1 + delta;
    (k.div_euclid(12), (k.rem_euclid(12) + 1) as u32)
}

/// The Monday of the ISO week holding `z`.
pub fn monday(z: Day) -> Day {
    z - weekday(z) as i32
}

/// `YYYY-MM-DD`.
pub fn fmt_day(z: Day) -> String {
    let (y, m, d) = ymd(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-Www`, the ISO week holding `z`.
pub fn fmt_week(z: Day) -> String {
    let thursday = monday(z) + 3;
    let y = ymd(thursday).0;
    let week = (thursday - from_ymd(y, 1, 1)) / 7 + 1;
    format!("{y:04}-W{week:02}")
}

/// Days since 1970-01-01 of a date of the tabular (arithmetic, "civil", Friday-epoch) Islamic
/// calendar: 30-year cycles with leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29. It may
/// differ by a day or two from the sighting-based or Umm al-Qura dates a country announces.
pub fn hijri_to_day(y: i32, m: u32, d: u32) -> Day {
    // 1 Muharram 1 AH = 16 July 622 (Julian) = day -492148.
    d as i32 + (59 * (m as i32 - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y).div_euclid(30) - 492148 - 1
}

/// The tabular Hijri date of a day.
pub fn day_to_hijri(z: Day) -> (i32, u32, u32) {
    let epoch = -492148;
    let y = (30 * (z - epoch) + 10646).div_euclid(10631);
    let first = hijri_to_day(y, 1, 1);
    // ceil((z - (29 + first)) / 29.5) + 1, capped at 12
    let num = 2 * (z - 29 - first);
    let m = (-((-num).div_euclid(59)) + 1).clamp(1, 12) as u32;
    let d = (z - hijri_to_day(y, m, 1) + 1) as u32;
    (y, m, d)
}

pub fn hijri_month_len(y: i32, m: u32) -> u32 {
    let next = if m == 12 { hijri_to_day(y + 1, 1, 1) } else { hijri_to_day(y, m + 1, 1) };
    (next - hijri_to_day(y, m, 1)) as u32
}

/// Western Easter Sunday (the anonymous Gregorian computus).
pub fn easter(y: i32) -> Day {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    from_ymd(y, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        for z in -800_000..80_000 {
            let (y, m, d) = ymd(z);
            assert_eq!(from_ymd(y, m, d), z);
        }
        assert_eq!(from_ymd(1970, 1, 1), 0);
        assert_eq!(weekday(from_ymd(2013, 2, 12)), 1); // a Tuesday
        assert_eq!(weekday(from_ymd(2019, 4, 28)), 6); // a Sunday
        assert_eq!(fmt_week(from_ymd(2013, 2, 4)), "2013-W06");
        assert_eq!(fmt_week(from_ymd(2021, 1, 3)), "2020-W53");
    }

    #[test]
    fn hijri_round_trips() {
        for z in -10_000..30_000 {
            let (y, m, d) = day_to_hijri(z);
            assert!((1..=12).contains(&m) && (1..=30).contains(&d), "{z}: {y}-{m}-{d}");
            assert_eq!(hijri_to_day(y, m, d), z);
        }
        // 22 Sha'ban 1440 was 27 April 2019 (Umm al-Qura); tabular dates may be a day off.
        let z = hijri_to_day(1440, 8, 22);
        assert!((z - from_ymd(2019, 4, 27)).abs() <= 1, "{}", fmt_day(z));
    }

    #[test]
    fn easter_dates() {
        assert_eq!(fmt_day(easter(2013)), "2013-03-31");
        assert_eq!(fmt_day(easter(2019)), "2019-04-21");
        assert_eq!(fmt_day(easter(2024)), "2024-03-31");
    }
}
