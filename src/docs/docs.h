/*
 * docs.h - the register of official documents (văn bản): the filtered
 * list, one page per document, downloads of the attached files, and the
 * blocks other pages show (the newest documents on the home page, the
 * documents an article cites).
 *
 * Routes (docs_register):
 *   /van-ban/                          the register, newest issue date first, 20 a page;
 *                                      ?loai= ?co-quan= ?linh-vuc= ?nam= ?tinh-trang= ?trang=
 *   /van-ban                           301 to /van-ban/
 *   /van-ban/<slug>-<id>.html          a document (a stale slug answers 301)
 *   /van-ban/tep/<file-id>/<name>      an attached file, as an attachment
 */
#ifndef DINH_DOCS_DOCS_H
#define DINH_DOCS_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "docs/view.h"
#include "store/store.h"

/* At most this many documents under one article. */
#define DOCS_FOR_ARTICLE_MAX 10

/* Adds the module's routes to the router. */
void docs_register(void);

/* The `limit` newest shown documents (published, issued by today in
 * Vietnam), for the home page's "Văn bản mới" (templates/docs/latest.html
 * takes the result). Strings live in `a`. Returns how many. */
size_t docs_latest(struct store_conn *db, struct arena *a, int64_t now, int limit, struct docs_item **out);

/* The shown documents an article cites (article_document), newest issue
 * date first, at most DOCS_FOR_ARTICLE_MAX, for "Văn bản liên quan". */
size_t docs_for_article(struct store_conn *db, struct arena *a, int64_t article_id, int64_t now,
                        struct docs_item **out);

/* Appends an ASCII stand-in for a Vietnamese name, keeping case and
 * dropping the marks: "Kế hoạch Đề án.pdf" -> "Ke hoach De an.pdf".
 * Characters with no ASCII letter behind them, controls, quotes,
 * backslashes and slashes become '_'. For the filename= of downloads and
 * the text of generated PDFs. Returns -1 (appending nothing) on invalid
 * UTF-8. */
int docs_ascii_fallback(struct buf *out, struct str in);

#endif
