/* admin.c - the newsroom's door and its account pages; see admin.h.
 *
 * Reads run on the event loop (a handler's read transaction); every write
 * and every password hash runs on a worker (web_defer), and its `finish`
 * answers back on the loop: a redirect to the page with a notice (POST,
 * then GET), or the form again with the problem beside it. */
#include "people/admin.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/log.h"
#include "http/parse.h"
#include "http/router.h"
#include "people/view.h"
#include "portal/app.h"
#include "templates.h"
#include "view/layout.h"
#include "text/utf8.h"
#include "text/vitime.h"
#include "view/qr.h"
#include "view/tpl.h"

static struct people_config config = {.idle_seconds = 1800};

#define SESSION_COOKIE "dinh_phien"
#define LOGIN_COOKIE "dinh_dn"    /* the login form's token, before any session */
#define CHALLENGE_COOKIE "dinh_2b" /* a password accepted, waiting for the second step */
#define TOUCH_AFTER 15            /* seconds: a request renews "last seen" at most this often */
#define FAILED_LOGIN_MS 600       /* every failed login answers after this long, hashed or not */
#define SLOWED_LOGIN_MS 2500      /* ... and this long from an address with many failures */
#define AUDIT_PAGE 100

void people_configure(const struct people_config *c)
{
    config = *c;
    if (config.idle_seconds < 120)
        config.idle_seconds = 120;
}

const struct people_session *people_viewer(const struct web_req *r) { return r->app->viewer; }

void people_identify(struct web_req *r)
{
    struct str token = http_cookie_value(web_header(r, "cookie"), SESSION_COOKIE);
    if (token.n != PEOPLE_TOKEN_CHARS || !r->db)
        return;
    struct people_session *s = arena_alloc(r->arena, sizeof *s);
    int rc = people_session_find(r->db, r->arena, token, r->now, config.idle_seconds, s);
    store_clear_failure(r->db); /* a failed look-up is logged; the request goes on as anonymous */
    if (rc == 1) {
        r->app->viewer = s;
        r->personal = true;
    }
}

/* --- helpers ------------------------------------------------------------------------------ */

static bool cookie_secure(const struct web_req *r)
{
    return config.secure_cookies || r->https || str_starts_with(portal_site(r)->base_url, STR("https://"));
}

static void set_session_cookie(struct web_req *r, const char *token)
{
    r->set_cookie = arena_printf(r->arena, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s", token,
                                 cookie_secure(r) ? "; Secure" : "");
}

static void clear_session_cookie(struct web_req *r)
{
    r->set_cookie = arena_printf(r->arena, SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
                                 cookie_secure(r) ? "; Secure" : "");
}

static bool tokens_equal(struct str a, struct str b)
{
    return a.n == b.n && a.n > 0 && sodium_memcmp(a.p, b.p, a.n) == 0;
}

/* "https://host:port" of a URL (scheme, host and port), or empty. */
static struct str origin_of(struct str url)
{
    size_t k = 0;
    if (str_starts_with(url, STR("https://")))
        k = 8;
    else if (str_starts_with(url, STR("http://")))
        k = 7;
    else
        return STR_NULL;
    while (k < url.n && url.p[k] != '/' && url.p[k] != '?' && url.p[k] != '#')
        k++;
    return (struct str){url.p, k};
}

/* A browser names the page a form was sent from in Origin (or, failing
 * that, Referer). It must be this site: the base URL's origin, or the
 * Host the browser itself addressed. Neither header: the token decides. */
static bool same_origin(const struct web_req *r)
{
    struct str origin = web_header(r, "origin");
    if (!origin.p) {
        struct str referer = web_header(r, "referer");
        if (!referer.p)
            return true;
        origin = origin_of(referer);
    }
    if (!origin.n || str_eq_lit(origin, "null"))
        return false;
    if (str_eq(origin, origin_of(portal_site(r)->base_url)))
        return true;
    struct str host = web_header(r, "host");
    if (!host.n)
        return false;
    struct str rest = str_starts_with(origin, STR("https://")) ? str_skip(origin, 8)
                      : str_starts_with(origin, STR("http://")) ? str_skip(origin, 7)
                                                                 : STR_NULL;
    return rest.n && str_eq(rest, host);
}

static int forbid(struct web_req *r)
{
    r->no_store = true;
    return web_error(r, 403);
}

/* A form of this site whose token is not this session's: drawn before the
 * person signed in again, or in a session since ended. Said as such (the
 * text typed is still in the browser, a step back), and to the editors'
 * autosave in the JSON it reads. */
static int stale_form(struct web_req *r)
{
    r->no_store = true;
    struct str why = STR("Biểu mẫu này được mở trước lần đăng nhập hiện tại (hoặc trong một phiên đã kết thúc) nên "
                         "chưa được nhận. Những gì bạn nhập chưa mất: bấm Quay lại trên trình duyệt, chép phần cần "
                         "giữ, rồi tải lại trang để nhập và gửi lại.");
    if (str_eq_lit(http_form_value(&r->form, "tu-dong"), "1")) {
        r->status = 403;
        r->content_type = "application/json; charset=utf-8";
        buf_puts(r->body, "{\"da_luu\": false, \"loi\": ");
        tpl_escape_json_string(r->body, STR("trang này được mở trước lần đăng nhập hiện tại nên chưa lưu được; "
                                            "hãy chép phần chưa lưu rồi tải lại trang"));
        buf_puts(r->body, "}\n");
        return 0;
    }
    return web_error_saying(r, 403, why);
}

struct touch_job {
    struct web_job job;
    int64_t session_id, now;
};

static void touch_work(struct web_job *job, struct store_conn *db)
{
    struct touch_job *t = (struct touch_job *)job;
    people_session_touch(db, t->session_id, t->now);
}

/* The signed-in person, with the right asked (or any right when
 * `right` < 0). Without a session: a page asks for the login (303), a
 * form is refused (403). Without the right: 403. */
static int render_login_as(struct web_req *r, int status, struct str login, struct str back, const char *problem,
                           bool ended);

static const struct people_session *require(struct web_req *r, int right, int *rc)
{
    *rc = 0;
    r->no_store = true;
    r->cacheable = false;
    const struct people_session *s = people_viewer(r);
    if (!s) {
        if (r->method == WEB_GET || r->method == WEB_HEAD) {
            struct buf back = {0};
            tpl_escape_url_part(&back, r->self_url.n ? r->self_url : r->path);
            struct str to = arena_printf(r->arena, "/quan-tri/dang-nhap?ve=%.*s", (int)back.n, back.p);
            buf_free(&back);
            *rc = web_redirect(r, 303, to);
        } else {
            /* a form sent after the session ended (idle, logged out
             * elsewhere): the login page says so, and leads back to the
             * form, where the browser has kept what was typed */
            *rc = render_login_as(r, 403, STR(""), r->path, NULL, true);
        }
        return NULL;
    }
    if (right >= 0 && !people_role_may(s->user.role, (enum people_right)right)) {
        *rc = forbid(r);
        return NULL;
    }
    if (s->must_renew && !str_eq_lit(r->path, "/quan-tri/tai-khoan/") &&
        !str_eq_lit(r->path, "/quan-tri/tai-khoan/mat-khau")) {
        /* The password has expired: a new one first. */
        if (r->method == WEB_GET || r->method == WEB_HEAD)
            *rc = web_redirect(r, 303, STR("/quan-tri/tai-khoan/"));
        else
            *rc = forbid(r);
        return NULL;
    }
    if (s->must_enrol && !str_eq_lit(r->path, "/quan-tri/tai-khoan/hai-buoc")) {
        /* An administrator where two-factor sign-in is required: nothing
         * else until it is set up. */
        if (r->method == WEB_GET || r->method == WEB_HEAD)
            *rc = web_redirect(r, 303, STR("/quan-tri/tai-khoan/hai-buoc"));
        else
            *rc = forbid(r);
        return NULL;
    }
    if (r->method != WEB_GET && r->method != WEB_HEAD) {
        if (!same_origin(r) || !tokens_equal(http_form_value(&r->form, "csrf"), s->csrf)) {
            log_info("refused a form without this session's token or from another site: %.*s", (int)r->path.n,
                     r->path.p);
            /* a token of the right shape from this site: a page older than the session */
            bool stale = same_origin(r) && http_form_value(&r->form, "csrf").n == s->csrf.n;
            r->no_store = true;
            *rc = stale ? stale_form(r)
                        : web_error_saying(r, 403,
                                           STR("Biểu mẫu này không được gửi từ một trang của cổng thông tin, hoặc "
                                               "thiếu mã xác nhận của biểu mẫu, nên thay đổi chưa được nhận. Hãy mở "
                                               "lại trang trên cổng thông tin rồi gửi từ đó."));
            return NULL;
        }
    }
    if (r->now - s->seen_at >= TOUCH_AFTER) {
        struct touch_job *t = calloc(1, sizeof *t);
        if (t) {
            t->job.work = touch_work;
            t->session_id = s->id;
            t->now = r->now;
            web_background(&t->job);
        }
        ((struct people_session *)s)->seen_at = r->now;
    }
    return s;
}

static void frame(struct web_req *r, struct admin_frame *f, const struct people_session *s, const char *title,
                  enum admin_section section)
{
    memset(f, 0, sizeof *f);
    f->site = portal_site(r);
    f->title = str_cstr(title);
    f->viewer = s;
    f->section = section;
    if (s) {
        f->role_title = str_cstr(people_role_title(s->user.role));
        f->csrf = s->csrf;
        f->idle_seconds = config.idle_seconds;
        int64_t left = s->seen_at + config.idle_seconds - r->now;
        f->remaining_seconds = left < 0 ? 0 : (int)left;
        f->may_manage_users = people_role_may(s->user.role, RIGHT_MANAGE_USERS);
        f->may_newsroom = people_role_may(s->user.role, RIGHT_WRITE);
        f->may_moderate = people_role_may(s->user.role, RIGHT_EDIT_ANY); /* as talk's moderation asks */
        f->may_ntm = people_role_may(s->user.role, RIGHT_NTM_ENTER);
        f->may_ntm_manage = people_role_may(s->user.role, RIGHT_NTM_MANAGE);
    }
    struct str notice = web_param(r, "thong-bao");
    static const struct {
        const char *code, *text;
    } NOTICES[] = {
        {"doi-mat-khau", "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."},
        {"ket-thuc-phien", "Đã kết thúc phiên đăng nhập."},
        {"ket-thuc-phien-khac", "Đã kết thúc mọi phiên đăng nhập khác."},
        {"da-them", "Đã thêm người dùng. Mật khẩu bạn đặt chỉ dùng để đăng nhập lần đầu: người dùng sẽ được yêu cầu "
                    "chọn mật khẩu của riêng mình."},
        {"doi-vai-tro", "Đã đổi vai trò. Người dùng cần đăng nhập lại."},
        {"da-khoa", "Đã khóa tài khoản; các phiên đăng nhập của tài khoản đã kết thúc."},
        {"da-mo-khoa", "Đã mở khóa tài khoản."},
        {"tat-hai-buoc", "Đã tắt xác thực hai bước."},
        {"cai-dat", "Đã lưu cài đặt."},
        {"dat-lai-mat-khau", "Đã đặt lại mật khẩu; các phiên đăng nhập của người dùng đã kết thúc."},
    };
    for (size_t i = 0; notice.n && i < sizeof NOTICES / sizeof NOTICES[0]; i++)
        if (str_eq_lit(notice, NOTICES[i].code))
            f->notice = str_cstr(NOTICES[i].text);
}

