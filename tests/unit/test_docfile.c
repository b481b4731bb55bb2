/*
 * test_docfile.c - unit tests for src/docs/filetype.c: the type of a
 * document's attachment is read from its bytes, never from its name.
 *
 * Each test builds the smallest file of a kind (the bytes the sniffer
 * reads, laid out as the format puts them) and checks what the desk would
 * accept or refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docs/filetype.h"

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void put32(unsigned char *p, unsigned v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

/* An OLE2 file of 1024 bytes whose directory sector holds one stream. */
static size_t make_ole(unsigned char *p, const char *stream)
{
    memset(p, 0, 1024);
    memcpy(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    unsigned char *e = p + 512;
    const char *root = "Root Entry";
    for (size_t i = 0; root[i]; i++)
        e[2 * i] = (unsigned char)root[i];
    put16(e + 64, (unsigned)(strlen(root) + 1) * 2);
    e[66] = 5;
    e += 128;
    for (size_t i = 0; stream[i]; i++)
        e[2 * i] = (unsigned char)stream[i];
    put16(e + 64, (unsigned)(strlen(stream) + 1) * 2);
    e[66] = 2;
    return 1024;
}

/* A ZIP with the given stored entries (name, content), local headers
 * first, then the central directory and the end record. */
static size_t make_zip(unsigned char *p, const char *const *names, const char *const *contents, size_t k)
{
    size_t at = 0, offsets[8];
    for (size_t i = 0; i < k; i++) {
        size_t nl = strlen(names[i]), cl = strlen(contents[i]);
        offsets[i] = at;
        memset(p + at, 0, 30);
        memcpy(p + at, "PK\x03\x04", 4);
        put32(p + at + 18, (unsigned)cl);
        put32(p + at + 22, (unsigned)cl);
        put16(p + at + 26, (unsigned)nl);
        memcpy(p + at + 30, names[i], nl);
        memcpy(p + at + 30 + nl, contents[i], cl);
        at += 30 + nl + cl;
    }
    size_t central = at;
    for (size_t i = 0; i < k; i++) {
        size_t nl = strlen(names[i]);
        memset(p + at, 0, 46);
        memcpy(p + at, "PK\x01\x02", 4);
        put16(p + at + 28, (unsigned)nl);
        put32(p + at + 42, (unsigned)offsets[i]);
        memcpy(p + at + 46, names[i], nl);
        at += 46 + nl;
    }
    memset(p + at, 0, 22);
    memcpy(p + at, "PK\x05\x06", 4);
    put16(p + at + 8, (unsigned)k);
    put16(p + at + 10, (unsigned)k);
    put32(p + at + 12, (unsigned)(at - central));
    put32(p + at + 16, (unsigned)central);
    return at + 22;
}

static unsigned char buf[4096];

static void pdf_is_read_from_its_bytes(void **state)
{
    (void)state;
    const char pdf[] = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";
    enum docs_filetype t;
    const char *why = NULL;
    assert_int_equal(docs_filetype_sniff(pdf, sizeof pdf - 1), DOCS_FILE_PDF);
    assert_int_equal(docs_filetype_check(str_cstr("Kế hoạch.PDF"), pdf, sizeof pdf - 1, &t, &why), 0);
    assert_int_equal(t, DOCS_FILE_PDF);
    assert_string_equal(docs_filetype_mime(t), "application/pdf");
    /* a name without a known extension is fine: the content decides */
    assert_int_equal(docs_filetype_check(str_cstr("scan"), pdf, sizeof pdf - 1, &t, &why), 0);
}

static void a_file_lying_about_its_type_is_refused(void **state)
{
    (void)state;
    const char html[] = "<html><script>alert(1)</script></html>";
    enum docs_filetype t;
    const char *why = NULL;
    assert_int_equal(docs_filetype_check(str_cstr("bao-cao.pdf"), html, sizeof html - 1, &t, &why), -1);
    assert_non_null(strstr(why, "không phải PDF"));
    assert_int_equal(t, DOCS_FILE_UNKNOWN);
    /* a real PDF called .docx: the name lies */
    const char pdf[] = "%PDF-1.4\n%%EOF\n";
    assert_int_equal(docs_filetype_check(str_cstr("quyet-dinh.docx"), pdf, sizeof pdf - 1, &t, &why), -1);
    assert_non_null(strstr(why, "đuôi"));
    /* empty and tiny files */
    assert_int_equal(docs_filetype_check(str_cstr("a.pdf"), "", 0, &t, &why), -1);
    assert_non_null(strstr(why, "0 byte"));
    assert_int_equal(docs_filetype_sniff("%PDF", 4), DOCS_FILE_UNKNOWN);
    assert_int_equal(docs_filetype_sniff(NULL, 0), DOCS_FILE_UNKNOWN);
}

static void scanned_pages_are_jpeg_or_png_and_shown_like_a_pdf(void **state)
{
    (void)state;
    const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0xFF, 0xD9};
    const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE,
                                 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    enum docs_filetype t;
    const char *why = NULL;
    assert_int_equal(docs_filetype_check(str_cstr("Quyết định (bản quét).JPEG"), jpeg, sizeof jpeg, &t, &why), 0);
    assert_int_equal(t, DOCS_FILE_JPEG);
    assert_string_equal(docs_filetype_mime(t), "image/jpeg");
    assert_string_equal(docs_filetype_kind(t), "Ảnh JPG");
    assert_true(docs_filetype_viewable(t));
    assert_int_equal(docs_filetype_check(str_cstr("trang-1.jpg"), jpeg, sizeof jpeg, &t, &why), 0);
    assert_int_equal(docs_filetype_check(str_cstr("trang-2.png"), png, sizeof png, &t, &why), 0);
    assert_int_equal(t, DOCS_FILE_PNG);
    assert_int_equal(docs_filetype_of_mime(str_cstr("image/png")), DOCS_FILE_PNG);
    /* names and contents that do not agree, and what only starts like one */
    assert_int_equal(docs_filetype_check(str_cstr("trang-1.png"), jpeg, sizeof jpeg, &t, &why), -1);
    assert_int_equal(docs_filetype_check(str_cstr("trang-1.jpg"), png, sizeof png, &t, &why), -1);
    const char fake[] = "\xFF\xD8\xFF\xFF<script>alert(1)</script>";
    assert_int_equal(docs_filetype_sniff(fake, sizeof fake - 1), DOCS_FILE_UNKNOWN);
    assert_int_equal(docs_filetype_sniff("\x89PNG\r\n\x1A\n<html>...", 16), DOCS_FILE_UNKNOWN);
    /* a picture cut short: no end-of-image marker, no IEND chunk */
    assert_int_equal(docs_filetype_sniff(jpeg, sizeof jpeg - 2), DOCS_FILE_UNKNOWN);
    assert_int_equal(docs_filetype_sniff(png, 29), DOCS_FILE_UNKNOWN);
    /* a GIF or an SVG is not a scan the register keeps */
    assert_int_equal(docs_filetype_sniff("GIF89a\x01\x00\x01\x00", 10), DOCS_FILE_UNKNOWN);
    assert_int_equal(docs_filetype_of_mime(str_cstr("image/svg+xml")), DOCS_FILE_UNKNOWN);
    /* the office types are downloaded, not shown */
    assert_false(docs_filetype_viewable(DOCS_FILE_DOCX));
    assert_true(docs_filetype_viewable(DOCS_FILE_PDF));
    assert_string_equal(docs_filetype_kind(DOCS_FILE_XLSX), "Excel");
}

