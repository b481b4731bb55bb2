/*
 * image.h - generated landscape pictures for the demo content.
 *
 * The demo database needs photographs for its articles; it draws them
 * instead: a rural landscape (sky, sun, clouds, hills, rice-field stripes,
 * a road and houses) whose colours, time of day, season and layout all come
 * from a seed, so the same seed always gives the same bytes. Shapes are
 * flat colours, which PNG compresses to a few tens of kilobytes.
 */
#ifndef DINH_DEMO_IMAGE_H
#define DINH_DEMO_IMAGE_H

#include <stddef.h>

#include "core/buf.h"

#define DEMO_IMAGE_MIN_SIDE 16
#define DEMO_IMAGE_MAX_SIDE 4096

/*
 * Draws the landscape of `seed` at width x height (each between
 * DEMO_IMAGE_MIN_SIDE and DEMO_IMAGE_MAX_SIDE) and encodes it as an 8-bit
 * RGB PNG. On success stores a malloc'ed buffer in *png (the caller frees
 * it) and its length in *len, and returns 0. Returns -1 (and stores
 * nothing) on a size out of range or an encoder failure.
 */
int demo_image_png(unsigned seed, int width, int height, unsigned char **png, size_t *len);

/* Appends a Vietnamese description of the picture of `seed` (time of day,
 * season of the rice, what stands in it), for the alt text. */
void demo_image_alt(unsigned seed, struct buf *out);

#endif
