/*
 * test_docnumber.c - unit tests for src/docs/number.c, the parser of
 * document numbers (số ký hiệu).
 *
 * Each test states what an editor types and what the register must keep:
 * the family, the number, the parts and the canonical spelling, or a
 * refusal with a reason. The seed vectors come from
 * /work/shared/reference/portal-rules.md §2.5; every abbreviation of every
 * table is parsed in the form of its family, so a table entry that the
 * parser cannot read back fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/str.h"
#include "docs/number.h"
#include "text/utf8.h"
#include "text/vi.h"

/* --- helpers ------------------------------------------------------------ */

static struct doc_number parse_ok(const char *in)
{
    struct doc_number n;
    int rc = doc_number_parse(str_cstr(in), &n);
    if (rc != 0)
        fail_msg("\"%s\" refused: %s", in, n.reason ? n.reason : "(no reason)");
    return n;
}

static void assert_refused(const char *in, size_t len)
{
    struct doc_number n;
    int rc = doc_number_parse(str_make(in, len), &n);
    if (rc != -1)
        fail_msg("\"%.*s\" accepted as %s", (int)(len > 80 ? 80 : len), in, n.canonical);
    assert_non_null(n.reason);
    assert_true(strlen(n.reason) > 0);
    assert_true(utf8_valid(str_cstr(n.reason)));
    assert_int_equal(n.family, 0);
    assert_string_equal(n.canonical, "");
}

static void refused(const char *in) { assert_refused(in, strlen(in)); }

/* Parses `in` and checks family, number, type, issuer and canonical form. */
static void expect(const char *in, enum doc_family family, unsigned number, const char *type, const char *issuer,
                   const char *canonical)
{
    struct doc_number n = parse_ok(in);
    if (n.family != family)
        fail_msg("\"%s\": family %d, expected %d", in, n.family, family);
    assert_int_equal(n.number, number);
    assert_string_equal(n.type, type);
    assert_string_equal(n.issuer, issuer);
    assert_string_equal(n.canonical, canonical);
    assert_null(n.reason);
}

/* --- the seed vectors ------------------------------------------------------ */

