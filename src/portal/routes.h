/*
 * routes.h - site-wide routes that belong to no content module: the
 * reader's display choices (/tuy-chon) and stored files (/media/...).
 */
#ifndef DINH_PORTAL_ROUTES_H
#define DINH_PORTAL_ROUTES_H

void portal_register(void);

#endif
