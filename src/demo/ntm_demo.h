/*
 * ntm_demo.h - demo data for the New Rural Development monitor: the
 * province of Hà Tĩnh (code 42) with its 69 real commune-level units and
 * their simplified boundaries (shipped in data/ntm/), and six years of
 * generated assessments (2021-2025 on the QĐ 318 set, 2026 on the
 * QĐ 51/2025 set as far as it is known), plans, sponsors, models and
 * funds; at national scale, assessments for every unit of the country.
 */
#ifndef DINH_DEMO_NTM_DEMO_H
#define DINH_DEMO_NTM_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The province the demo tells its story about. */
#define DEMO_NTM_PROVINCE "42"

/*
 * Loads the shipped units and sets if they are missing, then writes the
 * demo province's data (and, when `national`, five years of assessments
 * for every other unit), all through the ntm module's writes, in one
 * transaction. Values follow each unit's own pace: most improve, some
 * fast, some slowly, a few fall back for a year; whether a criterion and
 * a unit is met is computed by the module, and recognition decisions
 * follow the computed results. The same seed and `now` write the same
 * rows. 0, or -1 with a message in err.
 */
int demo_fill_ntm(struct store_conn *db, unsigned seed, int64_t now, bool national, char *err, size_t errlen);

/* The department of the demo's department officer. */
#define DEMO_NTM_DEPARTMENT "Sở Nông nghiệp và Môi trường"

/* Gives the demo's commune reporter (account id, 0 for none) the first
 * two units of the demo province, and the department officer
 * DEMO_NTM_DEPARTMENT. After demo_fill_ntm. 0, or -1 with err. */
int demo_ntm_scopes(struct store_conn *db, int64_t reporter_id, int64_t department_id, char *err, size_t errlen);

#endif
