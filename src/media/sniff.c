/* sniff.c - the types the media library takes and the zip look-inside;
 * see sniff.h. */
#include "media/sniff.h"

#include <string.h>

#include "core/buf.h"
#include "text/vi.h"

#define MB (1024u * 1024u)

static const struct media_type T_JPEG = {"image/jpeg", "jpg", true, 15 * MB, "Ảnh JPEG"};
static const struct media_type T_PNG = {"image/png", "png", true, 15 * MB, "Ảnh PNG"};
static const struct media_type T_WEBP = {"image/webp", "webp", true, 15 * MB, "Ảnh WebP"};
static const struct media_type T_GIF = {"image/gif", "gif", true, 8 * MB, "Ảnh GIF"};
static const struct media_type T_PDF = {"application/pdf", "pdf", false, 20 * MB, "Tài liệu PDF"};
static const struct media_type T_DOC = {"application/msword", "doc", false, 10 * MB, "Tài liệu Word (DOC)"};
static const struct media_type T_XLS = {"application/vnd.ms-excel", "xls", false, 10 * MB, "Bảng tính Excel (XLS)"};
static const struct media_type T_DOCX = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                         "docx", false, 10 * MB, "Tài liệu Word (DOCX)"};
static const struct media_type T_XLSX = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                                         false, 10 * MB, "Bảng tính Excel (XLSX)"};
static const struct media_type T_ODT = {"application/vnd.oasis.opendocument.text", "odt", false, 10 * MB,
                                        "Văn bản OpenDocument (ODT)"};
static const struct media_type T_ODS = {"application/vnd.oasis.opendocument.spreadsheet", "ods", false, 10 * MB,
                                        "Bảng tính OpenDocument (ODS)"};

const struct media_type *const media_types[] = {&T_JPEG, &T_PNG, &T_WEBP, &T_GIF, &T_PDF, &T_DOC,
                                                &T_DOCX, &T_XLS, &T_XLSX, &T_ODT, &T_ODS, NULL};

const struct media_type *media_type_of(struct str mime)
{
    /* Types libmagic names from their own signatures; the zip-based ones
     * are decided by media_zip_type. */
    static const struct media_type *const direct[] = {&T_JPEG, &T_PNG, &T_WEBP, &T_GIF, &T_PDF, &T_DOC, &T_XLS};
    for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++)
        if (str_eq_lit(mime, direct[i]->mime))
            return direct[i];
    return NULL;
}

bool media_is_zip_answer(struct str mime)
{
    return str_eq_lit(mime, "application/zip") || str_eq_lit(mime, T_DOCX.mime) || str_eq_lit(mime, T_XLSX.mime) ||
           str_eq_lit(mime, T_ODT.mime) || str_eq_lit(mime, T_ODS.mime);
}

/* --- zip ----------------------------------------------------------------------------------- */

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

#define EOCD_SIZE 22
#define CDIR_SIZE 46
#define LOCAL_SIZE 30
#define MAX_COMMENT 0xffff
#define MAX_ENTRIES 20000 /* an office file has tens; more is not one */

static bool name_is(const unsigned char *p, size_t n, const char *want)
{
    return n == strlen(want) && memcmp(p, want, n) == 0;
}

