/*
 * vitime.c - Vietnam-time calendar arithmetic and date formats; see
 * vitime.h.
 *
 * Everything goes through two conversions between a day count (days since
 * 1970-01-01) and a Gregorian year/month/day. Both count years from 1
 * March, so that the leap day falls at the end of the year and the length
 * of every month before it is fixed; the 400-year Gregorian cycle (146097
 * days) turns any day count into a position inside one cycle.
 */
#include "text/vitime.h"

#include <stdio.h>
#include <string.h>

#include <assert.h>

#define SECONDS_PER_DAY 86400
#define DAYS_PER_ERA 146097 /* days in 400 Gregorian years */
#define DAYS_0000_03_01_TO_1970_01_01 719468

static const char *const weekday_names_vi[7] = {
    "Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy",
};
static const char *const weekday_names_en[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names_en[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* a / b and a % b rounded towards minus infinity (b > 0), so that times
 * before 1970 land on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b < 0) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

/* Day of the March-based year (0 = 1 March) on which month `month` (1-12)
 * starts. Months from March run 31 30 31 30 31 31 30 31 30 31 31 (29), a
 * pattern that (153 * m + 2) / 5 reproduces. */
static int64_t march_year_day_of_month(int month)
{
    int m = month > 2 ? month - 3 : month + 9; /* March = 0 .. February = 11 */
    return (153 * m + 2) / 5;
}

/* Days from 1970-01-01 to year-month-day (month 1-12; day may run past
 * the month's end, counting on into the next). */
static int64_t days_from_civil(int64_t year, int month, int64_t day)
{
    int64_t y = month <= 2 ? year - 1 : year; /* January, February close the previous March-year */
    int64_t era = floor_div(y, 400);
    int64_t year_of_era = y - era * 400;                                            /* 0..399 */
    int64_t day_of_year = march_year_day_of_month(month) + day - 1;                 /* 0..365 */
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * DAYS_PER_ERA + day_of_era - DAYS_0000_03_01_TO_1970_01_01;
}

/* The inverse of days_from_civil(). */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    int64_t z = days + DAYS_0000_03_01_TO_1970_01_01;
    int64_t era = floor_div(z, DAYS_PER_ERA);
    int64_t day_of_era = z - era * DAYS_PER_ERA; /* 0..146096 */
    /* Remove the leap days (one per 4 years, none per 100, one per 400)
     * so that 365 divides evenly; the last day of the era is a 400th
     * year's leap day and must stay in year 399. */
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / (DAYS_PER_ERA - 1)) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int m = (int)((5 * day_of_year + 2) / 153); /* March = 0 */
    *day = (int)(day_of_year - (153 * m + 2) / 5 + 1);
    *month = m < 10 ? m + 3 : m - 9;
    *year = era * 400 + year_of_era + (*month <= 2);
}

/* Splits Unix time `t`, seen `offset` seconds (0..86399) ahead of UTC,
 * into a day count and the seconds into that day. Adds the offset after
 * the division so that no value near INT64_MAX can overflow. */
static void split_day(int64_t t, int64_t offset, int64_t *days, int64_t *seconds)
{
    *days = floor_div(t, SECONDS_PER_DAY);
    *seconds = floor_mod(t, SECONDS_PER_DAY) + offset;
    if (*seconds >= SECONDS_PER_DAY) {
        ++*days;
        *seconds -= SECONDS_PER_DAY;
    }
}

/* Broken-down time of `t` at `offset` seconds ahead of UTC. */
static void broken_down(int64_t t, int64_t offset, struct vi_time *out)
{
    int64_t days, seconds, year;

    split_day(t, offset, &days, &seconds);
    civil_from_days(days, &year, &out->month, &out->day);
    out->year = (int)year;
    out->hour = (int)(seconds / 3600);
    out->minute = (int)(seconds / 60 % 60);
    out->second = (int)(seconds % 60);
    out->weekday = (int)floor_mod(days + 4, 7); /* 1970-01-01 was a Thursday */
}

