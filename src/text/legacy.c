/*
 * legacy.c - TCVN3 and VNI text to Unicode; see legacy.h.
 *
 * The two tables below are the facts: each lists the 67 lower-case
 * Vietnamese letters with diacritics (and đ) and the capitals the encoding
 * has, as the font writes them. They were checked against the TCVN 5712
 * table of XFree86's TCVN converter (the VN1 table, whose lower-case half
 * is VN3), the tables of the vietnamese-conversion npm package and of two
 * independent TCVN3/VNI converters, and against sample text those projects
 * give ("B¸t X¸t" = "Bát Xát", "Xin chaøo caùc baïn" = "Xin chào các
 * bạn"). At first use they are turned into lookup arrays indexed by code
 * point (build_lookup), which also asserts that no two entries collide.
 *
 * Converting is a walk over the code points: TCVN3 maps one to one (with
 * the case rule of legacy.h, which needs to look at a word and at its line
 * before writing them); VNI looks one code point ahead for a mark. The
 * result is put in NFC by vi_nfc(), so characters outside the tables that
 * combine with a converted letter still come out normalised.
 *
 * Detection splits the text into words and asks syllable_valid() about
 * each word as it stands and as each encoding would read it.
 */
#include "text/legacy.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/utf8.h"
#include "text/vi.h"

/* --- the tables -------------------------------------------------------------- */

/* TCVN3's "ư" is U+00AD SOFT HYPHEN, invisible in most editors. */
#define SOFT_HYPHEN "\xC2\xAD"

/* TCVN3 (VN3): one character per letter. In each row the plain vowel (when
 * it needs a code of its own), then the tones in the order the bytes run:
 * huyền, hỏi, ngã, sắc, nặng. */
static const struct legacy_letter tcvn3_letters[] = {
    /* the capitals of VN3: no toned capitals (see legacy.h) */
    {"¡", "Ă"}, {"¢", "Â"}, {"£", "Ê"}, {"¤", "Ô"}, {"¥", "Ơ"}, {"¦", "Ư"}, {"§", "Đ"},
    /* a */ {"µ", "à"}, {"¶", "ả"}, {"·", "ã"}, {"¸", "á"}, {"¹", "ạ"},
    /* ă */ {"¨", "ă"}, {"»", "ằ"}, {"¼", "ẳ"}, {"½", "ẵ"}, {"¾", "ắ"}, {"Æ", "ặ"},
    /* â */ {"©", "â"}, {"Ç", "ầ"}, {"È", "ẩ"}, {"É", "ẫ"}, {"Ê", "ấ"}, {"Ë", "ậ"},
    /* đ */ {"®", "đ"},
    /* e */ {"Ì", "è"}, {"Î", "ẻ"}, {"Ï", "ẽ"}, {"Ð", "é"}, {"Ñ", "ẹ"},
    /* ê */ {"ª", "ê"}, {"Ò", "ề"}, {"Ó", "ể"}, {"Ô", "ễ"}, {"Õ", "ế"}, {"Ö", "ệ"},
    /* i */ {"×", "ì"}, {"Ø", "ỉ"}, {"Ü", "ĩ"}, {"Ý", "í"}, {"Þ", "ị"},
    /* o */ {"ß", "ò"}, {"á", "ỏ"}, {"â", "õ"}, {"ã", "ó"}, {"ä", "ọ"},
    /* ô */ {"«", "ô"}, {"å", "ồ"}, {"æ", "ổ"}, {"ç", "ỗ"}, {"è", "ố"}, {"é", "ộ"},
    /* ơ */ {"¬", "ơ"}, {"ê", "ờ"}, {"ë", "ở"}, {"ì", "ỡ"}, {"í", "ớ"}, {"î", "ợ"},
    /* u */ {"ï", "ù"}, {"ñ", "ủ"}, {"ò", "ũ"}, {"ó", "ú"}, {"ô", "ụ"},
    /* ư */ {SOFT_HYPHEN, "ư"}, {"õ", "ừ"}, {"ö", "ử"}, {"÷", "ữ"}, {"ø", "ứ"}, {"ù", "ự"},
    /* y */ {"ú", "ỳ"}, {"û", "ỷ"}, {"ü", "ỹ"}, {"ý", "ý"}, {"þ", "ỵ"},
};

