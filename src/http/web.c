/* web.c - the helpers handlers use to answer; see web.h. */
#include "http/web.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>

#include <h2o.h>

#include "core/log.h"
#include "http/defer.h"
#include "http/fragment.h"
#include "http/loop.h"
#include "view/tpl.h"

struct str web_param(const struct web_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_params; i++)
        if (str_eq_lit(r->params[i].name, name))
            return r->params[i].value;
    return STR_NULL;
}

struct str web_header(const struct web_req *r, const char *lower_name)
{
    h2o_req_t *req = r->raw;
    if (!req) {
        for (size_t i = 0; i < r->n_headers; i++)
            if (str_eq(r->headers[i].name, str_cstr(lower_name)))
                return r->headers[i].value;
        return STR_NULL;
    }
    if (strcmp(lower_name, "host") == 0) /* h2o keeps it apart, as the authority */
        return req->authority.len ? (struct str){req->authority.base, req->authority.len} : STR_NULL;
    ssize_t i = h2o_find_header_by_str(&req->headers, lower_name, strlen(lower_name), -1);
    return i < 0 ? STR_NULL : (struct str){req->headers.entries[i].value.base, req->headers.entries[i].value.len};
}

/* Formats a tag: the common forms ("news", "art:%lld") without printf. */
static int format_tag(char *tag, size_t cap, const char *fmt, va_list ap)
{
    const char *pct = strchr(fmt, '%');
    if (!pct || (strcmp(pct, "%lld") == 0 && (size_t)(pct - fmt) + 21 < cap)) {
        size_t k = pct ? (size_t)(pct - fmt) : strlen(fmt);
        if (k >= cap)
            return -1;
        memcpy(tag, fmt, k);
        if (pct) {
            long long v = va_arg(ap, long long);
            char digits[24];
            size_t d = sizeof digits;
            unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            do
                digits[--d] = (char)('0' + u % 10);
            while ((u /= 10) != 0);
            if (v < 0)
                digits[--d] = '-';
            memcpy(tag + k, digits + d, sizeof digits - d);
            k += sizeof digits - d;
        }
        tag[k] = '\0';
        return (int)k;
    }
    return vsnprintf(tag, cap, fmt, ap);
}

/* Whether `list` has tag `t`. A home page holds a hundred tags, most of
 * one length ("art:312"): the last byte tells most apart before memcmp. */
static bool has_tag(const struct str *list, size_t n, struct str t)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].n == t.n && (t.n == 0 || (list[i].p[t.n - 1] == t.p[t.n - 1] && memcmp(list[i].p, t.p, t.n) == 0)))
            return true;
    return false;
}

/* A page's tags are looked up in a list until it holds TAGS_BEFORE_SET,
 * then in a hash set (open addressing, at most half full): a home page
 * whose sections and cards bring a hundred and more would cost thousands
 * of comparisons for each render otherwise. */
#define TAGS_BEFORE_SET 16
_Static_assert(WEB_MAX_TAGS < 65535, "a tag's index + 1 fits a slot");

/* (Re)builds the set with `slots` (a power of two) for the page's tags. */
static void tag_set_build(struct web_req *r, size_t slots)
{
    r->tag_slots = ARENA_ARRAY(r->arena, uint16_t, slots);
    memset(r->tag_slots, 0, slots * sizeof *r->tag_slots);
    r->n_tag_slots = slots;
    for (size_t i = 0; i < r->n_tags; i++) {
        size_t k = str_hash(r->tags[i]) & (slots - 1);
        while (r->tag_slots[k])
            k = (k + 1) & (slots - 1);
        r->tag_slots[k] = (uint16_t)(i + 1);
    }
}

/* Whether the page has tag t; with the set, *slot is where t is or would go. */
static bool page_has_tag(const struct web_req *r, struct str t, size_t *slot)
{
    if (!r->tag_slots)
        return has_tag(r->tags, r->n_tags, t);
    size_t mask = r->n_tag_slots - 1;
    size_t k = str_hash(t) & mask;
    for (; r->tag_slots[k]; k = (k + 1) & mask) {
        struct str s = r->tags[r->tag_slots[k] - 1];
        if (s.n == t.n && memcmp(s.p, t.p, t.n) == 0) {
            *slot = k;
            return true;
        }
    }
    *slot = k;
    return false;
}

