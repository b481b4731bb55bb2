/*
 * docs.h - the register of official documents (văn bản): the filtered
 * list, one page per document, downloads of the attached files, the
 * blocks other pages show (the newest documents on the home page, the
 * documents an article cites), and the only code that writes them.
 *
 * Tables owned: doc_type, doc_issuer, doc_field, document, document_field,
 * document_file, article_document, document_fts.
 *
 * Routes (docs_register):
 *   /van-ban/                          the register, newest issue date first, 20 a page;
 *                                      ?loai= ?co-quan= ?linh-vuc= ?nam= ?tinh-trang= ?trang=
 *   /van-ban                           301 to /van-ban/
 *   /van-ban/<slug>-<id>.html          a document (a stale slug answers 301)
 *   /van-ban/tep/<file-id>/<name>      an attached file, as an attachment
 *   /quan-tri/van-ban/...              the newsroom's desk (desk.h, docs_desk_register)
 *
 * A document is shown when it is published and its issue date is not
 * after today in Vietnam, so a date typed in the future never reaches a
 * page: said once, in DOCS_SHOWN.
 *
 * Cache tags:
 *   doc:ID    pages that show document ID (its page, pages citing it,
 *             the document that replaces it or that it replaces)
 *   docs      pages that list documents (the register, the home page's
 *             newest documents, search results, sitemaps)
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

/* The SQL condition "shown", for a table alias ("d." or "") and the
 * parameter holding today's date ("?2", as "YYYY-MM-DD"). */
#define DOCS_SHOWN(alias, today) alias "published = 1 AND " alias "issued_on <= " today

/* Adds the module's routes to the router. */
void docs_register(void);

/* The `limit` newest shown documents, for the home page's "Văn bản mới"
 * (templates/docs/latest.html takes the result). Strings live in `a`.
 * Returns 0 or -1. */
int docs_latest(struct store_conn *db, struct arena *a, int64_t now, int limit, struct docs_item **out, size_t *n);

/* The shown documents an article cites (article_document), newest issue
 * date first, at most DOCS_FOR_ARTICLE_MAX, for "Văn bản liên quan". */
int docs_for_article(struct store_conn *db, struct arena *a, int64_t article_id, int64_t now,
                     struct docs_item **out, size_t *n);

/* The shown documents whose number is `number` as typed ("323/KH-UBND",
 * "Kế hoạch số 323/KH-UBND": parsed by number.c and compared in its
 * canonical form), newest first, at most `limit`: for the newsroom's
 * "Văn bản liên quan", which takes numbers. Returns 0 (*n may be 0, or
 * more than one when a register holds one number twice), DOCS_INVALID with
 * *problem (Vietnamese) when the number is malformed, or -1. */
int docs_find_by_number(struct store_conn *db, struct arena *a, struct str number, int64_t now, int limit,
                        struct docs_item **out, size_t *n, const char **problem);
/* The document numbered `number` (as typed) that article `article_id`
 * cites already, in any state, in *id (0 when none): a citation made while
 * the document was shown stays when it is taken off the site, so that the
 * article can still be saved (the article's page shows only the shown
 * documents). 0 or -1. */
int docs_article_cites(struct store_conn *db, int64_t article_id, struct str number, int64_t *id);
/* The canonical numbers of every document an article cites, in any state,
 * by issue date (newest first), at most DOCS_FOR_ARTICLE_MAX: what the
 * newsroom's form shows in its field. 0 or -1. */
int docs_article_numbers(struct store_conn *db, struct arena *a, int64_t article_id, struct str **out, size_t *n);

/* What a document's page shows of the articles that cite it comes from
 * the module that owns articles, which registers this function (docs does
 * not read their tables, nor include their module): links to the
 * published ones among `ids`, newest first, at most `limit`, each with its
 * id. Returns 0 or -1. */
struct web_req;
typedef int (*docs_article_links_fn)(struct web_req *r, const int64_t *ids, size_t n_ids, int limit,
                                     struct docs_link **out, size_t *n);
void docs_set_article_links(docs_article_links_fn fn);

/* --- writes ------------------------------------------------------------------
 *
 * Each is one transaction (a savepoint inside the caller's), touches the
 * cache tags above, and returns 0, -1 if a statement failed, or
 * DOCS_INVALID with a Vietnamese sentence in *problem (nothing written). */

#define DOCS_INVALID (-2)

