/*
 * sheet.h - the layout of the sheets the monitor writes with libxlsxwriter:
 * column widths that fit their text, row heights for text that wraps, a
 * title merged over the table, and the print setup every sheet shares.
 *
 * People open these workbooks to print them on A4, so every sheet prints
 * the same way (ntm_sheet_print): A4, landscape when the table is wider
 * than a portrait page, one page wide (as many pages down as it takes),
 * the table's header rows repeated on every page, "Trang 2 / 5" in the
 * footer, and on screen the panes frozen under the header.
 *
 * libxlsxwriter does not measure text, and Excel widens a column or
 * heightens a row of wrapped text only when a person asks it to (never a
 * merged cell), so what is printed as written is what these estimates
 * make of it. The width of a text is estimated from its characters (a
 * table of a few classes: spaces and narrow letters, capitals, the rest;
 * bold a little wider), in Excel's unit of column width (the width of a
 * digit of the default font, Calibri 11); the estimates lean wide, so
 * that a column or a row is a little larger than it needs, never cut.
 *
 * How it is used: ntm_sheet_init over the sheet, then every cell written
 * through ntm_sheet_text, ntm_sheet_number, ntm_sheet_head (or measured by
 * ntm_sheet_fit when written otherwise), so that each column knows the
 * widest text it holds; ntm_sheet_columns sets the widths (each between
 * the sheet's minimum and maximum: a longer text wraps, when its format
 * wraps). The heights of wrapped rows and the title merged over the table
 * are computed from the widths known when they are asked for: in a sheet
 * written in libxlsxwriter's constant-memory mode, where a row cannot be
 * touched once a later one is written, they are asked for before the
 * rows below, from widths that can only grow after, so they are at worst
 * a little taller than needed.
 *
 * Everything lives in the arena given to ntm_sheet_init.
 */
#ifndef DINH_NTM_SHEET_H
#define DINH_NTM_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "core/arena.h"

/* The font of a sheet's cells: libxlsxwriter's default, or the Times New
 * Roman 12 of the reports laid out as on paper. */
enum ntm_sheet_font {
    NTM_SHEET_CALIBRI_11,
    NTM_SHEET_TIMES_12,
};

struct ntm_sheet {
    lxw_worksheet *ws;
    size_t n_cols;
    double *need;           /* [n_cols]: the width each column's widest text asks for */
    double min_width;       /* every column is at least this wide ... */
    double max_width;       /* ... and at most this (a longer text wraps or is cut) */
    double char_scale;      /* a digit of the cells' font, in Excel's width unit */
    double capital;         /* the font's average capital letter, in digits */
    double points;          /* the cells' font size */
    double line_points;     /* one line of the cells' font, in points */
    unsigned head_lines;    /* a heading widens its column to take at most this many lines (0: any; 5 unless set) */
    const char **heads;     /* [n_cols]: the headings of head_row, written by ntm_sheet_head */
    lxw_row_t head_row;
    bool has_heads;
};

/* Starts the layout of `ws`, a table of `n_cols` columns (from column A)
 * in `font`, each column between min_width and max_width. */
void ntm_sheet_init(struct ntm_sheet *s, lxw_worksheet *ws, size_t n_cols, enum ntm_sheet_font font, double min_width,
                    double max_width, struct arena *a);

/* The width of `text` on one line (its longest line, when it has several)
 * in Excel's unit, in the sheet's font; `bold` for a bold format. */
double ntm_sheet_text_width(const struct ntm_sheet *s, const char *text, bool bold);

/* Widens column `col` to fit `text` on one line (words_only: to fit its
 * longest word, for a heading that wraps). */
void ntm_sheet_fit(struct ntm_sheet *s, lxw_col_t col, const char *text, bool bold, bool words_only);

/* Makes column `col` at least `width` wide (still at most the maximum). */
void ntm_sheet_at_least(struct ntm_sheet *s, lxw_col_t col, double width);

/* Writes a string cell as worksheet_write_string does, without the
 * Unicode noncharacters (U+FFFE and U+FFFF make the sheet's XML unreadable:
 * text stored before the forms took them out). Every string of the
 * monitor's workbooks goes through it. */
void ntm_sheet_string(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f);
/* Writes the text, or the number, into (row, col) and widens the column to
 * fit it. */
void ntm_sheet_text(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f);
void ntm_sheet_number(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, double x, lxw_format *f);
/* A criterion's number (NUL-terminated): "5" as a number in `number_f` (so that it sorts and
 * sums as one, in every workbook alike), "17.1" as text in `text_f`. */
void ntm_sheet_criterion(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, struct str number, lxw_format *number_f,
                         lxw_format *text_f);

/* Writes a bold heading that wraps (its format must wrap) into (row, col):
 * the column is widened to its longest word (and, with s->head_lines set,
 * enough for the heading to take at most that many lines), and it counts for
 * the height of that row (ntm_sheet_head_height). Every heading of a
 * sheet is in one row; `text` must live as long as the sheet. */
void ntm_sheet_head(struct ntm_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f);

/* The width of columns first..last as ntm_sheet_columns sets them. */
double ntm_sheet_width(const struct ntm_sheet *s, lxw_col_t first, lxw_col_t last);

/* The number of lines `text` takes wrapped at word boundaries in a cell
 * (or a merged range) over columns first..last; at least 1. */
unsigned ntm_sheet_lines(const struct ntm_sheet *s, lxw_col_t first, lxw_col_t last, const char *text, bool bold);

/* Sets the height of `row` to `lines` lines of the sheet's font, with
 * `points` the size of the row's largest font (0: the sheet's font). One
 * line leaves the row at Excel's own height. */
void ntm_sheet_row_lines(struct ntm_sheet *s, lxw_row_t row, unsigned lines, double points);

/* Sets the height of the headings' row to its tallest heading. */
void ntm_sheet_head_height(struct ntm_sheet *s);

/* Merges columns 0..last of `row` into one cell holding `text` in `f`
 * (which should wrap), as high as the text needs over that width; `bold`
 * and `points` say f's weight and size (0: the sheet's font). */
void ntm_sheet_title(struct ntm_sheet *s, lxw_row_t row, lxw_col_t last, const char *text, lxw_format *f, bool bold,
                     double points);

/* Sets every column's width: its widest text, between the sheet's minimum
 * and maximum. */
void ntm_sheet_columns(struct ntm_sheet *s);

/* The print setup of every sheet (see the top of this file): A4, landscape
 * when the columns are wider than a portrait page, fit to one page wide,
 * rows head_first..head_last repeated on every page, the page number in
 * the footer, and the panes frozen under head_last and right of the first
 * `frozen_cols` columns. Call after ntm_sheet_columns. */
void ntm_sheet_print(struct ntm_sheet *s, lxw_row_t head_first, lxw_row_t head_last, lxw_col_t frozen_cols);

#endif
