/*
 * admin.c - the office's pages for its activities, inside the newsroom's
 * frame: /quan-tri/nong-thon-moi/hoat-dong/.
 *
 * Every request is checked by the people module (people_require with
 * RIGHT_NTM_MANAGE: the NTM office and administrators; others get 403;
 * every POST with the session's CSRF token and a same-site Origin). The
 * form is checked here first (activity_check, which reads the units and
 * the media library), so that a wrong form comes back at once, 400, with
 * what was typed kept and each problem beside its field; the write then
 * runs on a worker with its audit entry, in one transaction, and
 * activity_save checks again inside it.
 *
 * The itinerary works without script: its stops are numbered fields
 * (xa-N, ngay-N, tu-N, den-N), and the buttons "Thêm điểm đến", "Lên",
 * "Xuống" and "Bỏ" send the form with thao-tac=them, len-N, xuong-N or
 * bo-N: the server answers with the same form, changed, and saves nothing.
 * A row left wholly empty is dropped.
 *
 * Addresses:
 *   GET  /quan-tri/nong-thon-moi/hoat-dong/                  the list (?loai=tap-huan|doan-cong-tac, ?nam=, ?trang=)
 *   GET  /quan-tri/nong-thon-moi/hoat-dong/tap-huan/moi      the form for a new training course
 *   POST                                                      create it
 *   GET  /quan-tri/nong-thon-moi/hoat-dong/doan-cong-tac/moi the form for a new delegation visit
 *   POST                                                      create it
 *   GET  /quan-tri/nong-thon-moi/hoat-dong/ID                the form of item ID
 *   POST                                                      save it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity/activity.h"
#include "activity/internal.h"
#include "activity/view.h"
#include "http/router.h"
#include "media/media.h"
#include "ntm/ntm.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vi.h"

#define BASE "/quan-tri/nong-thon-moi/hoat-dong/"
#define PER_PAGE 30

static const char *const KIND_NAME[] = {[ACTIVITY_TRAINING] = "Lớp tập huấn", [ACTIVITY_VISIT] = "Đoàn công tác"};

static void admin_page(struct web_req *r, int status)
{
    r->status = status;
    r->no_store = true;
    r->cacheable = false;
}

/* "12" -> 12; 0 for anything else. */
static int64_t id_of(struct str s)
{
    unsigned long long id;
    return s.n <= 18 && str_to_u64(s, &id) && id > 0 ? (int64_t)id : 0;
}

static struct str trim(struct str v)
{
    while (v.n && (v.p[0] == ' ' || v.p[0] == '\t' || v.p[0] == '\n' || v.p[0] == '\r'))
        v = str_skip(v, 1);
    while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' || v.p[v.n - 1] == '\n' || v.p[v.n - 1] == '\r'))
        v.n--;
    return v.p ? v : STR("");
}

/* A field as typed, trimmed; empty when it shows nothing (a zero-width or
 * a wide space alone is no title and no place). */
static struct str field(const struct web_req *r, const char *name)
{
    struct str v = http_form_value(&r->form, name);
    return utf8_is_blank(v) ? STR("") : trim(v);
}

/* --- the list ------------------------------------------------------------------------------------------------ */

