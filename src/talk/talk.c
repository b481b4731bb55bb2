/* talk.c - the readers' side: the comment form and its sending, the rating
 * pages and their JSON twins; see talk.h for the routes.
 *
 * A comment is checked on the event loop in the order a reader can fix
 * things: the article (404), the honeypot (400), the form's token (403:
 * forged, too old or used), the fields (400: the same question stays, the
 * token is not spent), the rate of the address (429), the answer. Then a
 * job on a worker spends the token and, when the answer was right, stores
 * the comment, in one transaction that checks the token, the article and
 * the rate again (another request may have come between). A wrong answer
 * spends the token too, so a question cannot be tried twice; every other
 * refusal stores nothing. Every refusal answers the form again, with what
 * the reader typed, the sentence that says why and the right status.
 *
 * A vote needs a token tied to the article and to the reader's cookie. The
 * cached article page has none: its form posts the stars alone, and gets
 * the page that asks to confirm them with a token (and the cookie, for a
 * reader who has none yet). The script static/js/danh-gia.js takes a token
 * from the JSON endpoint and votes at once.
 */
#include "talk/talk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/log.h"
#include "http/parse.h"
#include "http/router.h"
#include "news/news.h"
#include "news/query.h"
#include "portal/app.h"
#include "talk/captcha.h"
#include "talk/moderate.h"
#include "talk/query.h"
#include "talk/rules.h"
#include "text/utf8.h"
#include "talk/token.h"
#include "talk/write.h"
#include "templates.h"

#define READER_COOKIE "dinh_doc"
#define READER_MAX_AGE (365 * 86400)
#define TOO_MANY_VOTES "Đã có quá nhiều lượt đánh giá bài viết này từ địa chỉ của bạn."
#define MARKS_PER_LETTER 3 /* combining marks kept on one letter of a name or a comment */

/* --- shared helpers ------------------------------------------------------------------------- */

static int64_t parse_id(struct str s)
{
    int64_t id;
    return str_to_id(s, &id) ? id : 0;
}

/* The published article `id` as a card (title, address): 1, 0, -1. */
static int find_article(struct web_req *r, int64_t id, struct news_card *card)
{
    struct news_query q = {.db = r->db, .arena = r->arena, .site = portal_site(r), .now = r->now};
    struct news_card *cards;
    size_t n;
    if (news_cards_by_ids(&q, &id, 1, 1, &cards, &n) != 0)
        return -1;
    if (n)
        *card = cards[0];
    return n ? 1 : 0;
}

static bool cookie_secure(const struct web_req *r)
{
    return r->https || str_starts_with(portal_site(r)->base_url, STR("https://"));
}

/* The reader's cookie value; when the request has none (or a malformed
 * one) and `make` is set, a new one, sent with this answer. */
static struct str reader_of(struct web_req *r, bool make)
{
    struct str v = http_cookie_value(web_header(r, "cookie"), READER_COOKIE);
    if (talk_reader_valid(v))
        return v;
    if (!make)
        return STR_NULL;
    char fresh[TALK_READER_CHARS + 1];
    talk_reader_new(fresh);
    r->set_cookie = arena_printf(r->arena, READER_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", fresh,
                                 READER_MAX_AGE, cookie_secure(r) ? "; Secure" : "");
    return arena_strdup(r->arena, fresh, TALK_READER_CHARS);
}

static void private_page(struct web_req *r, int status)
{
    r->status = status;
    r->no_store = true;
    r->cacheable = false;
}

/* A copy of a form value for a job, which outlives the request. */
static struct str keep(struct arena *a, struct str s) { return arena_strdup(a, s.p ? s.p : "", s.n); }

/* --- the comment form ------------------------------------------------------------------------ */

struct typed {
    struct str name, email, text;
    int64_t parent_id;
    struct str parent_name;
    /* what is wrong with each field, said beside it (all at once) */
    const char *name_problem, *email_problem, *text_problem;
};

