/* moderate.c - the moderation page and its actions; see moderate.h. */
#include "talk/moderate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "news/query.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "talk/query.h"
#include "talk/rules.h"
#include "talk/moderate_view.h"
#include "talk/write.h"
#include "templates.h"
#include "view/layout.h"
#include "text/utf8.h"
#include "text/vitime.h"

#define PAGE_ROWS 100
#define LIMITED_ROWS 5000 /* read for an account limited to some categories, then filtered */

/* The categories the account may work in (n = 0: every one), as the
 * newsroom limits articles: their comments are moderated by the same
 * people. */
#define SCOPE_SEEN 64
struct scope {
    int64_t *ids;
    size_t n;
    /* articles looked up already (a few readers' comments share an
     * article), and whether each was in: one category read per article */
    int64_t seen[SCOPE_SEEN];
    bool seen_in[SCOPE_SEEN];
    size_t n_seen, next;
};

static int scope_of(struct web_req *r, const struct people_session *s, struct scope *sc)
{
    sc->n_seen = sc->next = 0;
    return people_categories(r, s->user.id, &sc->ids, &sc->n);
}

static int in_scope(struct web_req *r, struct scope *sc, int64_t article_id);

/* Keeps of the n rows those within the scope, in order: their number, or -1. */
static long long keep_in_scope(struct web_req *r, struct scope *sc, struct talk_comment_row *rows, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int in = in_scope(r, sc, rows[i].article_id);
        if (in < 0)
            return -1;
        if (in)
            rows[kept++] = rows[i];
    }
    return (long long)kept;
}

/* Whether a comment on `article_id` is within the scope: 1, 0, or -1. */
static int in_scope(struct web_req *r, struct scope *sc, int64_t article_id)
{
    if (!sc->n)
        return 1;
    for (size_t k = 0; k < sc->n_seen; k++)
        if (sc->seen[k] == article_id)
            return sc->seen_in[k];
    int64_t category = 0;
    int found = news_category_of(r->db, article_id, &category);
    if (found < 0)
        return -1;
    bool in = false;
    for (size_t i = 0; found && i < sc->n && !in; i++)
        in = sc->ids[i] == category;
    sc->seen[sc->next] = article_id;
    sc->seen_in[sc->next] = in;
    sc->next = (sc->next + 1) % SCOPE_SEEN;
    if (sc->n_seen < SCOPE_SEEN)
        sc->n_seen++;
    return in;
}
#define AUDIT_DETAIL_MAX 300 /* bytes of an edited or answered text kept in the audit entry */

enum verb { V_APPROVE, V_REJECT, V_SPAM, V_EDIT, V_ANSWER, V_SETTINGS, V_NONE };

static const struct {
    const char *value, *notice, *action;
} VERBS[] = {
    [V_APPROVE] = {"duyet", "Đã duyệt: ý kiến đã hiện dưới bài viết.", "comment_approve"},
    [V_REJECT] = {"tu-choi", "Đã từ chối ý kiến.", "comment_reject"},
    [V_SPAM] = {"rac", "Đã đánh dấu ý kiến là thư rác.", "comment_spam"},
    [V_EDIT] = {"sua", "Đã lưu nội dung ý kiến.", "comment_edit"},
    [V_ANSWER] = {"tra-loi", "Đã đăng trả lời của ban biên tập.", "comment_answer"},
    [V_SETTINGS] = {"cai-dat", "Đã lưu cài đặt duyệt ý kiến.", "talk_settings"},
};

static enum verb verb_parse(struct str s)
{
    for (int v = 0; v < V_NONE; v++)
        if (str_eq_lit(s, VERBS[v].value))
            return (enum verb)v;
    return V_NONE;
}

static const char *state_title(int state)
{
    switch (state) {
    case TALK_WAITING: return "Chờ duyệt";
    case TALK_APPROVED: return "Đã duyệt";
    case TALK_REJECTED: return "Đã từ chối";
    case TALK_SPAM: return "Thư rác";
    }
    return "";
}