static int list_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    struct activity_filter f = {.kind = -1};
    struct str kind = web_param(r, "loai"), year = web_param(r, "nam"), page_text = web_param(r, "trang");
    if (str_eq_lit(kind, "tap-huan"))
        f.kind = ACTIVITY_TRAINING;
    else if (str_eq_lit(kind, "doan-cong-tac"))
        f.kind = ACTIVITY_VISIT;
    else if (kind.n)
        return web_error(r, 400);
    unsigned long long y = 0, page = 1;
    if (year.n && (!str_to_u64(year, &y) || y < 2000 || y > 2100))
        return web_error(r, 400);
    if (page_text.n && (!str_to_u64(page_text, &page) || page == 0 || page > 100000))
        return web_error(r, 400);
    f.year = (int)y;

    struct activity_admin_list_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Tập huấn, đoàn công tác", ADMIN_NTM_ACTIVITIES);
    struct str notice = web_param(r, "thong-bao");
    if (str_eq_lit(notice, "da-luu"))
        v.f.notice = STR("Đã lưu.");
    v.kinds[0] = (struct activity_option){STR(""), STR("Tất cả"), f.kind < 0};
    v.kinds[1] = (struct activity_option){STR("tap-huan"), STR("Lớp tập huấn"), f.kind == ACTIVITY_TRAINING};
    v.kinds[2] = (struct activity_option){STR("doan-cong-tac"), STR("Đoàn công tác"), f.kind == ACTIVITY_VISIT};
    int *years;
    size_t n_years;
    if (activity_years(r->db, r->arena, &years, &n_years) != 0)
        return -1;
    v.years = ARENA_ARRAY(r->arena, struct activity_option, n_years + 1);
    v.years[v.n_years++] = (struct activity_option){STR(""), STR("Mọi năm"), f.year == 0};
    for (size_t i = 0; i < n_years; i++) {
        struct str t = arena_printf(r->arena, "%d", years[i]);
        v.years[v.n_years++] = (struct activity_option){t, t, years[i] == f.year};
    }
    struct activity *items;
    size_t n;
    int64_t total;
    if (activity_list(r->db, r->arena, &f, (int)(page - 1) * PER_PAGE, PER_PAGE, &items, &n, &total) != 0)
        return -1;
    if (page > 1 && !n) /* past the last page, as the public list answers */
        return web_error(r, 404);
    v.total = total;
    v.year = f.year ? arena_printf(r->arena, "%d", f.year) : STR("");
    v.rows = ARENA_ARRAY(r->arena, struct activity_admin_row, n + 1);
    for (size_t i = 0; i < n; i++) {
        const struct activity *it = &items[i];
        v.rows[v.n_rows++] = (struct activity_admin_row){
            it->id,
            str_cstr(KIND_NAME[it->kind]),
            it->title,
            activity_dates_text(r->arena, it->date_from, it->date_to),
            it->published ? STR("Đã công bố") : STR("Bản nháp"),
            arena_printf(r->arena, BASE "%lld", (long long)it->id),
            it->published ? activity_url(r->arena, it) : STR("")};
    }
    static const char *const keep[] = {"loai", "nam", NULL};
    people_list_neighbours(r, BASE, keep, (int)page, (int64_t)page * PER_PAGE < total, &v.prev, &v.next);
    admin_page(r, 200);
    tpl_activity_admin_list(portal_out(r), &v);
    return 0;
}

/* --- the form ------------------------------------------------------------------------------------------------ */

/* What the form sent, as typed, and the item made of it. */
struct form_input {
    struct activity it;
    struct str trained, materials;
    struct activity_problems problems;
};

static int unit_order(const void *a, const void *b)
{
    const struct ntm_unit *x = a, *y = b;
    return vi_compare(x->full_name.n ? x->full_name : x->name, y->full_name.n ? y->full_name : y->name);
}

/* The home province's commune-level units, by name. 0, -1. */
static int units_for_choice(struct web_req *r, struct ntm_unit **units, size_t *n)
{
    *units = NULL;
    *n = 0;
    char province[16];
    int rc = ntm_home_province(r->db, province, sizeof province);
    if (rc <= 0)
        return rc;
    if (ntm_units_of(r->db, province, r->arena, units, n) != 0)
        return -1;
    qsort(*units, *n, sizeof **units, unit_order);
    return 0;
}

