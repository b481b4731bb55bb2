/*
 * office_routes.c - registers the office's management pages, one file a
 * page (office_*.c), all built on office_web.c's helpers. Kept apart from
 * office_web.c so that the helpers never call up into the pages.
 */
#include "ntm/ntm.h"
#include "ntm/office_web.h"

void ntm_office_register(void)
{
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
