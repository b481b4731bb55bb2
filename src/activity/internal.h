/*
 * internal.h - what the activity module's files share and nobody else
 * needs: the registration of the office's pages (admin.c), called by
 * activity_register (pages.c).
 */
#ifndef DINH_ACTIVITY_INTERNAL_H
#define DINH_ACTIVITY_INTERNAL_H

/* Adds /quan-tri/nong-thon-moi/hoat-dong/ and its forms. */
void activity_admin_register(void);

#endif