static int form_render(struct web_req *r, const struct people_session *s, int status, struct form_input *in)
{
    struct activity_form_view v;
    memset(&v, 0, sizeof v);
    const struct activity *it = &in->it;
    bool visit = it->kind == ACTIVITY_VISIT;
    const char *title = it->id ? (visit ? "Sửa đoàn công tác" : "Sửa lớp tập huấn")
                               : (visit ? "Thêm đoàn công tác" : "Thêm lớp tập huấn");
    people_frame(r, &v.f, s, title, ADMIN_NTM_ACTIVITIES);
    v.visit = visit;
    v.id = it->id;
    v.heading = str_cstr(title);
    v.action = it->id ? arena_printf(r->arena, BASE "%lld", (long long)it->id)
                      : str_cstr(visit ? BASE "doan-cong-tac/moi" : BASE "tap-huan/moi");
    v.title = it->title;
    v.date_from = it->date_from;
    v.date_to = it->date_to;
    v.place = it->place;
    v.organiser = it->organiser;
    v.audience = it->audience;
    v.trained = in->trained;
    v.summary = it->summary;
    v.materials = in->materials;
    v.leader = it->leader;
    v.members = it->members;
    v.purpose = it->purpose;
    v.conclusions = it->conclusions;
    v.published = it->published;
    for (int k = 0; k < ACTIVITY_N_FIELDS; k++)
        v.error[k] = in->problems.field[k] ? str_cstr(in->problems.field[k]) : STR_NULL;
    if (in->problems.count)
        v.f.error = v.error[ACTIVITY_FIELD_NONE].n ? v.error[ACTIVITY_FIELD_NONE]
                                                     : STR("Chưa lưu được: xem các ô được đánh dấu bên dưới.");
    else if (str_eq_lit(web_param(r, "thong-bao"), "da-luu"))
        v.f.notice = it->published ? STR("Đã lưu; hoạt động đã công bố trên trang công khai.")
                                   : STR("Đã lưu bản nháp; hoạt động chưa hiện trên trang công khai.");
    if (it->id && it->published)
        v.public_url = activity_url(r->arena, it);

    if (visit) {
        struct ntm_unit *units;
        size_t n_units;
        if (units_for_choice(r, &units, &n_units) != 0)
            return -1;
        size_t rows = it->n_stops ? it->n_stops : 1;
        if (rows > ACTIVITY_MAX_STOPS)
            rows = ACTIVITY_MAX_STOPS;
        v.stops = ARENA_ARRAY(r->arena, struct activity_stop_row, rows);
        for (size_t i = 0; i < rows; i++) {
            const struct activity_stop *st = i < it->n_stops ? &it->stops[i] : NULL;
            struct activity_stop_row *row = &v.stops[v.n_stops++];
            row->number = (int)i + 1;
            row->first = i == 0;
            row->last = i + 1 == rows;
            row->day = st ? st->day : it->date_from;
            row->time_from = st ? st->time_from : STR("");
            row->time_to = st ? st->time_to : STR("");
            row->error = st && in->problems.stop[i] ? str_cstr(in->problems.stop[i]) : STR_NULL;
            row->units = ARENA_ARRAY(r->arena, struct activity_option, n_units + 1);
            bool found = false;
            row->units[row->n_units++] = (struct activity_option){STR(""), STR("— Chọn xã, phường —"), false};
            for (size_t k = 0; k < n_units; k++) {
                bool sel = st && str_eq(units[k].code, st->unit_code);
                found |= sel;
                row->units[row->n_units++] = (struct activity_option){
                    units[k].code, units[k].full_name.n ? units[k].full_name : units[k].name, sel};
            }
            if (!found)
                row->units[0].selected = true;
        }
        v.next_number = (int)rows + 1;
    }
    admin_page(r, status);
    tpl_activity_admin_form(portal_out(r), &v);
    return 0;
}

/* Reads the form into `in`. Problems the form alone shows (a number that
 * is not one, too many stops) go into in->problems. */
