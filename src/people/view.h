/*
 * view.h - what the newsroom's templates (templates/people/) show.
 */
#ifndef DINH_PEOPLE_VIEW_H
#define DINH_PEOPLE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/people.h"
#include "site/site.h"
#include "view/tpl.h"

enum admin_section {
    ADMIN_NONE,
    ADMIN_HOME,
    ADMIN_ARTICLES,
    ADMIN_DOCUMENTS,
    ADMIN_MEDIA,
    ADMIN_ACCOUNT,
    ADMIN_USERS,
    ADMIN_AUDIT,
    ADMIN_SETTINGS,
    ADMIN_CATEGORIES, /* the site module's pages */
    ADMIN_LINKS,
    ADMIN_NTM,        /* the NTM monitor's office side (src/ntm/) */
    ADMIN_NTM_OFFICE,
    ADMIN_NTM_ACTIVITIES,
};

/* The frame of every newsroom page. */
struct admin_frame {
    const struct site *site;
    struct str title;
    const struct people_session *viewer; /* NULL on the login page */
    struct str role_title;
    struct str csrf;                     /* the session's form token */
    int idle_seconds, remaining_seconds;
    enum admin_section section;
    bool may_manage_users;
    bool may_newsroom;   /* articles, documents, media */
    bool may_moderate;   /* readers' comments (editors and up) */
    bool may_ntm;        /* enters NTM data */
    bool may_ntm_manage; /* the NTM office */
    struct str notice, error;            /* one line after a form was sent */
};

struct admin_choice {
    struct str value, label;
};

struct admin_login_view {
    struct admin_frame f;
    struct str login, back, csrf, problem;
    bool expired, logged_out;
};

struct admin_home_view {
    struct admin_frame f;
    struct str rights[8];
    size_t n_rights;
    struct people_todo *todo; /* the work waiting, from the modules (people_todo_register) */
    size_t n_todo;
    struct str last_login, last_address;
};

struct admin_session_row {
    long long id;
    struct str created, seen, address, agent;
    bool current;
};

struct admin_account_view {
    struct admin_frame f;
    struct str pw_changed;
    struct admin_session_row *sessions;
    size_t n_sessions;
};

struct admin_user_row {
    long long id;
    struct str login, name, role, state, seen;
    bool locked, totp;
    bool throttled; /* held off by wrong passwords (not locked): may be unlocked, or locked */
};

struct admin_users_view {
    struct admin_frame f;
    bool require_totp_admin;
    int password_days; /* 0: passwords never expire */
    struct admin_user_row *users;
    size_t n_users;
    struct admin_choice roles[PEOPLE_ROLE_LAST];
    size_t n_roles;
    struct str add_login, add_name, add_role;
};

struct admin_audit_row {
    struct str at, login, address, action, object, detail;
};

struct admin_audit_view {
    struct admin_frame f;
    struct str login, action, from, to; /* the filter, as typed */
    const struct admin_choice *actions;
    size_t n_actions;
    struct admin_audit_row *rows;
    size_t n_rows;
    struct str older; /* link to the older entries, or empty */
    struct str newer; /* link back to the newer entries, or empty */
};

struct admin_twofactor_view {
    struct admin_frame f;
    bool enabled, pending, must_enrol;
    struct str key;     /* the secret in base32, in groups of four */
    struct str account; /* what the app shows: "issuer (login)" */
    struct str uri;     /* otpauth:// for apps that take a link */
    struct tpl_html qr; /* the same link as a QR code (inline SVG), for the app's camera */
    int recovery_left;
    struct str codes[PEOPLE_RECOVERY_CODES]; /* shown once, right after enabling */
    size_t n_codes;
};

struct admin_setting_field {
    struct str name, label, value;
    int max;
    bool long_text;
};

struct admin_settings_view {
    struct admin_frame f;
    struct admin_setting_field fields[14];
    size_t n_fields;
};

struct admin_check {
    struct str value, label;
    bool checked;
};

struct admin_user_view {
    struct admin_frame f;
    struct str login, name, role, state, categories_url, password_url;
    struct admin_check categories[64];
    size_t n_categories;
};

struct admin_code_view {
    struct admin_frame f;
    struct str problem;
    struct str csrf; /* the login form's token */
};

#endif
