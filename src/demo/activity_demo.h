/*
 * activity_demo.h - demo training courses and delegation visits of the
 * NTM office of Hà Tĩnh, written through the activity module's writes.
 */
#ifndef DINH_DEMO_ACTIVITY_DEMO_H
#define DINH_DEMO_ACTIVITY_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Writes three courses and three visits (one of each a draft), in one
 * transaction, after demo_fill_ntm (the visits stop at the demo
 * province's communes). `now` stamps them. 0, or -1 with err. */
int demo_fill_activities(struct store_conn *db, int64_t now, char *err, size_t errlen);

#endif