static void ole2_files_are_word_or_excel_by_their_streams(void **state)
{
    (void)state;
    size_t n = make_ole(buf, "WordDocument");
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_DOC);
    n = make_ole(buf, "Workbook");
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_XLS);
    n = make_ole(buf, "Book"); /* Excel 5/95 */
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_XLS);
    /* a PowerPoint file (or any other compound file) is not allowed */
    n = make_ole(buf, "PowerPoint Document");
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_UNKNOWN);
    /* the header alone, cut before the directory */
    n = make_ole(buf, "WordDocument");
    assert_int_equal(docs_filetype_sniff(buf, 600), DOCS_FILE_UNKNOWN);
    enum docs_filetype t;
    const char *why;
    assert_int_equal(docs_filetype_check(str_cstr("bang.xls"), buf, n, &t, &why), -1);
    assert_int_equal(docs_filetype_check(str_cstr("van-ban.doc"), buf, n, &t, &why), 0);
    assert_string_equal(docs_filetype_mime(t), "application/msword");
}

static void zip_packages_are_told_apart(void **state)
{
    (void)state;
    const char *odt_names[] = {"mimetype", "content.xml"};
    const char *odt_text[] = {"application/vnd.oasis.opendocument.text", "<office:document-content/>"};
    size_t n = make_zip(buf, odt_names, odt_text, 2);
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_ODT);
    const char *ods_text[] = {"application/vnd.oasis.opendocument.spreadsheet", "<x/>"};
    n = make_zip(buf, odt_names, ods_text, 2);
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_ODS);

    const char *docx_names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    const char *docx_text[] = {"<Types/>", "<Relationships/>", "<w:document/>"};
    n = make_zip(buf, docx_names, docx_text, 3);
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_DOCX);
    const char *xlsx_names[] = {"[Content_Types].xml", "xl/workbook.xml"};
    n = make_zip(buf, xlsx_names, docx_text, 2);
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_XLSX);
    /* cut short: the central directory is gone */
    assert_int_equal(docs_filetype_sniff(buf, n - 30), DOCS_FILE_UNKNOWN);

    /* a local header naming an 8-byte entry, cut right after the header
     * (found by the fuzzer: the name was read past the end) */
    size_t cut = make_zip(buf, odt_names, odt_text, 1);
    (void)cut;
    unsigned char *short_zip = malloc(34);
    memcpy(short_zip, buf, 34);
    assert_int_equal(docs_filetype_sniff(short_zip, 34), DOCS_FILE_UNKNOWN);
    free(short_zip);

    /* any other ZIP (a .jar, a folder of pictures) is refused */
    const char *other_names[] = {"anh/1.jpg", "META-INF/MANIFEST.MF"};
    n = make_zip(buf, other_names, docx_text, 2);
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_UNKNOWN);
    /* an end record pointing outside the file */
    n = make_zip(buf, docx_names, docx_text, 3);
    put32(buf + n - 6, 0xFFFFFF00u);
    assert_int_equal(docs_filetype_sniff(buf, n), DOCS_FILE_UNKNOWN);
}

