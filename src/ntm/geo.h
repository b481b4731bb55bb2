/*
 * geo.h - units' boundaries for the monitor's map: read from GeoJSON,
 * simplified once on import, stored compact.
 *
 * Import reads every *.geojson file of a folder (and of its sub-folders,
 * one level: the dataset keeps one file per commune under wards/), takes
 * each feature whose `id` (or properties.code) is the code of a current
 * unit, and simplifies each ring of its Polygon or MultiPolygon with the
 * Douglas-Peucker algorithm at `tolerance` degrees, after quantising the
 * coordinates to 1e-4 degree (about 11 m). Rings that collapse are
 * dropped. Pages never simplify: they draw what is stored.
 *
 * The stored form (ntm_shape.geometry, and the shipped CSV
 * data/ntm/ha-tinh-shapes.csv): polygons separated by ';', the rings of a
 * polygon (outer first) by '|', each ring a list of integers separated by
 * spaces: x0 y0 dx1 dy1 ..., where x = round(lon * 1e4), y = round(lat *
 * 1e4) and dxk, dyk the difference to the point before. The ring is closed
 * implicitly (its last point is not repeated).
 *
 * Input is bounded: a file of at most 64 MiB, JSON nested at most 64 deep.
 */
#ifndef DINH_NTM_GEO_H
#define DINH_NTM_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/str.h"
#include "store/store.h"

#define NTM_GEO_SCALE 10000.0    /* quantisation: 1e-4 degree */
#define NTM_GEO_TOLERANCE 0.0012 /* default Douglas-Peucker tolerance, degrees */
#define NTM_GEO_FILE_MAX (64u << 20)

/* Simplifies the ring pts[0..n) (x, y pairs, in quantised units; the last
 * point may repeat the first) in place, keeping the points Douglas-Peucker
 * keeps at `tolerance` (same units), and returns how many remain (0 when
 * the ring collapses below 3 points). Pure; needs n bytes of scratch,
 * which it allocates (returns 0 if it cannot). */
size_t ntm_geo_simplify(int64_t *pts, size_t n, double tolerance);

/* Appends the stored form of one ring (pts[0..n), x y pairs) to out,
 * preceded by `sep` unless it is '\0'. */
void ntm_geo_encode_ring(struct buf *out, const int64_t *pts, size_t n, char sep);

/* Checks a stored geometry and computes its bounding box (degrees) and
 * point count. 0, or -1 if it is not in the stored form. */
int ntm_geo_bounds(struct str geometry, double box[4], int *points);

/* Imports the boundaries in folder `dir` into db (one transaction),
 * replacing the shapes of the units found; appends each shape as a CSV row
 * (code,points,geometry; with a header) to csv_out when it is not NULL.
 * *count receives the shapes stored. 0, or -1 with a message in err. */
int ntm_geojson_import(struct store_conn *db, const char *dir, double tolerance, struct buf *csv_out, int *count,
                       char *err, size_t errlen);

/* Stores shapes from CSV text (header code,points,geometry). Units that do
 * not exist are skipped; *count receives the shapes stored. */
int ntm_shapes_load_csv(struct store_conn *db, struct str csv, int *count, char *err, size_t errlen);

#endif
