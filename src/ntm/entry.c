/*
 * entry.c - the monitor's data entry and checking under /quan-tri/:
 *
 *   GET  /quan-tri/nong-thon-moi/                    the units I may enter, with the state of each
 *                                                    unit's report for a period and the one before (?ky=, ?q=)
 *   GET  /quan-tri/nong-thon-moi/nhap/CODE/PERIOD    the entry screen of a unit and period (2026, 2026-q2)
 *   POST /quan-tri/nong-thon-moi/nhap/CODE/PERIOD    viec=luu (save) or gui (save and submit);
 *                                                    tu-dong=1: the page's own autosave, answered in JSON
 *   GET  /quan-tri/nong-thon-moi/van-phong/          the office's landing page: its menu and the queue
 *   GET  /quan-tri/nong-thon-moi/van-phong/duyet/ID  the review screen of one report
 *   POST /quan-tri/nong-thon-moi/van-phong/duyet/ID  viec=nhan (accept) or tra-lai (return, with comments)
 *
 * Who may do what is decided here on every request (people_require for the
 * right, the ntm scope for the units and criteria):
 *   office and administrator  every unit, every field, every state (a
 *                             change to a submitted or accepted value needs a
 *                             reason); records the state of criteria that
 *                             cannot be computed; accepts and returns
 *   department officer        every unit, only the indicators of the criteria
 *                             of its department; a value posted for another
 *                             is refused (403), not dropped
 *   commune reporter          only its own units (by address and by form
 *                             field), every indicator
 * and a reporter or department may change a report only while it is a
 * draft or returned. The form is checked here first, so that a wrong value
 * comes back at once (400) with the Vietnamese message beside its field and
 * the form as typed; the write runs on a worker, where the rights on the
 * report's state are checked again inside the transaction, the values of
 * fields the person may not change are carried over from the database, and
 * the audit entry is written in the same transaction (not for autosaves).
 * What is computed (indicator, criterion and unit states) is computed by
 * ntm_assess on the server; static/js/nhap-ntm.js only previews it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "http/router.h"
#include "media/media.h"
#include "ntm/entry_view.h"
#include "ntm/internal.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vi.h"
#include "text/vitime.h"
#include "view/layout.h"

#define BASE "/quan-tri/nong-thon-moi/"
#define OFFICE BASE "van-phong/"
#define EVIDENCE_MAX 20 /* files per indicator */
#define FIRST_YEAR 2021
/* A str in a static initializer (STR is a compound literal). */
/* clang-format off */
#define LIT(s) {(s), sizeof(s) - 1}
/* clang-format on */

enum who_kind { WHO_OFFICE, WHO_DEPARTMENT, WHO_REPORTER };

/* Everything one entry or review screen stands on. */
struct ctx {
    const struct people_session *s;
    enum who_kind who;
    struct ntm_scope scope;
    struct ntm_unit unit, province;
    int year, quarter;
    struct ntm_set set;
    struct ntm_indicator_info *info;
    struct ntm_entry entry; /* entry.id 0: no report yet */
    char key[128];          /* the unit's group or region for the targets */
    struct str why;         /* ctx_load's sentence for the status it returns, if any */
};

/* A field as typed in a refused form, by the set's index. */
struct typed {
    bool sent;
    struct str raw, note, source, evidence, error;
    struct str side_error; /* the note's, the source's or the evidence's, shown beside them */
    double value; /* NaN: none */
    struct str text;
};
struct typed_record {
    bool sent;
    struct str raw, note, source, error;
    int met; /* -1 none */
};

static void admin_page(struct web_req *r, int status)
{
    r->status = status;
    r->no_store = true;
    r->cacheable = false;
}

static enum who_kind who_of(const struct people_session *s)
{
    if (people_role_may(s->user.role, RIGHT_NTM_MANAGE))
        return WHO_OFFICE;
    return s->user.role == ROLE_NTM_DEPARTMENT ? WHO_DEPARTMENT : WHO_REPORTER;
}

static int64_t id_of(struct str s)
{
    unsigned long long id;
    return str_to_u64(s, &id) && id > 0 && id <= INT64_MAX ? (int64_t)id : 0;
}

static struct str trimmed(struct str v)
{
    while (v.n && (v.p[0] == ' ' || v.p[0] == '\t' || v.p[0] == '\n'))
        v = str_skip(v, 1);
    while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' || v.p[v.n - 1] == '\n'))
        v.n--;
    return v.p ? v : STR("");
}

static const char *const STATE_NAMES[] = {"Bản nháp", "Đã gửi, chờ duyệt", "Đã duyệt", "Bị trả lại"};
static const char *const STATE_CLASSES[] = {"nhap", "cho", "dat", "tra"};

static struct str state_class(int s)
{
    return s == NTM_MET ? STR("dat") : s == NTM_NOT_MET ? STR("khong") : STR("chua");
}

static struct str ind_state_class(int s)
{
    return s == NTM_IND_MET ? STR("dat") : s == NTM_IND_NOT_MET ? STR("khong") : STR("chua");
}

static struct str unit_state_name(int s)
{
    return s == NTM_MET ? STR("Đạt chuẩn") : s == NTM_NOT_MET ? STR("Chưa đạt chuẩn") : STR("Chưa xác định");
}

/* "06/12/2026 13:45", as every list and log of the portal writes it. */
static struct str when_text(struct arena *a, int64_t t) { return view_datetime(a, t); }

/* The level names of an indicator ("Mức 1|Mức 2"), into names[] (at most max). */
static size_t level_names(struct str levels, struct str *names, size_t max)
{
    size_t n = 0;
    while (levels.n && n < max) {
        const char *bar = memchr(levels.p, '|', levels.n);
        size_t len = bar ? (size_t)(bar - levels.p) : levels.n;
        names[n++] = str_make(levels.p, len);
        levels = str_skip(levels, bar ? len + 1 : len);
    }
    return n;
}

/* A value as people read it. */
static struct str value_text(struct arena *a, enum ntm_value_type type, double x, struct str text, struct str unit)
{
    if (isnan(x))
        return STR("chưa nhập");
    switch (type) {
    /* a yes/no fact (the commune has it or not); the target says which is
     * required ("Nhà tạm, dột nát": Không), the state whether it is met */
    case NTM_TYPE_MET: return x >= 0.5 ? STR("Có") : STR("Không");
    case NTM_TYPE_LEVEL: return text.n ? text : arena_printf(a, "mức %d", (int)x);
    case NTM_TYPE_PERCENT: {
        struct str d = ntm_decimal_format(a, x);
        return arena_printf(a, "%.*s%%", (int)d.n, d.p);
    }
    case NTM_TYPE_NUMBER: {
        struct str d = ntm_decimal_format(a, x);
        return unit.n ? arena_printf(a, "%.*s %.*s", (int)d.n, d.p, (int)unit.n, unit.p) : d;
    }
    }
    return STR("");
}

/* The target of an indicator for the unit, as people read it. */
static struct str target_text(struct arena *a, const struct ntm_indicator *ind, const char *key, struct str unit,
                              struct str levels)
{
    const struct ntm_target *t = ntm_target_for(ind, key);
    if (!t)
        return STR("Không áp dụng");
    if (t->op == NTM_OP_UNKNOWN)
        return STR("Chưa rõ (chưa đối chiếu văn bản)");
    if (ind->type == NTM_TYPE_MET)
        return t->threshold >= 0.5 ? STR("Có") : STR("Không");
    const char *op = t->op == NTM_OP_AT_LEAST ? "≥ " : t->op == NTM_OP_AT_MOST ? "≤ " : "";
    if (ind->type == NTM_TYPE_LEVEL) {
        struct str names[32];
        size_t n = level_names(levels, names, 32);
        size_t k = (size_t)t->threshold;
        if (k >= 1 && k <= n)
            return arena_printf(a, "%s%.*s", op, (int)names[k - 1].n, names[k - 1].p);
        return arena_printf(a, "%smức %d", op, (int)t->threshold);
    }
    struct str d = ntm_decimal_format(a, t->threshold);
    if (ind->type == NTM_TYPE_PERCENT)
        return arena_printf(a, "%s%.*s%%", op, (int)d.n, d.p);
    return arena_printf(a, "%s%.*s%s%.*s", op, (int)d.n, d.p, unit.n ? " " : "", (int)unit.n, unit.p);
}

/* --- rights ------------------------------------------------------------------------------------- */

/* Whether this person may change the report at all, in its present state. */
static bool may_change(const struct ctx *c)
{
    if (c->who == WHO_OFFICE)
        return true;
    return !c->entry.id || c->entry.state == NTM_DRAFT || c->entry.state == NTM_RETURNED;
}

static bool criterion_needs_record(const struct ctx *c, size_t ci)
{
    if (!c->set.criteria[ci].indicators_loaded)
        return true;
    for (size_t i = 0; i < c->set.n_indicators; i++)
        if (c->set.indicators[i].criterion == ci) {
            const struct ntm_target *t = ntm_target_for(&c->set.indicators[i], c->key);
            if (!t || t->op == NTM_OP_UNKNOWN)
                return true;
        }
    return false;
}

static bool indicator_editable(const struct ctx *c, size_t i)
{
    if (!may_change(c))
        return false;
    const struct ntm_indicator *ind = &c->set.indicators[i];
    if (ind->type == NTM_TYPE_LEVEL) {
        struct str names[32];
        if (!level_names(c->info[i].levels, names, 32))
            return false; /* the list of levels is not known: nothing to choose */
    }
    if (c->who == WHO_DEPARTMENT)
        return ntm_scope_has_criterion(&c->scope, c->set.criteria[ind->criterion].id);
    return true;
}

static bool record_editable(const struct ctx *c, size_t ci)
{
    return c->who == WHO_OFFICE && criterion_needs_record(c, ci);
}

/* Whether the person may save or send anything of this report: a
 * department with no criterion in the period's set only reads it (a send
 * from them would lock the commune's report until the office returns it). */
static bool anything_editable(const struct ctx *c)
{
    for (size_t i = 0; i < c->set.n_indicators; i++)
        if (indicator_editable(c, i))
            return true;
    for (size_t ci = 0; ci < c->set.n_criteria; ci++)
        if (record_editable(c, ci))
            return true;
    return false;
}

/* Whether the person may send the report to the office: the commune's
 * reporter, or the office. A department enters its criteria for every
 * commune and saves them; sending is the commune's, and a send by a
 * department would make the report read-only for the commune. */
static bool may_send(const struct ctx *c)
{
    return c->who != WHO_DEPARTMENT && (!c->entry.id || c->entry.state == NTM_DRAFT || c->entry.state == NTM_RETURNED);
}

/* Whether the commune's reporter has anything to enter in this report: a
 * set whose criteria are all recorded by the office (QĐ 51/2025 while its
 * indicators are not loaded) leaves them nothing, and a report returned to
 * them could never be sent again. */
#define NO_RETURN_WHY                                                                                                  \
    "Kết quả các tiêu chí của kỳ này do Văn phòng ghi: xã không có gì để sửa, nên báo cáo không trả lại được; "      \
    "Văn phòng sửa trực tiếp trên trang nhập số liệu."
static bool commune_enters_something(const struct ctx *c)
{
    struct ctx as_commune = *c;
    as_commune.who = WHO_REPORTER;
    as_commune.entry.state = NTM_RETURNED;
    for (size_t i = 0; i < c->set.n_indicators; i++)
        if (indicator_editable(&as_commune, i))
            return true;
    return false;
}

static bool may_see_unit(const struct ctx *c, int64_t unit_id)
{
    return c->who != WHO_REPORTER || ntm_scope_has_unit(&c->scope, unit_id);
}

/* --- loading ------------------------------------------------------------------------------------ */

/* Loads the context of unit `code` and period `period`. 0; a status to
 * answer (403, 404); -1 when the database failed. */