/* The frame of the readers' form pages: not indexed, no canonical address. */
static void form_layout(struct web_req *r, struct layout_view *l, struct str title)
{
    portal_layout(r, l, title);
    l->noindex = true;
    l->canonical = STR_NULL;
    layout_finish(l, r->arena);
}

/* Renders the form page with `status`. `token` is the one to keep (a form
 * sent back for a problem the reader can fix), or empty for a new one. */
static int render_form(struct web_req *r, int status, int64_t article_id, const struct news_card *card,
                       const unsigned char key[TALK_KEY_BYTES], struct str token, const struct typed *in,
                       const char *error, const char *notice)
{
    struct talk_form_view v;
    memset(&v, 0, sizeof v);
    form_layout(r, &v.layout, STR("Gửi ý kiến"));
    v.article_title = card->title;
    v.article_url = card->url;
    v.action_url = arena_printf(r->arena, "/y-kien/%lld", (long long)article_id);
    unsigned char nonce[TALK_NONCE_BYTES];
    int64_t issued;
    if (!token.n || talk_comment_token_check(key, article_id, token, r->now, nonce, &issued) != TALK_TOKEN_OK) {
        char fresh[TALK_COMMENT_TOKEN_CHARS + 1];
        talk_comment_token_make(key, article_id, r->now, fresh, nonce);
        token = arena_strdup(r->arena, fresh, TALK_COMMENT_TOKEN_CHARS);
    }
    v.token = token;
    struct talk_question q;
    talk_token_question(key, nonce, &q);
    struct buf *b = buf_scratch();
    talk_question_text(b, &q);
    v.question = arena_strdup(r->arena, b->p, b->n);
    if (in) {
        v.name = in->name;
        v.email = in->email;
        v.text = in->text;
        v.parent_id = in->parent_id;
        v.parent_name = in->parent_name;
        v.name_error = str_cstr(in->name_problem);
        v.email_error = str_cstr(in->email_problem);
        v.text_error = str_cstr(in->text_problem);
    }
    v.error = str_cstr(error);
    v.notice = str_cstr(notice);
    v.show_form = !notice;
    int64_t moderate;
    if (talk_setting(r->db, TALK_SETTING_MODERATE, 1, &moderate) != 0)
        return -1;
    v.moderated = moderate != 0;
    private_page(r, status);
    tpl_talk_form(portal_out(r), &v);
    return 0;
}

/* The 404 of a comment to an article that is not on the site (never was,
 * or was taken down while the reader wrote): the page says so and shows
 * the name and text typed, which are not stored. */
static int gone_page(struct web_req *r, const struct typed *in)
{
    struct talk_gone_view v;
    memset(&v, 0, sizeof v);
    form_layout(r, &v.layout, STR("Không tìm thấy bài viết"));
    v.name = in->name;
    v.text = in->text;
    private_page(r, 404);
    tpl_talk_gone(portal_out(r), &v);
    return 0;
}

/* The comment a reader answers: 1 with its name when it is an approved
 * comment (not a reply) of the article, 0 if not, -1. */
static int find_parent(struct web_req *r, int64_t article_id, int64_t parent_id, struct str *name)
{
    struct talk_comment_row row;
    int found = talk_comment_get(r->db, r->arena, parent_id, &row);
    if (found <= 0)
        return found;
    if (row.article_id != article_id || row.parent_id != 0 || row.state != TALK_APPROVED)
        return 0;
    *name = row.desk_user ? STR("Ban biên tập") : row.name;
    return 1;
}

static int form_page(struct web_req *r)
{
    int64_t id = parse_id(r->captures[0]);
    struct news_card card;
    int found = id ? find_article(r, id, &card) : 0;
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    unsigned char key[TALK_KEY_BYTES];
    if (talk_key(r->db, key) < 0)
        return -1;
    struct typed in = {0};
    struct str parent = web_param(r, "tra-loi");
    if (parent.p) {
        in.parent_id = parse_id(parent);
        found = in.parent_id ? find_parent(r, id, in.parent_id, &in.parent_name) : 0;
        if (found <= 0)
            return found < 0 ? -1 : web_error(r, 404);
    }
    struct str sent = web_param(r, "da-gui");
    const char *notice = str_eq_lit(sent, "cho-duyet") ? "Cảm ơn bạn. Ý kiến của bạn đã được gửi và sẽ hiện dưới "
                                                         "bài viết sau khi ban biên tập duyệt."
                         : str_eq_lit(sent, "da-dang") ? "Cảm ơn bạn. Ý kiến của bạn đã hiện dưới bài viết."
                                                       : NULL;
    return render_form(r, 200, id, &card, key, STR_NULL, &in, NULL, notice);
}