/* The page: the waiting comments (tab "") or the approved ones ("da-duyet"). */
static int render(struct web_req *r, const struct people_session *s, int status, struct str tab, const char *error)
{
    struct talk_moderation_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Ý kiến bạn đọc", 0);
    v.f.error = str_cstr(error);
    enum verb done = verb_parse(web_param(r, "thong-bao"));
    if (done != V_NONE && !error)
        v.f.notice = str_cstr(VERBS[done].notice);
    v.approved_tab = str_eq_lit(tab, "da-duyet");
    v.refused_tab = str_eq_lit(tab, "tu-choi");
    v.waiting_tab = !v.approved_tab && !v.refused_tab;
    v.tab = v.approved_tab ? STR("da-duyet") : v.refused_tab ? STR("tu-choi") : STR("");
    v.may_settings = people_role_may(s->user.role, RIGHT_SETTINGS);
    int64_t moderate;
    if (talk_setting(r->db, TALK_SETTING_MODERATE, 1, &moderate) != 0)
        return -1;
    v.moderated = moderate != 0;

    struct talk_comment_row *rows;
    size_t n;
    long long total = 0;
    struct scope sc;
    if (scope_of(r, s, &sc) != 0)
        return -1;
    int limit = sc.n ? LIMITED_ROWS : PAGE_ROWS;
    if (talk_comments_in(r->db, r->arena, TALK_WAITING, (v.approved_tab || v.refused_tab) && !sc.n ? 0 : limit, &rows,
                         &n, &v.waiting) != 0)
        return -1;
    if (sc.n) { /* an account limited to some categories: their comments alone, counted */
        if ((v.waiting = keep_in_scope(r, &sc, rows, n)) < 0)
            return -1;
        n = (size_t)v.waiting;
    }
    if (v.approved_tab &&
        talk_comments_in(r->db, r->arena, TALK_APPROVED, limit, &rows, &n, &total) != 0)
        return -1;
    if (v.refused_tab && /* rejected and spam, the latest first: a misclick can be approved again */
        talk_comments_refused(r->db, r->arena, limit, &rows, &n, &total) != 0)
        return -1;
    if ((v.approved_tab || v.refused_tab) && sc.n) {
        if ((total = keep_in_scope(r, &sc, rows, n)) < 0)
            return -1;
        n = (size_t)total;
    }
    if (n > PAGE_ROWS)
        n = PAGE_ROWS;
    v.more = (v.approved_tab || v.refused_tab ? total : v.waiting) - (long long)n;

    /* Their articles, as the news module shows them (published ones). */
    int64_t *ids = ARENA_ARRAY(r->arena, int64_t, n ? n : 1);
    size_t n_ids = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < n_ids && !seen; k++)
            seen = ids[k] == rows[i].article_id;
        if (!seen)
            ids[n_ids++] = rows[i].article_id;
    }
    struct news_query q = {.db = r->db, .arena = r->arena, .site = portal_site(r), .now = r->now};
    struct news_card *cards;
    size_t n_cards;
    if (news_cards_by_ids(&q, ids, n_ids, (int)n_ids, &cards, &n_cards) != 0)
        return -1;

    v.rows = ARENA_ARRAY(r->arena, struct talk_moderation_row, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const struct talk_comment_row *c = &rows[i];
        struct talk_moderation_row *row = &v.rows[v.n_rows++];
        row->id = c->id;
        row->article_id = c->article_id;
        row->parent_id = c->parent_id;
        row->name = c->desk_user ? STR("Ban biên tập") : c->name;
        row->email = c->email;
        row->when = view_datetime(r->arena, c->created_at);
        row->state = str_cstr(state_title(c->state));
        row->parent_name = c->parent_name;
        row->text = c->body;
        row->n_paragraphs = talk_paragraphs(r->arena, c->body, &row->paragraphs);
        row->from_desk = c->desk_user != 0;
        row->waiting = c->state == TALK_WAITING;
        row->approved = c->state == TALK_APPROVED;
        row->refused = c->state == TALK_REJECTED || c->state == TALK_SPAM;
        row->article_title = arena_printf(r->arena, "Bài số %lld (không còn trên trang)", (long long)c->article_id);
        for (size_t k = 0; k < n_cards; k++)
            if (cards[k].id == c->article_id) {
                row->article_title = cards[k].title;
                row->article_url = cards[k].url;
            }
    }
    r->status = status;
    r->no_store = true;
    r->cacheable = false;
    tpl_talk_moderate(portal_out(r), &v);
    return 0;
}

