/*
 * filetype.h - what an attached file really is, decided from its bytes.
 *
 * A document's attachments may only be PDF, Word (DOC, DOCX), Excel (XLS,
 * XLSX) and OpenDocument (ODT, ODS) files, and the JPEG and PNG pictures a
 * scanner or a phone makes of a signed paper: the types the download
 * handler serves (docs.c) and document_file's CHECK allows (migration
 * 033). This file is the one list of them. What the browser says
 * (Content-Type) and what the name says (".pdf") are claims; the type is
 * read from the content:
 *
 *   PDF        "%PDF-" at the start
 *   DOC, XLS   an OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1) whose
 *              directory names a "WordDocument" stream (Word) or a
 *              "Workbook" / "Book" stream (Excel)
 *   ODT, ODS   a ZIP whose first entry is the stored "mimetype" file
 *              holding the OpenDocument media type (ODF 1.2, part 3, 3.3)
 *   DOCX, XLSX a ZIP whose central directory lists "[Content_Types].xml"
 *              and "word/document.xml" or "xl/workbook.xml"
 *   JPEG       FF D8 (start of image), a marker (FF, then a byte from C0),
 *              and the end-of-image marker FF D9 (a file cut short is not)
 *   PNG        the 8-byte signature, an IHDR chunk first and an IEND chunk
 *
 * Anything else (HTML renamed .pdf, an executable, a ZIP of something
 * else, a truncated file) is refused. A file whose name ends in one of the
 * nine extensions (and .jpeg) must be of that type ("bao-cao.pdf" holding a Word file
 * is refused too: the reader would open it with the wrong program); a name
 * without a known extension is accepted and the caller may add one.
 *
 * Pure functions, no allocation, linear in the input and bounded by it;
 * thread-safe. The lead may later put libmagic behind the same interface.
 */
#ifndef DINH_DOCS_FILETYPE_H
#define DINH_DOCS_FILETYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"

enum docs_filetype {
    DOCS_FILE_UNKNOWN = 0,
    DOCS_FILE_PDF,
    DOCS_FILE_DOC,
    DOCS_FILE_DOCX,
    DOCS_FILE_XLS,
    DOCS_FILE_XLSX,
    DOCS_FILE_ODT,
    DOCS_FILE_ODS,
    DOCS_FILE_JPEG,
    DOCS_FILE_PNG,
    DOCS_FILE_LAST = DOCS_FILE_PNG,
};

/* The type of `n` bytes at `p`; DOCS_FILE_UNKNOWN if none of the above. */
enum docs_filetype docs_filetype_sniff(const void *p, size_t n);

/* "application/pdf"...; "" for DOCS_FILE_UNKNOWN. */
const char *docs_filetype_mime(enum docs_filetype t);
/* The type whose media type is `mime` exactly, or DOCS_FILE_UNKNOWN: what
 * a stored file may be served as. */
enum docs_filetype docs_filetype_of_mime(struct str mime);
/* The usual extension without the dot: "pdf", "docx"; "" for unknown. */
const char *docs_filetype_ext(enum docs_filetype t);
/* What a reader calls it: "PDF", "Word", "Excel", "ODT", "ODS", "Ảnh JPG",
 * "Ảnh PNG"; "Tệp" for unknown. */
const char *docs_filetype_kind(enum docs_filetype t);
/* Whether a browser shows it itself (PDF and pictures: served inline, with
 * "Xem" beside the download); the others are always downloaded. */
bool docs_filetype_viewable(enum docs_filetype t);
/* The type a file name's extension claims (case-insensitive), or
 * DOCS_FILE_UNKNOWN when it ends in none of the known ones. */
enum docs_filetype docs_filetype_of_name(struct str name);

/* Checks an upload: 0 with *type set, or -1 with a Vietnamese sentence
 * for the editor in *problem (an empty file, a type not allowed, a name
 * that claims another type than the content). */
int docs_filetype_check(struct str name, const void *p, size_t n, enum docs_filetype *type, const char **problem);

#endif
