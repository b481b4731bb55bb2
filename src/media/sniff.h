/*
 * sniff.h - which files the media library takes, and what a zip-based
 * office file really is. Pure functions, no I/O: unit-tested in
 * tests/unit/test_media.c.
 *
 * The type of an upload is decided from its bytes. libmagic (process.c)
 * names most types outright; office files of the last twenty years are zip
 * archives, which libmagic 5.44 names by the first entries it happens to
 * find: a DOCX made by Word is "application/vnd.openxmlformats-...", one
 * made by another program may be plain "application/zip", and any zip can
 * be renamed .docx. So every zip-based answer is decided again here, from
 * the archive's central directory (the list of entries at its end, which
 * is what unzip programs, Word and LibreOffice read):
 *
 *   ODT / ODS  the first local entry is "mimetype", stored (not
 *              compressed), holding exactly the OpenDocument type (ODF 1.2
 *              part 3, section 3.3), and the directory names content.xml;
 *   DOCX       the directory names [Content_Types].xml and word/document.xml;
 *   XLSX       the directory names [Content_Types].xml and xl/workbook.xml.
 *
 * Anything else (several of these at once, a damaged directory, a plain
 * zip) is no office file: refused. Nothing is decompressed, so a zip bomb
 * costs nothing.
 */
#ifndef DINH_MEDIA_SNIFF_H
#define DINH_MEDIA_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

struct media_type {
    const char *mime;  /* as served in Content-Type */
    const char *ext;   /* the extension names get: "jpg", "docx" */
    bool image;        /* decoded and encoded again by libvips */
    size_t max_bytes;  /* largest upload of the type */
    const char *label; /* for people: "Ảnh JPEG", "Tài liệu Word (DOCX)" */
};

/* The accepted type for a libmagic MIME answer, or NULL (not taken: HTML,
 * SVG, text, executables... and the zip-based answers, which go through
 * media_zip_type). */
const struct media_type *media_type_of(struct str mime);
/* The accepted type of a zip archive (see above), or NULL. */
const struct media_type *media_zip_type(const void *bytes, size_t n);
/* Whether a libmagic answer means "a zip archive, look inside". */
bool media_is_zip_answer(struct str mime);
/* Every accepted type, NULL-terminated (for the upload form's hints). */
extern const struct media_type *const media_types[];

/* The name a file gets: the original's base name (without its extension)
 * made a slug of at most 60 bytes ("Ảnh Hà Nội.JPG" -> "anh-ha-noi"), or
 * "tep" when nothing is left, then "-" and the first `hash_bytes` bytes of
 * the content's hash in hex (4 normally; more if that name is taken), then
 * "." and the type's extension. Only [a-z0-9.-]. */
struct str media_file_name(struct arena *a, struct str original, const char *ext, const unsigned char hash[32],
                           int hash_bytes);

/* Whether `name` could be a stored name: 1-200 bytes of [a-z0-9._-], not
 * starting with '.'. Checked before any lookup of a requested name. */
bool media_name_ok(struct str name);

#endif