const struct media_type *media_zip_type(const void *bytes, size_t n)
{
    const unsigned char *z = bytes;
    if (n < EOCD_SIZE + LOCAL_SIZE || le32(z) != 0x04034b50UL)
        return NULL;
    /* The end-of-central-directory record: the last "PK\5\6" whose comment
     * reaches exactly the end of the file. */
    size_t eocd = 0;
    bool found = false;
    for (size_t back = 0; back <= MAX_COMMENT && back + EOCD_SIZE <= n && !found; back++) {
        size_t at = n - EOCD_SIZE - back;
        if (le32(z + at) == 0x06054b50UL && le16(z + at + 20) == back) {
            eocd = at;
            found = true;
        }
    }
    if (!found)
        return NULL;
    unsigned entries = le16(z + eocd + 10);
    unsigned long dir_size = le32(z + eocd + 12), dir_at = le32(z + eocd + 16);
    if (le16(z + eocd + 4) != 0 || le16(z + eocd + 6) != 0 || entries != le16(z + eocd + 8))
        return NULL; /* split archives are no office files */
    if (entries == 0 || entries > MAX_ENTRIES || dir_at > eocd || dir_size > eocd - dir_at)
        return NULL;
    bool content_types = false, word = false, workbook = false, content_xml = false;
    size_t at = dir_at, end = dir_at + dir_size;
    for (unsigned i = 0; i < entries; i++) {
        if (end - at < CDIR_SIZE || le32(z + at) != 0x02014b50UL)
            return NULL;
        size_t name_n = le16(z + at + 28), extra_n = le16(z + at + 30), comment_n = le16(z + at + 32);
        if (end - at - CDIR_SIZE < name_n + extra_n + comment_n)
            return NULL;
        const unsigned char *name = z + at + CDIR_SIZE;
        content_types |= name_is(name, name_n, "[Content_Types].xml");
        word |= name_is(name, name_n, "word/document.xml");
        workbook |= name_is(name, name_n, "xl/workbook.xml");
        content_xml |= name_is(name, name_n, "content.xml");
        at += CDIR_SIZE + name_n + extra_n + comment_n;
    }
    /* OpenDocument: the first local entry, "mimetype", stored. */
    const struct media_type *odf = NULL;
    unsigned method = le16(z + 8);
    unsigned long csize = le32(z + 18), usize = le32(z + 22);
    size_t name_n = le16(z + 26), extra_n = le16(z + 28);
    if (method == 0 && csize == usize && name_is(z + LOCAL_SIZE, name_n < n - LOCAL_SIZE ? name_n : 0, "mimetype") &&
        LOCAL_SIZE + name_n + extra_n <= n && csize <= n - LOCAL_SIZE - name_n - extra_n) {
        const unsigned char *data = z + LOCAL_SIZE + name_n + extra_n;
        if (name_is(data, csize, T_ODT.mime))
            odf = &T_ODT;
        else if (name_is(data, csize, T_ODS.mime))
            odf = &T_ODS;
    }
    bool docx = content_types && word, xlsx = content_types && workbook;
    int kinds = (odf != NULL) + docx + xlsx;
    if (kinds != 1)
        return NULL;
    if (odf)
        return content_xml ? odf : NULL;
    return docx ? &T_DOCX : &T_XLSX;
}

/* --- names ------------------------------------------------------------------------------------ */

struct str media_file_name(struct arena *a, struct str original, const char *ext, const unsigned char hash[32],
                           int hash_bytes)
{
    /* The base name without its last extension ("bao.cao.PDF" -> "bao.cao"). */
    size_t stem = original.n;
    for (size_t i = original.n; i > 0; i--)
        if (original.p[i - 1] == '.') {
            stem = i - 1;
            break;
        }
    struct buf slug = {0};
    if (vi_slug(&slug, str_make(original.p, stem), 60) != 0 || slug.n == 0) {
        buf_reset(&slug);
        buf_puts(&slug, "tep");
    }
    static const char hex[] = "0123456789abcdef";
    buf_putc(&slug, '-');
    for (int i = 0; i < hash_bytes && i < 32; i++) {
        buf_putc(&slug, hex[hash[i] >> 4]);
        buf_putc(&slug, hex[hash[i] & 15]);
    }
    buf_printf(&slug, ".%s", ext);
    struct str out = arena_strdup(a, slug.p, slug.n);
    buf_free(&slug);
    return out;
}

bool media_name_ok(struct str name)
{
    if (name.n == 0 || name.n > 200 || name.p[0] == '.')
        return false;
    for (size_t i = 0; i < name.n; i++) {
        char c = name.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
            return false;
    }
    return true;
}
