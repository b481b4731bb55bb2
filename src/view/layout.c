/* layout.c - derived fields of the page frame; see layout.h. */
#include "view/layout.h"

#include "text/vitime.h"

#include <stdio.h>

#include "core/buf.h"
#include "view/tpl.h"

/* The link that sets one display choice and comes back to this page
 * (`back` already percent-encoded). */
static struct str pref_link(struct arena *a, struct str choice, struct str back)
{
    return ARENA_JOIN(a, STR("/tuy-chon?"), choice, STR("&ve="), back);
}

void layout_finish(struct layout_view *l, struct arena *a)
{
    static const char *size_class[] = {"cs-s", "", "cs-l", "cs-xl"};
    int size = l->prefs.text_size;
    if (size < -1 || size > 2)
        size = 0;
    const char *sc = size_class[size + 1];
    l->html_class = ARENA_JOIN(a, str_cstr(sc), str_cstr((*sc && l->prefs.contrast) ? " " : ""),
                               str_cstr(l->prefs.contrast ? "hc" : ""));
    int smaller = size > -1 ? size - 1 : -1, larger = size < 2 ? size + 1 : 2;
    static const char *const sizes[] = {"co-chu=-1", "co-chu=0", "co-chu=1", "co-chu=2"};
    struct buf *b = buf_scratch();
    tpl_escape_url_part(b, l->path.n ? l->path : STR("/"));
    struct str back = arena_strdup(a, b->p, b->n);
    l->pref_smaller = pref_link(a, str_cstr(sizes[smaller + 1]), back);
    l->pref_normal = pref_link(a, STR("co-chu=0"), back);
    l->pref_larger = pref_link(a, str_cstr(sizes[larger + 1]), back);
    l->pref_contrast = pref_link(a, l->prefs.contrast ? STR("tuong-phan=0") : STR("tuong-phan=1"), back);
    if (l->site && l->site->email.n)
        l->mailto = ARENA_JOIN(a, STR("mailto:"), l->site->email);
    l->is_home = l->path.n == 1 && l->path.p[0] == '/';
    /* the menu's fixed entries: the documents and the monitor's pages */
    if (str_starts_with(l->path, STR("/van-ban/")))
        l->section = STR("van-ban");
    else if (str_starts_with(l->path, STR("/nong-thon-moi/")))
        l->section = STR("nong-thon-moi");
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

struct str view_datetime(struct arena *a, int64_t t)
{
    if (!t)
        return STR("");
    struct vi_time v;
    vi_time_from_unix(t, &v);
    return arena_printf(a, "%02d/%02d/%04d %02d:%02d", v.day, v.month, v.year, v.hour, v.minute);
}