void vi_time_from_unix(int64_t t, struct vi_time *out) { broken_down(t, VI_UTC_OFFSET, out); }

int64_t vi_unix_from_local(int year, int month, int day, int hour, int minute, int second)
{
    /* Carry months outside 1..12 into the year first; days, hours,
     * minutes and seconds carry over by plain addition. */
    int64_t y = (int64_t)year + floor_div((int64_t)month - 1, 12);
    int m = (int)floor_mod((int64_t)month - 1, 12) + 1;
    int64_t days = days_from_civil(y, m, day);
    return days * SECONDS_PER_DAY + (int64_t)hour * 3600 + (int64_t)minute * 60 + second -
           VI_UTC_OFFSET;
}

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool vi_date_valid(int year, int month, int day)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return false;
    int last = month_days[month - 1] + (month == 2 && is_leap_year(year));
    return day <= last;
}

const char *vi_weekday_name(int weekday)
{
    if (weekday < 0 || weekday > 6)
        return "";
    return weekday_names_vi[weekday];
}

/* Writes `v` as exactly `width` decimal digits (lists format hundreds of
 * dates per page: this is the fast path, printf is not). */
static char *digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

void vi_format_datetime(struct buf *out, int64_t t)
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    buf_puts(out, vi_weekday_name(vt.weekday));
    char s[19] = " - ", *p = digits(s + 3, vt.day, 2); /* " - dd/mm/yyyy hh:mm" */
    *p++ = '/';
    p = digits(p, vt.month, 2);
    *p++ = '/';
    p = digits(p, vt.year, 4);
    *p++ = ' ';
    p = digits(p, vt.hour, 2);
    *p++ = ':';
    p = digits(p, vt.minute, 2);
    buf_append(out, s, (size_t)(p - s));
}

static size_t date_chars(const struct vi_time *vt, char out[10])
{
    char *p = digits(out, vt->day, 2);
    *p++ = '/';
    p = digits(p, vt->month, 2);
    *p++ = '/';
    digits(p, vt->year, 4);
    return 10;
}

static size_t iso_chars(const struct vi_time *vt, char out[25])
{
    char *p = digits(out, vt->year, 4);
    *p++ = '-';
    p = digits(p, vt->month, 2);
    *p++ = '-';
    p = digits(p, vt->day, 2);
    *p++ = 'T';
    p = digits(p, vt->hour, 2);
    *p++ = ':';
    p = digits(p, vt->minute, 2);
    *p++ = ':';
    p = digits(p, vt->second, 2);
    memcpy(p, "+07:00", 6);
    return 25;
}

size_t vi_date_chars(int64_t t, char out[10])
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    return date_chars(&vt, out);
}

size_t vi_iso_chars(int64_t t, char out[25])
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    return iso_chars(&vt, out);
}

void vi_date_iso_chars(int64_t t, char out[35])
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    date_chars(&vt, out);
    iso_chars(&vt, out + 10);
}

void vi_format_date(struct buf *out, int64_t t)
{
    char s[10];
    buf_append(out, s, vi_date_chars(t, s));
}

void vi_format_time(struct buf *out, int64_t t)
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    buf_printf(out, "%02d:%02d", vt.hour, vt.minute);
}

void vi_format_iso8601(struct buf *out, int64_t t)
{
    char s[25];
    buf_append(out, s, vi_iso_chars(t, s));
}

/* "Wed, 12 Jul 2023 05:22:00 " for the broken-down time; the caller adds
 * the zone. */
static void put_rfc_date(struct buf *out, const struct vi_time *vt)
{
    assert(vt->weekday >= 0 && vt->weekday < 7 && vt->month >= 1 && vt->month <= 12);
    buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d ", weekday_names_en[vt->weekday], vt->day,
               month_names_en[vt->month - 1], vt->year, vt->hour, vt->minute, vt->second);
}

void vi_format_rfc822(struct buf *out, int64_t t)
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    put_rfc_date(out, &vt);
    buf_puts(out, "+0700");
}

