/*
 * fuzz_docfile.c - libFuzzer target for the attachment sniffer
 * (src/docs/filetype.c): any bytes, under any name, give a known type or
 * a refusal with a reason, without reading outside the buffer; a type
 * found is the one the sniffer gives again, with a media type.
 *
 *   make fuzz
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docs/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the first byte picks the claimed name */
    static const char *const names[] = {"a.pdf", "b.docx", "c.XLS", "d", "e.odt", "f.exe"};
    const char *name = names[size ? data[0] % 6 : 0];
    /* an exact-size copy, so ASan sees any read past the end */
    uint8_t *copy = malloc(size ? size : 1);
    require(copy != NULL);
    if (size)
        memcpy(copy, data, size);
    enum docs_filetype t;
    const char *why = NULL;
    int rc = docs_filetype_check(str_cstr(name), copy, size, &t, &why);
    require(rc == 0 || rc == -1);
    if (rc == 0) {
        require(t != DOCS_FILE_UNKNOWN && t == docs_filetype_sniff(copy, size) && docs_filetype_mime(t)[0]);
    } else {
        require(why != NULL && t == DOCS_FILE_UNKNOWN);
    }
    free(copy);
    return 0;
}
