/*
 * news.h - the news pages of the public portal: the home page, the news
 * lists by category, each article with its print and save-as-file forms.
 */
#ifndef DINH_NEWS_NEWS_H
#define DINH_NEWS_NEWS_H

/* Adds the module's routes to the router. */
void news_register(void);

#endif
