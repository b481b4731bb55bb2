/*
 * excel.c - NTM data in and out of Excel for the people who enter it
 * (RIGHT_NTM_ENTER): the entry template of a period, and its import.
 *
 *   GET  /quan-tri/nong-thon-moi/excel/          the page: download form, upload form
 *   GET  /quan-tri/nong-thon-moi/excel/mau.xlsx  ?nam=2026&quy=0..4&kieu=ma-tran|theo-xa&tinh=42
 *   POST /quan-tri/nong-thon-moi/excel/nhap      multipart: tep (the workbook), csrf
 *
 * The template holds only what the account may enter: a commune reporter's
 * own communes, a department officer's criteria (every commune), the
 * office everything; as one matrix sheet (communes x indicators) or one
 * sheet per commune. Each indicator column (or row) carries a key the
 * importer reads back ("CT:<indicator id>", "TC:<criterion id>" for a
 * criterion whose state is recorded directly) in a hidden row (column),
 * and a hidden sheet "_dinh" names the layout, the set and the period. The
 * values already entered are filled in; the targets of every group are
 * shown; Excel's data validation offers the lists and ranges it can.
 *
 * An import is the whole file or nothing. The workbook is read by the
 * bounded reader (src/xlsx/), then, inside one write transaction on a
 * worker, every cell is checked against its indicator's type and range and
 * every row against the account's rights and the assessment's state; a
 * single problem anywhere means nothing is written and every problem is
 * listed (sheet, row, column, reason). Otherwise each commune's values are
 * merged into its assessment for the period (the cells of the file replace
 * those values, an empty cell clears one; other values, notes and sources
 * stay) through ntm_assessment_save, a new assessment being a draft and a
 * returned one staying returned; a submitted or accepted assessment is
 * refused (the office must return it first). One audit entry per import.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "http/router.h"
#include "http/web.h"
#include "ntm/excel.h"
#include "ntm/excel_view.h"
#include "ntm/internal.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/vi.h"
#include "view/layout.h"
#include "xlsx/xlsx.h"

#define EXCEL_PATH "/quan-tri/nong-thon-moi/excel/"
#define UPLOAD_MAX (21u << 20) /* the body: a 20 MB workbook and the form around it */
#define PROBLEMS_SHOWN 500
#define META_SHEET "_dinh"
#define MATRIX_SHEET "Nhập liệu"
#define MATRIX_KEY_ROW 3   /* 1-based: the hidden row of keys */
#define MATRIX_FIRST_ROW 6 /* the first commune */
#define UNIT_FIRST_ROW 6   /* per-commune sheets: the first indicator */
#define UNIT_VALUE_COL 5   /* F */
#define UNIT_NOTE_COL 6    /* G */

/* --- the columns of a template: the set's indicators the account may enter -------------------------- */

struct xl_column {
    bool recorded; /* a criterion's directly recorded state, not an indicator */
    size_t index;  /* into set.indicators, or set.criteria when recorded */
    int64_t id;
    struct str code, name, unit, targets;
    enum ntm_value_type type;
    struct str *levels;
    size_t n_levels;
    bool wants_no; /* a yes/no indicator some commune must answer Không ("Nhà tạm, dột nát") */
};

struct xl_unit {
    int64_t id;
    struct str code, name, province;
    bool allowed;
    /* an import: where the file first named it (0: not yet), so that a
     * second row of it is refused even when the first held nothing */
    const char *seen_sheet;
    uint32_t seen_row;
};

struct xl_context {
    struct ntm_set set;
    struct ntm_scope scope;
    enum people_role role;
    struct xl_column *columns;
    size_t n_columns;
    struct xl_unit *units; /* every current commune, by code */
    size_t n_units;
    /* indicators left out: a list of levels not in the data (14.1 of QĐ 318),
     * as the entry form has no field for them */
    int64_t *no_levels;
    size_t n_no_levels;
};

static bool limited_units(enum people_role role)
{
    return role == ROLE_NTM_REPORTER;
}

static bool limited_criteria(enum people_role role)
{
    return role == ROLE_NTM_DEPARTMENT;
}

static const char SQL_INDICATOR_META[] = "SELECT unit, COALESCE(levels, '') FROM ntm_indicator WHERE id = ?1";
static const char SQL_UNITS[] =
    "SELECT u.id, u.code, u.full_name, p.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
    "WHERE u.valid_to IS NULL AND u.level = 'commune' ORDER BY u.code";

/* "Nhóm 1: ≥ 80; nhóm 2: ≥ 70" for a column. */
static struct str targets_text(struct arena *a, const struct ntm_indicator *ind, enum ntm_value_type type)
{
    struct buf b = {0};
    for (size_t t = 0; t < ind->n_targets; t++) {
        const struct ntm_target *x = &ind->targets[t];
        if (b.n)
            buf_puts(&b, "; ");
        if (strcmp(x->applies_to, "*") == 0)
            buf_puts(&b, "mọi xã: ");
        else if (strlen(x->applies_to) == 1)
            buf_printf(&b, "nhóm %s: ", x->applies_to);
        else
            buf_printf(&b, "%s: ", x->applies_to);
        if (x->op == NTM_OP_UNKNOWN) {
            buf_puts(&b, "chưa rõ");
            continue;
        }
        if (type == NTM_TYPE_MET) {
            buf_puts(&b, x->threshold >= 1 ? "Có" : "Không");
            continue;
        }
        buf_puts(&b, x->op == NTM_OP_AT_LEAST ? "≥ " : x->op == NTM_OP_AT_MOST ? "≤ " : "= ");
        char num[32];
        snprintf(num, sizeof num, "%g", x->threshold);
        for (char *p = num; *p; p++)
            if (*p == '.')
                *p = ',';
        buf_puts(&b, num);
        if (type == NTM_TYPE_PERCENT)
            buf_puts(&b, "%");
        else if (type == NTM_TYPE_LEVEL)
            buf_puts(&b, " (mức)");
    }
    struct str out = arena_strdup(a, b.p ? b.p : "", b.n);
    buf_free(&b);
    return out;
}

/* Loads the set, the account's scope, the columns and the communes.
 * 1; 0 when there is no such set (err says so); -1 when the database failed. */
static int context_load(struct store_conn *db, struct arena *a, const char *set_code, int64_t user_id,
                        enum people_role role, struct xl_context *x)
{
    memset(x, 0, sizeof *x);
    x->role = role;
    int rc = ntm_set_load(db, set_code, a, &x->set);
    if (rc <= 0)
        return rc;
    if (ntm_scope_read(db, user_id, a, &x->scope) != 0)
        return -1;
    const struct ntm_set *s = &x->set;
    x->columns = ARENA_ARRAY(a, struct xl_column, s->n_indicators + s->n_criteria + 1);
    x->no_levels = ARENA_ARRAY(a, int64_t, s->n_indicators + 1);
    for (size_t c = 0; c < s->n_criteria; c++) {
        if (limited_criteria(role) && !ntm_scope_has_criterion(&x->scope, s->criteria[c].id))
            continue;
        if (!s->criteria[c].indicators_loaded) {
            /* a criterion whose state is recorded directly is the office's
             * to record, as on the entry form */
            if (!people_role_may(role, RIGHT_NTM_MANAGE))
                continue;
            struct xl_column *col = &x->columns[x->n_columns++];
            *col = (struct xl_column){.recorded = true,
                                      .index = c,
                                      .id = s->criteria[c].id,
                                      .code = arena_printf(a, "TC %.*s", (int)s->criterion_number[c].n,
                                                           s->criterion_number[c].p),
                                      .name = s->criterion_name[c],
                                      .unit = STR(""),
                                      .targets = STR("Đạt"),
                                      .type = NTM_TYPE_MET};
            continue;
        }
        for (size_t i = 0; i < s->n_indicators; i++) {
            if (s->indicators[i].criterion != c)
                continue;
            struct xl_column *col = &x->columns[x->n_columns++];
            *col = (struct xl_column){.index = i,
                                      .id = s->indicators[i].id,
                                      .code = s->indicator_code[i],
                                      .name = s->indicator_name[i],
                                      .type = s->indicators[i].type,
                                      .targets = targets_text(a, &s->indicators[i], s->indicators[i].type)};
            for (size_t t = 0; col->type == NTM_TYPE_MET && t < s->indicators[i].n_targets; t++)
                col->wants_no = col->wants_no || (s->indicators[i].targets[t].op != NTM_OP_UNKNOWN &&
                                                  s->indicators[i].targets[t].threshold < 0.5);
            sqlite3_stmt *st = store_stmt(db, SQL_INDICATOR_META);
            if (!st)
                return -1;
            sqlite3_bind_int64(st, 1, col->id);
            int k = store_step(db, st);
            if (k < 0)
                return -1;
            struct str levels = STR("");
            if (k == 1) {
                col->unit = store_col_copy(a, st, 0);
                levels = store_col_copy(a, st, 1);
            }
            sqlite3_reset(st);
            if (col->type == NTM_TYPE_LEVEL && levels.n) {
                size_t n = 1;
                for (size_t j = 0; j < levels.n; j++)
                    n += levels.p[j] == '|';
                col->levels = ARENA_ARRAY(a, struct str, n);
                const char *p = levels.p, *end = levels.p + levels.n;
                while (p <= end && col->n_levels < n) {
                    const char *bar = memchr(p, '|', (size_t)(end - p));
                    const char *stop = bar ? bar : end;
                    col->levels[col->n_levels++] = (struct str){p, (size_t)(stop - p)};
                    p = stop + 1;
                }
            }
            if (col->type == NTM_TYPE_LEVEL && !col->n_levels) { /* nothing to choose from */
                x->no_levels[x->n_no_levels++] = col->id;
                x->n_columns--;
            }
        }
    }
    sqlite3_stmt *st = store_stmt(db, SQL_UNITS);
    if (!st)
        return -1;
    struct xl_unit *units = NULL;
    size_t cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        if (x->n_units == cap) {
            cap = cap ? cap * 2 : 1024;
            struct xl_unit *grown = ARENA_ARRAY(a, struct xl_unit, cap);
            if (x->n_units)
                memcpy(grown, units, x->n_units * sizeof *units);
            units = grown;
        }
        struct xl_unit *u = &units[x->n_units++];
        u->id = sqlite3_column_int64(st, 0);
        u->code = store_col_copy(a, st, 1);
        u->name = store_col_copy(a, st, 2);
        u->province = store_col_copy(a, st, 3);
        u->allowed = !limited_units(role) || ntm_scope_has_unit(&x->scope, u->id);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    x->units = units;
    return 1;
}