/* VNI Windows: a base letter and a mark character. The tones alone are
 * ø huyền, û hỏi, õ ngã, ù sắc, ï nặng; with a circumflex â, à, å, ã, á, ä;
 * with a breve ê, è, ú, ü, é, ë. ơ, ư, đ, the toned i and ỵ are single
 * characters. Capitals use the capital of both characters. Rows in the
 * same order as TCVN3's. */
static const struct legacy_letter vni_letters[] = {
    /* a */ {"aø", "à"}, {"aû", "ả"}, {"aõ", "ã"}, {"aù", "á"}, {"aï", "ạ"},
    /* ă */ {"aê", "ă"}, {"aè", "ằ"}, {"aú", "ẳ"}, {"aü", "ẵ"}, {"aé", "ắ"}, {"aë", "ặ"},
    /* â */ {"aâ", "â"}, {"aà", "ầ"}, {"aå", "ẩ"}, {"aã", "ẫ"}, {"aá", "ấ"}, {"aä", "ậ"},
    /* đ */ {"ñ", "đ"},
    /* e */ {"eø", "è"}, {"eû", "ẻ"}, {"eõ", "ẽ"}, {"eù", "é"}, {"eï", "ẹ"},
    /* ê */ {"eâ", "ê"}, {"eà", "ề"}, {"eå", "ể"}, {"eã", "ễ"}, {"eá", "ế"}, {"eä", "ệ"},
    /* i */ {"ì", "ì"}, {"æ", "ỉ"}, {"ó", "ĩ"}, {"í", "í"}, {"ò", "ị"},
    /* o */ {"oø", "ò"}, {"oû", "ỏ"}, {"oõ", "õ"}, {"où", "ó"}, {"oï", "ọ"},
    /* ô */ {"oâ", "ô"}, {"oà", "ồ"}, {"oå", "ổ"}, {"oã", "ỗ"}, {"oá", "ố"}, {"oä", "ộ"},
    /* ơ */ {"ô", "ơ"}, {"ôø", "ờ"}, {"ôû", "ở"}, {"ôõ", "ỡ"}, {"ôù", "ớ"}, {"ôï", "ợ"},
    /* u */ {"uø", "ù"}, {"uû", "ủ"}, {"uõ", "ũ"}, {"uù", "ú"}, {"uï", "ụ"},
    /* ư */ {"ö", "ư"}, {"öø", "ừ"}, {"öû", "ử"}, {"öõ", "ữ"}, {"öù", "ứ"}, {"öï", "ự"},
    /* y */ {"yø", "ỳ"}, {"yû", "ỷ"}, {"yõ", "ỹ"}, {"yù", "ý"}, {"î", "ỵ"},

    /* A */ {"AØ", "À"}, {"AÛ", "Ả"}, {"AÕ", "Ã"}, {"AÙ", "Á"}, {"AÏ", "Ạ"},
    /* Ă */ {"AÊ", "Ă"}, {"AÈ", "Ằ"}, {"AÚ", "Ẳ"}, {"AÜ", "Ẵ"}, {"AÉ", "Ắ"}, {"AË", "Ặ"},
    /* Â */ {"AÂ", "Â"}, {"AÀ", "Ầ"}, {"AÅ", "Ẩ"}, {"AÃ", "Ẫ"}, {"AÁ", "Ấ"}, {"AÄ", "Ậ"},
    /* Đ */ {"Ñ", "Đ"},
    /* E */ {"EØ", "È"}, {"EÛ", "Ẻ"}, {"EÕ", "Ẽ"}, {"EÙ", "É"}, {"EÏ", "Ẹ"},
    /* Ê */ {"EÂ", "Ê"}, {"EÀ", "Ề"}, {"EÅ", "Ể"}, {"EÃ", "Ễ"}, {"EÁ", "Ế"}, {"EÄ", "Ệ"},
    /* I */ {"Ì", "Ì"}, {"Æ", "Ỉ"}, {"Ó", "Ĩ"}, {"Í", "Í"}, {"Ò", "Ị"},
    /* O */ {"OØ", "Ò"}, {"OÛ", "Ỏ"}, {"OÕ", "Õ"}, {"OÙ", "Ó"}, {"OÏ", "Ọ"},
    /* Ô */ {"OÂ", "Ô"}, {"OÀ", "Ồ"}, {"OÅ", "Ổ"}, {"OÃ", "Ỗ"}, {"OÁ", "Ố"}, {"OÄ", "Ộ"},
    /* Ơ */ {"Ô", "Ơ"}, {"ÔØ", "Ờ"}, {"ÔÛ", "Ở"}, {"ÔÕ", "Ỡ"}, {"ÔÙ", "Ớ"}, {"ÔÏ", "Ợ"},
    /* U */ {"UØ", "Ù"}, {"UÛ", "Ủ"}, {"UÕ", "Ũ"}, {"UÙ", "Ú"}, {"UÏ", "Ụ"},
    /* Ư */ {"Ö", "Ư"}, {"ÖØ", "Ừ"}, {"ÖÛ", "Ử"}, {"ÖÕ", "Ữ"}, {"ÖÙ", "Ứ"}, {"ÖÏ", "Ự"},
    /* Y */ {"YØ", "Ỳ"}, {"YÛ", "Ỷ"}, {"YÕ", "Ỹ"}, {"YÙ", "Ý"}, {"Î", "Ỵ"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct legacy_letter *legacy_letters(enum legacy_encoding enc, size_t *count)
{
    switch (enc) {
    case LEGACY_TCVN3:
        *count = COUNT(tcvn3_letters);
        return tcvn3_letters;
    case LEGACY_VNI:
        *count = COUNT(vni_letters);
        return vni_letters;
    default:
        *count = 0;
        return NULL;
    }
}

const char *legacy_name(enum legacy_encoding enc)
{
    switch (enc) {
    case LEGACY_TCVN3:
        return "TCVN3 (ABC)";
    case LEGACY_VNI:
        return "VNI";
    default:
        return "Unicode";
    }
}

/* --- code points --------------------------------------------------------------- */

/* The code point at byte `i` of `s`, which must be valid UTF-8; its length
 * in bytes goes to *len. */
static int32_t codepoint_at(struct str s, size_t i, size_t *len)
{
    unsigned char c = (unsigned char)s.p[i];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.n - i), &cp);
    assert(n > 0 && cp >= 0);
    *len = (size_t)n;
    return cp;
}

