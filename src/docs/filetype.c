/* filetype.c - the type of an attachment from its bytes; see filetype.h.
 *
 * The containers are read only as far as the type needs: the OLE2
 * directory entries are found by their 128-byte alignment (directory
 * sectors start at a multiple of 512 after the header, and entries fill
 * them), and a ZIP's central directory is walked from its end record with
 * every offset and length checked against the buffer. */
#include "docs/filetype.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *mime, *ext, *kind;
    bool viewable;
} TYPES[] = {
    [DOCS_FILE_UNKNOWN] = {"", "", "Tệp", false},
    [DOCS_FILE_PDF] = {"application/pdf", "pdf", "PDF", true},
    [DOCS_FILE_DOC] = {"application/msword", "doc", "Word", false},
    [DOCS_FILE_DOCX] = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word",
                        false},
    [DOCS_FILE_XLS] = {"application/vnd.ms-excel", "xls", "Excel", false},
    [DOCS_FILE_XLSX] = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel", false},
    [DOCS_FILE_ODT] = {"application/vnd.oasis.opendocument.text", "odt", "ODT", false},
    [DOCS_FILE_ODS] = {"application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS", false},
    [DOCS_FILE_JPEG] = {"image/jpeg", "jpg", "Ảnh JPG", true},
    [DOCS_FILE_PNG] = {"image/png", "png", "Ảnh PNG", true},
};
#define N_TYPES (sizeof TYPES / sizeof TYPES[0])

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Whether the 128-byte OLE2 directory entry at `e` is a stream named
 * `name` (ASCII, compared as UTF-16LE). */
static bool ole_entry_is(const unsigned char *e, const char *name)
{
    size_t len = strlen(name);
    if (le16(e + 64) != (len + 1) * 2 || e[66] != 2) /* name length with its NUL; 2 = stream */
        return false;
    for (size_t i = 0; i < len; i++)
        if (e[2 * i] != (unsigned char)name[i] || e[2 * i + 1] != 0)
            return false;
    return e[2 * len] == 0 && e[2 * len + 1] == 0;
}

static enum docs_filetype sniff_ole(const unsigned char *p, size_t n)
{
    bool word = false, excel = false;
    for (size_t at = 512; at + 128 <= n; at += 128) {
        const unsigned char *e = p + at;
        word = word || ole_entry_is(e, "WordDocument");
        excel = excel || ole_entry_is(e, "Workbook") || ole_entry_is(e, "Book");
    }
    if (word == excel) /* neither, or a file claiming both */
        return DOCS_FILE_UNKNOWN;
    return word ? DOCS_FILE_DOC : DOCS_FILE_XLS;
}

/* ODF: the first local entry is "mimetype", stored, holding the type. */
static enum docs_filetype sniff_odf(const unsigned char *p, size_t n)
{
    if (n < 38 || le16(p + 8) != 0 || le16(p + 26) != 8 || memcmp(p + 30, "mimetype", 8) != 0)
        return DOCS_FILE_UNKNOWN;
    size_t start = 30 + 8 + (size_t)le16(p + 28), len = le32(p + 18);
    if (start > n || len > n - start)
        return DOCS_FILE_UNKNOWN;
    const char *t = (const char *)p + start;
    if (len == strlen(TYPES[DOCS_FILE_ODT].mime) && memcmp(t, TYPES[DOCS_FILE_ODT].mime, len) == 0)
        return DOCS_FILE_ODT;
    if (len == strlen(TYPES[DOCS_FILE_ODS].mime) && memcmp(t, TYPES[DOCS_FILE_ODS].mime, len) == 0)
        return DOCS_FILE_ODS;
    return DOCS_FILE_UNKNOWN;
}

/* OOXML: the central directory names the parts of the package. */
static enum docs_filetype sniff_ooxml(const unsigned char *p, size_t n)
{
    if (n < 22)
        return DOCS_FILE_UNKNOWN;
    /* the end record: 22 bytes and a comment of at most 65535 */
    size_t end = SIZE_MAX;
    size_t lowest = n > 22 + 65535 ? n - 22 - 65535 : 0;
    for (size_t at = n - 22 + 1; at-- > lowest;)
        if (memcmp(p + at, "PK\x05\x06", 4) == 0) {
            end = at;
            break;
        }
    if (end == SIZE_MAX)
        return DOCS_FILE_UNKNOWN;
    size_t count = le16(p + end + 10), at = le32(p + end + 16);
    bool types = false, word = false, excel = false;
    for (size_t i = 0; i < count; i++) {
        if (at > end || end - at < 46 || memcmp(p + at, "PK\x01\x02", 4) != 0)
            return DOCS_FILE_UNKNOWN;
        size_t name_len = le16(p + at + 28), skip = name_len + le16(p + at + 30) + le16(p + at + 32);
        if (end - at - 46 < skip)
            return DOCS_FILE_UNKNOWN;
        struct str name = {(const char *)p + at + 46, name_len};
        types = types || str_eq_lit(name, "[Content_Types].xml");
        word = word || str_eq_lit(name, "word/document.xml");
        excel = excel || str_eq_lit(name, "xl/workbook.xml");
        at += 46 + skip;
    }
    if (!types || word == excel)
        return DOCS_FILE_UNKNOWN;
    return word ? DOCS_FILE_DOCX : DOCS_FILE_XLSX;
}