static void test_seed_vectors(void **state)
{
    (void)state;
    expect("323/KH-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
    expect("57-NQ/TW", DOC_PARTY, 57, "NQ", "TW", "57-NQ/TW");
    expect("70-KL/TW", DOC_PARTY, 70, "KL", "TW", "70-KL/TW");
    expect("04-NQ/TU", DOC_PARTY, 4, "NQ", "TU", "04-NQ/TU");
    expect("464 – QĐ/TU", DOC_PARTY, 464, "QĐ", "TU", "464-QĐ/TU");
    expect("464- QĐ/TU", DOC_PARTY, 464, "QĐ", "TU", "464-QĐ/TU");
    expect("18/2022/QĐ-TTg", DOC_LEGAL, 18, "QĐ", "TTg", "18/2022/QĐ-TTg");
    expect("42/2022/NĐ-CP", DOC_LEGAL, 42, "NĐ", "CP", "42/2022/NĐ-CP");
    expect("116/2025/QH15", DOC_LEGAL, 116, "", "QH", "116/2025/QH15");
    expect("3241/SNV-TT", DOC_LETTER, 3241, "", "SNV", "3241/SNV-TT");
    expect("36-HD/VPTW", DOC_PARTY, 36, "HD", "VPTW", "36-HD/VPTW");
    expect("66-QĐ/TW", DOC_PARTY, 66, "QĐ", "TW", "66-QĐ/TW");
    expect("2657/QĐ-UBND", DOC_ADMIN, 2657, "QĐ", "UBND", "2657/QĐ-UBND");
    expect("959/QĐ-UBND", DOC_ADMIN, 959, "QĐ", "UBND", "959/QĐ-UBND");
    expect("22/2023/TT-BTTTT", DOC_LEGAL, 22, "TT", "BTTTT", "22/2023/TT-BTTTT");
    expect("30/2020/NĐ-CP", DOC_LEGAL, 30, "NĐ", "CP", "30/2020/NĐ-CP");
    expect("666/2015/QĐ-UBND", DOC_LEGAL, 666, "QĐ", "UBND", "666/2015/QĐ-UBND");
    expect("17/2025/TT-BKHCN", DOC_LEGAL, 17, "TT", "BKHCN", "17/2025/TT-BKHCN");
    expect("47/2026/TT-BCA", DOC_LEGAL, 47, "TT", "BCA", "47/2026/TT-BCA");
    expect("148/2025/QH15", DOC_LEGAL, 148, "", "QH", "148/2025/QH15");
    expect("478/CATTT-ATHTTT", DOC_LETTER, 478, "", "CATTT", "478/CATTT-ATHTTT");
    expect("365/TTYQG-GPQLCL", DOC_LETTER, 365, "", "TTYQG", "365/TTYQG-GPQLCL");
}

/* The sentences of the seeds, as far as the number reaches. */
static void test_seed_sentences(void **state)
{
    (void)state;
    expect("Kế hoạch số 323/KH-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
    expect("Kết luận số 70-KL/TW", DOC_PARTY, 70, "KL", "TW", "70-KL/TW");
    expect("Nghị quyết số 04-NQ/TU", DOC_PARTY, 4, "NQ", "TU", "04-NQ/TU");
    expect("quyết định 464 – QĐ/TU", DOC_PARTY, 464, "QĐ", "TU", "464-QĐ/TU");
    expect("quyết định số 464- QĐ/TU", DOC_PARTY, 464, "QĐ", "TU", "464-QĐ/TU");
    expect("Nghị quyết số 57-NQ/TW", DOC_PARTY, 57, "NQ", "TW", "57-NQ/TW");
    /* a number without a symbol: flagged, not completed */
    struct doc_number n = parse_ok("Nghị quyết 09");
    assert_int_equal(n.family, DOC_INCOMPLETE);
    assert_int_equal(n.number, 9);
    assert_string_equal(n.type, "NQ");
    assert_string_equal(n.issuer, "");
    assert_string_equal(n.canonical, "09");
    n = parse_ok("09");
    assert_int_equal(n.family, DOC_INCOMPLETE);
    assert_string_equal(n.type, "");
    n = parse_ok("Luật số 55");
    assert_int_equal(n.family, DOC_INCOMPLETE);
    assert_string_equal(n.type, "");
    expect("Số: 12/TB-VPĐP", DOC_ADMIN, 12, "TB", "VPĐP", "12/TB-VPĐP");
    expect("số 12/TB-VPĐP", DOC_ADMIN, 12, "TB", "VPĐP", "12/TB-VPĐP");
    expect("Luật số 116/2025/QH15", DOC_LEGAL, 116, "", "QH", "116/2025/QH15");
    expect("Công văn số 3241/SNV-TT", DOC_LETTER, 3241, "", "SNV", "3241/SNV-TT");
    expect("Quy định số 05-QĐi/TU", DOC_PARTY, 5, "QĐi", "TU", "05-QĐi/TU");
    expect("Quy định số 05/QyĐ-UBND", DOC_ADMIN, 5, "QyĐ", "UBND", "05/QyĐ-UBND");
    expect("Thông tri số 03-TT/TU", DOC_PARTY, 3, "TT", "TU", "03-TT/TU");
    expect("Thông tư số 03/2024/TT-BNNMT", DOC_LEGAL, 3, "TT", "BNNMT", "03/2024/TT-BNNMT");
    /* folded names, as typed without diacritics */
    expect("ke hoach so 323/kh-ubnd", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
    expect("KẾ HOẠCH SỐ 323/KH-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
}

static void test_name_must_agree(void **state)
{
    (void)state;
    refused("Kế hoạch số 323/QĐ-UBND");
    refused("Nghị định số 18/2022/QĐ-TTg");
    refused("Luật số 42/2022/NĐ-CP");
    refused("Thông tư số 03-TT/TU"); /* the Party's TT is a thông tri */
    refused("Quyết định số 3241/SNV-TT");
    refused("Kế hoạch");
    refused("Số");
    refused("Nghị quyết 09 của Ban thường vụ Tỉnh ủy");
}

/* --- normalisation ------------------------------------------------------- */

static void test_dashes_slashes_spaces(void **state)
{
    (void)state;
    expect("323 / KH - UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
    expect("  323/KH-UBND  ", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
    expect("323/KH—UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");                 /* em dash */
    expect("323/KH‐UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");                 /* hyphen U+2010 */
    expect("323／KH-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");                /* full-width slash */
    expect("323\xC2\xA0/\xC2\xA0KH-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND"); /* no-break spaces */
    expect("323/KH\xE2\x80\x8B-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");     /* zero-width space */
    expect("57 −NQ/TW", DOC_PARTY, 57, "NQ", "TW", "57-NQ/TW");                         /* minus sign */
    expect("\t57-NQ/TW\n", DOC_PARTY, 57, "NQ", "TW", "57-NQ/TW");
    refused("323 /KH UBND"); /* a space that is no separator's */
    refused("32 3/KH-UBND");
}

static void test_case(void **state)
{
    (void)state;
    expect("18/2022/qđ-ttg", DOC_LEGAL, 18, "QĐ", "TTg", "18/2022/QĐ-TTg");
    expect("18/2022/QĐ-TTG", DOC_LEGAL, 18, "QĐ", "TTg", "18/2022/QĐ-TTg");
    expect("318/qđ-ttg", DOC_ADMIN, 318, "QĐ", "TTg", "318/QĐ-TTg");
    expect("12/ttr-ubnd", DOC_ADMIN, 12, "TTr", "UBND", "12/TTr-UBND");
    expect("12/TTR-UBND", DOC_ADMIN, 12, "TTr", "UBND", "12/TTr-UBND");
    expect("7/ctr-ubnd", DOC_ADMIN, 7, "CTr", "UBND", "07/CTr-UBND");
    expect("7/qyđ-ubnd", DOC_ADMIN, 7, "QyĐ", "UBND", "07/QyĐ-UBND");
    expect("7/QYĐ-UBND", DOC_ADMIN, 7, "QyĐ", "UBND", "07/QyĐ-UBND");
    expect("7/trs-ubnd", DOC_ADMIN, 7, "TrS", "UBND", "07/TrS-UBND");
    expect("7-qđi/tu", DOC_PARTY, 7, "QĐi", "TU", "07-QĐi/TU");
    expect("7-QTR/TU", DOC_PARTY, 7, "QTr", "TU", "07-QTr/TU");
    expect("57-nq/tw", DOC_PARTY, 57, "NQ", "TW", "57-NQ/TW");
    expect("116/2025/qh15", DOC_LEGAL, 116, "", "QH", "116/2025/QH15");
    /* the công văn of the Prime Minister: TTg as the issuing agency */
    expect("1234/ttg-ktn", DOC_LETTER, 1234, "", "TTg", "1234/TTg-KTN");
    /* TTg keeps its case only where an issuer stands */
    struct doc_number n = parse_ok("15/SNV-ttg");
    assert_string_equal(n.unit, "TTG");
    /* QD without the stroke is not QĐ: a công văn of an agency "QD" */
    n = parse_ok("18/qd-ttg");
    assert_int_equal(n.family, DOC_LETTER);
    assert_string_equal(n.canonical, "18/QD-TTG");
}

static void test_nfd_input(void **state)
{
    (void)state;
    /* "Kế hoạch" with combining marks (NFD) */
    expect("Ke\xCC\x82\xCC\x81 hoa\xCC\xA3\x63h so\xCC\x82\xCC\x81 323/KH-UBND", DOC_ADMIN, 323, "KH", "UBND",
           "323/KH-UBND");
    /* Đ has no decomposition; its upper and lower forms meet */
    expect("42/2022/nđ-cp", DOC_LEGAL, 42, "NĐ", "CP", "42/2022/NĐ-CP");
}

/* --- the families in detail --------------------------------------------------------- */

static void test_leading_zeros(void **state)
{
    (void)state;
    expect("4-NQ/TU", DOC_PARTY, 4, "NQ", "TU", "04-NQ/TU");
    expect("004-NQ/TU", DOC_PARTY, 4, "NQ", "TU", "04-NQ/TU");
    expect("0323/KH-UBND", DOC_ADMIN, 323, "KH", "UBND", "323/KH-UBND");
    expect("1/2020/NĐ-CP", DOC_LEGAL, 1, "NĐ", "CP", "01/2020/NĐ-CP");
    expect("10/KH-UBND", DOC_ADMIN, 10, "KH", "UBND", "10/KH-UBND");
}

static void test_legal_details(void **state)
{
    (void)state;
    struct doc_number n = parse_ok("42/2022/NĐ-CP");
    assert_int_equal(n.year, 2022);
    assert_int_equal(n.legislature, 0);
    assert_true(doc_number_year_matches(&n, 2022));
    assert_false(doc_number_year_matches(&n, 2023));
    n = parse_ok("116/2025/QH15");
    assert_int_equal(n.year, 2025);
    assert_int_equal(n.legislature, 15);
    n = parse_ok("07/2022/UBTVQH15");
    assert_int_equal(n.family, DOC_LEGAL);
    assert_string_equal(n.issuer, "UBTVQH");
    assert_string_equal(n.canonical, "07/2022/UBTVQH15");
    n = parse_ok("9/2009/QH12");
    assert_int_equal(n.legislature, 12);
    assert_string_equal(n.canonical, "09/2009/QH12");
    expect("02/2019/TTLT-BTC-BNV", DOC_LEGAL, 2, "TTLT", "BTC-BNV", "02/2019/TTLT-BTC-BNV");
    expect("15/2024/NQ-HĐND", DOC_LEGAL, 15, "NQ", "HĐND", "15/2024/NQ-HĐND");
    expect("51/2025/QĐ-TTg", DOC_LEGAL, 51, "QĐ", "TTg", "51/2025/QĐ-TTg");
    /* the other families carry no year: any issue year matches */
    n = parse_ok("323/KH-UBND");
    assert_int_equal(n.year, 0);
    assert_true(doc_number_year_matches(&n, 1999));
    refused("42/2022/XYZ-CP"); /* no such legal type */
    refused("42/2022/NĐ");     /* no issuer */
    refused("42/2022/");       /* no symbol */
    refused("42/1800/NĐ-CP");  /* year out of range */
    refused("42/0000/NĐ-CP");
    refused("42/2022/QH0"); /* no legislature 0 */
    refused("42/2022/QH151");
    refused("12345/2025/QH15"); /* laws have at most 4 digits */
    refused("123456/2022/NĐ-CP");
}

static void test_admin_details(void **state)
{
    (void)state;
    struct doc_number n = parse_ok("12/QĐ-BCĐ-VPĐP");
    assert_int_equal(n.family, DOC_ADMIN);
    assert_string_equal(n.type, "QĐ");
    assert_string_equal(n.issuer, "BCĐ-VPĐP");
    assert_false(n.nonstandard);
    n = parse_ok("123/CV-UBND");
    assert_int_equal(n.family, DOC_ADMIN);
    assert_string_equal(n.type, "CV");
    assert_true(n.nonstandard);
    assert_string_equal(n.canonical, "123/CV-UBND");
    n = parse_ok("999999/KH-UBND");
    assert_int_equal(n.number, 999999);
    n = parse_ok("45/SNN&PTNT-VP");
    assert_int_equal(n.family, DOC_LETTER);
    assert_string_equal(n.issuer, "SNN&PTNT");
    assert_string_equal(n.unit, "VP");
    n = parse_ok("3241/SNV-TT");
    assert_string_equal(n.unit, "TT");
    n = parse_ok("88/UBND-NL1-KT");
    assert_int_equal(n.family, DOC_LETTER);
    assert_string_equal(n.issuer, "UBND");
    assert_string_equal(n.unit, "NL1-KT");
}

static void test_party_details(void **state)
{
    (void)state;
    struct doc_number n = parse_ok("12-NQ/ĐU");
    assert_string_equal(n.issuer, "ĐU");
    refused("57-XYZ/TW"); /* not a Party type */
    refused("57-NQ");     /* no body */
    refused("57-NQ/");
    refused("57-/TW");
    refused("57-QyĐ/TW");    /* the administrative Quy định is not the Party's */
    refused("123456-NQ/TW"); /* at most 5 digits */
}

/* --- every abbreviation of every table --------------------------------------------- */

static void test_every_table_entry(void **state)
{
    (void)state;
    static const enum doc_family families[] = {DOC_ADMIN, DOC_LEGAL, DOC_PARTY};
    size_t total = 0;
    for (size_t f = 0; f < 3; f++) {
        const struct doc_type_abbr *t;
        size_t n = doc_type_table(families[f], &t);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++) {
            char in[64], want[64];
            if (families[f] == DOC_ADMIN) {
                snprintf(in, sizeof in, "7/%s-UBND", t[i].abbr);
                snprintf(want, sizeof want, "07/%s-UBND", t[i].abbr);
            } else if (families[f] == DOC_LEGAL) {
                snprintf(in, sizeof in, "7/2024/%s-CP", t[i].abbr);
                snprintf(want, sizeof want, "07/2024/%s-CP", t[i].abbr);
            } else {
                snprintf(in, sizeof in, "7-%s/TU", t[i].abbr);
                snprintf(want, sizeof want, "07-%s/TU", t[i].abbr);
            }
            struct doc_number d = parse_ok(in);
            if (d.family != families[f])
                fail_msg("%s parsed as family %d", in, d.family);
            assert_string_equal(d.type, t[i].abbr);
            assert_string_equal(d.canonical, want);
            /* the name agrees with the abbreviation and leads the parse too */
            assert_string_equal(doc_type_name_in(families[f], t[i].abbr), t[i].name);
            char named[128];
            snprintf(named, sizeof named, "%s số %s", t[i].name, in);
            d = parse_ok(named);
            assert_string_equal(d.canonical, want);
            /* typed in lower case, it comes back in its own case */
            char lower[64], canon[16];
            size_t k = 0;
            for (const char *p = t[i].abbr; *p && k + 2 < sizeof lower; p++) {
                unsigned char c = (unsigned char)*p;
                if (c >= 'A' && c <= 'Z')
                    lower[k++] = (char)(c - 'A' + 'a');
                else if (c == 0xC4 && (unsigned char)p[1] == 0x90) {
                    lower[k++] = (char)0xC4;
                    lower[k++] = (char)0x91;
                    p++;
                } else
                    lower[k++] = (char)c;
            }
            lower[k] = '\0';
            assert_int_equal(doc_type_abbr_canonical(str_cstr(lower), canon, sizeof canon), 0);
            assert_string_equal(canon, t[i].abbr);
            /* names are NFC */
            struct buf b = BUF_INIT;
            assert_int_equal(vi_nfc(&b, str_cstr(t[i].name)), 0);
            assert_true(str_eq(buf_str(&b), str_cstr(t[i].name)));
            buf_free(&b);
            total++;
        }
    }
    assert_true(total >= 30 + 8 + 16);
    const struct doc_type_abbr *none;
    assert_int_equal(doc_type_table(DOC_LETTER, &none), 0);
    assert_null(none);
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(doc_type_name("KH"), "Kế hoạch");
    assert_string_equal(doc_type_name("QĐ"), "Quyết định");
    assert_string_equal(doc_type_name("QyĐ"), "Quy định");
    assert_string_equal(doc_type_name("QĐi"), "Quy định");
    assert_string_equal(doc_type_name("CĐ"), "Công điện");
    assert_string_equal(doc_type_name("CV"), "Công văn");
    assert_string_equal(doc_type_name("TT"), "Thông tư");
    assert_string_equal(doc_type_name_in(DOC_PARTY, "TT"), "Thông tri");
    assert_string_equal(doc_type_name("TC"), "Thông cáo");
    assert_string_equal(doc_type_name("KL"), "Kết luận");
    assert_string_equal(doc_type_name("NĐ"), "Nghị định");
    assert_string_equal(doc_type_name("TTr"), "Tờ trình");
    assert_string_equal(doc_type_name("GNP"), "Giấy nghỉ phép");
    assert_null(doc_type_name("GCN")); /* not in Phụ lục III */
    assert_null(doc_type_name("kh"));  /* the exact spelling only */
    assert_null(doc_type_name(""));
    assert_null(doc_type_name(NULL));
    assert_null(doc_type_name_in(DOC_ADMIN, "KL"));
    assert_null(doc_type_name_in(DOC_LETTER, "KH"));
    char out[16];
    assert_int_equal(doc_type_abbr_canonical(STR("qđ"), out, sizeof out), 0);
    assert_string_equal(out, "QĐ");
    assert_int_equal(doc_type_abbr_canonical(STR("tt"), out, sizeof out), 0);
    assert_string_equal(out, "TT");
    assert_int_equal(doc_type_abbr_canonical(STR("xyz"), out, sizeof out), -1);
    assert_int_equal(doc_type_abbr_canonical(STR(""), out, sizeof out), -1);
    assert_int_equal(doc_type_abbr_canonical(STR("KH-UBND"), out, sizeof out), -1);
    assert_int_equal(doc_type_abbr_canonical(STR("KH"), out, 2), -1);
    assert_string_equal(doc_family_name(DOC_PARTY), "Văn bản của Đảng");
    assert_string_equal(doc_family_name(DOC_LEGAL), "Văn bản quy phạm pháp luật");
    assert_string_equal(doc_family_name((enum doc_family)0), "");
}

/* --- malformed input ---------------------------------------------------------------- */

static void test_malformed(void **state)
{
    (void)state;
    refused("");
    refused("   ");
    refused("/KH-UBND");
    refused("323/");
    refused("abc");
    refused("323/XYZ-");
    refused("323/-UBND");
    refused("323/KH--UBND");
    refused("323/KH");
    refused("0/KH-UBND");
    refused("000/KH-UBND");
    refused("99999999/KH-UBND");
    refused("9999999999999999999999/KH-UBND");
    refused("1234567");
    refused("323.KH-UBND");
    refused("323/KH-UBND/2024");
    refused("323/KH-UB ND");
    refused("323/KH-<script>");
    refused("323/KH-UBND'");
    refused("323/KH-Ủ");  /* letters of the symbol are Latin and Đ only */
    refused("323/12-34"); /* groups need a letter */
    refused("323/&KH-UBND");
    refused("57-NQ/TW/TU");
    refused("-57-NQ/TW");
    refused("323|KH-UBND");
    /* invalid UTF-8: a lone continuation byte, an overlong slash, a surrogate */
    refused("323/KH-\x80UBND");
    refused("323\xC0\xAFKH-UBND");
    refused("323/KH-\xED\xA0\x80");
    /* control characters and NUL */
    refused("323/KH-UBND\x01");
    assert_refused("323/KH\0-UBND", 12);
    /* far too long */
    char *big = malloc(5000);
    assert_non_null(big);
    memset(big, 'A', 5000);
    memcpy(big, "323/KH-", 7);
    assert_refused(big, 5000);
    /* long but under the input limit: the parts overflow their fields */
    memset(big, 'B', 250);
    memcpy(big, "323/KH-", 7);
    assert_refused(big, 250);
    free(big);
    /* a NULL view */
    struct doc_number n;
    assert_int_equal(doc_number_parse(STR_NULL, &n), -1);
}

/* Every prefix of valid numbers, and every single-byte change of one, must
 * parse or be refused cleanly (the sanitizers watch the reads). */
static void test_prefixes_and_mutations(void **state)
{
    (void)state;
    static const char *const seeds[] = {"Kế hoạch số 323/KH-UBND", "18/2022/QĐ-TTg", "464 – QĐ/TU",
                                        "116/2025/QH15",           "3241/SNV-TT",    "Nghị quyết 09"};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        size_t len = strlen(seeds[s]);
        for (size_t cut = 0; cut <= len; cut++) {
            struct doc_number n;
            int rc = doc_number_parse(str_make(seeds[s], cut), &n);
            assert_true(rc == 0 || (rc == -1 && n.reason));
            if (rc == 0)
                assert_true(utf8_valid(str_cstr(n.canonical)));
        }
        char copy[64];
        for (size_t at = 0; at < len; at++)
            for (int b = 0; b < 256; b += 7) {
                memcpy(copy, seeds[s], len);
                copy[at] = (char)b;
                struct doc_number n;
                int rc = doc_number_parse(str_make(copy, len), &n);
                assert_true(rc == 0 || (rc == -1 && n.reason));
                if (rc == 0) {
                    assert_true(utf8_valid(str_cstr(n.canonical)));
                    assert_true(n.number >= 1);
                }
            }
    }
}

/* The canonical form parses to itself. */
static void test_canonical_is_a_fixed_point(void **state)
{
    (void)state;
    static const char *const inputs[] = {"464 – QĐ/TU",          "4-nq/tu",         "18/2022/qđ-ttg", "116/2025/qh15",
                                         "3241/snv-tt",          "12/ttr-ubnd",     "123/cv-ubnd",    "Nghị quyết 09",
                                         "02/2019/ttlt-btc-bnv", "07/2022/ubtvqh15"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        struct doc_number a = parse_ok(inputs[i]);
        struct doc_number b = parse_ok(a.canonical);
        assert_string_equal(a.canonical, b.canonical);
        if (a.family != DOC_INCOMPLETE)
            assert_int_equal(a.family, b.family);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_vectors),
        cmocka_unit_test(test_seed_sentences),
        cmocka_unit_test(test_name_must_agree),
        cmocka_unit_test(test_dashes_slashes_spaces),
        cmocka_unit_test(test_case),
        cmocka_unit_test(test_nfd_input),
        cmocka_unit_test(test_leading_zeros),
        cmocka_unit_test(test_legal_details),
        cmocka_unit_test(test_admin_details),
        cmocka_unit_test(test_party_details),
        cmocka_unit_test(test_every_table_entry),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_prefixes_and_mutations),
        cmocka_unit_test(test_canonical_is_a_fixed_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
