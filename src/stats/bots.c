/* bots.c - the crawler list; see bots.h. */
#include "stats/bots.h"

#include <ctype.h>

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

/* Case-insensitive substring search without allocating. */
static bool contains(struct str hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n > hay.n)
        return false;
    for (size_t i = 0; i + n <= hay.n; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)hay.p[i + k]) == needle[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* Readers whose browser names contain a word of the list: phone models. */
static const char *const reader_words[] = {"cubot"};

bool stats_is_bot(struct str ua)
{
    size_t nonspace = 0;
    for (size_t i = 0; i < ua.n; i++)
        nonspace += ua.p[i] != ' ';
    if (nonspace == 0)
        return true;
    for (size_t i = 0; i < sizeof reader_words / sizeof reader_words[0]; i++)
        if (contains(ua, reader_words[i]) && contains(ua, "mozilla/"))
            return false;
    for (size_t i = 0; i < sizeof bot_words / sizeof bot_words[0]; i++)
        if (contains(ua, bot_words[i]))
            return true;
    return false;
}
