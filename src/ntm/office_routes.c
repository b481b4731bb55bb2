/*
 * office_routes.c - registers the office's management pages, one file a
 * page (office_*.c), all built on office_web.c's helpers. Kept apart from
 * office_web.c so that the helpers never call up into the pages.
 */
#include "ntm/ntm.h"
#include "ntm/office_web.h"
#include "people/admin.h"

/* The admin home page's work for the office: the reports waiting. */
static int office_todo(struct web_req *r, const struct people_session *s, struct people_todo *out, size_t room)
{
    int64_t n;
    if (!room || !people_role_may(s->user.role, RIGHT_NTM_MANAGE))
        return 0;
    if (ntm_queue_count(r->db, &n) != 0)
        return -1;
    if (n == 0)
        return 0;
    out[0] = (struct people_todo){arena_printf(r->arena, "%lld báo cáo nông thôn mới chờ duyệt", (long long)n),
                                  STR("/quan-tri/nong-thon-moi/van-phong/")};
    return 1;
}

void ntm_office_register(void)
{
    people_todo_register(office_todo);
    ntm_office_accounts_register();
    ntm_office_recognition_register();
    ntm_office_plans_register();
    ntm_office_duties_register();
    ntm_office_sponsors_register();
    ntm_office_models_register();
    ntm_office_funds_register();
    ntm_office_units_register();
    ntm_office_sets_register();
}
