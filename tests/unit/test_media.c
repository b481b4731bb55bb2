/*
 * test_media.c - the media library's pure parts (sniff.h: the accepted
 * types, the look inside zip-based office files, the names files get) and
 * migration 014 on a database that already held pictures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "media/sniff.h"
#include "store/store.h"

/* --- a small zip writer (stored entries) ------------------------------------------------- */

struct zip {
    unsigned char p[8192];
    size_t n;
    unsigned char dir[4096];
    size_t dir_n;
    unsigned entries;
};

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16));
}

static void zip_add(struct zip *z, const char *name, const char *data)
{
    size_t nl = strlen(name), dl = strlen(data);
    unsigned char *l = z->p + z->n;
    memset(l, 0, 30);
    put32(l, 0x04034b50UL);
    put32(l + 18, dl);
    put32(l + 22, dl);
    put16(l + 26, (unsigned)nl);
    memcpy(l + 30, name, nl);
    memcpy(l + 30 + nl, data, dl);
    unsigned char *c = z->dir + z->dir_n;
    memset(c, 0, 46);
    put32(c, 0x02014b50UL);
    put32(c + 20, dl);
    put32(c + 24, dl);
    put16(c + 28, (unsigned)nl);
    put32(c + 42, z->n);
    memcpy(c + 46, name, nl);
    z->dir_n += 46 + nl;
    z->n += 30 + nl + dl;
    z->entries++;
}

/* Appends the central directory and its end record; returns the size. */
static size_t zip_end(struct zip *z)
{
    size_t at = z->n;
    memcpy(z->p + z->n, z->dir, z->dir_n);
    z->n += z->dir_n;
    unsigned char *e = z->p + z->n;
    memset(e, 0, 22);
    put32(e, 0x06054b50UL);
    put16(e + 8, z->entries);
    put16(e + 10, z->entries);
    put32(e + 12, z->dir_n);
    put32(e + 16, at);
    z->n += 22;
    return z->n;
}

static const char *zip_type(struct zip *z)
{
    const struct media_type *t = media_zip_type(z->p, zip_end(z));
    return t ? t->ext : NULL;
}

static void test_office_files_are_told_by_their_entries(void **state)
{
    (void)state;
    struct zip z = {0};
    zip_add(&z, "[Content_Types].xml", "<Types/>");
    zip_add(&z, "word/document.xml", "<w/>");
    assert_string_equal(zip_type(&z), "docx");

    memset(&z, 0, sizeof z);
    zip_add(&z, "[Content_Types].xml", "<Types/>");
    zip_add(&z, "xl/workbook.xml", "<x/>");
    assert_string_equal(zip_type(&z), "xlsx");

    memset(&z, 0, sizeof z);
    zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    zip_add(&z, "content.xml", "<x/>");
    assert_string_equal(zip_type(&z), "ods");

    memset(&z, 0, sizeof z);
    zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.text");
    zip_add(&z, "content.xml", "<x/>");
    assert_string_equal(zip_type(&z), "odt");
}

static void test_other_zips_are_no_office_files(void **state)
{
    (void)state;
    struct zip z = {0};
    zip_add(&z, "readme.txt", "hello");
    assert_null(zip_type(&z));

    /* word/document.xml without [Content_Types].xml */
    memset(&z, 0, sizeof z);
    zip_add(&z, "word/document.xml", "<w/>");
    assert_null(zip_type(&z));

    /* both a document and a workbook: which one? neither */
    memset(&z, 0, sizeof z);
    zip_add(&z, "[Content_Types].xml", "<Types/>");
    zip_add(&z, "word/document.xml", "<w/>");
    zip_add(&z, "xl/workbook.xml", "<x/>");
    assert_null(zip_type(&z));

    /* OpenDocument's mimetype not first, or another type in it */
    memset(&z, 0, sizeof z);
    zip_add(&z, "content.xml", "<x/>");
    zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.text");
    assert_null(zip_type(&z));
    memset(&z, 0, sizeof z);
    zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.graphics");
    zip_add(&z, "content.xml", "<x/>");
    assert_null(zip_type(&z));

    /* an ODT that also claims to be a DOCX */
    memset(&z, 0, sizeof z);
    zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.text");
    zip_add(&z, "content.xml", "<x/>");
    zip_add(&z, "[Content_Types].xml", "<Types/>");
    zip_add(&z, "word/document.xml", "<w/>");
    assert_null(zip_type(&z));
}

static void test_damaged_zips_are_refused_without_reading_outside(void **state)
{
    (void)state;
    struct zip z = {0};
    zip_add(&z, "[Content_Types].xml", "<Types/>");
    zip_add(&z, "word/document.xml", "<w/>");
    size_t n = zip_end(&z);
    assert_non_null(media_zip_type(z.p, n));
    /* Every cut of the file: never read beyond it (ASan), never accepted
     * once the end record is gone. */
    for (size_t cut = 0; cut < n; cut++) {
        unsigned char *copy = malloc(cut ? cut : 1);
        memcpy(copy, z.p, cut);
        assert_null(media_zip_type(copy, cut));
        free(copy);
    }
    /* A directory that points past the end. */
    unsigned char *e = z.p + n - 22;
    put32(e + 16, 0x7fffffffUL);
    assert_null(media_zip_type(z.p, n));
    put32(e + 16, n - 22 - z.dir_n);
    put32(e + 12, 0xffffffUL);
    assert_null(media_zip_type(z.p, n));
    /* Not a zip at all. */
    assert_null(media_zip_type("%PDF-1.4", 8));
    assert_null(media_zip_type("", 0));
}

