/*
 * files.h - the copies on disk that the server sends the library's files
 * from: the folder "<database>-media" beside the database, laid out as the
 * addresses are ("/media/400/a.jpg" is "<folder>/400/a.jpg").
 *
 * The database holds every file; a copy is written at the first request
 * for it and checked at each against its row (length, and creation time as
 * modification time), so a copy left by another database, or cut short by
 * a crash, is written again. A name never changes its bytes; a deleted
 * file's copies go with it.
 */
#ifndef DINH_MEDIA_FILES_H
#define DINH_MEDIA_FILES_H

#include "core/str.h"
#include "http/web.h"
#include "media/library.h"

#define MEDIA_PREFIX "/media"

/* Makes the folder for the database at db_path and clears what a stopped
 * server left half-written in it. The folder, or NULL (logged) when it
 * cannot be made: the files are then sent from memory. */
const char *media_files_start(const char *db_path);
/* {extension, type, ...,  NULL} of the types the library takes. */
const char *const *media_files_types(void);
/* Makes `path` (web_file_path) hold the bytes of file `name` at `width`
 * (meta: its row, with the length only). 1 when it does, 0 when the row is
 * gone meanwhile, -1 when the database failed, -2 when the copy cannot be
 * written (logged once: the answer then comes from memory). */
int media_file_spill(struct web_req *r, struct str path, struct str name, int width, const struct media_bytes *meta);
/* Removes the copies of file `name`, every size of it. */
void media_files_forget(struct str name);

#endif