static void put_codepoint(struct buf *out, int32_t cp)
{
    buf_reserve(out, 4);
    out->n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out->p + out->n);
}

static bool is_ascii_letter(int32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }

/* Letters and combining marks beyond ASCII, by Unicode category. */
static bool is_other_letter(int32_t cp)
{
    if (cp < 0x80)
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return true;
    default:
        return false;
    }
}

/* The other case of a Latin-1 letter (VNI marks come in both cases). */
static int32_t latin1_other_case(int32_t cp)
{
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 0x20;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
        return cp - 0x20;
    return cp;
}

/* --- lookup arrays ------------------------------------------------------------ */

#define VNI_BASES 14

static struct {
    int32_t tcvn3[0x60];                 /* U+00A0..U+00FF -> letter, 0 if none */
    int32_t vni_single[0x40];            /* U+00C0..U+00FF -> letter, 0 if none */
    int32_t vni_pair[VNI_BASES][0x40];   /* base x mark U+00C0..U+00FF -> letter */
} lookup;

static pthread_once_t lookup_once = PTHREAD_ONCE_INIT;

/* The row of vni_pair for a base letter, or -1: the vowels that take a
 * mark character, VNI's ơ (ô) and ư (ö) included. */
static int vni_base_index(int32_t cp)
{
    static const int32_t bases[VNI_BASES] = {'a', 'e', 'o', 'u', 'y', 0xF4, 0xF6,
                                             'A', 'E', 'O', 'U', 'Y', 0xD4, 0xD6};
    for (int i = 0; i < VNI_BASES; i++)
        if (bases[i] == cp)
            return i;
    return -1;
}

