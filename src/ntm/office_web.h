/*
 * office_web.h - what the office's management pages share: office_web.c
 * holds the machinery, office_forms.c the lists and form readers, and one
 * file a page (office_accounts.c, office_recognition.c, office_plans.c,
 * office_duties.c, office_sponsors.c, office_models.c, office_funds.c,
 * office_unit_pages.c, office_sets_web.c).
 *
 * A page is drawn from a struct office_page: a few tables and forms, one
 * template (ntm/admin_office.html). A form that is sent is checked in the
 * handler first; its problems come back beside their fields (400) with
 * what was typed kept. A form that passes becomes an office_job: its
 * write function runs on a worker, calling src/ntm/'s write functions,
 * and the audit entry is written in the same transaction. A refusal from
 * there (a rule only the database can check) comes back the same way; a
 * failed statement is the 500 page. After a write the browser goes back
 * to the page with "?thong-bao=da-luu".
 */
#ifndef DINH_NTM_OFFICE_WEB_H
#define DINH_NTM_OFFICE_WEB_H

#include <stdbool.h>
#include <stdint.h>

#include "http/web.h"
#include "ntm/ntm.h"
#include "ntm/office_view.h"
#include "people/people.h"

#define OFFICE_PATH "/quan-tri/nong-thon-moi/van-phong/"
#define OFFICE_PROBLEMS 8
#define OFFICE_MAX_NEW_UNITS 20

struct office_problem {
    const char *field;
    struct str text;
};

/* How a page is drawn: after a GET (status 200, nothing posted) or after
 * a form `form_id` was refused. */
struct office_state {
    int status;
    int64_t id;     /* the page's object (an account, a model...), 0 for none */
    struct str key; /* or its code (a criteria set's); the job's finish has no captures */
    const struct http_form *posted;
    struct str form_id;
    struct str error;
    struct office_problem problems[OFFICE_PROBLEMS];
    size_t n_problems;
};

/* Adds a problem beside field `field` of the posted form. */
void office_problem(struct office_state *st, const char *field, struct str text);

struct office_page {
    struct web_req *r;
    const struct people_session *s;
    const struct office_state *st;
    struct ntm_office_view v;
    char province[16];      /* the home province's code, "" when none */
    struct ntm_unit *units; /* its current units */
    size_t n_units;
    struct office_state wrong_filter; /* st, once office_filter_wrong said so */
};

/* Starts a page at `self` (its address, for the menu). -1 when the
 * database failed. */
int office_page_begin(struct office_page *p, struct web_req *r, const struct people_session *s,
                      const struct office_state *st, const char *self, const char *title, const char *intro);
/* Draws it (no-store, never cached). */
int office_page_end(struct office_page *p);
/* A filter the address gives wrongly: unless the page already answers an
 * error, it answers 400 with `why` above its lists, drawn without that
 * filter. */
void office_filter_wrong(struct office_page *p, struct str why);

struct ntm_office_table *office_table(struct office_page *p, const char *caption, const char *empty,
                                      const char *const *heads, size_t cap_rows, bool buttons);
/* The page of a long list the address asks for (?trang=N): 1 when
 * absent, 0 when it is no page number (the caller answers 400 saying
 * OFFICE_BAD_PAGE). */
int office_list_page(struct office_page *p);
#define OFFICE_BAD_PAGE "Số trang phải là một số từ 1 đến 10000."
/* Links to the neighbouring pages of table t, page `page` of the list at
 * `self` (more: a page follows), and the page's name when there are
 * several. */
void office_table_pages(struct office_page *p, struct ntm_office_table *t, const char *self, int page, bool more);
/* The same for a list of `per_page` rows a page at `self`, which may
 * already hold a query ("…/mo-hinh/?xa=12"). */
void office_table_pages_of(struct office_page *p, struct ntm_office_table *t, struct str self, int per_page, int page,
                           bool more);