static int ctx_load(struct web_req *r, const struct people_session *s, struct str code, struct str period,
                    struct ctx *c)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->who = who_of(s);
    if (ntm_scope_read(r->db, s->user.id, r->arena, &c->scope) != 0)
        return -1;
    if (!ntm_period_parse(period, &c->year, &c->quarter))
        return 404;
    if (!ntm_set_for_year(c->year) || code.n == 0 || code.n > 16)
        return 404;
    if ((c->why = ntm_period_not_begun(r->arena, c->year, c->quarter, r->now)).n)
        return 404;
    int rc = ntm_unit_by_code(r->db, ntm_cstr(r->arena, code), r->arena, &c->unit);
    if (rc < 0)
        return -1;
    if (rc == 0 || str_eq_lit(c->unit.kind, "tinh") || str_eq_lit(c->unit.kind, "thanh_pho"))
        return 404;
    if (!may_see_unit(c, c->unit.id))
        return 403;
    if (c->unit.parent_id && ntm_unit_by_id(r->db, c->unit.parent_id, r->arena, &c->province) < 0)
        return -1;
    /* A department is the province's: its communes alone (the office may
     * enter the country's results, the national comparison's data). */
    if (c->who == WHO_DEPARTMENT) {
        char home[16];
        rc = ntm_home_province(r->db, home, sizeof home);
        if (rc < 0)
            return -1;
        if (rc == 1 && !str_eq(c->province.code, str_cstr(home)))
            return 403;
    }
    /* the version the report was started under, or the one now in effect */
    char set_code[NTM_SET_CODE_MAX];
    rc = ntm_set_for_report(r->db, c->unit.id, c->province.id ? c->province.code.p : "", c->year, c->quarter,
                            set_code);
    if (rc <= 0)
        return rc < 0 ? -1 : 404;
    rc = ntm_set_load(r->db, set_code, r->arena, &c->set);
    if (rc <= 0)
        return rc < 0 ? -1 : 404;
    if (ntm_indicator_infos(r->db, &c->set, r->arena, &c->info) != 0)
        return -1;
    rc = ntm_entry_read(r->db, c->unit.id, c->set.id, c->year, c->quarter, r->arena, &c->entry);
    if (rc < 0)
        return -1;
    if (ntm_unit_target_key(r->db, c->unit.id, &c->set, c->year, c->quarter, c->key, sizeof c->key) != 0)
        return -1;
    return 0;
}

/* The same for report `id` (the review screen). */
static int ctx_load_id(struct web_req *r, const struct people_session *s, int64_t id, struct ctx *c)
{
    memset(c, 0, sizeof *c);
    struct ntm_entry e;
    int rc = ntm_entry_read_id(r->db, id, r->arena, &e);
    if (rc <= 0)
        return rc < 0 ? -1 : 404;
    struct ntm_unit u;
    if ((rc = ntm_unit_by_id(r->db, e.unit_id, r->arena, &u)) <= 0)
        return rc < 0 ? -1 : 404;
    c->s = s;
    c->who = who_of(s);
    if (ntm_scope_read(r->db, s->user.id, r->arena, &c->scope) != 0)
        return -1;
    c->unit = u;
    c->year = e.year;
    c->quarter = e.quarter;
    c->entry = e;
    if (u.parent_id && ntm_unit_by_id(r->db, u.parent_id, r->arena, &c->province) < 0)
        return -1;
    rc = ntm_set_load(r->db, ntm_cstr(r->arena, e.set_code), r->arena, &c->set);
    if (rc <= 0)
        return rc < 0 ? -1 : 404;
    if (ntm_indicator_infos(r->db, &c->set, r->arena, &c->info) != 0)
        return -1;
    if (e.id && (e.year < c->set.year_from || e.year > c->set.year_to))
        return 404;
    if (ntm_unit_target_key(r->db, u.id, &c->set, e.year, e.quarter, c->key, sizeof c->key) != 0)
        return -1;
    return 0;
}

/* The answer to what ctx_load or ctx_load_id returned other than 0. */
static int ctx_refused(struct web_req *r, int rc, const struct ctx *c)
{
    if (rc < 0)
        return -1;
    return c->why.n ? web_error_saying(r, rc, c->why) : web_error(r, rc);
}

static const struct ntm_entry_value *stored_value(const struct ntm_entry *e, int64_t indicator_id)
{
    for (size_t v = 0; v < e->n_values; v++)
        if (e->values[v].indicator_id == indicator_id)
            return &e->values[v];
    return NULL;
}

static const struct ntm_entry_recorded *stored_record(const struct ntm_entry *e, int64_t criterion_id)
{
    for (size_t v = 0; v < e->n_recorded; v++)
        if (e->recorded[v].criterion_id == criterion_id)
            return &e->recorded[v];
    return NULL;
}

/* "12 15": the evidence files of an indicator. */
static struct str evidence_text(struct arena *a, const struct ntm_entry *e, int64_t indicator_id)
{
    struct buf b = {0};
    for (size_t k = 0; k < e->n_evidence; k++)
        if (e->evidence[k].indicator_id == indicator_id)
            buf_printf(&b, "%s%lld", b.n ? " " : "", (long long)e->evidence[k].media_id);
    struct str out = arena_strdup(a, b.p ? b.p : "", b.n);
    buf_free(&b);
    return out;
}

/* --- what the form showed ---------------------------------------------------------------------------
 *
 * Two people (a commune's reporter and a department's officer, or one
 * person on two devices) may have the same report open; each page sends
 * the whole form, every 15 s. So the form carries, in "ban-goc", a short
 * digest of what each field held when it was drawn: "i<id>:<hex>" per
 * indicator (value, note, source, evidence), "k<id>:<hex>" per criterion's
 * record, "n:<hex>" for the report's note. A save writes only what its
 * person changed from that (the rest stays as stored, whoever changed it
 * since), and a field changed both by them and by someone else since the
 * page was drawn is refused with 409, naming it, the typed value kept. */

static uint32_t fnv(uint32_t h, struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return (h ^ 0x1f) * 16777619u; /* a separator, so that "ab"+"c" is not "a"+"bc" */
}

/* The evidence files named in `text` ("12, 15 12"), sorted, once each: "12 15". */
static struct str evidence_sorted(struct arena *a, struct str text)
{
    int64_t ids[64];
    size_t n = 0;
    for (size_t i = 0; i < text.n && n < 64;) {
        if (text.p[i] < '0' || text.p[i] > '9') {
            i++;
            continue;
        }
        int64_t v = 0;
        while (i < text.n && text.p[i] >= '0' && text.p[i] <= '9' && v < INT64_MAX / 10)
            v = v * 10 + (text.p[i++] - '0');
        size_t k = n;
        while (k && ids[k - 1] > v)
            k--;
        if (k && ids[k - 1] == v)
            continue;
        memmove(ids + k + 1, ids + k, (n - k) * sizeof *ids);
        ids[k] = v;
        n++;
    }
    struct buf b = {0};
    for (size_t k = 0; k < n; k++)
        buf_printf(&b, "%s%lld", k ? " " : "", (long long)ids[k]);
    struct str out = arena_strdup(a, b.p ? b.p : "", b.n);
    buf_free(&b);
    return out;
}

static uint32_t value_digest(struct arena *a, double value, struct str text, struct str note, struct str source,
                             struct str evidence)
{
    char num[40] = "";
    if (!isnan(value))
        snprintf(num, sizeof num, "%.17g", value == 0 ? 0.0 : value); /* every digit, and -0 as 0 */
    uint32_t h = fnv(2166136261u, str_cstr(num));
    h = fnv(h, text);
    h = fnv(h, note);
    h = fnv(h, source);
    return fnv(h, evidence_sorted(a, evidence));
}

static uint32_t stored_value_digest(struct arena *a, const struct ntm_entry *e, int64_t id)
{
    const struct ntm_entry_value *sv = stored_value(e, id);
    /* the value as the form shows it and sends it back untouched (its
     * field's writing, read again), so that an unchanged field digests as
     * it was drawn */
    double shown = sv ? sv->value : NAN;
    if (!isnan(shown) && !ntm_decimal_parse(ntm_decimal_field(a, shown), &shown))
        shown = sv->value;
    return value_digest(a, shown, sv ? sv->text : STR(""), sv ? sv->note : STR(""), sv ? sv->source : STR(""),
                        evidence_text(a, e, id));
}

/* What indicator i holds now, in words: "91,5 %", with its note. */
static struct str stored_words(struct arena *a, const struct ctx *c, size_t i)
{
    const struct ntm_entry_value *sv = stored_value(&c->entry, c->set.indicators[i].id);
    struct str v = value_text(a, c->set.indicators[i].type, sv ? sv->value : NAN, sv ? sv->text : STR(""),
                              c->info[i].unit);
    if (sv && sv->note.n)
        return arena_printf(a, "%.*s, ghi chú “%.*s”", (int)v.n, v.p, (int)sv->note.n, sv->note.p);
    return v;
}

static uint32_t record_digest(int met, struct str note, struct str source)
{
    char m[8];
    snprintf(m, sizeof m, "%d", met);
    return fnv(fnv(fnv(2166136261u, str_cstr(m)), note), source);
}

static uint32_t stored_record_digest(const struct ntm_entry *e, int64_t id)
{
    const struct ntm_entry_recorded *sr = stored_record(e, id);
    return record_digest(sr ? sr->met : -1, sr ? sr->note : STR(""), sr ? sr->source : STR(""));
}

static uint32_t note_digest(struct str note)
{
    return fnv(2166136261u, note);
}

/* "i12:1a2b3c4d i13:... k4:... n:...": the digests of what c holds now. */
static struct str base_text(struct arena *a, const struct ctx *c)
{
    struct buf b = {0};
    for (size_t i = 0; i < c->set.n_indicators; i++)
        buf_printf(&b, "i%lld:%08x ", (long long)c->set.indicators[i].id,
                   stored_value_digest(a, &c->entry, c->set.indicators[i].id));
    for (size_t ci = 0; ci < c->set.n_criteria; ci++)
        buf_printf(&b, "k%lld:%08x ", (long long)c->set.criteria[ci].id, stored_record_digest(&c->entry, c->set.criteria[ci].id));
    buf_printf(&b, "n:%08x", note_digest(c->entry.id ? c->entry.note : STR("")));
    struct str out = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return out;
}

/* The digest the form's "ban-goc" gives for kind 'i', 'k' or 'n' and id
 * (0 for 'n'): true with *out, or false when the form has none. */
static bool base_digest(struct str base, char kind, int64_t id, uint32_t *out)
{
    char key[32];
    int n = kind == 'n' ? snprintf(key, sizeof key, "n:") : snprintf(key, sizeof key, "%c%lld:", kind, (long long)id);
    for (size_t i = 0; i + (size_t)n + 8 <= base.n; i++) {
        if ((i && base.p[i - 1] != ' ') || memcmp(base.p + i, key, (size_t)n) != 0)
            continue;
        uint32_t v = 0;
        for (size_t k = 0; k < 8; k++) {
            char ch = base.p[i + (size_t)n + k];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
            if (d < 0)
                return false;
            v = v << 4 | (uint32_t)d;
        }
        *out = v;
        return true;
    }
    return false;
}

/* --- the entry screen ---------------------------------------------------------------------------- */

struct render_input {
    const struct typed *typed;          /* [n_indicators] or NULL */
    const struct typed_record *records; /* [n_criteria] or NULL */
    struct str note, reason, reason_error, error, notice;
    bool review;
    const struct http_form *posted; /* a review refused: its comments are shown again as typed */
};

/* The value of the posted field "<prefix><id>", or "". */
static struct str posted_comment(struct arena *a, const struct render_input *in, const char *prefix, int64_t id)
{
    if (!in || !in->posted)
        return STR("");
    struct str name = arena_printf(a, "%s%lld", prefix, (long long)id);
    struct str v = http_form_value(in->posted, name.p);
    return v.p ? v : STR("");
}

/* Names of the people in the history, looked up once each. */
struct who_cache {
    int64_t id[32];
    struct str name[32];
    size_t n;
};

static struct str person_name(struct web_req *r, struct who_cache *w, int64_t id)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->id[i] == id)
            return w->name[i];
    struct people_user u;
    struct str name = STR("(tài khoản đã xóa)");
    if (people_user_by_id(r->db, r->arena, id, &u) == 1)
        name = u.name.n ? u.name : u.login;
    if (w->n < 32) {
        w->id[w->n] = id;
        w->name[w->n++] = name;
    }
    return name;
}

