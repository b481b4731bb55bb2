/*
 * rules.h - what a comment may be, and how its text is shown.
 *
 * A comment has a name (1 to TALK_NAME_MAX characters, one line), an
 * optional e-mail address (for the newsroom's eyes only, never shown on a
 * public page) and a text (1 to TALK_TEXT_MAX characters). Characters are
 * code points of NFC text, as the form parser hands it over (src/http/form.h:
 * valid UTF-8, NFC, LF for line ends, no control characters but TAB and
 * LF), so a Vietnamese letter counts one whatever its bytes.
 *
 * The text is shown as paragraphs, one per non-blank line, and never as
 * markup: the templates escape it. Pure functions.
 */
#ifndef DINH_TALK_RULES_H
#define DINH_TALK_RULES_H

#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

#define TALK_NAME_MAX 100  /* characters */
#define TALK_TEXT_MAX 3000 /* characters */
#define TALK_EMAIL_MAX 254 /* bytes (RFC 5321) */

/* `s` without blanks (space, TAB, LF) at either end. */
struct str talk_trim(struct str s);

/* NULL when the (trimmed) value may be used; otherwise the Vietnamese
 * sentence that says why not. A name needs a letter or a digit. */
const char *talk_name_problem(struct str name);
const char *talk_email_problem(struct str email); /* empty is fine */
const char *talk_text_problem(struct str text);
/* The same rules said to the editorial board, which edits a reader's
 * comment (answer false) or writes its answer (answer true). */
const char *talk_staff_text_problem(struct str text, bool answer);

/* The paragraphs of a comment's text: its non-blank lines, trimmed, in the
 * arena (pointing into `text`). Returns how many; *out is never NULL. */
size_t talk_paragraphs(struct arena *a, struct str text, struct str **out);

#endif