/* Appends `t` (in the request's arena) to a growing list of tags. */
static void push_tag(struct arena *a, struct str **list, size_t *n, size_t *cap, struct str t)
{
    if (*n == *cap) {
        size_t more_cap = *cap ? *cap * 2 : 16;
        struct str *more = ARENA_ARRAY(a, struct str, more_cap);
        if (*n)
            memcpy(more, *list, *n * sizeof *more);
        *list = more;
        *cap = more_cap;
    }
    (*list)[(*n)++] = t;
}

/* Adds a tag to the page, and to the fragment being rendered (whose own
 * list may lack a tag the page had before it began). `owned`: t already
 * lives in the request's arena (a fragment's tags on a hit), so it is
 * not copied again. */
static void tag_add(struct web_req *r, struct str t, bool owned)
{
    struct web_fragment *f = r->fragment;
    bool to_fragment = f && !has_tag(f->tags, f->n_tags, t);
    size_t slot = 0;
    bool to_page = !page_has_tag(r, t, &slot);
    if (!owned && (to_fragment || to_page))
        t = arena_strdup(r->arena, t.p, t.n);
    if (to_fragment)
        push_tag(r->arena, &f->tags, &f->n_tags, &f->cap_tags, t);
    if (!to_page)
        return;
    if (r->n_tags == WEB_MAX_TAGS) {
        static atomic_bool said;
        if (!atomic_exchange(&said, true))
            log_warn("a page of %.*s shows more than %d things; such pages are not cached", (int)r->path.n,
                     r->path.p, WEB_MAX_TAGS);
        r->cacheable = false;
        return;
    }
    push_tag(r->arena, &r->tags, &r->n_tags, &r->cap_tags, t);
    if (r->tag_slots && r->n_tags * 2 <= r->n_tag_slots)
        r->tag_slots[slot] = (uint16_t)r->n_tags;
    else if (r->tag_slots) /* half full: twice the room */
        tag_set_build(r, r->n_tag_slots * 2);
    else if (r->n_tags == TAGS_BEFORE_SET) /* from now on, looked up by hash */
        tag_set_build(r, 16 * TAGS_BEFORE_SET);
}

void web_tag(struct web_req *r, const char *fmt, ...)
{
    char tag[128];
    va_list ap;
    va_start(ap, fmt);
    int k = format_tag(tag, sizeof tag, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof tag) {
        log_error("cache tag too long (%s): the page is not cached", fmt);
        r->cacheable = false;
        if (r->fragment)
            r->fragment->untagged = true;
        return;
    }
    tag_add(r, (struct str){tag, (size_t)k}, false);
}

struct str web_client_network(const struct web_req *r)
{
    char text[INET6_ADDRSTRLEN + 4];
    unsigned char a[16];
    if (!r->client_ip.n || r->client_ip.n >= INET6_ADDRSTRLEN || !memchr(r->client_ip.p, ':', r->client_ip.n))
        return r->client_ip;
    memcpy(text, r->client_ip.p, r->client_ip.n);
    text[r->client_ip.n] = '\0';
    if (inet_pton(AF_INET6, text, a) != 1)
        return r->client_ip;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(a, mapped, sizeof mapped) == 0) {
        if (!inet_ntop(AF_INET, a + 12, text, sizeof text))
            return r->client_ip;
        return arena_strdup(r->arena, text, strlen(text));
    }
    memset(a + 8, 0, 8);
    if (!inet_ntop(AF_INET6, a, text, INET6_ADDRSTRLEN))
        return r->client_ip;
    return ARENA_JOIN(r->arena, str_cstr(text), STR("/64"));
}

bool web_fragment_begin(struct web_req *r, struct str key, struct web_fragment *f)
{
    return web_fragment_begin_in(r, key, r->body, f);
}

bool web_fragment_begin_in(struct web_req *r, struct str key, struct buf *into, struct web_fragment *f)
{
    memset(f, 0, sizeof *f);
    if (r->fragment || !into)
        return false;
    struct str *tags;
    int n = fragment_get(key, into, r->arena, &tags);
    if (n >= 0) {
        for (int i = 0; i < n; i++)
            tag_add(r, tags[i], true);
        return true;
    }
    f->key = key;
    f->out = into;
    f->start = into->n;
    f->open = true;
    r->fragment = f;
    return false;
}

void web_fragment_end(struct web_req *r, struct web_fragment *f)
{
    if (!f->open || r->fragment != f)
        return;
    r->fragment = NULL;
    f->open = false;
    bool failed = r->db && store_failed(r->db);
    if (failed || f->untagged || r->status >= 400 || f->out->n < f->start)
        return;
    fragment_put(f->key, r->fragment_gen, (struct str){f->out->p + f->start, f->out->n - f->start}, f->tags,
                 f->n_tags);
}