static int render_entry(struct web_req *r, struct ctx *c, int status, const struct render_input *in)
{
    struct arena *a = r->arena;
    struct ntm_admin_entry_view v;
    memset(&v, 0, sizeof v);
    bool review = in && in->review;
    people_frame(r, &v.f, c->s, review ? "Duyệt báo cáo nông thôn mới" : "Nhập số liệu nông thôn mới",
                 review ? ADMIN_NTM_OFFICE : ADMIN_NTM);
    if (in) {
        v.f.error = in->error;
        v.f.notice = in->notice;
    }
    v.review = review;
    v.seen_state = c->entry.state;
    struct str period_code = ntm_period_code(a, c->year, c->quarter);
    int py = c->year, pq = c->quarter;
    ntm_period_previous(&py, &pq);
    v.unit_name = c->unit.full_name;
    v.unit_code = c->unit.code;
    v.province_name = c->province.full_name;
    v.period_code = period_code;
    v.period_label = ntm_period_label(a, c->year, c->quarter);
    struct str prev = ntm_period_label(a, py, pq);
    v.prev_label = arena_printf(a, "Kỳ trước (%.*s)", (int)prev.n, prev.p);
    v.heading = arena_printf(a, "%s: %.*s, %.*s", review ? "Duyệt báo cáo" : "Nhập số liệu", (int)c->unit.full_name.n,
                             c->unit.full_name.p, (int)v.period_label.n, v.period_label.p);
    v.set_name = c->set.name;
    v.set_decision = c->set.decision;
    if (c->key[0])
        v.target_label = str_eq_lit(c->set.target_scheme, "nhom") ? arena_printf(a, "nhóm xã %s", c->key)
                                                                  : arena_printf(a, "vùng %s", c->key);
    else if (c->set.target_scheme.n)
        v.target_label = STR("đơn vị chưa được phân nhóm, vùng: dùng mức chung");
    if (c->entry.id) {
        v.state_name = str_cstr(STATE_NAMES[c->entry.state]);
        v.state_class = str_cstr(STATE_CLASSES[c->entry.state]);
        /* when it came to this state: sent, returned or accepted */
        static const char *const SINCE[] = {[NTM_SUBMITTED] = "gửi lúc", [NTM_ACCEPTED] = "duyệt lúc",
                                             [NTM_RETURNED] = "trả lại lúc", [NTM_DRAFT] = ""};
        int64_t at;
        if (ntm_entry_state_at(r->db, c->entry.id, c->entry.state, &at) != 0)
            return -1;
        if (at && c->entry.state != NTM_DRAFT)
            v.state_since = ARENA_JOIN(a, str_cstr(SINCE[c->entry.state]), STR(" "), when_text(a, at));
    } else {
        v.state_name = STR("Chưa nhập");
        v.state_class = STR("chua");
    }
    v.back_url = review ? STR(OFFICE) : arena_printf(a, BASE "?ky=%.*s", (int)period_code.n, period_code.p);
    struct str entry_url =
        arena_printf(a, BASE "nhap/%.*s/%.*s", (int)c->unit.code.n, c->unit.code.p, (int)period_code.n, period_code.p);
    if (review) {
        v.action = arena_printf(a, OFFICE "duyet/%lld", (long long)c->entry.id);
        v.entry_url = entry_url;
        v.may_accept = c->entry.state == NTM_SUBMITTED;
        bool sent = c->entry.state == NTM_SUBMITTED || c->entry.state == NTM_ACCEPTED;
        v.may_return = sent && commune_enters_something(c);
        if (sent && !v.may_return)
            v.no_return_why = STR(NO_RETURN_WHY);
        if (!v.may_accept && !v.may_return)
            v.readonly_why = sent ? STR(NO_RETURN_WHY) : STR("Báo cáo này chưa được gửi: chưa có gì để duyệt.");
    } else {
        v.action = entry_url;
        if (c->who == WHO_OFFICE && c->entry.id && (c->entry.state == NTM_SUBMITTED || c->entry.state == NTM_ACCEPTED))
            v.review_url = arena_printf(a, OFFICE "duyet/%lld", (long long)c->entry.id);
    }

    /* what is shown, and what the computation sees: the typed values where
     * a form came back, else the stored ones */
    size_t ni = c->set.n_indicators, nc = c->set.n_criteria;
    struct ntm_value *values = ARENA_ARRAY(a, struct ntm_value, ni + 1);
    struct ntm_criterion *crit = ARENA_ARRAY(a, struct ntm_criterion, nc + 1);
    memcpy(crit, c->set.criteria, nc * sizeof *crit);
    size_t nv = 0;
    for (size_t i = 0; i < ni; i++) {
        const struct ntm_entry_value *sv = stored_value(&c->entry, c->set.indicators[i].id);
        double x = sv ? sv->value : NAN;
        if (in && in->typed && in->typed[i].sent && !in->typed[i].error.n)
            x = in->typed[i].value;
        values[nv++] = (struct ntm_value){c->set.indicators[i].id, x};
    }
    for (size_t ci = 0; ci < nc; ci++) {
        const struct ntm_entry_recorded *rec = stored_record(&c->entry, crit[ci].id);
        crit[ci].recorded = rec ? rec->met : -1;
        if (in && in->records && in->records[ci].sent && !in->records[ci].error.n)
            crit[ci].recorded = in->records[ci].met;
    }
    struct ntm_assess_output out = {
        .indicator_state = ARENA_ARRAY(a, enum ntm_ind_state, ni + 1),
        .criterion_state = ARENA_ARRAY(a, enum ntm_state, nc + 1),
        .criterion_recorded = ARENA_ARRAY(a, bool, nc + 1),
        .value_state = ARENA_ARRAY(a, enum ntm_ind_state, nv + 1),
    };
    struct ntm_assess_input ain = {crit, nc, c->set.indicators, ni, c->key, values, nv};
    if (ntm_assess(&ain, &out) != 0)
        return -1;
    v.unit_state_name = unit_state_name(out.unit_state);
    v.unit_state_class = state_class(out.unit_state);
    v.criteria_met = out.criteria_met;
    v.criteria_total = (int)nc;
    /* accepting publishes the result as it stands: the office is told first
     * which criteria it would publish as "Chưa xác định" */
    if (review && v.may_accept) {
        struct buf *list = buf_scratch();
        size_t undetermined = 0;
        for (size_t ci = 0; ci < nc; ci++)
            if (out.criterion_state[ci] == NTM_UNDETERMINED) {
                struct str num = c->set.criterion_number[ci];
                buf_printf(list, "%s%.*s", undetermined++ ? ", " : "", (int)num.n, num.p);
            }
        if (undetermined)
            v.undetermined = arena_printf(a,
                                          "Còn %zu trên %zu tiêu chí chưa xác định (tiêu chí %.*s): có chỉ tiêu chưa "
                                          "nhập hoặc chưa rõ mức yêu cầu, hoặc là tiêu chí do Văn phòng ghi nhận trực "
                                          "tiếp mà chưa có kết quả. Nếu duyệt bây giờ, trang công khai ghi các tiêu chí "
                                          "này là “Chưa xác định”; hãy ghi kết quả trên trang nhập liệu hoặc trả lại xã "
                                          "trước.",
                                          undetermined, nc, (int)list->n, list->p);
    }

    struct ntm_entry_previous *prevs;
    size_t n_prev;
    int prev_state;
    if (ntm_entry_previous_read(r->db, c->unit.id, c->year, c->quarter, a, &prevs, &n_prev, &prev_state) != 0)
        return -1;
    struct ntm_history_row *hist = NULL;
    size_t n_hist = 0;
    struct ntm_review_comment *comments = NULL;
    size_t n_comments = 0;
    if (c->entry.id && (ntm_history_read(r->db, c->entry.id, a, &hist, &n_hist) != 0 ||
                        ntm_entry_comments(r->db, c->entry.id, a, &comments, &n_comments) != 0))
        return -1;
    for (size_t k = 0; k < n_comments; k++)
        if (!comments[k].indicator_id && !comments[k].criterion_id)
            v.general_comment = comments[k].comment;
    struct who_cache people = {0};

    bool any_editable = false;
    v.criteria = ARENA_ARRAY(a, struct ntm_admin_criterion, nc + 1);
    for (size_t ci = 0; ci < nc; ci++) {
        struct ntm_admin_criterion *vc = &v.criteria[v.n_criteria++];
        int64_t cid = c->set.criteria[ci].id;
        vc->id = cid;
        vc->number = c->set.criterion_number[ci];
        vc->name = c->set.criterion_name[ci];
        vc->indicators_loaded = c->set.criteria[ci].indicators_loaded;
        vc->state_name = str_cstr(ntm_state_name(out.criterion_state[ci]));
        vc->state_class = state_class(out.criterion_state[ci]);
        vc->by_record = out.criterion_recorded[ci];
        vc->typed_comment = posted_comment(a, in, "ykt-", cid);
        vc->recorded = crit[ci].recorded;
        const struct ntm_entry_recorded *rec = stored_record(&c->entry, cid);
        vc->recorded_note = rec ? rec->note : STR("");
        vc->recorded_source = rec ? rec->source : STR("");
        vc->recorded_shown = crit[ci].recorded == 1   ? STR("Đạt")
                             : crit[ci].recorded == 0 ? STR("Không đạt")
                                                      : STR("chưa ghi");
        vc->recorded_editable = !review && record_editable(c, ci);
        if (in && in->records && in->records[ci].sent) {
            vc->recorded_note = in->records[ci].note;
            vc->recorded_source = in->records[ci].source;
            vc->recorded_error = in->records[ci].error;
        }
        if (vc->recorded_editable) {
            any_editable = true;
            vc->recorded_options = ARENA_ARRAY(a, struct ntm_admin_option, 3);
            static const char *const labels[] = {"— chưa ghi —", "Đạt", "Không đạt"};
            static const char *const codes[] = {"", "1", "0"};
            static const int met[] = {-1, 1, 0};
            for (int k = 0; k < 3; k++)
                vc->recorded_options[vc->n_recorded_options++] =
                    (struct ntm_admin_option){str_cstr(codes[k]), str_cstr(labels[k]), crit[ci].recorded == met[k]};
        }
        for (size_t k = 0; k < n_comments; k++)
            if (comments[k].criterion_id == cid)
                vc->comment = comments[k].comment;
        size_t nh = 0;
        for (size_t h = 0; h < n_hist; h++)
            nh += hist[h].criterion_id == cid;
        vc->history = ARENA_ARRAY(a, struct ntm_admin_history, nh + 1);
        for (size_t h = 0; h < n_hist; h++)
            if (hist[h].criterion_id == cid)
                vc->history[vc->n_history++] =
                    (struct ntm_admin_history){when_text(a, hist[h].at), person_name(r, &people, hist[h].user_id),
                                               isnan(hist[h].old_value)   ? STR("chưa ghi")
                                               : hist[h].old_value >= 0.5 ? STR("Đạt")
                                                                          : STR("Không đạt"),
                                               isnan(hist[h].new_value)   ? STR("chưa ghi")
                                               : hist[h].new_value >= 0.5 ? STR("Đạt")
                                                                          : STR("Không đạt"),
                                               hist[h].reason};

        size_t count = 0;
        for (size_t i = 0; i < ni; i++)
            count += c->set.indicators[i].criterion == ci;
        vc->indicators = ARENA_ARRAY(a, struct ntm_admin_indicator, count + 1);
        for (size_t i = 0; i < ni; i++) {
            const struct ntm_indicator *ind = &c->set.indicators[i];
            if (ind->criterion != ci)
                continue;
            struct ntm_admin_indicator *vi = &vc->indicators[vc->n_indicators++];
            const struct ntm_entry_value *sv = stored_value(&c->entry, ind->id);
            const struct typed *t = in && in->typed && in->typed[i].sent ? &in->typed[i] : NULL;
            struct str unit = c->info[i].unit;
            vi->id = ind->id;
            vi->code = c->set.indicator_code[i];
            vi->name = c->set.indicator_name[i];
            vi->unit = unit;
            static const char *const kinds[] = {"", "met", "percent", "number", "level"};
            vi->kind = str_cstr(kinds[ind->type >= 1 && ind->type <= 4 ? ind->type : 0]);
            const struct ntm_target *tg = ntm_target_for(ind, c->key);
            vi->op = !tg || tg->op == NTM_OP_UNKNOWN ? STR("")
                     : tg->op == NTM_OP_AT_LEAST     ? STR(">=")
                     : tg->op == NTM_OP_AT_MOST      ? STR("<=")
                                                     : STR("=");
            vi->threshold = vi->op.n ? arena_printf(a, "%.10g", tg->threshold) : STR("");
            vi->target = target_text(a, ind, c->key, unit, c->info[i].levels);
            vi->previous = STR("—");
            for (size_t p = 0; p < n_prev; p++)
                if (str_eq(prevs[p].code, vi->code))
                    vi->previous = value_text(a, ind->type, prevs[p].value, prevs[p].text, unit);
            double x = sv ? sv->value : NAN;
            vi->value_shown = value_text(a, ind->type, x, sv ? sv->text : STR(""), unit);
            vi->note = t ? t->note : sv ? sv->note : STR("");
            vi->source = t ? t->source : sv ? sv->source : STR("");
            vi->evidence = t ? t->evidence : evidence_text(a, &c->entry, ind->id);
            vi->error = t ? t->error : STR("");
            vi->side_error = t ? t->side_error : STR("");
            vi->state_name = str_cstr(ntm_ind_state_name(out.indicator_state[i]));
            vi->state_class = ind_state_class(out.indicator_state[i]);
            vi->editable = !review && indicator_editable(c, i);
            any_editable |= vi->editable;
            double shown = t && !t->error.n ? t->value : x;
            vi->stored = isnan(shown) ? STR("") : arena_printf(a, "%.10g", shown);
            vi->is_select = ind->type == NTM_TYPE_MET || ind->type == NTM_TYPE_LEVEL;
            if (vi->is_select) {
                struct str names[32];
                size_t nl = ind->type == NTM_TYPE_MET ? 2 : level_names(c->info[i].levels, names, 32);
                vi->options = ARENA_ARRAY(a, struct ntm_admin_option, nl + 1);
                vi->options[vi->n_options++] = (struct ntm_admin_option){STR(""), STR("— chưa nhập —"), isnan(shown)};
                if (ind->type == NTM_TYPE_MET) {
                    vi->options[vi->n_options++] =
                        (struct ntm_admin_option){STR("1"), STR("Có"), !isnan(shown) && shown >= 0.5};
                    vi->options[vi->n_options++] =
                        (struct ntm_admin_option){STR("0"), STR("Không"), !isnan(shown) && shown < 0.5};
                } else
                    for (size_t k = 0; k < nl; k++)
                        vi->options[vi->n_options++] = (struct ntm_admin_option){
                            arena_printf(a, "%zu", k + 1), names[k], !isnan(shown) && (size_t)shown == k + 1};
            } else
                vi->value = t ? t->raw : isnan(x) ? STR("") : ntm_decimal_field(a, x);
            for (size_t k = 0; k < n_comments; k++)
                if (comments[k].indicator_id == ind->id)
                    vi->comment = comments[k].comment;
            vi->typed_comment = posted_comment(a, in, "yk-", ind->id);
            size_t nh2 = 0;
            for (size_t h = 0; h < n_hist; h++)
                nh2 += hist[h].indicator_id == ind->id;
            vi->history = ARENA_ARRAY(a, struct ntm_admin_history, nh2 + 1);
            for (size_t h = 0; h < n_hist; h++)
                if (hist[h].indicator_id == ind->id)
                    vi->history[vi->n_history++] = (struct ntm_admin_history){
                        when_text(a, hist[h].at), person_name(r, &people, hist[h].user_id),
                        value_text(a, ind->type, hist[h].old_value, hist[h].old_text, unit),
                        value_text(a, ind->type, hist[h].new_value, hist[h].new_text, unit), hist[h].reason};
        }
    }
    v.editable = any_editable;
    if (any_editable)
        v.base = base_text(a, c);
    v.may_submit = any_editable && may_send(c);
    v.note_editable = c->who != WHO_DEPARTMENT;
    v.reason_needed = c->entry.id && c->entry.state != NTM_DRAFT;
    v.changes_public = c->entry.id && c->entry.state == NTM_ACCEPTED;
    v.note = in && in->note.p ? in->note : c->entry.note;
    if (in && in->posted) {
        struct str general = http_form_value(in->posted, "yk-chung");
        v.typed_general = general.p ? general : STR("");
    }
    if (in) {
        v.reason = in->reason;
        v.reason_error = in->reason_error;
    }
    if (!review && !any_editable && !v.readonly_why.n) {
        if (!may_change(c))
            v.readonly_why = c->entry.state == NTM_SUBMITTED
                                 ? STR("Báo cáo đã gửi Văn phòng Điều phối: chỉ xem, không sửa được cho đến khi "
                                       "Văn phòng trả lại.")
                                 : STR("Báo cáo đã được duyệt: chỉ xem. Muốn sửa, hãy đề nghị Văn phòng Điều phối "
                                       "trả lại báo cáo.");
        else if (c->who == WHO_DEPARTMENT)
            v.readonly_why =
                STR("Kỳ này không có chỉ tiêu nào thuộc các tiêu chí sở, ngành của bạn phụ trách: chỉ xem.");
        else
            v.readonly_why = STR("Kỳ này không có chỉ tiêu nào để nhập: kết quả các tiêu chí do Văn phòng Điều phối "
                                 "ghi trực tiếp.");
    }
    admin_page(r, status);
    tpl_ntm_admin_entry(portal_out(r), &v);
    return 0;
}

