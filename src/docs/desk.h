/*
 * desk.h - the documents desk: the newsroom's pages for the register of
 * official documents, under /quan-tri/van-ban/.
 *
 *   /quan-tri/van-ban/        the list: 50 a page, newest change first;
 *                             ?loai= ?co-quan= ?linh-vuc= (ids) ?nam=
 *                             ?tinh-trang= (1, 2, 3) ?trang-thai= (nhap,
 *                             da-dang, thung-rac; none: all but the trash)
 *                             ?q= (words of the number or the abstract)
 *   /quan-tri/van-ban/moi     a new document (GET the form, POST it)
 *   /quan-tri/van-ban/tep/<file-id>
 *                             an attached file of any document the user may
 *                             see (a draft's too), as an attachment
 *   /quan-tri/van-ban/<id>    one document: every field the public page
 *                             shows, its attached files (uploaded with the
 *                             form, typed from their bytes by filetype.c),
 *                             the document replacing it (by number), and
 *                             the moves: save, publish, unpublish, trash,
 *                             restore (nothing is deleted here)
 *
 * Rights, the same as for articles (people_role_may), checked on the
 * server for every request:
 *   contributor  registers documents as drafts; edits and trashes only
 *                their own drafts; sees only their own
 *   editor       edits any document that is not published; trashes and
 *                restores drafts
 *   chief, admin also publish, unpublish, edit published documents,
 *                trash and restore any
 *
 * A number is parsed by number.c before anything is saved: a malformed one
 * is refused with the parser's sentence beside the field; one already in
 * the register is a warning that lists the documents having it, and the
 * form saves only when the editor ticks "save anyway". Every move is one
 * transaction of the docs module's writes plus its audit log entry.
 */
#ifndef DINH_DOCS_DESK_H
#define DINH_DOCS_DESK_H

/* Adds the routes. */
void docs_desk_register(void);

#endif