static void form_read(struct web_req *r, enum activity_kind kind, int64_t id, struct form_input *in)
{
    memset(in, 0, sizeof *in);
    struct activity *it = &in->it;
    it->id = id;
    it->kind = kind;
    it->title = field(r, "tieu-de");
    it->date_from = field(r, "tu-ngay");
    it->date_to = field(r, "den-ngay");
    it->published = str_eq_lit(field(r, "trang-thai"), "cong-bo");
    if (kind == ACTIVITY_TRAINING) {
        it->place = field(r, "dia-diem");
        it->organiser = field(r, "don-vi");
        it->audience = field(r, "thanh-phan");
        it->summary = field(r, "tom-tat");
        in->trained = field(r, "so-nguoi");
        /* a whole number, the Vietnamese thousands point allowed ("1.000") */
        double n = 0;
        if (in->trained.n && (!ntm_decimal_parse(in->trained, &n) || n < 0 || n > ACTIVITY_TRAINED_MAX ||
                              n != (double)(long)n)) {
            activity_problem(&in->problems, ACTIVITY_FIELD_TRAINED,
                             "Số người được tập huấn là một số từ 0 đến 100.000.");
            n = 0;
        }
        it->trained = (int)n;
        /* materials: numbers of files in the library, separated by commas or spaces */
        in->materials = field(r, "tai-lieu");
        it->materials = ARENA_ARRAY(r->arena, int64_t, ACTIVITY_MAX_MATERIALS + 1);
        struct str m = in->materials;
        while (m.n) {
            size_t k = 0;
            while (k < m.n && m.p[k] != ',' && m.p[k] != ' ' && m.p[k] != ';' && m.p[k] != '\n')
                k++;
            struct str piece = trim(str_make(m.p, k));
            m = str_skip(m, k < m.n ? k + 1 : k);
            if (!piece.n)
                continue;
            int64_t mid = id_of(piece);
            if (!mid) {
                activity_problem(&in->problems, ACTIVITY_FIELD_MATERIALS,
                                 "Ghi số của tệp trong thư viện tệp, các số cách nhau bởi dấu phẩy.");
                break;
            }
            if (it->n_materials == ACTIVITY_MAX_MATERIALS) {
                activity_problem(&in->problems, ACTIVITY_FIELD_MATERIALS, "Tối đa 20 tài liệu cho một lớp tập huấn.");
                break;
            }
            it->materials[it->n_materials++] = mid;
        }
        return;
    }
    it->leader = field(r, "truong-doan");
    it->members = field(r, "thanh-vien");
    it->purpose = field(r, "muc-dich");
    it->conclusions = field(r, "ket-luan");
    /* the stops: the highest number sent says how many rows there were */
    unsigned long long rows = 0;
    for (size_t i = 0; i < r->form.n_fields; i++) {
        struct str name = r->form.fields[i].name;
        static const char *const prefixes[] = {"xa-", "ngay-", "tu-", "den-"};
        for (size_t k = 0; k < 4; k++) {
            size_t pn = strlen(prefixes[k]);
            unsigned long long number;
            if (name.n > pn && !memcmp(name.p, prefixes[k], pn) && str_to_u64(str_skip(name, pn), &number) &&
                number > rows)
                rows = number < 1000 ? number : 1000;
        }
    }
    it->stops = ARENA_ARRAY(r->arena, struct activity_stop, ACTIVITY_MAX_STOPS);
    size_t kept = 0;
    for (unsigned long long k = 1; k <= rows; k++) {
        char name[4][32];
        snprintf(name[0], sizeof name[0], "xa-%llu", k);
        snprintf(name[1], sizeof name[1], "ngay-%llu", k);
        snprintf(name[2], sizeof name[2], "tu-%llu", k);
        snprintf(name[3], sizeof name[3], "den-%llu", k);
        struct activity_stop s = {field(r, name[0]), STR_NULL, field(r, name[1]), field(r, name[2]), field(r, name[3])};
        if (rows > ACTIVITY_MAX_STOPS && !s.unit_code.n && !s.time_from.n && !s.time_to.n)
            continue;
        if (++kept > ACTIVITY_MAX_STOPS)
            continue;
        it->stops[it->n_stops++] = s;
    }
    if (kept > ACTIVITY_MAX_STOPS)
        activity_problem(&in->problems, ACTIVITY_FIELD_STOPS, "Một đoàn công tác có tối đa 30 điểm đến.");
}

