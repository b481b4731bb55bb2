/*
 * entry_view.h - what the office side's pages (templates/ntm/admin_*.html)
 * show, inside the newsroom's frame: the units an account may enter, the
 * entry screen of one unit and period (also the office's review screen),
 * and the office's queue.
 */
#ifndef DINH_NTM_ENTRY_VIEW_H
#define DINH_NTM_ENTRY_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

struct ntm_admin_option {
    struct str value, label;
    bool selected;
};

/* --- /quan-tri/nong-thon-moi/ ------------------------------------------- */

struct ntm_admin_unit_row {
    struct str code, name, province;
    struct str url_now, url_prev;     /* the entry screens of the two periods */
    struct str state_now, state_prev; /* "Chưa nhập", "Bản nháp", "Đã gửi", "Đã duyệt", "Bị trả lại" */
    struct str class_now, class_prev;   /* for the badge's colour */
    struct str result_now, result_prev; /* "12/19 tiêu chí đạt", or empty */
};

struct ntm_admin_units_view {
    struct admin_frame f;
    struct str period_code, period_label, prev_label;
    struct ntm_admin_option *periods;
    size_t n_periods;
    bool show_filter;
    struct str filter;
    struct str scope_note;
    struct ntm_admin_unit_row *rows;
    size_t n_rows;
    bool may_manage;
};

/* --- the entry (and review) screen ---------------------------------------- */

struct ntm_admin_history {
    struct str when, who, old_value, new_value, reason;
};

struct ntm_admin_indicator {
    long long id;
    struct str code, name, unit;
    struct str kind;          /* "met", "percent", "number", "level": data for the script */
    struct str op, threshold; /* the target for the unit, for the script: ">=", "<=", "=", "" (unknown) */
    struct str stored;        /* the value shown, as the script reads numbers ("78.5"; "" none) */
    struct str target, previous;
    bool is_select;                   /* met and level: a select */
    struct str value;                 /* a typed number, as typed */
    struct str value_shown;           /* read-only: the value as people read it */
    struct ntm_admin_option *options; /* the select's choices */
    size_t n_options;
    struct str note, source, evidence; /* evidence: media ids, "12 15" */
    struct str error;      /* the value's, beside it */
    struct str side_error; /* the note's, source's or evidence's, beside them */
    struct str state_name, state_class;
    bool editable;
    struct str comment; /* the office's, from the latest return */
    struct str typed_comment; /* the office's comment as typed, when its review is shown again */
    struct ntm_admin_history *history;
    size_t n_history;
};

struct ntm_admin_criterion {
    long long id;
    struct str number, name;
    bool indicators_loaded;
    bool recorded_editable; /* the office, where indicators are not loaded */
    int recorded;           /* -1 none, 0, 1 */
    struct str recorded_shown;
    struct ntm_admin_option *recorded_options;
    size_t n_recorded_options;
    struct str recorded_note, recorded_source, recorded_error;
    struct str state_name, state_class;
    bool by_record;
    struct str comment;
    struct str typed_comment; /* as typed, when the review is shown again */
    struct ntm_admin_history *history;
    size_t n_history;
    struct ntm_admin_indicator *indicators;
    size_t n_indicators;
};

struct ntm_admin_entry_view {
    struct admin_frame f;
    bool review; /* the office's review screen */
    struct str heading;
    struct str unit_name, unit_code, province_name, period_code, period_label, prev_label;
    struct str set_name, set_decision, target_label;
    struct str state_name, state_class;
    struct str action;
    struct str entry_url, review_url, back_url;
    bool editable; /* some field may be changed by this person */
    bool may_submit, may_accept, may_return;
    bool note_editable; /* the report's note is the commune's (and the office's), not a department's */
    bool changes_public; /* accepted: what is saved here is public at once */
    struct str readonly_why;
    struct str base; /* "ban-goc": what each field held when the form was drawn (entry.c, base_text) */
    struct str no_return_why; /* why a sent report is not offered back to the commune */
    int seen_state;           /* the review form's: the state it was drawn in, checked when sent */
    struct str unit_state_name, unit_state_class;
    int criteria_met, criteria_total;
    bool reason_needed;
    struct str reason, reason_error;
    struct str note;
    struct str general_comment;
    struct str typed_general; /* the review's general comment as typed, when shown again */
    struct str state_since; /* "gửi lúc 10:15 07/12/2026", "trả lại lúc …", "duyệt lúc …" */
    struct str undetermined; /* the review: criteria still "Chưa xác định", said before accepting */
    struct ntm_admin_criterion *criteria;
    size_t n_criteria;
};

/* --- the office's queue --------------------------------------------------- */

struct ntm_admin_link {
    struct str url, label, hint;
};

struct ntm_admin_queue_row {
    long long id;
    struct str url, unit, province, period, submitted, result, previous, changes;
};

struct ntm_admin_queue_view {
    struct admin_frame f;
    const struct ntm_admin_link *links;
    size_t n_links;
    struct ntm_admin_queue_row *rows;
    size_t n_rows;
};

#endif
