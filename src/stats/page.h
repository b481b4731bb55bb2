/*
 * page.h - the visitor statistics page, /thong-ke/.
 */
#ifndef DINH_STATS_PAGE_H
#define DINH_STATS_PAGE_H

void stats_register(void);

#endif
