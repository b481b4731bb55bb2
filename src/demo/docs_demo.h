/*
 * docs_demo.h - demo content for the register of documents: the
 * catalogues (types, issuing bodies, fields), six years of documents of
 * every family with numbers in their family's form, attached PDF files
 * drawn by our own writer, and links from some articles to the documents
 * they cite.
 */
#ifndef DINH_DEMO_DOCS_DEMO_H
#define DINH_DEMO_DOCS_DEMO_H

#include "store/store.h"
#include <stddef.h>
#include <stdint.h>

/* How many documents the demo writes. */
#define DEMO_DOCUMENTS 84

/*
 * Writes the catalogues, DEMO_DOCUMENTS documents issued over the six
 * years before `now` (none after it), their fields and files, and links
 * about one article in five (of those already in `db`) to one or two
 * documents issued before it. Runs inside the caller's transaction (call
 * it after the articles are written) and leaves the transaction to the
 * caller. The same seed and `now` write the same rows. Returns 0, or -1
 * with a message in err (errlen bytes, NUL-terminated when errlen > 0).
 */
int demo_fill_documents(struct store_conn *db, unsigned seed, int64_t now, const int64_t *article_times,
                        size_t n_articles, char *err, size_t errlen);

/* Appends a one-page PDF 1.4 with `title` in bold and `lines` below it,
 * in the standard Helvetica fonts. The text must be printable ASCII (other
 * bytes are written as '?'); `date` is "YYYYMMDD" for the document
 * information. The file has a correct cross-reference table. */
struct buf;
void demo_pdf(struct buf *out, const char *title, const char *const *lines, size_t n_lines, const char *date);

#endif