static void test_types_come_from_an_allow_list(void **state)
{
    (void)state;
    assert_string_equal(media_type_of(STR("image/jpeg"))->ext, "jpg");
    assert_string_equal(media_type_of(STR("image/png"))->ext, "png");
    assert_string_equal(media_type_of(STR("application/pdf"))->ext, "pdf");
    assert_true(media_type_of(STR("image/png"))->image);
    assert_false(media_type_of(STR("application/pdf"))->image);
    assert_null(media_type_of(STR("image/svg+xml")));
    assert_null(media_type_of(STR("text/html")));
    assert_null(media_type_of(STR("application/zip")));
    assert_null(media_type_of(STR("application/x-ole-storage")));
    assert_null(media_type_of(STR("")));
    assert_true(media_is_zip_answer(STR("application/zip")));
    assert_true(media_is_zip_answer(STR("application/vnd.oasis.opendocument.text")));
    assert_false(media_is_zip_answer(STR("image/png")));
}

static void test_names_are_slugs_with_the_hash_and_the_real_extension(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1024);
    unsigned char hash[32];
    for (int i = 0; i < 32; i++)
        hash[i] = (unsigned char)(0xa0 + i);
    struct str s = media_file_name(&a, STR("Ảnh Hà Nội.JPG"), "png", hash, 4);
    assert_string_equal(s.p, "anh-ha-noi-a0a1a2a3.png");
    s = media_file_name(&a, STR("bao.cao.PDF"), "pdf", hash, 4);
    assert_string_equal(s.p, "bao-cao-a0a1a2a3.pdf");
    s = media_file_name(&a, STR("..."), "jpg", hash, 4);
    assert_string_equal(s.p, "tep-a0a1a2a3.jpg");
    s = media_file_name(&a, STR(""), "jpg", hash, 16);
    assert_string_equal(s.p, "tep-a0a1a2a3a4a5a6a7a8a9aaabacadaeaf.jpg");
    s = media_file_name(&a, STR("<script>alert(1)</script>.svg"), "png", hash, 4);
    assert_true(media_name_ok(s));
    assert_null(strchr(s.p, '<'));

    assert_true(media_name_ok(STR("anh-101.png")));
    assert_false(media_name_ok(STR("")));
    assert_false(media_name_ok(STR(".htaccess")));
    assert_false(media_name_ok(STR("a/b.png")));
    assert_false(media_name_ok(STR("A.png")));
    assert_false(media_name_ok(STR("a b.png")));
    arena_free(&a);
}

/* --- migration 014 on a database that held pictures ----------------------------------------- */

struct embedded_file {
    const char *name;
    const char *text;
    size_t size;
};
extern const struct embedded_file store_migrations[];

static long long one(struct store_conn *c, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_migration_moves_the_files_and_keeps_covers(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    assert_int_equal(store_open(&c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    /* The database as dinh left it before the media library, with a picture used as a cover. */
    int i = 0;
    for (; store_migrations[i].name && strncmp(store_migrations[i].name, "014_", 4) != 0; i++)
        if (store_exec(&c, store_migrations[i].text, err, sizeof err) != 0)
            fail_msg("%s: %s", store_migrations[i].name, err);
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", i);
    assert_int_equal(store_exec(&c, pragma, err, sizeof err), 0);
    assert_int_equal(store_exec(&c,
                                "INSERT INTO category(id, slug, name) VALUES (1, 'tin', 'Tin');"
                                "INSERT INTO media(id, name, mime, width, height, alt, bytes, created_at) "
                                "VALUES (7, 'anh-7.png', 'image/png', 640, 400, 'Cầu', x'89504e47', 100),"
                                "(8, 'van-ban.pdf', 'application/pdf', 0, 0, '', x'25504446', 200);"
                                "INSERT INTO article(id, category_id, slug, title, image_id, published_at, updated_at) "
                                "VALUES (3, 1, 'bai', 'Bài', 7, 1, 1);",
                                err, sizeof err),
                     0);
    int applied;
    if (store_migrate(&c, &applied, err, sizeof err) != 0)
        fail_msg("migrate: %s", err);
    assert_true(applied >= 1);
    assert_int_equal(one(&c, "SELECT count(*) FROM media_file"), 2);
    assert_int_equal(one(&c, "SELECT count(*) FROM media_file WHERE id = 7 AND kind = 'image' AND size = 4 "
                             "AND alt = 'Cầu' AND width = 640"),
                     1);
    assert_int_equal(one(&c, "SELECT count(*) FROM media_file WHERE id = 8 AND kind = 'document'"), 1);
    assert_int_equal(one(&c, "SELECT count(*) FROM sqlite_schema WHERE name = 'media'"), 0);
    assert_int_equal(one(&c, "SELECT count(*) FROM media_use WHERE media_id = 7 AND owner_kind = 'article' "
                             "AND owner_id = 3"),
                     1);
    /* The cover's foreign key now names the new table, and is enforced. */
    assert_int_equal(store_exec(&c, "UPDATE article SET image_id = 8 WHERE id = 3", err, sizeof err), 0);
    assert_int_not_equal(store_exec(&c, "UPDATE article SET image_id = 99 WHERE id = 3", err, sizeof err), 0);
    assert_int_equal(one(&c, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_int_equal(store_check(&c, true, err, sizeof err), 0);
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_office_files_are_told_by_their_entries),
        cmocka_unit_test(test_other_zips_are_no_office_files),
        cmocka_unit_test(test_damaged_zips_are_refused_without_reading_outside),
        cmocka_unit_test(test_types_come_from_an_allow_list),
        cmocka_unit_test(test_names_are_slugs_with_the_hash_and_the_real_extension),
        cmocka_unit_test(test_migration_moves_the_files_and_keeps_covers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