bool web_pieces_on(void) { return fragment_enabled(); }

bool web_piece_get(struct web_req *r, struct str key, struct buf *into)
{
    struct str *tags;
    int n = fragment_get(key, into, r->arena, &tags);
    for (int i = 0; i < n; i++)
        tag_add(r, tags[i], true);
    return n >= 0;
}

void web_piece_put(struct web_req *r, struct str key, struct str bytes, const struct str *tags, size_t n_tags)
{
    for (size_t i = 0; i < n_tags; i++)
        tag_add(r, tags[i], false);
    if (!(r->db && store_failed(r->db)))
        fragment_put(key, r->fragment_gen, bytes, tags, n_tags);
}

static const struct {
    int status;
    const char *reason, *title, *message;
} statuses[] = {
    {400, "Bad Request", "Yêu cầu không hợp lệ",
     "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ (có thể chứa ký tự không được phép). Vui lòng kiểm tra lại."},
    {403, "Forbidden", "Không có quyền truy cập", "Bạn không có quyền thực hiện thao tác này."},
    {404, "Not Found", "Không tìm thấy trang",
     "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Bạn có thể tìm kiếm hoặc quay về trang chủ."},
    {405, "Method Not Allowed", "Phương thức không được hỗ trợ",
     "Trang này không nhận yêu cầu theo phương thức đã gửi."},
    {409, "Conflict", "Không thực hiện được lúc này",
     "Thao tác không hợp với trạng thái hiện tại của dữ liệu. Hãy tải lại trang để xem trạng thái mới nhất."},
    {410, "Gone", "Nội dung đã bị gỡ bỏ", "Nội dung này đã được gỡ khỏi trang."},
    {411, "Length Required", "Thiếu độ dài dữ liệu",
     "Dữ liệu gửi lên phải cho biết trước độ dài (Content-Length). Vui lòng gửi lại bằng trình duyệt."},
    {412, "Precondition Failed", "Tệp đã thay đổi",
     "Tệp trên máy chủ không còn là bản mà yêu cầu đặt điều kiện (If-Match, If-Unmodified-Since). Hãy tải lại."},
    {413, "Payload Too Large", "Dữ liệu gửi lên quá lớn",
     "Dữ liệu gửi lên vượt quá giới hạn cho phép. Hãy giảm dung lượng tệp hoặc nội dung rồi thử lại."},
    {414, "URI Too Long", "Địa chỉ quá dài", "Đường dẫn vượt quá độ dài cho phép. Vui lòng rút gọn và thử lại."},
    {415, "Unsupported Media Type", "Kiểu dữ liệu không được hỗ trợ",
     "Trang này không nhận dữ liệu theo kiểu đã gửi. Vui lòng gửi lại bằng biểu mẫu của trang."},
    {416, "Range Not Satisfiable", "Đoạn dữ liệu yêu cầu không có",
     "Đoạn dữ liệu yêu cầu nằm ngoài độ dài của tệp. Hãy tải lại toàn bộ tệp."},
    {417, "Expectation Failed", "Yêu cầu không được đáp ứng",
     "Máy chủ không đáp ứng được điều kiện (Expect) mà yêu cầu đặt ra."},
    {422, "Unprocessable Content", "Dữ liệu chưa hợp lệ",
     "Dữ liệu gửi lên có chỗ chưa hợp lệ. Hãy xem lại từng mục được đánh dấu rồi gửi lại."},
    {429, "Too Many Requests", "Gửi quá nhiều lần",
     "Bạn đã gửi quá nhiều yêu cầu trong một thời gian ngắn. Vui lòng đợi ít phút rồi thử lại."},
    {431, "Request Header Fields Too Large", "Thông tin yêu cầu quá lớn",
     "Phần đầu yêu cầu (header, cookie) vượt quá giới hạn. Hãy xóa cookie của trang và thử lại."},
    {500, "Internal Server Error", "Lỗi hệ thống", "Đã có lỗi xảy ra phía máy chủ. Vui lòng thử lại sau ít phút."},
    {501, "Not Implemented", "Chức năng không được hỗ trợ",
     "Máy chủ không hỗ trợ cách gửi dữ liệu này. Vui lòng gửi lại bằng trình duyệt."},
    {503, "Service Unavailable", "Hệ thống đang bận", "Máy chủ đang quá tải. Vui lòng thử lại sau ít phút."},
};

