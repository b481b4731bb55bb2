/*
 * feeds.h - what crawlers and aggregators read: RSS 2.0 feeds (all news
 * and one per category), the sitemap index with its parts (at most 50,000
 * addresses each, cut by id ranges so that no part needs an OFFSET scan),
 * robots.txt pointing to it, and the HTML site map for people.
 *
 *   /rss/  /rss/<chuyen-muc>.xml  /sitemap.xml  /sitemap-trang.xml
 *   /sitemap-tin-tuc-<N>.xml  /robots.txt  /so-do-trang/
 */
#ifndef DINH_FEEDS_FEEDS_H
#define DINH_FEEDS_FEEDS_H

#define FEEDS_RSS_ITEMS 50
#define FEEDS_SITEMAP_IDS 50000 /* ids per sitemap part: at most that many URLs */

void feeds_register(void);

#endif