struct ntm_office_row *office_row(struct office_page *p, struct ntm_office_table *t, struct str id);
void office_cell(struct ntm_office_row *row, struct str text, struct str url);
void office_button(struct office_page *p, struct ntm_office_row *row, struct str action, const char *name,
                   const char *value, const char *label);

struct ntm_office_form *office_form(struct office_page *p, const char *id, const char *heading, struct str action,
                                    const char *submit, size_t cap_fields);
/* The page's filter: a GET form (no token) drawn above its tables, its
 * fields' values as given in `def` (office_field). */
struct ntm_office_form *office_filter(struct office_page *p, const char *id, const char *heading, struct str action,
                                      const char *submit, size_t cap_fields);
/* A field whose value is what was posted (when this form was), else def. */
struct ntm_office_field *office_field(struct office_page *p, struct ntm_office_form *fm, const char *name,
                                      const char *label, const char *kind, struct str def);
/* A choice of a select (selected when it is the field's value) or of a
 * group of check boxes (selected as posted, else `selected`). */
void office_choice(struct office_page *p, struct ntm_office_field *fd, struct str value, struct str label,
                   bool selected);
/* The home province's current units as the choices of `fd`. */
void office_unit_choices(struct office_page *p, struct ntm_office_field *fd, bool with_empty);
/* The unit of the home province whose id is `value`, or NULL. */
const struct ntm_unit *office_unit(const struct office_page *p, struct str value);
/* A form value with the spaces around it taken off ("" when absent, and
 * when it shows nothing: utf8_is_blank). */
struct str office_value(const struct web_req *r, const char *name);
/* "2026" -> 2026 within [lo, hi]; false otherwise. */
bool office_int(struct str s, long lo, long hi, long *out);
/* "12" -> 12; 0 for anything else. */
int64_t office_id(struct str s);

/* --- writes ---------------------------------------------------------------------------- */

struct office_job;
typedef int (*office_write_fn)(struct store_conn *db, struct office_job *j, char *err, size_t errlen);
typedef int (*office_render_fn)(struct web_req *r, const struct people_session *s, const struct office_state *st);

struct office_job {
    struct web_job job;
    office_write_fn write;
    office_render_fn render;
    struct arena arena;
    int64_t user_id, now;
    char login[72], address[48];
    const char *action; /* the audit log's name for it */
    struct str object, detail;
    char form_id[32];
    char key[64];              /* office_state.key after a refusal */
    char back[200];            /* where the browser goes after the write */
    struct http_form kept;     /* the form, to draw it again after a refusal */
    const char *problem_field; /* where a refusal is shown; NULL: above the form */
    /* what the write takes */
    int64_t id, unit_id, ref_id;
    long y1, y2;
    double amount;
    bool has_amount, flag;
    const char *c1, *c2, *c3; /* codes from the pages' static lists */
    struct str t1, t2, t3, t4;
    int64_t ids[NTM_SCOPE_MAX_UNITS];
    size_t n_ids;
    struct ntm_new_unit units[OFFICE_MAX_NEW_UNITS];
    size_t n_units;
    int64_t made_id;
    /* results */
    int rc;
    bool refused;
    char err[1400];
};

/* A job for the request's form `form_id`, going back to `back` after. */
struct office_job *office_job_new(struct web_req *r, const struct people_session *s, const char *form_id,
                                  const char *back, office_write_fn write, office_render_fn render, const char *action);
/* A copy of s in the job's arena. */
struct str office_keep(struct office_job *j, struct str s);
int office_defer(struct web_req *r, struct office_job *j);

/* --- what the pages share (office_forms.c) ----------------------------------------------- */

/* The signed-in person with RIGHT_NTM_MANAGE as `s`, or the handler
 * returns (the login asked for, or 403; a POST's CSRF token checked). */
#define OFFICE_REQUIRE(r, s)                                                                                           \
    int answered_;                                                                                                     \
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered_);                                  \
    if (!s)                                                                                                            \
    return answered_