struct comment_job {
    struct web_job job;
    struct arena arena; /* the copies of what the reader typed */
    int64_t article_id, now, issued;
    unsigned char nonce[TALK_NONCE_BYTES], address[TALK_HASH_BYTES];
    struct typed in;
    bool answer_right, approved;
    /* results */
    int rc;
    int64_t wait, comment_id;
    const char *problem;
};

static void comment_release(struct web_job *job)
{
    struct comment_job *j = (struct comment_job *)job;
    arena_free(&j->arena);
    free(j);
}

/* Spends the token; stores the comment when the answer was right. */
static void comment_work(struct web_job *job, struct store_conn *db)
{
    struct comment_job *j = (struct comment_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    int rc = talk_nonce_spend(db, j->nonce, j->issued + TALK_TOKEN_SECONDS, j->now);
    if (rc == 0 && j->answer_right) {
        struct talk_new_comment c = {.article_id = j->article_id, .parent_id = j->in.parent_id, .name = j->in.name,
                                     .email = j->in.email, .body = j->in.text, .address_hash = j->address,
                                     .now = j->now, .approved = j->approved};
        rc = talk_comment_add(db, &c, &j->comment_id, &j->wait, &j->problem);
    }
    j->rc = store_write_finish(db, rc);
}

/* The sentence of a 429: how long to wait, in the unit that suits it. */
static const char *wait_message(struct web_req *r, int64_t wait)
{
    if (wait <= 60)
        return arena_printf(r->arena, "Bạn vừa gửi ý kiến. Mỗi địa chỉ gửi được một ý kiến mỗi phút: hãy thử lại "
                                      "sau %lld giây.", (long long)wait).p;
    return arena_printf(r->arena, "Địa chỉ của bạn đã gửi %d ý kiến trong 24 giờ qua. Hãy thử lại sau %lld phút.",
                        TALK_PER_DAY, (long long)((wait + 59) / 60)).p;
}

static int comment_finish(struct web_req *r, struct web_job *job)
{
    struct comment_job *j = (struct comment_job *)job;
    private_page(r, 200);
    if (j->rc == 0 && j->answer_right)
        return web_redirect(r, 303, arena_printf(r->arena, "/y-kien/%lld?da-gui=%s", (long long)j->article_id,
                                                 j->approved ? "da-dang" : "cho-duyet"));
    if (j->rc == TALK_GONE)
        return gone_page(r, &j->in);
    struct news_card card;
    unsigned char key[TALK_KEY_BYTES];
    int found = find_article(r, j->article_id, &card);
    if (found <= 0)
        return found < 0 ? -1 : gone_page(r, &j->in);
    if (talk_key(r->db, key) < 0)
        return -1;
    if (j->rc == 0) /* the token is spent: a new question (a mistake to mend, not a refusal: 400) */
        return render_form(r, 400, j->article_id, &card, key, STR_NULL, &j->in,
                           "Câu trả lời cho câu hỏi kiểm tra chưa đúng. Hãy trả lời câu hỏi mới bên dưới.", NULL);
    if (j->rc == TALK_SPENT)
        return render_form(r, 403, j->article_id, &card, key, STR_NULL, &j->in,
                           "Biểu mẫu này đã được gửi một lần. Hãy trả lời câu hỏi mới và gửi lại.", NULL);
    if (j->rc == TALK_TOO_FAST) {
        r->retry_after = (int)(j->wait > 0 ? j->wait : 60);
        return render_form(r, 429, j->article_id, &card, key, STR_NULL, &j->in, wait_message(r, j->wait), NULL);
    }
    if (j->rc == TALK_INVALID)
        return render_form(r, 400, j->article_id, &card, key, STR_NULL, &j->in,
                           j->problem ? j->problem : "Ý kiến chưa gửi được.", NULL);
    return -1;
}

static int comment_post(struct web_req *r)
{
    int64_t id = parse_id(r->captures[0]);
    const struct http_form *f = &r->form;
    /* What cannot be seen and turns the text around it goes at the door
     * (rules.h): the form comes back without it, the comment is stored
     * without it. */
    /* what cannot be seen taken out, and accents stacked past three on a
     * letter (they would draw over the comments around) */
    struct typed in = {.name = utf8_limit_marks(r->arena, utf8_strip_invisible(r->arena, http_form_value(f, "ho-ten")),
                                                MARKS_PER_LETTER),
                       .email = http_form_value(f, "thu-dien-tu"),
                       .text = utf8_limit_marks(r->arena,
                                                utf8_strip_invisible(r->arena, http_form_value(f, "noi-dung")),
                                                MARKS_PER_LETTER)};
    struct news_card card;
    int found = id ? find_article(r, id, &card) : 0;
    if (found <= 0)
        return found < 0 ? -1 : gone_page(r, &in);
    unsigned char key[TALK_KEY_BYTES];
    if (talk_key(r->db, key) < 0)
        return -1;
    struct str token = http_form_value(f, "ma");
    struct str parent = http_form_value(f, "tra-loi");
    if (parent.n) {
        in.parent_id = parse_id(parent);
        found = in.parent_id ? find_parent(r, id, in.parent_id, &in.parent_name) : 0;
        if (found < 0)
            return -1;
        if (!found) {
            in.parent_id = 0;
            return render_form(r, 400, id, &card, key, token, &in,
                               "Ý kiến bạn muốn trả lời không còn trên trang. Bạn có thể gửi ý kiến mới.", NULL);
        }
    }
    /* The field people never see: only a program fills it. */
    if (http_form_value(f, "trang-web").n)
        return render_form(r, 400, id, &card, key, STR_NULL, &in,
                           "Biểu mẫu không hợp lệ: ô «Để trống ô này» phải để trống.", NULL);

    unsigned char nonce[TALK_NONCE_BYTES];
    int64_t issued = 0;
    enum talk_token_check tc = talk_comment_token_check(key, id, token, r->now, nonce, &issued);
    if (tc == TALK_TOKEN_EXPIRED)
        return render_form(r, 403, id, &card, key, STR_NULL, &in,
                           "Biểu mẫu đã mở quá 20 phút. Hãy trả lời câu hỏi mới và gửi lại.", NULL);
    if (tc != TALK_TOKEN_OK)
        return render_form(r, 403, id, &card, key, STR_NULL, &in,
                           "Biểu mẫu không hợp lệ. Hãy trả lời câu hỏi mới và gửi lại.", NULL);
    int spent = talk_nonce_spent(r->db, nonce);
    if (spent < 0)
        return -1;
    if (spent)
        return render_form(r, 403, id, &card, key, STR_NULL, &in,
                           "Biểu mẫu này đã được gửi một lần. Hãy trả lời câu hỏi mới và gửi lại.", NULL);

    in.name_problem = talk_name_problem(in.name);
    in.email_problem = talk_email_problem(in.email);
    in.text_problem = talk_text_problem(in.text);
    if (in.name_problem || in.email_problem || in.text_problem) {
        /* every field's problem at once, each beside its field too */
        const char *said[] = {in.name_problem, in.email_problem, in.text_problem};
        struct buf *b = buf_scratch();
        for (size_t i = 0; i < 3; i++)
            if (said[i]) {
                if (b->n)
                    buf_putc(b, ' ');
                buf_puts(b, said[i]);
            }
        const char *all = arena_strdup(r->arena, b->p, b->n).p;
        return render_form(r, 400, id, &card, key, token, &in, all, NULL);
    }

    unsigned char address[TALK_HASH_BYTES];
    talk_hash(key, "ip", web_client_network(r), address);
    int64_t wait;
    if (talk_rate_wait(r->db, address, r->now, &wait) != 0)
        return -1;
    if (wait > 0) {
        r->retry_after = (int)wait;
        return render_form(r, 429, id, &card, key, token, &in, wait_message(r, wait), NULL);
    }
    int64_t moderate;
    if (talk_setting(r->db, TALK_SETTING_MODERATE, 1, &moderate) != 0)
        return -1;

    struct talk_question q;
    talk_token_question(key, nonce, &q);
    struct comment_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 4096);
    j->job.work = comment_work;
    j->job.finish = comment_finish;
    j->job.release = comment_release;
    j->article_id = id;
    j->now = r->now;
    j->issued = issued;
    memcpy(j->nonce, nonce, sizeof nonce);
    memcpy(j->address, address, sizeof address);
    j->in.name = keep(&j->arena, in.name);
    j->in.email = keep(&j->arena, in.email);
    j->in.text = keep(&j->arena, in.text);
    j->in.parent_id = in.parent_id;
    j->in.parent_name = keep(&j->arena, in.parent_name);
    j->answer_right = talk_answer_ok(&q, http_form_value(f, "dap-an"));
    j->approved = moderate == 0;
    private_page(r, 200);
    return web_defer(r, &j->job);
}