/* Reads up to `max` code points of a table string into `cps`; returns how
 * many there were. */
static size_t table_codepoints(const char *s, int32_t *cps, size_t max)
{
    struct str t = str_cstr(s);
    size_t n = 0;
    for (size_t i = 0, len; i < t.n; i += len) {
        int32_t cp = codepoint_at(t, i, &len);
        assert(n < max);
        if (n < max)
            cps[n++] = cp;
    }
    return n;
}

/* Stores `letter` in `*slot`, which must be free: two table entries with
 * the same legacy form would make one of them unreadable. */
static void claim(int32_t *slot, int32_t letter)
{
    assert(*slot == 0);
    *slot = letter;
}

static void build_lookup(void)
{
    int32_t key[2], letter[1];

    for (size_t i = 0; i < COUNT(tcvn3_letters); i++) {
        size_t k = table_codepoints(tcvn3_letters[i].legacy, key, 2);
        size_t u = table_codepoints(tcvn3_letters[i].unicode, letter, 1);
        assert(k == 1 && u == 1 && key[0] >= 0xA0 && key[0] <= 0xFF);
        (void)k, (void)u;
        claim(&lookup.tcvn3[key[0] - 0xA0], letter[0]);
    }
    for (size_t i = 0; i < COUNT(vni_letters); i++) {
        size_t k = table_codepoints(vni_letters[i].legacy, key, 2);
        size_t u = table_codepoints(vni_letters[i].unicode, letter, 1);
        assert(u == 1);
        (void)u;
        if (k == 1) {
            assert(key[0] >= 0xC0 && key[0] <= 0xFF);
            claim(&lookup.vni_single[key[0] - 0xC0], letter[0]);
        } else {
            int base = vni_base_index(key[0]);
            assert(k == 2 && base >= 0 && key[1] >= 0xC0 && key[1] <= 0xFF);
            claim(&lookup.vni_pair[base][key[1] - 0xC0], letter[0]);
        }
    }
}

static void ensure_lookup(void) { pthread_once(&lookup_once, build_lookup); }

/* The Unicode letter for one TCVN3 character, or 0 when the table has
 * none. */
static int32_t tcvn3_letter(int32_t cp) { return cp >= 0xA0 && cp <= 0xFF ? lookup.tcvn3[cp - 0xA0] : 0; }

/*
 * The Unicode letter for VNI text that starts with `cp`, followed by `next`
 * (-1 at the end of the text). *took_next says whether `next` was a mark
 * and is part of the letter. A mark in the other case from its base letter
 * ("Aù") is read too: the base letter decides the case. A character that
 * is no VNI letter is returned as it is.
 */
static int32_t vni_letter(int32_t cp, int32_t next, bool *took_next)
{
    *took_next = false;
    int base = vni_base_index(cp);
    if (base >= 0 && next >= 0xC0 && next <= 0xFF) {
        int32_t letter = lookup.vni_pair[base][next - 0xC0];
        if (letter == 0)
            letter = lookup.vni_pair[base][latin1_other_case(next) - 0xC0];
        if (letter != 0) {
            *took_next = true;
            return letter;
        }
    }
    if (cp >= 0xC0 && cp <= 0xFF && lookup.vni_single[cp - 0xC0] != 0)
        return lookup.vni_single[cp - 0xC0];
    return cp;
}

/* --- syllables ---------------------------------------------------------------- */

/* Words longer than this many code points are not syllables in any
 * spelling ("nghiêng" is 7 letters, 10 code points in NFD). */
#define WORD_MAX 16

