/*
 * sheet.c - column widths, row heights, titles and the print setup of the
 * monitor's sheets; see sheet.h.
 *
 * A text's width is the sum of its characters' widths, each a class in the
 * unit of a digit of the font: a space or a narrow letter (i, l, t, f, r,
 * punctuation) about half a digit, a capital (the font's average capital:
 * wider in Times New Roman than in Calibri), the rest (lower case letters,
 * with or without diacritics, and digits) one digit. A digit of the font,
 * then, in Excel's unit of width (a digit of Calibri 11 plus 5 pixels of
 * padding per column: a column w wide is 7w + 5 pixels). Lines are counted
 * as Excel wraps them: at spaces, a word wider than the cell broken where
 * it reaches the edge.
 */
#include "ntm/sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "text/utf8.h"

#define PIXELS_PER_UNIT 7.0  /* a digit of Calibri 11 */
#define COLUMN_PADDING 5.0   /* pixels Excel adds to every column */
#define SAFETY 1.05          /* estimates lean wide */
#define CELL_MARGIN 0.6      /* the room inside a cell that text does not use */
#define A4_PORTRAIT_PIXELS 717.0 /* 210 mm less margins of 0.4 inch, at 96 pixels an inch */

struct font_metrics {
    double digit;       /* a digit, in Excel's unit */
    double capital;     /* a capital, in digits */
    double points;      /* the size */
    double line_points; /* a line's height */
};

static const struct font_metrics FONTS[] = {
    [NTM_SHEET_CALIBRI_11] = {1.0, 1.2, 11, 15},
    [NTM_SHEET_TIMES_12] = {8.0 / 7.0, 1.36, 12, 15.75},
};

void ntm_sheet_init(struct ntm_sheet *s, lxw_worksheet *ws, size_t n_cols, enum ntm_sheet_font font, double min_width,
                    double max_width, struct arena *a)
{
    const struct font_metrics *m = &FONTS[font];
    *s = (struct ntm_sheet){
        .ws = ws,
        .n_cols = n_cols,
        .need = arena_zalloc(a, (n_cols + 1) * sizeof *s->need),
        .min_width = min_width,
        .max_width = max_width,
        .char_scale = m->digit,
        .capital = m->capital,
        .points = m->points,
        .line_points = m->line_points,
        .head_lines = 5,
        .heads = arena_zalloc(a, (n_cols + 1) * sizeof *s->heads),
    };
}

/* One character's width, in digits of its font: a letter with diacritics
 * as its base letter ("ị" as narrow as "i"). */
static double char_width(utf8proc_int32_t c, double capital)
{
    if (c >= 0x80 && c != 0x2014) {
        utf8proc_int32_t parts[4];
        int boundclass = 0;
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME)
            return 0; /* a combining mark sits over its letter */
        if (utf8proc_decompose_char(c, parts, 4, UTF8PROC_DECOMPOSE, &boundclass) >= 1 && parts[0] < 0x80)
            c = parts[0];
        else
            return cat == UTF8PROC_CATEGORY_LU ? capital : 1.0;
    }
    if (c == 0x2014) /* — */
        return 2.0;
    if (c == ' ')
        return 0.5;
    if (strchr("iljtfrI.,:;'!|()[]`\"", (int)c))
        return 0.6;
    if (c == 'm' || c == 'w')
        return 1.5;
    if (c == 'M' || c == 'W')
        return capital * 1.3;
    if (c == '-' || c == '/')
        return 0.7;
    if (c == '%')
        return 1.7;
    if (c >= 'A' && c <= 'Z')
        return capital;
    return 1.0;
}

/* The width of n bytes of text on one line, in Excel's unit, at `scale`
 * times the sheet's font size. */
static double run_width(const struct ntm_sheet *s, const char *p, size_t n, bool bold, double scale)
{
    double digits = 0;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) { /* not UTF-8: a byte as a character */
            c = '?';
            k = 1;
        }
        digits += char_width(c, s->capital);
        i += (size_t)k;
    }
    return digits * s->char_scale * scale * (bold ? 1.07 : 1.0) * SAFETY;
}

/* The widest line (words_only: word) of text. */
static double widest(const struct ntm_sheet *s, const char *text, bool bold, bool words_only, double scale)
{
    double best = 0;
    const char *p = text;
    while (*p) {
        size_t n = words_only ? strcspn(p, " \n") : strcspn(p, "\n");
        double w = run_width(s, p, n, bold, scale);
        if (w > best)
            best = w;
        p += n;
        if (*p)
            p++;
    }
    return best;
}

double ntm_sheet_text_width(const struct ntm_sheet *s, const char *text, bool bold)
{
    return widest(s, text ? text : "", bold, false, 1.0);
}

void ntm_sheet_fit(struct ntm_sheet *s, lxw_col_t col, const char *text, bool bold, bool words_only)
{
    if (col >= s->n_cols || !text)
        return;
    double w = widest(s, text, bold, words_only, 1.0) + CELL_MARGIN;
    if (w > s->need[col])
        s->need[col] = w;
}

void ntm_sheet_at_least(struct ntm_sheet *s, lxw_col_t col, double width)
{
    if (col < s->n_cols && width > s->need[col])
        s->need[col] = width;
}

void ntm_sheet_string(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    struct str t = str_cstr(text ? text : "");
    const unsigned char *p = (const unsigned char *)t.p;
    size_t i = 0;
    while (i < t.n && p[i] < 0xEF)
        i++;
    if (i == t.n) { /* nearly always: no byte a noncharacter starts with */
        worksheet_write_string(ws, row, col, t.p, f);
        return;
    }
    struct arena a;
    arena_init(&a, t.n + 64);
    worksheet_write_string(ws, row, col, utf8_strip_noncharacters(&a, t).p, f);
    arena_free(&a);
}

