/* xml.c - XML escaping; see xml.h. */
#include "feeds/xml.h"

void xml_text(struct buf *b, struct str s)
{
    size_t run = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default:
            /* XML 1.0 allows no C0 control but tab, newline, return, and
             * neither U+FFFE nor U+FFFF (EF BF BE, EF BF BF: text stored
             * before the forms took them out) */
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = "";
            else if (c == 0xEF && i + 2 < s.n && (unsigned char)s.p[i + 1] == 0xBF &&
                     (unsigned char)s.p[i + 2] >= 0xBE) {
                buf_append(b, s.p + run, i - run);
                i += 2;
                run = i + 1;
                continue;
            }
        }
        if (!rep)
            continue;
        buf_append(b, s.p + run, i - run);
        buf_puts(b, rep);
        run = i + 1;
    }
    buf_append(b, s.p + run, s.n - run);
}

void xml_element(struct buf *b, const char *name, struct str text)
{
    buf_printf(b, "<%s>", name);
    xml_text(b, text);
    buf_printf(b, "</%s>", name);
}