/*
 * The letters of a syllable without its tone are spelled one byte each:
 * a-z as themselves, and A = ă, B = â, E = ê, O = ô, W = ơ, U = ư, D = đ.
 */
enum coda_rule { CODA_NEVER, CODA_ALWAYS, CODA_OPTIONAL };

struct nucleus {
    const char *letters;
    enum coda_rule coda;
    bool palatal; /* may end in nh or ch: anh, ênh, inh, oanh, uynh, uêch */
};

static const struct nucleus nuclei[] = {
    /* vowels that take a final or not */
    {"a", CODA_OPTIONAL, true}, {"e", CODA_OPTIONAL, false}, {"E", CODA_OPTIONAL, true},
    {"i", CODA_OPTIONAL, true}, {"o", CODA_OPTIONAL, false}, {"O", CODA_OPTIONAL, false},
    {"W", CODA_OPTIONAL, false}, {"u", CODA_OPTIONAL, false}, {"U", CODA_OPTIONAL, false},
    {"oa", CODA_OPTIONAL, true}, {"oe", CODA_OPTIONAL, false}, {"uE", CODA_OPTIONAL, true},
    {"uy", CODA_OPTIONAL, true}, {"uW", CODA_OPTIONAL, false},
    /* vowels that always take a final: ăn, ân, tiên, yên, uống, được, chuyên, hoặc, tuần (not the
     * "oo" of loanwords like xoong: VNI's ô, "oâ", would read as TCVN3 "oõ") */
    {"A", CODA_ALWAYS, false}, {"B", CODA_ALWAYS, false}, {"iE", CODA_ALWAYS, false},
    {"yE", CODA_ALWAYS, false}, {"uO", CODA_ALWAYS, false}, {"UW", CODA_ALWAYS, false},
    {"uyE", CODA_ALWAYS, false}, {"oA", CODA_ALWAYS, false}, {"uB", CODA_ALWAYS, false},
    /* vowels that end in a semivowel, and ia, ua, ưa, y: never a final */
    {"y", CODA_NEVER, false}, {"ai", CODA_NEVER, false}, {"ao", CODA_NEVER, false},
    {"au", CODA_NEVER, false}, {"ay", CODA_NEVER, false}, {"Bu", CODA_NEVER, false},
    {"By", CODA_NEVER, false}, {"eo", CODA_NEVER, false}, {"Eu", CODA_NEVER, false},
    {"ia", CODA_NEVER, false}, {"iu", CODA_NEVER, false}, {"oi", CODA_NEVER, false},
    {"Oi", CODA_NEVER, false}, {"Wi", CODA_NEVER, false}, {"ua", CODA_NEVER, false},
    {"ui", CODA_NEVER, false}, {"Ua", CODA_NEVER, false}, {"Ui", CODA_NEVER, false},
    {"Uu", CODA_NEVER, false}, {"iEu", CODA_NEVER, false}, {"yEu", CODA_NEVER, false},
    {"oai", CODA_NEVER, false}, {"oay", CODA_NEVER, false}, {"oeo", CODA_NEVER, false},
    {"uBy", CODA_NEVER, false}, {"uOi", CODA_NEVER, false}, {"UWi", CODA_NEVER, false},
    {"UWu", CODA_NEVER, false}, {"uya", CODA_NEVER, false}, {"uyu", CODA_NEVER, false},
};

/* Longest first where one is a prefix of another; "" last. */
static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
                                     "b",   "c",  "d",  "D",  "g",  "h",  "k",  "l",  "m",  "n",  "p",
                                     "r",   "s",  "t",  "v",  "x",  ""};

static const char *const codas[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};

static bool is_vowel_code(char c) { return c && strchr("aABeEioOWuUy", c) != NULL; }

/* The tone marks, as combining characters. */
enum { TONE_GRAVE = 0x300, TONE_ACUTE = 0x301, TONE_TILDE = 0x303, TONE_HOOK = 0x309, TONE_DOT = 0x323 };

