/* qr.c - QR codes as inline SVG; see qr.h. */
#include "view/qr.h"

#include <qrencode.h>
#include <string.h>

#include "core/buf.h"

struct str view_qr_svg(struct arena *a, struct str text, struct str label)
{
    if (!text.n || memchr(text.p, '\0', text.n))
        return STR_NULL;
    QRcode *qr = QRcode_encodeData((int)text.n, (const unsigned char *)text.p, 0, QR_ECLEVEL_M);
    if (!qr)
        return STR_NULL;
    int w = qr->width, side = w + 8;
    struct buf b = BUF_INIT;
    buf_printf(&b,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "role=\"img\" aria-label=\"%.*s\" shape-rendering=\"crispEdges\">"
               "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
               side, side, side * 5, side * 5, (int)label.n, label.p, side, side);
    /* one path, a run of dark modules of a row at a time */
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w;) {
            if (!(qr->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (qr->data[y * w + x + run] & 1))
                run++;
            buf_printf(&b, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
            x += run;
        }
    buf_puts(&b, "\"/></svg>");
    QRcode_free(qr);
    struct str out = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return out;
}
