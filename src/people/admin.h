/*
 * admin.h - the newsroom's door: signing in and out, the session on every
 * request, the account pages and the administrators' pages for users and
 * the audit log, under /quan-tri/.
 *
 * Who is signed in is decided for every request from the dinh_phien
 * cookie (people_identify, called by the portal before any handler); such
 * a request is "personal": it is never answered from the page cache and
 * never stored in it. Every page under /quan-tri/ is sent with
 * Cache-Control: no-store, every POST carries the session's CSRF token
 * and a same-site Origin, and every action checks the role on the server.
 */
#ifndef DINH_PEOPLE_ADMIN_H
#define DINH_PEOPLE_ADMIN_H

#include <stdbool.h>

#include "http/web.h"
#include "people/people.h"

struct tpl_out;

struct people_config {
    int idle_seconds;    /* a session ends after this long without a request (1800) */
    bool demo_logins;    /* accept the accounts made by `init --demo` */
    bool secure_cookies; /* Secure cookies even when the base URL is http:// */
};

void people_configure(const struct people_config *c);
/* Reads the session cookie of the request; sets r->personal and the
 * request's viewer when it names a live session. */
void people_identify(struct web_req *r);
/* The signed-in person of the request, or NULL. */
const struct people_session *people_viewer(const struct web_req *r);
/* Adds the /quan-tri/ routes. */
void people_register(void);
/* Adds /quan-tri/cai-dat/, the agency's details (settings.c). */
void people_settings_register(void);

/* For the newsroom pages of other modules.
 *
 * people_require: the signed-in person with `right` (any right when < 0),
 * the session's "last seen" renewed; for a form, its CSRF token and Origin
 * checked. NULL when the request was answered instead (the login asked
 * for, or 403): the handler returns *answered (0, or -1 on a failure). */
const struct people_session *people_require(struct web_req *r, int right, int *answered);

/* The addresses of the previous and next pages of a newsroom list at
 * `path` ("/quan-tri/bai-viet/"), keeping the request's query parameters
 * named in `keep` (NULL-terminated) so that every filter stays; ?trang=
 * holds the page. *prev is empty on the first page, *next when has_next
 * is false. */
void people_list_neighbours(struct web_req *r, const char *path, const char *const *keep, int page, bool has_next,
                            struct str *prev, struct str *next);

struct admin_frame;
enum admin_section;
/* Fills the frame of a newsroom page (templates/people/head.html). */
void people_frame(struct web_req *r, struct admin_frame *f, const struct people_session *s, const char *title,
                  int section);
/* The error page of a request under /quan-tri/ (status, and the sentence
 * saying what was wrong) in the newsroom's frame, its menu if someone is
 * signed in, into `out` (portal_config.admin_error). */
void people_error_page(struct web_req *r, struct tpl_out *out, int status, struct str message);
/* The categories `user_id` may work in: *n = 0 means every one. */
int people_categories(struct web_req *r, int64_t user_id, int64_t **ids, size_t *n);

/* Work waiting for the person signed in, listed on the admin home page
 * ("3 bài chờ duyệt", with the address of the list that shows them). A
 * module registers a function that appends at most `room` lines to `out`
 * and returns how many, or -1 if a statement failed. */
typedef int (*people_todo_fn)(struct web_req *r, const struct people_session *s, struct people_todo *out, size_t room);
void people_todo_register(people_todo_fn fn);

#endif
