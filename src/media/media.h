/*
 * media.h - the media library: the pictures and documents the newsroom
 * uploads, kept in the database, and what other modules need of them.
 *
 * Tables owned: media_file, media_variant, media_use (012_media.sql).
 * Other modules reach them only through this header.
 *
 * A file comes in through the upload form (/quan-tri/thu-vien/). Its type
 * is decided from its bytes (libmagic, then our own look into zip
 * containers: sniff.h), never from its name or the browser's word; its
 * name's extension is rewritten to match. Pictures (JPEG, PNG, WebP, GIF)
 * are decoded and encoded again by libvips on a worker thread: metadata
 * (EXIF, GPS positions) dropped, the largest size kept at most
 * MEDIA_MAX_WIDTH wide, and smaller widths (400, 800, 1600: never wider
 * than the picture) kept as variants for srcset. Documents (PDF, DOC/DOCX,
 * XLS/XLSX, ODT/ODS) are kept as they came. Every file is kept once: its
 * SHA-256 names it, and the same bytes uploaded again give the entry
 * already there.
 *
 * Addresses: /media/<name> (the file), /media/<width>/<name> (a variant).
 * A name never changes its bytes (it holds part of the content's hash), so
 * both are served with a year of immutable caching.
 *
 * "In use": modules that show files say which they use (media_use_set),
 * and a file in use cannot be deleted. Cache tag: "media:ID" for every page
 * that shows file ID, touched when its alt text or caption changes.
 */
#ifndef DINH_MEDIA_MEDIA_H
#define DINH_MEDIA_MEDIA_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "store/store.h"

#define MEDIA_INVALID (-2)
#define MEDIA_MAX_WIDTH 2400 /* the largest size of a picture kept */
/* Characters of an alt text or a caption: the one limit of the library's
 * forms (their maxlength), its checks and the editor's image dialog (the
 * picker's JSON says it, as "toi_da_ky_tu"). */
#define MEDIA_TEXT_MAX 1000

/* What a page needs to show a picture (or link a document). */
struct media_image {
    int64_t id;
    struct str name, url, mime, alt, caption;
    int width, height; /* 0 for documents */
    bool image;
    struct str srcset; /* "/media/400/x.jpg 400w, ..., /media/x.jpg 1200w"; empty with only one size */
};

/* File `id`: 1 (filled, strings in `a`), 0 if there is none, -1 if a
 * statement failed. */
int media_image_get(struct store_conn *db, struct arena *a, int64_t id, struct media_image *out);

/* The pictures of a list of cards: for each ids[i] (0: none), found[i] 1
 * with out[i] filled as media_image_get does (its id, image, url, alt,
 * width, height and srcset; not its name, mime or caption), or 0. The
 * files are read in one statement, and kept per thread while the database
 * is unchanged (store_version_read, once per list), so a page rendered
 * again after no write reads no picture. 0, or -1 if a statement failed. */
int media_card_images(struct store_conn *db, struct arena *a, const int64_t *ids, size_t n, struct media_image *out,
                      int *found);

/* Whether file `id` exists: 1, 0, -1. */
int media_exists(struct store_conn *db, int64_t id);

/* "/media/<name>" */
struct str media_url(struct arena *a, struct str name);

/* Rewrites the <img src="/media/NAME" ...> elements of `html` (sanitised
 * HTML: sanitize.h's serializer writes src first) with srcset and `sizes`
 * from the file's variants, into `out`. The ids of the files seen go to
 * *ids (in `a`; NULL when none), for the caller's cache tags. Returns 0 or
 * -1 if a statement failed. */
int media_html_srcset(struct store_conn *db, struct arena *a, struct str html, struct str sizes, struct buf *out,
                      int64_t **ids, size_t *n_ids);

/* How the page of a file (/quan-tri/thu-vien/<id>) names the owners that
 * use it: a module that records uses (media_use_set) registers its
 * owner_kind before serving, with the owners' name ("Bài viết") and a
 * function that, when the viewer may open owner `id`, sets *label to the
 * owner's own name (an article's title; empty: "<name> số <id>") and *url
 * to its admin page; else it leaves both empty, and the owner is named
 * "<name> số <id>" without a link. The function returns 0, or -1 when a
 * read failed. */
struct web_req;
struct people_session;
typedef int media_owner_link_fn(struct web_req *r, const struct people_session *s, int64_t id, struct str *label,
                                struct str *url);
void media_owner_register(const char *kind, const char *name, media_owner_link_fn *link);

/* Records what owner (owner_kind "article" or "activity", owner_id) uses:
 * the files ids[0..n) and every file an address /media/NAME (or
 * /media/WIDTH/NAME) in `html` names; what it used before and no longer
 * does is forgotten. Part of the caller's write transaction (or one of its
 * own). Returns 0 or -1. */
int media_use_set(struct store_conn *db, const char *owner_kind, int64_t owner_id, const int64_t *ids, size_t n,
                  struct str html);

/* A file written as it is, without sniffing or processing: for the demo
 * and imports of trusted data. The name must be [a-z0-9._-], unique. */
struct media_import {
    int64_t id; /* 0: a new id */
    struct str name, mime, alt, caption;
    int width, height;
    const void *bytes;
    size_t n;
    int64_t created_at;
};
int media_import(struct store_conn *db, const struct media_import *in, int64_t *id, const char **problem);

/* Whether any file is kept: 1, 0, -1. */
int media_any(struct store_conn *db);

/* The routes: /media/..., /quan-tri/thu-vien/... */
void media_register(void);
/* Ends the picture library's threads when it was opened; call once, after
 * the server stopped taking requests. */
void media_shutdown(void);

#endif
