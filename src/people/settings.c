/* settings.c - the administrators' page for the agency's details that
 * every page shows (/quan-tri/cai-dat/). The details belong to the site
 * module and are written through its writes, which touch "site": every
 * cached page is dropped and each thread reloads its snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "people/admin.h"
#include "people/view.h"
#include "portal/app.h"
#include "templates.h"
#include "text/utf8.h"

#define N_FIELDS 14

static const struct {
    const char *name, *key, *label;
    int max;
    bool long_text;
} FIELDS[N_FIELDS] = {
    {"ten", "site.name", "Tên trang thông tin điện tử", 300, false},
    {"ten-ngan", "site.short_name", "Tên ngắn (trên tiêu đề trang)", 120, false},
    {"co-quan", "site.agency", "Cơ quan chủ quản", 300, false},
    {"trach-nhiem", "site.responsible", "Người chịu trách nhiệm chính", 300, false},
    {"dia-chi", "site.address", "Địa chỉ", 300, false},
    {"dien-thoai", "site.phone", "Điện thoại", 100, false},
    {"fax", "site.fax", "Fax", 100, false},
    {"thu-dien-tu", "site.email", "Thư điện tử", 200, false},
    {"giay-phep", "site.licence", "Giấy phép", 500, true},
    {"ban-quyen", "site.copyright", "Dòng bản quyền (chân trang)", 300, false},
    {"mo-ta", "site.description", "Mô tả (cho máy tìm kiếm)", 1000, true},
    {"gioi-thieu", "site.about",
     "Giới thiệu cơ quan (trang /gioi-thieu/): chức năng, nhiệm vụ, quyền hạn, cơ cấu tổ chức; các đoạn cách nhau "
     "một dòng trống, dòng bắt đầu bằng “- ” là một ý liệt kê",
     20000, true},
    {"can-bo-dau-moi", "site.contacts",
     "Cán bộ đầu mối liên hệ: mỗi người một dòng, “Họ tên; Chức vụ; Đơn vị; Điện thoại; Thư điện tử”", 5000, true},
    {"gioi-thieu-en", "site.about_en",
     "Giới thiệu bằng tiếng Anh (trang /en/): cơ cấu tổ chức, chức năng, nhiệm vụ (theo Nghị định 42/2022/NĐ-CP)", 20000,
     true},
};

static struct str stored_value(const struct site *site, int i)
{
    const struct str *values[N_FIELDS] = {&site->name,    &site->short_name, &site->agency,      &site->responsible,
                                          &site->address, &site->phone,      &site->fax,         &site->email,
                                          &site->licence, &site->copyright,  &site->description, &site->about,
                                          &site->contacts, &site->about_en};
    return *values[i];
}

static int render(struct web_req *r, const struct people_session *s, const struct str *values, const char *error)
{
    struct admin_settings_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Thông tin cơ quan", ADMIN_SETTINGS);
    v.f.error = str_cstr(error);
    if (!error && str_eq_lit(web_param(r, "thong-bao"), "da-luu"))
        v.f.notice = STR("Đã lưu thông tin cơ quan; mọi trang đã hiện thông tin mới.");
    for (int i = 0; i < N_FIELDS; i++)
        v.fields[v.n_fields++] = (struct admin_setting_field){str_cstr(FIELDS[i].name), str_cstr(FIELDS[i].label),
                                                              values ? values[i] : stored_value(portal_site(r), i),
                                                              FIELDS[i].max, FIELDS[i].long_text};
    tpl_people_settings(portal_out(r), &v);
    return 0;
}

/* One address a mailto: link can hold and nothing more: a local part and
 * a domain with a dot, of letters, digits and . _ % + - (no '?', no
 * markup, no second '@'). */
static bool email_ok(struct str e)
{
    const char *at = memchr(e.p, '@', e.n);
    if (!at || at == e.p || memchr(at + 1, '@', e.n - (size_t)(at - e.p) - 1) || e.n > 254)
        return false;
    size_t local = (size_t)(at - e.p);
    /* the name: letters, digits and . _ + - (no '%', which a mail program
     * may decode into a second '@'), no dot at either end or twice */
    if (local > 64 || e.p[0] == '.' || at[-1] == '.')
        return false;
    for (size_t i = 0; i < local; i++) {
        char c = e.p[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '+' || c == '-';
        if (!ok || (c == '.' && e.p[i + 1] == '.'))
            return false;
    }
    /* the domain: two labels or more, each 1-63 letters, digits and '-',
     * neither beginning nor ending with '-' */
    struct str d = {at + 1, e.n - local - 1};
    size_t labels = 0, start = 0;
    for (size_t i = 0; i <= d.n; i++) {
        if (i < d.n && d.p[i] != '.') {
            char c = d.p[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
                return false;
            continue;
        }
        size_t n = i - start;
        if (n == 0 || n > 63 || d.p[start] == '-' || d.p[i - 1] == '-')
            return false;
        labels++;
        start = i + 1;
    }
    return labels >= 2;
}

/* A telephone or fax line: empty, or numbers and the words around them
 * ("0239 3855 123", "(0239) 3.855.123 - máy lẻ 101"), without markup or an
 * address's signs. */
static bool phone_ok(struct str v)
{
    bool digit = false;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.p[i];
        digit |= c >= '0' && c <= '9';
        if (c == '<' || c == '>' || c == '"' || c == '@' || c == '&' || c == '=' || c == '?' || c == '\\')
            return false;
    }
    return !v.n || digit;
}

/* The contact officials, one a line, as the site module reads them
 * (site_contacts_parse), the phone and e-mail checked as the agency's.
 * NULL, or the sentence naming the first wrong line. */
static const char *contacts_problem(struct web_req *r, struct str v)
{
    struct site_contact c[SITE_CONTACTS_MAX];
    size_t n, bad = site_contacts_parse(v, c, &n);
    if (bad)
        return arena_printf(r->arena, "Cán bộ đầu mối, dòng %zu: cần “Họ tên; Chức vụ; Đơn vị; Điện thoại; Thư điện "
                                      "tử” (ít nhất họ tên và chức vụ, cách nhau dấu chấm phẩy; tối đa %d người).",
                            bad, SITE_CONTACTS_MAX).p;
    for (size_t i = 0; i < n; i++)
        if (!phone_ok(c[i].phone) || (c[i].email.n && !email_ok(c[i].email)))
            return arena_printf(r->arena, "Cán bộ đầu mối “%.*s”: điện thoại hoặc thư điện tử không đúng dạng.",
                                (int)c[i].name.n, c[i].name.p).p;
    return NULL;
}

static int settings_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &rc);
    return s ? render(r, s, NULL, NULL) : rc;
}

