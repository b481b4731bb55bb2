/*
 * process.h - what an upload becomes before it is stored: its real type
 * (libmagic, then sniff.h), its hash, and for pictures the re-encoded
 * sizes (libvips). Slow (tens to hundreds of milliseconds): worker threads
 * only, never an event loop.
 *
 * Each worker thread has its own libmagic handle (magic_t is not
 * thread-safe), closed when the thread ends. libvips is started once,
 * with its untrusted loaders blocked (vips_block_untrusted_set) and only
 * the loader of the type libmagic found ever called, so that a file
 * claiming to be a JPEG never reaches, say, the ImageMagick or PDF loader.
 * A picture's size is read from its header before its pixels are decoded:
 * over MEDIA_MAX_PIXELS it is refused (a decompression bomb: a small PNG
 * that declares 30000 × 30000 pixels), but for a JPEG (below). Decoding stops at the first error,
 * so a truncated file is refused whole.
 */
#ifndef DINH_MEDIA_PROCESS_H
#define DINH_MEDIA_PROCESS_H

#include "core/str.h"
#include "media/library.h"
#include "media/sniff.h"

#define MEDIA_MAX_PIXELS 40000000L /* 40 megapixels decoded */
/* A JPEG is decoded at 1/2, 1/4 or 1/8 of its size when it has more
 * (libjpeg scales in the DCT: the full size never reaches memory), so the
 * 48 to 200 megapixel photos of today's phones are taken, and still no
 * more than MEDIA_MAX_PIXELS are decoded. */
#define MEDIA_MAX_JPEG_PIXELS 250000000L
#define MEDIA_MAX_SIDE 20000       /* pixels, either way */
#define MEDIA_VARIANTS 3           /* widths 400, 800, 1600 */

struct media_processed {
    const struct media_type *type;
    unsigned char sha256[32]; /* of the bytes as uploaded */
    /* For a picture, what libvips wrote (owned, freed by media_processed_free);
     * for a document, the upload itself (not owned). */
    const void *bytes;
    size_t n;
    int width, height;
    struct media_variant_bytes variants[MEDIA_VARIANTS];
    size_t n_variants;
    void *owned[1 + MEDIA_VARIANTS];
};

/* The MIME type libmagic reads in the bytes ("image/png"), into `out`
 * (NUL-terminated); -1 if libmagic cannot be used. */
int media_magic(const void *bytes, size_t n, char *out, size_t out_size);

/*
 * Decides the type of `bytes` and prepares what is stored. Returns 0 (out
 * filled; call media_processed_free), MEDIA_INVALID with a Vietnamese
 * sentence in *problem (an empty, unknown, too large, broken or lying
 * file), or -1 if the machinery failed (logged).
 */
int media_process(const void *bytes, size_t n, struct media_processed *out, const char **problem);
void media_processed_free(struct media_processed *p);

#endif
