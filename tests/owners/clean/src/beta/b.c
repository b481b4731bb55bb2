/* b.c - the clean variant of the fixture's beta: it reads only its own
 * tables and asks alpha for the notes (tests/owners/run.sh). */
#include "beta/b.h"

#include "alpha/a.h"

#define ITEM_FROM \
    "FROM tin t "

static const char SQL_ITEMS[] = "SELECT t.id, t.title "
                                ITEM_FROM
                                "WHERE t.id > ?1 ORDER BY t.id";
static const char SQL_SEARCH[] = "SELECT rowid FROM tin_fts WHERE tin_fts MATCH ?1";
static const char SQL_COUNT[] = "SELECT count(*) FROM tin WHERE title <> 'ghi_chu_cu' AND id <> ?1";
/* static const char SQL_OLD[] = "SELECT body FROM ghi_chu"; */
// static const char SQL_OLDER[] = "DELETE FROM ghi_chu";
static const char *const LABELS[] = {"ghi_chu", "Ghi chú", "/alpha/ghi_chu/"};

long beta_count(void)
{
    (void)SQL_ITEMS;
    (void)SQL_SEARCH;
    (void)SQL_COUNT;
    (void)LABELS;
    return alpha_note_body(1) != 0;
}