struct settings_job {
    struct web_job job;
    char *values[N_FIELDS];
    int64_t user_id, now;
    char login[72], address[48];
    int rc;
};

static void settings_release(struct web_job *job)
{
    struct settings_job *j = (struct settings_job *)job;
    for (int i = 0; i < N_FIELDS; i++)
        free(j->values[i]);
    free(j);
}

static void settings_work(struct web_job *job, struct store_conn *db)
{
    struct settings_job *j = (struct settings_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    int rc = 0;
    const char *problem = NULL;
    for (int i = 0; i < N_FIELDS && rc == 0; i++)
        rc = site_setting_set(db, str_cstr(FIELDS[i].key), str_cstr(j->values[i]), &problem);
    if (rc == 0)
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), "settings",
                          STR("thông tin cơ quan"), STR(""));
    j->rc = store_write_finish(db, rc);
}

static int settings_finish(struct web_req *r, struct web_job *job)
{
    struct settings_job *j = (struct settings_job *)job;
    r->no_store = true;
    return j->rc == 0 ? web_redirect(r, 303, STR("/quan-tri/cai-dat/?thong-bao=da-luu")) : -1;
}

static int settings_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &rc);
    if (!s)
        return rc;
    struct str values[N_FIELDS];
    const char *problem = NULL;
    for (int i = 0; i < N_FIELDS; i++) {
        values[i] = http_form_value(&r->form, FIELDS[i].name);
        while (values[i].n && values[i].p[0] == ' ')
            values[i] = str_skip(values[i], 1);
        while (values[i].n && values[i].p[values[i].n - 1] == ' ')
            values[i].n--;
        if (!problem && utf8_count(values[i]) > (size_t)FIELDS[i].max)
            problem = arena_printf(r->arena, "Ô “%s” quá dài (tối đa %s ký tự); hãy rút gọn.", FIELDS[i].label,
                                   view_number(r->arena, FIELDS[i].max).p).p;
        if (!problem && !FIELDS[i].long_text && memchr(values[i].p ? values[i].p : "", '\n', values[i].n))
            problem = "Các ô một dòng không được xuống dòng.";
    }
    if (!problem && (!values[0].n || !values[1].n || !values[2].n))
        problem = "Cần có tên trang, tên ngắn và cơ quan chủ quản.";
    if (!problem && values[7].n && !email_ok(values[7]))
        problem = "Địa chỉ thư điện tử không đúng dạng (ví dụ vpdp@hatinh.gov.vn).";
    if (!problem && (!phone_ok(values[5]) || !phone_ok(values[6])))
        problem = "Điện thoại và fax ghi các số (có thể kèm chữ như “máy lẻ”), không chứa các dấu < > \" @ & = ? \\.";
    if (!problem)
        problem = contacts_problem(r, values[12]);
    if (problem) {
        r->status = 400;
        return render(r, s, values, problem);
    }
    struct settings_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->job.work = settings_work;
    j->job.finish = settings_finish;
    j->job.release = settings_release;
    for (int i = 0; i < N_FIELDS; i++) {
        j->values[i] = strndup(values[i].p ? values[i].p : "", values[i].n);
        if (!j->values[i]) {
            settings_release(&j->job);
            return -1;
        }
    }
    j->user_id = s->user.id;
    j->now = r->now;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    return web_defer(r, &j->job);
}

void people_settings_register(void)
{
    static const char *const notice[] = {"thong-bao", NULL};
    /* the introductions are up to 20,000 characters, 4 bytes each at most,
     * and sent percent-encoded: three characters a byte */
    struct http_form_limits form = {.max_fields = 20, .max_value = 80000, .max_name = 64, .max_part_head = 4096};
    router_add((struct route){.pattern = "/quan-tri/cai-dat/", .get = settings_page, .post = settings_post,
                              .known_params = notice, .flags = ROUTE_FORM, .max_body = 600 * 1024, .form = form});
}
