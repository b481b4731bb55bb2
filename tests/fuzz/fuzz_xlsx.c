/*
 * fuzz_xlsx.c - libFuzzer target for the workbook reader (src/xlsx/).
 *
 * Random bytes seldom make a zip, so the input is read two ways: when the
 * first byte is even, the rest is handed to xlsx_read as a file (the zip
 * layer: truncation, bad directories, lying sizes); when it is odd, the
 * rest is split at "\n--\n" into the texts of xl/workbook.xml, its rels,
 * xl/styles.xml, xl/sharedStrings.xml and xl/worksheets/sheet1.xml, which
 * are stored (not compressed) in a zip made here, so that the fuzzer works
 * on the XML the reader streams. Either way the reader must answer 0 or -1
 * with a message, within small limits, and whatever it returns must hold
 * together (cells inside the limits, merged ranges ordered).
 *
 *   make fuzz
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xlsx/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

/* A zip of stored entries (malloc'd into *out). */
static size_t stored_zip(const char *const *names, const uint8_t *const *texts, const size_t *lens, size_t n,
                         unsigned char **out)
{
    size_t cap = 22;
    for (size_t i = 0; i < n; i++)
        cap += 30 + 46 + 2 * strlen(names[i]) + lens[i];
    unsigned char *z = calloc(1, cap), *p = z;
    uint32_t offsets[8];
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(names[i]);
        uint32_t crc = (uint32_t)crc32(0, texts[i], (uInt)lens[i]);
        offsets[i] = (uint32_t)(p - z);
        put32(p, 0x04034b50);
        put16(p + 4, 20);
        put32(p + 14, crc);
        put32(p + 18, (uint32_t)lens[i]);
        put32(p + 22, (uint32_t)lens[i]);
        put16(p + 26, (unsigned)k);
        memcpy(p + 30, names[i], k);
        if (lens[i])
            memcpy(p + 30 + k, texts[i], lens[i]);
        p += 30 + k + lens[i];
    }
    unsigned char *dir = p;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(names[i]);
        put32(p, 0x02014b50);
        put16(p + 4, 20);
        put16(p + 6, 20);
        put32(p + 16, (uint32_t)crc32(0, texts[i], (uInt)lens[i]));
        put32(p + 20, (uint32_t)lens[i]);
        put32(p + 24, (uint32_t)lens[i]);
        put16(p + 28, (unsigned)k);
        put32(p + 42, offsets[i]);
        memcpy(p + 46, names[i], k);
        p += 46 + k;
    }
    put32(p, 0x06054b50);
    put16(p + 8, (unsigned)n);
    put16(p + 10, (unsigned)n);
    put32(p + 12, (uint32_t)(p - dir));
    put32(p + 16, (uint32_t)(dir - z));
    p += 22;
    *out = z;
    return (size_t)(p - z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct xlsx_limits lim;
    xlsx_limits_default(&lim);
    lim.max_rows = 2000;
    lim.max_cols = 64;
    lim.max_cells = 20000;
    lim.max_strings = 2000;
    lim.max_part = 1u << 20;
    unsigned char *zip = NULL;
    struct str file = {(const char *)data + 1, size - 1};
    if (data[0] & 1) {
        static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                            "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"};
        const uint8_t *texts[5];
        size_t lens[5], n = 0;
        const uint8_t *p = data + 1, *end = data + size;
        while (n < 5) {
            const uint8_t *sep = NULL;
            for (const uint8_t *q = p; q + 4 <= end; q++)
                if (!memcmp(q, "\n--\n", 4)) {
                    sep = q;
                    break;
                }
            texts[n] = p;
            lens[n] = (size_t)((sep ? sep : end) - p);
            n++;
            if (!sep)
                break;
            p = sep + 4;
        }
        file.n = stored_zip(names, texts, lens, n, &zip);
        file.p = (const char *)zip;
    }
    struct arena a;
    arena_init(&a, 0);
    struct xlsx_book b;
    char err[512];
    int rc = xlsx_read(&a, file, &lim, &b, err, sizeof err);
    require(rc == 0 || rc == -1);
    if (rc != 0) {
        require(err[0] != '\0');
        require(b.n_sheets == 0);
    } else {
        size_t cells = 0;
        for (size_t i = 0; i < b.n_sheets; i++) {
            const struct xlsx_sheet *s = &b.sheets[i];
            cells += s->n_cells + s->n_merged;
            for (size_t c = 0; c < s->n_cells; c++) {
                require(s->cells[c].row >= 1 && s->cells[c].row <= lim.max_rows);
                require(s->cells[c].col < lim.max_cols);
                require(s->cells[c].row <= s->max_row);
                if (s->cells[c].type == XLSX_TEXT)
                    require(s->cells[c].text.p != NULL || s->cells[c].text.n == 0);
            }
            for (size_t m = 0; m < s->n_merged; m++)
                require(s->merged[m].row1 <= s->merged[m].row2 && s->merged[m].col1 <= s->merged[m].col2);
        }
        require(cells <= lim.max_cells);
    }
    arena_free(&a);
    free(zip);
    return 0;
}
