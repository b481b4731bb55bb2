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
 * and a hidden sheet "_dinh" names the layout, the set, the period and when
 * the template was made. The values already entered are filled in (the
 * cells of a report the file cannot change grey and locked, the data
 * sheets protected without a password); the targets of every group and
 * the unit of each indicator are shown; Excel's data validation offers the
 * lists and ranges it can. A second hidden sheet, "_dinh_goc", keeps what
 * every cell held when the template was made.
 *
 * An import is the whole file or nothing. The workbook is read by the
 * bounded reader (src/xlsx/), then, inside one write transaction on a
 * worker, every cell is checked against its indicator's type and range and
 * every row against the account's rights and the assessment's state; a
 * single problem anywhere means nothing is written and every problem is
 * listed (sheet, row, column, reason). A cell as the template had it is
 * not written; a cell changed in the file whose value someone else has
 * changed since the template was made is a conflict, refused like any
 * other problem (unit_settle). Otherwise each commune's changed values are
 * merged into its assessment for the period (an empty cell clears one;
 * other values, notes and sources stay) through ntm_assessment_save, a new
 * assessment being a draft and a returned one staying returned; a
 * submitted or accepted assessment is refused (the office must return it
 * first). Sheets that are not the template's are not read, and the outcome
 * says so, with the values to check (a thousand times the period before).
 * One audit entry per import.
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
#include "ntm/sheet.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/vi.h"
#include "view/layout.h"
#include "xlsx/xlsx.h"

#define EXCEL_PATH "/quan-tri/nong-thon-moi/excel/"
#define UPLOAD_MAX (21u << 20) /* the body: a 20 MB workbook and the form around it */
/* the 413 page of a body over UPLOAD_MAX: the limit the form names */
#define UPLOAD_TOO_LARGE                                                                                             \
    "Tệp gửi lên lớn hơn giới hạn 20 MB của trang nhập số liệu từ Excel, nên chưa được nhập và chưa có gì thay đổi. "  \
    "Hãy gửi tệp mẫu đã điền (thường chỉ vài trăm KB); nếu tệp lớn vì có ảnh hay trang tính khác, hãy xóa chúng rồi "  \
    "gửi lại."
#define PROBLEMS_SHOWN 500
#define META_SHEET "_dinh"
#define ORIGINALS_SHEET "_dinh_goc" /* hidden: what each cell held when the template was made */
/* 2: with ORIGINALS_SHEET. A template of version 1 (before it) is refused:
 * without its originals an import cannot tell a value the person typed
 * from one they left as it was, and would write back what others changed. */
#define TEMPLATE_VERSION 2
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
    bool unit_in_name; /* the unit is the end of the name ("… (triệu đồng/người/năm)"): not added to it again */
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
    /* an import: its row in the template's sheet of originals, as the
     * cells [orig_first, orig_end) of that sheet (in_template false: the
     * template did not hold it) */
    bool in_template;
    size_t orig_first, orig_end;
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
    /* an import: the template's sheet of originals (ORIGINALS_SHEET), and
     * for each of its columns what it holds: ORIG_NONE, a column's value
     * (its index k), or a column's note (ORIG_NOTE + k) */
    const struct xlsx_sheet *originals;
    uint32_t *orig_map;
    uint32_t n_orig_map;
};

#define ORIG_NONE UINT32_MAX
#define ORIG_NOTE 0x100000u

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

/* The unit a number's name ends with, in parentheses: "Thu nhập bình
 * quân đầu người khu vực nông thôn (triệu đồng/người/năm)" -> "triệu
 * đồng/người/năm", "… (m²/người)" -> "m²/người"; "" when the name ends
 * otherwise, or with a remark rather than a unit ("(chưa xác minh)"). */
static struct str unit_from_name(struct str name)
{
    if (!name.n || name.p[name.n - 1] != ')')
        return STR("");
    size_t open = name.n - 1;
    while (open > 0 && name.p[open] != '(')
        open--;
    struct str in = {name.p + open + 1, name.n - open - 2};
    if (name.p[open] != '(' || !in.n || in.n > 48 || memchr(in.p, ',', in.n) || memchr(in.p, ';', in.n) ||
        memchr(in.p, '(', in.n))
        return STR("");
    static const char *const remarks[] = {"chưa", "có thể", "nếu", "theo", "gồm", "kể cả", NULL};
    for (size_t i = 0; remarks[i]; i++)
        if (str_starts_with(in, str_cstr(remarks[i])))
            return STR("");
    return in;
}

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
            /* the unit of every indicator that has one: a rate's is "%", a
             * number's may be written only at the end of its name */
            if (!col->unit.n && col->type == NTM_TYPE_PERCENT)
                col->unit = STR("%");
            if (!col->unit.n && col->type == NTM_TYPE_NUMBER) {
                col->unit = unit_from_name(col->name);
                col->unit_in_name = col->unit.n > 0;
            }
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
    /* a department is the portal's province's: its communes alone (the
     * web form answers 403 for another's) */
    char home[16] = "";
    if (limited_criteria(role) && ntm_home_province(db, home, sizeof home) < 0)
        return -1;
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
        u->allowed = limited_units(role) ? ntm_scope_has_unit(&x->scope, u->id)
                     : home[0]             ? str_eq(u->province, str_cstr(home))
                                           : true;
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
    int64_t user_id, now;
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

/* Whether the column's values are percentages: a percentage indicator, or
 * a number counted in "%" (where a cell shown as 78,5% means 78.5). */
static bool column_is_percent(const struct xl_column *col)
{
    return col->type == NTM_TYPE_PERCENT || (col->type == NTM_TYPE_NUMBER && str_eq(col->unit, STR("%")));
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
        dv.show_input = LXW_VALIDATION_ON;
        dv.input_title = "Đơn vị tính: %";
        dv.input_message = "Tỷ lệ phần trăm, một số từ 0 đến 100 (78,5 là 78,5%).";
        break;
    case NTM_TYPE_NUMBER:
        /* a number counted in percent is a rate; any other is a count, an
         * area, an income: never below 0 (the server refuses it, as the
         * entry form does: no indicator of the sets can be negative), at
         * most the server's 10^12 */
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = 0;
        dv.maximum_number = column_is_percent(c) ? 100 : 1e12;
        dv.error_message = column_is_percent(c) ? "Tỷ lệ là một số từ 0 đến 100."
                           : c->unit.n ? (char *)arena_printf(a, "Nhập một số không âm, tính bằng %.*s, không kèm "
                                                                 "đơn vị.",
                                                              (int)c->unit.n, c->unit.p)
                                             .p
                                       : "Nhập một số không âm.";
        if (c->unit.n) {
            dv.show_input = LXW_VALIDATION_ON;
            dv.input_title = "Đơn vị tính";
            dv.input_message = (char *)arena_printf(a, "Ghi số tính bằng %.*s, không kèm đơn vị (ví dụ 62,5).",
                                                   (int)c->unit.n, c->unit.p)
                                   .p;
        }
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
        ntm_sheet_string(ws, r, col, c->recorded ? (v >= 1 ? "Đạt" : "Không đạt") : (v >= 1 ? "Có" : "Không"),
                               fmt);
    else if (c->type == NTM_TYPE_LEVEL && v >= 1 && v <= (double)c->n_levels && v == floor(v))
        ntm_sheet_string(ws, r, col, ntm_cstr(a, c->levels[(size_t)v - 1]), fmt);
    else
        worksheet_write_number(ws, r, col, v, fmt);
}

struct template_formats {
    lxw_format *title, *note, *head, *key, *input, *readonly, *target, *locked;
};

