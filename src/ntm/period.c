/*
 * period.c - the periods and decimals of the office side's forms, as people
 * type them: "2026" or "2026-q2", and "78,5" with a decimal comma. Pure
 * functions (no database; strings in the caller's arena), checked by
 * tests/unit/test_ntm_entry.c and tests/fuzz/fuzz_ntm_period.c; see ntm.h
 * for the contracts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/ntm.h"
#include "text/vitime.h"

/* --- periods and decimals ------------------------------------------------------------------------ */

bool ntm_period_parse(struct str s, int *year, int *quarter)
{
    if (s.n != 4 && s.n != 7)
        return false;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        y = y * 10 + (s.p[i] - '0');
    }
    int q = 0;
    if (s.n == 7) {
        if (s.p[4] != '-' || (s.p[5] != 'q' && s.p[5] != 'Q') || s.p[6] < '1' || s.p[6] > '4')
            return false;
        q = s.p[6] - '0';
    }
    if (y < 2000 || y > 2100)
        return false;
    *year = y;
    *quarter = q;
    return true;
}

struct str ntm_period_code(struct arena *a, int year, int quarter)
{
    return quarter ? arena_printf(a, "%d-q%d", year, quarter) : arena_printf(a, "%d", year);
}

struct str ntm_period_label(struct arena *a, int year, int quarter)
{
    return quarter ? arena_printf(a, "quý %d năm %d", quarter, year) : arena_printf(a, "năm %d", year);
}

void ntm_period_previous(int *year, int *quarter)
{
    if (*quarter == 0 || *quarter == 1) {
        (*year)--;
        *quarter = *quarter ? 4 : 0;
    } else
        (*quarter)--;
}

bool ntm_period_started(int year, int quarter, int64_t now)
{
    struct vi_time t;
    vi_time_from_unix(now, &t);
    int first_month = quarter ? (quarter - 1) * 3 + 1 : 1;
    return t.year > year || (t.year == year && t.month >= first_month);
}

struct str ntm_period_not_begun(struct arena *a, int year, int quarter, int64_t now)
{
    if (ntm_period_started(year, quarter, now))
        return STR_NULL;
    struct str label = ntm_period_label(a, year, quarter);
    return arena_printf(a, "Kỳ %.*s chưa bắt đầu: số liệu chỉ được nhập, duyệt và công khai cho kỳ đã bắt đầu.",
                        (int)label.n, label.p);
}

/* The length of the space that may group thousands at p: a space, a
 * no-break space (U+00A0, what Excel and Word put in "62 000") or a narrow
 * one (U+202F); 0 when there is none. */
