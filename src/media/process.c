/* process.c - libmagic and libvips on the worker threads; see process.h. */
#include "media/process.h"

#include <dlfcn.h>
#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>

#include "core/log.h"

/* --- libmagic: one handle per thread ----------------------------------------------------------- */

static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void magic_release(void *m) { magic_close((magic_t)m); }
static void magic_key_make(void) { pthread_key_create(&magic_key, magic_release); }

static magic_t thread_magic(void)
{
    pthread_once(&magic_once, magic_key_make);
    magic_t m = pthread_getspecific(magic_key);
    if (m)
        return m;
    m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (!m)
        return NULL;
    if (magic_load(m, NULL) != 0) {
        log_error("media: libmagic cannot load its database: %s", magic_error(m));
        magic_close(m);
        return NULL;
    }
    pthread_setspecific(magic_key, m);
    return m;
}

int media_magic(const void *bytes, size_t n, char *out, size_t out_size)
{
    magic_t m = thread_magic();
    if (!m)
        return -1;
    const char *type = magic_buffer(m, bytes, n);
    if (!type) {
        log_error("media: libmagic failed: %s", magic_error(m));
        return -1;
    }
    snprintf(out, out_size, "%s", type);
    return 0;
}

/* --- libvips ------------------------------------------------------------------------------------ */

/* libvips is opened at the first picture, not linked: with it come some
 * ninety libraries (glib, librsvg, OpenEXR, HDF5, ...), about 15 MB
 * resident and a slower start for every `dinh` command, where most
 * processes never see an upload. Its functions are looked up by name and
 * keep the header's types. */
#define VIPS_FUNCTIONS(X)                                                                                              \
    X(vips_version) X(vips_init) X(vips_error_buffer) X(vips_error_clear) X(vips_block_untrusted_set)                \
    X(vips_concurrency_set) X(vips_cache_set_max) X(vips_jpegload_buffer) X(vips_pngload_buffer)                     \
    X(vips_webpload_buffer) X(vips_gifload_buffer) X(vips_jpegsave_buffer) X(vips_pngsave_buffer)                    \
    X(vips_webpsave_buffer) X(vips_gifsave_buffer) X(vips_image_get_width) X(vips_image_get_height)                  \
    X(vips_autorot) X(vips_resize) X(vips_image_copy_memory) X(vips_thread_shutdown) X(g_object_ref)                 \
    X(g_object_unref) X(g_free) X(vips_shutdown)
static struct {
#define VIPS_FIELD(f) __typeof__(&f) f;
    VIPS_FUNCTIONS(VIPS_FIELD)
#undef VIPS_FIELD
} V;

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static bool vips_ready;

/* Opens the library of the ABI the header describes (libtool's major
 * number: current - age) and finds every function, or logs why not. */
