/*
 * office_models.c - the office's page for models
 * (/quan-tri/nong-thon-moi/van-phong/mo-hinh/): model residential areas and
 * model gardens of each commune, added and edited through ntm_model_save
 * (which keeps their history).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "people/admin.h"
#include "text/utf8.h"
#include "text/vitime.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define MODELS OFFICE_PATH "mo-hinh/"
/* A province counts its model areas and gardens in thousands: a page of
 * the list holds this many, narrowed to one commune when asked (?xa=). */
#define MODEL_ROWS 200

static const struct code_label MODEL_KINDS[] = {
    {"khu_dan_cu", "Khu dân cư kiểu mẫu"}, {"vuon", "Vườn mẫu"}, {NULL, NULL}};
/* The names the public pages give them (page.c, model_state_name). */
static const struct code_label MODEL_STATES[] = {{"registered", "Đã đăng ký"},
                                                 {"building", "Đang xây dựng"},
                                                 {"recognised", "Đã công nhận"},
                                                 {"revoked", "Đã thu hồi công nhận"},
                                                 {NULL, NULL}};

static long this_year(int64_t now)
{
    struct vi_time t;
    vi_time_from_unix(now, &t);
    return t.year;
}

static int models_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "mo-hinh/", "Khu dân cư kiểu mẫu, vườn mẫu",
                          "Các mô hình của từng xã, từ khi đăng ký đến khi được công nhận.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    int page = office_list_page(&p);
    if (!page)
        return web_error_saying(r, 400, STR(OFFICE_BAD_PAGE));
    struct ntm_office_filter f = {.per_page = MODEL_ROWS};
    struct str unit = web_param(r, "xa");
    const struct ntm_unit *only = unit.n ? office_unit(&p, unit) : NULL;
    bool wrong = unit.n && !only;
    if (wrong)
        office_filter_wrong(&p, STR("Xã, phường để lọc phải là một xã, phường của tỉnh trong danh sách; đang hiện "
                                    "mô hình của mọi xã."));
    f.unit_id = only ? only->id : 0;
    /* the filter every address of the page keeps: its pages, its "Sửa"
     * links and its form, whose save comes back to it (model_save) */
    struct str keep = only ? arena_printf(r->arena, "?xa=%lld", (long long)only->id) : STR("");
    struct str self = arena_printf(r->arena, MODELS "%.*s", (int)keep.n, keep.p);
    char sep = only ? '&' : '?';
    struct ntm_office_form *filter = office_filter(&p, "loc", "Lọc mô hình", STR(MODELS), "Lọc", 1);
    struct ntm_office_field *fd = office_field(&p, filter, "xa", "Xã, phường", "select",
                                               only ? office_id_text(r->arena, only->id) : STR(""));
    office_choice(&p, fd, STR(""), STR("(tất cả các xã, phường)"), false);
    office_unit_choices(&p, fd, false);
    if (ntm_office_list_filtered(r->db, NTM_LIST_MODELS, p.province, &f, page, r->arena, &rows, &n, &more) != 0)
        return -1;
    if (page > 1 && n == 0 && !wrong)
        return web_error(r, 404);
    static const char *const heads[] = {"Xã, phường", "Loại", "Tên", "Trạng thái", "Năm công nhận", "Sửa", NULL};
    struct ntm_office_table *t = office_table(&p, "Mô hình", only ? "Xã, phường này chưa có mô hình nào."
                                                                  : "Chưa có mô hình nào.", heads, n, false);
    office_table_pages_of(&p, t, self, MODEL_ROWS, page, more);
    int64_t edit_id = st && st->id ? st->id : office_id(web_param(r, "sua"));
    const struct ntm_office_row_data *edited = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        if (x->id == edit_id)
            edited = x;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "mo-hinh-%lld", (long long)x->id));
        office_cell(row, x->col[1], office_unit_url(r->arena, x->col[0]));
        office_cell(row, office_label_of(MODEL_KINDS, x->col[2]), STR_NULL);
        office_cell(row, x->col[3], STR_NULL);
        office_cell(row, office_label_of(MODEL_STATES, x->col[4]), STR_NULL);
        office_cell(row, x->col[5].n ? x->col[5] : STR("—"), STR_NULL);
        office_cell(row, STR("Sửa"),
                    page > 1 ? arena_printf(r->arena, "%.*s%ctrang=%d&sua=%lld#mo-hinh", (int)self.n, self.p, sep, page,
                                            (long long)x->id)
                             : arena_printf(r->arena, "%.*s%csua=%lld#mo-hinh", (int)self.n, self.p, sep,
                                            (long long)x->id));
    }
    struct ntm_office_form *fm = office_form(
        &p, "mo-hinh", edited ? "Sửa mô hình" : "Thêm mô hình",
        edited ? arena_printf(r->arena, MODELS "%lld%.*s", (long long)edited->id, (int)keep.n, keep.p) : self,
        edited ? "Lưu" : "Thêm", 5);
    struct str unit_value = edited ? edited->col[6] : only ? office_id_text(r->arena, only->id) : STR_NULL;
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", unit_value), true);
    office_code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", edited ? edited->col[2] : STR("khu_dan_cu")),
                        MODEL_KINDS, NULL);
    office_field(&p, fm, "ten", "Tên mô hình", "text", edited ? edited->col[3] : STR_NULL);
    office_code_choices(
        &p, office_field(&p, fm, "trang-thai", "Trạng thái", "select", edited ? edited->col[4] : STR("registered")),
        MODEL_STATES, NULL);
    office_field(&p, fm, "nam", "Năm công nhận (để trống nếu chưa)", "number", edited ? edited->col[5] : STR_NULL);
    return office_page_end(&p);
}