static int entry_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_ENTER, &answered);
    if (!s)
        return answered;
    struct ctx c;
    int rc = ctx_load(r, s, r->captures[0], r->captures[1], &c);
    if (rc)
        return ctx_refused(r, rc, &c);
    struct str code = web_param(r, "thong-bao");
    struct render_input in = {0};
    if (str_eq_lit(code, "da-luu"))
        in.notice = STR("Đã lưu bản nháp.");
    else if (str_eq_lit(code, "da-gui"))
        in.notice = STR("Đã lưu và gửi báo cáo tới Văn phòng Điều phối.");
    return render_entry(r, &c, 200, &in);
}

/* --- saving: on a worker ------------------------------------------------------------------------- */

/* A field the page changed and whose "ban-goc" check passed on the
 * request's thread. Another save may commit between that check and this
 * one's write, so the write checks it again inside its transaction. */
struct field_guard {
    char kind;    /* 'i' indicator, 'k' criterion's record, 'n' the report's note */
    size_t index; /* in the set's indicators or criteria */
    int64_t id;
    uint32_t orig, sent; /* the digest the page was drawn with, and what it sent */
};

struct save_job {
    struct web_job job;
    struct arena arena;
    int64_t unit_id, user_id, now;
    enum who_kind who;
    struct ntm_scope scope; /* copied into arena */
    const char *set_code;
    int year, quarter;
    bool submit, autosave;
    /* what the person may change, as typed (already checked) */
    struct ntm_value_input *values;
    size_t n_values;
    int64_t *editable; /* indicator ids this person may change */
    size_t n_editable;
    struct ntm_recorded_input *recorded; /* met -1: cleared */
    size_t n_recorded;
    int64_t *record_editable;
    size_t n_record_editable;
    struct ntm_evidence_input *evidence;
    size_t n_evidence;
    struct str note, reason;
    bool note_sent;
    struct str base; /* the page's "ban-goc" once saved: what it sent (its autosave's next base) */
    struct field_guard *guards;
    size_t n_guards;
    /* the form as typed (copied), shown again if a guard fails in the write */
    struct typed *typed;
    struct typed_record *records;
    size_t n_typed, n_records;
    struct str note_typed;
    ptrdiff_t clash; /* the guard that failed, or -1 */
    struct str object; /* for the audit log */
    char login[72], address[48];
    char code[24], period[16]; /* the address's: a finish gets no route captures */
    /* results */
    int rc;
    bool refused;
    char problem[400];
    int64_t id;
};

/* Whether a write's message is a refusal to show the person (their input,
 * the report's state), not a failure of the database (answered 500). */
static bool is_refusal(const char *problem)
{
    return problem[0] && !strstr(problem, "Lỗi cơ sở dữ liệu");
}

static void save_release(struct web_job *job)
{
    struct save_job *j = (struct save_job *)job;
    arena_free(&j->arena);
    free(j);
}

static bool in_list(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* The guard whose field someone else changed since the page was drawn,
 * as `now` holds it, or -1. */
static ptrdiff_t guard_failed(struct arena *a, const struct save_job *j, const struct ntm_entry *now)
{
    for (size_t g = 0; g < j->n_guards; g++) {
        const struct field_guard *f = &j->guards[g];
        uint32_t stored = f->kind == 'i'   ? stored_value_digest(a, now, f->id)
                          : f->kind == 'k' ? stored_record_digest(now, f->id)
                                           : note_digest(now->id ? now->note : STR(""));
        if (stored != f->orig && stored != f->sent)
            return (ptrdiff_t)g;
    }
    return -1;
}

static struct str kept_str(struct arena *a, struct str s)
{
    return s.p ? arena_strdup(a, s.p, s.n) : s;
}

/* Copies the form as typed into the job, for guard_failed's answer. */
static void keep_typed(struct save_job *j, const struct typed *typed, size_t ni, const struct typed_record *records,
                       size_t nc, struct str note)
{
    struct arena *a = &j->arena;
    j->typed = ARENA_ARRAY(a, struct typed, ni + 1);
    j->records = ARENA_ARRAY(a, struct typed_record, nc + 1);
    for (size_t i = 0; i < ni; i++) {
        const struct typed *t = &typed[i];
        j->typed[i] = (struct typed){.sent = t->sent,
                                     .raw = kept_str(a, t->raw),
                                     .note = kept_str(a, t->note),
                                     .source = kept_str(a, t->source),
                                     .evidence = kept_str(a, t->evidence),
                                     .value = t->value,
                                     .text = kept_str(a, t->text)};
    }
    for (size_t ci = 0; ci < nc; ci++) {
        const struct typed_record *t = &records[ci];
        j->records[ci] = (struct typed_record){.sent = t->sent,
                                               .raw = kept_str(a, t->raw),
                                               .note = kept_str(a, t->note),
                                               .source = kept_str(a, t->source),
                                               .met = t->met};
    }
    j->n_typed = ni;
    j->n_records = nc;
    j->note_typed = kept_str(a, note);
}

static void save_work(struct web_job *job, struct store_conn *db)
{
    struct save_job *j = (struct save_job *)job;
    struct arena *a = &j->arena;
    j->rc = -1;
    j->clash = -1;
    if (store_write_begin(db) != 0)
        return;
    struct ntm_set set;
    struct ntm_entry now;
    int rc = ntm_set_load(db, j->set_code, a, &set) == 1 ? 0 : -1;
    int found = rc == 0 ? ntm_entry_read(db, j->unit_id, set.id, j->year, j->quarter, a, &now) : -1;
    if (found < 0)
        rc = -1;
    /* the state may have moved since the form was shown */
    if (rc == 0 && found && j->who != WHO_OFFICE && now.state != NTM_DRAFT && now.state != NTM_RETURNED) {
        snprintf(j->problem, sizeof j->problem, "%s",
                 now.state == NTM_SUBMITTED ? "Báo cáo đã được gửi: không sửa được nữa cho đến khi Văn phòng Điều phối "
                                              "trả lại."
                                            : "Báo cáo đã được duyệt: không sửa được nữa.");
        j->refused = true;
        rc = -2;
    }
    if (rc == 0 && (j->clash = guard_failed(a, j, &now)) >= 0) {
        const struct field_guard *g = &j->guards[j->clash];
        struct str what = g->kind == 'i' && g->index < set.n_indicators
                              ? arena_printf(a, "Chỉ tiêu %.*s", (int)set.indicator_code[g->index].n,
                                             set.indicator_code[g->index].p)
                          : g->kind == 'k' && g->index < set.n_criteria
                              ? arena_printf(a, "Tiêu chí %.*s", (int)set.criterion_number[g->index].n,
                                             set.criterion_number[g->index].p)
                              : STR("Ghi chú chung");
        snprintf(j->problem, sizeof j->problem,
                 "%.*s: người khác vừa lưu ô này cùng lúc với bạn. Trang giữ điều bạn nhập: bấm Lưu lần nữa để "
                 "thay số liệu đang lưu, hoặc tải lại trang để xem bản mới.",
                 (int)what.n, what.p);
        j->refused = true;
        rc = -2;
    }
    if (rc == 0) {
        /* what the person may not change is carried over as stored */
        size_t cap_v = set.n_indicators + 1, cap_r = set.n_criteria + 1,
               cap_e = (found ? now.n_evidence : 0) + j->n_evidence + 1;
        struct ntm_value_input *values = ARENA_ARRAY(a, struct ntm_value_input, cap_v);
        struct ntm_recorded_input *recorded = ARENA_ARRAY(a, struct ntm_recorded_input, cap_r);
        struct ntm_evidence_input *evidence = ARENA_ARRAY(a, struct ntm_evidence_input, cap_e);
        size_t nv = 0, nr = 0, ne = 0;
        for (size_t k = 0; found && k < now.n_values && nv < cap_v; k++)
            if (!in_list(j->editable, j->n_editable, now.values[k].indicator_id))
                values[nv++] = (struct ntm_value_input){.indicator_id = now.values[k].indicator_id,
                                                        .value = now.values[k].value,
                                                        .text = now.values[k].text,
                                                        .note = now.values[k].note,
                                                        .source = now.values[k].source};
        for (size_t k = 0; k < j->n_values && nv < cap_v; k++)
            values[nv++] = j->values[k];
        for (size_t k = 0; found && k < now.n_recorded && nr < cap_r; k++)
            if (!in_list(j->record_editable, j->n_record_editable, now.recorded[k].criterion_id))
                recorded[nr++] = (struct ntm_recorded_input){.criterion_id = now.recorded[k].criterion_id,
                                                             .met = now.recorded[k].met,
                                                             .note = now.recorded[k].note,
                                                             .source = now.recorded[k].source};
        for (size_t k = 0; k < j->n_recorded && nr < cap_r; k++)
            if (j->recorded[k].met == 0 || j->recorded[k].met == 1)
                recorded[nr++] = j->recorded[k];
        for (size_t k = 0; found && k < now.n_evidence && ne < cap_e; k++)
            if (!in_list(j->editable, j->n_editable, now.evidence[k].indicator_id))
                evidence[ne++] = now.evidence[k];
        for (size_t k = 0; k < j->n_evidence && ne < cap_e; k++)
            evidence[ne++] = j->evidence[k];
        struct ntm_assessment_input in = {.unit_id = j->unit_id,
                                          .set_code = j->set_code,
                                          .year = j->year,
                                          .quarter = j->quarter,
                                          .note = j->note_sent ? j->note
                                                  : found      ? now.note
                                                               : STR(""),
                                          .values = values,
                                          .n_values = nv,
                                          .recorded = recorded,
                                          .n_recorded = nr,
                                          .now = j->now,
                                          .set = &set,
                                          .user_id = j->user_id,
                                          .reason = j->reason,
                                          .set_evidence = true,
                                          .evidence = evidence,
                                          .n_evidence = ne};
        rc = ntm_assessment_save(db, &in, &j->id, j->problem, sizeof j->problem);
        if (rc != 0 && is_refusal(j->problem))
            j->refused = true;
    }
    if (rc == 0 && j->submit) {
        enum ntm_assessment_state state = found ? now.state : NTM_DRAFT;
        if (state == NTM_DRAFT || state == NTM_RETURNED) {
            rc = ntm_entry_set_state(db, j->id, NTM_SUBMITTED, j->user_id, j->now, STR(""), NULL, 0, j->problem,
                                     sizeof j->problem);
            if (rc != 0 && is_refusal(j->problem))
                j->refused = true;
        }
    }
    if (rc == 0 && !j->autosave) {
        char object[200];
        snprintf(object, sizeof object, "báo cáo %lld: %.*s", (long long)j->id, (int)j->object.n, j->object.p);
        char detail[600];
        snprintf(detail, sizeof detail, "%zu giá trị được nhập%s%.*s", j->n_values, j->reason.n ? "; lý do: " : "",
                 (int)(j->reason.n > 400 ? 400 : j->reason.n), j->reason.p ? j->reason.p : "");
        struct str d = str_cstr(detail);
        d.n = utf8_truncate(d, 500);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address),
                          j->submit ? "ntm_entry_submit" : "ntm_entry_save", str_cstr(object), d);
    }
    j->rc = store_write_finish(db, rc == -2 ? -1 : rc);
    if (rc != 0)
        j->rc = j->refused ? 1 : -1;
}