/* --- ratings ------------------------------------------------------------------------------------- */

static int parse_stars(struct str s)
{
    return s.n == 1 && s.p[0] >= '1' && s.p[0] <= '5' ? s.p[0] - '0' : 0;
}

/* Renders the rating page: the totals, the reader's vote, a form with a
 * token for `reader`; `stars` > 0 asks to confirm that vote. */
static int render_rating(struct web_req *r, int status, int64_t article_id, const struct news_card *card,
                         struct str reader, int stars, const char *error, const char *notice)
{
    struct talk_rating_view v;
    memset(&v, 0, sizeof v);
    unsigned char key[TALK_KEY_BYTES];
    if (talk_key(r->db, key) < 0)
        return -1;
    int published = news_is_published(r->db, article_id, r->now, &v.sum, &v.count);
    if (published <= 0)
        return published < 0 ? -1 : web_error(r, 404);
    unsigned char reader_hash[TALK_HASH_BYTES];
    talk_hash(key, "doc", reader, reader_hash);
    if (talk_vote_of(r->db, article_id, reader_hash, &v.mine) < 0)
        return -1;
    char token[TALK_VOTE_TOKEN_CHARS + 1];
    talk_vote_token_make(key, article_id, reader, r->now, token);
    form_layout(r, &v.layout, stars ? arena_printf(r->arena, "Xác nhận đánh giá %d sao", stars)
                                    : STR("Đánh giá bài viết"));
    v.article_title = card->title;
    v.article_url = card->url;
    v.action_url = arena_printf(r->arena, "/danh-gia/%lld", (long long)article_id);
    v.token = arena_strdup(r->arena, token, TALK_VOTE_TOKEN_CHARS);
    v.stars = stars;
    int chosen = stars ? stars : v.mine;
    for (int i = 0; i < 5; i++)
        v.choices[i] = (struct talk_star_choice){i + 1, i + 1 == chosen};
    v.error = str_cstr(error);
    v.notice = str_cstr(notice);
    private_page(r, status);
    tpl_talk_rating(portal_out(r), &v);
    return 0;
}

