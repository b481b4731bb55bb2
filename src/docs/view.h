/*
 * view.h - what the document templates show (templates/docs/).
 *
 * The handlers in docs.c fill these from the reads in query.c; every
 * string is already what the reader sees (dates as dd/mm/yyyy, sizes with
 * a decimal comma, URLs built and percent-encoded), so the templates only
 * place and escape.
 */
#ifndef DINH_DOCS_VIEW_H
#define DINH_DOCS_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/str.h"
#include "view/layout.h"
#include "view/pager.h"

/* A document in a list: the register page, "Văn bản mới", "Văn bản liên
 * quan" under an article. */
struct docs_item {
    int64_t id;
    struct str url;
    struct str number;      /* canonical số ký hiệu: "464-QĐ/TU" */
    struct str abstract;    /* trích yếu */
    struct str type_name;   /* "Quyết định" */
    struct str issuer_name; /* "Tỉnh ủy Hà Tĩnh" */
    struct str date, iso;   /* issue date: "10/07/2024", "2024-07-10" */
    int status;             /* 1 in force, 2 expired, 3 replaced */
    struct str status_label;
};

/* An <option> of a filter. */
struct docs_option {
    struct str value, label;
    bool selected;
};

struct docs_list_page {
    struct layout_view layout;
    struct str heading; /* "Văn bản" */
    struct str summary; /* the active filters in words: "Kế hoạch · Năm 2024" */
    struct str message; /* an invalid filter, or no match */
    bool invalid;       /* a filter value was refused (the page answers 400) */
    bool filtered;      /* any filter is active: show "Xóa bộ lọc" */
    struct str keyword; /* ?q= as typed, shown again in its field */
    struct str example; /* the search field's placeholder, from the newest document: following it finds it */
    long long total;
    int page, pages;
    struct docs_item *items;
    size_t n_items;
    struct docs_option *types, *issuers, *fields, *years, *statuses;
    size_t n_types, n_issuers, n_fields, n_years, n_statuses;
    struct view_pager pager;
};

/* An attached file. */
struct docs_file {
    int64_t id;
    struct str name, url;
    struct str kind; /* "PDF", "Word", "Excel"... */
    struct str size; /* "12,5 KB" */
    bool viewable;   /* a PDF: the browser shows it (served inline) */
};

/* A link with a label: a field, a related article. */
struct docs_link {
    int64_t id; /* the article's id (0 for a field) */
    struct str label, url, date, iso;
};

struct docs_document_page {
    struct layout_view layout;
    int64_t id;
    struct str number, number_raw; /* number_raw is set only when it differs */
    struct str title;              /* "Kế hoạch số 323/KH-UBND" */
    struct str type_name, type_url, issuer_name, issuer_url;
    struct str signer; /* "Nguyễn Văn A, Phó Chủ tịch UBND tỉnh" or "" */
    struct str issued, issued_iso, effective, effective_iso, expires, expires_iso;
    int status;
    struct str status_label;
    struct str views; /* "1.234": readers' views as of this rendering */
    struct str abstract;
    struct str *paragraphs; /* the full text, if any */
    size_t n_paragraphs;
    struct docs_link *fields;
    size_t n_fields;
    struct docs_file *files;
    size_t n_files;
    struct docs_item *replaced_by; /* NULL, or the document that replaces this one */
    struct docs_item *replaces;    /* documents this one replaces */
    size_t n_replaces;
    struct docs_link *articles;
    size_t n_articles;
};

#endif