static size_t group_space(const char *p, size_t n)
{
    if (n >= 1 && p[0] == ' ')
        return 1;
    if (n >= 2 && (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)
        return 2;
    if (n >= 3 && (unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xaf)
        return 3;
    return 0;
}

/* s without spaces, tabs and no-break spaces at either end. */
static struct str trimmed(struct str s)
{
    for (;;) {
        size_t k = s.n && s.p[0] == '\t' ? 1 : group_space(s.p, s.n);
        if (!k)
            break;
        s = str_skip(s, k);
    }
    while (s.n) {
        size_t k = s.p[s.n - 1] == '\t' || s.p[s.n - 1] == ' ' ? 1
                   : s.n >= 2 && group_space(s.p + s.n - 2, 2) == 2 ? 2
                   : s.n >= 3 && group_space(s.p + s.n - 3, 3) == 3 ? 3
                                                                   : 0;
        if (!k)
            break;
        s.n -= k;
    }
    return s;
}

/* The length of the thousands separator `sep` at p: '.' or, for ' ', the
 * spaces of group_space; 0 when there is none. */
static size_t separator_at(char sep, const char *p, size_t n)
{
    return sep == '.' ? (size_t)(n && p[0] == '.') : group_space(p, n);
}

/* Whether d is digits in Vietnamese thousands groups apart by `sep`:
 * "1.250", "12.345.678", "62 000" (a first group of 1 to 3 digits not
 * starting with 0, then groups of exactly 3, one separator between). The
 * digits alone go into out (cap bytes) unless out is NULL. */
static bool digit_groups(struct str d, char sep, char *out, size_t cap)
{
    size_t group = 0, groups = 0, n = 0;
    for (size_t i = 0; i <= d.n;) {
        size_t k = i < d.n ? separator_at(sep, d.p + i, d.n - i) : 0;
        if (i < d.n && !k) {
            if (d.p[i] < '0' || d.p[i] > '9' || (out && n + 1 >= cap))
                return false;
            if (out)
                out[n++] = d.p[i];
            i++;
            group++;
            continue;
        }
        if (groups == 0 ? group < 1 || group > 3 || d.p[0] == '0' : group != 3)
            return false;
        groups++;
        group = 0;
        i += k ? k : 1;
    }
    if (out)
        out[n] = '\0';
    return groups > 1;
}

bool ntm_decimal_parse(struct str s, double *out)
{
    s = trimmed(s);
    bool negative = s.n && s.p[0] == '-';
    if (negative)
        s = str_skip(s, 1);
    /* the integer part ends at the decimal comma; without one, at a lone
     * point not followed by a thousands group ("78.5", "0.125") */
    const char *comma = s.n ? memchr(s.p, ',', s.n) : NULL;
    struct str whole = {s.p, comma ? (size_t)(comma - s.p) : s.n}, fraction = STR("");
    if (comma)
        fraction = (struct str){comma + 1, s.n - whole.n - 1};
    /* thousands grouped by spaces ("62 000", "1 250 000,5"), never with
     * points as well: the digits alone */
    char spaced[48];
    bool has_space = false;
    for (size_t i = 0; i < whole.n && !has_space; i++)
        has_space = group_space(whole.p + i, whole.n - i) > 0;
    if (has_space) {
        if (memchr(whole.p, '.', whole.n) || !digit_groups(whole, ' ', spaced, sizeof spaced))
            return false;
        whole = str_cstr(spaced);
    }
    const char *dot = whole.n ? memchr(whole.p, '.', whole.n) : NULL;
    if (dot && !digit_groups(whole, '.', NULL, 0)) {
        if (comma || memchr(dot + 1, '.', whole.n - (size_t)(dot - whole.p) - 1))
            return false; /* "1.2.3", "1.25,5" */
        fraction = (struct str){dot + 1, whole.n - (size_t)(dot - whole.p) - 1};
        whole.n = (size_t)(dot - whole.p);
        comma = dot;
    }
    if (!whole.n || (comma && !fraction.n))
        return false;
    char buf[40];
    size_t n = 0, digits = 0;
    if (negative)
        buf[n++] = '-';
    for (size_t i = 0; i < whole.n + fraction.n + (comma ? 1 : 0); i++) {
        if (i == whole.n) {
            buf[n++] = '.'; /* the decimal separator */
            continue;
        }
        char c = i < whole.n ? whole.p[i] : fraction.p[i - whole.n - 1];
        if (c == '.' && i < whole.n)
            continue; /* a thousands separator */
        if (c < '0' || c > '9' || ++digits > 15)
            return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    if (*out == 0)
        *out = 0; /* no "-0" */
    return isfinite(*out);
}

bool ntm_decimal_ambiguous(struct str s)
{
    s = trimmed(s);
    if (s.n && s.p[0] == '-')
        s = str_skip(s, 1);
    const char *dot = s.n ? memchr(s.p, '.', s.n) : NULL;
    if (!dot || memchr(s.p, ',', s.n))
        return false;
    size_t before = (size_t)(dot - s.p), after = s.n - before - 1;
    if (before < 1 || before > 3 || after != 3 || s.p[0] == '0')
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (i != before && (s.p[i] < '0' || s.p[i] > '9'))
            return false;
    return true;
}

const char *ntm_decimal_ambiguous_why(struct arena *a, struct str s)
{
    s = trimmed(s);
    const char *dot = memchr(s.p, '.', s.n);
    struct str whole = {s.p, (size_t)(dot - s.p)}, fraction = {dot + 1, s.n - whole.n - 1};
    struct str thousands = ARENA_JOIN(a, whole, fraction), decimal = ARENA_JOIN(a, whole, STR(","), fraction);
    return arena_printf(a,
                        "“%.*s” có thể hiểu hai cách: %.*s (dấu chấm ngăn hàng nghìn) hoặc %.*s (dấu chấm thập "
                        "phân). Hãy viết %.*s hoặc %.*s.",
                        (int)s.n, s.p, (int)thousands.n, thousands.p, (int)decimal.n, decimal.p, (int)thousands.n,
                        thousands.p, (int)decimal.n, decimal.p)
        .p;
}

struct str ntm_without_percent(struct str s)
{
    s = trimmed(s);
    if (s.n && s.p[s.n - 1] == '%')
        s = trimmed((struct str){s.p, s.n - 1});
    return s;
}

bool ntm_decimal_too_long(struct str s)
{
    size_t digits = 0;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        size_t sp = group_space(s.p + i, s.n - i);
        if (c >= '0' && c <= '9')
            digits++;
        else if (sp)
            i += sp - 1;
        else if (c != '.' && c != ',' && !(c == '-' && digits == 0))
            return false;
    }
    return digits > 15;
}

struct str ntm_amount_format(struct arena *a, double x, bool vietnamese)
{
    long long hundredths = llround(fabs(x) * 100);
    long long whole = hundredths / 100, cents = hundredths % 100;
    char digits[32], out[64];
    int n = snprintf(digits, sizeof digits, "%lld", whole);
    size_t k = 0;
    if (x < 0 && hundredths)
        out[k++] = '-';
    for (int i = 0; i < n; i++) {
        if (vietnamese && i && (n - i) % 3 == 0)
            out[k++] = '.';
        out[k++] = digits[i];
    }
    if (cents) {
        out[k++] = vietnamese ? ',' : '.';
        out[k++] = (char)('0' + cents / 10);
        if (cents % 10)
            out[k++] = (char)('0' + cents % 10);
    }
    return arena_strdup(a, out, k);
}

/* A number printf wrote ("78.5000") as Vietnamese writes it: the zeros
 * after the point dropped, the point made a comma ("78,5"), never "-0". */
static struct str comma_decimal(struct arena *a, char *buf)
{
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
        else
            *dot = ',';
    }
    if (!strcmp(buf, "-0"))
        return arena_strdup(a, "0", 1);
    return arena_strdup(a, buf, strlen(buf));
}

struct str ntm_decimal_format(struct arena *a, double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.4f", x);
    /* a value just under a whole number is not shown as that number: 99.99999
     * is "99,9999", never "100" beside a target of 100% it does not meet */
    double shown = strtod(buf, NULL);
    if (shown > x && shown == floor(shown) && isfinite(x))
        snprintf(buf, sizeof buf, "%.4f", floor(x * 10000) / 10000);
    return comma_decimal(a, buf);
}

struct str ntm_decimal_field(struct arena *a, double x)
{
    char buf[400];
    /* the fewest decimals that give x back, stopping at 15 digits in all
     * (what ntm_decimal_parse takes) */
    for (int decimals = 0;; decimals++) {
        snprintf(buf, sizeof buf, "%.*f", decimals, x);
        int digits = 0;
        for (const char *p = buf; *p; p++)
            digits += *p >= '0' && *p <= '9';
        if (strtod(buf, NULL) == x || digits >= 15 || decimals >= 300)
            break;
    }
    return comma_decimal(a, buf);
}