const struct people_session *people_require(struct web_req *r, int right, int *answered)
{
    return require(r, right, answered);
}

void people_list_neighbours(struct web_req *r, const char *path, const char *const *keep, int page, bool has_next,
                            struct str *prev, struct str *next)
{
    struct buf base = BUF_INIT;
    buf_puts(&base, path);
    buf_putc(&base, '?');
    for (size_t i = 0; keep[i]; i++) {
        struct str v = web_param(r, keep[i]);
        if (!v.n)
            continue;
        buf_printf(&base, "%s=", keep[i]);
        tpl_escape_url_part(&base, v);
        buf_putc(&base, '&');
    }
    *prev = page > 1 ? arena_printf(r->arena, "%.*strang=%d", (int)base.n, base.p, page - 1) : STR_NULL;
    *next = has_next ? arena_printf(r->arena, "%.*strang=%d", (int)base.n, base.p, page + 1) : STR_NULL;
    buf_free(&base);
}

void people_frame(struct web_req *r, struct admin_frame *f, const struct people_session *s, const char *title,
                  int section)
{
    frame(r, f, s, title, (enum admin_section)section);
}

void people_error_page(struct web_req *r, struct tpl_out *out, int status, struct str message)
{
    struct admin_frame f;
    frame(r, &f, people_viewer(r), web_status_title(status), ADMIN_NONE);
    tpl_people_error(out, &f, status, message);
}

int people_categories(struct web_req *r, int64_t user_id, int64_t **ids, size_t *n)
{
    return people_user_categories(r->db, r->arena, user_id, ids, n);
}

/* --- jobs: everything that writes or hashes ------------------------------------------------ */

enum admin_op {
    OP_LOGIN, OP_SECOND_STEP, OP_LOGOUT, OP_RENEW, OP_PASSWORD, OP_END_SESSION, OP_USER_ADD, OP_USER_ROLE,
    OP_USER_LOCK, OP_TOTP_BEGIN, OP_TOTP_ENABLE, OP_TOTP_DISABLE, OP_USER_TOTP_OFF, OP_SETTING,
    OP_USER_CATEGORIES, OP_USER_PASSWORD,
};

enum outcome { DONE, REFUSED, LOCKED_OUT, DEMO_REFUSED, THROTTLED, INVALID, NOT_FOUND, NEEDS_CODE, CHALLENGE_GONE };

struct admin_job {
    struct web_job job;
    enum admin_op op;
    int64_t now;
    int64_t actor_id, session_id; /* who acts, and in which session */
    char actor[72];               /* their login; for OP_LOGIN the name tried */
    char address[48];
    char agent[304];
    int64_t target; /* a user or a session */
    int value;      /* a role, a lock flag */
    char text[2][208];
    char secret[2][PEOPLE_PASSWORD_MAX + 1];
    char back[512];
    /* results */
    enum outcome outcome;
    const char *problem;
    char token[PEOPLE_TOKEN_CHARS + 1];
    char codes[PEOPLE_RECOVERY_CODES][10];
    int64_t ids[64]; /* categories */
    size_t n_ids;
};

static void release_job(struct web_job *job)
{
    sodium_memzero(job, sizeof(struct admin_job));
    free(job);
}

static void copy_str(char *dst, size_t cap, struct str s)
{
    size_t n = s.n < cap - 1 ? s.n : cap - 1;
    n = utf8_truncate((struct str){s.p, s.n}, n);
    if (n)
        memcpy(dst, s.p, n);
    dst[n] = '\0';
}

static void job_work(struct web_job *job, struct store_conn *db);
static int job_finish(struct web_req *r, struct web_job *job);

static struct admin_job *new_job(struct web_req *r, enum admin_op op, const struct people_session *s)
{
    struct admin_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->job.work = job_work;
    j->job.finish = job_finish;
    j->job.release = release_job;
    j->op = op;
    j->now = r->now;
    if (s) {
        j->actor_id = s->user.id;
        j->session_id = s->id;
        copy_str(j->actor, sizeof j->actor, s->user.login);
    }
    copy_str(j->address, sizeof j->address, r->client_ip);
    copy_str(j->agent, sizeof j->agent, web_header(r, "user-agent"));
    return j;
}


static int audit_rc(struct store_conn *db, struct admin_job *j, const char *action, struct str object,
                    struct str detail)
{
    return people_audit(db, j->now, j->actor_id, str_cstr(j->actor), str_cstr(j->address), action, object, detail);
}

/* A name that is no account's, as the audit log keeps it: people type
 * their password into the name's box, and the log is kept for good. A
 * password has 10 characters or more, so a shorter name is kept as typed
 * ("admin"), a longer one as its first three characters and its length. */
static struct str unknown_login(struct arena *a, struct str login)
{
    size_t chars = utf8_count(login);
    if (chars < PEOPLE_PASSWORD_MIN)
        return login;
    struct str head = login;
    size_t seen = 0, i = 0;
    for (; i < login.n; i++)
        if (((unsigned char)login.p[i] & 0xC0) != 0x80 && seen++ == 3)
            break;
    head.n = i;
    return arena_printf(a, "%.*s… (%zu ký tự)", (int)head.n, head.p, chars);
}

static void work_login(struct admin_job *j, struct store_conn *db)
{
    const struct people_throttle *t = &PEOPLE_THROTTLE_DEFAULT;
    struct str login = str_cstr(j->actor), address = str_cstr(j->address);
    int by_login = 0, by_address = 0;
    if (people_failures(db, login, address, j->now, t->window, &by_login, &by_address) != 0)
        return;
    if (by_address >= t->address_refuse) {
        j->outcome = THROTTLED;
        j->job.hold_ms = SLOWED_LOGIN_MS;
        return;
    }
    bool held = false;
    if (people_login_held(db, t, login, address, j->now, &held) != 0)
        return;
    struct arena a;
    arena_init(&a, 1024);
    struct people_user u;
    int found = people_user_by_login(db, &a, login, &u);
    /* The lock a guess from many addresses put on the account keeps out
     * every address but those its owner signed in from lately: three
     * strangers must not keep the administrator out. */
    bool throttled = found == 1 && u.locked_until > j->now;
    if (throttled && !u.locked) {
        int known = people_address_known(db, u.id, address, j->now);
        if (known < 0) {
            arena_free(&a);
            return;
        }
        throttled = known == 0;
    }
    bool verified = false;
    if (found == 1 && !u.locked && !throttled && !held) {
        char hash[128];
        if (people_user_hash(db, u.id, hash) == 1)
            verified = people_password_verify(str_cstr(hash), str_cstr(j->secret[0]));
        sodium_memzero(hash, sizeof hash);
    }
    /* No hash is computed for a login that has no account or is locked:
     * every failure answers FAILED_LOGIN_MS after it came (hold_ms below),
     * hashed or not, so the time tells nothing, and a flood of made-up
     * logins costs no CPU that a real sign-in then waits behind. */
    if (found < 0) {
        arena_free(&a);
        return;
    }
    if (verified && u.demo && !config.demo_logins) {
        j->outcome = DEMO_REFUSED;
        j->actor_id = u.id;
        audit_rc(db, j, "login_refused", STR(""), STR("tài khoản mẫu, máy chủ chạy không có --demo-logins"));
    } else if (verified && u.totp) {
        /* The password is right; the code comes next, on its own page. */
        j->actor_id = u.id;
        copy_str(j->actor, sizeof j->actor, u.login);
        if (people_challenge_open(db, u.id, str_cstr(j->back), j->now, j->token) == 0)
            j->outcome = NEEDS_CODE;
    } else if (verified) {
        j->actor_id = u.id;
        copy_str(j->actor, sizeof j->actor, u.login);
        if (store_write_begin(db) == 0) {
            int rc = people_session_open(db, u.id, address, str_cstr(j->agent), j->now, j->token);
            if (rc == 0)
                rc = people_clear_failures(db, login, address);
            if (rc == 0)
                rc = people_audit(db, j->now, u.id, u.login, address, "login", STR(""), STR(""));
            if (store_write_finish(db, rc) == 0)
                j->outcome = DONE;
        }
        people_sweep(db, j->now, config.idle_seconds);
    } else {
        bool locked_now = false;
        j->actor_id = found == 1 ? u.id : 0;
        if (store_write_begin(db) == 0) {
            int rc = people_record_failure(db, t, login, address, j->now, &locked_now);
            bool account_locked = false; /* by this failure, for every address */
            struct people_user after;
            if (rc == 0 && locked_now && found == 1 && !throttled) {
                rc = people_user_by_login(db, &a, login, &after) < 0 ? -1 : 0;
                account_locked = rc == 0 && after.locked_until > j->now;
            }
            if (rc == 0)
                rc = people_audit(
                    db, j->now, j->actor_id, found == 1 ? login : unknown_login(&a, login), address, "login_failed",
                    STR(""),
                    found == 1 && (u.locked || throttled) ? STR("tài khoản đang bị khóa")
                    : account_locked ? STR("tài khoản bị tạm khóa 30 phút")
                    : held ? STR("địa chỉ này đang bị tạm dừng đăng nhập vào tài khoản do nhập sai nhiều lần")
                    : locked_now ? STR("sai mật khẩu; địa chỉ này bị tạm dừng đăng nhập vào tài khoản 30 phút")
                    : found == 1 ? STR("sai mật khẩu")
                                 : STR("không có tài khoản này"));
            store_write_finish(db, rc);
            /* for the server's log too, where fail2ban or a SIEM reads it:
             * the address and why, never the name typed (it may be a password) */
            log_warn("login failed from %s: %s", j->address,
                     found == 1 && (u.locked || throttled) ? "account locked"
                     : account_locked                                    ? "wrong password; account now locked"
                     : held                                              ? "address held out of the account"
                     : locked_now && found == 1 ? "wrong password; address now held out of the account"
                     : found == 1               ? "wrong password"
                                                : "no such account");
        }
        j->outcome = REFUSED;
        j->job.hold_ms = by_address + 1 >= t->address_slow ? SLOWED_LOGIN_MS : FAILED_LOGIN_MS;
    }
    arena_free(&a);
}