static int page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_EDIT_ANY, &answered);
    if (!s)
        return answered;
    struct str tab = web_param(r, "xem");
    if (tab.p && !str_eq_lit(tab, "da-duyet") && !str_eq_lit(tab, "tu-choi") && tab.n)
        return web_error(r, 400);
    return render(r, s, 200, tab, NULL);
}

/* --- actions: on a worker ----------------------------------------------------------------------- */

struct mod_job {
    struct web_job job;
    enum verb verb;
    int64_t id, now, user_id, value;
    char login[72], address[48];
    char tab[16];
    struct arena arena; /* the text of an edit or an answer */
    struct str text;
    /* results */
    int rc;
    const char *problem;
};

static void mod_release(struct web_job *job)
{
    struct mod_job *j = (struct mod_job *)job;
    arena_free(&j->arena);
    free(j);
}

static void mod_work(struct web_job *job, struct store_conn *db)
{
    struct mod_job *j = (struct mod_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    int64_t article_id = 0, answer_id = 0;
    int rc;
    switch (j->verb) {
    case V_APPROVE:
    case V_REJECT:
    case V_SPAM: {
        enum talk_state state = j->verb == V_APPROVE ? TALK_APPROVED : j->verb == V_REJECT ? TALK_REJECTED : TALK_SPAM;
        rc = talk_comment_set_state(db, j->id, state, j->user_id, j->now, &article_id, &j->problem);
        if (rc == 1) { /* the state it had already: done, nothing to audit */
            j->rc = store_write_finish(db, 0);
            return;
        }
        break;
    }
    case V_EDIT: rc = talk_comment_edit(db, j->id, j->text, j->user_id, j->now, &article_id, &j->problem); break;
    case V_ANSWER:
        rc = talk_comment_answer(db, j->id, j->text, j->user_id, j->now, &article_id, &answer_id, &j->problem);
        break;
    case V_SETTINGS: rc = talk_setting_set(db, TALK_SETTING_MODERATE, j->value); break;
    default: rc = -1;
    }
    if (rc == 0) {
        char object[64];
        if (j->verb == V_SETTINGS)
            snprintf(object, sizeof object, "duyệt ý kiến trước khi đăng: %s", j->value ? "bật" : "tắt");
        else
            snprintf(object, sizeof object, "ý kiến %lld (bài %lld)", (long long)j->id, (long long)article_id);
        struct str detail = j->text;
        detail.n = utf8_truncate(detail, AUDIT_DETAIL_MAX);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), VERBS[j->verb].action,
                          str_cstr(object), detail.p ? detail : STR(""));
    }
    j->rc = store_write_finish(db, rc);
}

static int mod_finish(struct web_req *r, struct web_job *job)
{
    struct mod_job *j = (struct mod_job *)job;
    r->no_store = true;
    r->cacheable = false;
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/y-kien/?thong-bao=%s%s%s", VERBS[j->verb].value,
                                                 j->tab[0] ? "&xem=" : "", j->tab));
    if (j->rc != TALK_INVALID)
        return -1;
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap?ve=/quan-tri/y-kien/"));
    return render(r, s, 400, str_cstr(j->tab), j->problem ? j->problem : "Chưa làm được việc này.");
}

static struct mod_job *new_job(struct web_req *r, const struct people_session *s, enum verb verb)
{
    struct mod_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    arena_init(&j->arena, 4096);
    j->job.work = mod_work;
    j->job.finish = mod_finish;
    j->job.release = mod_release;
    j->verb = verb;
    j->now = r->now;
    j->user_id = s->user.id;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    return j;
}

