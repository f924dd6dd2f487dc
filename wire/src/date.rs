//! The `Date` header's format (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
//!
//! Every response from an origin server with a clock carries `Date` (RFC 9110
//! §6.6.1). The format is fixed-width English, always GMT. Most servers use a
//! crate (`httpdate`) and cache the string for a second; working it out from
//! the Unix time is a few lines of arithmetic, shown here.
//!
//! Reading a date back ([`parse_http_date`]) is for conditional requests:
//! `If-Modified-Since` carries a date the server sent earlier in
//! `Last-Modified`. A recipient must accept the two obsolete formats as well
//! (RFC 9110 §5.6.7), though no sender should still use them:
//!
//! ```text
//! Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate, the one to send
//! Sunday, 06-Nov-94 08:49:37 GMT   RFC 850, obsolete: two-digit year
//! Sun Nov  6 08:49:37 1994         C's asctime(), obsolete: no zone, GMT implied
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

/// `time` in IMF-fixdate form. A time before 1970 is shown as 1970.
pub fn http_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let (hour, minute, second) = (secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    let (year, month, day) = civil_from_days(days);
    // 1 January 1970 was a Thursday: day 0 is index 4 of a week from Sunday.
    let weekday = WEEKDAYS[((days + 4) % 7) as usize];
    let month_name = MONTHS[month as usize - 1];
    format!("{weekday}, {day:02} {month_name} {year} {hour:02}:{minute:02}:{second:02} GMT")
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// ANCHOR: parse_http_date
/// An HTTP-date in any of its three formats, as seconds since 1970, or
/// `None` if it is none of them. Names are matched exactly, as sent (the
/// grammar says case-sensitive), and the weekday must be a weekday's name,
/// though it is not checked against the date: the date is what counts.
///
/// ```
/// use wire::date::parse_http_date;
///
/// assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
/// assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
/// assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
/// assert_eq!(parse_http_date("yesterday"), None);
/// ```
pub fn parse_http_date(text: &str) -> Option<u64> {
    let words: Vec<&str> = text.split(' ').collect();
    let (day, month, year, time) = match words.as_slice() {
        // IMF-fixdate: "Sun," "06" "Nov" "1994" "08:49:37" "GMT"
        [weekday, day, month, year, time, "GMT"] => {
            let weekday = weekday.strip_suffix(',')?;
            WEEKDAYS.contains(&weekday).then_some(())?;
            (digits(day, 2)?, *month, digits(year, 4)?, *time)
        }
        // RFC 850: "Sunday," "06-Nov-94" "08:49:37" "GMT"
        [weekday, date, time, "GMT"] => {
            let weekday = weekday.strip_suffix(',')?;
            LONG_WEEKDAYS.contains(&weekday).then_some(())?;
            let [day, month, year] = date.split('-').collect::<Vec<_>>()[..] else {
                return None;
            };
            // Two digits cannot say the century. RFC 9110 says to read a
            // year more than 50 years in the future as in the past, which
            // needs today's date; with no clock here, 70-99 are 19xx and
            // 00-69 are 20xx, which agrees with that rule until 2020+50.
            let yy = digits(year, 2)?;
            let year = if yy >= 70 { 1900 + yy } else { 2000 + yy };
            (digits(day, 2)?, month, year, *time)
        }
        // asctime: "Sun" "Nov" "" "6" "08:49:37" "1994": a one-digit day is
        // padded with a space, which split(' ') shows as an empty word.
        [weekday, month, "", day, time, year] => {
            WEEKDAYS.contains(weekday).then_some(())?;
            (digits(day, 1)?, *month, digits(year, 4)?, *time)
        }
        [weekday, month, day, time, year] => {
            WEEKDAYS.contains(weekday).then_some(())?;
            (digits(day, 2)?, *month, digits(year, 4)?, *time)
        }
        _ => return None,
    };
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let [hour, minute, second] = time.split(':').collect::<Vec<_>>()[..] else {
        return None;
    };
    let (hour, minute, second) = (digits(hour, 2)?, digits(minute, 2)?, digits(second, 2)?);
    // 60 is a leap second, which the grammar allows and Unix time folds away.
    if year < 1970
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59))
}
// ANCHOR_END: parse_http_date

/// Exactly `len` ASCII digits, as a number.
fn digits(text: &str, len: usize) -> Option<u64> {
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year ≥ 1970, month 1–12, day 1–31) to days since 1970-01-01: Howard
/// Hinnant's `days_from_civil`, the inverse of [`civil_from_days`].
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year % 400;
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Days since 1970-01-01 to (year, month 1–12, day 1–31): Howard Hinnant's
/// `civil_from_days`, which counts in 400-year eras starting in March so that
/// the leap day falls at the end of a year.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn known_dates() {
        let cases: &[(u64, &str)] = &[
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"), // RFC 9110's own example
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
            (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
        ];
        for (secs, expected) in cases {
            assert_eq!(
                http_date(UNIX_EPOCH + Duration::from_secs(*secs)),
                *expected
            );
            assert_eq!(parse_http_date(expected), Some(*secs), "{expected}");
        }
    }

    #[test]
    fn parse_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(784_111_777)),
            ("Sun Nov  6 08:49:37 1994", Some(784_111_777)),
            ("Tue Feb 29 00:00:00 2000", Some(951_782_400)),
            ("Saturday, 01-Jan-00 00:00:00 GMT", Some(946_684_800)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Sun, 06 Nov 1994 08:49:37 UTC", None),
            ("Sun, 6 Nov 1994 08:49:37 GMT", None),
            ("sun, 06 nov 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 8:49:37 GMT", None),
            ("Sun, 06 Nov 1994 24:00:00 GMT", None),
            ("Sun, 31 Feb 1994 08:49:37 GMT", None),
            ("Tue, 29 Feb 2100 00:00:00 GMT", None),
            ("Sun, 06 Nov 1969 08:49:37 GMT", None),
            ("Sun,  06 Nov 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 08:49:37 GMT ", None),
            ("Sun, 06 Nov +994 08:49:37 GMT", None),
            ("Sun Nov 6 08:49:37 1994", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_http_date(text), *expected, "{text:?}");
        }
    }
}
