/*
 * test_xlsx.c - unit tests for the workbook reader (src/xlsx/): workbooks
 * written by libxlsxwriter (shared and inline strings, numbers, booleans,
 * dates, formulas, merged cells, Vietnamese sheet names) read back as
 * written, and hand-made archives (truncated, not a zip, a zip bomb, a
 * DOCTYPE, over each limit) refused with the sentence a person reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "xlsx/xlsx.h"

/* Reads a whole file (malloc'd). */
static struct str slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    return (struct str){p, (size_t)n};
}

/* A workbook written by libxlsxwriter: two sheets, every kind of cell. */
static struct str sample_book(bool constant_memory)
{
    char path[] = "/tmp/test_xlsx_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook_options opt = {.constant_memory = constant_memory};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Xã Cẩm Xuyên");
    worksheet_write_string(ws, 0, 0, "Mã chỉ tiêu", NULL);
    worksheet_write_string(ws, 0, 1, "Giá trị", NULL);
    worksheet_write_string(ws, 1, 0, "17.8", NULL);
    worksheet_write_number(ws, 1, 1, 78.5, NULL);
    worksheet_write_string(ws, 2, 0, "2.1", NULL);
    worksheet_write_boolean(ws, 2, 1, 1, NULL);
    worksheet_write_string(ws, 3, 0, "3.1", NULL);
    lxw_datetime dt = {.year = 2025, .month = 6, .day = 30};
    worksheet_write_datetime(ws, 3, 1, &dt, date);
    worksheet_write_string(ws, 4, 0, "4.1", NULL);
    worksheet_write_formula_num(ws, 4, 1, "=B2*2", NULL, 157);
    worksheet_write_string(ws, 5, 0, "5.1", NULL);
    worksheet_write_string(ws, 5, 1, "78,5", NULL);
    lxw_format *percent = workbook_add_format(wb), *whole_percent = workbook_add_format(wb);
    lxw_format *literal_percent = workbook_add_format(wb);
    format_set_num_format(percent, "0.0%");           /* a custom format */
    format_set_num_format(whole_percent, "0%");       /* built-in 9 */
    format_set_num_format(literal_percent, "0\" %\""); /* a '%' in quotes: shown as typed, not times 100 */
    worksheet_write_string(ws, 6, 0, "6.1", NULL);
    worksheet_write_number(ws, 6, 1, 0.785, percent);
    worksheet_write_string(ws, 7, 0, "7.1", NULL);
    worksheet_write_number(ws, 7, 1, 0.5, whole_percent);
    worksheet_write_string(ws, 8, 0, "8.1", NULL);
    worksheet_write_number(ws, 8, 1, 50, literal_percent);
    lxw_worksheet *second = workbook_add_worksheet(wb, "Gộp");
    if (!constant_memory)
        worksheet_merge_range(second, 1, 1, 2, 3, "gộp", NULL);
    worksheet_write_number(second, 9, 27, 5, NULL); /* AB10 */
    worksheet_hide(second);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    struct str s = slurp(path);
    unlink(path);
    return s;
}

static const struct xlsx_cell *cell_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < s->n_cells; i++)
        if (s->cells[i].row == row && s->cells[i].col == col)
            return &s->cells[i];
    return NULL;
}

