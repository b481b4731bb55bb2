/*
 * office_sets_web.c - the office's page for criteria sets
 * (/quan-tri/nong-thon-moi/van-phong/bo-tieu-chi/).
 */
#include "ntm/office_web.h"

void ntm_office_sets_register(void) {}
