/* web.c - the helpers handlers use to answer; see web.h. */
#include "http/web.h"

#include <stdarg.h>
#include <stdio.h>

#include "templates.h"

struct str web_param(const struct web_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_params; i++)
        if (str_eq_lit(r->params[i].name, name))
            return r->params[i].value;
    return STR_NULL;
}

void web_tag(struct web_req *r, const char *fmt, ...)
{
    if (r->n_tags == WEB_MAX_TAGS)
        return;
    char tag[128];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tag, sizeof tag, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof tag)
        return;
    r->tags[r->n_tags++] = arena_strdup(r->arena, tag, (size_t)k);
}

void web_layout(struct web_req *r, struct layout_view *l, struct str title)
{
    memset(l, 0, sizeof *l);
    l->site = r->site;
    l->prefs = r->prefs;
    l->path = r->self_url.n ? r->self_url : r->path;
    if (r->site && title.n)
        l->title = arena_printf(r->arena, "%.*s - %.*s", (int)title.n, title.p, (int)r->site->short_name.n,
                                r->site->short_name.p);
    else if (r->site)
        l->title = r->site->name;
    else
        l->title = title;
    if (r->site && r->site->base_url.n)
        l->canonical = arena_printf(r->arena, "%.*s%.*s", (int)r->site->base_url.n, r->site->base_url.p,
                                    (int)l->path.n, l->path.p);
}

int web_error(struct web_req *r, int status)
{
    static const struct {
        int status;
        const char *title, *message;
    } pages[] = {
        {400, "Yêu cầu không hợp lệ",
         "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ (có thể chứa ký tự không được phép). "
         "Vui lòng kiểm tra lại đường dẫn."},
        {403, "Không có quyền truy cập", "Bạn không có quyền xem trang này."},
        {404, "Không tìm thấy trang",
         "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Bạn có thể tìm kiếm hoặc quay về trang chủ."},
        {405, "Phương thức không được hỗ trợ", "Trang này không nhận yêu cầu theo phương thức đã gửi."},
        {410, "Nội dung đã bị gỡ bỏ", "Nội dung này đã được gỡ khỏi trang."},
        {413, "Dữ liệu gửi lên quá lớn", "Dữ liệu gửi lên vượt quá giới hạn cho phép."},
        {414, "Địa chỉ quá dài", "Đường dẫn vượt quá độ dài cho phép. Vui lòng rút gọn và thử lại."},
        {431, "Thông tin yêu cầu quá lớn",
         "Phần đầu yêu cầu (header, cookie) vượt quá giới hạn. Hãy xóa cookie của trang và thử lại."},
        {500, "Lỗi hệ thống", "Đã có lỗi xảy ra phía máy chủ. Vui lòng thử lại sau ít phút."},
        {503, "Hệ thống đang bận", "Máy chủ đang quá tải. Vui lòng thử lại sau ít phút."},
    };
    size_t pick = 8; /* 500 */
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        if (pages[i].status == status)
            pick = i;
    r->status = status;
    r->cacheable = false;
    r->content_type = NULL;
    r->n_tags = 0;
    buf_reset(&r->out->buf);
    r->out->n_live = 0;
    struct error_view v;
    web_layout(r, &v.layout, str_cstr(pages[pick].title));
    v.layout.noindex = true;
    v.layout.canonical = STR_NULL;
    layout_finish(&v.layout, r->arena);
    v.status = status;
    v.title = str_cstr(pages[pick].title);
    v.message = str_cstr(pages[pick].message);
    tpl_layout_error(r->out, &v);
    return 0;
}

int web_redirect(struct web_req *r, int status, struct str location)
{
    r->status = status;
    r->location = arena_strdup(r->arena, location.p, location.n);
    r->cacheable = false;
    return 0;
}

int web_defer(struct web_req *r, struct web_job *job)
{
    r->deferred = job;
    r->cacheable = false;
    return 0;
}