/* Whether the toneless letters `v` (length n) split into onset, nucleus
 * and final, the final allowed after that nucleus and with that tone (c,
 * ch, p, t only with sắc or nặng). */
static bool syllable_shape_valid(const char *v, size_t n, int32_t tone)
{
    for (size_t o = 0; o < COUNT(onsets); o++) {
        size_t on = strlen(onsets[o]);
        if (on >= n || (on > 0 && onsets[o][0] != v[0]) || memcmp(v, onsets[o], on) != 0)
            continue;
        for (size_t c = 0; c < COUNT(codas); c++) {
            size_t cn = strlen(codas[c]);
            if (on + cn >= n || memcmp(v + n - cn, codas[c], cn) != 0)
                continue;
            bool stop = cn > 0 && strchr("cpt", codas[c][0]) != NULL;
            bool palatal = cn == 2 && codas[c][1] == 'h';
            if (stop && tone != TONE_ACUTE && tone != TONE_DOT)
                continue;
            size_t nn = n - on - cn;
            for (size_t k = 0; k < COUNT(nuclei); k++) {
                const struct nucleus *nu = &nuclei[k];
                if (nu->letters[0] != v[on] || strlen(nu->letters) != nn || memcmp(v + on, nu->letters, nn) != 0)
                    continue;
                if (palatal && !nu->palatal)
                    continue;
                if ((cn == 0 && nu->coda != CODA_ALWAYS) || (cn > 0 && nu->coda != CODA_NEVER))
                    return true;
            }
        }
    }
    return false;
}

/*
 * Whether the code points `cps` (any case, NFC or NFD or a mix) spell one
 * Vietnamese syllable: letters a-z and đ, the marks of Vietnamese only on
 * vowels that take them, at most one tone, and the shape above.
 */
static bool syllable_valid(const int32_t *cps, size_t n)
{
    char v[WORD_MAX + 1];
    size_t k = 0, tones = 0;
    int32_t tone = 0;

    if (n == 0 || n > WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        utf8proc_int32_t parts[4];
        int boundclass = 0;
        utf8proc_ssize_t m =
            utf8proc_decompose_char(utf8proc_tolower(cps[i]), parts, 4, UTF8PROC_DECOMPOSE, &boundclass);
        if (m < 1 || m > 4)
            return false;
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            int32_t c = parts[j];
            if ((c >= 'a' && c <= 'z') || c == 0x111) {
                if (k >= WORD_MAX)
                    return false;
                v[k++] = c == 0x111 ? 'D' : (char)c;
                continue;
            }
            /* anything else must be a mark on the vowel before it */
            if (k == 0 || !is_vowel_code(v[k - 1]))
                return false;
            char *last = &v[k - 1];
            switch (c) {
            case TONE_GRAVE:
            case TONE_ACUTE:
            case TONE_TILDE:
            case TONE_HOOK:
            case TONE_DOT:
                tones++;
                tone = c;
                break;
            case 0x302: /* circumflex */
                if (*last != 'a' && *last != 'e' && *last != 'o')
                    return false;
                *last = *last == 'a' ? 'B' : *last == 'e' ? 'E' : 'O';
                break;
            case 0x306: /* breve */
                if (*last != 'a')
                    return false;
                *last = 'A';
                break;
            case 0x31B: /* horn */
                if (*last != 'o' && *last != 'u')
                    return false;
                *last = *last == 'o' ? 'W' : 'U';
                break;
            default:
                return false;
            }
        }
    }
    if (tones > 1)
        return false;
    return syllable_shape_valid(v, k, tone);
}

/* --- detection ------------------------------------------------------------------ */

/* The characters words are made of: letters, combining marks, and the
 * TCVN3 letters that are symbols in Latin-1 ("¸", "µ", the soft hyphen). */
static bool is_word_char(int32_t cp) { return is_ascii_letter(cp) || tcvn3_letter(cp) != 0 || is_other_letter(cp); }