static int save_finish(struct web_req *r, struct web_job *job)
{
    struct save_job *j = (struct save_job *)job;
    r->no_store = true;
    r->cacheable = false;
    if (j->autosave) {
        r->content_type = "application/json; charset=utf-8";
        if (j->rc != 0)
            r->status = j->rc == 1 ? 409 : 500;
        struct vi_time t;
        vi_time_from_unix(j->now, &t);
        buf_printf(r->body, "{\"da_luu\": %s, \"luc\": \"%02d:%02d\", \"loi\": ", j->rc == 0 ? "true" : "false", t.hour,
                   t.minute);
        tpl_escape_json_string(r->body, str_cstr(j->rc == 0 ? "" : j->problem[0] ? j->problem : "Chưa lưu được."));
        /* what the page's fields now stand for: its next save is compared with this */
        if (j->rc == 0 && j->base.n) {
            buf_puts(r->body, ", \"ban_goc\": ");
            tpl_escape_json_string(r->body, j->base);
        }
        buf_puts(r->body, "}\n");
        return 0;
    }
    if (j->rc == 0)
        return web_redirect(r, 303,
                            arena_printf(r->arena, BASE "nhap/%s/%s?thong-bao=%s", j->code, j->period,
                                         j->submit ? "da-gui" : "da-luu"));
    if (j->rc != 1)
        return -1;
    /* refused inside the transaction: the form comes back as typed */
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    struct ctx c;
    int rc = ctx_load(r, s, str_cstr(j->code), str_cstr(j->period), &c);
    if (rc)
        return ctx_refused(r, rc, &c);
    struct render_input in = {.error = str_cstr(j->problem)};
    if (strstr(j->problem, "lý do"))
        in.reason_error = str_cstr(j->problem);
    if (j->clash >= 0 && j->n_typed == c.set.n_indicators && j->n_records == c.set.n_criteria) {
        /* another save came between the check and the write: the form as
         * typed, the field named beside it, what is stored now in words */
        const struct field_guard *g = &j->guards[j->clash];
        in.typed = j->typed;
        in.records = j->records;
        in.note = j->note_typed;
        in.reason = j->reason;
        if (g->kind == 'i') {
            struct str now = stored_words(r->arena, &c, g->index);
            j->typed[g->index].error = arena_printf(
                r->arena,
                "Người khác vừa lưu chỉ tiêu này cùng lúc với bạn (số liệu đang lưu: %.*s). Ô này giữ điều bạn nhập: "
                "bấm Lưu lần nữa để thay số liệu đang lưu, hoặc tải lại trang để xem bản mới.",
                (int)now.n, now.p);
            in.error = STR("Chưa lưu được: xem các ô có lời nhắn bên cạnh.");
        } else if (g->kind == 'k') {
            j->records[g->index].error = STR("Người khác vừa ghi kết quả tiêu chí này cùng lúc với bạn. Ô này giữ điều "
                                             "bạn chọn: bấm Lưu lần nữa để thay kết quả đang lưu, hoặc tải lại trang "
                                             "để xem bản mới.");
            in.error = STR("Chưa lưu được: xem các ô có lời nhắn bên cạnh.");
        } else
            in.error = STR("Người khác vừa sửa ghi chú chung của báo cáo cùng lúc với bạn. Ô ghi chú giữ điều bạn "
                           "viết: bấm Lưu lần nữa để thay ghi chú đang lưu, hoặc tải lại trang để xem bản mới.");
    }
    return render_entry(r, &c, 409, &in);
}

/* Reads "gt-12" -> 12 with prefix "gt-"; 0 if the name is not such. */
static int64_t field_id(struct str name, const char *prefix)
{
    struct str p = str_cstr(prefix);
    if (!str_starts_with(name, p))
        return 0;
    return id_of(str_skip(name, p.n));
}

static const char *const VALUE_PREFIXES[] = {"gt-", "gc-", "ng-", "mc-"};
static const char *const RECORD_PREFIXES[] = {"kq-", "kqgc-", "kqng-"};

static int autosave_refusal(struct web_req *r, int status, const char *why)
{
    admin_page(r, status);
    r->content_type = "application/json; charset=utf-8";
    buf_puts(r->body, "{\"da_luu\": false, \"loi\": ");
    tpl_escape_json_string(r->body, str_cstr(why));
    buf_puts(r->body, "}\n");
    return 0;
}

/* Answers a refused request: JSON for the autosave, else the entry screen
 * with the sentence on top. */
static int refuse(struct web_req *r, struct ctx *c, bool autosave, int status, struct str why)
{
    if (autosave)
        return autosave_refusal(r, status, ntm_cstr(r->arena, why));
    struct render_input in = {.error = why};
    return render_entry(r, c, status, &in);
}