/* The code after the password: the challenge's token is in j->text[0],
 * the code in j->secret[0]. */
static void work_second_step(struct admin_job *j, struct store_conn *db)
{
    struct arena a;
    arena_init(&a, 512);
    struct str token = str_cstr(j->text[0]), back;
    int64_t user_id = 0;
    int found = people_challenge_find(db, &a, token, j->now, &user_id, &back);
    struct people_user u;
    if (found == 1)
        found = people_user_by_id(db, &a, user_id, &u);
    if (found != 1 || u.locked || u.locked_until > j->now) {
        j->outcome = found < 0 ? REFUSED : CHALLENGE_GONE;
        arena_free(&a);
        return;
    }
    j->actor_id = u.id;
    copy_str(j->actor, sizeof j->actor, u.login);
    copy_str(j->back, sizeof j->back, back);
    if (store_write_begin(db) != 0) {
        arena_free(&a);
        return;
    }
    int ok = people_totp_check(db, u.id, str_cstr(j->secret[0]), j->now);
    int rc = ok < 0 ? -1 : 0;
    if (ok == 1) {
        rc = people_challenge_end(db, token);
        if (rc == 0)
            rc = people_session_open(db, u.id, str_cstr(j->address), str_cstr(j->agent), j->now, j->token);
        if (rc == 0)
            rc = people_clear_failures(db, u.login, str_cstr(j->address));
        if (rc == 0)
            rc = people_audit(db, j->now, u.id, u.login, str_cstr(j->address), "login", STR(""),
                              STR("xác thực hai bước"));
        if (store_write_finish(db, rc) == 0)
            j->outcome = DONE;
    } else if (rc == 0) {
        bool locked_now = false;
        rc = people_challenge_fail(db, token);
        if (rc == 0)
            rc = people_record_failure(db, &PEOPLE_THROTTLE_DEFAULT, u.login, str_cstr(j->address), j->now,
                                       &locked_now);
        if (rc == 0)
            rc = people_audit(db, j->now, u.id, u.login, str_cstr(j->address), "login_failed", STR(""),
                              locked_now ? STR("sai mã xác thực; tài khoản bị tạm khóa 30 phút")
                                         : STR("sai mã xác thực"));
        store_write_finish(db, rc);
        j->outcome = INVALID;
        j->job.hold_ms = FAILED_LOGIN_MS;
    } else {
        store_write_finish(db, -1);
    }
    arena_free(&a);
}

/* Checks the current password of the acting user (j->secret[0]); a wrong
 * one counts as a failed login and answers late. */
static bool current_password_ok(struct admin_job *j, struct store_conn *db, const char *action)
{
    char hash[128];
    if (people_user_hash(db, j->actor_id, hash) != 1)
        return false;
    bool ok = people_password_verify(str_cstr(hash), str_cstr(j->secret[0]));
    sodium_memzero(hash, sizeof hash);
    if (!ok) {
        bool locked_now;
        if (store_write_begin(db) == 0) {
            int rc = people_record_failure(db, &PEOPLE_THROTTLE_DEFAULT, str_cstr(j->actor), str_cstr(j->address),
                                           j->now, &locked_now);
            if (rc == 0)
                audit_rc(db, j, action, str_cstr(j->actor), STR("sai mật khẩu hiện tại"));
            store_write_finish(db, rc);
        }
        j->outcome = INVALID;
        j->problem = "Mật khẩu hiện tại không đúng.";
        j->job.hold_ms = FAILED_LOGIN_MS;
    }
    return ok;
}

static void work_totp(struct admin_job *j, struct store_conn *db)
{
    int rc = -1;
    if (store_write_begin(db) != 0)
        return;
    switch (j->op) {
    case OP_TOTP_BEGIN:
        rc = people_totp_begin(db, j->actor_id);
        if (rc == PEOPLE_INVALID) { /* already on: nothing to do */
            rc = 0;
        }
        break;
    case OP_TOTP_ENABLE:
        rc = people_totp_enable(db, j->actor_id, str_cstr(j->secret[0]), j->now, j->codes);
        if (rc == PEOPLE_INVALID) {
            j->problem = "Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã đang hiện.";
            j->outcome = INVALID;
            store_write_finish(db, 0);
            return;
        }
        if (rc == 0)
            rc = audit_rc(db, j, "totp_enable", str_cstr(j->actor), STR(""));
        break;
    case OP_TOTP_DISABLE:
        rc = people_totp_disable(db, j->actor_id);
        if (rc == 0)
            rc = audit_rc(db, j, "totp_disable", str_cstr(j->actor), STR(""));
        break;
    case OP_USER_TOTP_OFF: {
        struct arena a;
        arena_init(&a, 512);
        struct people_user u;
        int found = people_user_by_id(db, &a, j->target, &u);
        if (found == 0)
            j->outcome = NOT_FOUND;
        rc = found == 1 ? people_totp_disable(db, u.id) : found == 0 ? PEOPLE_INVALID : -1;
        if (rc == 0)
            rc = people_session_end_all(db, u.id, 0);
        if (rc == 0)
            rc = audit_rc(db, j, "totp_disable", u.login, STR("mất thiết bị: quản trị tắt"));
        arena_free(&a);
        break;
    }
    case OP_SETTING:
        if (j->target == 0) {
            rc = people_setting_set(db, PEOPLE_SETTING_REQUIRE_TOTP_ADMIN, j->value);
            if (rc == 0)
                rc = audit_rc(db, j, "settings", STR("bắt buộc xác thực hai bước với quản trị"),
                              j->value ? STR("bật") : STR("tắt"));
        } else {
            rc = people_setting_set(db, PEOPLE_SETTING_PASSWORD_DAYS, j->value);
            char detail[32];
            snprintf(detail, sizeof detail, "%d ngày", j->value);
            if (rc == 0)
                rc = audit_rc(db, j, "settings", STR("mật khẩu hết hạn"),
                              j->value ? str_cstr(detail) : STR("không hết hạn"));
        }
        break;
    default: break;
    }
    if (store_write_finish(db, rc) == 0)
        j->outcome = DONE;
}

static void work_password(struct admin_job *j, struct store_conn *db)
{
    char hash[128];
    if (!current_password_ok(j, db, "password_change_failed"))
        return;
    if (people_password_hash(str_cstr(j->secret[1]), hash) != 0)
        return;
    if (store_write_begin(db) != 0)
        return;
    int rc = people_user_set_password(db, j->actor_id, hash, j->now);
    if (rc == 0)
        rc = people_session_open(db, j->actor_id, str_cstr(j->address), str_cstr(j->agent), j->now, j->token);
    if (rc == 0)
        rc = audit_rc(db, j, "password_change", str_cstr(j->actor), STR(""));
    if (store_write_finish(db, rc) == 0)
        j->outcome = DONE;
}

static void work_user_add(struct admin_job *j, struct store_conn *db)
{
    char hash[128];
    if (people_password_hash(str_cstr(j->secret[0]), hash) != 0)
        return;
    struct people_new_user u = {.login = str_cstr(j->text[0]), .name = str_cstr(j->text[1]),
                                .role = (enum people_role)j->value, .pw_hash = hash, .set_by_admin = true};
    int64_t id;
    if (store_write_begin(db) != 0)
        return;
    int rc = people_user_add(db, &u, j->now, &id, &j->problem);
    if (rc == 0)
        rc = audit_rc(db, j, "user_add", u.login, str_cstr(people_role_code(u.role)));
    if (store_write_finish(db, rc) == 0)
        j->outcome = DONE;
    else if (rc == PEOPLE_INVALID)
        j->outcome = INVALID;
}

/* Inside the job's write: whether the person who sent it still may, now
 * that it runs (their session, their role and their lock are checked when
 * the request arrives; another administrator's change may have landed in
 * between, as two administrators demoting each other at once). 1, 0, -1. */
static int actor_still_may(struct admin_job *j, struct store_conn *db, struct arena *a, enum people_right right)
{
    struct people_user me;
    int rc = people_user_by_id(db, a, j->actor_id, &me);
    if (rc != 1)
        return rc;
    if (me.locked || !people_role_may(me.role, right))
        return 0;
    return people_session_alive(db, j->session_id, j->actor_id);
}

static void work_user_change(struct admin_job *j, struct store_conn *db)
{
    struct arena a;
    arena_init(&a, 512);
    struct people_user u;
    int found = people_user_by_id(db, &a, j->target, &u);
    if (found != 1) {
        j->outcome = found == 0 ? NOT_FOUND : j->outcome;
        arena_free(&a);
        return;
    }
    if (store_write_begin(db) != 0) {
        arena_free(&a);
        return;
    }
    int rc = actor_still_may(j, db, &a, RIGHT_MANAGE_USERS);
    if (rc <= 0) {
        if (rc == 0)
            j->outcome = REFUSED;
        store_write_finish(db, -1);
        arena_free(&a);
        return;
    }
    if (j->op == OP_USER_ROLE) {
        rc = people_user_set_role(db, u.id, (enum people_role)j->value);
        if (rc == 0)
            rc = audit_rc(db, j, "role_change", u.login,
                          str_cstr(arena_printf(&a, "%s -> %s", people_role_code(u.role),
                                                people_role_code((enum people_role)j->value))
                                       .p));
    } else {
        rc = people_user_set_locked(db, u.id, j->value != 0);
        if (rc == 0)
            rc = audit_rc(db, j, j->value ? "user_lock" : "user_unlock", u.login, STR(""));
    }
    /* Never none: the last administrator whose account is open stays one. */
    int64_t admins = 1;
    if (rc == 0 && people_active_admins(db, &admins) != 0)
        rc = -1;
    if (rc == 0 && admins == 0) {
        j->outcome = INVALID;
        j->problem = "Phải còn ít nhất một quản trị viên đang hoạt động: thay đổi này không được lưu.";
        rc = 1;
    }
    if (store_write_finish(db, rc) == 0)
        j->outcome = DONE;
    arena_free(&a);
}