static void names_claim_types_by_extension(void **state)
{
    (void)state;
    assert_int_equal(docs_filetype_of_name(str_cstr("a.DocX")), DOCS_FILE_DOCX);
    assert_int_equal(docs_filetype_of_name(str_cstr("a.tar.ods")), DOCS_FILE_ODS);
    assert_int_equal(docs_filetype_of_name(str_cstr("pdf")), DOCS_FILE_UNKNOWN);
    assert_int_equal(docs_filetype_of_name(str_cstr("a.exe")), DOCS_FILE_UNKNOWN);
    assert_int_equal(docs_filetype_of_name(str_cstr("")), DOCS_FILE_UNKNOWN);
    assert_string_equal(docs_filetype_ext(DOCS_FILE_XLSX), "xlsx");
    assert_string_equal(docs_filetype_mime(DOCS_FILE_UNKNOWN), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pdf_is_read_from_its_bytes),
        cmocka_unit_test(a_file_lying_about_its_type_is_refused),
        cmocka_unit_test(scanned_pages_are_jpeg_or_png_and_shown_like_a_pdf),
        cmocka_unit_test(ole2_files_are_word_or_excel_by_their_streams),
        cmocka_unit_test(zip_packages_are_told_apart),
        cmocka_unit_test(names_claim_types_by_extension),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
