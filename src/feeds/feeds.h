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
/* ids per sitemap part: at most that many URLs. The protocol allows
 * 50,000, but a part that size took 0.2-0.5 s to draw at 100,000 articles,
 * on an event loop's thread, after every article's write (each part shows
 * articles): 10,000 keep a drawing near a tenth of a second. */
#define FEEDS_SITEMAP_IDS 10000

void feeds_register(void);

#endif
