/*
 * test_stats.c - the crawler list and the visitor counter's day logic,
 * with the clock moved instead of waited for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/clock.h"
#include "stats/bots.h"
#include "stats/counter.h"
#include "store/store.h"
#include "text/vitime.h"

static void test_crawlers_are_bots(void **state)
{
    (void)state;
    const char *bots[] = {
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) "
        "Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
        "Mozilla/5.0 (compatible; coccoc/1.0; +http://help.coccoc.com/searchengine)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 "
        "Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Zalo/1.0 (link preview)",
        "Twitterbot/1.0",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
        "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
        "curl/7.88.1",
        "Wget/1.21.3",
        "python-requests/2.31.0",
        "Go-http-client/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (compatible; GPTBot/1.0; +https://openai.com/gptbot)",
        "Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
        "Some new crawler/1.0",
        "ExampleSpider",
        "",
        "   ",
    };
    for (size_t i = 0; i < sizeof bots / sizeof bots[0]; i++)
        if (!stats_is_bot(str_cstr(bots[i])))
            fail_msg("not recognised as a crawler: %s", bots[i]);
}

static void test_readers_are_not_bots(void **state)
{
    (void)state;
    const char *readers[] = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
        "Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
        "Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/132.0.0 "
        "Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        /* Zalo's in-app browser, where articles shared on Zalo open */
        "Mozilla/5.0 (Linux; Android 12; SM-A525F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Zalo android/12100591 ZaloTheme/light ZaloLanguage/vn",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
        "Zalo iOS/474 ZaloTheme/light ZaloLanguage/vn",
        "Mozilla/5.0 (Linux; Android 13; Cubot KingKong 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile "
        "Safari/537.36",
    };
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (stats_is_bot(str_cstr(readers[i])))
            fail_msg("a reader taken for a crawler: %s", readers[i]);
}

static struct store_conn db;
static const char *CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

static void open_db(void)
{
    char err[256];
    assert_int_equal(store_open(&db, ":memory:", STORE_CREATE, err, sizeof err), 0);
    int applied;
    assert_int_equal(store_migrate(&db, &applied, err, sizeof err), 0);
}

static long long day_visitors(int64_t day)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db.db, "SELECT visitors FROM visit_day WHERE day = ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, day);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static void test_counting_and_rollover(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    open_db();
    /* noon, Vietnam time, on a Wednesday */
    int64_t noon = vi_unix_from_local(2026, 11, 18, 12, 0, 0);
    clock_set_offset(noon - (int64_t)time(NULL));
    assert_int_equal(stats_load(&db), 0);
    struct stats_snapshot s;
    stats_get(&s);
    long long total0 = s.total;
    assert_int_equal(s.today, 0);

    stats_visit(STR("192.0.2.1"), str_cstr(CHROME));
    stats_visit(STR("192.0.2.1"), str_cstr(CHROME)); /* the same visitor again */
    stats_visit(STR("192.0.2.2"), str_cstr(CHROME));
    stats_visit(STR("192.0.2.3"), STR("Googlebot/2.1"));
    stats_visit(STR("192.0.2.5"), STR_NULL); /* no User-Agent at all: a program */
    stats_get(&s);
    assert_int_equal(s.today, 2);
    assert_int_equal(s.online, 4);
    assert_int_equal(s.online_bots, 2);
    assert_int_equal(s.online_guests, 2);
    assert_int_equal(s.total, total0 + 2);

    assert_int_equal(stats_flush(&db), 0);
    int64_t day = vi_day_number(noon);
    assert_int_equal(day_visitors(day), 2);
    /* a flush with nothing new changes nothing */
    assert_int_equal(stats_flush(&db), 0);
    assert_int_equal(day_visitors(day), 2);

    /* 23:59 the same day, then 00:01 the next: the day rolls over */
    clock_set_offset(vi_unix_from_local(2026, 11, 18, 23, 59, 0) - (int64_t)time(NULL));
    stats_visit(STR("192.0.2.4"), str_cstr(CHROME));
    clock_set_offset(vi_unix_from_local(2026, 11, 19, 0, 1, 0) - (int64_t)time(NULL));
    stats_visit(STR("192.0.2.1"), str_cstr(CHROME)); /* yesterday's visitor is new today */
    stats_get(&s);
    assert_int_equal(s.today, 1);
    assert_int_equal(s.yesterday, 3);
    assert_int_equal(s.week, 4);  /* Monday 16 to Thursday 19 */
    assert_int_equal(s.month, 4);
    assert_int_equal(stats_flush(&db), 0);
    assert_int_equal(day_visitors(day), 3);  /* history kept, not zeroed */
    assert_int_equal(day_visitors(day + 1), 1);

    /* a restart reads it all back */
    assert_int_equal(stats_load(&db), 0);
    stats_get(&s);
    assert_int_equal(s.today, 1);
    assert_int_equal(s.yesterday, 3);
    assert_int_equal(s.total, total0 + 4);

    /* a new month starts the month count afresh; the week keeps Monday's */
    clock_set_offset(vi_unix_from_local(2026, 12, 1, 8, 0, 0) - (int64_t)time(NULL));
    stats_visit(STR("192.0.2.9"), str_cstr(CHROME));
    stats_get(&s);
    assert_int_equal(s.month, 1);
    assert_int_equal(s.today, 1);
    clock_set_offset(0);
    store_close(&db);
}

/* Those reading at midnight stay "online now", each counted once. */
static void test_online_across_midnight(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    open_db();
    clock_set_offset(vi_unix_from_local(2026, 11, 25, 23, 58, 0) - (int64_t)time(NULL));
    assert_int_equal(stats_load(&db), 0);
    stats_visit(STR("192.0.2.21"), str_cstr(CHROME));
    stats_visit(STR("192.0.2.22"), str_cstr(CHROME));
    stats_visit(STR("192.0.2.23"), STR("Googlebot/2.1"));
    struct stats_snapshot s;
    stats_get(&s);
    assert_int_equal(s.online, 3);

    clock_set_offset(vi_unix_from_local(2026, 11, 26, 0, 1, 0) - (int64_t)time(NULL));
    stats_get(&s);
    assert_int_equal(s.today, 0);
    assert_int_equal(s.online, 3); /* the day rolled; nobody left */
    assert_int_equal(s.online_bots, 1);
    stats_visit(STR("192.0.2.21"), str_cstr(CHROME)); /* reading on: new today, online once */
    stats_visit(STR("192.0.2.23"), STR("Googlebot/2.1"));
    stats_visit(STR("192.0.2.24"), str_cstr(CHROME));
    stats_get(&s);
    assert_int_equal(s.today, 2);
    assert_int_equal(s.online, 4);
    assert_int_equal(s.online_bots, 1);
    assert_int_equal(s.online_guests, 3);

    /* five minutes on, only those seen since are online */
    clock_set_offset(vi_unix_from_local(2026, 11, 26, 0, 5, 30) - (int64_t)time(NULL));
    stats_get(&s);
    assert_int_equal(s.online, 3);
    clock_set_offset(0);
    store_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crawlers_are_bots),
        cmocka_unit_test(test_readers_are_not_bots),
        cmocka_unit_test(test_counting_and_rollover),
        cmocka_unit_test(test_online_across_midnight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
