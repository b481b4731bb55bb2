/*
 * talk.h - readers' comments ("Ý kiến bạn đọc") and ratings under each
 * article, and their moderation in the newsroom.
 *
 * Tables owned: talk_secret, talk_settings, talk_comment, talk_spent,
 * talk_vote (010_talk.sql). Articles belong to the news module: talk asks
 * it whether one is published (news_is_published, news_cards_by_ids) and
 * changes the rating totals it keeps through news_article_add_rating, in
 * the same transaction as the vote.
 *
 * Routes (talk_register):
 *   GET  /y-kien/<article-id>          the comment form: its token and question
 *                                      (?tra-loi=<comment-id> answers a comment)
 *   POST /y-kien/<article-id>          sends a comment
 *   GET  /danh-gia/<article-id>        the totals, the reader's vote, a form with a token
 *   POST /danh-gia/<article-id>        a vote: counted with a valid token; without
 *                                      one, the page that asks to confirm it
 *   GET  /api/danh-gia/<article-id>    JSON: a token and the totals (static/js/danh-gia.js)
 *   POST /api/danh-gia/<article-id>    JSON: a vote with its token, and the new totals
 *   GET  /quan-tri/y-kien/             moderation (editor, chief, admin): waiting
 *                                      comments oldest first, ?xem=da-duyet the approved
 *   POST /quan-tri/y-kien/xu-ly        approve, reject, spam, edit, answer
 *   POST /quan-tri/y-kien/cai-dat      moderation before showing on or off (admin)
 *
 * Speed: the article page stays in the page cache, so it carries no token
 * of any reader. It shows the approved comments (talk_for_article), a link
 * to the comment form, and a plain rating form; the pages that carry
 * tokens are never cached (Cache-Control: no-store).
 *
 * Cache tags:
 *   talk:ID   pages that show the comments of article ID (its page): a
 *             comment approved, edited, answered or taken down touches it.
 * A vote changes the article's totals, and news_article_add_rating touches
 * art:ID.
 *
 * What is kept of a reader: the name and text they wrote, the e-mail they
 * chose to leave (shown only in the newsroom), and keyed BLAKE2b hashes of
 * their address and of their dinh_doc cookie (token.h); never the address.
 */
#ifndef DINH_TALK_TALK_H
#define DINH_TALK_TALK_H

#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"
#include "talk/view.h"

/* Adds the module's routes. */
void talk_register(void);

/* At most this many approved comments and replies under one article; the
 * section then says how many there are in all. */
#define TALK_SHOWN_MAX 300

/* The approved comments of an article, oldest first, each with its
 * approved replies, and the section's links, for the article page
 * (templates/talk/comments.html). Strings live in `a`. The caller tags
 * its page "talk:ID". Returns 0, or -1 when a statement failed. */
int talk_for_article(struct store_conn *db, struct arena *a, int64_t article_id, struct talk_article_view *out);

#endif