static int entry_save(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_ENTER, &answered);
    if (!s)
        return answered;
    struct ctx c;
    int rc = ctx_load(r, s, r->captures[0], r->captures[1], &c);
    if (rc)
        return ctx_refused(r, rc, &c);
    bool autosave = str_eq_lit(http_form_value(&r->form, "tu-dong"), "1");
    struct str verb = http_form_value(&r->form, "viec");
    bool submit = str_eq_lit(verb, "gui");
    if (!autosave && !submit && !str_eq_lit(verb, "luu"))
        return refuse(r, &c, autosave, 400, STR("Hãy chọn Lưu bản nháp hoặc Gửi."));
    if (autosave)
        submit = false;

    /* the unit and period named by the form must be the address's */
    struct str form_unit = http_form_value(&r->form, "don-vi");
    if (form_unit.p && !str_eq(form_unit, c.unit.code)) {
        struct ntm_unit other;
        int found = form_unit.n <= 16 ? ntm_unit_by_code(r->db, ntm_cstr(r->arena, form_unit), r->arena, &other) : 0;
        if (found < 0)
            return -1;
        if (found && !may_see_unit(&c, other.id))
            return refuse(r, &c, autosave, 403, STR("Bạn không được nhập số liệu của đơn vị này."));
        return refuse(r, &c, autosave, 400, STR("Mã đơn vị trong biểu mẫu không khớp với địa chỉ của trang."));
    }
    struct str form_period = http_form_value(&r->form, "ky");
    if (form_period.p && !str_eq(form_period, r->captures[1]))
        return refuse(r, &c, autosave, 400, STR("Kỳ báo cáo trong biểu mẫu không khớp với địa chỉ của trang."));
    if (!may_change(&c))
        return refuse(r, &c, autosave, 409,
                      c.entry.state == NTM_SUBMITTED
                          ? STR("Báo cáo đã được gửi: không sửa được cho đến khi Văn phòng Điều phối trả lại.")
                          : STR("Báo cáo đã được duyệt: không sửa được. Hãy đề nghị Văn phòng Điều phối trả lại."));
    if (!anything_editable(&c))
        return refuse(r, &c, autosave, 403,
                      STR("Kỳ này không có chỉ tiêu nào bạn được nhập: không lưu hay gửi được báo cáo này."));
    if (submit && !may_send(&c))
        return refuse(r, &c, autosave, 403,
                      STR("Báo cáo do xã gửi Văn phòng Điều phối; sở, ngành lưu số liệu các tiêu chí mình phụ trách "
                          "(bấm Lưu)."));

    size_t ni = c.set.n_indicators, nc = c.set.n_criteria;
    struct typed *typed = ARENA_ARRAY(r->arena, struct typed, ni + 1);
    struct typed_record *records = ARENA_ARRAY(r->arena, struct typed_record, nc + 1);
    /* every field naming an indicator or criterion: in the set, and this person's */
    for (size_t f = 0; f < r->form.n_fields; f++) {
        struct str name = r->form.fields[f].name;
        for (size_t k = 0; k < 4; k++) {
            int64_t id = field_id(name, VALUE_PREFIXES[k]);
            if (!id)
                continue;
            size_t i = 0;
            while (i < ni && c.set.indicators[i].id != id)
                i++;
            if (i == ni)
                return refuse(r, &c, autosave, 400, STR("Biểu mẫu có chỉ tiêu không thuộc bộ tiêu chí của kỳ này."));
            if (!indicator_editable(&c, i))
                return refuse(r, &c, autosave, 403,
                              arena_printf(r->arena,
                                           "Bạn không được nhập chỉ tiêu %.*s: chỉ tiêu thuộc tiêu chí do sở, ngành "
                                           "khác phụ trách hoặc không nhập được.",
                                           (int)c.set.indicator_code[i].n, c.set.indicator_code[i].p));
            typed[i].sent = true;
        }
        for (size_t k = 0; k < 3; k++) {
            int64_t id = field_id(name, RECORD_PREFIXES[k]);
            if (!id)
                continue;
            size_t ci = 0;
            while (ci < nc && c.set.criteria[ci].id != id)
                ci++;
            if (ci == nc)
                return refuse(r, &c, autosave, 400, STR("Biểu mẫu có tiêu chí không thuộc bộ tiêu chí của kỳ này."));
            if (!record_editable(&c, ci))
                return refuse(r, &c, autosave, 403, STR("Chỉ Văn phòng Điều phối ghi trực tiếp kết quả của tiêu chí."));
            records[ci].sent = true;
        }
    }

    /* the values, checked by type and range */
    struct save_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 16384);
    struct arena *ja = &j->arena;
    j->values = ARENA_ARRAY(ja, struct ntm_value_input, ni + 1);
    j->editable = ARENA_ARRAY(ja, int64_t, ni + 1);
    j->recorded = ARENA_ARRAY(ja, struct ntm_recorded_input, nc + 1);
    j->record_editable = ARENA_ARRAY(ja, int64_t, nc + 1);
    j->evidence = ARENA_ARRAY(ja, struct ntm_evidence_input, ni * EVIDENCE_MAX + 1);
    j->guards = ARENA_ARRAY(ja, struct field_guard, ni + nc + 2);
    bool bad = false, changed = false, conflict = false;
    struct str base = http_form_value(&r->form, "ban-goc");
    /* the digests of what the page sent, field by field: once saved, they
     * are what its fields stand for (the autosave's next "ban-goc") */
    uint32_t *sent_i = ARENA_ARRAY(r->arena, uint32_t, ni + 1), *sent_k = ARENA_ARRAY(r->arena, uint32_t, nc + 1);
    bool *has_i = ARENA_ARRAY(r->arena, bool, ni + 1), *has_k = ARENA_ARRAY(r->arena, bool, nc + 1);
    for (size_t i = 0; i < ni; i++) {
        if (!typed[i].sent)
            continue;
        const struct ntm_indicator *ind = &c.set.indicators[i];
        int64_t id = ind->id;
        char name[32];
        struct typed *t = &typed[i];
        snprintf(name, sizeof name, "gt-%lld", (long long)id);
        t->raw = trimmed(http_form_value(&r->form, name));
        snprintf(name, sizeof name, "gc-%lld", (long long)id);
        t->note = trimmed(http_form_value(&r->form, name));
        snprintf(name, sizeof name, "ng-%lld", (long long)id);
        t->source = trimmed(http_form_value(&r->form, name));
        snprintf(name, sizeof name, "mc-%lld", (long long)id);
        t->evidence = trimmed(http_form_value(&r->form, name));
        t->value = NAN;
        t->text = STR("");
        const struct ntm_entry_value *sv = stored_value(&c.entry, id);
        /* a field not sent at all keeps what is stored (the form sends them all) */
        if (!http_form_value(&r->form, name).p && !t->evidence.n)
            t->evidence = evidence_text(r->arena, &c.entry, id);
        snprintf(name, sizeof name, "gc-%lld", (long long)id);
        if (!http_form_value(&r->form, name).p && sv)
            t->note = sv->note;
        snprintf(name, sizeof name, "ng-%lld", (long long)id);
        if (!http_form_value(&r->form, name).p && sv)
            t->source = sv->source;
        snprintf(name, sizeof name, "gt-%lld", (long long)id);
        bool value_sent = http_form_value(&r->form, name).p != NULL;
        if (!value_sent && sv) {
            t->value = sv->value;
            t->text = sv->text;
            t->raw = isnan(sv->value) ? STR("") : ntm_decimal_format(r->arena, sv->value);
        }
        if (value_sent && t->raw.n) {
            double x;
            switch (ind->type) {
            case NTM_TYPE_MET:
                if (str_eq_lit(t->raw, "1") || str_eq_lit(t->raw, "0"))
                    t->value = t->raw.p[0] - '0';
                else
                    t->error = STR("Hãy chọn Có hoặc Không.");
                break;
            case NTM_TYPE_LEVEL: {
                struct str names[32];
                size_t nl = level_names(c.info[i].levels, names, 32);
                int64_t k = id_of(t->raw);
                if (k >= 1 && (size_t)k <= nl) {
                    t->value = (double)k;
                    t->text = names[k - 1];
                } else
                    t->error = STR("Hãy chọn một mức trong danh sách.");
                break;
            }
            case NTM_TYPE_PERCENT:
                if (ntm_decimal_ambiguous(ntm_without_percent(t->raw)))
                    t->error = str_cstr(ntm_decimal_ambiguous_why(r->arena, ntm_without_percent(t->raw)));
                else if (!ntm_decimal_parse(ntm_without_percent(t->raw), &x))
                    t->error = ntm_decimal_too_long(t->raw)
                                   ? STR("Tỷ lệ có quá nhiều chữ số (tối đa 15 chữ số, từ 0 đến 100%).")
                                   : STR("Tỷ lệ phải là một số từ 0 đến 100, phần thập phân sau dấu phẩy (ví dụ 78,5; "
                                         "dấu % có thể bỏ).");
                else if (x < 0 || x > 100)
                    t->error = STR("Tỷ lệ phải từ 0 đến 100%.");
                else
                    t->value = x;
                break;
            case NTM_TYPE_NUMBER:
                if (ntm_decimal_ambiguous(t->raw))
                    t->error = str_cstr(ntm_decimal_ambiguous_why(r->arena, t->raw));
                else if (!ntm_decimal_parse(t->raw, &x))
                    t->error = ntm_decimal_too_long(t->raw)
                                   ? STR("Giá trị quá lớn hoặc có quá nhiều chữ số (tối đa 15 chữ số).")
                                   : STR("Giá trị phải là một số, phần thập phân sau dấu phẩy (ví dụ 78,5).");
                else if (x < 0)
                    t->error = STR("Giá trị không được âm.");
                else if (x > 1e12)
                    t->error = STR("Giá trị quá lớn.");
                else
                    t->value = x;
                break;
            }
        }
        if (!ntm_text_ok(t->note, NTM_TEXT_MAX) || !ntm_text_ok(t->source, NTM_TEXT_MAX))
            t->side_error = STR("Ghi chú hoặc nguồn quá dài (tối đa 2.000 ký tự).");
        /* evidence: media ids of the library, space- or comma-separated */
        size_t first_evidence = j->n_evidence, count = 0;
        struct str rest = t->evidence;
        while (!t->side_error.n && rest.n) {
            while (rest.n && (rest.p[0] == ' ' || rest.p[0] == ','))
                rest = str_skip(rest, 1);
            size_t len = 0;
            while (len < rest.n && rest.p[len] != ' ' && rest.p[len] != ',')
                len++;
            if (!len)
                break;
            int64_t media = id_of(str_make(rest.p, len));
            rest = str_skip(rest, len);
            bool again = false; /* the same file named twice is one file, looked up once */
            for (size_t k = first_evidence; k < j->n_evidence && !again; k++)
                again = j->evidence[k].media_id == media;
            if (again)
                continue;
            int exists = media ? media_exists(r->db, media) : 0;
            if (exists < 0) {
                save_release(&j->job);
                return -1;
            }
            if (!media || !exists)
                t->side_error = arena_printf(r->arena, "Không có tệp mã số “%.*s” trong thư viện tệp.",
                                             (int)(len > 30 ? 30 : len), rest.p - len);
            else if (++count > EVIDENCE_MAX)
                t->side_error = STR("Mỗi chỉ tiêu tối đa 20 tệp minh chứng.");
            else
                j->evidence[j->n_evidence++] = (struct ntm_evidence_input){id, media};
        }
        if (t->error.n || t->side_error.n) {
            j->n_evidence = first_evidence;
            bad = true;
            continue;
        }
        uint32_t orig;
        sent_i[i] = value_digest(r->arena, t->value, t->text, t->note, t->source, t->evidence);
        has_i[i] = true;
        if (base.p && base_digest(base, 'i', id, &orig)) {
            if (sent_i[i] == orig) {
                /* not changed on this page: what is stored stays, whoever wrote it since */
                j->n_evidence = first_evidence;
                t->sent = false;
                continue;
            }
            uint32_t stored = stored_value_digest(r->arena, &c.entry, id);
            if (stored != orig && stored != sent_i[i]) {
                struct str now = stored_words(r->arena, &c, i);
                t->error = arena_printf(
                    r->arena,
                    "Người khác vừa sửa chỉ tiêu này sau khi bạn mở trang (số liệu đang lưu: %.*s). Ô này giữ điều "
                    "bạn nhập: bấm Lưu lần nữa để thay số liệu đang lưu, hoặc tải lại trang để xem bản mới.",
                    (int)now.n, now.p);
                j->n_evidence = first_evidence;
                conflict = bad = true;
                continue;
            }
            j->guards[j->n_guards++] = (struct field_guard){'i', i, id, orig, sent_i[i]};
        }
        double before = sv ? sv->value : NAN;
        if (isnan(before) != isnan(t->value) ||
            (!isnan(before) && fabs(before - t->value) > 1e-9 * fmax(1, fabs(before))))
            changed = true;
        j->editable[j->n_editable++] = id;
        j->values[j->n_values++] = (struct ntm_value_input){.indicator_id = id,
                                                            .value = t->value,
                                                            .text = arena_strdup(ja, t->text.p, t->text.n),
                                                            .note = arena_strdup(ja, t->note.p, t->note.n),
                                                            .source = arena_strdup(ja, t->source.p, t->source.n)};
    }
    for (size_t ci = 0; ci < nc; ci++) {
        if (!records[ci].sent)
            continue;
        struct typed_record *t = &records[ci];
        int64_t id = c.set.criteria[ci].id;
        char name[32];
        snprintf(name, sizeof name, "kq-%lld", (long long)id);
        t->raw = trimmed(http_form_value(&r->form, name));
        snprintf(name, sizeof name, "kqgc-%lld", (long long)id);
        t->note = trimmed(http_form_value(&r->form, name));
        snprintf(name, sizeof name, "kqng-%lld", (long long)id);
        t->source = trimmed(http_form_value(&r->form, name));
        t->met = -1;
        if (str_eq_lit(t->raw, "1") || str_eq_lit(t->raw, "0"))
            t->met = t->raw.p[0] - '0';
        else if (t->raw.n)
            t->error = STR("Hãy chọn Đạt hoặc Không đạt.");
        if (!t->error.n && (!ntm_text_ok(t->note, NTM_TEXT_MAX) || !ntm_text_ok(t->source, NTM_TEXT_MAX)))
            t->error = STR("Ghi chú hoặc nguồn quá dài (tối đa 2.000 ký tự).");
        if (t->error.n) {
            bad = true;
            continue;
        }
        uint32_t orig;
        sent_k[ci] = record_digest(t->met, t->note, t->source);
        has_k[ci] = true;
        if (base.p && base_digest(base, 'k', id, &orig)) {
            if (sent_k[ci] == orig) {
                t->sent = false;
                continue;
            }
            uint32_t stored = stored_record_digest(&c.entry, id);
            if (stored != orig && stored != sent_k[ci]) {
                t->error = STR("Người khác vừa ghi kết quả tiêu chí này sau khi bạn mở trang. Ô này giữ điều bạn "
                               "chọn: bấm Lưu lần nữa để thay kết quả đang lưu, hoặc tải lại trang để xem bản mới.");
                conflict = bad = true;
                continue;
            }
            j->guards[j->n_guards++] = (struct field_guard){'k', ci, id, orig, sent_k[ci]};
        }
        const struct ntm_entry_recorded *sr = stored_record(&c.entry, id);
        if ((sr ? sr->met : -1) != t->met)
            changed = true;
        j->record_editable[j->n_record_editable++] = id;
        j->recorded[j->n_recorded++] =
            (struct ntm_recorded_input){.criterion_id = id,
                                        .met = t->met,
                                        .note = arena_strdup(ja, t->note.p, t->note.n),
                                        .source = arena_strdup(ja, t->source.p, t->source.n)};
    }
    struct str note = http_form_value(&r->form, "ghi-chu");
    if (note.p && c.who == WHO_DEPARTMENT) {
        /* the report's note is the commune's: a department writes its notes
         * beside the indicators it answers for (a page that drew it in a
         * box, sent back as it was drawn, changes nothing) */
        uint32_t drawn;
        bool as_drawn = base.p && base_digest(base, 'n', 0, &drawn) && note_digest(trimmed(note)) == drawn;
        if (!as_drawn && !str_eq(trimmed(note), c.entry.id ? c.entry.note : STR(""))) {
            save_release(&j->job);
            return refuse(r, &c, autosave, 403,
                          STR("Ghi chú chung của báo cáo do xã viết: sở, ngành ghi chú ở từng chỉ tiêu mình phụ "
                              "trách."));
        }
        note = STR_NULL;
    }
    struct str reason = trimmed(http_form_value(&r->form, "ly-do"));
    uint32_t orig_note;
    bool note_conflict = false;
    struct buf next_base = {0};
    if (base.p) {
        for (size_t i = 0; i < ni; i++) {
            uint32_t d;
            if (has_i[i] || base_digest(base, 'i', c.set.indicators[i].id, &d))
                buf_printf(&next_base, "i%lld:%08x ", (long long)c.set.indicators[i].id, has_i[i] ? sent_i[i] : d);
        }
        for (size_t ci = 0; ci < nc; ci++) {
            uint32_t d;
            if (has_k[ci] || base_digest(base, 'k', c.set.criteria[ci].id, &d))
                buf_printf(&next_base, "k%lld:%08x ", (long long)c.set.criteria[ci].id, has_k[ci] ? sent_k[ci] : d);
        }
        uint32_t d;
        if (note.p || base_digest(base, 'n', 0, &d))
            buf_printf(&next_base, "n:%08x", note.p ? note_digest(trimmed(note)) : d);
    }
    j->base = arena_strdup(ja, next_base.p ? next_base.p : "", next_base.n);
    buf_free(&next_base);
    if (note.p && base.p && base_digest(base, 'n', 0, &orig_note)) {
        if (note_digest(trimmed(note)) == orig_note)
            note = STR_NULL; /* not changed on this page */
        else if (note_digest(c.entry.id ? c.entry.note : STR("")) != orig_note &&
                 note_digest(c.entry.id ? c.entry.note : STR("")) != note_digest(trimmed(note)))
            note_conflict = conflict = bad = true;
        else
            j->guards[j->n_guards++] = (struct field_guard){'n', 0, 0, orig_note, note_digest(trimmed(note))};
    }
    struct render_input back = {
        .typed = typed, .records = records, .note = note.p ? trimmed(note) : STR_NULL, .reason = reason};
    if (note_conflict)
        back.error = STR("Người khác vừa sửa ghi chú chung của báo cáo sau khi bạn mở trang. Ô ghi chú giữ điều bạn "
                         "viết: bấm Lưu lần nữa để thay ghi chú đang lưu, hoặc tải lại trang để xem bản mới.");
    if (note.p && !ntm_text_ok(note, NTM_TEXT_MAX)) {
        back.error = STR("Ghi chú chung quá dài (tối đa 2.000 ký tự).");
        bad = true;
    }
    if (!ntm_text_ok(reason, NTM_TEXT_MAX)) {
        back.reason_error = STR("Lý do quá dài (tối đa 2.000 ký tự).");
        bad = true;
    } else if (changed && !reason.n && c.entry.id && c.entry.state != NTM_DRAFT) {
        back.reason_error = STR("Cần ghi lý do khi thay đổi giá trị đã gửi hoặc đã được duyệt.");
        bad = true;
    }
    if (bad) {
        /* the first problem in words (the editor's script shows this line
         * alone: the messages beside the fields come with the full page) */
        const char *why = "Chưa lưu được: xem các ô có lời nhắn bên cạnh.";
        bool named = false;
        for (size_t i = 0; i < ni && !named; i++) {
            struct str e = typed[i].error.n ? typed[i].error : typed[i].side_error;
            if (e.n) {
                why = arena_printf(r->arena, "Chỉ tiêu %.*s: %.*s", (int)c.set.indicator_code[i].n,
                                   c.set.indicator_code[i].p, (int)e.n, e.p)
                          .p;
                named = true;
            }
        }
        if (!named && back.reason_error.n)
            why = arena_strdup(r->arena, back.reason_error.p, back.reason_error.n).p, named = true;
        if (!named && back.error.n)
            why = arena_strdup(r->arena, back.error.p, back.error.n).p;
        save_release(&j->job);
        if (autosave)
            return autosave_refusal(r, conflict ? 409 : 400, why);
        if (!back.error.n)
            back.error = STR("Chưa lưu được: xem các ô có lời nhắn bên cạnh.");
        return render_entry(r, &c, conflict ? 409 : 400, &back);
    }
    keep_typed(j, typed, ni, records, nc, back.note);
    j->job.work = save_work;
    j->job.finish = save_finish;
    j->job.release = save_release;
    j->unit_id = c.unit.id;
    j->user_id = s->user.id;
    j->now = r->now;
    j->who = c.who;
    j->set_code = ntm_cstr(ja, c.set.code);
    j->year = c.year;
    j->quarter = c.quarter;
    j->submit = submit;
    j->autosave = autosave;
    j->note_sent = note.p != NULL;
    j->note = note.p ? arena_strdup(ja, back.note.p, back.note.n) : STR("");
    j->reason = arena_strdup(ja, reason.p, reason.n);
    struct str period = ntm_period_code(r->arena, c.year, c.quarter);
    j->object = arena_printf(ja, "%.*s (%.*s), %.*s", (int)c.unit.full_name.n, c.unit.full_name.p, (int)c.unit.code.n,
                             c.unit.code.p, (int)period.n, period.p);
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    snprintf(j->code, sizeof j->code, "%.*s", (int)c.unit.code.n, c.unit.code.p);
    snprintf(j->period, sizeof j->period, "%.*s", (int)period.n, period.p);
    return web_defer(r, &j->job);
}

