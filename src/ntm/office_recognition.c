/*
 * office_recognition.c - the office's page for recognition decisions
 * (/quan-tri/nong-thon-moi/van-phong/cong-nhan/): granting, granting again,
 * acknowledging after a merger and revoking a status. A grant is refused,
 * naming the criteria not met, unless the accepted data meets every
 * criterion (ntm_recognition_grant); the decision is linked to its document
 * in /van-ban/ when the number is found there (docs_find_by_number).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "docs/docs.h"
#include "docs/number.h"
#include "docs/view.h"
#include "people/admin.h"
#include "text/utf8.h"
#include "text/vitime.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define RECOGNITION OFFICE_PATH "cong-nhan/"

static const struct code_label ACTS[] = {
    {"cong_nhan", "Công nhận"},
    {"cong_nhan_lai", "Công nhận lại"},
    {"thua_nhan", "Thừa nhận sau sắp xếp đơn vị"},
    {"thu_hoi", "Thu hồi"},
    {NULL, NULL},
};

static int recognitions_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "cong-nhan/", "Công nhận đạt chuẩn",
                          "Quyết định công nhận, công nhận lại, thừa nhận và thu hồi danh hiệu của các xã. Công nhận "
                          "chỉ được ghi khi kết quả đánh giá cả năm đã được chấp nhận của xã, theo bộ tiêu chí đang "
                          "áp dụng, đạt mọi tiêu chí.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_RECOGNITIONS, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Danh hiệu",        "Loại",    "Năm đạt chuẩn", "Số quyết định",
                                        "Ngày ký",    "Cơ quan ban hành", "Văn bản", "Thu hồi",       NULL};
    struct ntm_office_table *t =
        office_table(&p, more ? "Quyết định công nhận (2.000 quyết định mới nhất)" : "Quyết định công nhận",
                     "Chưa có quyết định nào.", heads, n, false);
    struct str revoke = web_param(r, "thu-hoi");
    const struct ntm_office_row_data *revoking = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        if (office_id(revoke) == x->id)
            revoking = x;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "cong-nhan-%lld", (long long)x->id));
        office_cell(row, x->col[1], office_unit_url(r->arena, x->col[0]));
        office_cell(row, office_label_of(OFFICE_STATUSES, x->col[2]), STR_NULL);
        office_cell(row, office_label_of(ACTS, x->col[3]), STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
        office_cell(row, x->col[5], STR_NULL);
        office_cell(row, office_vn_date(r->arena, x->col[6]), STR_NULL);
        office_cell(row, x->col[7], STR_NULL);
        int64_t doc = office_id(x->col[8]);
        office_cell(row, doc ? STR("Xem văn bản") : STR("—"),
                    doc ? arena_printf(r->arena, "/van-ban/%lld.html", (long long)doc) : STR_NULL);
        bool grant = !str_eq_lit(x->col[3], "thu_hoi");
        office_cell(row, grant ? STR("Thu hồi…") : STR("—"),
                    grant ? arena_printf(r->arena, RECOGNITION "?thu-hoi=%lld#cong-nhan", (long long)x->id) : STR_NULL);
    }
    struct ntm_office_form *fm = office_form(&p, "cong-nhan", revoking ? "Thu hồi danh hiệu" : "Ghi quyết định",
                                             STR(RECOGNITION), "Ghi quyết định", 8);
    fm->intro = STR("Số quyết định được kiểm tra theo quy tắc số, ký hiệu văn bản; nếu văn bản đã có trong mục Văn "
                    "bản của cổng, trang công khai của xã dẫn tới văn bản đó.");
    const struct ntm_unit *revoked_unit = NULL;
    if (revoking)
        for (size_t i = 0; i < p.n_units; i++)
            if (str_eq(p.units[i].code, revoking->col[0]))
                revoked_unit = &p.units[i];
    struct ntm_office_field *fd =
        office_field(&p, fm, "don-vi", "Xã, phường", "select",
                     revoked_unit ? arena_printf(r->arena, "%lld", (long long)revoked_unit->id) : STR_NULL);
    office_unit_choices(&p, fd, true);
    fd = office_field(&p, fm, "danh-hieu", "Danh hiệu", "select", revoking ? revoking->col[2] : STR("ntm"));
    office_code_choices(&p, fd, OFFICE_STATUSES, NULL);
    fd = office_field(&p, fm, "loai", "Loại quyết định", "select", revoking ? STR("thu_hoi") : STR("cong_nhan"));
    office_code_choices(&p, fd, ACTS, NULL);
    fd = office_field(&p, fm, "nam", "Năm đạt chuẩn", "number", revoking ? revoking->col[4] : STR_NULL);
    fd = office_field(&p, fm, "so", "Số quyết định (ví dụ 3368/QĐ-UBND)", "text", STR_NULL);
    fd = office_field(&p, fm, "ngay", "Ngày ký", "date", STR_NULL);
    fd->hint = STR("Dạng năm-tháng-ngày, ví dụ 2026-03-08.");
    fd = office_field(&p, fm, "co-quan", "Cơ quan, người ký", "text", STR("Chủ tịch UBND tỉnh"));
    return office_page_end(&p);
}

static int recognitions_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return recognitions_render(r, s, NULL);
}

static int w_recognition(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    /* the document in /van-ban/ with this number, when it is there */
    struct arena a;
    arena_init(&a, 2048);
    struct docs_item *docs;
    size_t n = 0;
    const char *problem = NULL;
    int rc = docs_find_by_number(db, &a, j->t1, j->now, 1, &docs, &n, &problem);
    int64_t document = rc == 0 && n ? docs[0].id : 0;
    arena_free(&a);
    if (rc == -1)
        return ntm_refuse_sql(db, err, errlen, "tìm văn bản");
    struct ntm_recognition_input in = {
        .unit_id = j->unit_id,
        .status = j->c1,
        .act = j->c2,
        .year = (int)j->y1,
        .decision_no = j->t1,
        .decided_on = j->t2.p,
        .issuer = j->t3,
        .set_code = NULL,
        .document_id = document,
    };
    rc = ntm_recognition_grant(db, &in, &j->made_id, err, errlen);
    if (rc == 0 && document) {
        char more[64];
        snprintf(more, sizeof more, "; văn bản số %lld", (long long)document);
        j->detail = office_keep(j, arena_printf(&j->arena, "%.*s%s", (int)j->detail.n, j->detail.p, more));
    }
    return rc;
}

