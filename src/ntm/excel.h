/*
 * excel.h - what the two Excel files of the NTM office side share
 * (excel.c: the entry template and its import; excel_report.c: the reports
 * sent upward). Nothing outside src/ntm/ uses it: the routes of both are
 * registered by ntm_excel_register (ntm.h, excel_routes.c).
 */
#ifndef DINH_NTM_EXCEL_H
#define DINH_NTM_EXCEL_H

#include "core/buf.h"

/* Adds /quan-tri/nong-thon-moi/excel/ (excel.c). */
void ntm_excel_pages_register(void);
/* Adds /quan-tri/nong-thon-moi/van-phong/bao-cao/ (excel_report.c). */
void ntm_reports_register(void);

#endif