static void check_sample(bool constant_memory)
{
    struct str data = sample_book(constant_memory);
    struct arena a;
    arena_init(&a, 0);
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    struct xlsx_book b;
    char err[512];
    assert_int_equal(xlsx_read(&a, data, &lim, &b, err, sizeof err), 0);
    assert_int_equal(b.n_sheets, 2);
    const struct xlsx_sheet *s = xlsx_sheet_named(&b, STR("Xã Cẩm Xuyên"));
    assert_non_null(s);
    assert_false(s->hidden);
    assert_int_equal(s->max_row, 9);
    const struct xlsx_cell *c = cell_at(s, 1, 0);
    assert_non_null(c);
    assert_int_equal(c->type, XLSX_TEXT);
    assert_true(str_eq_lit(c->text, "Mã chỉ tiêu"));
    c = cell_at(s, 2, 1);
    assert_int_equal(c->type, XLSX_NUMBER);
    assert_true(c->number == 78.5);
    assert_false(c->date);
    assert_false(c->formula);
    c = cell_at(s, 3, 1);
    assert_int_equal(c->type, XLSX_BOOL);
    assert_true(c->number == 1);
    c = cell_at(s, 4, 1);
    assert_int_equal(c->type, XLSX_NUMBER);
    assert_true(c->date);
    assert_true(c->number == 45838); /* 30/06/2025 as Excel counts days */
    c = cell_at(s, 5, 1);
    assert_true(c->formula);
    assert_int_equal(c->type, XLSX_NUMBER);
    assert_true(c->number == 157);
    c = cell_at(s, 6, 1);
    assert_int_equal(c->type, XLSX_TEXT);
    assert_true(str_eq_lit(c->text, "78,5")); /* read as text: the caller's number rule applies */
    assert_false(c->percent);
    c = cell_at(s, 7, 1); /* 78,5% typed in Excel */
    assert_int_equal(c->type, XLSX_NUMBER);
    assert_true(c->percent);
    assert_false(c->date);
    assert_true(c->number == 0.785);
    c = cell_at(s, 8, 1);
    assert_true(c->percent);
    assert_true(c->number == 0.5);
    c = cell_at(s, 9, 1);
    assert_false(c->percent);
    assert_true(c->number == 50);
    const struct xlsx_sheet *g = &b.sheets[1];
    assert_true(str_eq_lit(g->name, "Gộp"));
    assert_true(g->hidden);
    c = cell_at(g, 10, 27);
    assert_non_null(c);
    assert_true(c->number == 5);
    if (!constant_memory) {
        assert_int_equal(g->n_merged, 1);
        assert_non_null(xlsx_merged_at(g, 3, 2));
        assert_null(xlsx_merged_at(g, 4, 2));
        assert_null(xlsx_merged_at(g, 2, 0));
    }
    assert_null(xlsx_sheet_named(&b, STR("Không có")));
    arena_free(&a);
    free((void *)data.p);
}

static void test_shared_strings(void **state)
{
    (void)state;
    check_sample(false);
}

static void test_inline_strings(void **state)
{
    (void)state;
    check_sample(true);
}