static int unit_cmp(const void *k, const void *e)
{
    const struct str *key = k;
    const struct xl_unit *u = e;
    size_t n = key->n < u->code.n ? key->n : u->code.n;
    int c = memcmp(key->p, u->code.p, n);
    return c ? c : (key->n > u->code.n) - (key->n < u->code.n);
}

static struct xl_unit *unit_find(const struct xl_context *x, struct str code)
{
    return x->n_units ? bsearch(&code, x->units, x->n_units, sizeof *x->units, unit_cmp) : NULL;
}

/* --- the assessment of a unit for the period ---------------------------------------------------------- */

static const char SQL_ASSESSMENT[] = "SELECT id, state, note FROM ntm_assessment "
                                     "WHERE unit_id = ?1 AND set_id = ?2 AND year = ?3 AND quarter = ?4";
static const char SQL_VALUES[] =
    "SELECT indicator_id, value, value_text, note, source FROM ntm_value WHERE assessment_id = ?1";
static const char SQL_RECORDED[] = "SELECT criterion_id, met, note, source FROM ntm_recorded WHERE assessment_id = ?1";

struct xl_existing {
    int64_t id;          /* 0: none */
    struct str other_set; /* the version the unit reports under, when not the file's set: read only */
    struct str state, note;
    struct ntm_value_input *values;
    size_t n_values;
    struct ntm_recorded_input *recorded;
    size_t n_recorded;
};

