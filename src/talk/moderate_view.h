/*
 * moderate_view.h - what the moderation page (templates/talk/moderate.html)
 * shows, inside the newsroom's frame. Apart from view.h, so that the
 * article page, which shows comments, knows nothing of the newsroom.
 */
#ifndef DINH_TALK_MODERATE_VIEW_H
#define DINH_TALK_MODERATE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

/* A comment on the moderation page. */
struct talk_moderation_row {
    long long id, article_id, parent_id;
    struct str name, email, when, state;
    struct str article_title, article_url; /* the URL is empty when the article is off the site */
    struct str parent_name;                /* a reply: whom it answers */
    struct str text;                       /* as stored, for the edit box */
    struct str *paragraphs;
    size_t n_paragraphs;
    bool from_desk, waiting, approved, refused;
};

struct talk_moderation_view {
    struct admin_frame f;
    long long waiting;     /* comments waiting, for the heading */
    bool approved_tab;     /* showing the approved ones rather than the waiting ones */
    bool refused_tab;      /* showing the rejected and spam ones, which may be approved again */
    bool waiting_tab;      /* neither: the waiting ones, which leave the list as they are handled */
    struct str tab;        /* "", "da-duyet" or "tu-choi", sent back with every action */
    struct talk_moderation_row *rows;
    size_t n_rows;
    long long more;        /* beyond the rows shown */
    bool may_settings;     /* an administrator: may switch moderation */
    bool moderated;        /* comments wait for moderation before they show */
};

#endif