/* An administrator's change to another account: its categories, or a new
 * password (which ends its sessions). */
static void work_user_admin(struct admin_job *j, struct store_conn *db)
{
    struct arena a;
    arena_init(&a, 512);
    struct people_user u;
    int found = people_user_by_id(db, &a, j->target, &u);
    if (found != 1) {
        if (found == 0)
            j->outcome = NOT_FOUND;
        arena_free(&a);
        return;
    }
    char hash[128];
    if (j->op == OP_USER_PASSWORD && people_password_hash(str_cstr(j->secret[0]), hash) != 0) {
        arena_free(&a);
        return;
    }
    if (store_write_begin(db) != 0) {
        arena_free(&a);
        return;
    }
    int rc;
    if (j->op == OP_USER_CATEGORIES) {
        rc = people_user_set_categories(db, u.id, j->ids, j->n_ids);
        struct buf detail = {0};
        for (size_t i = 0; i < j->n_ids; i++)
            buf_printf(&detail, "%s%lld", i ? ", " : "", (long long)j->ids[i]);
        if (rc == 0)
            rc = audit_rc(db, j, "user_categories", u.login,
                          j->n_ids ? (struct str){detail.p, detail.n} : STR("mọi chuyên mục"));
        buf_free(&detail);
    } else {
        /* its owner chooses a new one at the next sign-in: the administrator
         * has seen this one */
        rc = people_user_set_password(db, u.id, hash, 0);
        if (rc == 0)
            rc = audit_rc(db, j, "password_set", u.login, STR("quản trị đặt lại; người dùng phải đổi khi đăng nhập"));
    }
    sodium_memzero(hash, sizeof hash);
    if (store_write_finish(db, rc) == 0)
        j->outcome = DONE;
    arena_free(&a);
}

static void job_work(struct web_job *job, struct store_conn *db)
{
    struct admin_job *j = (struct admin_job *)job;
    j->outcome = REFUSED; /* until it is done */
    switch (j->op) {
    case OP_LOGIN: work_login(j, db); break;
    case OP_LOGOUT:
        if (store_write_begin(db) == 0) {
            int rc = people_session_end(db, j->actor_id, j->session_id);
            if (rc == 0)
                audit_rc(db, j, "logout", STR(""), STR(""));
            else if (rc == 1) /* ended already (elsewhere, or idle) */
                rc = 0;
            if (store_write_finish(db, rc) == 0)
                j->outcome = DONE;
        }
        break;
    case OP_RENEW:
        if (people_session_touch(db, j->session_id, j->now) == 0)
            j->outcome = DONE;
        break;
    case OP_PASSWORD: work_password(j, db); break;
    case OP_END_SESSION:
        if (store_write_begin(db) == 0) {
            int rc = j->target ? people_session_end(db, j->actor_id, j->target)
                               : people_session_end_all(db, j->actor_id, j->session_id);
            if (rc == 1) { /* not one of the person's sessions (or gone already) */
                store_write_finish(db, 0);
                j->outcome = NOT_FOUND;
                break;
            }
            if (rc == 0)
                audit_rc(db, j, "session_end", STR(""), j->target ? STR("một phiên") : STR("mọi phiên khác"));
            if (store_write_finish(db, rc) == 0)
                j->outcome = DONE;
        }
        break;
    case OP_USER_ADD: work_user_add(j, db); break;
    case OP_USER_ROLE:
    case OP_USER_LOCK: work_user_change(j, db); break;
    case OP_SECOND_STEP: work_second_step(j, db); break;
    case OP_TOTP_DISABLE:
        if (current_password_ok(j, db, "totp_disable_failed"))
            work_totp(j, db);
        break;
    case OP_TOTP_BEGIN:
    case OP_TOTP_ENABLE:
    case OP_USER_TOTP_OFF:
    case OP_SETTING: work_totp(j, db); break;
    case OP_USER_CATEGORIES:
    case OP_USER_PASSWORD: work_user_admin(j, db); break;
    }
}

/* --- pages ---------------------------------------------------------------------------------- */

static struct str login_token(struct web_req *r)
{
    struct str have = http_cookie_value(web_header(r, "cookie"), LOGIN_COOKIE);
    if (have.n == PEOPLE_TOKEN_CHARS)
        return have;
    char *text = arena_alloc(r->arena, PEOPLE_TOKEN_CHARS + 1);
    people_token_new(text);
    r->set_cookie = arena_printf(r->arena, LOGIN_COOKIE "=%s; Path=/quan-tri/; HttpOnly; SameSite=Strict%s", text,
                                 cookie_secure(r) ? "; Secure" : "");
    return str_cstr(text);
}

/* Where to go after signing in: a page of the newsroom, or its home. */
static struct str back_target(struct str back)
{
    if (back.n && back.n < 500 && http_is_local_path(back) && str_starts_with(back, STR("/quan-tri/")) &&
        !str_starts_with(back, STR("/quan-tri/dang-")))
        return back;
    return STR("/quan-tri/");
}

/* The login page; `ended`: it says the session has ended (as ?het-han=1). */
static int render_login_as(struct web_req *r, int status, struct str login, struct str back, const char *problem,
                           bool ended)
{
    r->no_store = true;
    r->cacheable = false;
    r->status = status;
    struct admin_login_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, NULL, "Đăng nhập", ADMIN_NONE);
    v.login = login;
    v.back = back_target(back);
    v.csrf = login_token(r);
    v.problem = str_cstr(problem);
    v.expired = ended || str_eq_lit(web_param(r, "het-han"), "1");
    v.logged_out = str_eq_lit(web_param(r, "da-thoat"), "1");
    tpl_people_login(portal_out(r), &v);
    return 0;
}

static int render_login(struct web_req *r, int status, struct str login, struct str back, const char *problem)
{
    return render_login_as(r, status, login, back, problem, false);
}

static int login_page(struct web_req *r)
{
    if (people_viewer(r)) {
        r->no_store = true;
        return web_redirect(r, 303, back_target(web_param(r, "ve")));
    }
    return render_login(r, 200, STR(""), web_param(r, "ve"), NULL);
}

static const char LOGIN_REFUSED[] =
    "Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang bị tạm khóa.";

static int login_post(struct web_req *r)
{
    struct str login = http_form_value(&r->form, "ten"), password = http_form_value(&r->form, "mat-khau");
    struct str back = http_form_value(&r->form, "ve");
    struct str token = http_cookie_value(web_header(r, "cookie"), LOGIN_COOKIE);
    if (!same_origin(r) || !tokens_equal(http_form_value(&r->form, "csrf"), token))
        return render_login(r, 403, STR(""), back,
                            "Biểu mẫu đăng nhập đã hết hạn hoặc không được gửi từ trang này. Hãy đăng nhập lại.");
    while (login.n && login.p[0] == ' ')
        login = str_skip(login, 1);
    while (login.n && login.p[login.n - 1] == ' ')
        login.n--;
    if (!login.n || !password.n)
        return render_login(r, 400, login.n > 64 ? STR("") : login, back,
                            "Hãy nhập tên đăng nhập và mật khẩu.");
    if (login.n > 64 || password.n > PEOPLE_PASSWORD_MAX)
        return render_login(r, 403, STR(""), back, LOGIN_REFUSED);
    struct admin_job *j = new_job(r, OP_LOGIN, NULL);
    if (!j)
        return -1;
    copy_str(j->actor, sizeof j->actor, login);
    memcpy(j->secret[0], password.p, password.n);
    copy_str(j->back, sizeof j->back, back_target(back));
    r->no_store = true;
    return web_defer(r, &j->job);
}

static int logout_post(struct web_req *r)
{
    const struct people_session *s = people_viewer(r);
    if (!s) {
        r->no_store = true;
        clear_session_cookie(r);
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    }
    int rc;
    s = require(r, -1, &rc);
    if (!s)
        return rc;
    struct admin_job *j = new_job(r, OP_LOGOUT, s);
    return j ? web_defer(r, &j->job) : -1;
}

static void json_seconds(struct web_req *r, int seconds)
{
    r->content_type = "application/json; charset=utf-8";
    r->no_store = true;
    r->cacheable = false;
    buf_printf(r->body, "{\"con_lai\": %d}\n", seconds < 0 ? 0 : seconds);
}

/* GET /quan-tri/phien: how long the session has left, without renewing
 * it (the idle warning asks before it logs out: another tab may have
 * renewed the session meanwhile). */
static int session_left(struct web_req *r)
{
    const struct people_session *s = people_viewer(r);
    json_seconds(r, s ? (int)(s->seen_at + config.idle_seconds - r->now) : 0);
    return 0;
}

/* POST /quan-tri/gia-han: the idle warning's "keep me signed in". */
static int renew_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    struct admin_job *j = new_job(r, OP_RENEW, s);
    return j ? web_defer(r, &j->job) : -1;
}

static const char *const RIGHT_TEXT[] = {
    [RIGHT_MANAGE_USERS] = "Quản lý người dùng, vai trò và khóa tài khoản; xem nhật ký hoạt động",
    [RIGHT_SETTINGS] = "Sửa thông tin cơ quan, chuyên mục và liên kết website",
    [RIGHT_PUBLISH] = "Duyệt, đăng và gỡ bài viết",
    [RIGHT_EDIT_ANY] = "Biên tập mọi bài viết và gửi duyệt",
    [RIGHT_WRITE] = "Viết bài và sửa bản nháp của mình",
    [RIGHT_NTM_MANAGE] = "Kiểm tra, tiếp nhận hoặc trả lại số liệu nông thôn mới; ghi nhận công nhận; quản lý kế "
                         "hoạch, bộ tiêu chí và đơn vị hành chính",
    [RIGHT_NTM_ENTER] = "Nhập số liệu nông thôn mới trong phạm vi được giao",
};

enum { TODO_FNS = 8, TODO_LINES = 16 };
static people_todo_fn todo_fns[TODO_FNS];
static size_t n_todo_fns;

