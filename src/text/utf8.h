/*
 * utf8.h - byte-level checks on UTF-8 text.
 *
 * Everything that arrives from outside (query strings, form fields, paths,
 * imported files) passes utf8_valid() before any other text function sees
 * it; utf8_has_control() is the second gate for input that must never carry
 * invisible control characters. The counting and truncation helpers assume
 * text that has already passed utf8_valid().
 *
 * None of these functions depends on a trailing NUL, and only
 * utf8_strip_invisible allocates (from an arena, when it must copy).
 */
#ifndef DINH_TEXT_UTF8_H
#define DINH_TEXT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

/* True if `s` is strict UTF-8: no overlong forms, no surrogates
 * (U+D800-U+DFFF), nothing above U+10FFFF, no stray or missing
 * continuation bytes. NUL bytes are valid UTF-8 and are accepted here;
 * utf8_has_control() is the check that refuses them. */
bool utf8_valid(struct str s);

/* True if `s` holds NUL, a C0 control other than tab, LF and CR, DEL, or a
 * C1 control (U+0080-U+009F). Used to refuse hostile query and path input
 * before it reaches logs, SQL or HTML. Works on any bytes, valid or not. */
bool utf8_has_control(struct str s);

/* The number of code points in `s`, which must be valid UTF-8. */
size_t utf8_count(struct str s);

/* The largest length <= max_bytes at which `s` (valid UTF-8) can be cut
 * without splitting a code point: s.n itself when it already fits. */
size_t utf8_truncate(struct str s, size_t max_bytes);

/* `s` without the characters a reader cannot see that change how the text
 * around them shows: the bidirectional marks, embeddings, overrides and
 * isolates (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069; an
 * override in a name reversed the date after it), the zero-width ones
 * (U+200B-U+200D, U+2060, U+FEFF, U+180E; a name of those alone showed
 * blank), the soft hyphen, the grapheme joiner and the tag characters. `s` itself when it has none, otherwise a
 * copy in the arena. Applied to a comment's name and text as they arrive, and to a search
 * query before the page shows it. */
struct str utf8_strip_invisible(struct arena *a, struct str s);

/* A query typed or pasted into a search box (search, the documents'
 * keyword): utf8_strip_invisible, after a zero-width space between two
 * words became a space, as copied text means it ("nông\u200bthôn",
 * stripped alone, was one word that nothing matched). */
struct str utf8_query_clean(struct arena *a, struct str q);

/* The length of the space at s[i]: an ASCII space, tab or line end, or a
 * Unicode space separator (U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000); 0 when there is none. The one list of spaces
 * the text functions and the form's file names share. */
size_t utf8_space_at(struct str s, size_t i);

/* True when `s` shows nothing: only spaces (ASCII, tabs, line ends and the
 * Unicode space separators: U+00A0, U+2000-U+200A, U+3000...) and the
 * invisible characters utf8_strip_invisible takes out. A title of U+200B
 * or U+3000 alone was published as an empty heading and an empty link. */
bool utf8_is_blank(struct str s);

/* A one-line field as typed (a title, an author, a caption): without the
 * invisible characters, without the spaces at either end (Unicode ones
 * too), each run of spaces, tabs and line ends inside (a vertical tab
 * pasted from a word processor arrives as one; U+2028 and U+2029 too) one
 * space. `s` itself or a part of it when nothing inside changes, which
 * may then not end in a NUL; otherwise a NUL-terminated copy in the arena. */
struct str utf8_clean_line(struct arena *a, struct str s);

/* `s` without the Unicode noncharacters (U+FDD0-U+FDEF and the last two
 * code points of every plane, U+FFFE and U+FFFF among them): never text,
 * and XML 1.0 forbids U+FFFE and U+FFFF, so one in a title broke the RSS
 * feed and the workbooks. `s` itself when it has none, otherwise a copy in
 * the arena. Applied to every form value as it arrives (src/http/form.c). */
struct str utf8_strip_noncharacters(struct arena *a, struct str s);

/* `s` with at most `max` combining marks (Unicode Mn and Me) after each
 * letter: a name or a comment with sixty accents stacked on one letter
 * ("Zalgo" text) draws over the lines above and below it. Vietnamese
 * letters, in NFC, carry none of their own; the marks of other scripts a
 * few. `s` itself when no run is longer, otherwise a copy in the arena;
 * `s` itself when it is not valid UTF-8. */
struct str utf8_limit_marks(struct arena *a, struct str s, int max);

#endif