/* A code of the database and its Vietnamese name; lists end with NULL. */
struct code_label {
    const char *code, *label;
};
extern const struct code_label OFFICE_STATUSES[]; /* "ntm", "nang_cao", "kieu_mau", "hien_dai" */
/* the pages' and the office's workbook's names (excel_report.c) */
extern const struct code_label OFFICE_PLAN_STATES[]; /* a plan: "draft", "approved" */
extern const struct code_label OFFICE_DUTY_KINDS[];  /* who answers for a criterion: "department", "member" */
extern const struct code_label OFFICE_DUTY_ROLES[];  /* "lead", "support" */
extern const struct code_label OFFICE_TASK_STATES[]; /* a sponsor's task: "planned", "doing", "done", "dropped" */

/* The entry of `list` whose code is `value`, or NULL. */
const struct code_label *office_code_of(const struct code_label *list, struct str value);
/* The name of `code` in `list`, or the code itself. */
struct str office_label_of(const struct code_label *list, struct str code);
/* The list as the choices of `fd` (after `empty`, when not NULL). */
void office_code_choices(struct office_page *p, struct ntm_office_field *fd, const struct code_label *list,
                         const char *empty);
/* "2026-03-08" -> "08/03/2026"; anything else as it is. */
struct str office_vn_date(struct arena *a, struct str iso);
/* Whether s is a date written YYYY-MM-DD. */
bool office_iso_date(struct str s);
/* A one-line text of at most `max` characters: its problem, or NULL. */
const char *office_line_problem(struct str v, size_t max, bool required);
/* An amount typed as ntm_decimal_parse reads numbers ("1.250,5", "1.250"
 * = 1250, "78,5", "1250.5"): false when it is not one ("1.2.3", two
 * commas), negative, or above 1e12. */
bool office_amount_of(struct str v, double *out);
/* Whether v is a positive number that office_amount_of refuses only for its
 * size ("99999999999999999999"): it gets its own sentence. */
bool office_amount_too_big(struct str v);
/* The public page of commune `code`. */
struct str office_unit_url(struct arena *a, struct str code);
/* The home province's current units, to check a posted form: 0 (none
 * when there is no home province), or -1. */
int office_home_units(struct web_req *r, struct ntm_unit **units, size_t *n);
/* The unit of units[0..n) whose id is `value`, or NULL. */
const struct ntm_unit *office_unit_in(const struct ntm_unit *units, size_t n, struct str value);
/* The year of r->now (UTC). */
int office_this_year(const struct web_req *r);
/* The national set in force this year ("QD51-2025"). */
const char *office_set_now(const struct web_req *r);
/* The criteria of set `code` as the choices of `fd` ("17. Môi trường"). -1 on failure. */
int office_criteria_choices(struct office_page *p, struct ntm_office_field *fd, const char *code, const char *empty);
/* The criterion `value` (an id) of set `code`: its id, with "tiêu chí 17. Môi trường" in *label; 0 when it is
 * not one of them; -1 on failure. */
int64_t office_criterion_in(struct web_req *r, const char *code, struct str value, struct str *label);
/* "12". */
struct str office_id_text(struct arena *a, int64_t id);

/* --- routes -------------------------------------------------------------------------------- */

struct office_route {
    const char *pattern;
    web_handler get, post;
};
/* Adds the routes of a page: forms, bounded (64 KiB, 120 fields), no-store. */
void office_routes_add(const struct office_route *routes, size_t n);

/* Each page's routes (office_accounts.c, office_recognition.c, ...). */
void ntm_office_accounts_register(void);
void ntm_office_recognition_register(void);
void ntm_office_plans_register(void);
void ntm_office_duties_register(void);
void ntm_office_sponsors_register(void);
void ntm_office_models_register(void);
void ntm_office_funds_register(void);
void ntm_office_units_register(void);
void ntm_office_sets_register(void);

#endif