/* --- the list of units ---------------------------------------------------------------------------- */

static void state_cells(struct web_req *r, const struct ntm_entry *e, int found, struct str *state, struct str *cls,
                        struct str *result)
{
    if (found != 1) {
        *state = STR("Chưa nhập");
        *cls = STR("chua");
        *result = STR("");
        return;
    }
    *state = str_cstr(STATE_NAMES[e->state]);
    *cls = str_cstr(STATE_CLASSES[e->state]);
    *result = arena_printf(r->arena, "%d/%d tiêu chí đạt", e->criteria_met, e->criteria_total);
}

/* The state of a unit's report for a period: 1 found, 0 none, -1. Reads
 * only the assessment's row (no values). */
static const char SQL_UNIT_PERIOD[] =
    "SELECT state, criteria_met, criteria_total FROM ntm_assessment WHERE unit_id = ?1 AND year = ?2 AND quarter = ?3 "
    "ORDER BY id LIMIT 1";

static int period_state(struct store_conn *db, int64_t unit_id, int year, int quarter, struct ntm_entry *e)
{
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_PERIOD);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int(st, 3, quarter);
    int rc = store_step(db, st);
    if (rc == 1) {
        struct str s = store_col_str(st, 0);
        e->state = str_eq_lit(s, "submitted")  ? NTM_SUBMITTED
                   : str_eq_lit(s, "accepted") ? NTM_ACCEPTED
                   : str_eq_lit(s, "returned") ? NTM_RETURNED
                                               : NTM_DRAFT;
        e->criteria_met = sqlite3_column_int(st, 1);
        e->criteria_total = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc;
}

static bool name_matches(struct str name, struct str folded_filter)
{
    if (!folded_filter.n)
        return true;
    struct buf b = {0};
    bool ok = vi_fold(&b, name) == 0 && b.n >= folded_filter.n;
    bool found = false;
    for (size_t i = 0; ok && !found && i + folded_filter.n <= b.n; i++)
        found = !memcmp(b.p + i, folded_filter.p, folded_filter.n);
    buf_free(&b);
    return found;
}

static int units_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_ENTER, &answered);
    if (!s)
        return answered;
    struct ntm_admin_units_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Số liệu nông thôn mới", ADMIN_NTM);
    enum who_kind who = who_of(s);
    v.may_manage = who == WHO_OFFICE;
    struct vi_time today;
    vi_time_from_unix(r->now, &today);
    int current = today.year < FIRST_YEAR ? FIRST_YEAR : today.year > 2100 ? 2100 : today.year;
    int year = current, quarter = 0;
    struct str asked = web_param(r, "ky");
    if (asked.p && asked.n && !ntm_period_parse(asked, &year, &quarter))
        return web_error_saying(r, 400, STR("Kỳ nhập số liệu phải là một năm (?ky=2025) hoặc một quý của năm "
                                            "(?ky=2025-q2, quý 1 đến 4)."));
    if (!ntm_set_for_year(year))
        return web_error_saying(r, 404, arena_printf(r->arena, "Năm %d không có bộ tiêu chí nông thôn mới áp dụng: "
                                                               "chọn một kỳ trong danh sách.", year));
    struct str not_begun = ntm_period_not_begun(r->arena, year, quarter, r->now);
    if (not_begun.n)
        return web_error_saying(r, 404, not_begun);
    v.period_code = ntm_period_code(r->arena, year, quarter);
    v.period_label = ntm_period_label(r->arena, year, quarter);
    int py = year, pq = quarter;
    ntm_period_previous(&py, &pq);
    v.prev_label = ntm_period_label(r->arena, py, pq);
    /* the periods offered: the years with a set, and the quarters of the last two years */
    v.periods = ARENA_ARRAY(r->arena, struct ntm_admin_option, (current - FIRST_YEAR + 1) + 9);
    for (int y = current; y >= FIRST_YEAR; y--) {
        if (!ntm_set_for_year(y))
            continue;
        v.periods[v.n_periods++] = (struct ntm_admin_option){
            ntm_period_code(r->arena, y, 0), ntm_period_label(r->arena, y, 0), y == year && quarter == 0};
        if (y >= current - 1)
            for (int q = 4; q >= 1; q--)
                if (ntm_period_started(y, q, r->now))
                    v.periods[v.n_periods++] =
                        (struct ntm_admin_option){ntm_period_code(r->arena, y, q), ntm_period_label(r->arena, y, q),
                                                  y == year && q == quarter};
    }
    if (quarter && year < current - 1)
        v.periods[v.n_periods++] = (struct ntm_admin_option){v.period_code, v.period_label, true};

    struct ntm_unit *units = NULL;
    size_t n = 0;
    if (who == WHO_REPORTER) {
        struct ntm_scope scope;
        if (ntm_scope_read(r->db, s->user.id, r->arena, &scope) != 0)
            return -1;
        units = ARENA_ARRAY(r->arena, struct ntm_unit, scope.n_units + 1);
        for (size_t i = 0; i < scope.n_units; i++) {
            int rc = ntm_unit_by_id(r->db, scope.units[i], r->arena, &units[n]);
            if (rc < 0)
                return -1;
            n += rc == 1 && units[n].current;
        }
        v.scope_note = n ? STR("Các xã, phường được giao cho tài khoản của bạn. Bấm vào trạng thái của một kỳ để "
                               "nhập hoặc xem số liệu.")
                         : STR("Tài khoản của bạn chưa được giao xã, phường nào: hãy đề nghị Văn phòng Điều phối "
                               "giao.");
    } else {
        char province[32];
        int rc = ntm_home_province(r->db, province, sizeof province);
        if (rc < 0)
            return -1;
        if (rc == 1 && ntm_units_of(r->db, province, r->arena, &units, &n) != 0)
            return -1;
        v.show_filter = true;
        v.filter = trimmed(web_param(r, "q"));
        if (v.filter.n > 100)
            return web_error(r, 400);
        v.scope_note = who == WHO_DEPARTMENT
                           ? STR("Mọi xã, phường của tỉnh. Bạn nhập các chỉ tiêu thuộc tiêu chí do sở, ngành của "
                                 "mình phụ trách; các chỉ tiêu khác chỉ xem.")
                           : STR("Mọi xã, phường của tỉnh, với trạng thái báo cáo của kỳ đã chọn và kỳ trước.");
        if (who == WHO_DEPARTMENT) { /* which criteria are theirs, in the set of the year chosen */
            struct ntm_scope scope;
            if (ntm_scope_read(r->db, s->user.id, r->arena, &scope) != 0)
                return -1;
            struct buf list = BUF_INIT;
            for (size_t i = 0; i < scope.n_criteria; i++) {
                char number[16];
                int got = ntm_criterion_number(r->db, scope.criteria[i], year, number);
                if (got < 0) {
                    buf_free(&list);
                    return -1;
                }
                if (got == 1)
                    buf_printf(&list, "%s%s", list.n ? ", " : "", number);
            }
            struct str who_dept = scope.department.n ? scope.department : STR("Sở, ngành của bạn");
            v.scope_note = list.n ? arena_printf(r->arena,
                                                 "Mọi xã, phường của tỉnh. %.*s phụ trách các tiêu chí %.*s của bộ tiêu "
                                                 "chí năm %d: bạn nhập các chỉ tiêu của những tiêu chí này (trên trang "
                                                 "nhập liệu, các ô khác chỉ xem).",
                                                 (int)who_dept.n, who_dept.p, (int)list.n, list.p, year)
                                  : STR("Sở, ngành của bạn chưa được giao tiêu chí nào của bộ tiêu chí năm này: hãy "
                                        "đề nghị Văn phòng Điều phối phân công.");
            buf_free(&list);
        }
    }
    struct buf folded = {0};
    if (v.filter.n && vi_fold(&folded, v.filter) != 0) {
        buf_free(&folded);
        return web_error(r, 400);
    }
    struct str filter = str_make(folded.p ? folded.p : "", folded.n);
    v.rows = ARENA_ARRAY(r->arena, struct ntm_admin_unit_row, n + 1);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!name_matches(units[i].full_name, filter))
            continue;
        struct ntm_admin_unit_row *row = &v.rows[v.n_rows++];
        row->code = units[i].code;
        row->name = units[i].full_name;
        if (who == WHO_REPORTER && units[i].parent_id) {
            struct ntm_unit p;
            if ((rc = ntm_unit_by_id(r->db, units[i].parent_id, r->arena, &p)) < 0)
                break;
            rc = 0;
            row->province = p.full_name;
        }
        struct str prev_code = ntm_period_code(r->arena, py, pq);
        row->url_now = arena_printf(r->arena, BASE "nhap/%.*s/%.*s", (int)row->code.n, row->code.p,
                                    (int)v.period_code.n, v.period_code.p);
        row->url_prev =
            arena_printf(r->arena, BASE "nhap/%.*s/%.*s", (int)row->code.n, row->code.p, (int)prev_code.n, prev_code.p);
        struct ntm_entry e = {0};
        int found = period_state(r->db, units[i].id, year, quarter, &e);
        if (found < 0) {
            rc = -1;
            break;
        }
        state_cells(r, &e, found, &row->state_now, &row->class_now, &row->result_now);
        found = period_state(r->db, units[i].id, py, pq, &e);
        if (found < 0) {
            rc = -1;
            break;
        }
        state_cells(r, &e, found, &row->state_prev, &row->class_prev, &row->result_prev);
        if (!ntm_set_for_year(py))
            row->url_prev = row->url_now;
    }
    buf_free(&folded);
    if (rc < 0)
        return -1;
    admin_page(r, 200);
    tpl_ntm_admin_units(portal_out(r), &v);
    return 0;
}

/* --- the office: queue and review ------------------------------------------------------------------- */

static const struct ntm_admin_link OFFICE_LINKS[] = {
    {LIT(OFFICE "#cho-duyet"), LIT("Báo cáo chờ duyệt"), LIT("duyệt hoặc trả lại số liệu các xã gửi")},
    {LIT(BASE), LIT("Số liệu các xã"), LIT("trạng thái báo cáo của từng xã, nhập và sửa số liệu")},
    {LIT(OFFICE "cong-nhan/"), LIT("Công nhận đạt chuẩn"), LIT("ghi quyết định công nhận")},
    {LIT(OFFICE "bo-tieu-chi/"), LIT("Bộ tiêu chí"), LIT("tiêu chí, chỉ tiêu, mức yêu cầu theo nhóm")},
    {LIT(OFFICE "ke-hoach/"), LIT("Kế hoạch"), LIT("năm phấn đấu đạt chuẩn của từng xã")},
    {LIT(OFFICE "phan-cong/"), LIT("Phân công phụ trách"), LIT("sở, ngành và thành viên phụ trách tiêu chí")},
    {LIT(OFFICE "do-dau/"), LIT("Đơn vị đỡ đầu"), LIT("đơn vị đỡ đầu và việc đã cam kết")},
    {LIT(OFFICE "mo-hinh/"), LIT("Khu dân cư kiểu mẫu, vườn mẫu"), LIT("")},
    {LIT(OFFICE "nguon-von/"), LIT("Nguồn vốn"), LIT("vốn huy động theo năm và nguồn")},
    {LIT(OFFICE "don-vi/"), LIT("Đơn vị hành chính"), LIT("sáp nhập, chia tách theo ngày hiệu lực")},
    {LIT(OFFICE "tai-khoan/"), LIT("Tài khoản nhập liệu"), LIT("xã, phường và sở, ngành của từng tài khoản")},
    {LIT(OFFICE "bao-cao/"), LIT("Báo cáo gửi cấp trên"), LIT("tải về dạng .xlsx")},
    {LIT(BASE "excel/"), LIT("Nhập, xuất Excel"), LIT("biểu mẫu nhập liệu theo kỳ")},
    {LIT(BASE "hoat-dong/"), LIT("Tập huấn, đoàn công tác"), LIT("")},
};

