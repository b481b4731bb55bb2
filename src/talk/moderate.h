/*
 * moderate.h - the newsroom's side of readers' comments: the moderation
 * page under /quan-tri/y-kien/ (see talk.h for its routes).
 *
 * Editors, chiefs and administrators (RIGHT_EDIT_ANY) see the comments
 * waiting, oldest first, each with its article, and approve, reject, mark
 * as spam, edit the text or answer in the name of the editorial board;
 * only administrators (RIGHT_SETTINGS) switch moderation before showing
 * on or off. Pages are no-store; every action is a form with the session's
 * token (people_require), runs on a worker (web_defer) and writes its
 * audit entry (people_audit) in the same transaction as the change.
 */
#ifndef DINH_TALK_MODERATE_H
#define DINH_TALK_MODERATE_H

void talk_moderation_register(void);

#endif