struct docs_catalogue_input {
    int64_t id; /* 0: a new row */
    struct str slug, name, abbr; /* abbr is ignored for fields */
    int position;
};
int docs_catalogue_save(struct store_conn *db, int which, const struct docs_catalogue_input *in, int64_t *id,
                        const char **problem);

struct docs_document_input {
    int64_t id;      /* 0: a new document */
    bool create;     /* create with this id (the demo) */
    struct str number;               /* as written; parsed by docs/number.c, which must accept it */
    int64_t type_id, issuer_id;
    struct str signer_name, signer_position;
    struct str issued_on, effective_on, expires_on; /* "YYYY-MM-DD"; the last two may be empty */
    int status;                      /* 1 in force, 2 expired, 3 replaced */
    struct str abstract, body, slug; /* slug empty: made from the type, number and abstract */
    bool published;
    int64_t created_at, updated_at;
    const int64_t *field_ids;        /* its fields (replaced), or NULL to keep them */
    size_t n_fields;
    long long views;                 /* carried over on creation */
    int64_t owner_id;                /* on creation: the newsroom account that registers it (0 none) */
    bool set_replaced_by;            /* replaced_by is set (else kept, or NULL on creation) */
    int64_t replaced_by;             /* the document replacing this one, 0 for none */
};
int docs_document_save(struct store_conn *db, const struct docs_document_input *in, int64_t *id,
                       const char **problem);
/* Publishes or unpublishes; a document in the trash is refused. */
int docs_document_publish(struct store_conn *db, int64_t id, bool published, int64_t now, const char **problem);
/* Moves a document to the trash (unpublished, and remembered whether it
 * was published) or back from it (published again if it was). Nothing is
 * deleted. */
int docs_document_trash(struct store_conn *db, int64_t id, bool to_trash, int64_t now, const char **problem);
/* Deletes for good (the command line's business, never the desk's). */
int docs_document_delete(struct store_conn *db, int64_t id, const char **problem);
/* Adds `views` readers' views to document `id` (the visitor counter's
 * flusher, stats/views.h); touches no tag, so no page leaves the cache.
 * 0 (a document gone meanwhile too), or -1. */
int docs_document_add_views(struct store_conn *db, int64_t id, long long views);
/* Marks `old_id` replaced by `new_id` from `until` (its expiry date). */
int docs_document_replace(struct store_conn *db, int64_t old_id, int64_t new_id, struct str until,
                          const char **problem);

struct docs_file_input {
    int64_t document_id;
    int position;
    struct str name, mime;
    const void *bytes;
    size_t n;
    int64_t created_at;
};
int docs_file_add(struct store_conn *db, const struct docs_file_input *in, int64_t *id, const char **problem);
/* Removes one attached file of document `document_id`. */
int docs_file_remove(struct store_conn *db, int64_t document_id, int64_t file_id, const char **problem);
/* Records that an article cites a document (the article must exist). */
int docs_cite(struct store_conn *db, int64_t article_id, int64_t document_id, const char **problem);
/* Replaces the documents article `article_id` cites with ids[0..n) (each
 * must exist, at most DOCS_FOR_ARTICLE_MAX; repeats count once): the
 * newsroom's save of an article, in its transaction. Touches art:ID (the
 * article's page lists them) and doc:ID of every document that gains or
 * loses the article (its "Tin bài liên quan"). */
int docs_article_set(struct store_conn *db, int64_t article_id, const int64_t *ids, size_t n, const char **problem);

/* After a bulk load: merges the search index's segments. */
int docs_index_optimize(struct store_conn *db, char *err, size_t errlen);

/* Appends an ASCII stand-in for a Vietnamese name, keeping case and
 * dropping the marks: "Kế hoạch Đề án.pdf" -> "Ke hoach De an.pdf".
 * Characters with no ASCII letter behind them, controls, quotes,
 * backslashes and slashes become '_'. For the filename= of downloads and
 * the text of generated PDFs. Returns -1 (appending nothing) on invalid
 * UTF-8. */
int docs_ascii_fallback(struct buf *out, struct str in);
/* The Content-Disposition of file `name` (valid UTF-8): attachment, or
 * inline (shown by the browser) when inline_view, with the ASCII stand-in
 * and the RFC 5987 UTF-8 name. */
struct str docs_disposition(struct arena *a, struct str name, bool inline_view);

#endif