static int rating_page(struct web_req *r)
{
    int64_t id = parse_id(r->captures[0]);
    struct news_card card;
    int found = id ? find_article(r, id, &card) : 0;
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    bool thanked = str_eq_lit(web_param(r, "da-gui"), "1");
    return render_rating(r, 200, id, &card, reader_of(r, true), 0, NULL,
                         thanked ? "Cảm ơn bạn đã đánh giá bài viết." : NULL);
}

struct vote_job {
    struct web_job job;
    int64_t article_id, now;
    int stars;
    bool json;
    unsigned char reader[TALK_HASH_BYTES], address[TALK_HASH_BYTES];
    /* results */
    int rc;
    long long sum, count;
    const char *problem;
};

static void vote_work(struct web_job *job, struct store_conn *db)
{
    struct vote_job *j = (struct vote_job *)job;
    j->rc = talk_vote_cast(db, j->article_id, j->reader, j->address, j->stars, j->now, &j->sum, &j->count,
                           &j->problem);
}

/* The totals as JSON; `views` (the article's "Lượt xem") when >= 0. */
static void json_totals(struct web_req *r, long long sum, long long count, int mine, struct str token,
                        long long views)
{
    r->content_type = "application/json; charset=utf-8";
    buf_reset(r->body);
    buf_puts(r->body, "{");
    if (token.n) {
        buf_puts(r->body, "\"ma\": ");
        tpl_escape_json_string(r->body, token);
        buf_puts(r->body, ", ");
    }
    if (views >= 0)
        buf_printf(r->body, "\"luot_xem\": %lld, ", views);
    buf_printf(r->body, "\"tong_diem\": %lld, \"so_danh_gia\": %lld, \"cua_ban\": %d}\n", sum, count, mine);
}

