/*
 * excel_view.h - what the Excel pages of the NTM office side show
 * (templates/ntm/admin_excel.html, admin_reports.html): the choices of the
 * entry template's download, the upload form, and an import's outcome
 * (the counts, or the table of every rejected cell).
 */
#ifndef DINH_NTM_EXCEL_VIEW_H
#define DINH_NTM_EXCEL_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

struct ntm_excel_choice {
    struct str value, label;
    bool selected;
};

/* One rejected cell or row of an import (row 0: the whole sheet). */
struct ntm_excel_problem {
    struct str sheet, column, reason;
    unsigned row;
};

struct ntm_excel_view {
    struct admin_frame f;
    struct ntm_excel_choice *years, *quarters, *layouts, *provinces, *sets;
    size_t n_years, n_quarters, n_layouts, n_provinces, n_sets;
    bool reporter;          /* the units are the account's own */
    struct str scope_line;  /* what the account's template holds */
    /* an import's outcome */
    bool imported;          /* written */
    struct str filename, summary;
    struct ntm_excel_problem *problems;
    size_t n_problems;
    struct str more_problems; /* how many rejected beyond those listed ("1.234"); empty when none */
    struct str *notes;        /* lines to read whatever the outcome: sheets not read, values to check */
    size_t n_notes;
};

/* A year of the office's reports: the year's workbook, and one per quarter
 * with accepted progress reports. */
struct ntm_reports_year {
    struct ntm_excel_choice year;
    struct ntm_excel_choice *quarters;
    size_t n_quarters;
};

struct ntm_reports_view {
    struct admin_frame f;
    struct ntm_reports_year *years;
    size_t n_years;
    struct str province;
};

#endif