void people_todo_register(people_todo_fn fn)
{
    assert(n_todo_fns < TODO_FNS); /* a programming error, found at start-up */
    todo_fns[n_todo_fns++] = fn;
}

static int home_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    struct admin_home_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, s, "Bảng điều khiển", ADMIN_HOME);
    for (int right = RIGHT_MANAGE_USERS; right <= PEOPLE_RIGHT_LAST; right++)
        if (people_role_may(s->user.role, (enum people_right)right))
            v.rights[v.n_rights++] = str_cstr(RIGHT_TEXT[right]);
    struct people_audit_entry *e;
    size_t n;
    struct people_audit_filter f = {.login = s->user.login, .action = STR("login"), .limit = 2};
    if (people_audit_list(r->db, r->arena, &f, &e, &n) != 0)
        return -1;
    if (n == 2) { /* the first is this session's own login */
        v.last_login = view_datetime(r->arena, e[1].at);
        v.last_address = e[1].address;
    }
    v.todo = ARENA_ARRAY(r->arena, struct people_todo, TODO_LINES);
    for (size_t i = 0; i < n_todo_fns; i++) {
        int k = todo_fns[i](r, s, v.todo + v.n_todo, TODO_LINES - v.n_todo);
        if (k < 0)
            return -1;
        v.n_todo += (size_t)k;
    }
    tpl_people_home(portal_out(r), &v);
    return 0;
}

static int account_page_with(struct web_req *r, const struct people_session *s, const char *error)
{
    struct admin_account_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, s, "Tài khoản của tôi", ADMIN_ACCOUNT);
    v.f.error = str_cstr(error ? error
                       : s->must_renew && !s->user.pw_changed_at
                           ? "Mật khẩu của bạn do quản trị đặt (khi tạo tài khoản hoặc đặt lại). Hãy đặt mật khẩu mới "
                             "của riêng bạn trước khi làm việc tiếp."
                       : s->must_renew ? "Mật khẩu của bạn đã quá hạn dùng. Hãy đặt mật khẩu mới trước khi làm việc tiếp."
                                       : NULL);
    v.pw_changed = s->user.pw_changed_at ? view_datetime(r->arena, s->user.pw_changed_at) : STR("do quản trị đặt");
    struct people_session *list;
    size_t n;
    if (people_session_list(r->db, r->arena, s->user.id, r->now, config.idle_seconds, &list, &n) != 0)
        return -1;
    v.sessions = arena_zalloc(r->arena, (n ? n : 1) * sizeof *v.sessions);
    for (size_t i = 0; i < n; i++) {
        struct admin_session_row *row = &v.sessions[v.n_sessions++];
        row->id = list[i].id;
        row->created = view_datetime(r->arena, list[i].created_at);
        row->seen = view_datetime(r->arena, list[i].seen_at);
        row->address = list[i].address;
        row->agent = list[i].agent;
        row->current = list[i].id == s->id;
    }
    tpl_people_account(portal_out(r), &v);
    return 0;
}

static int account_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    return account_page_with(r, s, NULL);
}

static int password_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    struct str old = http_form_value(&r->form, "mat-khau-cu"), fresh = http_form_value(&r->form, "mat-khau-moi"),
               again = http_form_value(&r->form, "nhap-lai");
    const char *problem = NULL;
    if (!old.n || old.n > PEOPLE_PASSWORD_MAX)
        problem = "Hãy nhập mật khẩu hiện tại.";
    else if (!str_eq(fresh, again))
        problem = "Hai lần nhập mật khẩu mới không giống nhau.";
    else if (str_eq(fresh, old))
        problem = "Mật khẩu mới phải khác mật khẩu hiện tại.";
    else
        problem = people_password_problem(s->user.login, fresh);
    if (problem) {
        r->status = 400;
        return account_page_with(r, s, problem);
    }
    struct admin_job *j = new_job(r, OP_PASSWORD, s);
    if (!j)
        return -1;
    memcpy(j->secret[0], old.p, old.n);
    memcpy(j->secret[1], fresh.p, fresh.n);
    return web_defer(r, &j->job);
}

static int end_session_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    struct str which = http_form_value(&r->form, "phien");
    unsigned long long id = 0;
    if (!str_eq_lit(which, "khac") && (!str_to_u64(which, &id) || id == 0 || id > INT64_MAX))
        return web_error(r, 400);
    struct admin_job *j = new_job(r, OP_END_SESSION, s);
    if (!j)
        return -1;
    j->target = (int64_t)id; /* 0: every other one */
    return web_defer(r, &j->job);
}

/* --- two-factor sign-in ------------------------------------------------------------------------ */

static int render_code(struct web_req *r, int status, const char *problem)
{
    r->no_store = true;
    r->cacheable = false;
    r->status = status;
    struct admin_code_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, NULL, "Xác thực hai bước", ADMIN_NONE);
    v.problem = str_cstr(problem);
    v.csrf = login_token(r); /* the login form's token: the step goes on from that form */
    tpl_people_code(portal_out(r), &v);
    return 0;
}

static struct str challenge_token(const struct web_req *r)
{
    return http_cookie_value(web_header(r, "cookie"), CHALLENGE_COOKIE);
}

/* GET /quan-tri/xac-thuc: the code after the password. */
static int second_step_page(struct web_req *r)
{
    r->no_store = true;
    if (challenge_token(r).n != PEOPLE_TOKEN_CHARS)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    return render_code(r, 200, NULL);
}

static int second_step_post(struct web_req *r)
{
    r->no_store = true;
    struct str token = challenge_token(r), code = http_form_value(&r->form, "ma");
    if (token.n != PEOPLE_TOKEN_CHARS || !same_origin(r) ||
        !tokens_equal(http_form_value(&r->form, "csrf"), http_cookie_value(web_header(r, "cookie"), LOGIN_COOKIE)))
        return render_login(r, 403, STR(""), STR(""), "Bước xác thực đã hết hạn. Hãy đăng nhập lại.");
    if (!code.n || code.n > 16)
        return render_code(r, 400, "Hãy nhập mã sáu chữ số.");
    struct admin_job *j = new_job(r, OP_SECOND_STEP, NULL);
    if (!j)
        return -1;
    copy_str(j->text[0], sizeof j->text[0], token);
    memcpy(j->secret[0], code.p, code.n);
    return web_defer(r, &j->job);
}

static int twofactor_page_with(struct web_req *r, const struct people_session *s, const char *error,
                               char (*codes)[10])
{
    struct admin_twofactor_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, s, "Xác thực hai bước", ADMIN_ACCOUNT);
    v.f.error = str_cstr(error);
    v.must_enrol = s->must_enrol;
    if (codes) {
        for (int i = 0; i < PEOPLE_RECOVERY_CODES; i++)
            v.codes[v.n_codes++] = arena_strdup(r->arena, codes[i], strlen(codes[i]));
        v.enabled = true;
        v.f.viewer = s;
        tpl_people_twofactor(portal_out(r), &v);
        return 0;
    }
    struct people_totp t;
    int have = people_totp_get(r->db, s->user.id, &t);
    if (have < 0)
        return -1;
    v.enabled = have && t.enabled;
    v.pending = have && t.pending;
    v.recovery_left = t.recovery_left;
    if (v.pending) {
        char key[PEOPLE_TOTP_KEY_CHARS + 1];
        people_base32(t.secret, sizeof t.secret, key);
        struct buf grouped = {0};
        for (int i = 0; i < PEOPLE_TOTP_KEY_CHARS; i += 4) {
            if (i)
                buf_putc(&grouped, ' ');
            buf_append(&grouped, key + i, 4);
        }
        v.key = arena_strdup(r->arena, grouped.p, grouped.n);
        buf_free(&grouped);
        const struct site *site = portal_site(r);
        v.account = arena_printf(r->arena, "%.*s (%.*s)", (int)site->short_name.n, site->short_name.p,
                                 (int)s->user.login.n, s->user.login.p);
        struct buf issuer = {0}, label = {0};
        tpl_escape_url_part(&issuer, site->short_name);
        tpl_escape_url_part(&label, s->user.login);
        v.uri = arena_printf(r->arena, "otpauth://totp/%.*s:%.*s?secret=%s&issuer=%.*s&algorithm=SHA1&digits=6&period=30",
                             (int)issuer.n, issuer.p, (int)label.n, label.p, key, (int)issuer.n, issuer.p);
        buf_free(&issuer);
        buf_free(&label);
        struct str svg = view_qr_svg(r->arena, v.uri, STR("Mã QR của khóa, để quét bằng ứng dụng xác thực"));
        v.qr = tpl_html_trusted(svg.p, svg.n);
        sodium_memzero(key, sizeof key);
    }
    sodium_memzero(&t, sizeof t);
    tpl_people_twofactor(portal_out(r), &v);
    return 0;
}

static int twofactor_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    return twofactor_page_with(r, s, NULL, NULL);
}

static int twofactor_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, -1, &rc);
    if (!s)
        return rc;
    struct str what = http_form_value(&r->form, "viec");
    enum admin_op op;
    struct str secret = STR("");
    if (str_eq_lit(what, "bat-dau")) {
        op = OP_TOTP_BEGIN;
    } else if (str_eq_lit(what, "xac-nhan")) {
        op = OP_TOTP_ENABLE;
        secret = http_form_value(&r->form, "ma");
    } else if (str_eq_lit(what, "tat")) {
        op = OP_TOTP_DISABLE;
        secret = http_form_value(&r->form, "mat-khau");
    } else {
        return web_error(r, 400);
    }
    if (secret.n > PEOPLE_PASSWORD_MAX)
        return web_error(r, 400);
    struct admin_job *j = new_job(r, op, s);
    if (!j)
        return -1;
    if (secret.n)
        memcpy(j->secret[0], secret.p, secret.n);
    return web_defer(r, &j->job);
}

/* --- administrators: users --------------------------------------------------------------------- */

static void role_choices(struct admin_users_view *v)
{
    for (int role = ROLE_ADMIN; role <= PEOPLE_ROLE_LAST; role++)
        v->roles[v->n_roles++] = (struct admin_choice){str_cstr(people_role_code((enum people_role)role)),
                                                       str_cstr(people_role_title((enum people_role)role))};
}

