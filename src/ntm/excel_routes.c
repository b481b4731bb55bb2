/*
 * excel_routes.c - registers the office side's Excel pages: the entry
 * template and its import (excel.c) and the reports sent upward
 * (excel_report.c). Kept apart so that neither of the two files calls the
 * other's registration (the report file borrows excel.c's reader of a
 * written workbook).
 */
#include "ntm/excel.h"
#include "ntm/ntm.h"

void ntm_excel_register(void)
{
    ntm_excel_pages_register();
    ntm_reports_register();
}