static bool vips_open(void)
{
    char name[32];
    snprintf(name, sizeof name, "libvips.so.%d", VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        log_error("media: cannot open libvips (%s): pictures cannot be taken", dlerror());
        return false;
    }
#define VIPS_FIND(f)                                                                                                   \
    if (!(*(void **)&V.f = dlsym(lib, #f))) {                                                                          \
        log_error("media: %s has no %s: pictures cannot be taken", name, #f);                                        \
        return false;                                                                                                  \
    }
    VIPS_FUNCTIONS(VIPS_FIND)
#undef VIPS_FIND
    return true; /* never closed: glib's types stay registered */
}

static void vips_start(void)
{
    if (!vips_open())
        return;
    int abi = V.vips_version(3) - V.vips_version(5);
    if (abi != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) {
        log_error("media: libvips has ABI %d, dinh was built for %d", abi, VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
        return;
    }
    if (V.vips_init("dinh") != 0) {
        log_error("media: libvips does not start: %s", V.vips_error_buffer());
        V.vips_error_clear();
        return;
    }
    V.vips_block_untrusted_set(TRUE);
    V.vips_concurrency_set(1); /* the workers are the parallelism; the machine is small */
    V.vips_cache_set_max(0);   /* every upload is new: nothing to reuse */
    vips_ready = true;
}

/* shrink: a JPEG's scale at decoding, 1, 2, 4 or 8 (MEDIA_MAX_JPEG_PIXELS) */
static int load(const struct media_type *t, const void *bytes, size_t n, int shrink, VipsImage **out)
{
    /* Only the loader of the type libmagic found. The buffer is not
     * changed by the loaders; their prototypes just lack the const. */
    void *p = (void *)bytes;
    if (strcmp(t->mime, "image/jpeg") == 0)
        return V.vips_jpegload_buffer(p, n, out, "access", VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_ERROR,
                                      "shrink", shrink, NULL);
    if (strcmp(t->mime, "image/png") == 0)
        return V.vips_pngload_buffer(p, n, out, "access", VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (strcmp(t->mime, "image/webp") == 0)
        return V.vips_webpload_buffer(p, n, out, "access", VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (strcmp(t->mime, "image/gif") == 0)
        return V.vips_gifload_buffer(p, n, out, "access", VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    return -1;
}

/* Encodes `img` in the upload's own type, without metadata. */
static int save(const struct media_type *t, VipsImage *img, void **buf, size_t *n)
{
    if (strcmp(t->mime, "image/jpeg") == 0)
        return V.vips_jpegsave_buffer(img, buf, n, "Q", 85, "strip", TRUE, "optimize_coding", TRUE, NULL);
    if (strcmp(t->mime, "image/png") == 0)
        return V.vips_pngsave_buffer(img, buf, n, "strip", TRUE, "compression", 6, NULL);
    if (strcmp(t->mime, "image/webp") == 0)
        return V.vips_webpsave_buffer(img, buf, n, "Q", 80, "strip", TRUE, NULL);
    if (strcmp(t->mime, "image/gif") == 0)
        return V.vips_gifsave_buffer(img, buf, n, "strip", TRUE, NULL);
    return -1;
}

static const char BROKEN[] = "Tệp ảnh bị hỏng hoặc chưa tải lên hết, không đọc được. Chưa lưu gì; hãy kiểm tra tệp và "
                             "tải lên lại.";

static int process_image(const void *bytes, size_t n, struct media_processed *out, const char **problem)
{
    pthread_once(&vips_once, vips_start);
    if (!vips_ready)
        return -1;
    static const int widths[MEDIA_VARIANTS] = {400, 800, 1600};
    VipsImage *in = NULL, *upright = NULL, *main_img = NULL, *memory = NULL;
    int rc = MEDIA_INVALID;
    *problem = BROKEN;
    if (load(out->type, bytes, n, 1, &in) != 0)
        goto done;
    /* The header only so far: the size is known, nothing is decoded. */
    long w = V.vips_image_get_width(in), h = V.vips_image_get_height(in);
    if (w < 1 || h < 1)
        goto done;
    bool jpeg = strcmp(out->type->mime, "image/jpeg") == 0;
    if (w > MEDIA_MAX_SIDE || h > MEDIA_MAX_SIDE || w * h > (jpeg ? MEDIA_MAX_JPEG_PIXELS : MEDIA_MAX_PIXELS)) {
        *problem = jpeg ? "Ảnh quá lớn: ảnh JPEG tối đa 250 triệu điểm ảnh và 20000 điểm ảnh mỗi chiều. Chưa lưu gì."
                        : "Ảnh quá lớn: tối đa 40 triệu điểm ảnh và 20000 điểm ảnh mỗi chiều (ảnh lớn như vậy "
                          "thường là tệp được làm ra để làm treo máy chủ; ảnh chụp lớn hơn hãy lưu dạng JPEG). Chưa "
                          "lưu gì.";
        goto done;
    }
    if (w * h > MEDIA_MAX_PIXELS) { /* a JPEG: read again, scaled in the decoder */
        int shrink = 2;
        while (shrink < 8 && (w / shrink) * (h / shrink) > MEDIA_MAX_PIXELS)
            shrink *= 2;
        V.g_object_unref(in);
        in = NULL;
        if (load(out->type, bytes, n, shrink, &in) != 0)
            goto done;
        w = V.vips_image_get_width(in);
        h = V.vips_image_get_height(in);
        if (w < 1 || h < 1 || w * h > MEDIA_MAX_PIXELS)
            goto done;
    }
    /* Turned as the camera said (the orientation goes with the metadata). */
    if (V.vips_autorot(in, &upright, NULL) != 0)
        goto done;
    int uw = V.vips_image_get_width(upright);
    if (uw > MEDIA_MAX_WIDTH) {
        if (V.vips_resize(upright, &main_img, (double)MEDIA_MAX_WIDTH / uw, NULL) != 0)
            goto done;
    } else {
        main_img = upright;
        (V.g_object_ref)(main_img); /* the function: glib makes the name a macro */
    }
    /* Decoded once, here: a truncated or damaged file fails now. The
     * copy in memory can then be read again for every size (a pipeline
     * read twice fails: "out of order read"). */
    memory = V.vips_image_copy_memory(main_img);
    if (!memory)
        goto done;
    out->width = V.vips_image_get_width(memory);
    out->height = V.vips_image_get_height(memory);
    void *buf = NULL;
    size_t len = 0;
    if (save(out->type, memory, &buf, &len) != 0)
        goto done;
    out->owned[0] = buf;
    out->bytes = buf;
    out->n = len;
    for (int k = 0; k < MEDIA_VARIANTS; k++) {
        if (widths[k] >= out->width)
            break; /* never wider than the picture */
        VipsImage *small = NULL;
        if (V.vips_resize(memory, &small, (double)widths[k] / out->width, NULL) != 0)
            goto done;
        buf = NULL;
        int ok = save(out->type, small, &buf, &len);
        struct media_variant_bytes *v = &out->variants[out->n_variants];
        v->width = V.vips_image_get_width(small);
        v->height = V.vips_image_get_height(small);
        V.g_object_unref(small);
        if (ok != 0)
            goto done;
        out->owned[1 + out->n_variants] = buf;
        v->bytes = buf;
        v->n = len;
        out->n_variants++;
    }
    rc = 0;
    *problem = NULL;
done:
    if (rc != 0) {
        const char *why = V.vips_error_buffer();
        log_info("media: picture refused: %s",
                 why && *why ? why : "libvips gave no reason (its warnings, if any, are just above)");
        V.vips_error_clear();
    }
    if (memory)
        V.g_object_unref(memory);
    if (main_img)
        V.g_object_unref(main_img);
    if (upright)
        V.g_object_unref(upright);
    if (in)
        V.g_object_unref(in);
    V.vips_thread_shutdown();
    return rc;
}

void media_shutdown(void)
{
    /* libvips's worker threads end here, before the process does: left
     * running, the leak checker of the sanitizer build could find one of
     * them half gone while it stopped the threads to scan them, and crash */
    if (vips_ready)
        V.vips_shutdown();
}

int media_process(const void *bytes, size_t n, struct media_processed *out, const char **problem)
{
    memset(out, 0, sizeof *out);
    *problem = NULL;
    if (n == 0) {
        *problem = "Tệp rỗng (0 byte): không có gì để lưu.";
        return MEDIA_INVALID;
    }
    char mime[128];
    if (media_magic(bytes, n, mime, sizeof mime) != 0)
        return -1;
    struct str m = str_cstr(mime);
    const struct media_type *t = media_is_zip_answer(m) ? media_zip_type(bytes, n) : media_type_of(m);
    if (!t) {
        if (str_eq_lit(m, "text/html") || str_eq_lit(m, "image/svg+xml") || str_eq_lit(m, "text/xml") ||
            str_eq_lit(m, "application/xhtml+xml"))
            *problem = "Không nhận tệp HTML, SVG hay XML (có thể chứa mã chạy trên trang). Chưa lưu gì.";
        else if (media_is_zip_answer(m))
            *problem = "Tệp nén này không phải tài liệu Word, Excel hay OpenDocument hợp lệ. Chưa lưu gì.";
        else if (str_eq_lit(m, "image/heic") || str_eq_lit(m, "image/heif") || str_eq_lit(m, "image/avif"))
            *problem = "Ảnh HEIC/AVIF (ảnh chụp từ iPhone) chưa được nhận: hãy xuất ảnh ra JPEG (trên iPhone: Cài đặt → "
                       "Camera → Định dạng → Tương thích nhất) rồi tải lên lại. Chưa lưu gì.";
        else
            *problem = "Thư viện chỉ nhận ảnh JPEG, PNG, WebP, GIF và tài liệu PDF, DOC, DOCX, XLS, XLSX, ODT, ODS "
                       "(loại tệp được xác định theo nội dung, không theo tên). Chưa lưu gì.";
        return MEDIA_INVALID;
    }
    out->type = t; /* known from here: a refusal for its size is a 413, not a 415 */
    if (n > t->max_bytes) {
        *problem = t->image ? "Ảnh quá lớn: tối đa 15 MB (GIF 8 MB). Chưa lưu gì."
                            : "Tài liệu quá lớn: tối đa 20 MB với PDF, 10 MB với các loại khác. Chưa lưu gì.";
        return MEDIA_INVALID;
    }
    crypto_hash_sha256(out->sha256, bytes, n);
    if (!t->image) {
        out->bytes = bytes;
        out->n = n;
        return 0;
    }
    int rc = process_image(bytes, n, out, problem);
    if (rc != 0) {
        media_processed_free(out);
        out->type = t;
    }
    return rc;
}

void media_processed_free(struct media_processed *p)
{
    for (size_t k = 0; k < sizeof p->owned / sizeof p->owned[0]; k++) {
        if (p->owned[k])
            V.g_free(p->owned[k]); /* set only by libvips, so opened */
        p->owned[k] = NULL;
    }
    p->bytes = NULL;
    p->n = 0;
    p->n_variants = 0;
}
