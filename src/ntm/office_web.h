/*
 * office_web.h - what the office's management pages share (office_web.c
 * holds the machinery, office_pages.c and office_sets_web.c the pages).
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
};

/* Starts a page at `self` (its address, for the menu). -1 when the
 * database failed. */
int office_page_begin(struct office_page *p, struct web_req *r, const struct people_session *s,
                      const struct office_state *st, const char *self, const char *title, const char *intro);
/* Draws it (no-store, never cached). */
int office_page_end(struct office_page *p);

struct ntm_office_table *office_table(struct office_page *p, const char *caption, const char *empty,
                                      const char *const *heads, size_t cap_rows, bool buttons);
struct ntm_office_row *office_row(struct office_page *p, struct ntm_office_table *t, struct str id);
void office_cell(struct ntm_office_row *row, struct str text, struct str url);
void office_button(struct office_page *p, struct ntm_office_row *row, struct str action, const char *name,
                   const char *value, const char *label);

struct ntm_office_form *office_form(struct office_page *p, const char *id, const char *heading, struct str action,
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
/* A form value with the spaces around it taken off ("" when absent). */
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

/* The pages (office_pages.c, office_sets_web.c). */
void ntm_office_pages_register(void);
void ntm_office_sets_register(void);

#endif