/* A data sheet of the template: protected without a password, so that
 * only the input cells (unlocked) take typing while widths and formats
 * may still change; whoever must can lift it (Review → Unprotect Sheet). */
static void protect_sheet(lxw_worksheet *ws)
{
    lxw_protection allow = {.format_cells = 1, .format_columns = 1, .format_rows = 1};
    worksheet_protect(ws, NULL, &allow);
}

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
    /* the cells of a report the file cannot change: grey, and locked */
    f.readonly = workbook_add_format(wb);
    format_set_border(f.readonly, LXW_BORDER_THIN);
    format_set_border_color(f.readonly, 0xBFBFBF);
    format_set_bg_color(f.readonly, 0xE7E7E7);
    format_set_font_color(f.readonly, 0x595959);
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
    const char *help = "Nhập vào các ô màu vàng; ô màu xám (báo cáo đã gửi hoặc đã được chấp nhận) chỉ để xem. Tỷ lệ "
                       "và số: chỉ ghi số, không kèm đơn vị, phần thập phân sau dấu phẩy (78,5); một dấu chấm trước "
                       "ba chữ số hiểu được hai cách nên không được nhận (45.235: hãy viết 45235 hoặc 45,235). Chỉ "
                       "tiêu có/không: chọn Có hoặc Không; tiêu chí do Văn phòng ghi: Đạt hoặc Không đạt. Không gộp "
                       "ô, không dùng công thức, không sửa các dòng, cột và trang tính ẩn (mã để nhập lại). Ô để "
                       "trống: xóa giá trị đã nhập. Chỉ các ô bạn sửa được ghi; nếu một ô bạn sửa đã được người khác "
                       "sửa sau khi bạn tải mẫu, tệp bị từ chối: hãy tải mẫu mới.";
    lxw_doc_properties props = {.title = (char *)title, .author = "dinh"};
    workbook_set_properties(wb, &props);
    if (j->matrix) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, MATRIX_SHEET);
        ntm_sheet_string(ws, 0, 0, title, f.title);
        ntm_sheet_string(ws, 1, 0, help, f.note);
        ntm_sheet_string(ws, MATRIX_KEY_ROW - 1, 0, "ma", f.key);
        ntm_sheet_string(ws, MATRIX_KEY_ROW - 1, 1, "ten", f.key);
        ntm_sheet_string(ws, MATRIX_KEY_ROW, 0, "Mã đơn vị", f.head);
        ntm_sheet_string(ws, MATRIX_KEY_ROW, 1, "Xã, phường", f.head);
        ntm_sheet_string(ws, MATRIX_KEY_ROW + 1, 1, "Mức yêu cầu", f.head);
        for (size_t c = 0; c < x.n_columns; c++) {
            const struct xl_column *col = &x.columns[c];
            lxw_col_t cc = (lxw_col_t)(2 + c);
            bool shown_unit = col->unit.n && !col->unit_in_name;
            ntm_sheet_string(ws, MATRIX_KEY_ROW - 1, cc,
                                   arena_printf(a, "%s:%lld", col->recorded ? "TC" : "CT", (long long)col->id).p,
                                   f.key);
            ntm_sheet_string(ws, MATRIX_KEY_ROW, cc,
                                   arena_printf(a, "%.*s. %.*s%s%.*s%s", (int)col->code.n, col->code.p,
                                                (int)col->name.n, col->name.p, shown_unit ? " (" : "",
                                                shown_unit ? (int)col->unit.n : 0, col->unit.p, shown_unit ? ")" : "")
                                       .p,
                                   f.head);
            ntm_sheet_string(ws, MATRIX_KEY_ROW + 1, cc, col->targets.p, f.target);
            if (n)
                validate_range(ws, col, MATRIX_FIRST_ROW - 1, cc, (lxw_row_t)(MATRIX_FIRST_ROW - 2 + n), cc, a);
        }
        for (size_t i = 0; i < n; i++) {
            lxw_row_t r = (lxw_row_t)(MATRIX_FIRST_ROW - 1 + i);
            ntm_sheet_string(ws, r, 0, units[i]->code.p, NULL);
            ntm_sheet_string(ws, r, 1, unit_label(a, units[i], &now[i]),
                                   writable(&now[i]) ? NULL : f.locked);
            lxw_format *cell = writable(&now[i]) ? f.input : f.readonly;
            for (size_t c = 0; c < x.n_columns; c++) {
                double v;
                if (existing_value(&now[i], &x.columns[c], &v))
                    write_value(ws, r, (lxw_col_t)(2 + c), &x.columns[c], v, cell, a);
                else
                    worksheet_write_blank(ws, r, (lxw_col_t)(2 + c), cell);
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
        protect_sheet(ws);
    } else {
        for (size_t i = 0; i < n; i++) {
            lxw_worksheet *ws = workbook_add_worksheet(wb, unit_sheet_name(a, units[i]));
            if (!ws)
                continue;
            ntm_sheet_string(ws, 0, 1,
                                   arena_printf(a, "%s, %.*s", unit_label(a, units[i], &now[i]), (int)period.n,
                                                period.p)
                                       .p,
                                   f.title);
            ntm_sheet_string(ws, 1, 1, "Mã đơn vị", f.head);
            ntm_sheet_string(ws, 1, 2, units[i]->code.p, NULL);
            ntm_sheet_string(ws, 2, 1, help, f.note);
            const char *heads[] = {"Khóa", "Chỉ tiêu", "Nội dung", "Đơn vị tính", "Mức yêu cầu", "Giá trị",
                                   "Ghi chú"};
            for (lxw_col_t c = 0; c < 7; c++)
                ntm_sheet_string(ws, UNIT_FIRST_ROW - 2, c, heads[c], f.head);
            lxw_format *cell = writable(&now[i]) ? f.input : f.readonly;
            for (size_t c = 0; c < x.n_columns; c++) {
                const struct xl_column *col = &x.columns[c];
                lxw_row_t r = (lxw_row_t)(UNIT_FIRST_ROW - 1 + c);
                ntm_sheet_string(
                    ws, r, 0, arena_printf(a, "%s:%lld", col->recorded ? "TC" : "CT", (long long)col->id).p, f.key);
                ntm_sheet_string(ws, r, 1, col->code.p, NULL);
                ntm_sheet_string(ws, r, 2, col->name.p, f.target);
                ntm_sheet_string(ws, r, 3, ntm_cstr(a, col->unit), NULL);
                ntm_sheet_string(ws, r, 4, col->targets.p, f.target);
                double v;
                if (existing_value(&now[i], col, &v))
                    write_value(ws, r, UNIT_VALUE_COL, col, v, cell, a);
                else
                    worksheet_write_blank(ws, r, UNIT_VALUE_COL, cell);
                struct str note = existing_note(&now[i], col);
                if (note.n)
                    ntm_sheet_string(ws, r, UNIT_NOTE_COL, ntm_cstr(a, note), cell);
                else
                    worksheet_write_blank(ws, r, UNIT_NOTE_COL, cell);
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
            protect_sheet(ws);
        }
        if (n == 0) {
            lxw_worksheet *ws = workbook_add_worksheet(wb, "Không có xã");
            ntm_sheet_string(ws, 0, 0, "Tài khoản của bạn chưa được giao xã, phường nào trong phạm vi đã chọn.",
                                   NULL);
        }
    }
    /* what each cell held when the template was made: the import writes
     * only the cells the person changed, and refuses a change to a value
     * someone else has changed since (the lost update of a file filled
     * offline for days while the web form went on) */
    lxw_worksheet *orig = workbook_add_worksheet(wb, ORIGINALS_SHEET);
    ntm_sheet_string(orig, 0, 0, "ma", NULL);
    for (size_t c = 0; c < x.n_columns; c++) {
        const struct xl_column *col = &x.columns[c];
        ntm_sheet_string(orig, 0, (lxw_col_t)(1 + c),
                               arena_printf(a, "%s:%lld", col->recorded ? "TC" : "CT", (long long)col->id).p, NULL);
        if (!j->matrix)
            ntm_sheet_string(orig, 0, (lxw_col_t)(1 + x.n_columns + c),
                                   arena_printf(a, "GC:%s:%lld", col->recorded ? "TC" : "CT", (long long)col->id).p,
                                   NULL);
    }
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(1 + i);
        ntm_sheet_string(orig, r, 0, units[i]->code.p, NULL);
        for (size_t c = 0; c < x.n_columns; c++) {
            double v;
            if (existing_value(&now[i], &x.columns[c], &v))
                worksheet_write_number(orig, r, (lxw_col_t)(1 + c), v, NULL);
            struct str note = existing_note(&now[i], &x.columns[c]);
            if (!j->matrix && note.n)
                ntm_sheet_string(orig, r, (lxw_col_t)(1 + x.n_columns + c), ntm_cstr(a, note), NULL);
        }
    }
    worksheet_hide(orig);
    worksheet_protect(orig, NULL, NULL);
    lxw_worksheet *meta = workbook_add_worksheet(wb, META_SHEET);
    ntm_sheet_string(meta, 0, 0, "dinh-ntm-mau", NULL);
    worksheet_write_number(meta, 0, 1, TEMPLATE_VERSION, NULL);
    ntm_sheet_string(meta, 1, 0, "kieu", NULL);
    ntm_sheet_string(meta, 1, 1, j->matrix ? "ma-tran" : "theo-xa", NULL);
    ntm_sheet_string(meta, 2, 0, "bo", NULL);
    ntm_sheet_string(meta, 2, 1, x.set.code.p, NULL);
    ntm_sheet_string(meta, 3, 0, "nam", NULL);
    worksheet_write_number(meta, 3, 1, j->year, NULL);
    ntm_sheet_string(meta, 4, 0, "quy", NULL);
    worksheet_write_number(meta, 4, 1, j->quarter, NULL);
    /* when the values of ORIGINALS_SHEET were read: a change after it is
     * one the person did not see */
    ntm_sheet_string(meta, 5, 0, "tao", NULL);
    worksheet_write_number(meta, 5, 1, (double)j->now, NULL);
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
    struct str not_begun = ntm_period_not_begun(r->arena, year, quarter, r->now);
    if (not_begun.n)
        return web_error_saying(r, 404, not_begun);
    struct template_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 64 * 1024);
    j->user_id = s->user.id;
    j->now = r->now;
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
    unsigned char *given;  /* [n_columns]: 1 a value, 2 an empty cell (clears); 0 after unit_settle when
                              the cell is as the template had it (not written) */
    struct str *notes;     /* [n_columns]; per-commune sheets only */
    uint32_t *cell_row, *cell_col; /* [n_columns]: where each cell is, for the messages */
    double *orig;          /* [n_columns]: the value when the template was made (NaN: none) */
    struct str *orig_notes; /* [n_columns] */
    bool any_value;
    size_t file_values;    /* values the file holds for the commune, changed or not */
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
    size_t conflicts;               /* cells someone else changed since the template was made */
    size_t kept_newer;              /* cells left as in the template whose value others changed since: kept */
    int64_t template_made;          /* when the template was made (its meta sheet) */
    size_t kept_own;                /* cells left as in the template whose value the person changed since */
    struct buf kept_own_examples;   /* the first three of them, for the note */
    struct str summary;
    struct str *notes; /* lines to read beside the outcome: sheets not read, values to check */
    size_t n_notes;
};

