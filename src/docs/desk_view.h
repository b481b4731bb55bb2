/*
 * desk_view.h - what the documents desk's templates
 * (templates/docs/desk_list.html, desk_edit.html) show.
 */
#ifndef DINH_DOCS_DESK_VIEW_H
#define DINH_DOCS_DESK_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

struct docs_desk_choice {
    struct str value, label;
    bool selected;
};

struct docs_desk_list_row {
    long long id;
    struct str number, abstract, type, issuer, date, status, state, edit_url, public_url;
};

struct docs_desk_list_view {
    struct admin_frame f;
    struct str q;
    struct docs_desk_choice *types, *issuers, *fields, *years, *statuses, *states;
    size_t n_types, n_issuers, n_fields, n_years, n_statuses, n_states;
    struct docs_desk_list_row *rows;
    size_t n_rows;
    struct str total_text; /* "1.234" */
    struct str prev_url, next_url;
    int page, pages;
};

/* An attached file on the form. */
struct docs_desk_file {
    long long id;
    struct str name, kind, size, url; /* the desk's download, whatever the document's state */
};

/* A document with the same number, or a candidate replacement. */
struct docs_desk_match {
    long long id;
    struct str label, edit_url; /* "Quyết định số 12/QĐ-UBND, UBND tỉnh, 03/04/2024 (nháp)" */
    bool selected;
};

struct docs_desk_action {
    struct str value, label;
    bool primary;
};

struct docs_desk_edit_view {
    struct admin_frame f;
    long long id; /* 0: a new document */
    struct str action_url, state_title, public_url;
    /* the fields, as stored or as typed */
    struct str number, signer_name, signer_position, issued_on, effective_on, expires_on, abstract, body, slug;
    struct str replaced_by; /* the number of the replacing document */
    struct docs_desk_choice *types, *issuers, *statuses;
    size_t n_types, n_issuers, n_statuses;
    struct docs_desk_choice *fields; /* checkboxes */
    size_t n_fields;
    struct docs_desk_file *files;
    size_t n_files;
    /* what is wrong, beside its field */
    struct str number_error, replaced_error, files_error;
    struct docs_desk_match *duplicates; /* the number is already registered: confirm to save */
    size_t n_duplicates;
    struct docs_desk_match *candidates; /* several documents have the replacing number: pick one */
    size_t n_candidates;
    struct docs_desk_action actions[6];
    size_t n_actions;
    bool read_only;
};

#endif