/* Words read as one encoding that became syllables. */
struct evidence {
    size_t words;
    struct str first; /* the first of them */
    bool two_kinds;   /* another one differs from the first, not only in case */
};

/* Whether two words (valid UTF-8) are the same but for case: "Où" and
 * "où" are one kind of word. */
static bool same_word(struct str a, struct str b)
{
    size_t i = 0, j = 0, alen, blen;
    while (i < a.n && j < b.n) {
        if (utf8proc_tolower(codepoint_at(a, i, &alen)) != utf8proc_tolower(codepoint_at(b, j, &blen)))
            return false;
        i += alen;
        j += blen;
    }
    return i == a.n && j == b.n;
}

static void add_evidence(struct evidence *e, struct str word)
{
    if (e->words++ == 0)
        e->first = word;
    else if (!e->two_kinds && !same_word(word, e->first))
        e->two_kinds = true;
}

static size_t tcvn3_read_word(const int32_t *cps, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int32_t letter = tcvn3_letter(cps[i]);
        out[i] = letter ? letter : cps[i];
    }
    return n;
}

static size_t vni_read_word(const int32_t *cps, size_t n, int32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool took_next;
        out[k++] = vni_letter(cps[i], i + 1 < n ? cps[i + 1] : -1, &took_next);
        if (took_next)
            i++;
    }
    return k;
}

static bool convincing(const struct evidence *e, size_t words, size_t unicode_words)
{
    return e->words >= LEGACY_MIN_WORDS && e->two_kinds && e->words * 100 >= words * LEGACY_MIN_PERCENT &&
           e->words > unicode_words * LEGACY_UNICODE_RATIO;
}

/* What the words of a text say. */
struct word_counts {
    size_t words;         /* all words */
    size_t unicode_words; /* syllables as they stand, with a letter beyond Latin-1 */
    struct evidence tcvn3, vni;
};

/* Counts the words of `s` (valid UTF-8). */
static void count_words(struct str s, struct word_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0, len; i < s.n;) {
        int32_t cp = codepoint_at(s, i, &len);
        if (!is_word_char(cp)) {
            i += len;
            continue;
        }
        /* a word: keep its first WORD_MAX code points */
        int32_t cps[WORD_MAX], read[WORD_MAX];
        size_t start = i, n = 0;
        bool beyond_ascii = false, beyond_latin1 = false;
        while (i < s.n && is_word_char(cp = codepoint_at(s, i, &len))) {
            if (n < WORD_MAX)
                cps[n] = cp;
            n++;
            beyond_ascii |= cp >= 0x80;
            beyond_latin1 |= cp > 0xFF;
            i += len;
        }
        c->words++;
        /* a lone character is a symbol more often than a word: "×", "·" */
        if (!beyond_ascii || n < 2 || n > WORD_MAX)
            continue;
        if (syllable_valid(cps, n)) {
            c->unicode_words += beyond_latin1;
            continue;
        }
        struct str word = str_make(s.p + start, i - start);
        if (syllable_valid(read, tcvn3_read_word(cps, n, read)))
            add_evidence(&c->tcvn3, word);
        if (syllable_valid(read, vni_read_word(cps, n, read)))
            add_evidence(&c->vni, word);
    }
}

enum legacy_encoding legacy_detect(struct str s)
{
    struct word_counts c;

    if (!utf8_valid(s))
        return LEGACY_NONE;
    ensure_lookup();
    count_words(s, &c);
    bool t = convincing(&c.tcvn3, c.words, c.unicode_words);
    bool v = convincing(&c.vni, c.words, c.unicode_words);
    /* Short VNI text may read as TCVN3 too ("caùc" is TCVN3 "cực"): the
     * reading that makes more syllables wins. */
    if (t && (!v || c.tcvn3.words > c.vni.words))
        return LEGACY_TCVN3;
    if (v && (!t || c.vni.words > c.tcvn3.words))
        return LEGACY_VNI;
    return LEGACY_NONE;
}

/* --- conversion ------------------------------------------------------------------ */