static int queue_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    struct ntm_admin_queue_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Văn phòng Điều phối", ADMIN_NTM_OFFICE);
    struct str code = web_param(r, "thong-bao");
    if (str_eq_lit(code, "da-duyet"))
        v.f.notice = STR("Đã duyệt báo cáo: số liệu đã được công khai.");
    else if (str_eq_lit(code, "da-tra-lai"))
        v.f.notice = STR("Đã trả lại báo cáo kèm ý kiến.");
    v.links = OFFICE_LINKS;
    v.n_links = sizeof OFFICE_LINKS / sizeof OFFICE_LINKS[0];
    struct ntm_queue_row *rows;
    size_t n;
    if (ntm_queue_read(r->db, r->arena, &rows, &n) != 0)
        return -1;
    v.rows = ARENA_ARRAY(r->arena, struct ntm_admin_queue_row, n + 1);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_queue_row *q = &rows[i];
        struct ntm_admin_queue_row *row = &v.rows[v.n_rows++];
        row->id = q->id;
        row->url = arena_printf(r->arena, OFFICE "duyet/%lld", (long long)q->id);
        row->unit = arena_printf(r->arena, "%.*s (%.*s)", (int)q->unit_name.n, q->unit_name.p, (int)q->unit_code.n,
                                 q->unit_code.p);
        row->province = q->province_name;
        row->period = ntm_period_label(r->arena, q->year, q->quarter);
        row->submitted = when_text(r->arena, q->submitted_at);
        row->result = arena_printf(r->arena, "%d/%d tiêu chí đạt", q->criteria_met, q->criteria_total);
        if (q->has_previous) {
            struct str p = ntm_period_label(r->arena, q->prev_year, q->prev_quarter);
            row->previous = arena_printf(r->arena, "%.*s: %d tiêu chí đạt", (int)p.n, p.p, q->prev_criteria_met);
            row->changes = !q->gained && !q->lost && !q->changed
                               ? STR("không thay đổi")
                               : arena_printf(r->arena, "đạt thêm %d tiêu chí, không còn đạt %d tiêu chí; %d giá trị khác",
                                              q->gained, q->lost, q->changed);
        } else {
            row->previous = STR("chưa có kỳ nào được duyệt");
            row->changes = STR("báo cáo đầu tiên");
        }
    }
    admin_page(r, 200);
    tpl_ntm_admin_queue(portal_out(r), &v);
    return 0;
}

static int review_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    int64_t id = id_of(r->captures[0]);
    if (!id)
        return web_error(r, 404);
    struct ctx c;
    int rc = ctx_load_id(r, s, id, &c);
    if (rc)
        return ctx_refused(r, rc, &c);
    struct render_input in = {.review = true};
    return render_entry(r, &c, 200, &in);
}

struct review_job {
    struct web_job job;
    struct arena arena;
    int64_t id, user_id, now;
    bool accept;
    int seen_state; /* as the page showed it; -1 when the form did not say */
    struct ntm_review_comment *comments;
    size_t n_comments;
    struct str note, object;
    char login[72], address[48];
    int rc;
    char problem[300];
};

static void review_release(struct web_job *job)
{
    struct review_job *j = (struct review_job *)job;
    arena_free(&j->arena);
    free(j);
}

static void review_work(struct web_job *job, struct store_conn *db)
{
    struct review_job *j = (struct review_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    /* Another office user may have accepted or returned it since this page
     * was drawn: their decision is not undone unseen. */
    struct ntm_entry now;
    int found = ntm_entry_read_id(db, j->id, &j->arena, &now);
    if (found <= 0) {
        store_write_finish(db, -1);
        return;
    }
    if (j->seen_state >= 0 && (int)now.state != j->seen_state) {
        /* the same person's second click, or another tab of theirs, is not "someone else" */
        int64_t by = 0;
        if (ntm_entry_state_by(db, j->id, &by) < 0) {
            store_write_finish(db, -1);
            return;
        }
        snprintf(j->problem, sizeof j->problem,
                 "Báo cáo vừa được %s chuyển sang \"%s\" sau khi trang này được mở: hãy xem trạng thái mới "
                 "rồi quyết định lại.",
                 by == j->user_id ? "chính bạn (ở một trang khác, hoặc bấm hai lần)" : "người khác",
                 STATE_NAMES[now.state]);
        store_write_finish(db, -1);
        j->rc = 1; /* refused: the page comes back, with the state as it is now */
        return;
    }
    int rc = ntm_entry_set_state(db, j->id, j->accept ? NTM_ACCEPTED : NTM_RETURNED, j->user_id, j->now, j->note,
                                 j->comments, j->n_comments, j->problem, sizeof j->problem);
    bool refused = rc != 0 && is_refusal(j->problem);
    if (rc == 0) {
        char detail[600];
        snprintf(detail, sizeof detail, "%s%zu ý kiến%s%.*s", j->accept ? "duyệt; " : "trả lại; ", j->n_comments,
                 j->note.n ? "; ý kiến chung: " : "", (int)(j->note.n > 400 ? 400 : j->note.n),
                 j->note.p ? j->note.p : "");
        struct str d = str_cstr(detail);
        d.n = utf8_truncate(d, 500);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address),
                          j->accept ? "ntm_entry_accept" : "ntm_entry_return", j->object, d);
    }
    j->rc = store_write_finish(db, rc);
    if (rc != 0)
        j->rc = refused ? 1 : -1;
}

static int review_finish(struct web_req *r, struct web_job *job)
{
    struct review_job *j = (struct review_job *)job;
    r->no_store = true;
    r->cacheable = false;
    if (j->rc == 0)
        return web_redirect(r, 303,
                            str_cstr(j->accept ? OFFICE "?thong-bao=da-duyet" : OFFICE "?thong-bao=da-tra-lai"));
    if (j->rc != 1)
        return -1;
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    struct ctx c;
    int rc = ctx_load_id(r, s, j->id, &c);
    if (rc)
        return ctx_refused(r, rc, &c);
    struct render_input in = {.review = true, .error = str_cstr(j->problem)};
    return render_entry(r, &c, 409, &in);
}

static int review_save(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    int64_t id = id_of(r->captures[0]);
    if (!id)
        return web_error(r, 404);
    struct ctx c;
    int rc = ctx_load_id(r, s, id, &c);
    if (rc)
        return ctx_refused(r, rc, &c);
    struct str verb = http_form_value(&r->form, "viec");
    bool accept = str_eq_lit(verb, "nhan");
    struct render_input in = {.review = true, .posted = &r->form};
    if (!accept && !str_eq_lit(verb, "tra-lai")) {
        in.error = STR("Hãy chọn Duyệt hoặc Trả lại.");
        return render_entry(r, &c, 400, &in);
    }
    if (!accept && !commune_enters_something(&c)) {
        in.error = STR(NO_RETURN_WHY);
        return render_entry(r, &c, 409, &in);
    }
    struct review_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 8192);
    j->comments = ARENA_ARRAY(&j->arena, struct ntm_review_comment, r->form.n_fields + 1);
    unsigned long long seen;
    struct str seen_text = http_form_value(&r->form, "trang-thai-da-xem");
    j->seen_state = str_to_u64(seen_text, &seen) && seen <= NTM_RETURNED ? (int)seen : -1;
    for (size_t f = 0; f < r->form.n_fields && !accept; f++) {
        struct str name = r->form.fields[f].name, value = trimmed(r->form.fields[f].value);
        int64_t ind = field_id(name, "yk-"), cri = field_id(name, "ykt-");
        if (!value.n || (!ind && !cri))
            continue;
        bool known = false;
        for (size_t i = 0; i < c.set.n_indicators && ind && !known; i++)
            known = c.set.indicators[i].id == ind;
        for (size_t i = 0; i < c.set.n_criteria && cri && !known; i++)
            known = c.set.criteria[i].id == cri;
        if (!known || !ntm_text_ok(value, NTM_TEXT_MAX)) {
            review_release(&j->job);
            in.error = known ? STR("Một ý kiến quá dài (tối đa 2.000 ký tự).")
                             : STR("Ý kiến cho một chỉ tiêu không thuộc báo cáo này.");
            return render_entry(r, &c, 400, &in);
        }
        j->comments[j->n_comments++] = (struct ntm_review_comment){
            .indicator_id = ind, .criterion_id = cri, .comment = arena_strdup(&j->arena, value.p, value.n)};
    }
    struct str note = trimmed(http_form_value(&r->form, "yk-chung"));
    if (!ntm_text_ok(note, NTM_TEXT_MAX)) {
        review_release(&j->job);
        in.error = STR("Ý kiến chung quá dài (tối đa 2.000 ký tự).");
        return render_entry(r, &c, 400, &in);
    }
    if (!accept && !note.n && !j->n_comments) {
        review_release(&j->job);
        in.error = STR("Khi trả lại, hãy ghi ý kiến cho ít nhất một chỉ tiêu hoặc ý kiến chung.");
        return render_entry(r, &c, 400, &in);
    }
    j->job.work = review_work;
    j->job.finish = review_finish;
    j->job.release = review_release;
    j->id = id;
    j->user_id = s->user.id;
    j->now = r->now;
    j->accept = accept;
    j->note = accept ? STR("") : arena_strdup(&j->arena, note.p, note.n);
    struct str period = ntm_period_code(r->arena, c.year, c.quarter);
    j->object = arena_printf(&j->arena, "báo cáo %lld: %.*s (%.*s), %.*s", (long long)id, (int)c.unit.full_name.n,
                             c.unit.full_name.p, (int)c.unit.code.n, c.unit.code.p, (int)period.n, period.p);
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    return web_defer(r, &j->job);
}

/* The admin home page's work for a commune's reporter: the reports the
 * office returned, to mend and send again. */
static int reporter_todo(struct web_req *r, const struct people_session *s, struct people_todo *out, size_t room)
{
    if (!room || !people_role_may(s->user.role, RIGHT_NTM_ENTER) || people_role_may(s->user.role, RIGHT_NTM_MANAGE) ||
        s->user.role == ROLE_NTM_DEPARTMENT)
        return 0;
    struct ntm_returned back;
    if (ntm_returned_to(r->db, s->user.id, r->arena, &back) != 0)
        return -1;
    if (!back.n)
        return 0;
    struct str period = ntm_period_code(r->arena, back.latest_year, back.latest_quarter);
    out[0] = (struct people_todo){
        arena_printf(r->arena, "%lld báo cáo nông thôn mới bị Văn phòng trả lại, cần sửa và gửi lại",
                     (long long)back.n),
        back.n == 1 ? arena_printf(r->arena, BASE "nhap/%.*s/%.*s", (int)back.latest_unit_code.n,
                                   back.latest_unit_code.p, (int)period.n, period.p)
                    : arena_printf(r->arena, BASE "?ky=%.*s", (int)period.n, period.p)};
    return 1;
}

void ntm_entry_register(void)
{
    people_todo_register(reporter_todo);
    static const char *const units_params[] = {"ky", "q", NULL};
    static const char *const notice[] = {"thong-bao", NULL};
    /* a full set: about 60 indicators of four fields and 20 criteria of three */
    struct http_form_limits big = {.max_fields = 1200, .max_value = 4 * NTM_TEXT_MAX, .max_name = 32, .max_part_head = 1024};
    router_add((struct route){.pattern = BASE, .get = units_page, .known_params = units_params});
    router_add((struct route){.pattern = BASE "nhap/*/*",
                              .get = entry_page,
                              .post = entry_save,
                              .known_params = notice,
                              .flags = ROUTE_FORM | ROUTE_WORKER,
                              .max_body = 512 * 1024,
                              .form = big});
    router_add((struct route){.pattern = OFFICE, .get = queue_page, .known_params = notice});
    router_add((struct route){.pattern = OFFICE "duyet/*",
                              .get = review_page,
                              .post = review_save,
                              .flags = ROUTE_FORM | ROUTE_WORKER,
                              .max_body = 512 * 1024,
                              .form = big});
}
