/*
 * fuzz_docnumber.c - libFuzzer target for the document-number parser
 * (src/docs/number.c): any bytes give 0 or -1 with a reason; an accepted
 * number has a canonical form that is valid UTF-8, parses again to the
 * same canonical form, and has a number of at least 1.
 *
 *   make fuzz
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docs/number.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct doc_number n;
    int rc = doc_number_parse((struct str){(const char *)data, size}, &n);
    require(rc == 0 || rc == -1);
    if (rc != 0) {
        require(n.reason != NULL);
        return 0;
    }
    struct str canonical = str_cstr(n.canonical);
    require(canonical.n > 0 && utf8_valid(canonical) && n.number >= 1);
    struct doc_number again;
    require(doc_number_parse(canonical, &again) == 0);
    require(strcmp(again.canonical, n.canonical) == 0 && again.family == n.family);
    return 0;
}
