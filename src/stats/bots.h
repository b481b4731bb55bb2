/*
 * bots.h - telling crawlers from readers by their User-Agent.
 *
 * The list in bots.c covers the search engines that index Vietnamese
 * portals (Google, Bing, Cốc Cốc, Yandex, Baidu, Apple, DuckDuckGo...),
 * social and chat previewers (Zalo, Facebook, Telegram...), SEO and
 * monitoring tools, HTTP libraries, and the generic words bot, crawler,
 * spider. An empty User-Agent is a program, not a reader.
 */
#ifndef DINH_STATS_BOTS_H
#define DINH_STATS_BOTS_H

#include <stdbool.h>

#include "core/str.h"

bool stats_is_bot(struct str user_agent);

#endif
