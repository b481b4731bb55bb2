/*
 * internal.h - what the files of src/ntm/ share and nobody else uses: the
 * refusal helper, text checks and the CSV reader of the shipped data.
 */
#ifndef DINH_NTM_INTERNAL_H
#define DINH_NTM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "ntm/ntm.h"

#define NTM_TEXT_MAX 2000 /* a note, a source, a name: characters */
#define NTM_CSV_FIELDS 16 /* the widest shipped CSV has 9 */

/* Writes the message into err (always terminated) and returns -1. */
int ntm_refuse(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The message of a failed statement, for err. */
int ntm_refuse_sql(struct store_conn *db, char *err, size_t errlen, const char *what);

/* Valid UTF-8, no NUL, at most max bytes. */
bool ntm_text_ok(struct str s, size_t max);

/* Reads the next row of CSV text (RFC 4180: quotes, doubled quotes,
 * commas and newlines inside quotes) from *in, advancing it. Fields are
 * copied into `a`. Returns the number of fields, 0 at the end, -1 for a
 * broken row (an unclosed quote, more than max fields). */
int ntm_csv_row(struct str *in, struct arena *a, struct str *fields, size_t max);

/* The workbooks the monitor writes (libxlsxwriter writes a file, which is
 * read back into the answer): their MIME type, and at most this size. */
#define NTM_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define NTM_XLSX_MAX_BYTES (64u << 20)
/* A workbook being written into a temporary file. */
struct lxw_workbook;
struct ntm_xlsx {
    struct lxw_workbook *wb;
    char path[32];
};
/* Opens a workbook on a new temporary file (constant_memory: rows are
 * written in order and leave memory at once). 0, or -1 with nothing left. */
int ntm_xlsx_begin(struct ntm_xlsx *x, bool constant_memory);
/* Closes the workbook and, when `ok`, appends the file's bytes to out (at
 * most NTM_XLSX_MAX_BYTES in all); the file is removed. 0 when out holds
 * the workbook, -1 otherwise. */
int ntm_xlsx_end(struct ntm_xlsx *x, bool ok, struct buf *out);
/* The formats of the public summaries' sheets: a bold wrapped heading
 * with a rule under it, counts "#,##0", shares "0.0%", an italic note
 * that wraps (the sentence above a table, merged over its width). */
struct lxw_format;
struct ntm_xlsx_formats {
    struct lxw_format *head, *count, *share, *note;
};
void ntm_xlsx_formats_make(struct lxw_workbook *wb, struct ntm_xlsx_formats *f);
/* Answers with the workbook in out when status is 200 (its type, and
 * `filename` to save it as), else with the error page of status. */
struct web_req;
int ntm_xlsx_answer(struct web_req *r, int status, const struct buf *out, struct str filename);

/* Public workbooks kept between requests (kept.c): ntm_kept_epoch before
 * the read that builds one, ntm_kept_put after (dropped if a write came
 * between), ntm_kept_get for a copy of a book still current, with the int
 * it was kept with. ntm_kept_init registers the listener for writes. */
void ntm_kept_init(void);
uint64_t ntm_kept_epoch(void);
bool ntm_kept_get(const char *key, struct buf *out, int *meta);
void ntm_kept_put(const char *key, uint64_t built_at, int meta, const struct buf *book);

/* The map draws today's units; a year before a merger had others. What a
 * map of d's year cannot show, in a sentence (empty when the units are the
 * same): the former units of the year, and the units drawn that were formed
 * after it. `units` are the map's (ntm_map_read of that year). 0 or -1. */
int ntm_map_units_note(struct web_req *r, const struct ntm_dashboard *d, const struct ntm_map_unit *units, size_t n,
                       struct str *out);

/* Steps `st` (bound; one year a row, newest first) into at most 40 years
 * in `a`, then resets it. 0, or -1. */
int ntm_years_read(struct store_conn *db, sqlite3_stmt *st, struct arena *a, int **years, size_t *n);

/* SQL: the ids of the family of the set whose code is bound to parameter
 * `p` ("?3"): that set and every version made from it, at any depth. Public
 * figures for a year count every version, and match criteria by number. */
#define NTM_FAMILY(p)                                                                                                  \
    "(WITH RECURSIVE fam(id) AS (SELECT id FROM ntm_set WHERE code = " p " UNION SELECT s.id FROM ntm_set s "          \
    "JOIN fam ON s.parent_id = fam.id) SELECT id FROM fam)"

/* SQL, 1 or 0: unit `u` (an expression) stands recognised as NTM at the end
 * of year `y` (a parameter): its latest NTM decision up to then is not a
 * withdrawal. A plan to reach NTM is met by that decision, whatever an
 * assessment under a newer, stricter set says later. */
#define NTM_RECOGNISED(u, y)                                                                                           \
    "coalesce((SELECT x.act <> 'thu_hoi' FROM ntm_recognition x WHERE x.unit_id = " u " AND x.status = 'ntm' "       \
    "AND x.year <= " y " ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0)"

/* NTM_UNIT_OF_YEAR(u, y): unit `u` was one of its province's units at the
 * end of year `y` (a parameter): a current unit not formed after it by a
 * merger, or a former one valid then. A year's counts and its lists of
 * communes both take their units by this rule, so a list's rows add up to
 * the counts above it in the years before a merger too. */
#define NTM_UNIT_OF_YEAR(u, y)                                                                                         \
    "CASE WHEN " u ".valid_to IS NULL THEN NOT EXISTS (SELECT 1 FROM ntm_unit_lineage l JOIN ntm_unit_change c "     \
    "ON c.id = l.change_id WHERE l.to_unit_id = " u ".id AND c.effective > printf('%04d-12-31', " y ")) "          \
    "ELSE " u ".valid_to >= printf('%04d-12-31', " y ") AND " u ".valid_from <= printf('%04d-12-31', " y ") END"

/* A unit's full name as it stands inside a sentence: its kind in small
 * letters ("Tỉnh Hà Tĩnh" -> "tỉnh Hà Tĩnh", "Phường Bắc Hồng Lĩnh" ->
 * "phường Bắc Hồng Lĩnh"), as Vietnamese writes "Nông thôn mới tỉnh Hà
 * Tĩnh"; a name of another form is kept. */
struct str ntm_name_in_text(struct arena *a, struct str full_name);

/* Whether the dashboard's year is one with accepted assessments (a year
 * of a set's span may have none yet: 2027 under QĐ 51/2025). */
bool ntm_year_has_data(const struct ntm_dashboard *d);
/* Whether a whole year (not a quarter) shows nothing: no accepted
 * assessment and no accepted quarterly report. */
bool ntm_year_is_empty(const struct ntm_dashboard *d);
/* The 404 of a page asked for such a year, saying so. */
int ntm_no_data_year(struct web_req *r, int year);

/* n of total as the monitor writes a share everywhere, one decimal after
 * a comma: "69,3%", "100,0%"; "" when total is not positive. */
struct str ntm_percent(struct arena *a, int n, int total);
/* The shares of the n parts of a whole, as ntm_percent writes them, that
 * add up to 100,0% as shown when they can: each rounded alone, and when
 * they do not add up, the tenths missing or too many taken up by the
 * parts whose rounding moved them most the other way (the largest
 * remainder), none past the tenth on the other side of its exact share.
 * Parts of equal size always show equal shares, so a whole of many equal
 * parts may still add up to a few tenths off. out[i] is "" for every part
 * when the whole is not positive. */
void ntm_shares(struct arena *a, const double *parts, size_t n, struct str *out);

/* A str as a NUL-terminated copy in `a`. */
const char *ntm_cstr(struct arena *a, struct str s);

/* The public page of commune `code`: for `year` when it has an accepted
 * result of that year (the page of a year without one is 404), else its
 * page as it is (year 0). */
struct str ntm_unit_url(struct arena *a, struct str code, int year);

/* Computes the states of assessment `id` (set `set`, classified `key`)
 * from its stored values and recorded states, and stores them. Inside the
 * caller's write. */
int ntm_store_states(struct store_conn *db, const struct ntm_set *set, int64_t id, const char *key, char *err,
                     size_t errlen);

/* The current year in Vietnam (from core/clock.h, so tests can set it). */
int ntm_year_now(void);
/* A sponsor's task state ("planned", "doing", "done", "dropped") as read at
 * the end of `year`: one still open after the year it was due says so
 * ("Chưa thực hiện, quá hạn (hạn năm 2023)"), on the commune's page and
 * the office's alike. ntm_task_overdue: whether it is so. */
struct str ntm_task_state_text(struct arena *a, struct str state, int due_year, int year);
bool ntm_task_overdue(struct str state, int due_year, int year);
/* Records model `model_id`'s state at the end of `year` (history.c),
 * inside the caller's write. 0, or -1. */
int ntm_model_history_note(struct store_conn *db, int64_t model_id, int year, const char *state, int recognised_year);

/* Replaces *name by the department's name as the criteria already spell
 * it when it is the same but for case and spaces ("  sở nông nghiệp  và
 * môi trường"), else by itself trimmed, copied into `room`; the spelling of
 * responsibility `except_id` (not 0) does not count. 0, or -1 when the
 * list cannot be read (*name then unchanged). */
#define NTM_DEPARTMENT_ROOM 1024 /* names are at most 300 bytes */
int ntm_department_canonical(struct store_conn *db, struct str *name, int64_t except_id,
                             char room[NTM_DEPARTMENT_ROOM]);

#endif
