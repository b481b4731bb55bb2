/* bots.c - the crawler list; see bots.h. */
#include "stats/bots.h"

#include <stdint.h>
#include <string.h>

/* Lower-case substrings of User-Agent values. Kept in groups so that a
 * maintainer sees at once where a new name belongs. */
static const char *const bot_words[] = {
    /* generic */
    "bot", "crawl", "spider", "slurp", "scraper", "fetcher", "archiver", "indexer", "preview",
    /* search engines not caught by "bot" */
    "coccoc", "yandex", "baiduspider", "sogou", "seznam", "qwant", "ia_archiver", "mail.ru",
    /* social and chat previewers */
    "facebookexternalhit", "facebookcatalog", "meta-externalagent", "zalo", "whatsapp", "skypeuripreview",
    "pinterest", "embedly", "vkshare", "quora link", "redditbot",
    /* monitoring */
    "uptime", "pingdom", "statuscake", "site24x7", "monitor", "nagios", "zabbix", "check_http", "newrelic",
    "datadog", "prometheus", "blackbox",
    /* SEO tools */
    "semrush", "ahrefs", "mj12", "dotbot", "serpstat", "seokicks", "screaming frog", "sitebulb", "dataforseo",
    /* HTTP libraries and command-line clients */
    "curl/", "wget", "python-requests", "python-urllib", "aiohttp", "httpx", "go-http-client", "java/",
    "okhttp", "libwww-perl", "apache-httpclient", "axios", "node-fetch", "undici", "guzzlehttp", "restsharp",
    "postmanruntime", "insomnia", "httpie", "scrapy", "headlesschrome", "phantomjs", "lighthouse",
    "chrome-lighthouse", "gtmetrix", "pagespeed",
    /* AI crawlers */
    "gptbot", "chatgpt-user", "claudebot", "anthropic-ai", "perplexity", "ccbot", "bytespider", "amazonbot",
    "applebot", "petalbot", "duckduckbot", "googleother", "google-extended", "google-inspectiontool",
};

/* Readers whose browser names contain a word of the list: phone models,
 * and Zalo's in-app browser (where articles shared on Zalo open: "Zalo
 * android/12100591 ZaloTheme/light"), unlike its link-preview fetcher. */
static const char *const reader_words[] = {"cubot", "zalo android/", "zalo ios/", "zalotheme/"};

/* Lower-cases an ASCII copy of the User-Agent (the list is ASCII) into
 * `out`, cut at `cap` bytes: crawlers name themselves early. */
static size_t lower_copy(struct str ua, char *out, size_t cap)
{
    size_t n = ua.n < cap ? ua.n : cap;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)ua.p[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return n;
}

static bool has(const char *hay, size_t n, const char *needle)
{
    return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/* The list is matched against each distinct User-Agent once per thread:
 * the same few browsers send most requests, and 90 substring searches per
 * request would cost more than serving a cached page. */
#define UA_MEMO 512
static _Thread_local struct {
    uint64_t hash; /* 0 = empty */
    bool bot;
} memo[UA_MEMO];

static bool match_list(struct str ua);

bool stats_is_bot(struct str ua)
{
    uint64_t h = str_hash(ua);
    h = h ? h : 1;
    size_t slot = h % UA_MEMO;
    if (memo[slot].hash == h)
        return memo[slot].bot;
    bool bot = match_list(ua);
    memo[slot].hash = h;
    memo[slot].bot = bot;
    return bot;
}

static bool match_list(struct str ua)
{
    char low[512];
    size_t n = lower_copy(ua, low, sizeof low);
    size_t nonspace = 0;
    for (size_t i = 0; i < n; i++)
        nonspace += low[i] != ' ';
    if (nonspace == 0)
        return true;
    for (size_t i = 0; i < sizeof reader_words / sizeof reader_words[0]; i++)
        if (has(low, n, reader_words[i]) && has(low, n, "mozilla/"))
            return false;
    for (size_t i = 0; i < sizeof bot_words / sizeof bot_words[0]; i++)
        if (has(low, n, bot_words[i]))
            return true;
    return false;
}