static int recognition_add(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("cong-nhan")};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = office_unit_in(units, n, office_value(r, "don-vi"));
    const struct code_label *status = office_code_of(OFFICE_STATUSES, office_value(r, "danh-hieu"));
    const struct code_label *act = office_code_of(ACTS, office_value(r, "loai"));
    long year = 0;
    struct str number = office_value(r, "so"), date = office_value(r, "ngay"), issuer = office_value(r, "co-quan");
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    if (!status)
        office_problem(&st, "danh-hieu", STR("Hãy chọn danh hiệu."));
    if (!act)
        office_problem(&st, "loai", STR("Hãy chọn loại quyết định."));
    if (!office_int(office_value(r, "nam"), 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm đạt chuẩn phải là một năm từ 2000 đến 2100."));
    struct doc_number num;
    if (!number.n)
        office_problem(&st, "so", STR("Cần số quyết định."));
    else if (number.n > DOC_NUMBER_MAX_INPUT || doc_number_parse(number, &num) != 0)
        office_problem(&st, "so",
                       arena_printf(r->arena, "Số quyết định không hợp lệ: %s",
                                    number.n <= DOC_NUMBER_MAX_INPUT && num.reason ? num.reason : "quá dài."));
    else if (num.family == DOC_INCOMPLETE)
        office_problem(&st, "so", STR("Cần đủ số và ký hiệu, ví dụ 3368/QĐ-UBND."));
    int64_t signed_on = 0;
    struct vi_time signed_tm;
    if (!office_iso_date(date) || !vi_parse_date(date, &signed_on))
        office_problem(&st, "ngay", STR("Ngày ký phải là một ngày có thật, dạng năm-tháng-ngày, ví dụ 2026-03-08."));
    else if (signed_on > r->now)
        office_problem(&st, "ngay", STR("Ngày ký không thể sau hôm nay."));
    else {
        vi_time_from_unix(signed_on, &signed_tm);
        if (year && signed_tm.year < year)
            office_problem(&st, "ngay", arena_printf(r->arena, "Ngày ký không thể trước năm đạt chuẩn (%ld).", year));
    }
    const char *bad = office_line_problem(issuer, 300, true);
    if (bad)
        office_problem(&st, "co-quan", str_cstr(bad));
    if (st.n_problems)
        return recognitions_render(r, s, &st);
    struct office_job *j =
        office_job_new(r, s, "cong-nhan", RECOGNITION, w_recognition, recognitions_render, "ntm_recognition");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->c1 = status->code;
    j->c2 = act->code;
    j->y1 = year;
    j->t1 = office_keep(j, number);
    j->t2 = office_keep(j, date);
    j->t3 = office_keep(j, issuer);
    j->problem_field = NULL;
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "%s %s năm %ld; quyết định %.*s ngày %.*s", act->label,
                                            status->label, year, (int)number.n, number.p, (int)date.n, date.p));
    return office_defer(r, j);
}

void ntm_office_recognition_register(void)
{
    static const struct office_route routes[] = {
        {RECOGNITION, recognitions_page, recognition_add},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
