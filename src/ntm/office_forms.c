/*
 * office_forms.c - what the office's pages share beyond office_web.c's
 * machinery: the lists of codes and their Vietnamese names, reading the
 * values of a form the way people type them (dates, one-line texts,
 * amounts with Vietnamese separators), and the home province's communes
 * and the set in force as a form's choices. See office_web.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "text/utf8.h"
#include "text/vitime.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

const struct code_label OFFICE_STATUSES[] = {
    {"ntm", "Nông thôn mới"},
    {"nang_cao", "Nông thôn mới nâng cao"},
    {"kieu_mau", "Nông thôn mới kiểu mẫu"},
    {"hien_dai", "Nông thôn mới hiện đại"},
    {NULL, NULL},
};

const struct code_label OFFICE_PLAN_STATES[] = {{"draft", "Dự thảo"}, {"approved", "Đã phê duyệt"}, {NULL, NULL}};
const struct code_label OFFICE_DUTY_KINDS[] = {
    {"department", "Sở, ngành"}, {"member", "Thành viên Ban Chỉ đạo"}, {NULL, NULL}};
const struct code_label OFFICE_DUTY_ROLES[] = {{"lead", "Chủ trì"}, {"support", "Phối hợp"}, {NULL, NULL}};
const struct code_label OFFICE_TASK_STATES[] = {{"planned", "Chưa thực hiện"},
                                                {"doing", "Đang thực hiện"},
                                                {"done", "Đã hoàn thành"},
                                                {"dropped", "Không thực hiện"},
                                                {NULL, NULL}};

/* The entry of `list` whose code is `value`, or NULL. */
const struct code_label *office_code_of(const struct code_label *list, struct str value)
{
    for (; list->code; list++)
        if (str_eq_lit(value, list->code))
            return list;
    return NULL;
}

struct str office_label_of(const struct code_label *list, struct str code)
{
    const struct code_label *c = office_code_of(list, code);
    return c ? str_cstr(c->label) : code;
}

void office_code_choices(struct office_page *p, struct ntm_office_field *fd, const struct code_label *list,
                         const char *empty)
{
    if (empty)
        office_choice(p, fd, STR(""), str_cstr(empty), false);
    for (; list->code; list++)
        office_choice(p, fd, str_cstr(list->code), str_cstr(list->label), false);
}

/* "2026-03-08" -> "08/03/2026"; anything else as it is. */
struct str office_vn_date(struct arena *a, struct str iso)
{
    if (iso.n != 10 || iso.p[4] != '-' || iso.p[7] != '-')
        return iso;
    return arena_printf(a, "%.2s/%.2s/%.4s", iso.p + 8, iso.p + 5, iso.p);
}

bool office_iso_date(struct str s)
{
    if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
            return false;
    int y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 + (s.p[3] - '0');
    int m = (s.p[5] - '0') * 10 + (s.p[6] - '0'), d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
    return vi_date_valid(y, m, d); /* 30/02 is no date */
}

/* A one-line text of at most `max` characters; its problem or NULL. */
const char *office_line_problem(struct str v, size_t max, bool required)
{
    if (!v.n)
        return required ? "Cần điền ô này." : NULL;
    if (memchr(v.p, '\n', v.n))
        return "Chỉ viết trên một dòng.";
    if (utf8_count(v) > max)
        return max <= 100 ? "Quá dài: tối đa 100 ký tự."
               : max <= 200 ? "Quá dài: tối đa 200 ký tự."
               : max <= 300 ? "Quá dài: tối đa 300 ký tự."
                            : "Quá dài so với ô này.";
    return NULL;
}

/* An amount typed the Vietnamese way (ntm_decimal_parse: "1.250,5",
 * "1250.5"): false when it is not one, negative, or larger than 1e12. */
bool office_amount_too_big(struct str v)
{
    double d;
    if (ntm_decimal_parse(v, &d))
        return d > 1e12;
    size_t digits = 0;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.p[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c != '.' && c != ',' && c != ' ')
            return false;
    }
    return digits > 15;
}

bool office_amount_of(struct str v, double *out)
{
    double d;
    if (!ntm_decimal_parse(v, &d) || d < 0 || d > 1e12)
        return false;
    *out = d;
    return true;
}

struct str office_unit_url(struct arena *a, struct str code) { return ntm_unit_url(a, code, 0); }

/* The home province's current units (for checking a posted form). */
int office_home_units(struct web_req *r, struct ntm_unit **units, size_t *n)
{
    char province[16];
    *units = NULL;
    *n = 0;
    int rc = ntm_home_province(r->db, province, sizeof province);
    if (rc <= 0)
        return rc;
    return ntm_units_of(r->db, province, r->arena, units, n);
}

const struct ntm_unit *office_unit_in(const struct ntm_unit *units, size_t n, struct str value)
{
    int64_t id = office_id(value);
    for (size_t i = 0; id && i < n; i++)
        if (units[i].id == id)
            return &units[i];
    return NULL;
}

/* The year of r->now (UTC). */
int office_this_year(const struct web_req *r)
{
    time_t t = (time_t)r->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

/* The set in force this year ("QD51-2025"), or the newest one. */
const char *office_set_now(const struct web_req *r)
{
    const char *code = ntm_set_for_year(office_this_year(r));
    return code ? code : "QD51-2025";
}

/* The criteria of set `code` as choices ("17. Môi trường"). -1 on failure. */
int office_criteria_choices(struct office_page *p, struct ntm_office_field *fd, const char *code, const char *empty)
{
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(p->r->db, NTM_LIST_SET_CRITERIA, code, p->r->arena, &rows, &n, &more) != 0)
        return -1;
    if (empty)
        office_choice(p, fd, STR(""), str_cstr(empty), false);
    for (size_t i = 0; i < n; i++)
        office_choice(p, fd, arena_printf(p->r->arena, "%lld", (long long)rows[i].id),
                      arena_printf(p->r->arena, "%.*s. %.*s", (int)rows[i].col[0].n, rows[i].col[0].p,
                                   (int)rows[i].col[1].n, rows[i].col[1].p),
                      false);
    return 0;
}

/* The criterion `value` of set `code`: its id with its label in *label, 0
 * when it is not one of them, -1 on failure. */
int64_t office_criterion_in(struct web_req *r, const char *code, struct str value, struct str *label)
{
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SET_CRITERIA, code, r->arena, &rows, &n, &more) != 0)
        return -1;
    int64_t id = office_id(value);
    for (size_t i = 0; id && i < n; i++)
        if (rows[i].id == id) {
            *label = arena_printf(r->arena, "tiêu chí %.*s. %.*s", (int)rows[i].col[0].n, rows[i].col[0].p,
                                  (int)rows[i].col[1].n, rows[i].col[1].p);
            return id;
        }
    return 0;
}

struct str office_id_text(struct arena *a, int64_t id) { return arena_printf(a, "%lld", (long long)id); }
