/*
 * fuzz_site_url.c - libFuzzer target for the website-link address check
 * (src/site/url.c): any bytes give NULL or a sentence; an accepted address
 * is valid UTF-8 of at most SITE_URL_MAX bytes, starts with http:// or
 * https://, and holds no byte that could leave an attribute (white space,
 * controls, \ < > ").
 *
 *   make fuzz
 */
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "site/site.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str url = {(const char *)data, size};
    const char *why = site_url_problem(url);
    if (why) {
        require(why[0] != '\0');
        return 0;
    }
    require(size <= SITE_URL_MAX && utf8_valid(url));
    require((size > 8 && strncasecmp(url.p, "https://", 8) == 0) || (size > 7 && strncasecmp(url.p, "http://", 7) == 0));
    for (size_t i = 0; i < size; i++)
        require(data[i] > ' ' && data[i] != 0x7f && data[i] != '\\' && data[i] != '<' && data[i] != '>' &&
                data[i] != '"');
    return 0;
}
