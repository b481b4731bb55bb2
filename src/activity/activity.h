/*
 * activity.h - the NTM office's activities, which the portals used to
 * report only as news: training courses (lớp tập huấn) and delegation
 * visits (đoàn công tác).
 *
 * A training course has a title, its dates (from, to), a place, an
 * organiser, an audience, how many people were trained, materials (files
 * of the media library, by id) and a summary. A delegation visit has a
 * title, its dates, who led it and who went (one member a line), the
 * communes it stopped at in order, each with a day and the times it
 * arrived and left, its purpose and its conclusions. Long texts are plain
 * text: a blank line starts a new paragraph. Both are drafts until the
 * office publishes them; only published ones are public.
 *
 * Units. A stop names a commune-level unit of the portal's home province
 * (ntm_home_province) by its code; the module reaches units only through
 * src/ntm/ntm.h, and keeps with the stop the unit's name as it was when
 * the visit was saved (units merge: the public page links the code to the
 * commune's page while the unit is current, else shows the kept name).
 *
 * Tables owned: activity_item, activity_material, activity_stop
 * (021_office_activities.sql). Nobody else reads them.
 *
 * Writes are one transaction each (a savepoint inside the caller's), check
 * their input again inside it, and touch these cache tags:
 *   "activity:training" / "activity:visit"  the public list of that kind
 *   "activity:ID"                           the public page of one item
 * (and nothing of the ntm module's: a visit changes no commune's data).
 * Reads return 1 / 0 (found or not) or 0 for a list, and -1 when a
 * statement failed (logged by the store; the page answers 500).
 */
#ifndef DINH_ACTIVITY_ACTIVITY_H
#define DINH_ACTIVITY_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

enum activity_kind { ACTIVITY_TRAINING, ACTIVITY_VISIT };

/* Limits, in characters (code points) for texts. */
#define ACTIVITY_TITLE_MAX 300
#define ACTIVITY_LINE_MAX 300   /* place, organiser, audience, leader */
#define ACTIVITY_TEXT_MAX 10000 /* summary, members, purpose, conclusions */
#define ACTIVITY_TRAINED_MAX 100000
#define ACTIVITY_MAX_STOPS 30
#define ACTIVITY_MAX_MATERIALS 20
#define ACTIVITY_INVALID (-2)

struct activity_stop {
    struct str unit_code; /* a current commune-level unit of the home province */
    struct str unit_name; /* filled by activity_check from the ntm module */
    struct str day;       /* YYYY-MM-DD, within the visit's dates */
    struct str time_from, time_to; /* HH:MM, from before to */
};

struct activity {
    int64_t id; /* 0: a new one */
    enum activity_kind kind;
    struct str title, date_from, date_to; /* dates YYYY-MM-DD */
    /* a training course */
    struct str place, organiser, audience, summary;
    int trained;
    int64_t *materials; /* media ids, in the order shown */
    size_t n_materials;
    /* a delegation visit */
    struct str leader, members, purpose, conclusions;
    struct activity_stop *stops; /* in the order visited */
    size_t n_stops;
    bool published;
    int64_t created_at, updated_at;
};

/* The fields a problem can be about (the form shows it beside them). */
enum activity_field {
    ACTIVITY_FIELD_NONE,
    ACTIVITY_FIELD_TITLE,
    ACTIVITY_FIELD_DATE_FROM,
    ACTIVITY_FIELD_DATE_TO,
    ACTIVITY_FIELD_PLACE,
    ACTIVITY_FIELD_ORGANISER,
    ACTIVITY_FIELD_AUDIENCE,
    ACTIVITY_FIELD_TRAINED,
    ACTIVITY_FIELD_SUMMARY,
    ACTIVITY_FIELD_MATERIALS,
    ACTIVITY_FIELD_LEADER,
    ACTIVITY_FIELD_MEMBERS,
    ACTIVITY_FIELD_PURPOSE,
    ACTIVITY_FIELD_CONCLUSIONS,
    ACTIVITY_FIELD_STOPS, /* the itinerary as a whole (none, too many) */
    ACTIVITY_N_FIELDS,
};

/* What is wrong with an input: a Vietnamese sentence per field and per
 * stop (NULL where nothing is), and how many there are. */
struct activity_problems {
    const char *field[ACTIVITY_N_FIELDS];
    const char *stop[ACTIVITY_MAX_STOPS];
    int count;
};

/* Records a problem unless the field already has one. */
void activity_problem(struct activity_problems *p, enum activity_field f, const char *text);

/* Checks `in` (kind's fields only; the others are ignored and stored
 * empty) and fills each stop's unit_name (in `a`) from the ntm module.
 * Problems already in `p` (the form's own, such as a number that is not
 * one) are kept. 0 when it may be written, ACTIVITY_INVALID with `p`
 * filled, -1 when a statement failed. */
int activity_check(struct store_conn *db, struct arena *a, struct activity *in, struct activity_problems *p);

/* Creates (in->id 0) or replaces an item with its materials and stops,
 * after activity_check inside the transaction. A kind never changes (an
 * id of the other kind is refused). *id receives its id. 0, -1, or
 * ACTIVITY_INVALID with `p` filled (nothing written). */
int activity_save(struct store_conn *db, struct arena *a, struct activity *in, int64_t now, int64_t *id,
                  struct activity_problems *p);

/* Item `id` with its materials and stops, strings in `a`: 1, 0, -1. */
int activity_get(struct store_conn *db, struct arena *a, int64_t id, struct activity *out);
/* Tells the media library, again, which files every course uses as
 * materials (courses saved before it was told keep their files from
 * deletion too). One write; `dinh init` runs it. 0 or -1. */
int activity_uses_fill(struct store_conn *db);

/* A page of a list, newest first (by date_from, then id): kind -1 for
 * both, year 0 for all years (a year counts an item whose dates touch it),
 * only published ones when `published_only`. The items come without
 * materials and stops. *total receives how many match. 0, -1. */
struct activity_filter {
    int kind; /* -1, ACTIVITY_TRAINING or ACTIVITY_VISIT */
    int year; /* 0: every year */
    bool published_only;
};
int activity_list(struct store_conn *db, struct arena *a, const struct activity_filter *f, int offset, int limit,
                  struct activity **out, size_t *n, int64_t *total);

/* The years of every item's start, newest first (for the admin filter). */
int activity_years(struct store_conn *db, struct arena *a, int **out, size_t *n);

/* The slug of a title for its public address ("lop-tap-huan-..."), in `a`;
 * "hoat-dong" when the title has no letter or digit to keep. */
struct str activity_slug(struct arena *a, struct str title);

/* The public addresses: "/nong-thon-moi/tap-huan/" or
 * "/nong-thon-moi/doan-cong-tac/", and an item's own page
 * (list + "ID-slug"). */
const char *activity_list_path(enum activity_kind kind);
struct str activity_url(struct arena *a, const struct activity *it);

/* "Thứ hai - 08/06/2026": a date (YYYY-MM-DD) as the portal's articles
 * write their dateline, with the weekday; "" for a malformed one. */
struct str activity_date_text(struct arena *a, struct str iso_date);
/* "08/06/2026" or "08/06/2026 - 10/06/2026", with the weekdays. */
struct str activity_dates_text(struct arena *a, struct str from, struct str to);

/* The admin pages (/quan-tri/nong-thon-moi/hoat-dong/, admin.c) and the
 * public pages (/nong-thon-moi/tap-huan/, /nong-thon-moi/doan-cong-tac/,
 * pages.c). */
void activity_register(void);

#endif