enum word_case { CASE_UNKNOWN, CASE_LOWER, CASE_UPPER };

/* The case of the TCVN3 word that starts at byte `i` of `s` (and ends
 * before `end`), from its letters that have a case of their own: ASCII
 * letters and the VN3 capitals Ă-Đ. *next gets the end of the word. */
static enum word_case tcvn3_word_case(struct str s, size_t i, size_t end, size_t *next)
{
    size_t upper = 0, lower = 0, len;
    int32_t cp;
    for (; i < end && is_word_char(cp = codepoint_at(s, i, &len)); i += len) {
        if (cp >= 'a' && cp <= 'z')
            lower++;
        else if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xA1 && cp <= 0xA7))
            upper++;
    }
    *next = i;
    return lower > 0 ? CASE_LOWER : upper >= 2 ? CASE_UPPER : CASE_UNKNOWN;
}

/* Whether every word of the line [i, end) that can tell its case is in
 * capitals, and there is at least one. */
static bool tcvn3_line_upper(struct str s, size_t i, size_t end)
{
    bool upper = false;
    for (size_t len; i < end;) {
        if (!is_word_char(codepoint_at(s, i, &len))) {
            i += len;
            continue;
        }
        switch (tcvn3_word_case(s, i, end, &i)) {
        case CASE_LOWER:
            return false;
        case CASE_UPPER:
            upper = true;
            break;
        default:
            break;
        }
    }
    return upper;
}

/* Converts the line [i, end) of TCVN3 text, with the case rule of legacy.h. */
static void tcvn3_convert_line(struct buf *out, struct str s, size_t i, size_t end)
{
    bool line_upper = tcvn3_line_upper(s, i, end);
    size_t word_end = i;
    bool upper = false;

    for (size_t len; i < end; i += len) {
        int32_t cp = codepoint_at(s, i, &len);
        if (i >= word_end && is_word_char(cp)) {
            enum word_case c = tcvn3_word_case(s, i, end, &word_end);
            upper = c == CASE_UPPER || (c == CASE_UNKNOWN && line_upper);
        }
        int32_t letter = tcvn3_letter(cp);
        if (letter != 0)
            put_codepoint(out, upper ? utf8proc_toupper(letter) : letter);
        else
            buf_append(out, s.p + i, len);
    }
}

static void tcvn3_convert(struct buf *out, struct str s)
{
    for (size_t i = 0; i < s.n;) {
        const char *nl = memchr(s.p + i, '\n', s.n - i);
        size_t end = nl ? (size_t)(nl - s.p) : s.n;
        tcvn3_convert_line(out, s, i, end);
        if (nl)
            buf_putc(out, '\n');
        i = nl ? end + 1 : end;
    }
}

static void vni_convert(struct buf *out, struct str s)
{
    for (size_t i = 0, len; i < s.n; i += len) {
        int32_t cp = codepoint_at(s, i, &len);
        bool took_next = false;
        int32_t letter = cp;
        if (cp >= 0x80 || vni_base_index(cp) >= 0) {
            size_t next_len = 0;
            int32_t next = i + len < s.n ? codepoint_at(s, i + len, &next_len) : -1;
            letter = vni_letter(cp, next, &took_next);
            if (took_next)
                len += next_len;
        }
        if (letter == cp && !took_next)
            buf_append(out, s.p + i, len);
        else
            put_codepoint(out, letter);
    }
}

int legacy_convert(struct buf *out, struct str s, enum legacy_encoding enc)
{
    if (!utf8_valid(s))
        return -1;
    if (enc != LEGACY_TCVN3 && enc != LEGACY_VNI) {
        buf_put(out, s);
        return 0;
    }
    ensure_lookup();
    struct buf converted = BUF_INIT;
    if (enc == LEGACY_TCVN3)
        tcvn3_convert(&converted, s);
    else
        vni_convert(&converted, s);
    int rc = vi_nfc(out, buf_str(&converted));
    assert(rc == 0);
    (void)rc;
    buf_free(&converted);
    return 0;
}
