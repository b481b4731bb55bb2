/*
 * test_xml.c - the feeds' XML text: the five specials escaped, and what
 * XML 1.0 forbids left out (C0 controls but tab and line ends, U+FFFE and
 * U+FFFF), so that one stored character cannot make a feed unreadable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "feeds/xml.h"

static void expect_xml(const char *in, const char *want)
{
    struct buf b = BUF_INIT;
    xml_text(&b, str_cstr(in));
    if (!str_eq(buf_str(&b), str_cstr(want)))
        fail_msg("\"%s\" gave \"%.*s\"", in, (int)b.n, b.p ? b.p : "");
    buf_free(&b);
}

static void test_xml_text(void **state)
{
    (void)state;
    expect_xml("Tin <b>&\"'</b>", "Tin &lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;");
    expect_xml("a\x01\x1f\tb\nc\r", "a\tb\nc\r");
    expect_xml("Tin c\u0169 \uffff\ufffe zqnc", "Tin c\u0169  zqnc");
    expect_xml("\uffff", "");
    expect_xml("x\ufffd\ufdd0\U0001F600y", "x\ufffd\ufdd0\U0001F600y"); /* allowed, kept */
    expect_xml("\xef\xbf", "\xef\xbf");                                 /* cut short: left as it is */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