/* Reads what the unit's assessment holds now. 0, or -1. */
static int existing_read(struct store_conn *db, struct arena *a, const struct ntm_set *set, const struct xl_unit *u,
                         int year, int quarter, struct xl_existing *out)
{
    memset(out, 0, sizeof *out);
    /* a report keeps the version of the set it was started under, and a new
     * one takes the version in effect: another version's unit is only shown */
    char code[NTM_SET_CODE_MAX];
    int rc = ntm_set_for_report(db, u->id, ntm_cstr(a, u->province), year, quarter, code);
    if (rc < 0)
        return -1;
    if (rc == 1 && !str_eq(set->code, str_cstr(code))) {
        out->other_set = arena_strdup(a, code, strlen(code));
        return 0;
    }
    sqlite3_stmt *st = store_stmt(db, SQL_ASSESSMENT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, u->id);
    sqlite3_bind_int64(st, 2, set->id);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_int(st, 4, quarter);
    rc = store_step(db, st);
    if (rc == 1) {
        out->id = sqlite3_column_int64(st, 0);
        out->state = store_col_copy(a, st, 1);
        out->note = store_col_copy(a, st, 2);
    }
    sqlite3_reset(st);
    if (rc <= 0)
        return rc;
    out->values = ARENA_ARRAY(a, struct ntm_value_input, set->n_indicators + 1);
    if (!(st = store_stmt(db, SQL_VALUES)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while ((rc = store_step(db, st)) == 1 && out->n_values < set->n_indicators) {
        struct ntm_value_input *v = &out->values[out->n_values++];
        v->indicator_id = sqlite3_column_int64(st, 0);
        v->value = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1);
        v->text = store_col_copy(a, st, 2);
        v->note = store_col_copy(a, st, 3);
        v->source = store_col_copy(a, st, 4);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    out->recorded = ARENA_ARRAY(a, struct ntm_recorded_input, set->n_criteria + 1);
    if (!(st = store_stmt(db, SQL_RECORDED)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while ((rc = store_step(db, st)) == 1 && out->n_recorded < set->n_criteria) {
        struct ntm_recorded_input *v = &out->recorded[out->n_recorded++];
        v->criterion_id = sqlite3_column_int64(st, 0);
        v->met = sqlite3_column_int(st, 1);
        v->note = store_col_copy(a, st, 2);
        v->source = store_col_copy(a, st, 3);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* The value a column holds in an existing assessment: true with *v. */
static bool existing_value(const struct xl_existing *e, const struct xl_column *c, double *v)
{
    if (c->recorded) {
        for (size_t i = 0; i < e->n_recorded; i++)
            if (e->recorded[i].criterion_id == c->id) {
                *v = e->recorded[i].met;
                return true;
            }
        return false;
    }
    for (size_t i = 0; i < e->n_values; i++)
        if (e->values[i].indicator_id == c->id && !isnan(e->values[i].value)) {
            *v = e->values[i].value;
            return true;
        }
    return false;
}

/* The note of a column's value in an existing assessment ("" if none). */
static struct str existing_note(const struct xl_existing *e, const struct xl_column *c)
{
    for (size_t i = 0; !c->recorded && i < e->n_values; i++)
        if (e->values[i].indicator_id == c->id)
            return e->values[i].note;
    for (size_t i = 0; c->recorded && i < e->n_recorded; i++)
        if (e->recorded[i].criterion_id == c->id)
            return e->recorded[i].note;
    return STR("");
}

static const char *state_name(struct str state)
{
    return str_eq_lit(state, "submitted") ? "đã gửi lên Văn phòng Điều phối"
           : str_eq_lit(state, "accepted") ? "đã được chấp nhận"
                                           : "không sửa được";
}

static bool editable(struct str state)
{
    return !state.n || str_eq_lit(state, "draft") || str_eq_lit(state, "returned");
}

/* Whether a file may write the unit's report: under the file's set, and
 * still with its commune. */
static bool writable(const struct xl_existing *e)
{
    return !e->other_set.n && editable(e->state);
}

/* --- periods ----------------------------------------------------------------------------------------- */

static struct str period_name(struct arena *a, int year, int quarter)
{
    return quarter ? arena_printf(a, "quý %d năm %d", quarter, year) : arena_printf(a, "năm %d", year);
}

/* --- the template ------------------------------------------------------------------------------------ */

struct template_job {
    struct web_job job;
    struct arena arena;
    int64_t user_id;
    enum people_role role;
    int year, quarter;
    bool matrix;
    char province[16]; /* "" for every province */
    char set[NTM_SET_CODE_MAX]; /* a version of the year's set asked for; "": the one in effect */
    int status;
    bool no_units; /* 404: no commune to put in it */
    struct buf out;
};

static void template_release(struct web_job *job)
{
    struct template_job *j = (struct template_job *)job;
    arena_free(&j->arena);
    buf_free(&j->out);
    free(j);
}

/* A sheet name for a unit: "18406 Xã Cẩm Xuyên", at most 31 characters,
 * without the characters Excel refuses. */
static const char *unit_sheet_name(struct arena *a, const struct xl_unit *u)
{
    struct str full = arena_printf(a, "%.*s %.*s", (int)u->code.n, u->code.p, (int)u->name.n, u->name.p);
    char *out = arena_alloc(a, full.n + 1);
    size_t k = 0, chars = 0;
    for (size_t i = 0; i < full.n && chars < 31;) {
        unsigned char c = (unsigned char)full.p[i];
        size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (i + len > full.n)
            break;
        if (!strchr("[]:*?/\\'", (char)c) || c >= 0x80) {
            memcpy(out + k, full.p + i, len);
            k += len;
            chars++;
        }
        i += len;
    }
    out[k] = '\0';
    return out;
}

/* Data validation for a column's cells, where Excel offers one. */
static void validate_range(lxw_worksheet *ws, const struct xl_column *c, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                           lxw_col_t c2, struct arena *a)
{
    lxw_data_validation dv = {.ignore_blank = LXW_VALIDATION_ON,
                              .show_error = LXW_VALIDATION_ON,
                              .error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
                              .error_title = "Giá trị không hợp lệ"};
    /* an indicator's yes/no is a fact (Có, Không); a criterion the office
     * records is a state (Đạt, Không đạt) */
    static char met_yes[] = "Có", met_no[] = "Không", state_yes[] = "Đạt", state_no[] = "Không đạt";
    static char *met_list[] = {met_yes, met_no, NULL}, *state_list[] = {state_yes, state_no, NULL};
    switch (c->type) {
    case NTM_TYPE_MET:
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = c->recorded ? state_list : met_list;
        dv.error_message = c->recorded ? "Chọn Đạt hoặc Không đạt." : "Chọn Có hoặc Không.";
        break;
    case NTM_TYPE_PERCENT:
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = 0;
        dv.maximum_number = 100;
        dv.error_message = "Tỷ lệ là một số từ 0 đến 100.";
        break;
    case NTM_TYPE_NUMBER:
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = -1e12;
        dv.maximum_number = 1e12;
        dv.error_message = "Nhập một số.";
        break;
    case NTM_TYPE_LEVEL: {
        size_t total = 0;
        for (size_t i = 0; i < c->n_levels; i++)
            total += c->levels[i].n + 1;
        if (c->n_levels && total < 250) {
            char **list = ARENA_ARRAY(a, char *, c->n_levels + 1);
            for (size_t i = 0; i < c->n_levels; i++)
                list[i] = (char *)ntm_cstr(a, c->levels[i]);
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = list;
            dv.error_message = "Chọn một mức trong danh sách.";
        } else {
            dv.validate = LXW_VALIDATION_TYPE_INTEGER;
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_number = 1;
            dv.maximum_number = c->n_levels ? (double)c->n_levels : 100;
            dv.error_message = "Nhập số thứ tự của mức (từ 1).";
        }
        break;
    }
    }
    worksheet_data_validation_range(ws, r1, c1, r2, c2, &dv);
}

/* Writes an existing value into its cell, as the user would type it. */
static void write_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const struct xl_column *c, double v,
                        lxw_format *fmt, struct arena *a)
{
    if (c->type == NTM_TYPE_MET)
        worksheet_write_string(ws, r, col, c->recorded ? (v >= 1 ? "Đạt" : "Không đạt") : (v >= 1 ? "Có" : "Không"),
                               fmt);
    else if (c->type == NTM_TYPE_LEVEL && v >= 1 && v <= (double)c->n_levels && v == floor(v))
        worksheet_write_string(ws, r, col, ntm_cstr(a, c->levels[(size_t)v - 1]), fmt);
    else
        worksheet_write_number(ws, r, col, v, fmt);
}

struct template_formats {
    lxw_format *title, *note, *head, *key, *input, *target, *locked;
};

/* A commune's name in a template, saying when its assessment for the
 * period can no longer be changed by a file. */
static const char *unit_label(struct arena *a, const struct xl_unit *u, const struct xl_existing *e)
{
    if (e->other_set.n)
        return arena_printf(a, "%.*s (kỳ này theo bộ tiêu chí %.*s, chỉ để xem)", (int)u->name.n, u->name.p,
                            (int)e->other_set.n, e->other_set.p)
            .p;
    if (editable(e->state))
        return u->name.p;
    return arena_printf(a, "%.*s (%s, chỉ để xem)", (int)u->name.n, u->name.p, state_name(e->state)).p;
}

/* The province of a commune reporter's first commune (their template
 * names no province). 1, 0 when they have none, -1. */
static int reporter_province(struct store_conn *db, struct arena *a, int64_t user_id, char *out, size_t cap)
{
    struct ntm_scope scope;
    struct ntm_unit u, p;
    if (ntm_scope_read(db, user_id, a, &scope) != 0)
        return -1;
    if (!scope.n_units)
        return 0;
    int rc = ntm_unit_by_id(db, scope.units[0], a, &u);
    if (rc == 1)
        rc = u.parent_id ? ntm_unit_by_id(db, u.parent_id, a, &p) : 0;
    if (rc == 1)
        snprintf(out, cap, "%.*s", (int)p.code.n, p.code.p);
    return rc;
}

static void template_work(struct web_job *job, struct store_conn *db)
{
    struct template_job *j = (struct template_job *)job;
    struct arena *a = &j->arena;
    j->status = 500;
    if (store_read_begin(db) != 0)
        return;
    /* the version asked for, or the one in effect in the province chosen
     * (a reporter's own province; the portal's own province when the
     * template covers the country) */
    char set_code[NTM_SET_CODE_MAX], home[16] = "";
    int rc;
    if (j->set[0]) {
        rc = ntm_set_of_year(db, j->set, j->year);
        snprintf(set_code, sizeof set_code, "%s", j->set);
    } else {
        rc = j->province[0]             ? 1
             : limited_units(j->role)  ? reporter_province(db, a, j->user_id, home, sizeof home)
                                       : ntm_home_province(db, home, sizeof home);
        if (rc >= 0)
            rc = ntm_set_in_effect(db, j->year, j->province[0] ? j->province : home, set_code);
    }
    struct xl_context x;
    if (rc == 1)
        rc = context_load(db, a, set_code, j->user_id, j->role, &x);
    if (rc <= 0) {
        store_read_end(db);
        j->status = rc < 0 ? 500 : 404;
        return;
    }
    if (!x.n_columns) { /* the period's criteria are all the office's to record */
        store_read_end(db);
        j->status = 409;
        return;
    }
    /* the communes of the template, with what they hold now */
    struct xl_unit **units = ARENA_ARRAY(a, struct xl_unit *, x.n_units + 1);
    struct xl_existing *now = ARENA_ARRAY(a, struct xl_existing, x.n_units + 1);
    size_t n = 0;
    for (size_t i = 0; i < x.n_units && rc >= 0; i++) {
        struct xl_unit *u = &x.units[i];
        if (!u->allowed || (j->province[0] && !str_eq_lit(u->province, j->province)))
            continue;
        rc = existing_read(db, a, &x.set, u, j->year, j->quarter, &now[n]);
        units[n++] = u;
    }
    store_read_end(db);
    if (rc < 0)
        return;
    if (n == 0) { /* a province with no commune of this user's (or no such province): no empty workbook */
        j->status = 404;
        j->no_units = true;
        return;
    }
    struct ntm_xlsx xw;
    if (ntm_xlsx_begin(&xw, false) != 0)
        return;
    lxw_workbook *wb = xw.wb;
    struct str period = period_name(a, j->year, j->quarter);
    struct template_formats f;
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 13);
    f.note = workbook_add_format(wb);
    format_set_italic(f.note);
    f.head = workbook_add_format(wb);
    format_set_bold(f.head);
    format_set_text_wrap(f.head);
    format_set_align(f.head, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f.head, LXW_BORDER_THIN);
    format_set_bg_color(f.head, 0xE8EEF4);
    f.key = workbook_add_format(wb);
    format_set_font_color(f.key, 0x808080);
    f.input = workbook_add_format(wb);
    format_set_border(f.input, LXW_BORDER_THIN);
    format_set_bg_color(f.input, 0xFFFBE6);
    format_set_unlocked(f.input);
    f.locked = workbook_add_format(wb);
    format_set_font_color(f.locked, 0x808080);
    format_set_italic(f.locked);
    f.target = workbook_add_format(wb);
    format_set_text_wrap(f.target);
    format_set_font_color(f.target, 0x404040);
    format_set_align(f.target, LXW_ALIGN_VERTICAL_TOP);
    const char *title = arena_printf(a, "Mẫu nhập số liệu nông thôn mới, %.*s: %.*s (%.*s)", (int)period.n,
                                     period.p, (int)x.set.name.n, x.set.name.p, (int)x.set.code.n, x.set.code.p)
                            .p;
    const char *help = "Nhập vào các ô màu vàng. Tỷ lệ và số: phần thập phân sau dấu phẩy (78,5); một dấu chấm trước "
                       "ba chữ số hiểu được hai cách nên không được nhận (45.235: hãy viết 45235 hoặc 45,235). Chỉ "
                       "tiêu có/không: chọn Có hoặc Không; tiêu chí do Văn phòng ghi: Đạt hoặc Không đạt. Không gộp "
                       "ô, không dùng công thức, không sửa các dòng, cột và trang tính ẩn (mã để nhập lại). Ô để "
                       "trống: xóa giá trị đã nhập.";
    lxw_doc_properties props = {.title = (char *)title, .author = "dinh"};
    workbook_set_properties(wb, &props);
    if (j->matrix) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, MATRIX_SHEET);
        worksheet_write_string(ws, 0, 0, title, f.title);
        worksheet_write_string(ws, 1, 0, help, f.note);
        worksheet_write_string(ws, MATRIX_KEY_ROW - 1, 0, "ma", f.key);
        worksheet_write_string(ws, MATRIX_KEY_ROW - 1, 1, "ten", f.key);
        worksheet_write_string(ws, MATRIX_KEY_ROW, 0, "Mã đơn vị", f.head);
        worksheet_write_string(ws, MATRIX_KEY_ROW, 1, "Xã, phường", f.head);
        worksheet_write_string(ws, MATRIX_KEY_ROW + 1, 1, "Mức yêu cầu", f.head);
        for (size_t c = 0; c < x.n_columns; c++) {
            const struct xl_column *col = &x.columns[c];
            lxw_col_t cc = (lxw_col_t)(2 + c);
            worksheet_write_string(ws, MATRIX_KEY_ROW - 1, cc,
                                   arena_printf(a, "%s:%lld", col->recorded ? "TC" : "CT", (long long)col->id).p,
                                   f.key);
            worksheet_write_string(ws, MATRIX_KEY_ROW, cc,
                                   arena_printf(a, "%.*s. %.*s%s%.*s%s", (int)col->code.n, col->code.p,
                                                (int)col->name.n, col->name.p, col->unit.n ? " (" : "",
                                                (int)col->unit.n, col->unit.p, col->unit.n ? ")" : "")
                                       .p,
                                   f.head);
            worksheet_write_string(ws, MATRIX_KEY_ROW + 1, cc, col->targets.p, f.target);
            if (n)
                validate_range(ws, col, MATRIX_FIRST_ROW - 1, cc, (lxw_row_t)(MATRIX_FIRST_ROW - 2 + n), cc, a);
        }
        for (size_t i = 0; i < n; i++) {
            lxw_row_t r = (lxw_row_t)(MATRIX_FIRST_ROW - 1 + i);
            worksheet_write_string(ws, r, 0, units[i]->code.p, NULL);
            worksheet_write_string(ws, r, 1, unit_label(a, units[i], &now[i]),
                                   writable(&now[i]) ? NULL : f.locked);
            for (size_t c = 0; c < x.n_columns; c++) {
                double v;
                if (existing_value(&now[i], &x.columns[c], &v))
                    write_value(ws, r, (lxw_col_t)(2 + c), &x.columns[c], v, f.input, a);
                else
                    worksheet_write_blank(ws, r, (lxw_col_t)(2 + c), f.input);
            }
        }
        lxw_row_col_options hidden = {.hidden = LXW_TRUE};
        worksheet_set_row_opt(ws, MATRIX_KEY_ROW - 1, LXW_DEF_ROW_HEIGHT, NULL, &hidden);
        worksheet_set_row(ws, MATRIX_KEY_ROW, 90, NULL);
        worksheet_set_row(ws, MATRIX_KEY_ROW + 1, 45, NULL);
        worksheet_set_column(ws, 0, 0, 10, NULL);
        worksheet_set_column(ws, 1, 1, 26, NULL);
        if (x.n_columns)
            worksheet_set_column(ws, 2, (lxw_col_t)(1 + x.n_columns), 16, NULL);
        worksheet_freeze_panes(ws, MATRIX_FIRST_ROW - 1, 2);
    } else {
        for (size_t i = 0; i < n; i++) {
            lxw_worksheet *ws = workbook_add_worksheet(wb, unit_sheet_name(a, units[i]));
            if (!ws)
                continue;
            worksheet_write_string(ws, 0, 1,
                                   arena_printf(a, "%s, %.*s", unit_label(a, units[i], &now[i]), (int)period.n,
                                                period.p)
                                       .p,
                                   f.title);
            worksheet_write_string(ws, 1, 1, "Mã đơn vị", f.head);
            worksheet_write_string(ws, 1, 2, units[i]->code.p, NULL);
            worksheet_write_string(ws, 2, 1, help, f.note);
            const char *heads[] = {"Khóa", "Chỉ tiêu", "Nội dung", "Đơn vị tính", "Mức yêu cầu", "Giá trị",
                                   "Ghi chú"};
            for (lxw_col_t c = 0; c < 7; c++)
                worksheet_write_string(ws, UNIT_FIRST_ROW - 2, c, heads[c], f.head);
            for (size_t c = 0; c < x.n_columns; c++) {
                const struct xl_column *col = &x.columns[c];
                lxw_row_t r = (lxw_row_t)(UNIT_FIRST_ROW - 1 + c);
                worksheet_write_string(
                    ws, r, 0, arena_printf(a, "%s:%lld", col->recorded ? "TC" : "CT", (long long)col->id).p, f.key);
                worksheet_write_string(ws, r, 1, col->code.p, NULL);
                worksheet_write_string(ws, r, 2, col->name.p, f.target);
                worksheet_write_string(ws, r, 3, col->unit.p, NULL);
                worksheet_write_string(ws, r, 4, col->targets.p, f.target);
                double v;
                if (existing_value(&now[i], col, &v))
                    write_value(ws, r, UNIT_VALUE_COL, col, v, f.input, a);
                else
                    worksheet_write_blank(ws, r, UNIT_VALUE_COL, f.input);
                struct str note = STR("");
                for (size_t k = 0; !col->recorded && k < now[i].n_values; k++)
                    if (now[i].values[k].indicator_id == col->id)
                        note = now[i].values[k].note;
                if (note.n)
                    worksheet_write_string(ws, r, UNIT_NOTE_COL, note.p, f.input);
                else
                    worksheet_write_blank(ws, r, UNIT_NOTE_COL, f.input);
                validate_range(ws, col, r, UNIT_VALUE_COL, r, UNIT_VALUE_COL, a);
            }
            lxw_row_col_options hidden = {.hidden = LXW_TRUE};
            worksheet_set_column_opt(ws, 0, 0, 8, NULL, &hidden);
            worksheet_set_column(ws, 1, 1, 9, NULL);
            worksheet_set_column(ws, 2, 2, 60, NULL);
            worksheet_set_column(ws, 3, 3, 12, NULL);
            worksheet_set_column(ws, 4, 4, 28, NULL);
            worksheet_set_column(ws, 5, 5, 14, NULL);
            worksheet_set_column(ws, 6, 6, 30, NULL);
            worksheet_freeze_panes(ws, UNIT_FIRST_ROW - 1, 0);
        }
        if (n == 0) {
            lxw_worksheet *ws = workbook_add_worksheet(wb, "Không có xã");
            worksheet_write_string(ws, 0, 0, "Tài khoản của bạn chưa được giao xã, phường nào trong phạm vi đã chọn.",
                                   NULL);
        }
    }
    lxw_worksheet *meta = workbook_add_worksheet(wb, META_SHEET);
    worksheet_write_string(meta, 0, 0, "dinh-ntm-mau", NULL);
    worksheet_write_number(meta, 0, 1, 1, NULL);
    worksheet_write_string(meta, 1, 0, "kieu", NULL);
    worksheet_write_string(meta, 1, 1, j->matrix ? "ma-tran" : "theo-xa", NULL);
    worksheet_write_string(meta, 2, 0, "bo", NULL);
    worksheet_write_string(meta, 2, 1, x.set.code.p, NULL);
    worksheet_write_string(meta, 3, 0, "nam", NULL);
    worksheet_write_number(meta, 3, 1, j->year, NULL);
    worksheet_write_string(meta, 4, 0, "quy", NULL);
    worksheet_write_number(meta, 4, 1, j->quarter, NULL);
    worksheet_hide(meta);
    if (ntm_xlsx_end(&xw, true, &j->out) == 0)
        j->status = 200;
}

static int template_finish(struct web_req *r, struct web_job *job)
{
    struct template_job *j = (struct template_job *)job;
    r->no_store = true;
    if (j->status == 409)
        return web_error_saying(r, 409,
                                STR("Kỳ này không có chỉ tiêu nào bạn được nhập: kết quả các tiêu chí của bộ tiêu chí "
                                    "này do Văn phòng Điều phối ghi."));
    if (j->no_units)
        return web_error_saying(
            r, 404,
            j->province[0] ? arena_printf(r->arena,
                                          "Không có xã, phường nào mà bạn được nhập số liệu thuộc tỉnh, thành phố có "
                                          "mã %s.",
                                          j->province)
                           : STR("Không có xã, phường nào mà bạn được nhập số liệu."));
    return ntm_xlsx_answer(r, j->status, &j->out,
                           arena_printf(r->arena, "mau-nhap-ntm-%d%s%.0d-%s.xlsx", j->year, j->quarter ? "-q" : "",
                                        j->quarter, j->matrix ? "ma-tran" : "theo-xa"));
}

/* ?nam= and ?quy=: the period. False when malformed. */
static bool period_params(struct web_req *r, int *year, int *quarter)
{
    struct str y = web_param(r, "nam"), q = web_param(r, "quy");
    unsigned long long v;
    *year = 0;
    *quarter = 0;
    if (!y.n || !str_to_u64(y, &v) || v < 2000 || v > 2100)
        return false;
    *year = (int)v;
    if (q.n) {
        if (!str_to_u64(q, &v) || v > 4)
            return false;
        *quarter = (int)v;
    }
    return true;
}

static int template_get(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_ENTER, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    int year, quarter;
    struct str layout = web_param(r, "kieu"), province = web_param(r, "tinh"), set = web_param(r, "bo");
    if (!period_params(r, &year, &quarter) || (layout.n && !str_eq_lit(layout, "ma-tran") &&
                                               !str_eq_lit(layout, "theo-xa")) ||
        province.n > 8 || set.n >= NTM_SET_CODE_MAX)
        return web_error(r, 400);
    if (!ntm_set_for_year(year))
        return web_error(r, 404);
    struct template_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 64 * 1024);
    j->user_id = s->user.id;
    j->role = s->user.role;
    j->year = year;
    j->quarter = quarter;
    j->matrix = !str_eq_lit(layout, "theo-xa");
    snprintf(j->province, sizeof j->province, "%.*s", (int)province.n, province.p);
    snprintf(j->set, sizeof j->set, "%.*s", (int)set.n, set.p);
    j->job.work = template_work;
    j->job.finish = template_finish;
    j->job.release = template_release;
    return web_defer(r, &j->job);
}

/* --- the import ----------------------------------------------------------------------------------------- */

struct import_unit {
    struct xl_unit *unit;
    const char *sheet;
    uint32_t row;          /* where the commune was named */
    double *values;        /* [n_columns] */
    unsigned char *given;  /* [n_columns]: 1 a value, 2 an empty cell (clears) */
    struct str *notes;     /* [n_columns]; per-commune sheets only */
    bool any_value;
    struct xl_existing existing; /* what the assessment holds now */
};

struct import_job {
    struct web_job job;
    struct arena arena;
    int64_t now, user_id;
    enum people_role role;
    char login[72], address[48], filename[256];
    unsigned char *bytes;
    size_t n;
    /* results */
    int status; /* 200 written, 422 refused, 500 */
    struct ntm_excel_problem *problems;
    size_t n_problems, total_problems;
    size_t read_units, read_values; /* communes with a value in the file; values in it */
    struct str summary;
};

static void import_release(struct web_job *job)
{
    struct import_job *j = (struct import_job *)job;
    arena_free(&j->arena);
    free(j->bytes);
    free(j);
}

static void problem(struct import_job *j, const char *sheet, uint32_t row, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void problem(struct import_job *j, const char *sheet, uint32_t row, uint32_t col, const char *fmt, ...)
{
    j->total_problems++;
    if (j->n_problems >= PROBLEMS_SHOWN)
        return;
    if (!j->problems)
        j->problems = ARENA_ARRAY(&j->arena, struct ntm_excel_problem, PROBLEMS_SHOWN);
    struct ntm_excel_problem *p = &j->problems[j->n_problems++];
    char name[8];
    p->sheet = str_cstr(sheet ? sheet : "");
    p->row = row;
    if (col == UINT32_MAX)
        p->column = STR("—");
    else {
        xlsx_col_name(col, name);
        p->column = arena_strdup(&j->arena, name, strlen(name));
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    p->reason = arena_strdup(&j->arena, buf, strlen(buf));
}

/* The text of a cell, cut for a message. */
static struct str shown(const struct xlsx_cell *c)
{
    struct str t = c->text;
    if (t.n > 40) {
        size_t k = 40;
        while (k > 0 && ((unsigned char)t.p[k] & 0xc0) == 0x80)
            k--;
        t.n = k;
    }
    return t;
}

static bool text_is(struct str t, const char *const *words)
{
    while (t.n && t.p[0] == ' ')
        t = str_skip(t, 1);
    while (t.n && t.p[t.n - 1] == ' ')
        t.n--;
    for (; *words; words++)
        if (str_eq(t, str_cstr(*words)))
            return true;
    return false;
}

/* Whether the column's values are percentages: a percentage indicator, or
 * a number counted in "%" (where a cell shown as 78,5% means 78.5). */
static bool column_is_percent(const struct xl_column *col)
{
    return col->type == NTM_TYPE_PERCENT || (col->type == NTM_TYPE_NUMBER && str_eq(col->unit, STR("%")));
}

/* Reads a cell as a value of the column's type. NULL with *v set (NaN: an
 * empty cell), or the reason the cell is refused. A number shown with a
 * percent format is the fraction Excel stores: times 100 for a percentage
 * column, refused elsewhere. */
static const char *cell_value(struct arena *a, const struct xlsx_cell *c, const struct xl_column *col, double *v)
{
    *v = NAN;
    if (!c)
        return NULL;
    if (c->formula)
        return "Ô có công thức: không nhận công thức (kể cả giá trị Excel đã tính sẵn); hãy thay bằng giá trị "
               "(Dán đặc biệt → Giá trị).";
    if (c->date)
        return "Ô chứa ngày tháng, không phải số: hãy đổi định dạng ô sang Số (Number) rồi nhập lại giá trị.";
    if (c->percent && c->type == XLSX_NUMBER && !column_is_percent(col))
        return "Ô định dạng phần trăm (%) nhưng chỉ tiêu này không tính bằng phần trăm: hãy đổi định dạng ô sang "
               "Số (Number) rồi nhập lại giá trị.";
    switch (c->type) {
    case XLSX_EMPTY:
        return NULL;
    case XLSX_ERROR:
        return arena_printf(a, "Ô báo lỗi “%.*s”.", (int)c->text.n, c->text.p).p;
    case XLSX_BOOL:
        if (col->type != NTM_TYPE_MET)
            return "Ô đúng/sai (TRUE/FALSE) không phải là số.";
        *v = c->number;
        return NULL;
    case XLSX_NUMBER:
        /* 78,5% typed in Excel is stored 0.785: the indicator counts in
         * percent, so 78.5 (rounded to drop the float's noise, 0.07 * 100) */
        *v = c->percent ? round(c->number * 100 * 1e9) / 1e9 : c->number;
        break;
    case XLSX_TEXT: {
        struct str t = c->text;
        bool blank = true;
        for (size_t i = 0; i < t.n; i++)
            blank = blank && t.p[i] == ' ';
        if (blank)
            return NULL;
        static const char *const yes[] = {"Đạt", "đạt", "ĐẠT", "Có", "có", "CÓ", "x", "X", NULL};
        static const char *const no[] = {"Không đạt", "không đạt", "KHÔNG ĐẠT", "Không", "không", "KHÔNG", NULL};
        /* A template of before Có/Không offered Đạt/Không đạt for every
         * yes/no indicator: where Không is what is required, "Đạt" may mean
         * "met" (Không) as well as "có", so the file must say which. */
        static const char *const state_words[] = {"Đạt",       "đạt",       "ĐẠT",      "Không đạt",
                                                  "không đạt", "KHÔNG ĐẠT", NULL};
        if (col->type == NTM_TYPE_MET && !col->recorded && col->wants_no && text_is(t, state_words)) {
            struct str s = shown(c);
            return arena_printf(a,
                                "“%.*s” không rõ nghĩa ở chỉ tiêu này, vì mức yêu cầu là Không: hãy ghi Có hoặc "
                                "Không theo đúng thực tế của xã.",
                                (int)s.n, s.p)
                .p;
        }
        if (col->type == NTM_TYPE_MET && text_is(t, yes)) {
            *v = 1;
            return NULL;
        }
        if (col->type == NTM_TYPE_MET && text_is(t, no)) {
            *v = 0;
            return NULL;
        }
        for (size_t i = 0; col->type == NTM_TYPE_LEVEL && i < col->n_levels; i++)
            if (str_eq(t, col->levels[i])) {
                *v = (double)(i + 1);
                return NULL;
            }
        if (col->type == NTM_TYPE_PERCENT)
            t = ntm_without_percent(t); /* "12,5%" typed as text */
        if ((col->type == NTM_TYPE_NUMBER || col->type == NTM_TYPE_PERCENT) && ntm_decimal_ambiguous(t))
            return ntm_decimal_ambiguous_why(a, t); /* the entry form's rule */
        if (!ntm_decimal_parse(t, v)) { /* the entry form's rule: "1.250,5" is 1250,5 */
            struct str s = shown(c);
            return col->type == NTM_TYPE_MET
                       ? arena_printf(a, col->recorded ? "“%.*s” không phải là Đạt hoặc Không đạt."
                                                       : "“%.*s” không phải là Có hoặc Không.",
                                      (int)s.n, s.p).p
                   : col->type == NTM_TYPE_LEVEL
                       ? arena_printf(a, "“%.*s” không phải là một mức của chỉ tiêu.", (int)s.n, s.p).p
                   : ntm_decimal_too_long(t)
                       ? arena_printf(a, "“%.*s” quá lớn hoặc có quá nhiều chữ số (tối đa 15 chữ số).", (int)s.n,
                                      s.p).p
                       : arena_printf(a, "“%.*s” không phải là số.", (int)s.n, s.p).p;
        }
        break;
    }
    }
    /* what the cell holds, as the person wrote it: its text, or its number
     * the Vietnamese way ("1500000", "12,5"), never "1.5e+06" */
    struct str said = c->type == XLSX_TEXT && c->text.n ? shown(c) : ntm_decimal_field(a, *v);
    switch (col->type) {
    case NTM_TYPE_MET:
        if (*v != 0 && *v != 1)
            return arena_printf(a, col->recorded ? "Chỉ nhận Đạt (1) hoặc Không đạt (0), ô ghi “%.*s”."
                                                 : "Chỉ nhận Có (1) hoặc Không (0), ô ghi “%.*s”.",
                                (int)said.n, said.p).p;
        break;
    case NTM_TYPE_PERCENT:
        if (*v < 0 || *v > 100)
            return arena_printf(a, "Tỷ lệ phải từ 0 đến 100%%, ô ghi “%.*s”.", (int)said.n, said.p).p;
        break;
    case NTM_TYPE_LEVEL: {
        double top = col->n_levels ? (double)col->n_levels : 100;
        if (*v < 1 || *v > top || *v != floor(*v))
            return arena_printf(a, "Mức phải là số thứ tự từ 1 đến %g, ô ghi “%.*s”.", top, (int)said.n, said.p).p;
        break;
    }
    case NTM_TYPE_NUMBER: /* the entry form's rule */
        if (*v < 0)
            return arena_printf(a, "Giá trị không được âm, ô ghi “%.*s”.", (int)said.n, said.p).p;
        if (*v > 1e12)
            return "Giá trị quá lớn (tối đa 1.000.000.000.000).";
        break;
    }
    return NULL;
}

/* A cell's text as a commune code (a code typed as a number loses its
 * leading zeros: they come back, codes have five digits). */
static struct str code_of(struct arena *a, const struct xlsx_cell *c)
{
    if (!c)
        return STR("");
    if (c->type == XLSX_NUMBER && c->number >= 0 && c->number < 1e7 && c->number == floor(c->number))
        return arena_printf(a, "%05.0f", c->number);
    if (c->type != XLSX_TEXT)
        return STR("");
    struct str t = c->text;
    while (t.n && t.p[0] == ' ')
        t = str_skip(t, 1);
    while (t.n && t.p[t.n - 1] == ' ')
        t.n--;
    return t;
}

/* Whether key names an indicator the templates leave out (no_levels). */
static bool left_out(const struct xl_context *x, struct str key)
{
    unsigned long long id;
    if (!str_starts_with(key, STR("CT:")) || !str_to_u64(str_skip(key, 3), &id))
        return false;
    for (size_t k = 0; k < x->n_no_levels; k++)
        if (x->no_levels[k] == (int64_t)id)
            return true;
    return false;
}

/* The column a key names ("CT:12", "TC:3"), or NULL with a reason. */
static const struct xl_column *key_column(struct import_job *j, const struct xl_context *x, struct str key,
                                          const char **why)
{
    *why = NULL;
    bool recorded = str_starts_with(key, STR("TC:"));
    unsigned long long id;
    if ((!recorded && !str_starts_with(key, STR("CT:"))) || !str_to_u64(str_skip(key, 3), &id)) {
        *why = "Cột (hoặc dòng) này không thuộc mẫu: mã ẩn đã bị sửa. Hãy tải mẫu mới.";
        return NULL;
    }
    for (size_t c = 0; c < x->n_columns; c++)
        if (x->columns[c].recorded == recorded && x->columns[c].id == (int64_t)id)
            return &x->columns[c];
    const struct ntm_set *s = &x->set;
    for (size_t k = 0; !recorded && k < x->n_no_levels; k++)
        if (x->no_levels[k] == (int64_t)id)
            for (size_t i = 0; i < s->n_indicators; i++)
                if (s->indicators[i].id == (int64_t)id) {
                    *why = arena_printf(&j->arena,
                                        "Chỉ tiêu %.*s chưa có danh sách mức trong dữ liệu nên chưa nhập được (biểu "
                                        "mẫu trên trang cũng không có ô này); hãy để trống.",
                                        (int)s->indicator_code[i].n, s->indicator_code[i].p)
                               .p;
                    return NULL;
                }
    /* in the set but not the account's: a department's other criteria */
    for (size_t i = 0; !recorded && i < s->n_indicators; i++)
        if (s->indicators[i].id == (int64_t)id) {
            *why = arena_printf(&j->arena, "Chỉ tiêu %.*s thuộc tiêu chí không được giao cho %s.",
                                (int)s->indicator_code[i].n, s->indicator_code[i].p,
                                x->scope.department.n ? "đơn vị của bạn" : "tài khoản của bạn")
                       .p;
            return NULL;
        }
    for (size_t c = 0; recorded && c < s->n_criteria; c++)
        if (s->criteria[c].id == (int64_t)id) {
            if (!people_role_may(x->role, RIGHT_NTM_MANAGE))
                *why = arena_printf(&j->arena,
                                    "Kết quả tiêu chí %.*s do Văn phòng Điều phối ghi: không nhập được từ tệp của "
                                    "xã hay của sở, ngành.",
                                    (int)s->criterion_number[c].n, s->criterion_number[c].p)
                           .p;
            else
                *why = arena_printf(&j->arena, "Tiêu chí %.*s không được giao cho %s.", (int)s->criterion_number[c].n,
                                s->criterion_number[c].p,
                                x->scope.department.n ? "đơn vị của bạn" : "tài khoản của bạn")
                       .p;
            return NULL;
        }
    *why = "Chỉ tiêu của cột (hoặc dòng) này không thuộc bộ tiêu chí của kỳ; mã ẩn đã bị sửa. Hãy tải mẫu mới.";
    return NULL;
}

/* The commune of a row: found, allowed, not twice, its assessment editable.
 * NULL when refused (reported). */
static struct import_unit *row_unit(struct import_job *j, struct store_conn *db, const struct xl_context *x,
                                    struct import_unit *imports, size_t *n_imports, const char *sheet, uint32_t row,
                                    uint32_t col, struct str code, int year, int quarter, int *failed)
{
    if (!code.n) {
        problem(j, sheet, row, col, "Thiếu mã đơn vị.");
        return NULL;
    }
    struct xl_unit *u = unit_find(x, code);
    if (!u) {
        problem(j, sheet, row, col, "Không có xã, phường mã “%.*s” (mã theo danh mục đơn vị hành chính hiện hành).",
                (int)(code.n > 20 ? 20 : code.n), code.p);
        return NULL;
    }
    if (!u->allowed) {
        problem(j, sheet, row, col, "Tài khoản của bạn không được nhập số liệu cho %.*s (mã %.*s).", (int)u->name.n,
                u->name.p, (int)u->code.n, u->code.p);
        return NULL;
    }
    if (u->seen_row) {
        problem(j, sheet, row, col, "%.*s đã có ở trang “%s”, dòng %u: mỗi xã chỉ nhập một lần.", (int)u->name.n,
                u->name.p, u->seen_sheet, u->seen_row);
        return NULL;
    }
    u->seen_sheet = sheet;
    u->seen_row = row;
    struct xl_existing e;
    if (existing_read(db, &j->arena, &x->set, u, year, quarter, &e) != 0) {
        *failed = 1;
        return NULL;
    }
    struct import_unit *iu = &imports[(*n_imports)++];
    iu->existing = e;
    iu->unit = u;
    iu->sheet = sheet;
    iu->row = row;
    iu->values = ARENA_ARRAY(&j->arena, double, x->n_columns + 1);
    iu->given = arena_zalloc(&j->arena, x->n_columns + 1);
    iu->notes = ARENA_ARRAY(&j->arena, struct str, x->n_columns + 1);
    return iu;
}

/* Stores one cell's value for the unit, or reports why not. */
static void take_cell(struct import_job *j, const struct xl_context *x, struct import_unit *iu,
                      const struct xl_column *col, const struct xlsx_cell *c, const char *sheet)
{
    double v;
    const char *why = cell_value(&j->arena, c, col, &v);
    if (why) {
        problem(j, sheet, c->row, c->col, "%.*s: %s", (int)col->code.n, col->code.p, why);
        return;
    }
    size_t k = (size_t)(col - x->columns);
    iu->values[k] = v;
    iu->given[k] = isnan(v) ? 2 : 1;
    iu->any_value = iu->any_value || !isnan(v);
}

/* After a commune's cells are read: a commune whose values the file does
 * not change is dropped (an untouched row of a template is no change, even
 * for an accepted assessment); a change to an assessment that is not
 * editable is refused. */
static void unit_settle(struct import_job *j, const struct xl_context *x, struct import_unit *imports,
                        size_t *n_imports, struct import_unit *iu)
{
    if (!iu || iu != &imports[*n_imports - 1])
        return;
    /* what the file holds, changed or not: the summary tells a file that
     * matched the data from one that held nothing. A commune counts when
     * its row holds a value: a template's row left empty is not "read". */
    bool valued = false;
    for (size_t c = 0; c < x->n_columns; c++) {
        j->read_values += iu->given[c] == 1;
        valued = valued || iu->given[c] == 1;
    }
    j->read_units += valued;
    bool changed = false;
    for (size_t c = 0; c < x->n_columns && !changed; c++) {
        double before;
        bool had = existing_value(&iu->existing, &x->columns[c], &before);
        if (iu->given[c] == 1)
            changed = !had || before != iu->values[c] ||
                      (iu->notes[c].n && !str_eq(iu->notes[c], existing_note(&iu->existing, &x->columns[c])));
        else if (iu->given[c] == 2)
            changed = had;
    }
    if (changed && iu->existing.other_set.n)
        problem(j, iu->sheet, iu->row, UINT32_MAX,
                "%.*s báo cáo kỳ này theo bộ tiêu chí %.*s, không phải bộ %.*s của tệp: hãy tải mẫu theo bộ %.*s.",
                (int)iu->unit->name.n, iu->unit->name.p, (int)iu->existing.other_set.n, iu->existing.other_set.p,
                (int)x->set.code.n, x->set.code.p, (int)iu->existing.other_set.n, iu->existing.other_set.p);
    else if (changed && !editable(iu->existing.state))
        problem(j, iu->sheet, iu->row, UINT32_MAX,
                "Bản đánh giá của %.*s cho kỳ này %s: không ghi đè bằng tệp được; cần Văn phòng Điều phối trả lại "
                "trước.",
                (int)iu->unit->name.n, iu->unit->name.p, state_name(iu->existing.state));
    if (!changed || !writable(&iu->existing))
        (*n_imports)--;
}

/* The merged range a row crosses, as "B7:C7", or NULL. */
static const char *row_merged(struct arena *a, const struct xlsx_sheet *s, uint32_t row)
{
    for (size_t i = 0; i < s->n_merged; i++) {
        const struct xlsx_range *g = &s->merged[i];
        if (row >= g->row1 && row <= g->row2) {
            char c1[8], c2[8];
            return arena_printf(a, "%s%u:%s%u", xlsx_col_name(g->col1, c1), g->row1, xlsx_col_name(g->col2, c2),
                                g->row2)
                .p;
        }
    }
    return NULL;
}

/* The cells of one row: [first, end) of s->cells, rows ascending. */
static size_t row_end(const struct xlsx_sheet *s, size_t first)
{
    size_t e = first;
    while (e < s->n_cells && s->cells[e].row == s->cells[first].row)
        e++;
    return e;
}

static const struct xlsx_cell *cell_in(const struct xlsx_sheet *s, size_t first, size_t end, uint32_t col)
{
    for (size_t i = first; i < end; i++)
        if (s->cells[i].col == col)
            return &s->cells[i];
    return NULL;
}

static const struct xlsx_cell *cell_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < s->n_cells; i++)
        if (s->cells[i].row == row && s->cells[i].col == col)
            return &s->cells[i];
    return NULL;
}

static int read_matrix(struct import_job *j, struct store_conn *db, const struct xl_context *x,
                       const struct xlsx_sheet *s, struct import_unit *imports, size_t *n_imports, int year,
                       int quarter)
{
    const char *sheet = s->name.p;
    /* the keys */
    const struct xl_column **cols = ARENA_ARRAY(&j->arena, const struct xl_column *, 1024);
    const char **col_why = ARENA_ARRAY(&j->arena, const char *, 1024);
    uint32_t max_col = 0;
    for (size_t i = 0; i < s->n_cells; i++) {
        const struct xlsx_cell *c = &s->cells[i];
        if (c->row != MATRIX_KEY_ROW || c->col < 2 || c->col >= 1024)
            continue;
        if (c->type != XLSX_TEXT) {
            col_why[c->col] = "Mã ẩn của cột đã bị sửa. Hãy tải mẫu mới.";
            continue;
        }
        cols[c->col] = key_column(j, x, c->text, &col_why[c->col]);
        /* two columns with one key: the last would win unseen */
        for (uint32_t other = 2; cols[c->col] && other < c->col; other++)
            if (cols[other] == cols[c->col]) {
                cols[c->col] = NULL;
                col_why[c->col] = "Cột này mang cùng mã ẩn với một cột trước nó: mã ẩn đã bị sửa. Hãy tải mẫu mới.";
            }
        if (c->col > max_col)
            max_col = c->col;
    }
    const struct xlsx_cell *k0 = cell_at(s, MATRIX_KEY_ROW, 0);
    if (!k0 || k0->type != XLSX_TEXT || !str_eq_lit(k0->text, "ma")) {
        problem(j, sheet, MATRIX_KEY_ROW, 0, "Dòng mã ẩn của trang đã bị xóa hoặc sửa. Hãy tải mẫu mới.");
        return 0;
    }
    int failed = 0;
    for (size_t i = 0; i < s->n_cells && !failed;) {
        size_t end = row_end(s, i);
        uint32_t row = s->cells[i].row;
        if (row < MATRIX_FIRST_ROW) {
            i = end;
            continue;
        }
        bool any = false;
        for (size_t k = i; k < end; k++)
            any = any || s->cells[k].type != XLSX_EMPTY || s->cells[k].formula;
        if (!any) {
            i = end;
            continue;
        }
        const char *merged = row_merged(&j->arena, s, row);
        if (merged) {
            problem(j, sheet, row, UINT32_MAX, "Dòng có ô gộp (%s): hãy bỏ gộp ô, mỗi ô một giá trị.", merged);
            i = end;
            continue;
        }
        struct import_unit *iu = row_unit(j, db, x, imports, n_imports, sheet, row, 0,
                                          code_of(&j->arena, cell_in(s, i, end, 0)), year, quarter, &failed);
        for (size_t k = i; iu && k < end; k++) {
            const struct xlsx_cell *c = &s->cells[k];
            if (c->col < 2)
                continue;
            bool blank = c->type == XLSX_EMPTY && !c->formula;
            const struct xl_column *col = c->col < 1024 ? cols[c->col] : NULL;
            if (!col) {
                if (!blank)
                    problem(j, sheet, row, c->col, "%s",
                            c->col < 1024 && col_why[c->col] ? col_why[c->col]
                                                             : "Ô nằm ngoài các cột của mẫu; hãy xóa giá trị này.");
                continue;
            }
            take_cell(j, x, iu, col, c, sheet);
        }
        /* a column of the template whose cell is absent: emptied */
        for (uint32_t cc = 2; iu && cc <= max_col; cc++)
            if (cols[cc] && !cell_in(s, i, end, cc))
                iu->given[cols[cc] - x->columns] = 2;
        unit_settle(j, x, imports, n_imports, iu);
        i = end;
    }
    return failed ? -1 : 0;
}

static int read_unit_sheet(struct import_job *j, struct store_conn *db, const struct xl_context *x,
                           const struct xlsx_sheet *s, struct import_unit *imports, size_t *n_imports, int year,
                           int quarter)
{
    const char *sheet = s->name.p;
    const struct xlsx_cell *code = cell_at(s, 2, 2);
    if (s->n_cells == 0)
        return 0;
    int failed = 0;
    struct import_unit *iu =
        row_unit(j, db, x, imports, n_imports, sheet, 2, 2, code_of(&j->arena, code), year, quarter, &failed);
    if (!iu)
        return failed ? -1 : 0;
    for (size_t i = 0; i < s->n_cells;) {
        size_t end = row_end(s, i);
        uint32_t row = s->cells[i].row;
        if (row < UNIT_FIRST_ROW) {
            i = end;
            continue;
        }
        const struct xlsx_cell *key = cell_in(s, i, end, 0), *value = cell_in(s, i, end, UNIT_VALUE_COL),
                               *note = cell_in(s, i, end, UNIT_NOTE_COL);
        const char *merged = row_merged(&j->arena, s, row);
        if (merged) {
            problem(j, sheet, row, UINT32_MAX, "Dòng có ô gộp (%s): hãy bỏ gộp ô, mỗi ô một giá trị.", merged);
            i = end;
            continue;
        }
        const char *why = NULL;
        const struct xl_column *col =
            key && key->type == XLSX_TEXT ? key_column(j, x, key->text, &why) : NULL;
        bool blank = !value || (value->type == XLSX_EMPTY && !value->formula);
        if (!col) {
            /* a row a template of before kept for an indicator left out since:
             * fine while it is empty */
            if (!blank || (key && !(key->type == XLSX_TEXT && left_out(x, key->text))))
                problem(j, sheet, row, key ? 0 : UNIT_VALUE_COL, "%s",
                        why ? why : "Dòng nằm ngoài các chỉ tiêu của mẫu; hãy xóa giá trị này.");
            i = end;
            continue;
        }
        size_t k = (size_t)(col - x->columns);
        if (iu->given[k]) {
            problem(j, sheet, row, 0, "Dòng này mang cùng mã ẩn với một dòng trước nó: mã ẩn đã bị sửa. Hãy tải "
                                      "mẫu mới.");
            i = end;
            continue;
        }
        if (blank) {
            iu->given[k] = 2;
        } else
            take_cell(j, x, iu, col, value, sheet);
        if (note && note->type == XLSX_TEXT && note->text.n) {
            if (!ntm_text_ok(note->text, NTM_TEXT_MAX))
                problem(j, sheet, row, UNIT_NOTE_COL, "Ghi chú dài quá %d ký tự.", NTM_TEXT_MAX);
            else
                iu->notes[k] = note->text;
        }
        i = end;
    }
    unit_settle(j, x, imports, n_imports, iu);
    return 0;
}

/* Writes one commune: its existing assessment merged with the file. */
static int write_unit(struct import_job *j, struct store_conn *db, const struct xl_context *x,
                      const struct import_unit *iu, int year, int quarter, size_t *n_values, size_t *n_changed,
                      size_t *n_cleared,
                      char *err, size_t errlen)
{
    struct xl_existing e;
    if (existing_read(db, &j->arena, &x->set, iu->unit, year, quarter, &e) != 0)
        return ntm_refuse(err, errlen, "Không đọc được số liệu đã có.");
    if (e.other_set.n)
        return ntm_refuse(err, errlen, "Báo cáo của %.*s vừa được lập theo bộ tiêu chí %.*s.", (int)iu->unit->name.n,
                          iu->unit->name.p, (int)e.other_set.n, e.other_set.p);
    if (!editable(e.state))
        return ntm_refuse(err, errlen, "Bản đánh giá của %.*s vừa %s.", (int)iu->unit->name.n, iu->unit->name.p,
                          state_name(e.state));
    if (!e.id && !iu->any_value)
        return 0; /* nothing to create */
    const struct ntm_set *set = &x->set;
    struct ntm_value_input *values = ARENA_ARRAY(&j->arena, struct ntm_value_input, set->n_indicators + 1);
    struct ntm_recorded_input *recorded = ARENA_ARRAY(&j->arena, struct ntm_recorded_input, set->n_criteria + 1);
    size_t nv = 0, nr = 0;
    /* what the file does not speak of stays; an empty cell clears (counted
     * apart, so that the summary says what was erased) */
    for (size_t i = 0; i < e.n_values; i++) {
        size_t c = 0;
        while (c < x->n_columns &&
               !(!x->columns[c].recorded && x->columns[c].id == e.values[i].indicator_id && iu->given[c]))
            c++;
        if (c == x->n_columns)
            values[nv++] = e.values[i];
        else if (iu->given[c] == 2 && !isnan(e.values[i].value))
            (*n_cleared)++;
    }
    for (size_t i = 0; i < e.n_recorded; i++) {
        size_t c = 0;
        while (c < x->n_columns &&
               !(x->columns[c].recorded && x->columns[c].id == e.recorded[i].criterion_id && iu->given[c]))
            c++;
        if (c == x->n_columns)
            recorded[nr++] = e.recorded[i];
        else if (iu->given[c] == 2)
            (*n_cleared)++;
    }
    for (size_t c = 0; c < x->n_columns; c++) {
        if (iu->given[c] != 1)
            continue;
        const struct xl_column *col = &x->columns[c];
        struct str note = iu->notes[c], source = STR("");
        for (size_t i = 0; i < e.n_values && !col->recorded; i++)
            if (e.values[i].indicator_id == col->id) {
                if (!note.n)
                    note = e.values[i].note;
                source = e.values[i].source;
            }
        bool changed = true; /* from what the report held: counted apart for the summary */
        for (size_t i = 0; col->recorded && i < e.n_recorded; i++)
            if (e.recorded[i].criterion_id == col->id) {
                changed = e.recorded[i].met != (iu->values[c] >= 1);
                if (!note.n)
                    note = e.recorded[i].note;
                if (!changed) /* the same state keeps where it came from */
                    source = e.recorded[i].source;
            }
        for (size_t i = 0; !col->recorded && i < e.n_values; i++)
            if (e.values[i].indicator_id == col->id)
                changed = isnan(e.values[i].value) || e.values[i].value != iu->values[c];
        *n_changed += changed;
        if (col->recorded) {
            recorded[nr++] = (struct ntm_recorded_input){.criterion_id = col->id, .met = iu->values[c] >= 1,
                                                         .note = note,
                                                         .source = source.n ? source : STR("Nhập từ tệp Excel")};
        } else {
            struct str text = STR("");
            if (col->type == NTM_TYPE_LEVEL && iu->values[c] >= 1 && iu->values[c] <= (double)col->n_levels)
                text = col->levels[(size_t)iu->values[c] - 1];
            values[nv++] = (struct ntm_value_input){.indicator_id = col->id, .value = iu->values[c], .text = text,
                                                    .note = note, .source = source};
        }
        (*n_values)++;
    }
    struct ntm_assessment_input in = {.unit_id = iu->unit->id,
                                      .set_code = set->code.p,
                                      .year = year,
                                      .quarter = quarter,
                                      .note = e.note,
                                      .values = values,
                                      .n_values = nv,
                                      .recorded = recorded,
                                      .n_recorded = nr,
                                      .now = j->now,
                                      .set = set,
                                      .user_id = j->user_id,
                                      .reason = STR("Nhập từ tệp Excel")};
    int64_t id;
    if (ntm_assessment_save(db, &in, &id, err, errlen) != 0)
        return -1;
    return 1;
}

/* The meta sheet's value in column B of `row`, as text or a number. */
static bool meta_get(const struct xlsx_sheet *m, uint32_t row, const char *name, struct str *text, double *num)
{
    const struct xlsx_cell *k = cell_at(m, row, 0), *v = cell_at(m, row, 1);
    if (!k || k->type != XLSX_TEXT || !str_eq_lit(k->text, name) || !v)
        return false;
    if (text && v->type == XLSX_TEXT)
        *text = v->text;
    if (num && v->type == XLSX_NUMBER)
        *num = v->number;
    return (text && v->type == XLSX_TEXT) || (num && v->type == XLSX_NUMBER);
}

/* Every text cell in NFC, as text entering through a form is: "Đạt" typed
 * with a combining dot (macOS, Unikey's "Unicode tổ hợp") is then "Đạt". */
static void book_to_nfc(struct arena *a, struct xlsx_book *book)
{
    struct buf nfc = BUF_INIT;
    for (size_t s = 0; s < book->n_sheets; s++)
        for (size_t i = 0; i < book->sheets[s].n_cells; i++) {
            struct xlsx_cell *c = &book->sheets[s].cells[i];
            bool wide = false;
            for (size_t k = 0; k < c->text.n && !wide; k++)
                wide = (unsigned char)c->text.p[k] >= 0x80;
            if (c->type != XLSX_TEXT || !wide)
                continue;
            buf_reset(&nfc);
            if (vi_nfc(&nfc, c->text) == 0 && !str_eq(buf_str(&nfc), c->text))
                c->text = arena_strdup(a, nfc.p, nfc.n);
        }
    buf_free(&nfc);
}

static void import_work(struct web_job *job, struct store_conn *db)
{
    struct import_job *j = (struct import_job *)job;
    struct arena *a = &j->arena;
    j->status = 422;
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    struct xlsx_book book;
    char err[512];
    if (xlsx_read(a, (struct str){(const char *)j->bytes, j->n}, &lim, &book, err, sizeof err) != 0) {
        j->summary = arena_strdup(a, err, strlen(err));
        return;
    }
    book_to_nfc(a, &book);
    const struct xlsx_sheet *meta = xlsx_sheet_named(&book, STR(META_SHEET));
    struct str layout = STR(""), set_code = STR("");
    double version = 0, year = 0, quarter = -1;
    if (!meta || !meta_get(meta, 1, "dinh-ntm-mau", NULL, &version) || !meta_get(meta, 2, "kieu", &layout, NULL) ||
        !meta_get(meta, 3, "bo", &set_code, NULL) || !meta_get(meta, 4, "nam", NULL, &year) ||
        !meta_get(meta, 5, "quy", NULL, &quarter) || version != 1 || year < 2000 || year > 2100 || quarter < 0 ||
        quarter > 4 || year != floor(year) || quarter != floor(quarter) || (!str_eq_lit(layout, "ma-tran") && !str_eq_lit(layout, "theo-xa"))) {
        j->summary = STR("Tệp không phải là mẫu nhập liệu tải từ trang này (thiếu hoặc hỏng trang tính ẩn “_dinh”). "
                         "Hãy tải mẫu của kỳ cần nhập, điền vào mẫu đó rồi tải lên.");
        return;
    }
    int y = (int)year, q = (int)quarter;
    bool matrix = str_eq_lit(layout, "ma-tran");
    const char *code = ntm_cstr(a, set_code);
    if (store_write_begin(db) != 0) {
        j->status = 500;
        return;
    }
    struct xl_context x;
    int rc = context_load(db, a, code, j->user_id, j->role, &x);
    if (rc == 0) {
        store_write_finish(db, 0);
        j->summary = arena_printf(a, "Mẫu ghi bộ tiêu chí “%s”, không có trong hệ thống. Hãy tải mẫu mới.", code);
        return;
    }
    if (rc == 1 && (y < x.set.year_from || y > x.set.year_to)) {
        store_write_finish(db, 0);
        j->summary = arena_printf(a, "Mẫu ghi năm %d, ngoài các năm %d–%d của bộ tiêu chí. Hãy tải mẫu mới.", y,
                                  x.set.year_from, x.set.year_to);
        return;
    }
    struct import_unit *imports = rc == 1 ? ARENA_ARRAY(a, struct import_unit, x.n_units + 1) : NULL;
    size_t n_imports = 0;
    size_t sheets_read = 0;
    for (size_t i = 0; i < book.n_sheets && rc == 1; i++) {
        const struct xlsx_sheet *s = &book.sheets[i];
        if (s == meta)
            continue;
        if (matrix && !str_eq_lit(s->name, MATRIX_SHEET)) {
            if (s->n_cells)
                problem(j, s->name.p, 1, UINT32_MAX,
                        "Trang tính này không thuộc mẫu (mẫu dạng ma trận chỉ có trang “%s”); hãy xóa trang này.",
                        MATRIX_SHEET);
            continue;
        }
        sheets_read++;
        int k = matrix ? read_matrix(j, db, &x, s, imports, &n_imports, y, q)
                       : read_unit_sheet(j, db, &x, s, imports, &n_imports, y, q);
        if (k < 0)
            rc = -1;
    }
    if (rc == 1 && matrix && !sheets_read)
        problem(j, NULL, 0, UINT32_MAX, "Không có trang tính “%s” của mẫu.", MATRIX_SHEET);
    if (rc < 0) {
        store_write_finish(db, -1);
        j->status = 500;
        return;
    }
    struct str period = period_name(a, y, q);
    if (j->total_problems) {
        store_write_finish(db, 0); /* nothing was written */
        j->summary = arena_printf(a,
                                  "Không ghi gì: tệp có %s ô hoặc dòng không nhận được (liệt kê dưới đây). Hãy sửa "
                                  "tệp rồi tải lên lại; tệp được nhập cả hoặc không nhập gì.",
                                  view_number(a, (long long)j->total_problems).p);
        return;
    }
    size_t written = 0, n_values = 0, n_changed = 0, n_cleared = 0;
    rc = 0;
    for (size_t i = 0; i < n_imports && rc == 0; i++) {
        int k = write_unit(j, db, &x, &imports[i], y, q, &n_values, &n_changed, &n_cleared, err, sizeof err);
        if (k < 0) {
            problem(j, imports[i].sheet, imports[i].row, UINT32_MAX, "%.*s: %s", (int)imports[i].unit->name.n,
                    imports[i].unit->name.p, err);
            rc = -1;
        } else
            written += (size_t)k;
    }
    if (rc == 0) {
        struct str detail =
            arena_printf(a, "%s, bộ %s: %s xã, phường, %s giá trị (%s thay đổi), xóa %s giá trị; tệp có %s giá "
                            "trị của %s xã, phường (tệp %s)",
                         period.p, code, view_number(a, (long long)written).p, view_number(a, (long long)n_values).p,
                         view_number(a, (long long)n_changed).p, view_number(a, (long long)n_cleared).p,
                         view_number(a, (long long)j->read_values).p, view_number(a, (long long)j->read_units).p,
                         j->filename);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), "ntm_import",
                          arena_printf(a, "nhập Excel %s", period.p), detail);
    }
    bool db_failed = store_failed(db);
    if (store_write_finish(db, rc) != 0) {
        if (db_failed || !j->total_problems) {
            j->status = 500;
            return;
        }
        j->summary = STR("Không ghi gì: một xã không ghi được (xem dưới đây).");
        return;
    }
    j->status = 200;