static int users_page_with(struct web_req *r, const struct people_session *s, const char *error,
                           const struct admin_users_view *form)
{
    struct admin_users_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, s, "Người dùng", ADMIN_USERS);
    v.f.error = str_cstr(error);
    role_choices(&v);
    v.add_role = STR("contributor");
    if (form) {
        v.add_login = form->add_login;
        v.add_name = form->add_name;
        v.add_role = form->add_role;
    }
    int64_t required;
    if (people_setting(r->db, PEOPLE_SETTING_REQUIRE_TOTP_ADMIN, &required) != 0)
        return -1;
    v.require_totp_admin = required != 0;
    int64_t days;
    if (people_setting(r->db, PEOPLE_SETTING_PASSWORD_DAYS, &days) != 0)
        return -1;
    v.password_days = (int)days;
    struct people_user *users;
    size_t n;
    if (people_user_list(r->db, r->arena, &users, &n) != 0)
        return -1;
    v.users = arena_zalloc(r->arena, (n ? n : 1) * sizeof *v.users);
    for (size_t i = 0; i < n; i++) {
        const struct people_user *u = &users[i];
        struct admin_user_row *row = &v.users[v.n_users++];
        row->id = u->id;
        row->login = u->login;
        row->name = u->name;
        row->role = str_cstr(people_role_code(u->role));
        row->locked = u->locked;
        row->throttled = !u->locked && u->locked_until > r->now; /* "Mở khóa" lifts it; "Khóa" still locks */
        row->totp = u->totp;
        row->state = u->locked                   ? STR("Đã khóa")
                     : u->locked_until > r->now ? arena_printf(r->arena, "Tạm khóa đến %s",
                                                               view_datetime(r->arena, u->locked_until).p)
                                                : STR("Đang hoạt động");
        if (u->demo)
            row->state = ARENA_JOIN(r->arena, row->state, STR(" (tài khoản mẫu)"));
        row->seen = u->last_seen ? view_datetime(r->arena, u->last_seen) : STR("Chưa đăng nhập");
    }
    tpl_people_users(portal_out(r), &v);
    return 0;
}

static int users_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, &rc);
    if (!s)
        return rc;
    return users_page_with(r, s, NULL, NULL);
}

static int user_add_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, &rc);
    if (!s)
        return rc;
    struct admin_users_view form = {.add_login = http_form_value(&r->form, "ten"),
                                    .add_name = http_form_value(&r->form, "ho-ten"),
                                    .add_role = http_form_value(&r->form, "vai-tro")};
    struct str password = http_form_value(&r->form, "mat-khau");
    enum people_role role = people_role_parse(form.add_role);
    const char *problem = people_login_problem(form.add_login);
    if (!problem && role == ROLE_NONE)
        problem = "Hãy chọn một vai trò.";
    if (!problem && form.add_name.n > 200)
        problem = "Họ tên quá dài (tối đa 200 byte).";
    if (!problem)
        problem = people_password_problem(form.add_login, password);
    if (problem) {
        r->status = 400;
        return users_page_with(r, s, problem, &form);
    }
    struct admin_job *j = new_job(r, OP_USER_ADD, s);
    if (!j)
        return -1;
    copy_str(j->text[0], sizeof j->text[0], form.add_login);
    copy_str(j->text[1], sizeof j->text[1], form.add_name);
    memcpy(j->secret[0], password.p, password.n);
    j->value = role;
    return web_defer(r, &j->job);
}

/* The user a form names by "id"; 0 when it names none. */
static int64_t form_user_id(struct web_req *r)
{
    unsigned long long id;
    return str_to_u64(http_form_value(&r->form, "id"), &id) && id > 0 && id <= INT64_MAX ? (int64_t)id : 0;
}

/* The start of an administrator's form about account `id`: the session
 * with the right to manage users, the form's values (`values_ok`), not
 * the administrator's own account when `self_refused` says why not, then
 * a job for `op` on that account. NULL when the request was answered
 * instead (*rc is then the handler's return). */
static struct admin_job *user_job(struct web_req *r, enum admin_op op, int64_t id, bool values_ok,
                                  const char *self_refused, int *rc)
{
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, rc);
    if (!s)
        return NULL;
    if (!id || !values_ok) {
        *rc = web_error(r, 400);
        return NULL;
    }
    if (self_refused && id == s->user.id) {
        r->status = 400;
        *rc = users_page_with(r, s, self_refused, NULL);
        return NULL;
    }
    struct admin_job *j = new_job(r, op, s);
    if (!j)
        *rc = -1;
    else
        j->target = id;
    return j;
}

static int user_role_post(struct web_req *r)
{
    enum people_role role = people_role_parse(http_form_value(&r->form, "vai-tro"));
    int rc;
    struct admin_job *j = user_job(r, OP_USER_ROLE, form_user_id(r), role != ROLE_NONE,
                                   "Bạn không thể tự đổi vai trò của chính mình; hãy nhờ một quản trị khác.", &rc);
    if (!j)
        return rc;
    j->value = role;
    return web_defer(r, &j->job);
}

static int user_lock_post(struct web_req *r)
{
    struct str lock = http_form_value(&r->form, "khoa");
    int rc;
    struct admin_job *j = user_job(r, OP_USER_LOCK, form_user_id(r), str_eq_lit(lock, "0") || str_eq_lit(lock, "1"),
                                   "Bạn không thể tự khóa tài khoản của chính mình.", &rc);
    if (!j)
        return rc;
    j->value = lock.p[0] == '1';
    return web_defer(r, &j->job);
}

static int user_totp_off_post(struct web_req *r)
{
    int rc;
    struct admin_job *j = user_job(r, OP_USER_TOTP_OFF, form_user_id(r), true, NULL, &rc);
    return j ? web_defer(r, &j->job) : rc;
}

static int setting_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, &rc);
    if (!s)
        return rc;
    struct str v = http_form_value(&r->form, "bat-buoc-hai-buoc"), days = http_form_value(&r->form, "so-ngay");
    unsigned long long n = 0;
    if (v.p && !str_eq_lit(v, "0") && !str_eq_lit(v, "1"))
        return web_error(r, 400);
    if (days.p && (!str_to_u64(days, &n) || n > 3650)) {
        r->status = 400;
        return users_page_with(r, s, "Số ngày phải là một số từ 0 (không hết hạn) đến 3650.", NULL);
    }
    if (!v.p && !days.p)
        return web_error(r, 400);
    struct admin_job *j = new_job(r, OP_SETTING, s);
    if (!j)
        return -1;
    j->target = v.p ? 0 : 1; /* 0: the two-factor rule, 1: the password expiry */
    j->value = v.p ? v.p[0] == '1' : (int)n;
    return web_defer(r, &j->job);
}

static int64_t capture_user_id(struct web_req *r)
{
    unsigned long long id;
    return str_to_u64(r->captures[0], &id) && id > 0 && id <= INT64_MAX ? (int64_t)id : 0;
}

static int user_page_with(struct web_req *r, const struct people_session *s, int64_t id, const char *error)
{
    struct people_user u;
    int found = people_user_by_id(r->db, r->arena, id, &u);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct admin_user_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, s, "Người dùng", ADMIN_USERS);
    v.f.error = str_cstr(error);
    v.login = u.login;
    v.name = u.name;
    v.role = str_cstr(people_role_title(u.role));
    v.state = u.locked ? STR("Đã khóa") : u.locked_until > r->now ? STR("Tạm khóa") : STR("Đang hoạt động");
    v.categories_url = arena_printf(r->arena, "/quan-tri/nguoi-dung/%lld/chuyen-muc", (long long)u.id);
    v.password_url = arena_printf(r->arena, "/quan-tri/nguoi-dung/%lld/mat-khau", (long long)u.id);
    int64_t *ids;
    size_t n;
    if (people_user_categories(r->db, r->arena, u.id, &ids, &n) != 0)
        return -1;
    const struct site *site = portal_site(r);
    for (size_t i = 0; i < site->n_categories && v.n_categories < 64; i++) {
        bool on = false;
        for (size_t k = 0; k < n && !on; k++)
            on = ids[k] == site->categories[i].id;
        v.categories[v.n_categories++] =
            (struct admin_check){arena_decimal(r->arena, site->categories[i].id), site->categories[i].name, on};
    }
    tpl_people_user(portal_out(r), &v);
    return 0;
}

static int user_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, &rc);
    if (!s)
        return rc;
    int64_t id = capture_user_id(r);
    return id ? user_page_with(r, s, id, NULL) : web_error(r, 404);
}

static int user_categories_post(struct web_req *r)
{
    int rc;
    struct admin_job *j = user_job(r, OP_USER_CATEGORIES, capture_user_id(r), true, NULL, &rc);
    if (!j)
        return rc;
    const struct site *site = portal_site(r);
    for (size_t i = 0; i < r->form.n_fields; i++) {
        if (!str_eq_lit(r->form.fields[i].name, "chuyen-muc"))
            continue;
        unsigned long long cat;
        if (!str_to_u64(r->form.fields[i].value, &cat) || !site_category_by_id(site, (int64_t)cat) || j->n_ids == 64) {
            free(j);
            return web_error(r, 400);
        }
        j->ids[j->n_ids++] = (int64_t)cat;
    }
    return web_defer(r, &j->job);
}

static int user_password_post(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, &rc);
    if (!s)
        return rc;
    int64_t id = capture_user_id(r);
    if (!id)
        return web_error(r, 404);
    struct people_user u;
    int found = people_user_by_id(r->db, r->arena, id, &u);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct str password = http_form_value(&r->form, "mat-khau");
    const char *problem = people_password_problem(u.login, password);
    if (problem) {
        r->status = 400;
        return user_page_with(r, s, id, problem);
    }
    struct admin_job *j = new_job(r, OP_USER_PASSWORD, s);
    if (!j)
        return -1;
    j->target = id;
    memcpy(j->secret[0], password.p, password.n);
    return web_defer(r, &j->job);
}

/* --- administrators: the audit log ---------------------------------------------------------------- */