#define NOTES_SHOWN 200

static void note_add(struct import_job *j, struct str line)
{
    if (!j->notes)
        j->notes = ARENA_ARRAY(&j->arena, struct str, NOTES_SHOWN);
    if (j->n_notes < NOTES_SHOWN)
        j->notes[j->n_notes++] = line;
}

static void import_release(struct web_job *job)
{
    struct import_job *j = (struct import_job *)job;
    buf_free(&j->kept_own_examples);
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

/* A cell's words as they are compared: folded (vi_fold: "Không Đạt",
 * "khong dat" and "KHÔNG ĐẠT" meet), runs of spaces made one, trimmed. */
static struct str folded_words(struct arena *a, struct str t)
{
    struct buf b = BUF_INIT;
    if (vi_fold(&b, t) != 0) {
        buf_free(&b);
        return STR("");
    }
    char *out = arena_alloc(a, b.n + 1);
    size_t n = 0;
    for (size_t i = 0; i < b.n; i++) {
        unsigned char c = (unsigned char)b.p[i];
        bool space = c == ' ' || c == '\t' || (c == 0xc2 && i + 1 < b.n && (unsigned char)b.p[i + 1] == 0xa0);
        if (space) {
            i += c == 0xc2;
            if (n && out[n - 1] != ' ')
                out[n++] = ' ';
            continue;
        }
        out[n++] = (char)c;
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    buf_free(&b);
    return (struct str){out, n};
}

static bool word_is(struct str folded, const char *const *words)
{
    for (; *words; words++)
        if (str_eq(folded, str_cstr(*words)))
            return true;
    return false;
}

/* Whether t is a number with its unit written after it ("62 triệu",
 * "1,5 tỷ đồng", "12 m2", "30 người"): a number ntm_decimal_parse reads
 * (or one it finds ambiguous), then a letter or a sign. */
static bool number_with_unit(struct str t)
{
    size_t i = 0, digits = 0;
    while (i < t.n) {
        char c = t.p[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!(c == '.' || c == ',' || c == ' ' || (c == '-' && i == 0))) {
            if (i + 1 < t.n && (unsigned char)c == 0xc2 && (unsigned char)t.p[i + 1] == 0xa0) {
                i += 2;
                continue;
            }
            break;
        }
        i++;
    }
    if (!digits || i == t.n)
        return false;
    struct str number = {t.p, i}, rest = {t.p + i, t.n - i};
    double v;
    if (!ntm_decimal_parse(number, &v) && !ntm_decimal_ambiguous(number))
        return false;
    unsigned char c = (unsigned char)rest.p[0];
    if ((c == 'e' || c == 'E') && rest.n > 1 &&
        ((rest.p[1] >= '0' && rest.p[1] <= '9') || rest.p[1] == '+' || rest.p[1] == '-'))
        return false; /* 1e5: a number Excel would write, not a unit */
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '%' || c == '/';
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
        /* the words in any case, with or without their marks ("Co",
         * "khong dat"), as people type them without a Vietnamese keyboard */
        static const char *const yes[] = {"dat", "co", "x", NULL};
        static const char *const no[] = {"khong dat", "khong", NULL};
        /* A template of before Có/Không offered Đạt/Không đạt for every
         * yes/no indicator: where Không is what is required, "Đạt" may mean
         * "met" (Không) as well as "có", so the file must say which. */
        static const char *const state_words[] = {"dat", "khong dat", NULL};
        struct str w = col->type == NTM_TYPE_MET ? folded_words(a, t) : STR("");
        if (col->type == NTM_TYPE_MET && !col->recorded && col->wants_no && word_is(w, state_words)) {
            struct str s = shown(c);
            return arena_printf(a,
                                "“%.*s” không rõ nghĩa ở chỉ tiêu này, vì mức yêu cầu là Không: hãy ghi Có hoặc "
                                "Không theo đúng thực tế của xã.",
                                (int)s.n, s.p)
                .p;
        }
        if (col->type == NTM_TYPE_MET && word_is(w, yes)) {
            *v = 1;
            return NULL;
        }
        if (col->type == NTM_TYPE_MET && word_is(w, no)) {
            *v = 0;
            return NULL;
        }
        for (size_t i = 0; col->type == NTM_TYPE_LEVEL && i < col->n_levels; i++)
            if (str_eq(t, col->levels[i])) {
                *v = (double)(i + 1);
                return NULL;
            }
        if (column_is_percent(col))
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
                   : number_with_unit(t)
                       ? arena_printf(a, "“%.*s” không phải là số. Hãy ghi số, không kèm đơn vị%s%.*s%s.", (int)s.n,
                                      s.p, !col->unit.n                  ? ""
                                           : str_eq_lit(col->unit, "%") ? ": cột này tính bằng phần trăm ("
                                                                        : ": cột này tính bằng ",
                                      (int)col->unit.n, col->unit.p, str_eq_lit(col->unit, "%") ? ")" : "").p
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
    *iu = (struct import_unit){0}; /* the slot of a commune dropped before may be reused */
    iu->existing = e;
    iu->unit = u;
    iu->sheet = sheet;
    iu->row = row;
    iu->values = ARENA_ARRAY(&j->arena, double, x->n_columns + 1);
    iu->given = arena_zalloc(&j->arena, x->n_columns + 1);
    iu->notes = ARENA_ARRAY(&j->arena, struct str, x->n_columns + 1);
    iu->cell_row = ARENA_ARRAY(&j->arena, uint32_t, x->n_columns + 1);
    iu->cell_col = ARENA_ARRAY(&j->arena, uint32_t, x->n_columns + 1);
    iu->orig = ARENA_ARRAY(&j->arena, double, x->n_columns + 1);
    iu->orig_notes = ARENA_ARRAY(&j->arena, struct str, x->n_columns + 1);
    for (size_t k = 0; k < x->n_columns; k++) {
        iu->orig[k] = NAN;
        iu->orig_notes[k] = STR("");
        iu->notes[k] = STR("");
        iu->cell_row[k] = row;
        iu->cell_col[k] = UINT32_MAX;
    }
    /* what the template held (a commune it did not hold had nothing) */
    for (size_t i = u->in_template ? u->orig_first : 0; u->in_template && i < u->orig_end; i++) {
        const struct xlsx_cell *c = &x->originals->cells[i];
        uint32_t m = c->col < x->n_orig_map ? x->orig_map[c->col] : ORIG_NONE;
        if (m == ORIG_NONE)
            continue;
        if (m >= ORIG_NOTE && c->type == XLSX_TEXT)
            iu->orig_notes[m - ORIG_NOTE] = c->text;
        else if (m < ORIG_NOTE && (c->type == XLSX_NUMBER || c->type == XLSX_BOOL))
            iu->orig[m] = c->number;
    }
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
    iu->cell_row[k] = c->row;
    iu->cell_col[k] = c->col;
}

/* Two values of a cell the same (NaN: none), up to the float noise of a
 * number written into a workbook and read back ("0.3" for 0.1 + 0.2). */
static bool same_value(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * fmax(1, fabs(a));
}

/* A value of the column as a person reads it: "85,5", "78,5%", "Có",
 * "Đạt", a level's name, "(trống)". */
static const char *value_words(struct arena *a, const struct xl_column *c, double v)
{
    if (isnan(v))
        return "(trống)";
    if (c->type == NTM_TYPE_MET)
        return c->recorded ? (v >= 1 ? "Đạt" : "Không đạt") : (v >= 1 ? "Có" : "Không");
    if (c->type == NTM_TYPE_LEVEL && v >= 1 && v <= (double)c->n_levels && v == floor(v))
        return ntm_cstr(a, c->levels[(size_t)v - 1]);
    /* a large figure with its thousands points: 62.000.000 */
    struct str d = fabs(v) >= 10000 ? ntm_amount_format(a, v, true) : ntm_decimal_format(a, v);
    return arena_printf(a, "%.*s%s", (int)d.n, d.p, column_is_percent(c) ? "%" : "").p;
}

/* "chỉ tiêu 3.1", or "tiêu chí 1" for a criterion recorded directly. */
static const char *column_words(struct arena *a, const struct xl_context *x, const struct xl_column *c)
{
    if (c->recorded)
        return arena_printf(a, "tiêu chí %.*s", (int)x->set.criterion_number[c->index].n,
                            x->set.criterion_number[c->index].p)
            .p;
    return arena_printf(a, "chỉ tiêu %.*s", (int)c->code.n, c->code.p).p;
}

static const char SQL_LAST_VALUE_CHANGE[] = "SELECT at, user_id FROM ntm_value_history "
                                            "WHERE assessment_id = ?1 AND indicator_id = ?2 ORDER BY id DESC LIMIT 1";
static const char SQL_LAST_RECORDED_CHANGE[] = "SELECT at, user_id FROM ntm_value_history "
                                               "WHERE assessment_id = ?1 AND criterion_id = ?2 ORDER BY id DESC "
                                               "LIMIT 1";

/* Who last changed the column's value of the assessment, and when, as
 * " (Nguyễn Văn A, tài khoản songanh, lúc 14:05 05/03/2026)"; "" when the
 * history does not say (a bulk load). 0, or -1. */
static int last_change(struct store_conn *db, struct arena *a, int64_t assessment_id, const struct xl_column *c,
                       const char **out)
{
    *out = "";
    if (!assessment_id)
        return 0;
    sqlite3_stmt *st = store_stmt(db, c->recorded ? SQL_LAST_RECORDED_CHANGE : SQL_LAST_VALUE_CHANGE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, assessment_id);
    sqlite3_bind_int64(st, 2, c->id);
    int rc = store_step(db, st);
    int64_t at = rc == 1 ? sqlite3_column_int64(st, 0) : 0, user_id = rc == 1 ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc <= 0)
        return rc;
    struct people_user u;
    int found = user_id ? people_user_by_id(db, a, user_id, &u) : 0;
    if (found < 0)
        return -1;
    struct str when = view_datetime(a, at);
    if (found == 1 && u.name.n && !str_eq(u.name, u.login))
        *out = arena_printf(a, " (%.*s, tài khoản %.*s, lúc %.*s)", (int)u.name.n, u.name.p, (int)u.login.n,
                            u.login.p, (int)when.n, when.p)
                   .p;
    else if (found == 1)
        *out = arena_printf(a, " (tài khoản %.*s, lúc %.*s)", (int)u.login.n, u.login.p, (int)when.n, when.p).p;
    else
        *out = arena_printf(a, " (lúc %.*s)", (int)when.n, when.p).p;
    return 0;
}

static const char SQL_VALUE_CHANGES_SINCE[] =
    "SELECT coalesce(sum(user_id = ?3), 0), coalesce(sum(user_id <> ?3), 0) FROM ntm_value_history "
    "WHERE assessment_id = ?1 AND indicator_id = ?2 AND at >= ?4";
static const char SQL_RECORDED_CHANGES_SINCE[] =
    "SELECT coalesce(sum(user_id = ?3), 0), coalesce(sum(user_id <> ?3), 0) FROM ntm_value_history "
    "WHERE assessment_id = ?1 AND criterion_id = ?2 AND at >= ?4";

/* Whether a cell that differs from the template was changed since the
 * template was made by someone other than the importing person: 1 (with
 * who and when in *who, from last_change), 0 when every change since was
 * theirs, -1 when the database failed. A change the history does not
 * record (a bulk load, a note alone) counts as someone else's. */
static int changes_since(struct import_job *j, struct store_conn *db, int64_t assessment_id,
                         const struct xl_column *c, const char **who)
{
    *who = "";
    if (!assessment_id)
        return 1;
    sqlite3_stmt *st = store_stmt(db, c->recorded ? SQL_RECORDED_CHANGES_SINCE : SQL_VALUE_CHANGES_SINCE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, assessment_id);
    sqlite3_bind_int64(st, 2, c->id);
    sqlite3_bind_int64(st, 3, j->user_id);
    sqlite3_bind_int64(st, 4, j->template_made);
    int rc = store_step(db, st);
    int64_t mine = rc == 1 ? sqlite3_column_int64(st, 0) : 0, others = rc == 1 ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (mine && !others)
        return 0;
    return last_change(db, &j->arena, assessment_id, c, who) < 0 ? -1 : 1;
}

/* After a commune's cells are read, against what the template held when
 * it was made (iu->orig) and what the report holds now:
 *  - a cell as the template had it is not written (given 0): whatever
 *    the report holds now stays, someone else's change included (counted
 *    for the summary), the person's own later change too (said in a note,
 *    in case they meant to undo it);
 *  - a cell the person changed is written where the stored value has not
 *    changed since the template was made, or was changed by them alone (a
 *    file fixed and sent again after its first import);
 *  - a cell the person changed whose stored value someone else has
 *    changed since the template was made (to another value than the
 *    file's) is a conflict: the file is refused, naming the commune, the
 *    indicator, the value now stored and who changed it when;
 *  - a change to a report the file may not change (submitted, accepted,
 *    kept under another version of the set) is refused, naming the cell;
 *  - a commune left with nothing that differs from its report is dropped.
 * 0, or -1 when the database failed. */
static int unit_settle(struct import_job *j, struct store_conn *db, const struct xl_context *x,
                       struct import_unit *imports, size_t *n_imports, struct import_unit *iu)
{
    if (!iu || iu != &imports[*n_imports - 1])
        return 0;
    struct arena *a = &j->arena;
    const struct xl_existing *e = &iu->existing;
    /* what the file holds, changed or not: the summary tells a file that
     * matched the data from one that held nothing. A commune counts when
     * its row holds a value: a template's row left empty is not "read". */
    for (size_t c = 0; c < x->n_columns; c++)
        iu->file_values += iu->given[c] == 1;
    j->read_values += iu->file_values;
    j->read_units += iu->file_values > 0;
    size_t edits = 0, first_edit = 0;
    for (size_t c = 0; c < x->n_columns; c++) {
        if (!iu->given[c])
            continue;
        const struct xl_column *col = &x->columns[c];
        double file = iu->given[c] == 1 ? iu->values[c] : NAN, stored = NAN;
        bool value_same = same_value(file, iu->orig[c]);
        bool note_edited = iu->notes[c].n && !str_eq(iu->notes[c], iu->orig_notes[c]);
        if (!note_edited)
            iu->notes[c] = STR(""); /* a note as the template had it is not written either */
        if (value_same && !note_edited)
            iu->given[c] = 0; /* as the template had it: not written */
        else if (!edits++)
            first_edit = c;
        if (!writable(e))
            continue; /* an edit is refused below, once for the commune */
        if (!existing_value(e, col, &stored))
            stored = NAN;
        struct str stored_note = existing_note(e, col);
        bool value_moved = !same_value(stored, iu->orig[c]), note_moved = !str_eq(stored_note, iu->orig_notes[c]);
        if (!value_moved && !note_moved)
            continue; /* unchanged since the template: the file says what the cell holds */
        /* changed since the template was made: by this person alone (a file
         * fixed and sent again after its first import, an edit on the
         * form), and their file still decides; by anyone else, or by a
         * load that leaves no history, and what they wrote is kept */
        const char *who = "";
        int since = changes_since(j, db, e->id, col, &who);
        if (since < 0)
            return -1;
        if (since == 0 && value_same && !note_edited && !same_value(stored, file)) {
            /* their own later value, left out of this older file: kept,
             * and said, in case they meant to undo it */
            if (j->kept_own++ < 3)
                buf_printf(&j->kept_own_examples, "%s%.*s, %s: hiện có %s, tệp ghi %s", j->kept_own > 1 ? "; " : "",
                           (int)iu->unit->name.n, iu->unit->name.p, column_words(a, x, col),
                           value_words(a, col, stored), value_words(a, col, file));
            continue;
        }
        if (since == 0)
            continue;
        if (value_same && !note_edited) {
            j->kept_newer += !same_value(stored, file) || note_moved;
            continue;
        }
        bool value_conflict = !value_same && value_moved && !same_value(stored, file);
        bool note_conflict = note_edited && note_moved && !str_eq(stored_note, iu->notes[c]);
        if (value_conflict) {
            j->conflicts++;
            problem(j, iu->sheet, iu->cell_row[c], iu->cell_col[c],
                    "%.*s, %s: sau khi bạn tải mẫu, giá trị đã được sửa thành %s%s; mẫu ghi %s, tệp ghi %s. Tệp "
                    "không được ghi để không xóa mất thay đổi đó: hãy tải mẫu mới (có số liệu hiện tại), nhập lại "
                    "thay đổi của bạn rồi tải lên.",
                    (int)iu->unit->name.n, iu->unit->name.p, column_words(a, x, col), value_words(a, col, stored),
                    who, value_words(a, col, iu->orig[c]), value_words(a, col, file));
        } else if (note_conflict) {
            j->conflicts++;
            problem(j, iu->sheet, iu->cell_row[c], UNIT_NOTE_COL,
                    "%.*s, %s: sau khi bạn tải mẫu, ghi chú đã được sửa thành “%.*s”. Tệp không được ghi để không "
                    "xóa mất thay đổi đó: hãy tải mẫu mới (có số liệu hiện tại), nhập lại thay đổi của bạn rồi tải "
                    "lên.",
                    (int)iu->unit->name.n, iu->unit->name.p, column_words(a, x, col),
                    (int)(stored_note.n > 200 ? 200 : stored_note.n), stored_note.p);
        } else if (value_same) {
            /* the note alone was edited: it goes with the value stored now
             * (a note without a value is not kept, as before) */
            iu->given[c] = isnan(stored) ? 0 : 1;
            iu->values[c] = stored;
        }
    }
    if (edits && e->other_set.n)
        problem(j, iu->sheet, iu->cell_row[first_edit], iu->cell_col[first_edit],
                "%.*s báo cáo kỳ này theo bộ tiêu chí %.*s, không phải bộ %.*s của tệp: hãy tải mẫu theo bộ %.*s.",
                (int)iu->unit->name.n, iu->unit->name.p, (int)e->other_set.n, e->other_set.p, (int)x->set.code.n,
                x->set.code.p, (int)e->other_set.n, e->other_set.p);
    else if (edits && !editable(e->state)) {
        const struct xl_column *col = &x->columns[first_edit];
        double file = iu->given[first_edit] == 1 ? iu->values[first_edit] : NAN;
        const char *more = edits > 1 ? arena_printf(a, " và %zu ô khác", edits - 1).p : "";
        problem(j, iu->sheet, iu->cell_row[first_edit], iu->cell_col[first_edit],
                "%.*s: báo cáo kỳ này %s nên các ô của xã trong mẫu (màu xám) chỉ để xem, nhưng tệp đã sửa %s "
                "(%s → %s)%s. Không ghi gì từ tệp: hãy trả các ô đó về như trong mẫu (hoặc tải mẫu mới) rồi tải lên "
                "lại; muốn sửa báo cáo này, cần Văn phòng Điều phối trả lại trước.",
                (int)iu->unit->name.n, iu->unit->name.p, state_name(e->state), column_words(a, x, col),
                value_words(a, col, iu->orig[first_edit]), value_words(a, col, file), more);
    }
    /* what is left to write: cells that differ from the report as it is */
    bool changed = false;
    for (size_t c = 0; c < x->n_columns; c++) {
        double before;
        bool had = existing_value(e, &x->columns[c], &before);
        if (iu->given[c] == 1) {
            iu->any_value = true;
            changed = changed || !had || !same_value(before, iu->values[c]) ||
                      (iu->notes[c].n && !str_eq(iu->notes[c], existing_note(e, &x->columns[c])));
        } else if (iu->given[c] == 2)
            changed = changed || had;
    }
    if (!changed || !writable(e))
        (*n_imports)--;
    return 0;
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
            if (cols[cc] && !cell_in(s, i, end, cc)) {
                size_t k = (size_t)(cols[cc] - x->columns);
                iu->given[k] = 2;
                iu->values[k] = NAN;
                iu->cell_col[k] = cc;
            }
        if (iu && unit_settle(j, db, x, imports, n_imports, iu) != 0)
            failed = 1;
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
            iu->values[k] = NAN;
            iu->cell_row[k] = row;
            iu->cell_col[k] = UNIT_VALUE_COL;
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
    return unit_settle(j, db, x, imports, n_imports, iu);
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
                changed = !same_value(e.values[i].value, iu->values[c]);
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
    }
    /* the commune's values in the file, those kept as they were included */
    *n_values += iu->file_values;
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
    for (size_t s = 0; s < book->n_sheets; s++) {
        buf_reset(&nfc);
        struct str name = book->sheets[s].name;
        if (vi_nfc(&nfc, name) == 0 && !str_eq(buf_str(&nfc), name))
            book->sheets[s].name = arena_strdup(a, nfc.p, nfc.n);
    }
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

/* Reads the template's sheet of originals into x: what each of its
 * columns holds, and each commune's row. false when it is not the sheet
 * a template wrote (its key cell "ma" gone). */
static bool originals_read(struct arena *a, struct xl_context *x, const struct xlsx_sheet *o)
{
    const struct xlsx_cell *k0 = cell_at(o, 1, 0);
    if (!k0 || k0->type != XLSX_TEXT || !str_eq_lit(k0->text, "ma"))
        return false;
    uint32_t max_col = 0;
    for (size_t i = 0; i < o->n_cells && o->cells[i].row == 1; i++)
        if (o->cells[i].col > max_col)
            max_col = o->cells[i].col;
    x->n_orig_map = max_col + 1;
    x->orig_map = ARENA_ARRAY(a, uint32_t, x->n_orig_map);
    for (uint32_t c = 0; c < x->n_orig_map; c++)
        x->orig_map[c] = ORIG_NONE;
    for (size_t i = 0; i < o->n_cells && o->cells[i].row == 1; i++) {
        const struct xlsx_cell *c = &o->cells[i];
        if (c->col == 0 || c->type != XLSX_TEXT)
            continue;
        struct str key = c->text;
        bool note = str_starts_with(key, STR("GC:"));
        if (note)
            key = str_skip(key, 3);
        bool recorded = str_starts_with(key, STR("TC:"));
        unsigned long long id;
        if ((!recorded && !str_starts_with(key, STR("CT:"))) || !str_to_u64(str_skip(key, 3), &id))
            continue;
        for (size_t k = 0; k < x->n_columns; k++)
            if (x->columns[k].recorded == recorded && x->columns[k].id == (int64_t)id)
                x->orig_map[c->col] = note ? ORIG_NOTE + (uint32_t)k : (uint32_t)k;
    }
    for (size_t i = 0; i < o->n_cells;) {
        size_t end = row_end(o, i);
        if (o->cells[i].row > 1) {
            struct xl_unit *u = unit_find(x, code_of(a, cell_in(o, i, end, 0)));
            if (u) {
                u->in_template = true;
                u->orig_first = i;
                u->orig_end = end;
            }
        }
        i = end;
    }
    x->originals = o;
    return true;
}

/* Whether a sheet is the matrix sheet of a template, renamed: its hidden
 * key row is there. */
static bool looks_like_matrix(const struct xlsx_sheet *s)
{
    const struct xlsx_cell *a = cell_at(s, MATRIX_KEY_ROW, 0), *b = cell_at(s, MATRIX_KEY_ROW, 1);
    return a && a->type == XLSX_TEXT && str_eq_lit(a->text, "ma") && b && b->type == XLSX_TEXT &&
           str_eq_lit(b->text, "ten");
}

/* Whether a sheet is a commune's sheet of a template, renamed. */
static bool looks_like_unit_sheet(const struct xlsx_sheet *s)
{
    const struct xlsx_cell *b2 = cell_at(s, 2, 1), *a6 = cell_at(s, UNIT_FIRST_ROW, 0);
    return (b2 && b2->type == XLSX_TEXT && str_eq_lit(b2->text, "Mã đơn vị")) ||
           (a6 && a6->type == XLSX_TEXT &&
            (str_starts_with(a6->text, STR("CT:")) || str_starts_with(a6->text, STR("TC:"))));
}

/* The commune whose sheet of a per-commune template is called `name`
 * ("18100 Phường Trần Phú"), or NULL. */
static struct xl_unit *unit_of_sheet(struct arena *a, const struct xl_context *x, struct str name)
{
    const char *sp = name.n ? memchr(name.p, ' ', name.n) : NULL;
    struct xl_unit *u = sp ? unit_find(x, (struct str){name.p, (size_t)(sp - name.p)}) : NULL;
    return u && str_eq(name, str_cstr(unit_sheet_name(a, u))) ? u : NULL;
}

/* The names of the sheets of the template, for a message: “…”, “…” (at
 * most three, "…" after them). */
static const char *template_sheet_names(struct arena *a, const struct xl_context *x, bool matrix)
{
    if (matrix)
        return "“" MATRIX_SHEET "”";
    struct buf b = BUF_INIT;
    size_t n = 0;
    for (size_t i = 0; i < x->n_units; i++) {
        if (!x->units[i].in_template)
            continue;
        if (n++ == 3) {
            buf_puts(&b, ", …");
            break;
        }
        buf_printf(&b, "%s“%s”", n > 1 ? ", " : "", unit_sheet_name(a, &x->units[i]));
    }
    const char *out = b.n ? arena_strdup(a, b.p, b.n).p : "mã và tên của từng xã, phường (“18100 Phường …”)";
    buf_free(&b);
    return out;
}

static const char SQL_PREVIOUS_VALUE[] =
    "WITH RECURSIVE up(id, parent) AS (SELECT id, parent_id FROM ntm_set WHERE id = ?5 "
    "UNION SELECT s.id, s.parent_id FROM ntm_set s JOIN up ON s.id = up.parent), "
    "fam(id) AS (SELECT id FROM up WHERE parent IS NULL "
    "UNION SELECT s.id FROM ntm_set s JOIN fam ON s.parent_id = fam.id) "
    "SELECT v.value FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
    "JOIN ntm_indicator i ON i.id = v.indicator_id "
    "WHERE a.unit_id = ?1 AND a.year = ?2 AND a.quarter = ?3 AND a.set_id IN (SELECT id FROM fam) "
    "AND i.code = ?4 AND v.value IS NOT NULL LIMIT 1";

/* A line to check for each number the import wrote that is more than a
 * thousand times the unit's value of the period before (a figure typed in
 * đồng where the column counts millions): the import stands, the line says
 * which. 0, or -1. */
static int check_magnitudes(struct import_job *j, struct store_conn *db, const struct xl_context *x,
                            const struct import_unit *imports, size_t n_imports, int year, int quarter)
{
    struct arena *a = &j->arena;
    int py = year, pq = quarter;
    ntm_period_previous(&py, &pq);
    struct str before = period_name(a, py, pq);
    for (size_t i = 0; i < n_imports; i++) {
        const struct import_unit *iu = &imports[i];
        for (size_t c = 0; c < x->n_columns; c++) {
            const struct xl_column *col = &x->columns[c];
            double prev = NAN, stored;
            if (iu->given[c] != 1 || col->recorded ||
                (col->type != NTM_TYPE_NUMBER && col->type != NTM_TYPE_PERCENT) || !(iu->values[c] > 0))
                continue;
            if (existing_value(&iu->existing, col, &stored) && same_value(stored, iu->values[c]))
                continue; /* not changed by this file */
            sqlite3_stmt *st = store_stmt(db, SQL_PREVIOUS_VALUE);
            if (!st)
                return -1;
            sqlite3_bind_int64(st, 1, iu->unit->id);
            sqlite3_bind_int(st, 2, py);
            sqlite3_bind_int(st, 3, pq);
            sqlite3_bind_text(st, 4, col->code.p, (int)col->code.n, SQLITE_STATIC);
            sqlite3_bind_int64(st, 5, x->set.id);
            int rc = store_step(db, st);
            if (rc == 1)
                prev = sqlite3_column_double(st, 0);
            sqlite3_reset(st);
            if (rc < 0)
                return -1;
            if (!(prev > 0) || iu->values[c] <= prev * 1000)
                continue;
            char cell[8];
            note_add(j, arena_printf(a,
                                     "%.*s, %s (trang “%s”, ô %s%u): %s, gấp hơn 1.000 lần giá trị %s (%s). Số liệu "
                                     "đã được nhập; hãy kiểm tra lại%s%.*s%s.",
                                     (int)iu->unit->name.n, iu->unit->name.p, column_words(a, x, col), iu->sheet,
                                     iu->cell_col[c] == UINT32_MAX ? "" : xlsx_col_name(iu->cell_col[c], cell),
                                     iu->cell_row[c], value_words(a, col, iu->values[c]), before.p,
                                     value_words(a, col, prev), col->unit.n ? " đơn vị tính (" : "",
                                     (int)col->unit.n, col->unit.p, col->unit.n ? ")" : ""));
        }
    }
    return 0;
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
        !meta_get(meta, 5, "quy", NULL, &quarter) || (version != 1 && version != TEMPLATE_VERSION) || year < 2000 ||
        year > 2100 || quarter < 0 || quarter > 4 || year != floor(year) || quarter != floor(quarter) ||
        (!str_eq_lit(layout, "ma-tran") && !str_eq_lit(layout, "theo-xa"))) {
        j->summary = STR("Tệp không phải là mẫu nhập liệu tải từ trang này (thiếu hoặc hỏng trang tính ẩn “_dinh”). "
                         "Hãy tải mẫu của kỳ cần nhập, điền vào mẫu đó rồi tải lên.");
        return;
    }
    if (version == 1) {
        j->summary = STR("Tệp được điền trên mẫu kiểu cũ, không ghi lại số liệu lúc tải mẫu, nên không biết ô nào "
                         "bạn đã sửa và ô nào người khác đã sửa trên trang sau đó; để không ghi đè số liệu của người "
                         "khác, tệp không được nhập. Hãy tải mẫu mới của kỳ này, chép các số liệu bạn đã điền sang "
                         "mẫu mới rồi tải lên.");
        return;
    }
    double made = -1;
    if (!meta_get(meta, 6, "tao", NULL, &made) || made < 0 || made > 1e11 || made != floor(made)) {
        j->summary = STR("Tệp không phải là mẫu nhập liệu tải từ trang này (thiếu hoặc hỏng trang tính ẩn “_dinh”). "
                         "Hãy tải mẫu của kỳ cần nhập, điền vào mẫu đó rồi tải lên.");
        return;
    }
    j->template_made = (int64_t)made;
    int y = (int)year, q = (int)quarter;
    if ((j->summary = ntm_period_not_begun(a, y, q, j->now)).n)
        return;
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
    const struct xlsx_sheet *originals = xlsx_sheet_named(&book, STR(ORIGINALS_SHEET));
    if (rc == 1 && (!originals || !originals_read(a, &x, originals))) {
        store_write_finish(db, 0);
        j->summary = STR("Tệp thiếu hoặc hỏng trang tính ẩn “" ORIGINALS_SHEET "” (số liệu lúc tải mẫu), nên không "
                         "biết ô nào bạn đã sửa; để không ghi đè số liệu của người khác, tệp không được nhập. Hãy tải "
                         "mẫu mới của kỳ này, chép các số liệu bạn đã điền sang rồi tải lên.");
        return;
    }
    struct import_unit *imports = rc == 1 ? ARENA_ARRAY(a, struct import_unit, x.n_units + 1) : NULL;
    size_t n_imports = 0;
    size_t sheets_read = 0, renamed = 0;
    struct buf others = BUF_INIT; /* the names of the sheets not read */
    size_t n_others = 0;
    for (size_t i = 0; i < book.n_sheets && rc == 1; i++) {
        const struct xlsx_sheet *s = &book.sheets[i];
        if (s == meta || s == originals)
            continue;
        struct xl_unit *named = matrix ? NULL : unit_of_sheet(a, &x, s->name);
        bool data = matrix ? str_eq_lit(s->name, MATRIX_SHEET) : named != NULL;
        if (!data && (matrix ? looks_like_matrix(s) : looks_like_unit_sheet(s))) {
            /* a sheet of the template under another name: said, not guessed */
            renamed++;
            struct xl_unit *u = matrix ? NULL : unit_find(&x, code_of(a, cell_at(s, 2, 2)));
            const char *own_name = matrix ? MATRIX_SHEET : u ? unit_sheet_name(a, u) : NULL;
            if (own_name && xlsx_sheet_named(&book, str_cstr(own_name)))
                problem(j, s->name.p, 0, UINT32_MAX,
                        "Trang tính này là bản sao của trang “%s” của mẫu: chỉ trang “%s” được nhập. Hãy chép số liệu "
                        "cần nhập sang trang “%s”, xóa trang này rồi tải lên lại.",
                        own_name, own_name, own_name);
            else if (matrix)
                problem(j, s->name.p, 0, UINT32_MAX,
                        "Không tìm thấy trang tính “%s” của mẫu: trang này giống trang nhập liệu của mẫu nhưng đã bị "
                        "đổi tên. Hãy đặt lại tên trang là “%s” rồi tải lên lại.",
                        MATRIX_SHEET, MATRIX_SHEET);
            else if (u)
                problem(j, s->name.p, 0, UINT32_MAX,
                        "Tên trang tính này không phải tên trang nào của mẫu nên trang không được đọc: trang của %.*s "
                        "trong mẫu tên là “%s”. Hãy đặt lại đúng tên đó rồi tải lên lại.",
                        (int)u->name.n, u->name.p, unit_sheet_name(a, u));
            else
                problem(j, s->name.p, 0, UINT32_MAX,
                        "Tên trang tính này không phải tên trang nào của mẫu nên trang không được đọc. Tên các trang "
                        "của mẫu: %s. Hãy đặt lại đúng tên rồi tải lên lại.",
                        template_sheet_names(a, &x, false));
            continue;
        }
        if (!data) {
            /* the person's own notes, a copy, a chart: not the template's */
            if (s->n_cells)
                buf_printf(&others, "%s“%.*s”", n_others++ ? ", " : "", (int)s->name.n, s->name.p);
            continue;
        }
        sheets_read++;
        struct xl_unit *coded = matrix ? NULL : unit_find(&x, code_of(a, cell_at(s, 2, 2)));
        if (coded && coded != named) {
            problem(j, s->name.p, 2, 2,
                    "Mã đơn vị %.*s ở ô này không phải mã của %.*s, xã mà trang tính mang tên: mã đã bị sửa. Hãy "
                    "tải mẫu mới.",
                    (int)coded->code.n, coded->code.p, (int)named->name.n, named->name.p);
            continue;
        }
        int k = matrix ? read_matrix(j, db, &x, s, imports, &n_imports, y, q)
                       : read_unit_sheet(j, db, &x, s, imports, &n_imports, y, q);
        if (k < 0)
            rc = -1;
    }
    if (j->kept_own)
        note_add(j, arena_printf(a,
                                 "%s ô trong tệp vẫn như lúc tải mẫu nhưng bạn đã sửa số liệu đó sau khi tải mẫu (trên "
                                 "trang nhập liệu hoặc bằng một lần nhập tệp trước): các ô này không được ghi, số liệu "
                                 "hiện có được giữ (%.*s%s). Muốn đổi lại các ô đó, hãy tải mẫu mới rồi sửa trên mẫu "
                                 "mới.",
                                 view_number(a, (long long)j->kept_own).p, (int)j->kept_own_examples.n,
                                 j->kept_own_examples.p ? j->kept_own_examples.p : "", j->kept_own > 3 ? "; …" : ""));
    if (n_others)
        note_add(j, arena_printf(a,
                                 "%s %.*s không thuộc mẫu nên không được đọc; chỉ các trang của mẫu (%s) được "
                                 "nhập.",
                                 n_others > 1 ? "Các trang tính" : "Trang tính", (int)others.n, others.p,
                                 template_sheet_names(a, &x, matrix)));
    buf_free(&others);
    if (rc < 0) {
        store_write_finish(db, -1);
        j->status = 500;
        return;
    }
    if (!sheets_read && !renamed) {
        store_write_finish(db, 0);
        j->summary = arena_printf(a,
                                  "Không ghi gì: không tìm thấy trang tính nào của mẫu trong tệp. Tên các trang của "
                                  "mẫu: %s; hãy giữ nguyên tên các trang khi điền rồi tải lên lại.",
                                  template_sheet_names(a, &x, matrix));
        return;
    }
    struct str period = period_name(a, y, q);
    if (j->total_problems) {
        store_write_finish(db, 0); /* nothing was written */
        struct str conflicts =
            j->conflicts ? arena_printf(a,
                                        " Trong đó %s ô đã được người khác sửa sau khi bạn tải mẫu: hãy tải mẫu mới "
                                        "(có số liệu hiện tại), nhập lại thay đổi của bạn vào đó rồi tải lên.",
                                        view_number(a, (long long)j->conflicts).p)
                         : STR("");
        j->summary = arena_printf(a,
                                  "Không ghi gì: tệp có %s ô hoặc dòng không nhận được (liệt kê dưới đây). Hãy sửa "
                                  "tệp rồi tải lên lại; tệp được nhập cả hoặc không nhập gì.%s",
                                  view_number(a, (long long)j->total_problems).p, conflicts.p);
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
    if (rc == 0)
        rc = check_magnitudes(j, db, &x, imports, n_imports, y, q);
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
    struct str kept = j->kept_newer ? arena_printf(a,
                                                   " %s ô bạn không sửa mà người khác đã sửa sau khi bạn tải mẫu được "
                                                   "giữ như hiện có.",
                                                   COUNT(j->kept_newer))
                                    : STR("");
    if (!written && !j->read_values)
        j->summary = arena_printf(a, "Không có gì thay đổi: tệp không có giá trị nào cho %s (các ô nhập liệu đều "
                                     "trống).",
                                  period.p);
    else if (!written && (j->kept_newer || j->kept_own))
        j->summary = arena_printf(a,
                                  "Không có gì thay đổi: đã đọc %s giá trị của %s xã, phường cho %s; không ô nào khác "
                                  "với mẫu lúc tải về hoặc với số liệu đã có.%s",
                                  COUNT(j->read_values), COUNT(j->read_units), period.p, kept.p);
    else if (!written)
        j->summary = arena_printf(a,
                                  "Không có gì thay đổi: đã đọc %s giá trị của %s xã, phường cho %s, tất cả trùng với "
                                  "số liệu đã có.",
                                  COUNT(j->read_values), COUNT(j->read_units), period.p);
    else
        j->summary = arena_printf(a,
                                  "Đã nhập %s: %s xã, phường, %s giá trị (%s giá trị khác với số liệu đã có)%s. Tệp "
                                  "có %s giá trị của %s xã, phường; chỉ các ô bạn sửa so với mẫu được ghi, giá trị "
                                  "trùng với số liệu đã có được giữ nguyên.%s Các bản đánh giá mới ở trạng thái nháp; "
                                  "bản đã bị trả lại vẫn ở trạng thái trả lại. Hãy kiểm tra rồi gửi lên Văn phòng Điều "
                                  "phối.",
                                  period.p, COUNT(written), COUNT(n_values), COUNT(n_changed), cleared.p,
                                  COUNT(j->read_values), COUNT(j->read_units), kept.p);
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
    /* the years that have begun (no report is made for one to come) */
    int last = this_year > NTM_YEAR_LAST ? NTM_YEAR_LAST : this_year;
    v.years = ARENA_ARRAY(a, struct ntm_excel_choice, 10);
    for (int y = last; y >= 2021 && v.n_years < 10; y--)
        v.years[v.n_years++] =
            (struct ntm_excel_choice){arena_printf(a, "%d", y), arena_printf(a, "Năm %d", y), y == last};
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
        /* a department chooses nothing: its province's communes are its own */
        bool department = limited_criteria(s->user.role) && home[0];
        for (size_t i = 0; i < n; i++)
            if (!department || str_eq_lit(provinces[i].code, home))
                v.provinces[v.n_provinces++] = (struct ntm_excel_choice){provinces[i].code, provinces[i].full_name,
                                                                         str_eq_lit(provinces[i].code, home)};
        if (!department)
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
        v.notes = j->notes;
        v.n_notes = j->n_notes;
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
        /* a file chosen but empty (0 byte) is told apart from none chosen */
        j->summary = file && file->filename.n
                         ? arena_printf(&j->arena, "Tệp “%.*s” rỗng (0 byte): hãy chọn lại tệp Excel (.xlsx) đã lưu "
                                                   "số liệu.",
                                        (int)(file->filename.n > 200 ? 200 : file->filename.n), file->filename.p)
                         : STR("Hãy chọn tệp Excel (.xlsx) để tải lên.");
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
                              .max_body = UPLOAD_MAX, .too_large = UPLOAD_TOO_LARGE, .form = upload});
}
