/*
 * fuzz_media.c - libFuzzer target for the media library's pure parsers
 * (src/media/sniff.c): the look inside a zip-based office file never reads
 * outside the bytes and answers one of the office types or NULL; the name
 * made of any uploaded file name holds only [a-z0-9.-] and passes
 * media_name_ok.
 *
 *   make fuzz
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "media/sniff.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact copy, so that ASan sees a read one byte past the end. */
    uint8_t *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    const struct media_type *t = media_zip_type(copy, size);
    require(!t || (!t->image && (strcmp(t->ext, "docx") == 0 || strcmp(t->ext, "xlsx") == 0 ||
                                 strcmp(t->ext, "odt") == 0 || strcmp(t->ext, "ods") == 0)));
    free(copy);

    struct str name = {(const char *)data, size};
    if (utf8_valid(name)) {
        unsigned char hash[32] = {0};
        struct arena a;
        arena_init(&a, 512);
        struct str made = media_file_name(&a, name, "png", hash, 4);
        require(media_name_ok(made));
        arena_free(&a);
    }
    return 0;
}