/* the counts written the Vietnamese way, "1.234" */
#define COUNT(n) view_number(a, (long long)(n)).p
    struct str cleared = n_cleared ? arena_printf(a,
                                                  "; đã xóa %s giá trị đã nhập trước đó, ở các ô để trống trong "
                                                  "tệp",
                                                  COUNT(n_cleared))
                                   : STR("");
    if (!written && !j->read_values)
        j->summary = arena_printf(a, "Không có gì thay đổi: tệp không có giá trị nào cho %s (các ô nhập liệu đều "
                                     "trống).",
                                  period.p);
    else if (!written)
        j->summary = arena_printf(a,
                                  "Không có gì thay đổi: đã đọc %s giá trị của %s xã, phường cho %s, tất cả trùng với "
                                  "số liệu đã có.",
                                  COUNT(j->read_values), COUNT(j->read_units), period.p);
    else
        j->summary = arena_printf(a,
                                  "Đã nhập %s: %s xã, phường, %s giá trị (%s giá trị khác với số liệu đã có)%s. Tệp "
                                  "có %s giá trị của %s xã, phường; giá trị trùng với số liệu đã có được giữ nguyên. "
                                  "Các bản đánh giá mới ở trạng thái nháp; bản đã bị trả lại vẫn ở trạng thái trả lại. "
                                  "Hãy kiểm tra rồi gửi lên Văn phòng Điều phối.",
                                  period.p, COUNT(written), COUNT(n_values), COUNT(n_changed), cleared.p,
                                  COUNT(j->read_values), COUNT(j->read_units));