static const struct admin_choice AUDIT_ACTIONS[] = {
    {STR("login"), STR("Đăng nhập")},
    {STR("login_failed"), STR("Đăng nhập không thành công")},
    {STR("login_refused"), STR("Đăng nhập bị từ chối")},
    {STR("logout"), STR("Đăng xuất")},
    {STR("session_end"), STR("Kết thúc phiên")},
    {STR("password_change"), STR("Đổi mật khẩu")},
    {STR("password_change_failed"), STR("Đổi mật khẩu không thành công")},
    {STR("password_set"), STR("Đặt lại mật khẩu")}, /* by an administrator, or `dinh user passwd` (its actor says so) */
    {STR("user_add"), STR("Thêm người dùng")},
    {STR("role_change"), STR("Đổi vai trò")},
    {STR("user_lock"), STR("Khóa tài khoản")},
    {STR("user_unlock"), STR("Mở khóa tài khoản")},
    {STR("totp_enable"), STR("Bật xác thực hai bước")},
    {STR("totp_disable"), STR("Tắt xác thực hai bước")},
    {STR("totp_disable_failed"), STR("Tắt xác thực hai bước không thành công")},
    {STR("settings"), STR("Đổi cài đặt")},
    {STR("user_categories"), STR("Giới hạn chuyên mục")},
    {STR("article_save"), STR("Lưu bài viết")},
    {STR("article_send"), STR("Gửi duyệt bài viết")},
    {STR("article_publish"), STR("Đăng bài viết")},
    {STR("article_return"), STR("Trả lại bài viết")},
    {STR("article_unpublish"), STR("Gỡ bài viết")},
    {STR("article_trash"), STR("Chuyển bài vào thùng rác")},
    {STR("article_restore"), STR("Khôi phục bài viết")},
    {STR("article_delete"), STR("Xóa vĩnh viễn bài viết")},
    {STR("article_withdraw"), STR("Rút bài về để sửa")},
    {STR("article_revert"), STR("Khôi phục bản lưu cũ của bài viết")},
    {STR("document_save"), STR("Lưu văn bản")},
    {STR("document_publish"), STR("Đăng văn bản")},
    {STR("document_unpublish"), STR("Gỡ văn bản")},
    {STR("document_trash"), STR("Chuyển văn bản vào thùng rác")},
    {STR("document_restore"), STR("Khôi phục văn bản")},
    {STR("comment_approve"), STR("Duyệt ý kiến")},
    {STR("comment_reject"), STR("Từ chối ý kiến")},
    {STR("comment_spam"), STR("Đánh dấu ý kiến là thư rác")},
    {STR("comment_edit"), STR("Sửa ý kiến")},
    {STR("comment_answer"), STR("Trả lời ý kiến")},
    {STR("talk_settings"), STR("Cài đặt duyệt ý kiến")},
    {STR("category_create"), STR("Thêm chuyên mục")},
    {STR("category_edit"), STR("Sửa chuyên mục")},
    {STR("category_move"), STR("Đổi thứ tự chuyên mục")},
    {STR("category_menu"), STR("Ẩn/hiện chuyên mục trên thanh danh mục")},
    {STR("category_delete"), STR("Xóa chuyên mục")},
    {STR("link_create"), STR("Thêm liên kết website")},
    {STR("link_edit"), STR("Sửa liên kết website")},
    {STR("link_move"), STR("Đổi thứ tự liên kết website")},
    {STR("link_delete"), STR("Xóa liên kết website")},
    {STR("media_upload"), STR("Tải tệp lên thư viện")},
    {STR("media_edit"), STR("Sửa mô tả tệp")},
    {STR("media_delete"), STR("Xóa tệp khỏi thư viện")},
    {STR("activity_create"), STR("Thêm lớp tập huấn, đoàn công tác")},
    {STR("activity_edit"), STR("Sửa lớp tập huấn, đoàn công tác")},
    {STR("activity_publish"), STR("Công bố lớp tập huấn, đoàn công tác")},
    {STR("ntm_entry_save"), STR("Lưu số liệu nông thôn mới")},
    {STR("ntm_entry_submit"), STR("Gửi báo cáo nông thôn mới")},
    {STR("ntm_entry_accept"), STR("Duyệt báo cáo nông thôn mới")},
    {STR("ntm_entry_return"), STR("Trả lại báo cáo nông thôn mới")},
    {STR("ntm_import"), STR("Nhập số liệu nông thôn mới từ tệp Excel")},
    {STR("ntm_recognition"), STR("Ghi quyết định công nhận")},
    {STR("ntm_plan"), STR("Lưu kế hoạch đạt chuẩn của xã")},
    {STR("ntm_plan_criterion"), STR("Lưu kế hoạch đạt từng tiêu chí")},
    {STR("ntm_plan_remove"), STR("Gỡ kế hoạch đạt chuẩn của xã")},
    {STR("ntm_plan_criterion_remove"), STR("Gỡ kế hoạch đạt từng tiêu chí")},
    {STR("ntm_responsible_add"), STR("Giao tiêu chí cho sở, ngành")},
    {STR("ntm_responsible_edit"), STR("Sửa phân công sở, ngành")},
    {STR("ntm_responsible_remove"), STR("Bỏ phân công sở, ngành")},
    {STR("ntm_sponsor_assign"), STR("Giao đơn vị đỡ đầu")},
    {STR("ntm_sponsor_task_add"), STR("Thêm nhiệm vụ đỡ đầu")},
    {STR("ntm_sponsor_task_state"), STR("Cập nhật nhiệm vụ đỡ đầu")},
    {STR("ntm_model_save"), STR("Lưu mô hình")},
    {STR("ntm_fund_set"), STR("Ghi nguồn vốn")},
    {STR("ntm_set_edit"), STR("Sửa bộ tiêu chí")},
    {STR("ntm_unit_merge"), STR("Ghi sắp xếp, sáp nhập đơn vị")},
    {STR("ntm_home_set"), STR("Chọn tỉnh, thành phố của Văn phòng")},
    {STR("ntm_unit_split"), STR("Ghi chia tách đơn vị")},
    {STR("ntm_scope"), STR("Giao phạm vi nhập số liệu")},
};

static struct str action_label(struct str code)
{
    for (size_t i = 0; i < sizeof AUDIT_ACTIONS / sizeof AUDIT_ACTIONS[0]; i++)
        if (str_eq(code, AUDIT_ACTIONS[i].value))
            return AUDIT_ACTIONS[i].label;
    return code;
}

static int audit_page(struct web_req *r)
{
    int rc;
    const struct people_session *s = require(r, RIGHT_MANAGE_USERS, &rc);
    if (!s)
        return rc;
    struct admin_audit_view v;
    memset(&v, 0, sizeof v);
    frame(r, &v.f, s, "Nhật ký hoạt động", ADMIN_AUDIT);
    v.actions = AUDIT_ACTIONS;
    v.n_actions = sizeof AUDIT_ACTIONS / sizeof AUDIT_ACTIONS[0];
    v.login = web_param(r, "ten");
    v.action = web_param(r, "viec");
    v.from = web_param(r, "tu");
    v.to = web_param(r, "den");
    struct people_audit_filter f = {.login = v.login, .action = v.action, .limit = AUDIT_PAGE};
    /* A filter that cannot be read does not lose the others: the log is
     * shown without it, with a sentence naming it, as a 400. Dates come
     * from the date box ("2026-12-06") or typed ("06/12/2026"). */
    const char *bad = NULL, *hint = ". Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 06/12/2026.";
    struct str typed = STR_NULL;
    char iso_from[11], iso_to[11];
    bool known_action = !v.action.n;
    for (size_t i = 0; i < v.n_actions && !known_action; i++)
        known_action = str_eq(v.action, AUDIT_ACTIONS[i].value);
    if (!known_action) {
        bad = "Việc", typed = v.action, hint = ": hãy chọn một việc trong danh sách.";
        f.action = STR_NULL;
    }
    bool from_ok = true, to_ok = true;
    if (v.from.n && !vi_parse_typed_date(v.from, &f.from, iso_from)) {
        from_ok = false;
        if (!bad)
            bad = "Từ ngày", typed = v.from;
    } else if (v.from.n) {
        v.from = arena_strdup(r->arena, iso_from, 10);
    }
    if (v.to.n && !vi_parse_typed_date(v.to, &f.to, iso_to)) {
        to_ok = false;
        if (!bad)
            bad = "Đến ngày", typed = v.to;
    } else if (v.to.n) {
        v.to = arena_strdup(r->arena, iso_to, 10);
        f.to += 86400; /* the whole last day */
    }
    unsigned long long before, after;
    struct str b = web_param(r, "truoc"), a = web_param(r, "sau");
    f.before_id = 0;
    if (b.n && (!str_to_u64(b, &before) || before > INT64_MAX)) {
        if (!bad)
            bad = "Các mục cũ hơn", typed = b, hint = ".";
    } else if (b.n) {
        f.before_id = (int64_t)before;
    }
    if (a.n && (!str_to_u64(a, &after) || after > INT64_MAX)) {
        if (!bad)
            bad = "Các mục mới hơn", typed = a, hint = ".";
    } else if (a.n && !f.before_id) {
        f.after_id = (int64_t)after;
    }
    if (bad) {
        size_t cut = utf8_valid(typed) ? utf8_truncate(typed, 40) : 0;
        r->status = 400;
        v.f.error = arena_printf(r->arena, "Bộ lọc «%s» không hợp lệ: «%.*s%s»%s", bad, (int)cut, typed.p,
                                 cut < typed.n ? "…" : "", hint);
    }
    /* One entry more than a page says whether there are more that way. */
    struct people_audit_entry *e;
    size_t n;
    f.limit = AUDIT_PAGE + 1;
    if (people_audit_list(r->db, r->arena, &f, &e, &n) != 0)
        return -1;
    bool more = n > AUDIT_PAGE;
    if (more && f.after_id)
        e++; /* newest first: the extra one is the newest */
    if (more)
        n = AUDIT_PAGE;
    v.rows = arena_zalloc(r->arena, (n ? n : 1) * sizeof *v.rows);
    for (size_t i = 0; i < n; i++)
        v.rows[v.n_rows++] = (struct admin_audit_row){view_datetime(r->arena, e[i].at), e[i].login, e[i].address,
                                                      action_label(e[i].action), e[i].object, e[i].detail};
    /* The links keep the filter, each value percent-encoded; only the
     * filters that were read: a bad one would refuse every page. Older:
     * when there are more past the page (or it came back from newer ones);
     * newer: when the page came from older ones, or there are more. */
    bool older = f.after_id ? true : more, newer = f.after_id ? more : f.before_id > 0;
    int64_t oldest = n ? e[n - 1].id : f.after_id + 1, newest = n ? e[0].id : f.before_id - 1;
    struct buf link = {0};
    buf_puts(&link, "/quan-tri/nhat-ky/?");
    const struct {
        const char *name;
        struct str value;
    } keep[] = {{"ten", v.login},
                {"viec", known_action ? v.action : STR_NULL},
                {"tu", from_ok ? v.from : STR_NULL},
                {"den", to_ok ? v.to : STR_NULL}};
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++) {
        if (!keep[k].value.n)
            continue;
        buf_printf(&link, "%s=", keep[k].name);
        tpl_escape_url_part(&link, keep[k].value);
        buf_putc(&link, '&');
    }
    if (older && oldest > 1)
        v.older = arena_printf(r->arena, "%.*struoc=%lld", (int)link.n, link.p, (long long)oldest);
    if (newer && newest >= 0)
        v.newer = arena_printf(r->arena, "%.*ssau=%lld", (int)link.n, link.p, (long long)newest);
    buf_free(&link);
    tpl_people_audit(portal_out(r), &v);
    return 0;
}