enum docs_filetype docs_filetype_sniff(const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    if (!p || n < 8)
        return DOCS_FILE_UNKNOWN;
    if (memcmp(p, "%PDF-", 5) == 0)
        return DOCS_FILE_PDF;
    if (n >= 512 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return sniff_ole(p, n);
    if (memcmp(p, "PK\x03\x04", 4) == 0) {
        enum docs_filetype t = sniff_odf(p, n);
        return t != DOCS_FILE_UNKNOWN ? t : sniff_ooxml(p, n);
    }
    /* a picture cut short (an upload that broke off) shows half a page or
     * nothing: a JPEG must hold its end-of-image marker (FF D9 appears
     * nowhere else: coded data escapes FF as FF 00), a PNG its IEND chunk */
    if (p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF && p[3] >= 0xC0 && p[3] != 0xFF)
        return memmem(p + 4, n - 4, "\xFF\xD9", 2) ? DOCS_FILE_JPEG : DOCS_FILE_UNKNOWN;
    if (n >= 16 && memcmp(p, "\x89PNG\r\n\x1A\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0)
        return memmem(p + 16, n - 16, "IEND", 4) ? DOCS_FILE_PNG : DOCS_FILE_UNKNOWN;
    return DOCS_FILE_UNKNOWN;
}

enum docs_filetype docs_filetype_of_mime(struct str mime)
{
    for (size_t t = 1; t < N_TYPES; t++)
        if (str_eq_lit(mime, TYPES[t].mime))
            return (enum docs_filetype)t;
    return DOCS_FILE_UNKNOWN;
}

const char *docs_filetype_kind(enum docs_filetype t)
{
    return (size_t)t < N_TYPES ? TYPES[t].kind : TYPES[DOCS_FILE_UNKNOWN].kind;
}

bool docs_filetype_viewable(enum docs_filetype t)
{
    return (size_t)t < N_TYPES && TYPES[t].viewable;
}

const char *docs_filetype_mime(enum docs_filetype t)
{
    return (size_t)t < N_TYPES ? TYPES[t].mime : "";
}

const char *docs_filetype_ext(enum docs_filetype t)
{
    return (size_t)t < N_TYPES ? TYPES[t].ext : "";
}

enum docs_filetype docs_filetype_of_name(struct str name)
{
    size_t dot = name.n;
    while (dot > 0 && name.p[dot - 1] != '.')
        dot--;
    if (dot == 0)
        return DOCS_FILE_UNKNOWN;
    struct str ext = {name.p + dot, name.n - dot};
    if (ext.n == 4 && strncasecmp(ext.p, "jpeg", 4) == 0)
        return DOCS_FILE_JPEG;
    for (size_t t = 1; t < N_TYPES; t++) {
        size_t len = strlen(TYPES[t].ext);
        if (ext.n != len)
            continue;
        bool same = true;
        for (size_t i = 0; i < len && same; i++) {
            char c = ext.p[i];
            same = (c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c) == TYPES[t].ext[i];
        }
        if (same)
            return (enum docs_filetype)t;
    }
    return DOCS_FILE_UNKNOWN;
}

int docs_filetype_check(struct str name, const void *p, size_t n, enum docs_filetype *type, const char **problem)
{
    *type = DOCS_FILE_UNKNOWN;
    if (n == 0) {
        *problem = "Tệp rỗng (0 byte): hãy chọn lại tệp.";
        return -1;
    }
    enum docs_filetype got = docs_filetype_sniff(p, n);
    if (got == DOCS_FILE_UNKNOWN) {
        *problem = "Nội dung tệp không phải PDF, Word (DOC, DOCX), Excel (XLS, XLSX), OpenDocument (ODT, ODS) hay "
                   "ảnh quét JPG, PNG, dù tên tệp nói gì: tệp không được lưu.";
        return -1;
    }
    enum docs_filetype claimed = docs_filetype_of_name(name);
    if (claimed != DOCS_FILE_UNKNOWN && claimed != got) {
        *problem = "Tên tệp mang đuôi của một loại tệp khác với nội dung thật của tệp: hãy đổi tên cho đúng rồi "
                   "gửi lại.";
        return -1;
    }
    *type = got;
    return 0;
}
