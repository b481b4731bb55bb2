/*
 * legacy.h - Vietnamese text typed in the legacy 8-bit font encodings.
 *
 * Before Unicode, Vietnamese was typed in fonts that draw Vietnamese
 * letters where Windows-1252 has Latin-1 characters. Two families survive
 * in the Word files of government offices:
 *
 *   TCVN3 (ABC)  TCVN 5712:1993, the VN3 subset used by the ABC ".Vn"
 *                fonts (.VnTime, .VnArial; .VnTimeH draws capitals): one
 *                character per letter. "Thạch Hà" is stored as "Th¹ch Hµ",
 *                "đường" as "®­êng" (the second character is U+00AD, the
 *                soft hyphen, which is TCVN3's "ư").
 *   VNI          the "VNI-" fonts (VNI-Times, VNI-Helve): a base letter
 *                followed by one character that draws the marks, "a" + "ø"
 *                = "à", "a" + "ù" = "á", "a" + "ï" = "ạ", "o" + "â" = "ô";
 *                the letters ơ, ư, đ and the toned i are single characters
 *                ("ô", "ö", "ñ", "ò" = ị). "Thạch Hà" is "Thaïch Haø".
 *
 * Word, browsers and importers read those bytes as Windows-1252, so what
 * reaches dinh is valid UTF-8 made of Latin-1 characters. legacy_detect()
 * recognises such text, legacy_convert() turns it into Unicode NFC, and
 * the editor names the encoding it converted from with legacy_name().
 *
 * Capitals in TCVN3. The VN3 subset has capitals only for Ă Â Ê Ô Ơ Ư Đ;
 * a toned capital (Ấ, Ủ) was typed with the byte of the lower-case letter
 * in an "H" font that draws every letter as a capital. The byte does not
 * say which font drew it, so the converter reads the case from the word
 * around it: a word whose other letters are all capitals, at least two of
 * them ("QUYÕT", "TØNH"), gets capitals; a word too short to tell ("Hµ",
 * "§Ó") follows the words of its line when all of those that can tell are
 * capitals; every other toned letter is lower case. This is what the
 * reader of the document saw, with two exceptions that would need the
 * font name: text typed with lower-case keys in an H font comes out lower
 * case, and a word in capitals alone in a line of lower-case words ("Hµ"
 * in "HÀ Tĩnh") comes out lower case. The capitals of the full TCVN3
 * table (VN1: bytes 0x01-0x17, 0x80-0x9F and others) are not used by the
 * ABC fonts and are not read.
 *
 * Detection reads words, not characters. A word (a run of letters and of
 * the characters a table maps to letters) is evidence for an encoding when
 * it is not a Vietnamese syllable as it stands but becomes one when read in
 * that encoding: "Th¹ch" reads "thạch", "Haø" reads "hà". A syllable is an
 * onset, a vowel nucleus and a final of Vietnamese spelling, with at most
 * one tone, only sắc or nặng before the finals c, ch, p, t, and nh or ch
 * only after a, ê, i, oa, uy, uê. Unicode
 * Vietnamese (NFC or NFD) is made of syllables as it stands, so its words
 * are never evidence; a word in other languages rarely reads as a
 * syllable ("où" does, as "ó"; "goût" does not), and a lone character
 * ("×", "·") is never evidence. An encoding is reported when at least
 * LEGACY_MIN_WORDS words, two of them different (not only in case), are
 * evidence for it, and they make at least LEGACY_MIN_PERCENT per cent of
 * all words, and more than LEGACY_UNICODE_RATIO times the words that are
 * plainly Unicode Vietnamese (syllables with a letter beyond Latin-1). If
 * both encodings qualify (short VNI text may read as TCVN3 too), the one
 * with more evidence wins, and a tie is LEGACY_NONE.
 *
 * Everything here is linear in the length of the input, allocates only
 * the temporary buffer of legacy_convert(), and is thread-safe.
 */
#ifndef DINH_TEXT_LEGACY_H
#define DINH_TEXT_LEGACY_H

#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

enum legacy_encoding { LEGACY_NONE = 0, LEGACY_TCVN3, LEGACY_VNI };

#define LEGACY_MIN_WORDS 2
#define LEGACY_MIN_PERCENT 10
#define LEGACY_UNICODE_RATIO 4

/*
 * Which legacy encoding `s` looks like, by the rule above: LEGACY_NONE for
 * Unicode Vietnamese, other languages, text too short or too mixed to be
 * sure, and input that is not valid UTF-8.
 */
enum legacy_encoding legacy_detect(struct str s);

/*
 * Appends the Unicode NFC text for `s` read as `enc`. Characters outside
 * the encoding's table pass unchanged (and the whole result is then put in
 * NFC). LEGACY_NONE copies `s` as it is. Returns 0, or -1 if `s` is not
 * valid UTF-8, in which case nothing is appended.
 */
int legacy_convert(struct buf *out, struct str s, enum legacy_encoding enc);

/* "TCVN3 (ABC)", "VNI", or "Unicode" for LEGACY_NONE: the name the editor
 * shows when it says what it converted. */
const char *legacy_name(enum legacy_encoding enc);

/*
 * One letter of an encoding's table: how the font writes it (one or two
 * characters, UTF-8) and the Unicode letter (NFC). The tables are in
 * legacy.c, where their sources are named; they are public so that tests
 * can write legacy text by reading them backwards.
 */
struct legacy_letter {
    const char *legacy;
    const char *unicode;
};

/* The table of `enc` and its length in *count (NULL and 0 for
 * LEGACY_NONE). */
const struct legacy_letter *legacy_letters(enum legacy_encoding enc, size_t *count);

#endif