/* Drops the rows left wholly empty (the day is filled in for the office),
 * and gives a one-day visit's stops its day, before a save. */
static void drop_empty_stops(struct activity *it)
{
    size_t kept = 0;
    for (size_t i = 0; i < it->n_stops; i++) {
        struct activity_stop s = it->stops[i];
        if (!s.unit_code.n && !s.time_from.n && !s.time_to.n)
            continue;
        /* a visit of one day: a stop without its day is on that day */
        if (!s.day.n && str_eq(it->date_from, it->date_to))
            s.day = it->date_from;
        it->stops[kept++] = s;
    }
    it->n_stops = kept;
}

/* thao-tac=them | len-N | xuong-N | bo-N: changes the stops in the form;
 * true when it was one of these (the form is then shown again). */
static bool stop_operation(struct web_req *r, struct form_input *in)
{
    struct str op = field(r, "thao-tac");
    struct activity *it = &in->it;
    if (str_eq_lit(op, "them")) {
        if (it->n_stops < ACTIVITY_MAX_STOPS) {
            struct activity_stop *last = it->n_stops ? &it->stops[it->n_stops - 1] : NULL;
            it->stops[it->n_stops++] = (struct activity_stop){STR(""), STR_NULL, last ? last->day : it->date_from,
                                                              STR(""), STR("")};
        } else
            activity_problem(&in->problems, ACTIVITY_FIELD_STOPS, "Một đoàn công tác có tối đa 30 điểm đến.");
        return true;
    }
    int step = 0;
    struct str number = STR_NULL;
    if (op.n > 3 && !memcmp(op.p, "len-", 4))
        step = -1, number = str_skip(op, 4);
    else if (op.n > 6 && !memcmp(op.p, "xuong-", 6))
        step = 1, number = str_skip(op, 6);
    else if (op.n > 3 && !memcmp(op.p, "bo-", 3))
        step = 0, number = str_skip(op, 3);
    else
        return false;
    /* N is the row's position among the rows shown, which are the kept stops */
    unsigned long long k;
    if (!str_to_u64(number, &k) || k == 0 || k > it->n_stops)
        return true;
    size_t i = (size_t)k - 1;
    if (step == 0) {
        memmove(&it->stops[i], &it->stops[i + 1], (it->n_stops - i - 1) * sizeof *it->stops);
        it->n_stops--;
    } else if ((step < 0 && i > 0) || (step > 0 && i + 1 < it->n_stops)) {
        struct activity_stop t = it->stops[i];
        it->stops[i] = it->stops[i + step];
        it->stops[i + step] = t;
    }
    return true;
}

struct save_job {
    struct web_job job;
    struct arena arena;
    struct form_input in;
    int64_t now, user_id, id;
    bool was_published, existed;
    struct str detail;
    char login[72], address[48];
    int rc;
};

static void job_release(struct web_job *job)
{
    struct save_job *j = (struct save_job *)job;
    arena_free(&j->arena);
    free(j);
}

static struct str keep(struct arena *a, struct str s) { return arena_strdup(a, s.p ? s.p : "", s.n); }

static void job_work(struct web_job *job, struct store_conn *db)
{
    struct save_job *j = (struct save_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    memset(&j->in.problems, 0, sizeof j->in.problems);
    int rc = activity_save(db, &j->arena, &j->in.it, j->now, &j->id, &j->in.problems);
    if (rc == 0) {
        const struct activity *it = &j->in.it;
        const char *action = !j->existed                          ? "activity_create"
                             : it->published && !j->was_published ? "activity_publish"
                                                                   : "activity_edit";
        struct str object = arena_printf(&j->arena, "%s %lld: %.*s",
                                         it->kind == ACTIVITY_VISIT ? "đoàn công tác" : "lớp tập huấn",
                                         (long long)j->id, (int)it->title.n, it->title.p);
        object.n = utf8_truncate(object, 300);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), action, object,
                          j->detail);
    }
    j->rc = store_write_finish(db, rc);
}

