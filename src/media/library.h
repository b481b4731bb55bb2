/*
 * library.h - the media module's own reads and writes of its tables, for
 * its pages (pages.c) and its upload work (upload.c). Other modules use
 * media.h.
 *
 * Reads return 1/0 (found or not) or a count, and -1 when a statement
 * failed; writes are one transaction each (a savepoint inside the
 * caller's) and return 0, -1, or MEDIA_INVALID with a Vietnamese sentence
 * in *problem.
 */
#ifndef DINH_MEDIA_LIBRARY_H
#define DINH_MEDIA_LIBRARY_H

#include "media/media.h"

#define MEDIA_SEARCH_MAX 200  /* bytes of a search text */
#define MEDIA_PER_PAGE 40

struct media_row {
    int64_t id, uploader_id, created_at, size;
    struct str name, original_name, mime, kind, alt, caption;
    int width, height;
    int smallest_width; /* of its variants; 0 when it has none */
};

/* One file's row: 1, 0, -1. */
int media_row_get(struct store_conn *db, struct arena *a, int64_t id, struct media_row *out);
/* The file whose upload had this SHA-256: 1 (*id set), 0, -1. */
int media_find_hash(struct store_conn *db, const unsigned char hash[32], int64_t *id);

/* A page of the library, newest first: names, alt texts and captions
 * holding `q` (empty: all), of `kind` ("image", "document", or empty).
 * *more is set when there are more after this page. */
int media_list(struct store_conn *db, struct arena *a, struct str q, struct str kind, int offset, int limit,
               struct media_row **rows, size_t *n, bool *more);

/* Where a file is used: its media_use rows. */
struct media_use_row {
    struct str owner_kind;
    int64_t owner_id;
};
int media_uses(struct store_conn *db, struct arena *a, int64_t id, struct media_use_row **out, size_t *n);

struct media_variant_bytes {
    int width, height;
    const void *bytes;
    size_t n;
};
/* A new file with its variants. The name is tried as given, and with a
 * longer hash when taken (names_tried holds both, in order). *id receives
 * the new id. */
struct media_new {
    struct str names[2];
    struct str original_name, mime, kind, alt, caption;
    int width, height;
    const unsigned char *sha256; /* 32 bytes */
    int64_t uploader_id, created_at;
    const void *bytes;
    size_t n;
    const struct media_variant_bytes *variants;
    size_t n_variants;
};
int media_insert(struct store_conn *db, const struct media_new *in, int64_t *id);

int media_update_text(struct store_conn *db, int64_t id, struct str alt, struct str caption);
/* The description and caption an upload of bytes already in the library
 * came with, where the file has none (one it has is kept: its uses share it). */
int media_fill_text(struct store_conn *db, int64_t id, struct str alt, struct str caption);
/* Deletes a file and its variants; MEDIA_INVALID if it is in use (the
 * check and the delete are one transaction). */
int media_delete(struct store_conn *db, int64_t id, const char **problem);

/* The bytes served at /media/<name> (width 0) or /media/<width>/<name>:
 * 1 with *f filled, 0, -1. The statement stays open on the row until
 * media_bytes_done. */
struct media_bytes {
    int64_t id, created_at;
    struct str mime, kind, original_name;
    const void *bytes;
    size_t n;
};
int media_bytes_get(struct store_conn *db, struct str name, int width, struct media_bytes *f);
void media_bytes_done(struct store_conn *db, int width);
/* The same, without the bytes: f->n is their length, f->bytes NULL, the
 * strings in `a`; nothing to end with media_bytes_done. */
int media_size_get(struct store_conn *db, struct arena *a, struct str name, int width, struct media_bytes *f);

#endif
