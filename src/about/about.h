/*
 * about.h - the pages about the agency that the rules for agency portals
 * ask for (Nghị định 42/2022/NĐ-CP, Điều 4 and 7): /gioi-thieu/, its
 * functions, tasks, organisation and contact officials, and /en/, the same
 * in English. Their text is the site module's settings (site.about,
 * site.contacts, site.about_en), written by the administrators on
 * /quan-tri/cai-dat/; the pages carry the "site" tag, so a save shows at
 * once.
 */
#ifndef DINH_ABOUT_ABOUT_H
#define DINH_ABOUT_ABOUT_H

void about_register(void);

#endif
