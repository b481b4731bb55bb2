/* layout.c - derived fields of the page frame; see layout.h. */
#include "view/layout.h"

#include <stdio.h>

#include "core/buf.h"
#include "view/tpl.h"

/* The link that sets one display choice and comes back to this page. */
static struct str pref_link(struct arena *a, const char *choice, struct str back)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/tuy-chon?");
    buf_puts(&b, choice);
    buf_puts(&b, "&ve=");
    tpl_escape_url_part(&b, back.n ? back : STR("/"));
    struct str s = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return s;
}

void layout_finish(struct layout_view *l, struct arena *a)
{
    static const char *size_class[] = {"cs-s", "", "cs-l", "cs-xl"};
    int size = l->prefs.text_size;
    if (size < -1 || size > 2)
        size = 0;
    const char *sc = size_class[size + 1];
    l->html_class = arena_printf(a, "%s%s%s", sc, (*sc && l->prefs.contrast) ? " " : "",
                                 l->prefs.contrast ? "hc" : "");
    int smaller = size > -1 ? size - 1 : -1, larger = size < 2 ? size + 1 : 2;
    char choice[32];
    snprintf(choice, sizeof choice, "co-chu=%d", smaller);
    l->pref_smaller = pref_link(a, choice, l->path);
    l->pref_normal = pref_link(a, "co-chu=0", l->path);
    snprintf(choice, sizeof choice, "co-chu=%d", larger);
    l->pref_larger = pref_link(a, choice, l->path);
    l->pref_contrast = pref_link(a, l->prefs.contrast ? "tuong-phan=0" : "tuong-phan=1", l->path);
    if (l->site && l->site->email.n)
        l->mailto = arena_printf(a, "mailto:%.*s", (int)l->site->email.n, l->site->email.p);
    l->is_home = l->path.n == 1 && l->path.p[0] == '/';
}

struct str view_number(struct arena *a, long long n)
{
    char digits[32], out[48];
    int k = snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
    int j = 0;
    if (n < 0)
        out[j++] = '-';
    for (int i = 0; i < k; i++) {
        if (i > 0 && (k - i) % 3 == 0)
            out[j++] = '.';
        out[j++] = digits[i];
    }
    return arena_strdup(a, out, (size_t)j);
}
