//! Time in the simulation. Instants are "local milliseconds" (Unix
//! milliseconds of the Kyiv wall clock) so that days, working hours and
//! dates are plain arithmetic; they become UTC only when an event is sent
//! ([`utc`]). Production works Monday to Saturday, banks Monday to Friday.

use dealerdesk_domain::Timestamp;

pub(super) const MINUTE: i64 = 60_000;
pub(super) const HOUR: i64 = 60 * MINUTE;
pub(super) const DAY: i64 = 24 * HOUR;
const DAY_START: i64 = 6 * HOUR;
const DAY_END: i64 = 21 * HOUR;

pub(super) fn day_of(t: i64) -> i64 {
    t.div_euclid(DAY)
}

pub(super) fn tod(t: i64) -> i64 {
    t.rem_euclid(DAY)
}

/// 0 = Monday … 6 = Sunday.
pub(super) fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Production works Monday to Saturday.
pub(super) fn is_work_day(day: i64) -> bool {
    weekday(day) != 6
}

/// Banks and the accounting department work Monday to Friday.
pub(super) fn is_bank_day(day: i64) -> bool {
    weekday(day) < 5
}

/// The `n`-th production day after `day` (`n == 0`: `day` itself if it is one).
pub(super) fn work_day(day: i64, n: i64) -> i64 {
    advance(day, n, is_work_day)
}

pub(super) fn bank_day(day: i64, n: i64) -> i64 {
    advance(day, n, is_bank_day)
}

fn advance(mut day: i64, n: i64, ok: fn(i64) -> bool) -> i64 {
    if n <= 0 {
        while !ok(day) {
            day += 1;
        }
    }
    for _ in 0..n {
        day += 1;
        while !ok(day) {
            day += 1;
        }
    }
    day
}

/// Days since 1970-01-01 → (year, month, day). (H. Hinnant's algorithm.)
pub(super) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(super) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn date_string(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(super) fn day_of_date(d: time::Date) -> i64 {
    i64::from(d.to_julian_day()) - 2_440_588
}

/// Kyiv's offset from UTC on a local day: +3 h from the last Sunday of March
/// to the last Sunday of October, +2 h otherwise.
pub(super) fn kyiv_offset(day: i64) -> i64 {
    let (y, _, _) = civil(day);
    let last_sunday = |m: u32| {
        let d31 = days_from_civil(y, m, 31);
        d31 - (weekday(d31) + 1) % 7
    };
    if (last_sunday(3)..last_sunday(10)).contains(&day) {
        3 * HOUR
    } else {
        2 * HOUR
    }
}

pub(super) fn utc(local: i64) -> Timestamp {
    Timestamp(local - kyiv_offset(day_of(local)))
}

/// Moves a night-time instant to the next morning (06:00–06:09, keeping the
/// order of night instants), so every action happens 06:00–21:00 local.
pub(super) fn daytime(t: i64) -> i64 {
    let (d, m) = (day_of(t), tod(t));
    if m < DAY_START {
        d * DAY + DAY_START + (m + 3 * HOUR) / 60
    } else if m >= DAY_END {
        (d + 1) * DAY + DAY_START + (m - DAY_END) / 60
    } else {
        t
    }
}

pub(super) fn hm(h: i64, m: i64) -> i64 {
    h * HOUR + m * MINUTE
}
