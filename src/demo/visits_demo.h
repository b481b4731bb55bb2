/*
 * visits_demo.h - two years of generated visitor history for the demo, so
 * that the statistics page has something to draw.
 */
#ifndef DINH_DEMO_VISITS_DEMO_H
#define DINH_DEMO_VISITS_DEMO_H

#include "store/store.h"
#include <stddef.h>
#include <stdint.h>

/* Writes visit_day rows for the 730 days before `now`'s day (today is
 * left to the live counter). Runs inside the caller's transaction. */
int demo_fill_visits(struct store_conn *db, uint64_t seed, int64_t now, char *err, size_t errlen);

#endif