/* --- answers of the jobs ---------------------------------------------------------------------------- */

static int job_finish(struct web_req *r, struct web_job *job)
{
    struct admin_job *j = (struct admin_job *)job;
    r->no_store = true;
    r->cacheable = false;
    const struct people_session *s = people_viewer(r);
    switch (j->op) {
    case OP_LOGIN:
        if (j->outcome == DONE) {
            set_session_cookie(r, j->token);
            return web_redirect(r, 303, str_cstr(j->back));
        }
        if (j->outcome == NEEDS_CODE) {
            r->set_cookie = arena_printf(r->arena,
                                         CHALLENGE_COOKIE "=%s; Path=/quan-tri/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                                         j->token, PEOPLE_CHALLENGE_SECONDS, cookie_secure(r) ? "; Secure" : "");
            return web_redirect(r, 303, STR("/quan-tri/xac-thuc"));
        }
        if (j->outcome == THROTTLED)
            return render_login(r, 429, str_cstr(j->actor), str_cstr(j->back),
                                "Có quá nhiều lần đăng nhập không thành công từ địa chỉ này. Hãy thử lại sau "
                                "5 phút.");
        if (j->outcome == DEMO_REFUSED)
            return render_login(r, 403, str_cstr(j->actor), str_cstr(j->back),
                                "Đây là tài khoản mẫu: máy chủ này chỉ nhận tài khoản mẫu khi chạy "
                                "với --demo-logins.");
        return render_login(r, 403, str_cstr(j->actor), str_cstr(j->back), LOGIN_REFUSED);
    case OP_SECOND_STEP:
        if (j->outcome == DONE) {
            set_session_cookie(r, j->token);
            return web_redirect(r, 303, str_cstr(j->back));
        }
        if (j->outcome == INVALID)
            return render_code(r, 403, "Mã không đúng hoặc đã dùng. Hãy nhập mã đang hiện trên ứng dụng.");
        return render_login(r, 403, STR(""), STR(""),
                            "Bước xác thực đã hết hạn hoặc sai quá 5 lần. Hãy đăng nhập lại.");
    case OP_TOTP_BEGIN:
        return web_redirect(r, 303, STR("/quan-tri/tai-khoan/hai-buoc"));
    case OP_TOTP_ENABLE:
        if (!s)
            return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
        if (j->outcome == DONE)
            return twofactor_page_with(r, s, NULL, j->codes);
        r->status = 400;
        return twofactor_page_with(r, s, j->problem ? j->problem : "Chưa bật được xác thực hai bước.", NULL);
    case OP_TOTP_DISABLE:
        if (j->outcome == DONE)
            return web_redirect(r, 303, STR("/quan-tri/tai-khoan/?thong-bao=tat-hai-buoc"));
        if (!s)
            return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
        r->status = 400;
        return twofactor_page_with(r, s, j->problem ? j->problem : "Chưa tắt được xác thực hai bước.", NULL);
    case OP_USER_CATEGORIES:
    case OP_USER_PASSWORD:
        if (j->outcome == NOT_FOUND)
            return web_error(r, 404);
        if (j->outcome != DONE)
            return -1;
        return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/nguoi-dung/%lld?thong-bao=%s",
                                                 (long long)j->target,
                                                 j->op == OP_USER_CATEGORIES ? "cai-dat" : "dat-lai-mat-khau"));
    case OP_USER_TOTP_OFF:
    case OP_SETTING:
        if (j->outcome == NOT_FOUND)
            return web_error(r, 404);
        if (j->outcome != DONE)
            return -1;
        return web_redirect(r, 303, j->op == OP_SETTING ? STR("/quan-tri/nguoi-dung/?thong-bao=cai-dat")
                                                        : STR("/quan-tri/nguoi-dung/?thong-bao=tat-hai-buoc"));
    case OP_LOGOUT:
        clear_session_cookie(r);
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap?da-thoat=1"));
    case OP_RENEW: json_seconds(r, j->outcome == DONE ? config.idle_seconds : 0); return 0;
    case OP_PASSWORD:
        if (j->outcome == DONE) {
            set_session_cookie(r, j->token);
            return web_redirect(r, 303, STR("/quan-tri/tai-khoan/?thong-bao=doi-mat-khau"));
        }
        if (!s)
            return web_redirect(r, 303, STR("/quan-tri/dang-nhap?ve=/quan-tri/tai-khoan/"));
        r->status = 400;
        return account_page_with(r, s, j->problem ? j->problem : "Chưa đổi được mật khẩu. Hãy thử lại.");
    case OP_END_SESSION:
        if (j->outcome == NOT_FOUND)
            return web_error(r, 404);
        if (j->outcome != DONE)
            return -1;
        return web_redirect(r, 303, j->target ? STR("/quan-tri/tai-khoan/?thong-bao=ket-thuc-phien")
                                              : STR("/quan-tri/tai-khoan/?thong-bao=ket-thuc-phien-khac"));
    case OP_USER_ADD:
        if (j->outcome == DONE)
            return web_redirect(r, 303, STR("/quan-tri/nguoi-dung/?thong-bao=da-them"));
        if (!s)
            return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
        r->status = 400;
        struct admin_users_view form = {.add_login = str_cstr(j->text[0]), .add_name = str_cstr(j->text[1]),
                                        .add_role = str_cstr(people_role_code((enum people_role)j->value))};
        return users_page_with(r, s, j->problem ? j->problem : "Chưa thêm được người dùng.", &form);
    case OP_USER_ROLE:
    case OP_USER_LOCK:
        if (j->outcome == NOT_FOUND)
            return web_error(r, 404);
        if (j->outcome == REFUSED) /* demoted, locked or signed out while the request waited */
            return web_error_saying(r, 403, STR("Tài khoản của bạn vừa bị đổi vai trò, khóa hoặc đăng xuất: thay đổi "
                                                "này không được lưu."));
        if (j->outcome == INVALID) {
            if (!s)
                return web_error_saying(r, 409, str_cstr(j->problem));
            r->status = 409;
            return users_page_with(r, s, j->problem, NULL);
        }
        if (j->outcome != DONE)
            return -1;
        return web_redirect(r, 303, j->op == OP_USER_ROLE ? STR("/quan-tri/nguoi-dung/?thong-bao=doi-vai-tro")
                                    : j->value            ? STR("/quan-tri/nguoi-dung/?thong-bao=da-khoa")
                                                          : STR("/quan-tri/nguoi-dung/?thong-bao=da-mo-khoa"));
    }
    return -1;
}

/* --- routes ------------------------------------------------------------------------------------------- */

static int admin_root(struct web_req *r) { return web_redirect(r, 301, STR("/quan-tri/")); }

void people_register(void)
{
    static const char *const audit_params[] = {"ten", "viec", "tu", "den", "truoc", "sau", NULL};
    static const char *const notice[] = {"thong-bao", NULL};
    static const char *const login_params[] = {"ve", "het-han", "da-thoat", NULL};
    struct http_form_limits small = {.max_fields = 16, .max_value = 4096, .max_name = 64, .max_part_head = 4096};
    router_add((struct route){.pattern = "/quan-tri", .get = admin_root});
    router_add((struct route){.pattern = "/quan-tri/", .get = home_page});
    router_add((struct route){.pattern = "/quan-tri/dang-nhap", .get = login_page, .post = login_post,
                              .known_params = login_params, .flags = ROUTE_FORM, .max_body = 8192, .form = small});
    router_add((struct route){.pattern = "/quan-tri/dang-xuat", .post = logout_post, .flags = ROUTE_FORM,
                              .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/phien", .get = session_left});
    router_add((struct route){.pattern = "/quan-tri/gia-han", .post = renew_post, .flags = ROUTE_FORM,
                              .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/tai-khoan/", .get = account_page, .known_params = notice});
    router_add((struct route){.pattern = "/quan-tri/tai-khoan/mat-khau", .post = password_post, .flags = ROUTE_FORM,
                              .max_body = 8192, .form = small});
    router_add((struct route){.pattern = "/quan-tri/tai-khoan/ket-thuc-phien", .post = end_session_post,
                              .flags = ROUTE_FORM, .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/", .get = users_page, .known_params = notice});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/them", .post = user_add_post, .flags = ROUTE_FORM,
                              .max_body = 8192, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/vai-tro", .post = user_role_post, .flags = ROUTE_FORM,
                              .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/khoa", .post = user_lock_post, .flags = ROUTE_FORM,
                              .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nhat-ky/", .get = audit_page, .known_params = audit_params});
    router_add((struct route){.pattern = "/quan-tri/xac-thuc", .get = second_step_page, .post = second_step_post,
                              .flags = ROUTE_FORM, .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/tai-khoan/hai-buoc", .get = twofactor_page, .post = twofactor_post,
                              .flags = ROUTE_FORM, .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/tat-hai-buoc", .post = user_totp_off_post,
                              .flags = ROUTE_FORM, .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/cai-dat", .post = setting_post, .flags = ROUTE_FORM,
                              .max_body = 4096, .form = small});
    struct http_form_limits checks = {.max_fields = 80, .max_value = 256, .max_name = 64, .max_part_head = 4096};
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/*/chuyen-muc", .post = user_categories_post,
                              .flags = ROUTE_FORM, .max_body = 8192, .form = checks});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/*/mat-khau", .post = user_password_post,
                              .flags = ROUTE_FORM, .max_body = 4096, .form = small});
    router_add((struct route){.pattern = "/quan-tri/nguoi-dung/*", .get = user_page, .known_params = notice});
}