static int models_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return models_render(r, s, NULL);
}

static int w_model(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_model_save(db, j->id, j->unit_id, j->c1, j->t1, j->c2, (int)j->y1, &j->made_id, err, errlen);
}

static int model_save(struct web_req *r, int64_t id)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .id = id, .posted = &r->form, .form_id = STR("mo-hinh")};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = office_unit_in(units, n, office_value(r, "don-vi"));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    const struct code_label *kind = office_code_of(MODEL_KINDS, office_value(r, "loai"));
    if (!kind)
        office_problem(&st, "loai", STR("Hãy chọn khu dân cư kiểu mẫu hay vườn mẫu."));
    struct str name = office_value(r, "ten");
    const char *bad = office_line_problem(name, 200, true);
    if (bad)
        office_problem(&st, "ten", str_cstr(bad));
    const struct code_label *state = office_code_of(MODEL_STATES, office_value(r, "trang-thai"));
    if (!state)
        office_problem(&st, "trang-thai", STR("Hãy chọn trạng thái."));
    long year = 0;
    struct str year_text = office_value(r, "nam");
    if (year_text.n && !office_int(year_text, 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm công nhận phải từ 2000 đến 2100, hoặc để trống."));
    else if (state && !strcmp(state->code, "recognised") && !year)
        office_problem(&st, "nam", STR("Mô hình đã được công nhận cần năm công nhận."));
    else if (year && year > this_year(r->now))
        office_problem(&st, "nam", STR("Năm công nhận không thể sau năm nay."));
    else if (year && state && (!strcmp(state->code, "registered") || !strcmp(state->code, "building")))
        office_problem(&st, "nam", STR("Mô hình chưa được công nhận thì để trống năm công nhận (hoặc chọn trạng "
                                       "thái “Đã công nhận”)."));
    if (st.n_problems)
        return models_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "mo-hinh", MODELS, w_model, models_render, "ntm_model_save");
    if (!j)
        return -1;
    /* back to the list narrowed to the commune it was (?xa=), if it was */
    const struct ntm_unit *shown = office_unit_in(units, n, web_param(r, "xa"));
    if (shown)
        snprintf(j->back, sizeof j->back, MODELS "?xa=%lld", (long long)shown->id);
    j->id = id;
    j->unit_id = unit->id;
    j->c1 = kind->code;
    j->c2 = state->code;
    j->t1 = office_keep(j, name);
    j->y1 = year;
    j->object = office_keep(j, arena_printf(r->arena, "%s %.*s (%.*s)", kind->label, (int)name.n, name.p,
                                            (int)unit->full_name.n, unit->full_name.p));
    j->detail = office_keep(j, arena_printf(r->arena, "%s%s%s", id ? "sửa; " : "thêm; ", state->label,
                                            year ? ntm_cstr(r->arena, arena_printf(r->arena, " năm %ld", year)) : ""));
    return office_defer(r, j);
}

static int model_add(struct web_req *r) { return model_save(r, 0); }

static int model_edit(struct web_req *r)
{
    int64_t id = office_id(r->captures[0]);
    return id ? model_save(r, id) : web_error(r, 404);
}

void ntm_office_models_register(void)
{
    static const struct office_route routes[] = {
        {MODELS, models_page, model_add},
        {MODELS "*", NULL, model_edit},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