static size_t status_index(int status)
{
    size_t pick = SIZE_MAX, fallback = 0;
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        if (statuses[i].status == status)
            pick = i;
        if (statuses[i].status == 500)
            fallback = i;
    }
    return pick != SIZE_MAX ? pick : fallback;
}

const char *web_status_title(int status) { return statuses[status_index(status)].title; }
const char *web_status_message(int status) { return statuses[status_index(status)].message; }

const char *web_status_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    default:
        if (status >= 400)
            for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
                if (statuses[i].status == status)
                    return statuses[i].reason;
        return status >= 500 ? "Internal Server Error" : "Error";
    }
}

bool web_is_api(struct str path) { return str_eq_lit(path, "/api") || str_starts_with(path, STR("/api/")); }

static int error_answer(struct web_req *r, int status)
{
    r->status = status;
    r->cacheable = false;
    r->n_tags = 0;
    r->tag_slots = NULL; /* the set indexes the tags just dropped */
    r->n_tag_slots = 0;
    r->splice_at = SIZE_MAX;
    r->location = STR_NULL;
    r->disposition = STR_NULL;
    defer_release(r->deferred); /* deferred, then refused: it will not run */
    r->deferred = NULL;
    if (r->body)
        buf_reset(r->body);
    if (r->json_errors || web_is_api(r->path) || !http_hooks->error_page || !r->body) {
        /* A JSON object for programs, with the sentence under "loi" as the
         * modules' own refusals have it: {"loi": "...", "error": {"status":
         * 404, "title": "...", "message": "..."}} */
        struct buf *b = r->body ? r->body : NULL;
        if (b) {
            buf_puts(b, "{\"loi\": ");
            tpl_escape_json_string(b, r->error_why.n ? r->error_why : str_cstr(web_status_message(status)));
            buf_printf(b, ", \"error\": {\"status\": %d, \"title\": ", status);
            tpl_escape_json_string(b, str_cstr(web_status_title(status)));
            buf_puts(b, ", \"message\": ");
            tpl_escape_json_string(b, r->error_why.n ? r->error_why : str_cstr(web_status_message(status)));
            buf_puts(b, "}}\n");
        }
        r->content_type = "application/json; charset=utf-8";
        return 0;
    }
    r->content_type = NULL;
    http_hooks->error_page(r, status);
    return 0;
}

int web_error(struct web_req *r, int status)
{
    r->error_why = STR_NULL; /* a 500 after a refusal says what a 500 says */
    return error_answer(r, status);
}

struct str web_too_large_why(struct arena *a, size_t limit)
{
    char size[32];
    if (limit >= (1u << 20))
        snprintf(size, sizeof size, "%zu MB", limit >> 20);
    else
        snprintf(size, sizeof size, "%zu KB", limit >> 10 ? limit >> 10 : 1);
    return arena_printf(a, "Dữ liệu gửi lên lớn hơn giới hạn %s của trang này. Hãy giảm dung lượng tệp hoặc nội dung "
                           "rồi thử lại.", size);
}

int web_error_saying(struct web_req *r, int status, struct str why)
{
    r->error_why = why;
    return error_answer(r, status);
}

/* Bytes a Location value carries as they are: the URI characters of RFC
 * 3986 (reserved and unreserved); '%' only when it starts an escape. */
static bool uri_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL;
}

static bool hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int web_redirect(struct web_req *r, int status, struct str location)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t extra = 0;
    for (size_t i = 0; i < location.n; i++)
        if (!uri_char((unsigned char)location.p[i]))
            extra += 2;
    char *p = arena_alloc(r->arena, location.n + extra + 1);
    size_t k = 0;
    for (size_t i = 0; i < location.n; i++) {
        unsigned char c = (unsigned char)location.p[i];
        bool escape_start = c == '%' && i + 2 < location.n && hex_digit(location.p[i + 1]) &&
                            hex_digit(location.p[i + 2]);
        if (uri_char(c) || escape_start) {
            p[k++] = (char)c;
        } else {
            p[k++] = '%';
            p[k++] = hex[c >> 4];
            p[k++] = hex[c & 15];
        }
    }
    p[k] = '\0';
    r->status = status;
    r->location = (struct str){p, k};
    r->cacheable = false;
    return 0;
}

void web_background(struct web_job *job) { defer_background(job); }

int web_defer(struct web_req *r, struct web_job *job)
{
    r->deferred = job;
    r->cacheable = false;
    return 0;
}
