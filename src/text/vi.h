/*
 * vi.h - Vietnamese text: normalisation, folding, slugs and collation.
 *
 * Text enters dinh in NFC (vi_nfc at the door). Search, duplicate checks
 * and URLs all compare text through one fold (vi_fold), so that "Quyết
 * định", "QUYẾT ĐỊNH" and "quyet dinh" meet; slugs are that fold reduced to
 * [a-z0-9-]. Lists shown to people (units, places, names) sort with
 * vi_sort_key / vi_compare, which know the Vietnamese alphabet and tone
 * order that plain byte order and utf8proc do not.
 *
 * Every function takes any bytes: if `in` is not strict UTF-8 (see
 * utf8_valid) it returns -1 and appends nothing. On success it returns 0
 * and only appends to `out`, so callers can build a string piece by piece.
 * Allocation failure aborts, as in buf.h.
 */
#ifndef DINH_TEXT_VI_H
#define DINH_TEXT_VI_H

#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

/* Appends the NFC form of `in` (Unicode 15, utf8proc 2.8). ASCII input is
 * copied as is. Returns 0, or -1 if `in` is not valid UTF-8. */
int vi_nfc(struct buf *out, struct str in);

/*
 * Appends the search/compare key of `in`: compatibility decomposition
 * (NFKD, so full-width letters, ligatures and superscripts meet their plain
 * forms), Unicode case folding, every combining mark removed, đ/Đ -> d, and
 * default-ignorable characters (soft hyphen, zero-width space and joiners)
 * dropped. Everything else, punctuation included, is kept, lower-cased:
 * "QĐ-TTg" -> "qd-ttg", "Nông thôn mới" -> "nong thon moi". NFC and NFD
 * input give the same key. Returns 0, or -1 on invalid UTF-8.
 */
int vi_fold(struct buf *out, struct str in);

/*
 * Appends the key under which search keeps a word's exact spelling beside
 * its folded form (store/fts_vi.c): the word case-folded and decomposed,
 * with its tone marks taken off the vowels and written after the word, so
 * that the old and the new placement of a tone ("hoà", "hòa"; "thuỷ",
 * "thủy") give one key while "bão", "báo" and "bảo", or "mỗi", "mới" and
 * "môi", give three. Returns 1 when the word carries a mark (a tone, a
 * vowel's breve, circumflex or horn, any other combining mark, or đ) and
 * the key was appended; 0 when it carries none and nothing was appended
 * (its folded form is its spelling); -1 on invalid UTF-8.
 */
int vi_exact_key(struct buf *out, struct str word);

/*
 * Search's folding of i and y. Vietnamese writes the vowel i of a syllable
 * that has no other vowel both ways after a consonant: kì/kỳ, lí/lý,
 * mĩ/mỹ, quí/quý, sĩ/sỹ, tỉ/tỷ, hi/hy. `word` is one folded word
 * (lower-case ASCII, as the search index folds it): if it is an initial
 * consonant ("k", "th", "ngh"... or "qu") followed by a final y, the y is
 * rewritten as i in place. A y after another vowel is a vowel of its own
 * and stays ("tay" is not "tai", "tuy" is not "tui", "huy", "thuy"), and
 * so does a y that begins a word ("y tế", "yên"). Returns n.
 */
size_t vi_fold_final_y(char *word, size_t n);

/*
 * Appends an ASCII slug for URLs: the vi_fold() key with every run of
 * characters other than [a-z0-9] replaced by one '-', and no '-' at either
 * end. At most `max_len` bytes are appended: whole words are kept while they
 * fit, and only a first word longer than max_len is cut inside. The result
 * may be empty (input with no letters or digits); that still returns 0.
 * Returns -1 on invalid UTF-8.
 */
int vi_slug(struct buf *out, struct str in, size_t max_len);

/*
 * Appends a binary sort key: memcmp() order of two keys is Vietnamese
 * alphabetical order of the strings. The key has four levels, each compared
 * over the whole string before the next one is looked at:
 *
 *  1. primary - the letters, case-insensitively and without tones, in the
 *     order of the Vietnamese alphabet
 *       a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z)
 *     (f, j, w, z sit after their Latin neighbours). Before letters come, in
 *     this order: white space, then punctuation and symbols (by code point),
 *     then digits 0-9 (digit by digit, not by numeric value). Letters of
 *     other scripts come after z, by lower-case code point.
 *  2. secondary - the tone marks, word by word, in the order: none, huyền
 *     (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot below). A
 *     word's tones are taken in reading order regardless of which vowel
 *     carries them, so "hoà" and "hòa" tie here.
 *  3. tertiary - case, letter by letter: lower case before upper case.
 *  4. the NFD code points, so that keys are equal only for canonically
 *     equivalent strings and sorting is deterministic.
 *
 * Because a whole level is compared before the next, "an" < "án" < "anh"
 * ("an" and "án" tie on letters, the tone decides; "anh" has more letters),
 * and "ma" < "mà" < "má" < "mả" < "mã" < "mạ".
 * NFC and NFD input give the same key. Returns 0, or -1 on invalid UTF-8.
 */
int vi_sort_key(struct buf *out, struct str in);

/* Appends `in` in capitals ("Văn phòng Điều phối" -> "VĂN PHÒNG ĐIỀU
 * PHỐI"), as the headers of official papers write the agency. 0, or -1 on
 * invalid UTF-8 (nothing appended). */
int vi_upper(struct buf *out, struct str in);

/* Compares `a` and `b` by their vi_sort_key(): <0, 0 or >0. A string that
 * is not valid UTF-8 sorts after every valid one; two invalid strings
 * compare by their bytes. */
int vi_compare(struct str a, struct str b);

/* Sorts `n` records of `size` bytes in the order vi_compare gives the
 * struct str at `name_offset` in each (ties keep their order), making each
 * key once instead of two per comparison. 0, or -1 out of memory (the
 * records are then as they were). */
int vi_sort_records(void *base, size_t n, size_t size, size_t name_offset);

#endif