void ntm_sheet_text(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    ntm_sheet_string(s->ws, row, col, text, f);
    ntm_sheet_fit(s, col, text, false, false);
}

void ntm_sheet_number(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, double x, lxw_format *f)
{
    worksheet_write_number(s->ws, row, col, x, f);
    /* as "#,##0" shows it (a separator counted as a digit), with two
     * decimals when it has some */
    char digits[64];
    int n = snprintf(digits, sizeof digits, "%.0f", fabs(x));
    n += (n - 1) / 3 + (x != floor(x) ? 3 : 0) + (x < 0);
    if (n < 1 || n >= (int)sizeof digits)
        n = (int)sizeof digits - 1;
    memset(digits, '0', (size_t)n);
    digits[n] = '\0';
    ntm_sheet_fit(s, col, digits, false, false);
}

void ntm_sheet_criterion(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, struct str number, lxw_format *number_f,
                         lxw_format *text_f)
{
    unsigned long long v;
    if (number.n && number.n <= 6 && str_to_u64(number, &v))
        ntm_sheet_number(s, row, col, (double)v, number_f);
    else
        ntm_sheet_text(s, row, col, number.p ? number.p : "", text_f); /* NUL-terminated, as every cell text */
}

void ntm_sheet_head(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    ntm_sheet_string(s->ws, row, col, text, f);
    ntm_sheet_fit(s, col, text, true, true);
    if (col < s->n_cols) {
        /* wider until the heading, wrapped at its spaces, takes at most head_lines */
        while (s->head_lines && s->need[col] < s->max_width && ntm_sheet_lines(s, col, col, text, true) > s->head_lines)
            s->need[col] += 0.5;
        s->heads[col] = text;
        s->head_row = row;
        s->has_heads = true;
    }
}

static double column_width(const struct ntm_sheet *s, lxw_col_t col)
{
    double w = col < s->n_cols ? s->need[col] : 0;
    if (w < s->min_width)
        w = s->min_width;
    if (w > s->max_width)
        w = s->max_width;
    return ceil(w * 4) / 4; /* a quarter of a digit: what Excel keeps anyway */
}

double ntm_sheet_width(const struct ntm_sheet *s, lxw_col_t first, lxw_col_t last)
{
    double pixels = 0;
    for (lxw_col_t c = first; c <= last; c++)
        pixels += column_width(s, c) * PIXELS_PER_UNIT + COLUMN_PADDING;
    return (pixels - COLUMN_PADDING) / PIXELS_PER_UNIT;
}

/* The lines of text wrapped in `avail` units, at `scale` times the font. */
static unsigned lines_in(const struct ntm_sheet *s, double avail, const char *text, bool bold, double scale)
{
    if (avail < 1)
        avail = 1;
    double space = run_width(s, " ", 1, bold, scale);
    unsigned lines = 1;
    double line = 0;
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            lines++;
            line = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t n = strcspn(p, " \n");
        double w = run_width(s, p, n, bold, scale);
        p += n;
        if (line > 0 && line + space + w > avail) {
            lines++;
            line = 0;
        }
        line += (line > 0 ? space : 0) + w;
        for (; line > avail; line -= avail) /* a word longer than the line, broken */
            lines++;
    }
    return lines;
}

unsigned ntm_sheet_lines(const struct ntm_sheet *s, lxw_col_t first, lxw_col_t last, const char *text, bool bold)
{
    return lines_in(s, ntm_sheet_width(s, first, last) - CELL_MARGIN, text ? text : "", bold, 1.0);
}

void ntm_sheet_row_lines(struct ntm_sheet *s, lxw_row_t row, unsigned lines, double points)
{
    if (lines <= 1)
        return;
    double line = s->line_points * (points > 0 ? points / s->points : 1.0);
    worksheet_set_row(s->ws, row, ceil(lines * line + 2), NULL);
}

void ntm_sheet_head_height(struct ntm_sheet *s)
{
    if (!s->has_heads)
        return;
    unsigned lines = 1;
    for (lxw_col_t c = 0; c < s->n_cols; c++) {
        if (!s->heads[c])
            continue;
        unsigned k = ntm_sheet_lines(s, c, c, s->heads[c], true);
        if (k > lines)
            lines = k;
    }
    ntm_sheet_row_lines(s, s->head_row, lines, 0);
}

void ntm_sheet_title(struct ntm_sheet *s, lxw_row_t row, lxw_col_t last, const char *text, lxw_format *f, bool bold,
                     double points)
{
    double scale = points > 0 ? points / s->points : 1.0;
    if (last > 0)
        worksheet_merge_range(s->ws, row, 0, row, last, text, f);
    else
        ntm_sheet_string(s->ws, row, 0, text, f);
    ntm_sheet_row_lines(s, row, lines_in(s, ntm_sheet_width(s, 0, last) - CELL_MARGIN, text, bold, scale), points);
}

void ntm_sheet_columns(struct ntm_sheet *s)
{
    for (lxw_col_t c = 0; c < s->n_cols; c++)
        worksheet_set_column(s->ws, c, c, column_width(s, c), NULL);
}

void ntm_sheet_print(struct ntm_sheet *s, lxw_row_t head_first, lxw_row_t head_last, lxw_col_t frozen_cols)
{
    lxw_worksheet *ws = s->ws;
    double pixels = s->n_cols ? ntm_sheet_width(s, 0, (lxw_col_t)(s->n_cols - 1)) * PIXELS_PER_UNIT : 0;
    if (pixels > A4_PORTRAIT_PIXELS)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, head_first, head_last);
    worksheet_set_footer(ws, "&CTrang &P / &N");
    worksheet_freeze_panes(ws, head_last + 1, frozen_cols);
}
