/*
 * view.h - what the media library's templates (templates/media/) show.
 */
#ifndef DINH_MEDIA_VIEW_H
#define DINH_MEDIA_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "media/media.h"
#include "people/view.h"

struct media_choice {
    struct str value, label;
    bool selected;
};

/* One file in the grid, or the file of the edit page. */
struct media_card {
    long long id;
    struct str name, url, thumb, alt, caption, type_label, size_text, edit_url, when;
    bool image;
    int width, height;
};

struct media_list_view {
    struct admin_frame f;
    struct str q;
    struct media_choice kinds[3];
    size_t n_kinds;
    struct media_card *cards;
    size_t n_cards;
    int page;
    struct str prev_url, next_url;
    struct str accept; /* the upload input's accept list */
    struct str alt, caption; /* kept after a refused upload */
};

struct media_use_link {
    struct str label, url;
};

struct media_edit_view {
    struct admin_frame f;
    struct media_card c;
    struct str original_name, uploader, action_url, srcset;
    struct media_use_link *uses;
    size_t n_uses;
    bool may_change; /* may edit its texts and delete it */
};

#endif
