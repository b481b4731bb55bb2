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

bool ntm_decimal_parse(struct str s, double *out)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\t'))
        s = str_skip(s, 1);
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
        s.n--;
    char buf[40];
    size_t n = 0, digits = 0;
    bool point = false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c == '-' && i == 0)
            buf[n++] = c;
        else if (c >= '0' && c <= '9') {
            if (++digits > 15)
                return false;
            buf[n++] = c;
        } else if ((c == ',' || c == '.') && !point && digits > 0 && i + 1 < s.n) {
            point = true;
            buf[n++] = '.';
        } else
            return false;
        if (n >= sizeof buf - 1)
            return false;
    }
    if (!digits)
        return false;
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    if (*out == 0)
        *out = 0; /* no "-0" */
    return isfinite(*out);
}

struct str ntm_decimal_format(struct arena *a, double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.4f", x);
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