static int job_finish(struct web_req *r, struct web_job *job)
{
    struct save_job *j = (struct save_job *)job;
    admin_page(r, 200);
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, BASE "%lld?thong-bao=da-luu", (long long)j->id));
    if (j->rc != ACTIVITY_INVALID)
        return -1;
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    return form_render(r, s, j->in.problems.field[ACTIVITY_FIELD_NONE] ? 409 : 400, &j->in);
}

/* Copies what the worker needs out of the request. */
static int save_defer(struct web_req *r, const struct people_session *s, struct form_input *in,
                      const struct activity *before)
{
    struct save_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 8192);
    struct arena *a = &j->arena;
    j->job.work = job_work;
    j->job.finish = job_finish;
    j->job.release = job_release;
    j->now = r->now;
    j->user_id = s->user.id;
    j->existed = before != NULL;
    j->was_published = before && before->published;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    struct activity *to = &j->in.it;
    const struct activity *from = &in->it;
    *to = *from;
    to->title = keep(a, from->title);
    to->date_from = keep(a, from->date_from);
    to->date_to = keep(a, from->date_to);
    to->place = keep(a, from->place);
    to->organiser = keep(a, from->organiser);
    to->audience = keep(a, from->audience);
    to->summary = keep(a, from->summary);
    to->leader = keep(a, from->leader);
    to->members = keep(a, from->members);
    to->purpose = keep(a, from->purpose);
    to->conclusions = keep(a, from->conclusions);
    j->in.trained = keep(a, in->trained);
    j->in.materials = keep(a, in->materials);
    to->materials = ARENA_ARRAY(a, int64_t, ACTIVITY_MAX_MATERIALS + 1);
    if (from->n_materials)
        memcpy(to->materials, from->materials, from->n_materials * sizeof *from->materials);
    to->stops = ARENA_ARRAY(a, struct activity_stop, ACTIVITY_MAX_STOPS);
    for (size_t i = 0; i < from->n_stops; i++) {
        const struct activity_stop *x = &from->stops[i];
        to->stops[i] = (struct activity_stop){keep(a, x->unit_code), keep(a, x->unit_name), keep(a, x->day),
                                              keep(a, x->time_from), keep(a, x->time_to)};
    }
    /* the audit entry's detail: dates, state, and for a visit its itinerary */
    struct buf d = BUF_INIT;
    buf_printf(&d, "ngày: %.*s đến %.*s; trạng thái: %s%s", (int)from->date_from.n, from->date_from.p,
               (int)from->date_to.n, from->date_to.p, before ? (before->published ? "công bố → " : "bản nháp → ") : "",
               from->published ? "công bố" : "bản nháp");
    if (before && !str_eq(before->title, from->title))
        buf_printf(&d, "; tiêu đề trước: %.*s", (int)before->title.n, before->title.p);
    for (size_t i = 0; i < from->n_stops; i++)
        buf_printf(&d, "%s%.*s (%.*s)", i ? ", " : "; lịch trình: ", (int)from->stops[i].unit_name.n,
                   from->stops[i].unit_name.p, (int)from->stops[i].unit_code.n, from->stops[i].unit_code.p);
    struct str detail = str_make(d.p ? d.p : "", d.n);
    detail.n = utf8_truncate(detail, 800);
    j->detail = keep(a, detail);
    buf_free(&d);
    return web_defer(r, &j->job);
}

/* POST of a form: a stop operation shows the form again; a save is
 * checked, then written on a worker. */