void vi_format_http_date(struct buf *out, int64_t t)
{
    struct vi_time vt;
    broken_down(t, 0, &vt);
    put_rfc_date(out, &vt);
    buf_puts(out, "GMT");
}

int64_t vi_day_number(int64_t t)
{
    int64_t days, seconds;
    split_day(t, VI_UTC_OFFSET, &days, &seconds);
    return days;
}

/* Reads 1 to `max` ASCII digits from s at *i. */
static bool read_digits(struct str s, size_t *i, int max, int *value)
{
    int n = 0, v = 0;
    while (*i < s.n && s.p[*i] >= '0' && s.p[*i] <= '9' && n < max) {
        v = v * 10 + (s.p[*i] - '0');
        (*i)++;
        n++;
    }
    *value = v;
    return n > 0 && (*i == s.n || s.p[*i] < '0' || s.p[*i] > '9');
}

bool vi_parse_typed_date(struct str s, int64_t *out, char iso[11])
{
    int y, m, d;
    size_t i = 0;
    if (s.n == 10 && s.p[4] == '-') {
        if (!read_digits(s, &i, 4, &y) || i != 4 || s.p[i++] != '-' || !read_digits(s, &i, 2, &m) || i != 7 ||
            s.p[i++] != '-' || !read_digits(s, &i, 2, &d) || i != 10)
            return false;
    } else {
        if (s.n < 8 || s.n > 10 || !read_digits(s, &i, 2, &d) || i == s.n)
            return false;
        char sep = s.p[i++];
        if ((sep != '/' && sep != '-' && sep != '.') || !read_digits(s, &i, 2, &m) || i == s.n || s.p[i++] != sep)
            return false;
        size_t year_at = i;
        if (!read_digits(s, &i, 4, &y) || i != s.n || i - year_at != 4)
            return false;
    }
    if (!vi_date_valid(y, m, d))
        return false;
    const int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    size_t k = 0;
    for (int p = 0; p < 3; p++) {
        if (p)
            iso[k++] = '-';
        for (int w = parts[p][1], v = parts[p][0]; w > 0; w--, v /= 10)
            iso[k + (size_t)w - 1] = (char)('0' + v % 10);
        k += (size_t)parts[p][1];
    }
    iso[k] = '\0';
    *out = vi_unix_from_local(y, m, d, 0, 0, 0);
    return true;
}

bool vi_parse_typed_datetime(struct str s, int64_t *out)
{
    /* the date ends at the first 'T', space or comma */
    size_t cut = 0;
    while (cut < s.n && s.p[cut] != 'T' && s.p[cut] != ' ' && s.p[cut] != ',')
        cut++;
    if (cut == s.n)
        return false;
    struct str date = {s.p, cut}, time = str_skip(s, cut + 1);
    if (s.p[cut] == ',' && time.n && time.p[0] == ' ')
        time = str_skip(time, 1);
    int64_t day;
    char iso[11];
    if (!vi_parse_typed_date(date, &day, iso))
        return false;
    int h, mi, sec = 0;
    size_t i = 0;
    if (!read_digits(time, &i, 2, &h) || i == time.n || time.p[i++] != ':')
        return false;
    size_t minute_at = i;
    if (!read_digits(time, &i, 2, &mi) || i - minute_at != 2)
        return false;
    if (i < time.n) {
        size_t second_at = ++i;
        if (time.p[i - 1] != ':' || !read_digits(time, &i, 2, &sec) || i - second_at != 2)
            return false;
    }
    if (i != time.n || h > 23 || mi > 59 || sec > 59)
        return false;
    *out = day + h * 3600 + mi * 60 + sec;
    return true;
}

bool vi_parse_date(struct str s, int64_t *out)
{
    char tmp[11], tail;
    int y, m, d;
    if (s.n != 10)
        return false;
    memcpy(tmp, s.p, 10);
    tmp[10] = '\0';
    if (sscanf(tmp, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !vi_date_valid(y, m, d))
        return false;
    *out = vi_unix_from_local(y, m, d, 0, 0, 0);
    return true;
}