/* A refusal the script reads, in the shape of web_error's JSON answers,
 * for a status the server's table does not name (429). */
static int json_refusal(struct web_req *r, int status, const char *title, const char *message)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    buf_reset(r->body);
    buf_printf(r->body, "{\"error\": {\"status\": %d, \"title\": ", status);
    tpl_escape_json_string(r->body, str_cstr(title));
    buf_puts(r->body, ", \"message\": ");
    tpl_escape_json_string(r->body, str_cstr(message));
    buf_puts(r->body, "}}\n");
    return 0;
}

static int vote_finish(struct web_req *r, struct web_job *job)
{
    struct vote_job *j = (struct vote_job *)job;
    private_page(r, 200);
    if (j->rc == TALK_GONE)
        return web_error(r, 404);
    if (j->json) {
        if (j->rc == TALK_TOO_FAST)
            return json_refusal(r, 429, "Quá nhiều lượt đánh giá", TOO_MANY_VOTES);
        if (j->rc != 0)
            return j->rc == TALK_INVALID ? web_error(r, 400) : -1;
        json_totals(r, j->sum, j->count, j->stars, STR_NULL, -1);
        return 0;
    }
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, "/danh-gia/%lld?da-gui=1", (long long)j->article_id));
    struct news_card card;
    int found = find_article(r, j->article_id, &card);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    if (j->rc == TALK_TOO_FAST)
        return render_rating(r, 429, j->article_id, &card, reader_of(r, false), 0, TOO_MANY_VOTES, NULL);
    if (j->rc == TALK_INVALID)
        return render_rating(r, 400, j->article_id, &card, reader_of(r, false), 0,
                             j->problem ? j->problem : "Chưa ghi nhận được đánh giá.", NULL);
    return -1;
}

/* A vote, through the page (json false) or the script. */
static int vote_post(struct web_req *r, bool json)
{
    private_page(r, 200);
    int64_t id = parse_id(r->captures[0]);
    struct news_card card;
    int found = id ? find_article(r, id, &card) : 0;
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    int stars = parse_stars(http_form_value(&r->form, "so"));
    struct str token = http_form_value(&r->form, "ma");
    struct str reader = reader_of(r, false);
    if (!stars) {
        if (json)
            return web_error_saying(r, 400, STR("Hãy chọn từ 1 đến 5 sao."));
        return render_rating(r, 400, id, &card, reader_of(r, true), 0, "Hãy chọn từ 1 đến 5 sao.", NULL);
    }
    unsigned char key[TALK_KEY_BYTES];
    if (talk_key(r->db, key) < 0)
        return -1;
    enum talk_token_check tc = reader.n ? talk_vote_token_check(key, id, reader, token, r->now) : TALK_TOKEN_BAD;
    if (tc != TALK_TOKEN_OK) {
        if (json)
            return web_error_saying(r, 403,
                                    tc == TALK_TOKEN_EXPIRED
                                        ? STR("Trang đánh giá đã mở quá 20 phút. Hãy tải lại trang rồi đánh giá.")
                                        : STR("Mã xác nhận không hợp lệ. Hãy tải lại trang rồi đánh giá."));
        /* No token: the cached page's form; ask to confirm. A token that
         * is not good: refused, with the same question again. */
        if (!token.n)
            return render_rating(r, 200, id, &card, reader_of(r, true), stars, NULL, NULL);
        return render_rating(r, 403, id, &card, reader_of(r, true), stars,
                             tc == TALK_TOKEN_EXPIRED ? "Trang đánh giá đã mở quá 20 phút. Hãy xác nhận lại."
                                                      : "Mã xác nhận không hợp lệ. Hãy xác nhận lại.",
                             NULL);
    }
    struct vote_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->job.work = vote_work;
    j->job.finish = vote_finish;
    j->article_id = id;
    j->now = r->now;
    j->stars = stars;
    j->json = json;
    talk_hash(key, "doc", reader, j->reader);
    talk_hash(key, "ip", web_client_network(r), j->address);
    private_page(r, 200);
    return web_defer(r, &j->job);
}

