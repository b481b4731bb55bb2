/*
 * xlsx.h - a bounded reader of Excel workbooks (.xlsx, Office Open XML
 * SpreadsheetML), for files that come from outside.
 *
 * A workbook is a zip archive of XML parts:
 *
 *   xl/workbook.xml              the sheets, in tab order: name, r:id, state
 *   xl/_rels/workbook.xml.rels   r:id -> the part of each sheet, and where
 *                                the shared strings and the styles are
 *   xl/sharedStrings.xml         the text of cells with t="s", by index
 *   xl/styles.xml                cellXfs: each cell style's number format
 *                                (how a number that is a date, or a
 *                                fraction shown as a percentage, is told apart)
 *   xl/worksheets/sheetN.xml     <sheetData><row r="2"><c r="B2" t=".." s="..">
 *                                <f>formula</f><v>value</v><is><t>..</t></is>
 *                                </c></row></sheetData><mergeCells>..
 *
 * The zip is read by libzip from memory and each part streamed through
 * libxml2's xmlTextReader (no tree, no DTD, no entity expansion, no
 * network; a part with a DOCTYPE is refused). Since every byte is the
 * sender's, everything is bounded (struct xlsx_limits): the file's size,
 * the number of zip entries, each part's uncompressed size and its
 * compression ratio (a zip bomb is refused from its directory, before
 * anything is inflated, and again if the bytes inflated outrun what the
 * directory said), the number of sheets, rows, columns and cells, and the
 * shared strings' count and total size. A file that is not a zip, is
 * truncated, encrypted, or whose parts are not the XML they should be is
 * refused; every refusal is one Vietnamese sentence a person can act on (a
 * zip without xl/workbook.xml that is an OpenDocument spreadsheet, by its
 * "mimetype" entry, or a Word document is named as such, with how to save
 * it as .xlsx).
 *
 * What comes out is every sheet with its cells as stored (the reader does
 * not evaluate anything): numbers, text (shared or inline, rich text
 * flattened), booleans, error values; a cell with a formula is flagged and
 * carries the value Excel cached for it, if any; a number whose cell style
 * is a date or time format is flagged as a date, one whose format shows a
 * percentage (built-in 9 "0%", 10 "0.00%", or a custom format with a '%'
 * outside quotes: 78,5% typed is stored 0.785) as a percent; merged
 * ranges are listed.
 * Deciding what a flagged cell means is the caller's business.
 *
 * Memory: the result lives in the arena given; the parts are streamed
 * (inflated a buffer at a time as the XML reader asks), so what is held
 * is the file itself, the result and the shared strings. Thread-safe
 * (libxml2 is initialised once).
 */
#ifndef DINH_XLSX_XLSX_H
#define DINH_XLSX_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"

struct xlsx_limits {
    size_t max_file;          /* bytes of the .xlsx itself */
    size_t max_entries;       /* zip entries */
    size_t max_part;          /* uncompressed bytes of one part read */
    size_t max_total;         /* uncompressed bytes of every part read */
    unsigned max_ratio;       /* uncompressed / compressed, for parts above 1 MiB */
    size_t max_sheets;
    uint32_t max_rows;        /* the highest row number a cell may have (1-based) */
    uint32_t max_cols;        /* the highest column (1-based: 26 = Z) */
    size_t max_cells;         /* <c> elements over the whole workbook, merged ranges included */
    size_t max_strings;       /* shared strings */
    size_t max_strings_bytes; /* total bytes of the shared strings */
};

/* The limits for an office's workbook: 20 MB file, 10,000 entries, 100 MB
 * per part and 400 MB in all, ratio 200, 5,000 sheets, 100,000 rows, 1,000
 * columns, 2,000,000 cells, 1,000,000 shared strings of 64 MB in all. */
void xlsx_limits_default(struct xlsx_limits *lim);

enum xlsx_type {
    XLSX_EMPTY = 0, /* no value (a styled empty cell, or a formula without a cached value) */
    XLSX_NUMBER,
    XLSX_TEXT,
    XLSX_BOOL,  /* number is 0 or 1 */
    XLSX_ERROR, /* text is the error ("#DIV/0!") */
};

struct xlsx_cell {
    uint32_t row;    /* 1-based, as Excel shows it */
    uint32_t col;    /* 0-based: 0 is column A */
    enum xlsx_type type;
    bool formula;    /* the cell has a formula; type/number/text are its cached result */
    bool date;       /* a number shown with a date or time format (or t="d") */
    bool percent;    /* a number shown with a percent format: number is the fraction (0.785 for 78,5%) */
    double number;   /* XLSX_NUMBER, XLSX_BOOL */
    struct str text; /* XLSX_TEXT, XLSX_ERROR; t="d" keeps its ISO text here too */
};

struct xlsx_range {
    uint32_t row1, col1, row2, col2; /* inclusive, as xlsx_cell */
};

struct xlsx_sheet {
    struct str name;
    bool hidden;             /* state="hidden" or "veryHidden" */
    struct xlsx_cell *cells; /* in the order stored: by row, then column */
    size_t n_cells;
    struct xlsx_range *merged;
    size_t n_merged;
    uint32_t max_row; /* the highest row with a cell; 0 if none */
};

struct xlsx_book {
    struct xlsx_sheet *sheets; /* in tab order */
    size_t n_sheets;
};

/*
 * Reads the workbook in `data` into `a`. Returns 0, or -1 with a
 * Vietnamese sentence in err (always terminated) saying what is wrong with
 * the file: not a workbook, truncated or damaged, encrypted, or over a
 * limit (which one, and by how much). On error *out is empty.
 */
int xlsx_read(struct arena *a, struct str data, const struct xlsx_limits *lim, struct xlsx_book *out, char *err,
              size_t errlen);

/* The sheet called `name` (exact bytes), or NULL. */
const struct xlsx_sheet *xlsx_sheet_named(const struct xlsx_book *b, struct str name);

/* The merged range covering (row, col), or NULL. */
const struct xlsx_range *xlsx_merged_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col);

/* Writes the column's letters ("A", "AB") for a 0-based column into buf
 * (at least 4 bytes) and returns buf. */
char *xlsx_col_name(uint32_t col, char *buf);


#endif