/* Reads `data` with `lim` and expects a refusal whose message holds `want`. */
static void expect_refused(struct str data, const struct xlsx_limits *lim, const char *want)
{
    struct arena a;
    arena_init(&a, 0);
    struct xlsx_book b;
    char err[512];
    assert_int_equal(xlsx_read(&a, data, lim, &b, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("message \"%s\" lacks \"%s\"", err, want);
    assert_int_equal(b.n_sheets, 0);
    arena_free(&a);
}

static void test_truncated_and_not_zip(void **state)
{
    (void)state;
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    struct str data = sample_book(false);
    for (size_t cut = 10; cut < data.n; cut += data.n / 7)
        expect_refused((struct str){data.p, cut}, &lim, "bị hỏng hoặc không đầy đủ");
    expect_refused(STR("Mã xã,Giá trị\n"), &lim, "không phải là bảng tính Excel .xlsx");
    expect_refused(STR("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old"), &lim, "tệp .xls cũ");
    lim.max_file = data.n - 1;
    expect_refused(data, &lim, "quá giới hạn");
    free((void *)data.p);
}

/* A zip of the given parts (name, text) made with libzip. */
static struct str make_zip(const char *const *parts, size_t n)
{
    char path[] = "/tmp/test_xlsx_zip_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int e;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &e);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[2 * i + 1], strlen(parts[2 * i + 1]), 0);
        assert_true(zip_file_add(z, parts[2 * i], s, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    struct str s = slurp(path);
    unlink(path);
    return s;
}

static const char WORKBOOK[] =
    "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] = "<?xml version=\"1.0\"?><Relationships "
                           "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                           "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                           "</Relationships>";

static void test_zip_bomb(void **state)
{
    (void)state;
    /* 4 MB of one repeated row inflates from a few KB: far beyond 200 to 1 */
    size_t n = 4u << 20;
    char *sheet = malloc(n + 200);
    strcpy(sheet, "<worksheet><sheetData>");
    size_t k = strlen(sheet);
    while (k < n)
        k += (size_t)sprintf(sheet + k, "<!-- padding padding padding -->");
    strcpy(sheet + k, "</sheetData></worksheet>");
    const char *parts[] = {"xl/workbook.xml", WORKBOOK, "xl/_rels/workbook.xml.rels", RELS,
                           "xl/worksheets/sheet1.xml", sheet};
    struct str data = make_zip(parts, 3);
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    expect_refused(data, &lim, "bom nén");
    lim.max_part = 1u << 20;
    expect_refused(data, &lim, "quá giới hạn 1 MB cho mỗi phần");
    free((void *)data.p);
    free(sheet);
}

static void test_doctype_and_bad_xml(void **state)
{
    (void)state;
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    const char *doctype[] = {"xl/workbook.xml",
                             "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook>&a;</workbook>"};
    struct str data = make_zip(doctype, 1);
    expect_refused(data, &lim, "DOCTYPE");
    free((void *)data.p);
    const char *broken[] = {"xl/workbook.xml", WORKBOOK, "xl/_rels/workbook.xml.rels", RELS,
                            "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1"};
    data = make_zip(broken, 3);
    expect_refused(data, &lim, "bị hỏng");
    free((void *)data.p);
    const char *no_book[] = {"hello.txt", "xin chào"};
    data = make_zip(no_book, 1);
    expect_refused(data, &lim, "không có phần xl/workbook.xml");
    free((void *)data.p);
    /* an OpenDocument spreadsheet names itself in its "mimetype" entry */
    const char *ods[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml",
                         "<?xml version=\"1.0\"?><office:document-content/>"};
    data = make_zip(ods, 2);
    expect_refused(data, &lim, "Tệp là bảng tính OpenDocument (.ods");
    expect_refused(data, &lim, "“Excel 2007-365 (.xlsx)”");
    free((void *)data.p);
    const char *bad_string[] = {"xl/workbook.xml", WORKBOOK, "xl/_rels/workbook.xml.rels", RELS,
                                "xl/worksheets/sheet1.xml",
                                "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>"
                                "</sheetData></worksheet>"};
    data = make_zip(bad_string, 3);
    expect_refused(data, &lim, "chuỗi chữ không có");
    free((void *)data.p);
}

static void test_limits(void **state)
{
    (void)state;
    struct str data = sample_book(false);
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    lim.max_rows = 5;
    expect_refused(data, &lim, "có dòng 6, quá giới hạn 5 dòng");
    xlsx_limits_default(&lim);
    lim.max_cols = 2;
    expect_refused(data, &lim, "cột thứ 28, quá giới hạn 2 cột");
    xlsx_limits_default(&lim);
    lim.max_cells = 5;
    expect_refused(data, &lim, "quá nhiều ô (tối đa 5)");
    xlsx_limits_default(&lim);
    lim.max_strings = 2;
    expect_refused(data, &lim, "quá nhiều chuỗi chữ (tối đa 2)");
    xlsx_limits_default(&lim);
    lim.max_sheets = 1;
    expect_refused(data, &lim, "quá nhiều trang tính (tối đa 1)");
    xlsx_limits_default(&lim);
    lim.max_entries = 3;
    expect_refused(data, &lim, "quá nhiều phần");
    free((void *)data.p);
}

static void test_col_name(void **state)
{
    (void)state;
    char b[8];
    assert_string_equal(xlsx_col_name(0, b), "A");
    assert_string_equal(xlsx_col_name(25, b), "Z");
    assert_string_equal(xlsx_col_name(26, b), "AA");
    assert_string_equal(xlsx_col_name(16383, b), "XFD");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_strings),       cmocka_unit_test(test_inline_strings),
        cmocka_unit_test(test_truncated_and_not_zip), cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_doctype_and_bad_xml),   cmocka_unit_test(test_limits),           cmocka_unit_test(test_col_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