static int action_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_EDIT_ANY, &answered);
    if (!s)
        return answered;
    struct str tab = http_form_value(&r->form, "xem");
    if (!str_eq_lit(tab, "da-duyet") && !str_eq_lit(tab, "tu-choi"))
        tab = STR("");
    enum verb verb = verb_parse(http_form_value(&r->form, "viec"));
    unsigned long long id;
    if (verb == V_NONE || verb == V_SETTINGS || !str_to_u64(http_form_value(&r->form, "id"), &id) || id == 0 ||
        id > INT64_MAX)
        return render(r, s, 400, tab, "Hãy chọn một ý kiến và một việc cần làm.");
    /* an account limited to some categories moderates their articles' comments alone */
    struct scope sc;
    if (scope_of(r, s, &sc) != 0)
        return -1;
    if (sc.n) {
        struct talk_comment_row c;
        int found = talk_comment_get(r->db, r->arena, (int64_t)id, &c);
        int in = found > 0 ? in_scope(r, &sc, c.article_id) : found;
        if (in < 0)
            return -1;
        if (!in)
            return web_error(r, found ? 403 : 404);
    }
    struct str text = utf8_strip_invisible(r->arena, http_form_value(&r->form, "noi-dung"));
    if (verb == V_EDIT || verb == V_ANSWER) {
        const char *bad = talk_staff_text_problem(text, verb == V_ANSWER);
        if (bad)
            return render(r, s, 400, tab, bad);
    }
    struct mod_job *j = new_job(r, s, verb);
    if (!j)
        return -1;
    j->id = (int64_t)id;
    snprintf(j->tab, sizeof j->tab, "%.*s", (int)tab.n, tab.p ? tab.p : "");
    if (verb == V_EDIT || verb == V_ANSWER)
        j->text = arena_strdup(&j->arena, text.p, text.n);
    return web_defer(r, &j->job);
}

static int settings_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    struct str value = http_form_value(&r->form, "duyet-truoc");
    if (!str_eq_lit(value, "0") && !str_eq_lit(value, "1"))
        return render(r, s, 400, STR(""), "Hãy chọn bật hoặc tắt.");
    struct mod_job *j = new_job(r, s, V_SETTINGS);
    if (!j)
        return -1;
    j->value = value.p[0] == '1';
    return web_defer(r, &j->job);
}

/* The admin home page's work for whoever moderates: comments waiting. */
static int moderation_todo(struct web_req *r, const struct people_session *s, struct people_todo *out, size_t room)
{
    long long n;
    if (!room || !people_role_may(s->user.role, RIGHT_EDIT_ANY))
        return 0;
    if (talk_count_in(r->db, TALK_WAITING, &n) != 0)
        return -1;
    struct scope sc;
    if (n > 0 && scope_of(r, s, &sc) != 0)
        return -1;
    if (n > 0 && sc.n) { /* an account limited to some categories: the comments of their articles */
        struct talk_comment_row *rows;
        size_t got;
        long long total;
        if (talk_comments_in(r->db, r->arena, TALK_WAITING, LIMITED_ROWS, &rows, &got, &total) != 0 ||
            (n = keep_in_scope(r, &sc, rows, got)) < 0)
            return -1;
    }
    if (n == 0)
        return 0;
    out[0] = (struct people_todo){arena_printf(r->arena, "%lld ý kiến bạn đọc chờ duyệt", n), STR("/quan-tri/y-kien/")};
    return 1;
}

void talk_moderation_register(void)
{
    people_todo_register(moderation_todo);
    static const char *const page_params[] = {"xem", "thong-bao", NULL};
    struct http_form_limits action_form = {.max_fields = 12, .max_value = 16 * 1024, .max_name = 32,
                                           .max_part_head = 1024};
    struct http_form_limits small = {.max_fields = 8, .max_value = 256, .max_name = 32, .max_part_head = 1024};
    router_add((struct route){.pattern = "/quan-tri/y-kien/", .get = page, .known_params = page_params});
    router_add((struct route){.pattern = "/quan-tri/y-kien/xu-ly", .post = action_post, .flags = ROUTE_FORM,
                              .max_body = 48 * 1024, .form = action_form});
    router_add((struct route){.pattern = "/quan-tri/y-kien/cai-dat", .post = settings_post, .flags = ROUTE_FORM,
                              .max_body = 4096, .form = small});
}