static int rating_post(struct web_req *r) { return vote_post(r, false); }
static int rating_api_post(struct web_req *r) { return vote_post(r, true); }

/* GET /api/danh-gia/<id>: a token for this reader and the totals. */
static int rating_api_get(struct web_req *r)
{
    private_page(r, 200);
    int64_t id = parse_id(r->captures[0]);
    long long sum = 0, count = 0;
    int published = id ? news_is_published(r->db, id, r->now, &sum, &count) : 0;
    if (published <= 0)
        return published < 0 ? -1 : web_error(r, 404);
    long long views = 0;
    if (news_article_views(r->db, id, r->now, &views) < 0)
        return -1;
    unsigned char key[TALK_KEY_BYTES];
    if (talk_key(r->db, key) < 0)
        return -1;
    /* ?chi-xem=1 (the page's script on load): the totals and the vote of
     * a reader who has one, no cookie given to one who has not voted */
    bool look_only = web_param(r, "chi-xem").n > 0;
    struct str reader = reader_of(r, !look_only);
    int mine = 0;
    char token[TALK_VOTE_TOKEN_CHARS + 1] = "";
    if (reader.n) {
        unsigned char reader_hash[TALK_HASH_BYTES];
        talk_hash(key, "doc", reader, reader_hash);
        if (talk_vote_of(r->db, id, reader_hash, &mine) < 0)
            return -1;
        talk_vote_token_make(key, id, reader, r->now, token);
    }
    json_totals(r, sum, count, mine, str_cstr(token), views);
    return 0;
}

/* --- routes ---------------------------------------------------------------------------------------- */

void talk_register(void)
{
    if (sodium_init() < 0)
        log_error("talk: libsodium could not start");
    static const char *const form_params[] = {"tra-loi", "da-gui", NULL};
    static const char *const rating_params[] = {"da-gui", NULL};
    /* name 100 and text 3,000 characters, up to 4 bytes each, and the
     * percent-encoding of a urlencoded body (3 bytes per byte). */
    struct http_form_limits comment_form = {.max_fields = 12, .max_value = 16 * 1024, .max_name = 32,
                                            .max_part_head = 1024};
    struct http_form_limits vote_form = {.max_fields = 6, .max_value = 128, .max_name = 16, .max_part_head = 1024};
    router_add((struct route){.pattern = "/y-kien/*", .get = form_page, .post = comment_post,
                              .known_params = form_params, .flags = ROUTE_FORM, .max_body = 48 * 1024,
                              .form = comment_form});
    router_add((struct route){.pattern = "/danh-gia/*", .get = rating_page, .post = rating_post,
                              .known_params = rating_params, .flags = ROUTE_FORM, .max_body = 1024,
                              .form = vote_form});
    router_add((struct route){.pattern = "/api/danh-gia/*", .get = rating_api_get, .post = rating_api_post,
                              .flags = ROUTE_FORM, .max_body = 1024, .form = vote_form});
    talk_moderation_register();
    news_on_delete(talk_forget_article);
}