#undef COUNT
}

/* The page: the download form, the upload form, an import's outcome. */
static int render_page(struct web_req *r, const struct people_session *s, struct import_job *j)
{
    struct ntm_excel_view v = {0};
    people_frame(r, &v.f, s, "Nhập, xuất Excel", ADMIN_NTM);
    struct arena *a = r->arena;
    time_t t = (time_t)(r->now + 7 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    int this_year = tm.tm_year + 1900;
    v.years = ARENA_ARRAY(a, struct ntm_excel_choice, 10);
    for (int y = 2030; y >= 2021; y--)
        v.years[v.n_years++] = (struct ntm_excel_choice){arena_printf(a, "%d", y), arena_printf(a, "Năm %d", y),
                                                         y == (this_year > 2030 ? 2030 : this_year)};
    v.quarters = ARENA_ARRAY(a, struct ntm_excel_choice, 5);
    v.quarters[v.n_quarters++] = (struct ntm_excel_choice){STR("0"), STR("Cả năm"), true};
    for (int q = 1; q <= 4; q++)
        v.quarters[v.n_quarters++] =
            (struct ntm_excel_choice){arena_printf(a, "%d", q), arena_printf(a, "Quý %d", q), false};
    v.layouts = ARENA_ARRAY(a, struct ntm_excel_choice, 2);
    v.layouts[v.n_layouts++] =
        (struct ntm_excel_choice){STR("ma-tran"), STR("Một trang ma trận (xã × chỉ tiêu)"), true};
    v.layouts[v.n_layouts++] = (struct ntm_excel_choice){STR("theo-xa"), STR("Mỗi xã một trang tính"), false};
    /* the versions made of a set, for a template of a report kept under one */
    struct ntm_set_info *sets;
    size_t n_sets;
    if (ntm_sets_list(r->db, a, &sets, &n_sets) != 0)
        return -1;
    v.sets = ARENA_ARRAY(a, struct ntm_excel_choice, n_sets + 1);
    v.sets[v.n_sets++] = (struct ntm_excel_choice){STR(""), STR("Bộ đang áp dụng cho kỳ đã chọn"), true};
    for (size_t i = 0; i < n_sets; i++)
        v.sets[v.n_sets++] = (struct ntm_excel_choice){
            sets[i].code, arena_printf(a, "%.*s: %.*s (%d–%d)", (int)sets[i].code.n, sets[i].code.p,
                                       (int)sets[i].name.n, sets[i].name.p, sets[i].year_from, sets[i].year_to),
            false};
    v.reporter = limited_units(s->user.role);
    if (!v.reporter) {
        struct ntm_unit *provinces;
        size_t n;
        char home[16] = "";
        if (ntm_provinces(r->db, a, &provinces, &n) != 0 || ntm_home_province(r->db, home, sizeof home) < 0)
            return -1;
        v.provinces = ARENA_ARRAY(a, struct ntm_excel_choice, n + 1);
        for (size_t i = 0; i < n; i++)
            v.provinces[v.n_provinces++] = (struct ntm_excel_choice){provinces[i].code, provinces[i].full_name,
                                                                     str_eq_lit(provinces[i].code, home)};
        v.provinces[v.n_provinces++] = (struct ntm_excel_choice){STR(""), STR("Cả nước"), false};
    }
    v.scope_line = limited_units(s->user.role)
                       ? STR("Mẫu gồm các xã, phường được giao cho tài khoản của bạn, mọi chỉ tiêu của bộ tiêu chí.")
                   : limited_criteria(s->user.role)
                       ? STR("Mẫu gồm các chỉ tiêu thuộc các tiêu chí được giao cho đơn vị của bạn, mọi xã, phường "
                             "của tỉnh đã chọn.")
                       : STR("Mẫu gồm mọi xã, phường của tỉnh đã chọn và mọi chỉ tiêu của bộ tiêu chí.");
    if (j) {
        v.imported = j->status == 200;
        v.filename = str_cstr(j->filename);
        v.summary = j->summary;
        v.problems = j->problems;
        v.n_problems = j->n_problems;
        if (j->total_problems > j->n_problems)
            v.more_problems = view_number(a, (long long)(j->total_problems - j->n_problems));
        if (v.imported)
            v.f.notice = j->summary;
        else
            v.f.error = j->summary;
    }
    tpl_ntm_admin_excel(portal_out(r), &v);
    return 0;
}

static int page_get(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_ENTER, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    return render_page(r, s, NULL);
}

static int import_finish(struct web_req *r, struct web_job *job)
{
    struct import_job *j = (struct import_job *)job;
    r->no_store = true;
    if (j->status == 500)
        return -1;
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    r->status = j->status;
    return render_page(r, s, j);
}

static int import_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_ENTER, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    const struct http_form_file *file = NULL;
    for (size_t i = 0; i < r->form.n_files && !file; i++)
        if (str_eq_lit(r->form.files[i].field, "tep"))
            file = &r->form.files[i];
    struct import_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 64 * 1024);
    j->job.release = import_release;
    if (!file || !file->data.n) {
        j->summary = STR("Hãy chọn tệp Excel (.xlsx) để tải lên.");
        j->status = 400;
        r->status = 400;
        int rc = render_page(r, s, j);
        import_release(&j->job);
        return rc;
    }
    j->now = r->now;
    j->user_id = s->user.id;
    j->role = s->user.role;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    snprintf(j->filename, sizeof j->filename, "%.*s", (int)file->filename.n, file->filename.p);
    j->n = file->data.n;
    j->bytes = malloc(j->n);
    if (!j->bytes) {
        import_release(&j->job);
        return -1;
    }
    memcpy(j->bytes, file->data.p, j->n);
    j->job.work = import_work;
    j->job.finish = import_finish;
    return web_defer(r, &j->job);
}

void ntm_excel_pages_register(void)
{
    static const char *const template_params[] = {"nam", "quy", "kieu", "tinh", NULL};
    struct http_form_limits upload = {.max_fields = 4, .max_files = 1, .max_value = 256, .max_name = 255,
                                      .max_part_head = 4096};
    router_add((struct route){.pattern = EXCEL_PATH, .get = page_get});
    router_add((struct route){.pattern = EXCEL_PATH "mau.xlsx", .get = template_get, .known_params = template_params});
    router_add((struct route){.pattern = EXCEL_PATH "nhap", .get = page_get, .post = import_post, .flags = ROUTE_FORM,
                              .max_body = UPLOAD_MAX, .form = upload});
}
