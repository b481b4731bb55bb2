/*
 * test_legacy.c - unit tests for src/text/legacy.c: recognising text typed
 * in the TCVN3 (ABC) and VNI fonts, and converting it to Unicode NFC.
 *
 * The letters are typed here by hand in NFC, independently of legacy.c.
 * Legacy text is written two ways: by hand, for real phrases (each derived
 * from the tables and checked against the examples converters publish),
 * and by encode(), which reads legacy.c's table backwards, for every
 * letter and for long text. Detection is tried on what must not fire:
 * thousands of words of real Vietnamese (the demo vocabulary and two
 * paragraphs of the seed pages) in NFC and NFD, English, French, German,
 * Spanish, and text with stray symbols.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/str.h"
#include "demo/words.h"
#include "text/legacy.h"
#include "text/utf8.h"
#include "text/vi.h"

/* --- the letters ------------------------------------------------------------ */

/* Each vowel with no tone, huyền, hỏi, ngã, sắc, nặng. */
static const char *const lower_rows[12][6] = {
    {"a", "à", "ả", "ã", "á", "ạ"}, {"ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"}, {"â", "ầ", "ẩ", "ẫ", "ấ", "ậ"},
    {"e", "è", "ẻ", "ẽ", "é", "ẹ"}, {"ê", "ề", "ể", "ễ", "ế", "ệ"}, {"i", "ì", "ỉ", "ĩ", "í", "ị"},
    {"o", "ò", "ỏ", "õ", "ó", "ọ"}, {"ô", "ồ", "ổ", "ỗ", "ố", "ộ"}, {"ơ", "ờ", "ở", "ỡ", "ớ", "ợ"},
    {"u", "ù", "ủ", "ũ", "ú", "ụ"}, {"ư", "ừ", "ử", "ữ", "ứ", "ự"}, {"y", "ỳ", "ỷ", "ỹ", "ý", "ỵ"},
};
static const char *const upper_rows[12][6] = {
    {"A", "À", "Ả", "Ã", "Á", "Ạ"}, {"Ă", "Ằ", "Ẳ", "Ẵ", "Ắ", "Ặ"}, {"Â", "Ầ", "Ẩ", "Ẫ", "Ấ", "Ậ"},
    {"E", "È", "Ẻ", "Ẽ", "É", "Ẹ"}, {"Ê", "Ề", "Ể", "Ễ", "Ế", "Ệ"}, {"I", "Ì", "Ỉ", "Ĩ", "Í", "Ị"},
    {"O", "Ò", "Ỏ", "Õ", "Ó", "Ọ"}, {"Ô", "Ồ", "Ổ", "Ỗ", "Ố", "Ộ"}, {"Ơ", "Ờ", "Ở", "Ỡ", "Ớ", "Ợ"},
    {"U", "Ù", "Ủ", "Ũ", "Ú", "Ụ"}, {"Ư", "Ừ", "Ử", "Ữ", "Ứ", "Ự"}, {"Y", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ"},
};
#define ROW_Y 11

/* The 67 lower-case letters with diacritics (đ last), and their capitals
 * at the same index: 134 in all. */
#define LETTERS 67
static const char *lower_letters[LETTERS], *upper_letters[LETTERS];

static void list_letters(void)
{
    size_t n = 0;
    for (int row = 0; row < 12; row++)
        for (int tone = 0; tone < 6; tone++) {
            if (strlen(lower_rows[row][tone]) == 1) /* a, e, i, o, u, y */
                continue;
            lower_letters[n] = lower_rows[row][tone];
            upper_letters[n++] = upper_rows[row][tone];
        }
    lower_letters[n] = "đ";
    upper_letters[n++] = "Đ";
    assert_int_equal(n, LETTERS);
}

/* The index of `letter` in lower_letters or upper_letters, or -1. */
static int letter_index(const char *letter, const char *const *list)
{
    for (int i = 0; i < LETTERS; i++)
        if (strcmp(list[i], letter) == 0)
            return i;
    return -1;
}

/* --- helpers ------------------------------------------------------------------ */

/* The result of legacy_convert() in a static buffer, after asserting it
 * succeeded. */
static const char *convert(const char *s, enum legacy_encoding enc)
{
    static struct buf out;
    buf_reset(&out);
    assert_int_equal(legacy_convert(&out, str_cstr(s), enc), 0);
    return buf_cstr(&out);
}

static enum legacy_encoding detect(const char *s) { return legacy_detect(str_cstr(s)); }

static size_t utf8_char_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/*
 * Appends `text` (NFC) as the fonts of `enc` store it, reading legacy.c's
 * table backwards: every letter the table has becomes its legacy form. A
 * toned capital, which TCVN3 lacks, is written as its lower-case letter,
 * as it was typed for an H font. Anything else is copied.
 */
static void encode_into(struct buf *out, const char *text, enum legacy_encoding enc)
{
    size_t count;
    const struct legacy_letter *table = legacy_letters(enc, &count);
    for (const char *p = text; *p;) {
        size_t len = utf8_char_len((unsigned char)*p);
        char letter[5] = {0};
        memcpy(letter, p, len);
        const char *legacy = NULL;
        for (int attempt = 0; attempt < 2 && !legacy; attempt++) {
            for (size_t k = 0; k < count && !legacy; k++)
                if (strcmp(table[k].unicode, letter) == 0)
                    legacy = table[k].legacy;
            int upper = letter_index(letter, upper_letters);
            if (enc != LEGACY_TCVN3 || upper < 0)
                break;
            strcpy(letter, lower_letters[upper]);
        }
        if (legacy)
            buf_puts(out, legacy);
        else
            buf_append(out, p, len);
        p += len;
    }
}

static const char *encode(const char *text, enum legacy_encoding enc)
{
    static struct buf out;
    buf_reset(&out);
    encode_into(&out, text, enc);
    return buf_cstr(&out);
}

/* The NFD form of `s` (utf8proc), in a static buffer. */
static const char *nfd(const char *s)
{
    static char *last;
    free(last);
    last = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
    assert_non_null(last);
    return last;
}

static void assert_detects(const char *s, enum legacy_encoding want)
{
    enum legacy_encoding got = detect(s);
    if (got != want)
        fail_msg("\"%.200s\": detected %s, expected %s", s, legacy_name(got), legacy_name(want));
}

/* Calls fn on every sentence, title and name of the demo vocabulary. */
static void for_each_demo_text(void (*fn)(const char *))
{
    for (size_t c = 0; c < words_category_count; c++) {
        const struct words_category *cat = &words_categories[c];
        fn(cat->name);
        fn(cat->description);
        for (size_t i = 0; i < cat->title_count; i++) {
            fn(cat->titles[i].title);
            fn(cat->titles[i].summary);
            if (cat->titles[i].lead)
                fn(cat->titles[i].lead);
        }
        const struct words_list lists[] = {cat->firsts, cat->openings, cat->details, cat->tags};
        for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
            for (size_t i = 0; i < lists[l].count; i++)
                fn(lists[l].items[i]);
    }
    const struct words_list *shared[] = {
        &words_general,       &words_quotes,      &words_closings,         &words_headings,
        &words_captions,      &words_summary_tails, &words_villages,       &words_province_roles,
        &words_local_roles_district, &words_local_roles_commune, &words_resident_roles,
        &words_criteria_2021, &words_criteria_2026, &words_community_models, &words_farm_models,
        &words_works,         &words_unions,      &words_digital,          &words_products,
        &words_cooperatives,  &words_topics,      &words_surnames,         &words_male_given,
        &words_female_given,
    };
    for (size_t l = 0; l < sizeof shared / sizeof shared[0]; l++)
        for (size_t i = 0; i < shared[l]->count; i++)
            fn(shared[l]->items[i]);
    for (size_t i = 0; i < words_place_count; i++) {
        fn(words_places[i].commune);
        fn(words_places[i].district);
    }
    for (size_t i = 0; i < words_document_count; i++)
        fn(words_documents[i].kind);
}

static struct buf demo_corpus;
static size_t demo_texts;

static void add_to_corpus(const char *s)
{
    buf_puts(&demo_corpus, s);
    buf_putc(&demo_corpus, '\n');
    demo_texts++;
}

/* All the demo vocabulary, one text a line (NFC). */
static const char *demo_text(void)
{
    if (demo_corpus.n == 0)
        for_each_demo_text(add_to_corpus);
    return buf_cstr(&demo_corpus);
}

/* Two paragraphs of the seed pages (Hà Tĩnh news sites), as published. */
static const char seed_text[] =
    "Theo kế hoạch, hội nghị toàn quốc Văn phòng Điều phối NTM các cấp năm 2017 sẽ được tổ chức vào sáng "
    "24/2, tại Trung tâm Văn hóa – Điện ảnh Hà Tĩnh, với trên 400 đại biểu trên cả nước tham dự.\n"
    "Sáng ngày 12/7/2023, tại trường Chính trị Trần Phú, đồng chí Hoàng Trung Dũng - Ủy viên Trung ương "
    "Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND Tỉnh đã có buổi tiếp xúc, nói chuyện với hơn 200 học viên lớp bồi "
    "dưỡng cập nhật kiến thức giữ chức danh Chủ tịch UBND xã, phường, thị trấn trên địa bàn tỉnh. Trong "
    "đó, cần linh hoạt trong công tác tuyên truyền, vận động để đưa các chủ trương, chính sách của Đảng và "
    "Nhà nước kịp thời đến với người dân; tạo mọi điều kiện để kêu gọi, thu hút các dự án đầu tư vào địa "
    "bàn, góp phần thúc đẩy phát triển kinh tế - xã hội, nâng cao đời sống vật chất, tinh thần của người "
    "dân.\n";

/* --- the tables ------------------------------------------------------------------ */

/* VNI has every one of the 134 letters once; TCVN3 the 67 lower-case ones
 * and the seven capitals of VN3. No legacy form appears twice, and every
 * legacy form is made of Latin-1 characters. */
static void test_tables_cover_every_letter(void **state)
{
    (void)state;
    for (int i = 0; i < LETTERS; i++) {
        struct buf b = BUF_INIT;
        assert_int_equal(vi_nfc(&b, str_cstr(lower_letters[i])), 0);
        assert_int_equal(vi_nfc(&b, str_cstr(upper_letters[i])), 0);
        buf_cstr(&b);
        assert_int_equal(b.n, strlen(lower_letters[i]) + strlen(upper_letters[i])); /* typed in NFC */
        buf_free(&b);
    }

    for (int e = LEGACY_TCVN3; e <= LEGACY_VNI; e++) {
        size_t count;
        const struct legacy_letter *table = legacy_letters((enum legacy_encoding)e, &count);
        int lower_seen[LETTERS] = {0}, upper_seen[LETTERS] = {0};
        for (size_t k = 0; k < count; k++) {
            int lower = letter_index(table[k].unicode, lower_letters);
            int upper = letter_index(table[k].unicode, upper_letters);
            if (lower < 0 && upper < 0)
                fail_msg("%s: \"%s\" is no Vietnamese letter", legacy_name(e), table[k].unicode);
            if (lower >= 0)
                lower_seen[lower]++;
            if (upper >= 0)
                upper_seen[upper]++;
            for (size_t j = 0; j < k; j++)
                if (strcmp(table[j].legacy, table[k].legacy) == 0)
                    fail_msg("%s: \"%s\" twice", legacy_name(e), table[k].legacy);
            const unsigned char *p = (const unsigned char *)table[k].legacy;
            assert_true(utf8_valid(str_cstr(table[k].legacy)));
            for (; *p; p += utf8_char_len(*p))
                assert_true(*p < 0x80 || *p == 0xC2 || *p == 0xC3); /* U+0000..U+00FF */
        }
        size_t uppers = 0;
        for (int i = 0; i < LETTERS; i++) {
            assert_int_equal(lower_seen[i], 1);
            assert_true(upper_seen[i] <= 1);
            uppers += (size_t)upper_seen[i];
        }
        if (e == LEGACY_VNI) {
            assert_int_equal(count, 2 * LETTERS);
            assert_int_equal(uppers, LETTERS);
        } else {
            assert_int_equal(count, LETTERS + 7);
            const char *const capitals[] = {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"};
            for (size_t c = 0; c < 7; c++)
                assert_int_equal(upper_seen[letter_index(capitals[c], upper_letters)], 1);
        }
    }
    size_t count;
    assert_null(legacy_letters(LEGACY_NONE, &count));
    assert_int_equal(count, 0);
}

/* Spot checks typed from the published tables, independently of the
 * tables in legacy.c: the marks and letters met most often. */
static void test_known_codes(void **state)
{
    (void)state;
    assert_string_equal(convert("¸ µ ¹ ® ¬ \u00AD « © ª ¨ §", LEGACY_TCVN3), "á à ạ đ ơ ư ô â ê ă Đ");
    assert_string_equal(convert("aø aù aï oâ ô ö ñ Ñ aê eâ", LEGACY_VNI), "à á ạ ô ơ ư đ Đ ă ê");
    assert_string_equal(convert("ì í æ ó ò î", LEGACY_VNI), "ì í ỉ ĩ ị ỵ");
}

/* --- every letter, there and back ------------------------------------------------ */

/* A syllable for the letter at `i`: "t_n", or "t_" for the toned y
 * (which takes no final), or "đa"; in capitals if `upper`. */
static void syllable(struct buf *b, int i, int upper)
{
    const char *letter = upper ? upper_letters[i] : lower_letters[i];
    if (i == LETTERS - 1) {
        buf_puts(b, letter);
        buf_puts(b, upper ? "A" : "a");
        return;
    }
    bool toned_y = false;
    for (int tone = 1; tone < 6; tone++)
        toned_y |= strcmp(lower_letters[i], lower_rows[ROW_Y][tone]) == 0;
    buf_puts(b, upper ? "T" : "t");
    buf_puts(b, letter);
    if (!toned_y)
        buf_puts(b, upper ? "N" : "n");
}

/* Every letter, lower case and capital, written in each encoding inside a
 * syllable (a line of lower-case ones, a line of capitals): the text is
 * detected as that encoding and converts back byte for byte. */
static void test_round_trip_every_letter(void **state)
{
    (void)state;
    struct buf lower = BUF_INIT, upper = BUF_INIT, both = BUF_INIT;
    for (int i = 0; i < LETTERS; i++) {
        if (i > 0) {
            buf_putc(&lower, ' ');
            buf_putc(&upper, ' ');
        }
        syllable(&lower, i, 0);
        syllable(&upper, i, 1);
    }
    buf_printf(&both, "%s\n%s", buf_cstr(&lower), buf_cstr(&upper));
    const char *texts[] = {buf_cstr(&lower), buf_cstr(&upper), buf_cstr(&both)};

    for (int e = LEGACY_TCVN3; e <= LEGACY_VNI; e++)
        for (size_t t = 0; t < 3; t++) {
            const char *legacy = encode(texts[t], (enum legacy_encoding)e);
            assert_string_not_equal(legacy, texts[t]);
            assert_detects(legacy, (enum legacy_encoding)e);
            assert_string_equal(convert(legacy, (enum legacy_encoding)e), texts[t]);
        }
    buf_free(&lower);
    buf_free(&upper);
    buf_free(&both);
}

/* Each letter alone. VNI gives it back; TCVN3 gives back the lower-case
 * letters and its seven capitals, and a toned capital alone comes back in
 * lower case (nothing around it says it was typed in an H font). */
static void test_round_trip_letters_alone(void **state)
{
    (void)state;
    for (int i = 0; i < LETTERS; i++) {
        assert_string_equal(convert(encode(lower_letters[i], LEGACY_VNI), LEGACY_VNI), lower_letters[i]);
        assert_string_equal(convert(encode(upper_letters[i], LEGACY_VNI), LEGACY_VNI), upper_letters[i]);
        assert_string_equal(convert(encode(lower_letters[i], LEGACY_TCVN3), LEGACY_TCVN3), lower_letters[i]);
        size_t count;
        const struct legacy_letter *table = legacy_letters(LEGACY_TCVN3, &count);
        int has_capital = 0;
        for (size_t k = 0; k < count; k++)
            has_capital |= strcmp(table[k].unicode, upper_letters[i]) == 0;
        assert_string_equal(convert(encode(upper_letters[i], LEGACY_TCVN3), LEGACY_TCVN3),
                            has_capital ? upper_letters[i] : lower_letters[i]);
    }
}

/* --- real phrases ----------------------------------------------------------------- */

struct sample {
    const char *legacy;
    const char *unicode;
    enum legacy_encoding detected; /* LEGACY_NONE where one word is all the evidence */
};

/* Written by hand from the tables. */
#define T LEGACY_TCVN3
#define V LEGACY_VNI
#define N LEGACY_NONE

static const struct sample tcvn3_samples[] = {
    {"Th¹ch Hµ", "Thạch Hà", T},
    {"N«ng th«n míi", "Nông thôn mới", T},
    {"ñy ban nh©n d©n", "ủy ban nhân dân", T}, /* Ủ has no TCVN3 capital: the reader saw "ủy" */
    {"Uû ban nh©n d©n", "Uỷ ban nhân dân", T},
    {"QuyÕt ®Þnh sè 318/Q§-TTg", "Quyết định số 318/QĐ-TTg", T},
    {"x· CÈm Xuyªn ®¹t chuÈn", "xã Cẩm Xuyên đạt chuẩn", T},
    {"®\u00ADêng giao th«ng", "đường giao thông", T},
    {"Hµ TÜnh", "Hà Tĩnh", T},
    /* the examples of published converters */
    {"B¸t X¸t", "Bát Xát", T},
    {"B¶o Th¾ng", "Bảo Thắng", T},
    {"M\u00ADêng Kh\u00AD¬ng", "Mường Khương", T},
    {"Ninh B×nh", "Ninh Bình", N},
    {"Hµ", "Hà", N},
};

static const struct sample vni_samples[] = {
    {"Thaïch Haø", "Thạch Hà", V},
    {"Noâng thoân môùi", "Nông thôn mới", V},
    {"UÛy ban nhaân daân", "Ủy ban nhân dân", V},
    {"Quyeát ñònh soá 318/QÑ-TTg", "Quyết định số 318/QĐ-TTg", V},
    {"xaõ Caåm Xuyeân ñaït chuaån", "xã Cẩm Xuyên đạt chuẩn", V},
    {"ñöôøng giao thoâng", "đường giao thông", V},
    {"Haø Tónh", "Hà Tĩnh", V},
    {"UÛY BAN NHAÂN DAÂN TÆNH HAØ TÓNH", "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", V},
    /* the example of a published converter */
    {"Xin chaøo caùc baïn", "Xin chào các bạn", V},
    {"Haø", "Hà", N},
};

static void check_samples(const struct sample *samples, size_t n, enum legacy_encoding enc)
{
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(convert(samples[i].legacy, enc), samples[i].unicode);
        assert_detects(samples[i].legacy, samples[i].detected);
        /* the hand-written form is the one the table gives */
        assert_string_equal(encode(samples[i].unicode, enc), samples[i].legacy);
        /* and the Unicode text is not legacy */
        assert_detects(samples[i].unicode, LEGACY_NONE);
        assert_detects(nfd(samples[i].unicode), LEGACY_NONE);
    }
}

static void test_tcvn3_samples(void **state)
{
    (void)state;
    check_samples(tcvn3_samples, sizeof tcvn3_samples / sizeof tcvn3_samples[0], LEGACY_TCVN3);
}

static void test_vni_samples(void **state)
{
    (void)state;
    check_samples(vni_samples, sizeof vni_samples / sizeof vni_samples[0], LEGACY_VNI);
}

/* A whole line of legacy text, as pasted from an old Word file. */
static void test_legacy_paragraphs(void **state)
{
    (void)state;
    const char *tcvn3 = "S¸ng ngµy 12/7/2023, t¹i tr\u00ADêng ChÝnh trÞ TrÇn Phó, ®ång chÝ Hoµng Trung Dòng "
                        "®· cã buæi tiÕp xóc, nãi chuyÖn víi h¬n 200 häc viªn.";
    const char *vni = "Saùng ngaøy 12/7/2023, taïi tröôøng Chính trò Traàn Phuù, ñoàng chí Hoaøng Trung "
                      "Duõng ñaõ coù buoåi tieáp xuùc, noùi chuyeän vôùi hôn 200 hoïc vieân.";
    const char *want = "Sáng ngày 12/7/2023, tại trường Chính trị Trần Phú, đồng chí Hoàng Trung Dũng "
                       "đã có buổi tiếp xúc, nói chuyện với hơn 200 học viên.";
    assert_detects(tcvn3, LEGACY_TCVN3);
    assert_detects(vni, LEGACY_VNI);
    assert_string_equal(convert(tcvn3, LEGACY_TCVN3), want);
    assert_string_equal(convert(vni, LEGACY_VNI), want);
    assert_string_equal(encode(want, LEGACY_TCVN3), tcvn3);
    assert_string_equal(encode(want, LEGACY_VNI), vni);
}

/* Capitals in TCVN3: a word in capitals gets toned capitals; a word too
 * short to tell follows its line; everything else is lower case. */
static void test_tcvn3_capitals(void **state)
{
    (void)state;
    assert_string_equal(convert("QUYÕT §ÞNH", LEGACY_TCVN3), "QUYẾT ĐỊNH");
    assert_string_equal(convert("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", LEGACY_TCVN3),
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_string_equal(convert("Uû BAN NH¢N D¢N TØNH Hµ TÜNH", LEGACY_TCVN3), "UỶ BAN NHÂN DÂN TỈNH HÀ TĨNH");
    assert_string_equal(convert("§µ N½ng", LEGACY_TCVN3), "Đà Nẵng");
    assert_string_equal(convert("§µ N½NG", LEGACY_TCVN3), "ĐÀ NẴNG");
    assert_string_equal(convert("§µ", LEGACY_TCVN3), "Đà");
    assert_string_equal(convert("TP Hµ TÜnh", LEGACY_TCVN3), "TP Hà Tĩnh");
    /* each line decides for itself */
    assert_string_equal(convert("QUYÕT §ÞNH\nVÒ viÖc c«ng nhËn x· ®¹t chuÈn", LEGACY_TCVN3),
                        "QUYẾT ĐỊNH\nVề việc công nhận xã đạt chuẩn");
    assert_string_equal(convert("QUYÕT §ÞNH VÒ viÖc", LEGACY_TCVN3), "QUYẾT ĐỊNH Về việc");
    /* the H-font limitation: lower-case keys stay lower case */
    assert_string_equal(convert("quyÕt ®Þnh", LEGACY_TCVN3), "quyết định");
}

/* VNI capitals: the base letter decides, whatever the case of the mark. */
static void test_vni_case(void **state)
{
    (void)state;
    assert_string_equal(convert("AÙ Aù aÙ aù", LEGACY_VNI), "Á Á á á");
    assert_string_equal(convert("ÑOÀNG Ñoàng", LEGACY_VNI), "ĐỒNG Đồng");
    assert_string_equal(convert("ÖÔØNG", LEGACY_VNI), "ƯỜNG");
}

/* --- what passes through --------------------------------------------------------------- */

static void test_other_characters_pass(void **state)
{
    (void)state;
    assert_string_equal(convert("ABC abc 123 – “trÝch dÉn” € … ", LEGACY_TCVN3), "ABC abc 123 – “trích dẫn” € … ");
    /* VNI marks after a letter that takes none, and at the end */
    assert_string_equal(convert("bù cø a", LEGACY_VNI), "bù cø a");
    assert_string_equal(convert("aø", LEGACY_VNI), "à");
    assert_string_equal(convert("a", LEGACY_VNI), "a");
    assert_string_equal(convert("", LEGACY_VNI), "");
    assert_string_equal(convert("", LEGACY_TCVN3), "");
    /* Unicode Vietnamese outside the table is kept (VNI reads ô as ơ, so it is not ignored) */
    assert_string_equal(convert("Hà Tĩnh ạ", LEGACY_TCVN3), "Hà Tĩnh ạ");
    /* the result is NFC even where the input combined with a converted letter */
    assert_string_equal(convert("a\u0301 ¸\u0323", LEGACY_TCVN3), "á ạ\u0301");
    assert_string_equal(convert("e\u0302 a\u0301", LEGACY_VNI), "ê á");
}

/* LEGACY_NONE copies, byte for byte, NFD included. */
static void test_none_copies(void **state)
{
    (void)state;
    const char *texts[] = {"", "Th¹ch Hµ", "Thaïch Haø", "Hà Tĩnh", "Ha\u0300 Ti\u0303nh", "\x01\x7f\u00AD"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        assert_string_equal(convert(texts[i], LEGACY_NONE), texts[i]);
}

/* Results are appended; invalid UTF-8 appends nothing and returns -1. */
static void test_appends_and_refuses(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    buf_puts(&out, "Tiêu đề: ");
    assert_int_equal(legacy_convert(&out, STR("Th¹ch Hµ"), LEGACY_TCVN3), 0);
    assert_int_equal(legacy_convert(&out, STR(" / Thaïch Haø"), LEGACY_VNI), 0);
    assert_string_equal(buf_cstr(&out), "Tiêu đề: Thạch Hà / Thạch Hà");

    const struct str invalid[] = {STR("\xC3"), STR("Th\xB9\x63h"), STR("\xC0\xAF"), STR("\xED\xA0\x80"),
                                  STR("Ha\xC3\xB8 \xF4\x90\x80\x80"), STR("abc\xFF")};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        for (int e = LEGACY_NONE; e <= LEGACY_VNI; e++) {
            size_t before = out.n;
            assert_int_equal(legacy_convert(&out, invalid[i], (enum legacy_encoding)e), -1);
            assert_int_equal(out.n, before);
            assert_int_equal(legacy_detect(invalid[i]), LEGACY_NONE);
        }
    buf_free(&out);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(legacy_name(LEGACY_TCVN3), "TCVN3 (ABC)");
    assert_string_equal(legacy_name(LEGACY_VNI), "VNI");
    assert_string_equal(legacy_name(LEGACY_NONE), "Unicode");
}

/* --- detection must not fire ------------------------------------------------------------- */

static void detect_none_nfc_and_nfd(const char *s)
{
    assert_detects(s, LEGACY_NONE);
    assert_detects(nfd(s), LEGACY_NONE);
}

/* Every sentence, title and name of the demo vocabulary, alone and all
 * together (some 13,000 words), in NFC and NFD; and the seed paragraphs. */
static void test_unicode_vietnamese_is_not_legacy(void **state)
{
    (void)state;
    for_each_demo_text(detect_none_nfc_and_nfd);
    const char *all = demo_text();
    assert_true(demo_texts > 500);
    assert_true(strlen(all) > 50000);
    detect_none_nfc_and_nfd(all);
    detect_none_nfc_and_nfd(seed_text);
    detect_none_nfc_and_nfd("Thạch Hà");
    detect_none_nfc_and_nfd("Hoà Bình, hoàn toàn hoá, khoá học, toán");
    detect_none_nfc_and_nfd("có là và cá bà tôi không trên nhà mà");
}

static const char english[] =
    "The commune reached the new rural standard last year. Roads were paved, schools were rebuilt, and "
    "the people's committee published its plan for the next five years. Residents contributed land, money "
    "and labour; the province added grants for irrigation and clean water.";

static const char french[] =
    "Où est la bibliothèque ? Le garçon a mangé une crème brûlée à la pâtisserie près de l'hôtel. Noël "
    "approche : les enfants écrivent leurs lettres, et l'on goûte déjà au pain d'épices. À Paris, où il pleut "
    "souvent, les cafés sont pleins ; on y discute de tout, de l'été dernier, du maïs qui n'a pas poussé, de "
    "l'égoïsme des voisins et de la naïveté des élèves. « Êtes-vous sûr ? » demanda-t-il. Ça m'étonnerait, "
    "répondit-elle, car où qu'on aille, le coût de la vie augmente. Août est le mois des vacances. Raphaël "
    "et Anaïs se sont mariés à Haïti. Il eût fallu qu'il vînt plus tôt. Le château, bâti au XIIe siècle, "
    "domine la forêt.";

static const char german[] =
    "Die Straße führt über die Brücke zum Schloß, wo früher der König wohnte. Müller und Schröder sind "
    "gestern nach Köln gefahren, um ihre Großmutter zu besuchen. Äpfel, Birnen und Pflaumen wachsen im "
    "Garten; im Frühling blühen die Bäume wunderschön. Übermorgen ist Feiertag. Die Universität in München "
    "bietet Vorlesungen über Philosophie, Ökonomie und Physik an. Grüße aus Düsseldorf!";

static const char spanish[] =
    "¿Dónde está la estación? El niño comió una manzana en la mañana, aún con sueño. Raúl y María viajaron "
    "a España el año pasado; allí conocieron a un señor que vendía artesanías en el baúl de su coche. Según "
    "el periódico, la reunión comenzará a las diez. ¡Qué alegría verte! La canción que cantó Ramón reúne "
    "todo lo que sentía. El país ha crecido, aunque aún hay pobreza. Los pingüinos viven en la Antártida.";

static void test_other_languages_are_not_legacy(void **state)
{
    (void)state;
    const char *texts[] = {
        english, french, german, spanish,
        /* short ones, where one word that reads as a syllable weighs most */
        "Où vas-tu, où cours-tu ?", "Aún no, aún no.", "Là où il fait chaud, plus tôt.", "naïve café résumé",
        "Noël à Haïti", "São Paulo, Brasília", "Ærø og Øresund", "Hello, World!", "", "a", "à", "ò ó",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        detect_none_nfc_and_nfd(texts[i]);
}

static void test_symbols_are_not_legacy(void **state)
{
    (void)state;
    const char *texts[] = {
        "©", "°", "±", "µm", "½", "»", "® ™", "×", "·", "¸", "¶ 3", "§ 5",
        "Copyright © 2024 ACME Corp. Temperature: 25°C ± 2°C.",
        "Particle size 5 µm to 10 µm; a 2.5µm filter, 0,5 µm.",
        "Mix ½ cup of sugar, ¼ cup of butter. Next page » « Previous",
        "Resolution 1920×1080 · 60 Hz. Windows® and Office™. § 5 Abs. 2 ¶ 3.",
        "«Quoted» text, ¡Hola! ¿Qué tal? 3² = 9, x³, 1 µs, 5 µg, ¬A",
        ("Bản quyền © 2024 Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh. Nhiệt độ 25°C ± 2°C, bụi mịn "
         "PM2.5 (2,5 µm). Diện tích ½ ha » Xem tiếp » Kích thước 1920×1080 · 60 Hz."),
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        detect_none_nfc_and_nfd(texts[i]);
}

/* --- long legacy text ---------------------------------------------------------------------- */

/* The demo vocabulary and the seed paragraphs written in each encoding are
 * detected, and convert back: exactly for VNI; for TCVN3 exactly but for
 * toned capitals in words not written in capitals ("Ủy", "Ích"), which
 * come back lower case as legacy.h says. */
static void test_long_legacy_text(void **state)
{
    (void)state;
    const char *texts[] = {demo_text(), seed_text};
    for (size_t t = 0; t < 2; t++) {
        const char *original = texts[t];
        struct buf legacy = BUF_INIT;

        encode_into(&legacy, original, LEGACY_VNI);
        assert_detects(buf_cstr(&legacy), LEGACY_VNI);
        assert_string_equal(convert(buf_cstr(&legacy), LEGACY_VNI), original);

        buf_reset(&legacy);
        encode_into(&legacy, original, LEGACY_TCVN3);
        assert_detects(buf_cstr(&legacy), LEGACY_TCVN3);
        const char *back = convert(buf_cstr(&legacy), LEGACY_TCVN3);
        size_t lowered = 0;
        for (const char *a = original, *b = back; *a || *b;) {
            assert_true(*a && *b);
            size_t la = utf8_char_len((unsigned char)*a), lb = utf8_char_len((unsigned char)*b);
            if (la != lb || memcmp(a, b, la) != 0) {
                char ca[5] = {0}, cb[5] = {0};
                memcpy(ca, a, la);
                memcpy(cb, b, lb);
                int i = letter_index(ca, upper_letters);
                if (i < 0 || strcmp(lower_letters[i], cb) != 0)
                    fail_msg("\"%s\" came back as \"%s\"", ca, cb);
                lowered++;
            }
            a += la;
            b += lb;
        }
        assert_true(lowered < 50);
        buf_free(&legacy);
    }
}

/* --- linear time ------------------------------------------------------------------------------ */

/* CPU time of this thread: the suites run beside others (tests/run.sh), and waiting
 * for a core must not look like slow code. */
static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Detects and converts `n` bytes made of `unit` repeated; returns the
 * seconds taken. */
static double time_both(const char *unit, size_t n, enum legacy_encoding enc)
{
    struct buf in = BUF_INIT, out = BUF_INIT;
    while (in.n < n)
        buf_puts(&in, unit);
    double start = seconds();
    enum legacy_encoding got = legacy_detect(buf_str(&in));
    assert_int_equal(legacy_convert(&out, buf_str(&in), enc), 0);
    double took = seconds() - start;
    if (enc != LEGACY_NONE && strchr(unit, ' '))
        assert_int_equal(got, enc);
    assert_true(utf8_valid(buf_str(&out)));
    buf_free(&in);
    buf_free(&out);
    return took;
}

/* The faster of two runs, so that a busy machine does not fail the test. */
static double best_of_two(const char *unit, size_t n, enum legacy_encoding enc)
{
    double a = time_both(unit, n, enc), b = time_both(unit, n, enc);
    return a < b ? a : b;
}

/* 1 MB of text of several shapes (ordinary lines, one endless line, one
 * endless word) takes about four times as long as 256 KB. */
static void test_long_input_is_linear(void **state)
{
    (void)state;
    struct {
        const char *unit;
        enum legacy_encoding enc;
    } shapes[] = {
        {"Th¹ch Hµ x· CÈm Xuyªn ®¹t chuÈn n«ng th«n míi.\n", LEGACY_TCVN3},
        {"Thaïch Haø xaõ Caåm Xuyeân ñaït chuaån noâng thoân môùi.\n", LEGACY_VNI},
        {"QUYÕT §ÞNH Hµ TÜNH ", LEGACY_TCVN3}, /* one line of capitals */
        {"¸µ¹®¬", LEGACY_TCVN3},              /* one word */
        {"aøaùaïoâ", LEGACY_VNI},
        {"Thạch Hà xã Cẩm Xuyên đạt chuẩn nông thôn mới.\n", LEGACY_NONE},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        double small = best_of_two(shapes[i].unit, 256 * 1024, shapes[i].enc);
        double large = best_of_two(shapes[i].unit, 1024 * 1024, shapes[i].enc);
        if (large > 10 * small + 0.05)
            fail_msg("shape %zu: 256 KB in %.3f s, 1 MB in %.3f s", i, small, large);
    }
}

int main(void)
{
    list_letters();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_cover_every_letter),
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_round_trip_every_letter),
        cmocka_unit_test(test_round_trip_letters_alone),
        cmocka_unit_test(test_tcvn3_samples),
        cmocka_unit_test(test_vni_samples),
        cmocka_unit_test(test_legacy_paragraphs),
        cmocka_unit_test(test_tcvn3_capitals),
        cmocka_unit_test(test_vni_case),
        cmocka_unit_test(test_other_characters_pass),
        cmocka_unit_test(test_none_copies),
        cmocka_unit_test(test_appends_and_refuses),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_unicode_vietnamese_is_not_legacy),
        cmocka_unit_test(test_other_languages_are_not_legacy),
        cmocka_unit_test(test_symbols_are_not_legacy),
        cmocka_unit_test(test_long_legacy_text),
        cmocka_unit_test(test_long_input_is_linear),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    buf_free(&demo_corpus);
    return failed;
}
