/*
 * vitime.h - dates and times as Vietnam shows them.
 *
 * Vietnam keeps UTC+7 all year (no daylight saving), so local time is
 * plain arithmetic on Unix seconds: nothing here reads the process time
 * zone, calls localtime() or gmtime(), or allocates (beyond appending to a
 * buf). Day and date conversions use the proleptic Gregorian calendar and
 * work for any year from 1 to 9999 (the portal needs 1970-2100).
 */
#ifndef DINH_TEXT_VITIME_H
#define DINH_TEXT_VITIME_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

/* Offset of Vietnam time from UTC, in seconds. */
#define VI_UTC_OFFSET (7 * 3600)

/* A broken-down Vietnam-local time. month 1-12, day 1-31, hour 0-23,
 * weekday 0 = Sunday .. 6 = Saturday. */
struct vi_time {
    int year, month, day, hour, minute, second, weekday;
};

/* Unix seconds (negative too) -> Vietnam local time. */
void vi_time_from_unix(int64_t t, struct vi_time *out);

/* Vietnam local time -> Unix seconds. Like timegm(), fields out of range
 * are carried over (month 13 is January of the next year, day 32 of July is
 * 1 August, hour 24 is the next day); check input with vi_date_valid(). */
int64_t vi_unix_from_local(int year, int month, int day, int hour, int minute, int second);

/* True if day/month/year is a real Gregorian date (29/02 only in leap
 * years), for year 1..9999. */
bool vi_date_valid(int year, int month, int day);

/* "Chủ nhật", "Thứ hai" .. "Thứ bảy" for weekday 0..6; "" for anything
 * else. */
const char *vi_weekday_name(int weekday);

/* "2026-12-05" (as an <input type="date"> sends it) -> the Vietnam-local
 * midnight that starts that day, in *out; false if it is not such a date. */
bool vi_parse_date(struct str s, int64_t *out);

/* A date as a person may type it in a filter: what vi_parse_date takes, or
 * the Vietnamese day-first form "6/12/2026", "06/12/2026" (also with '-'
 * or '.' between the parts), digits only, the year in four digits. Sets
 * *out as vi_parse_date does and writes the date as "2026-12-06" (what an
 * <input type="date"> shows) into iso; false, with neither touched, if it
 * is not a real date. */
bool vi_parse_typed_date(struct str s, int64_t *out, char iso[11]);

/* A date and time as a browser's <input type="datetime-local"> sends it
 * ("2026-12-07T10:00", with ":SS" too) or as a person types it where there
 * is no picker: a date vi_parse_typed_date takes, a space (or "T", or ", "),
 * then "10:00", "9:05" or "10:00:30". The Vietnam-local moment in *out;
 * false, *out untouched, if it is no real date and time. */
bool vi_parse_typed_datetime(struct str s, int64_t *out);

/* Appends "Thứ tư - 12/07/2023 05:22" (Vietnam time), the article
 * dateline. */
void vi_format_datetime(struct buf *out, int64_t t);

/* Appends "12/07/2023" (Vietnam time). */
void vi_format_date(struct buf *out, int64_t t);

/* Appends "05:22" (Vietnam time). */
void vi_format_time(struct buf *out, int64_t t);

/* Appends "2023-07-12T05:22:00+07:00" (Vietnam time), for <time datetime>,
 * sitemaps and Atom. */
void vi_format_iso8601(struct buf *out, int64_t t);
/* The same two forms written into a caller's array, without a buffer:
 * "12/07/2023" (10 chars) and "2023-07-12T05:22:00+07:00" (25 chars);
 * they return the length. Years 1000-9999. */
size_t vi_date_chars(int64_t t, char out[10]);
size_t vi_iso_chars(int64_t t, char out[25]);
/* Both at once, "dd/mm/yyyy" then the ISO form, as a list of cards shows a
 * date: out[0..10) and out[10..35). */
void vi_date_iso_chars(int64_t t, char out[35]);

/* Appends "Wed, 12 Jul 2023 05:22:00 +0700" (Vietnam time), the RSS
 * pubDate; day and month names stay English as RFC 822 requires. */
void vi_format_rfc822(struct buf *out, int64_t t);

/* Appends "Wed, 12 Jul 2023 05:22:00 GMT" (UTC), the HTTP date of
 * Last-Modified and Expires (RFC 9110 IMF-fixdate). */
void vi_format_http_date(struct buf *out, int64_t t);

/* Days since 1970-01-01 counted in Vietnam time: the value changes at
 * 00:00 Vietnam time (17:00 UTC). "Today" and daily counters key on it. */
int64_t vi_day_number(int64_t t);

#endif