static int form_post(struct web_req *r, enum activity_kind kind, int64_t id)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    struct activity before;
    if (id) {
        int rc = activity_get(r->db, r->arena, id, &before);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return web_error(r, 404);
        kind = before.kind;
    }
    struct form_input in;
    form_read(r, kind, id, &in);
    if (stop_operation(r, &in)) {
        in.problems = (struct activity_problems){0};
        return form_render(r, s, 200, &in);
    }
    drop_empty_stops(&in.it);
    int rc = activity_check(r->db, r->arena, &in.it, &in.problems);
    if (rc == -1)
        return -1;
    if (rc != 0)
        return form_render(r, s, 400, &in);
    return save_defer(r, s, &in, id ? &before : NULL);
}

static int new_training_post(struct web_req *r) { return form_post(r, ACTIVITY_TRAINING, 0); }
static int new_visit_post(struct web_req *r) { return form_post(r, ACTIVITY_VISIT, 0); }

static int edit_post(struct web_req *r)
{
    int64_t id = id_of(r->captures[0]);
    if (!id) {
        int answered;
        return people_require(r, RIGHT_NTM_MANAGE, &answered) ? web_error(r, 404) : answered;
    }
    return form_post(r, ACTIVITY_TRAINING, id);
}

static int new_form(struct web_req *r, enum activity_kind kind)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    struct form_input in;
    memset(&in, 0, sizeof in);
    in.it.kind = kind;
    return form_render(r, s, 200, &in);
}

static int new_training_page(struct web_req *r) { return new_form(r, ACTIVITY_TRAINING); }
static int new_visit_page(struct web_req *r) { return new_form(r, ACTIVITY_VISIT); }

static int edit_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    int64_t id = id_of(r->captures[0]);
    struct form_input in;
    memset(&in, 0, sizeof in);
    int rc = id ? activity_get(r->db, r->arena, id, &in.it) : 0;
    if (rc < 0)
        return -1;
    if (rc == 0)
        return web_error(r, 404);
    in.trained = arena_printf(r->arena, "%d", in.it.trained);
    struct buf m = BUF_INIT;
    for (size_t i = 0; i < in.it.n_materials; i++)
        buf_printf(&m, "%s%lld", i ? ", " : "", (long long)in.it.materials[i]);
    in.materials = arena_strdup(r->arena, m.p ? m.p : "", m.n);
    buf_free(&m);
    return form_render(r, s, 200, &in);
}

/* The file page's link to a training course whose materials hold the
 * file: for the office, who edit courses (media_owner_register). */
static int media_owner_link(struct web_req *r, const struct people_session *s, int64_t id, struct str *label,
                            struct str *url)
{
    *label = STR("");
    *url = people_role_may(s->user.role, RIGHT_NTM_MANAGE) ? arena_printf(r->arena, BASE "%lld", (long long)id)
                                                           : STR("");
    return 0;
}

void activity_admin_register(void)
{
    media_owner_register("activity", "Lớp tập huấn", media_owner_link);
    static const char *const list_params[] = {"loai", "nam", "trang", "thong-bao", NULL};
    static const char *const notice[] = {"thong-bao", NULL};
    /* a visit's form: 13 fields and 4 a stop; a few rows beyond the limit
     * still arrive, so that the office reads "at most 30" rather than a bare 400 */
    struct http_form_limits form = {.max_fields = 200, .max_value = 65536, .max_name = 32, .max_part_head = 1024};
    router_add((struct route){.pattern = BASE, .get = list_page, .known_params = list_params});
    router_add((struct route){.pattern = BASE "tap-huan/moi", .get = new_training_page, .post = new_training_post,
                              .known_params = notice, .flags = ROUTE_FORM | ROUTE_WORKER, .max_body = 262144, .form = form});
    router_add((struct route){.pattern = BASE "doan-cong-tac/moi", .get = new_visit_page, .post = new_visit_post,
                              .known_params = notice, .flags = ROUTE_FORM | ROUTE_WORKER, .max_body = 262144, .form = form});
    router_add((struct route){.pattern = BASE "*", .get = edit_page, .post = edit_post, .known_params = notice,
                              .flags = ROUTE_FORM | ROUTE_WORKER, .max_body = 262144, .form = form});
}
