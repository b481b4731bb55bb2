/*
 * fixture.h - the data the good templates of tests/tplc render: hostile
 * strings for every context, and every type a placeholder takes. The values
 * live in driver.c; the templates include this header with {{#include}}.
 */
#ifndef TPLC_FIXTURE_H
#define TPLC_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "view/tpl.h"

struct fixture_item {
    struct str name;
    struct str slug;
    const char *url;
    int score;
};

struct fixture {
    /* strings */
    struct str hostile; /* < > & " ' ` {{ }} </script> <!-- ]]> in one */
    const char *hostile_cstr;
    const char *null_cstr;
    char *mutable_cstr;
    struct str null_str;
    struct str empty;
    struct str invalid_utf8;
    struct str with_nul;
    struct str separators; /* U+2028 U+2029 */
    struct str vietnamese;
    struct str script_end; /* </script><script>alert(1)</script> */
    struct tpl_html html;  /* trusted */

    /* URLs */
    struct str url_js, url_js_mixed_case, url_js_tab, url_js_entity, url_js_spaces, url_data,
        url_vbscript, url_https, url_http_upper, url_mailto, url_tel, url_relative,
        url_protocol_relative, url_query, url_fragment;

    /* numbers and truth */
    int negative;
    unsigned int positive;
    long lng;
    long long min;
    unsigned long long max;
    size_t size;
    bool yes, no;
    int level;

    /* arrays */
    const struct fixture_item *items;
    size_t n_items;
    const struct fixture_item *none;
    size_t n_none;
    const char *const *words;
    int n_words; /* an int count: the loop converts it */

    /* types no context accepts (tests/tplc/cfail) */
    double ratio;
    char letter;
    short small;
};

extern const struct fixture fixture;

#endif
