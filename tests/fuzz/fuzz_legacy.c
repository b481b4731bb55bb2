/*
 * fuzz_legacy.c - libFuzzer target for the legacy-encoding converter
 * (src/text/legacy.c). For any bytes: legacy_detect() gives the same
 * answer twice and LEGACY_NONE for invalid UTF-8; legacy_convert() refuses
 * invalid UTF-8 without appending, and otherwise appends valid UTF-8 in NFC
 * after what the buffer held; LEGACY_NONE appends the input unchanged.
 *
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc -Ibuild/gen -o build/fuzz/fuzz_legacy tests/fuzz/fuzz_legacy.c src/text/legacy.c src/text/vi.c src/text/utf8.c src/core/buf.c src/core/str.c -lutf8proc
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/legacy.h"
#include "text/utf8.h"
#include "text/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

#define PREFIX "đã có: "

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str in = {(const char *)data, size};
    bool valid = utf8_valid(in);

    enum legacy_encoding detected = legacy_detect(in);
    require(detected == legacy_detect(in));
    require(detected == LEGACY_NONE || detected == LEGACY_TCVN3 || detected == LEGACY_VNI);
    require(valid || detected == LEGACY_NONE);

    struct buf out = BUF_INIT, nfc = BUF_INIT;
    for (int e = LEGACY_NONE; e <= LEGACY_VNI; e++) {
        buf_reset(&out);
        buf_puts(&out, PREFIX);
        int rc = legacy_convert(&out, in, (enum legacy_encoding)e);
        require(memcmp(out.p, PREFIX, strlen(PREFIX)) == 0);
        struct str appended = {out.p + strlen(PREFIX), out.n - strlen(PREFIX)};
        if (!valid) {
            require(rc == -1 && appended.n == 0);
            continue;
        }
        require(rc == 0 && utf8_valid(appended));
        if (e == LEGACY_NONE) {
            require(str_eq(appended, in));
            continue;
        }
        buf_reset(&nfc);
        require(vi_nfc(&nfc, appended) == 0 && str_eq(buf_str(&nfc), appended));
    }
    require(legacy_name(detected) != NULL);
    buf_free(&out);
    buf_free(&nfc);
    return 0;
}
