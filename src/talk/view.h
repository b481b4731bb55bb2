/*
 * view.h - what the talk templates (templates/talk/) show to readers: the
 * comments and the rating form under an article, the comment form and the
 * rating page. The newsroom's page has its own, moderate_view.h.
 *
 * Strings are in the form a reader sees (dates formatted, URLs built);
 * the templates only place and escape them. Nothing a reader wrote is
 * ever trusted HTML: names and texts reach the page through the text
 * escaper.
 */
#ifndef DINH_TALK_VIEW_H
#define DINH_TALK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/str.h"
#include "view/layout.h"

/* A shown comment or reply. */
struct talk_comment_view {
    int64_t id;
    struct str name;        /* the reader's, or "Ban biên tập" */
    struct str when, iso;   /* "05/12/2026 09:30" and its ISO 8601 form */
    struct str *paragraphs; /* the text, one paragraph per non-blank line */
    size_t n_paragraphs;
    bool from_desk;         /* an answer of the newsroom: "Ban biên tập trả lời" */
    struct talk_comment_view *replies; /* one level: replies have none */
    size_t n_replies;
    struct str reply_url;   /* the form, answering this comment */
};

/* Under an article: its approved comments, oldest first, and where the
 * reader writes one and rates the article. No per-reader token: the
 * article page is cached for everyone. */
struct talk_article_view {
    struct talk_comment_view *comments;
    size_t n_comments;
    long long shown, total; /* comments and replies shown, and approved in all */
    struct str form_url;    /* "/y-kien/12" */
    struct str rating_url;  /* "/danh-gia/12" */
    struct str rating_api;  /* "/api/danh-gia/12", for static/js/danh-gia.js */
};

/* The comment form (/y-kien/<id>), fresh or sent back with a problem. */
struct talk_form_view {
    struct layout_view layout;
    struct str article_title, article_url, action_url;
    struct str token;    /* the form's token; its question below */
    struct str question; /* "Ba cộng bốn bằng mấy?" */
    struct str name, email, text; /* as the reader typed them */
    long long parent_id;          /* answering this comment, or 0 */
    struct str parent_name;
    struct str error, notice;
    struct str name_error, email_error, text_error; /* beside their fields, or "" */
    bool show_form;
    bool moderated; /* comments wait for the newsroom before they show */
};

/* The answer to a comment sent to an article that left the site meanwhile
 * (404): what the reader typed, to copy it. */
struct talk_gone_view {
    struct layout_view layout;
    struct str name, text;
};

struct talk_star_choice {
    int value;
    bool checked;
};

/* The rating page (/danh-gia/<id>): the totals, the reader's own vote, and
 * a form with its token (the confirmation of a vote sent without one). */
struct talk_rating_view {
    struct layout_view layout;
    struct str article_title, article_url, action_url;
    long long sum, count;
    int stars; /* the vote to confirm, 0 for none */
    int mine;  /* the reader's vote so far, 0 for none */
    struct str token;
    struct str error, notice;
    struct talk_star_choice choices[5];
};

#endif
