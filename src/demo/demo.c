/*
 * demo.c - demo content for a fresh portal database; see demo.h.
 *
 * How the pieces fit:
 *
 *  - A small PRNG (splitmix64) seeded from the options drives every choice,
 *    so a seed and a `now` give the same rows on every machine.
 *  - Articles are composed from the patterns of words.c. Before an article
 *    is written, article_setup() fixes its context: category, commune,
 *    village, dates, the officials and residents it quotes, the product
 *    and the document it talks about. expand() then fills a pattern's
 *    slots ({xa}, {ngay}, {phan_tram}...) from that context, so a title, its
 *    summary and its body speak of the same place and the same day.
 *  - The context knows the era of its date: the ministry's name changed in
 *    March 2025, districts disappeared in July 2025 and the criteria set
 *    changed in 2022 and 2026, and the text follows.
 *  - Rows go in through the modules' own write functions (site, news,
 *    docs, stats), as the newsroom's will, inside one transaction that is
 *    rolled back on the first error. Buffers are reused from one article to
 *    the next.
 *
 * The body is the block format of src/news/body.c: blocks separated by an
 * empty line; "## " starts a sub-heading; "[[anh:ID|Caption]]" is a figure
 * of media row ID; anything else is a paragraph.
 */
#include "demo/demo.h"
#include "demo/docs_demo.h"
#include "demo/visits_demo.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "demo/image.h"
#include "demo/rng.h"
#include "demo/words.h"
#include "docs/docs.h"
#include "docs/query.h"
#include "media/media.h"
#include "news/news.h"
#include "news/query.h"
#include "site/site.h"
#include "stats/counter.h"
#include "text/vi.h"

#define SPAN_SECONDS ((int64_t)6 * 36525 * 864) /* six years of 365.25 days */
#define VN_OFFSET (7 * 3600)                    /* Vietnam is UTC+7, all year */
#define DAY 86400
#define MEDIA_COUNT 40
#define SHARE_IMAGE_EVERY 10 /* every 10th picture is 1200x630, for sharing */
#define SLUG_MAX 80
#define MAX_ROSTER 16
#define MAX_TAGS 128
#define MAX_ARTICLE_TAGS 4
#define TITLE_ATTEMPTS 24

/* --- random numbers (demo/rng.h) -------------------------------------------- */

static const char *rng_pick(struct rng *r, const struct words_list *list)
{
    return list->items[rng_below(r, (uint32_t)list->count)];
}

/* --- dates --------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int64_t days_from_civil(int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Unix time of midnight in Vietnam at the start of the given day. */
static int64_t vn_midnight(int year, int month, int day) { return days_from_civil(year, month, day) * DAY - VN_OFFSET; }

struct vn_date {
    int year, month, day, day_of_year;
};

static struct vn_date vn_date_of(int64_t t)
{
    time_t local = (time_t)(t + VN_OFFSET);
    struct tm tm;
    gmtime_r(&local, &tm);
    return (struct vn_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_yday};
}

/* --- slots ---------------------------------------------------------------------- */

enum slot {
    SLOT_XA,
    SLOT_HUYEN,
    SLOT_NOI,
    SLOT_CAP,
    SLOT_THON,
    SLOT_XA2,
    SLOT_LANH_DAO,
    SLOT_CAN_BO,
    SLOT_NGUOI,
    SLOT_NONG_DAN,
    SLOT_NONG_DAN_NGAN,
    SLOT_TEN_NAM,
    SLOT_TEN_NU,
    SLOT_SAN_PHAM,
    SLOT_HTX,
    SLOT_SAO,
    SLOT_VAN_BAN,
    SLOT_VAN_BAN_KHAC,
    SLOT_NAM,
    SLOT_NAM_TRUOC,
    SLOT_NAM_SAU,
    SLOT_NGAY,
    SLOT_NGAY_DAY_DU,
    SLOT_THANG,
    SLOT_HAN,
    SLOT_BUOI,
    SLOT_QUY,
    SLOT_GIAI_DOAN,
    SLOT_BO,
    SLOT_SO_NN,
    SLOT_BO_TIEU_CHI,
    SLOT_TONG_TIEU_CHI,
    SLOT_SO_TIEU_CHI,
    SLOT_TIEU_CHI,
    SLOT_CHU_DE,
    SLOT_MO_HINH,
    SLOT_KINH_TE,
    SLOT_HANG_MUC,
    SLOT_DOAN_THE,
    SLOT_UNG_DUNG,
    SLOT_SO_NHO,
    SLOT_SO_VUA,
    SLOT_SO_LON,
    SLOT_PHAN_TRAM,
    SLOT_PHAN_TRAM_CAO,
    SLOT_PHAN_TRAM_NHO,
    SLOT_TY,
    SLOT_TRIEU,
    SLOT_THU_NHAP,
    SLOT_KM,
    SLOT_HA,
    SLOT_COUNT
};

/* What each slot expands to. Article-fixed slots keep one value for the
 * whole article; the others are drawn again at every use. */
static const char *const slot_names[SLOT_COUNT] = {
    [SLOT_XA] = "xa",                       /* the commune: "Thiên Lộc" */
    [SLOT_HUYEN] = "huyen",                 /* its former district: "Can Lộc" */
    [SLOT_NOI] = "noi",                     /* "xã Thiên Lộc (Can Lộc)"; "xã Thiên Lộc" from July 2025 */
    [SLOT_CAP] = "cap",                     /* the local government: "huyện Can Lộc", then "xã Thiên Lộc" */
    [SLOT_THON] = "thon",                   /* the village: "Trung Phú" */
    [SLOT_XA2] = "xa2",                     /* another commune */
    [SLOT_LANH_DAO] = "lanh_dao",           /* a provincial official with role and name */
    [SLOT_CAN_BO] = "can_bo",               /* a local official with role and name */
    [SLOT_NGUOI] = "nguoi",                 /* a resident with role, drawn at each use */
    [SLOT_NONG_DAN] = "nong_dan",           /* the article's farmer: "ông Nguyễn Văn Lực" */
    [SLOT_NONG_DAN_NGAN] = "nong_dan_ngan", /* "ông Lực" */
    [SLOT_TEN_NAM] = "ten_nam",             /* a man's full name, drawn at each use */
    [SLOT_TEN_NU] = "ten_nu",               /* a woman's full name, drawn at each use */
    [SLOT_SAN_PHAM] = "san_pham",           /* the product: "mật ong rừng Sơn Tây" */
    [SLOT_HTX] = "htx",                     /* the cooperative */
    [SLOT_SAO] = "sao",                     /* the product's OCOP stars: "4 sao" */
    [SLOT_VAN_BAN] = "van_ban",           /* the document: "Kế hoạch số 12/KH-UBND ngày ... của UBND tỉnh" */
    [SLOT_VAN_BAN_KHAC] = "van_ban_khac", /* an older document, drawn at each use */
    [SLOT_NAM] = "nam",                   /* the year of the article */
    [SLOT_NAM_TRUOC] = "nam_truoc",       /* the year before */
    [SLOT_NAM_SAU] = "nam_sau",           /* a target year: the end of the phase, or next year */
    [SLOT_NGAY] = "ngay",                 /* the day of the event: "12/3" */
    [SLOT_NGAY_DAY_DU] = "ngay_day_du",   /* "12/3/2024" */
    [SLOT_THANG] = "thang",               /* the month of the event: "3" */
    [SLOT_HAN] = "han",                   /* a deadline 2-12 weeks after the article: "30/6" */
    [SLOT_BUOI] = "buoi",                 /* "sáng", "chiều" or "ngày" */
    [SLOT_QUY] = "quy",                   /* the quarter: "II" */
    [SLOT_GIAI_DOAN] = "giai_doan",       /* the programme phase: "2021-2025" */
    [SLOT_BO] = "bo",                     /* the ministry, by era */
    [SLOT_SO_NN] = "so_nn",               /* the provincial department, by era */
    [SLOT_BO_TIEU_CHI] = "bo_tieu_chi",   /* the decision with the criteria set in force */
    [SLOT_TONG_TIEU_CHI] = "tong_tieu_chi", /* 19 or 10 */
    [SLOT_SO_TIEU_CHI] = "so_tieu_chi",     /* criteria met, never all: "17/19" */
    [SLOT_TIEU_CHI] = "tieu_chi",           /* a criterion of the set in force, drawn at each use */
    [SLOT_CHU_DE] = "chu_de",               /* the topic: "xây dựng vườn mẫu" */
    [SLOT_MO_HINH] = "mo_hinh",             /* a community model */
    [SLOT_KINH_TE] = "kinh_te",             /* a farm business */
    [SLOT_HANG_MUC] = "hang_muc",           /* a kind of public works */
    [SLOT_DOAN_THE] = "doan_the",           /* a mass organisation, drawn at each use */
    [SLOT_UNG_DUNG] = "ung_dung",           /* an online sales channel */
    [SLOT_SO_NHO] = "so_nho",               /* 2-12 */
    [SLOT_SO_VUA] = "so_vua",               /* 15-200 */
    [SLOT_SO_LON] = "so_lon",               /* 1.200-9.800 */
    [SLOT_PHAN_TRAM] = "phan_tram",         /* 60-99,9% */
    [SLOT_PHAN_TRAM_CAO] = "phan_tram_cao", /* 90-99,5% */
    [SLOT_PHAN_TRAM_NHO] = "phan_tram_nho", /* 0,5-4,9% */
    [SLOT_TY] = "ty",                       /* "12,5 tỷ đồng" */
    [SLOT_TRIEU] = "trieu",                 /* "120 triệu đồng" */
    [SLOT_THU_NHAP] = "thu_nhap",           /* rural income per head for the year: "58 triệu đồng" */
    [SLOT_KM] = "km",                       /* "3,5 km" */
    [SLOT_HA] = "ha",                       /* "250 ha" */
};

/* --- the generator ------------------------------------------------------------- */

/* The context of the article being written. */
struct article {
    const struct words_category *category;
    const struct words_place *place, *other_place;
    const char *village;
    int64_t published_at;
    struct vn_date date, event;
    bool ministry_merged, districts_gone, criteria_2026, criteria_318;
    const char *part_of_day;
    int leader; /* index in the roster */
    int criteria_met;
    const char *topic, *farm_model, *community_model, *sales_channel, *works;
    struct buf local_official, farmer, farmer_short, product, cooperative, stars, document;
    /* Sentences already used in this article, one bit per list item. */
    uint64_t used_openings, used_details, used_general, used_quotes, used_closings, used_headings, used_captions;
};

struct demo {
    struct store_conn *db;
    struct rng rng;
    int64_t now;
    int article_total;
    char *err;
    size_t errlen;

    /* Provincial officials, one per role, named once for the whole site. */
    struct buf roster[MAX_ROSTER];
    size_t roster_count;

    /* Tags: the names and ids, and each category's tags as indices. */
    const char *tag_names[MAX_TAGS];
    size_t tag_count;
    size_t category_tags[16][8];
    size_t category_tag_count[16];

    /* (category, slug) pairs already used, as hashes; 0 marks a free cell. */
    uint64_t *slug_set;
    size_t slug_mask;

    struct article a;
    struct buf title, summary, body, slug, caption, author, source, scratch;
};

static int fail(struct demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first error (later ones are consequences) and returns -1. */
static int fail(struct demo *d, const char *fmt, ...)
{
    if (d->errlen > 0 && d->err[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->err, d->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* `what` says what could not be done, SQLite's sentence follows. */
static int fail_sql(struct demo *d, const char *what)
{
    return fail(d, "%s: %s", what, sqlite3_errmsg(d->db->db));
}

/* The result of a module's write of `what` (a noun: "một chuyên mục"): 0,
 * or the first error recorded, the module's reason or SQLite's. */
static int wrote(struct demo *d, int rc, const char *what, const char *problem)
{
    if (rc == 0)
        return 0;
    return fail(d, "không ghi được %s: %s", what, problem ? problem : sqlite3_errmsg(d->db->db));
}

/* --- names and numbers ------------------------------------------------------- */

static void put_male_name(struct demo *d, struct buf *out, const char **given)
{
    const char *g = rng_pick(&d->rng, &words_male_given);
    buf_printf(out, "%s %s %s", rng_pick(&d->rng, &words_surnames), rng_pick(&d->rng, &words_male_middle), g);
    if (given)
        *given = g;
}

static void put_female_name(struct demo *d, struct buf *out, const char **given)
{
    const char *g = rng_pick(&d->rng, &words_female_given);
    buf_printf(out, "%s %s %s", rng_pick(&d->rng, &words_surnames), rng_pick(&d->rng, &words_female_middle), g);
    if (given)
        *given = g;
}

/* A journalist's pen name: two syllables, "Thu Hà", "Minh Quang". */
static void put_pen_name(struct demo *d, struct buf *out)
{
    bool female = rng_percent(&d->rng, 55);
    const char *middle = rng_pick(&d->rng, female ? &words_female_middle : &words_male_middle);
    if (strcmp(middle, "Thị") == 0)
        middle = "Thu";
    else if (strcmp(middle, "Văn") == 0)
        middle = "Minh";
    buf_printf(out, "%s %s", middle, rng_pick(&d->rng, female ? &words_female_given : &words_male_given));
}

/* tenths = 125 prints "12,5"; 120 prints "12" (Vietnamese decimal comma). */
static void put_tenths(struct buf *out, int tenths)
{
    if (tenths % 10 == 0)
        buf_printf(out, "%d", tenths / 10);
    else
        buf_printf(out, "%d,%d", tenths / 10, tenths % 10);
}

/* "Kế hoạch số 123/KH-UBND ngày 5/4/2024 của UBND tỉnh", dated `at`; the
 * number grows through the year as a register's would. */
static void put_document(struct demo *d, struct buf *out, int64_t at)
{
    const struct words_document *doc = &words_documents[rng_below(&d->rng, (uint32_t)words_document_count)];
    struct vn_date date = vn_date_of(at);
    int number = 1 + doc->max_number * date.day_of_year / 366 + rng_range(&d->rng, 0, doc->max_number / 20);
    buf_printf(out, "%s số %d/%s ngày %d/%d/%d của %s", doc->kind, number, doc->code, date.day, date.month, date.year,
               doc->issuer);
}

/* --- pattern expansion ------------------------------------------------------- */

static int slot_lookup(const char *name, size_t n)
{
    char key[32];
    if (n == 0 || n >= sizeof key)
        return -1;
    memcpy(key, name, n);
    key[n] = '\0';
    if (key[0] >= 'A' && key[0] <= 'Z')
        key[0] = (char)(key[0] - 'A' + 'a');
    for (int i = 0; i < SLOT_COUNT; i++)
        if (strcmp(slot_names[i], key) == 0)
            return i;
    return -1;
}

/* Upper-cases the letter that starts at b->p[at]: ASCII and the lower-case
 * letters of Vietnamese (Latin-1, ă đ ĩ ũ ơ ư, and U+1EA0..U+1EF9, where
 * every odd code point is the lower case of the even one before it). */
static void capitalise_at(struct buf *b, size_t at)
{
    if (at >= b->n)
        return;
    unsigned char *p = (unsigned char *)b->p + at;
    size_t left = b->n - at;
    if (p[0] >= 'a' && p[0] <= 'z') {
        p[0] = (unsigned char)(p[0] - 'a' + 'A');
    } else if ((p[0] & 0xE0) == 0xC0 && left >= 2) {
        unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu), upper = cp;
        if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
            upper = cp - 0x20;
        else if (cp == 0x103 || cp == 0x111 || cp == 0x129 || cp == 0x169 || cp == 0x1A1 || cp == 0x1B0)
            upper = cp - 1;
        p[0] = (unsigned char)(0xC0 | (upper >> 6));
        p[1] = (unsigned char)(0x80 | (upper & 0x3F));
    } else if ((p[0] & 0xF0) == 0xE0 && left >= 3) {
        unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        if (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1)) {
            cp -= 1;
            p[0] = (unsigned char)(0xE0 | (cp >> 12));
            p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            p[2] = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
}

static void expand(struct demo *d, struct buf *out, const char *pattern);

static void expand_slot(struct demo *d, struct buf *out, enum slot slot)
{
    struct article *a = &d->a;
    struct rng *r = &d->rng;
    switch (slot) {
    case SLOT_XA:
        buf_puts(out, a->place->commune);
        break;
    case SLOT_HUYEN:
        buf_puts(out, a->place->district);
        break;
    case SLOT_NOI:
        if (a->districts_gone)
            buf_printf(out, "xã %s", a->place->commune);
        else
            buf_printf(out, "xã %s (%s)", a->place->commune, a->place->district);
        break;
    case SLOT_CAP:
        if (a->districts_gone)
            buf_printf(out, "xã %s", a->place->commune);
        else
            buf_printf(out, "huyện %s", a->place->district);
        break;
    case SLOT_THON:
        buf_puts(out, a->village);
        break;
    case SLOT_XA2:
        buf_puts(out, a->other_place->commune);
        break;
    case SLOT_LANH_DAO:
        expand(d, out, words_province_roles.items[a->leader]);
        buf_putc(out, ' ');
        buf_put(out, buf_str(&d->roster[a->leader]));
        break;
    case SLOT_CAN_BO:
        buf_put(out, buf_str(&a->local_official));
        break;
    case SLOT_NGUOI:
        expand(d, out, rng_pick(r, &words_resident_roles));
        break;
    case SLOT_NONG_DAN:
        buf_put(out, buf_str(&a->farmer));
        break;
    case SLOT_NONG_DAN_NGAN:
        buf_put(out, buf_str(&a->farmer_short));
        break;
    case SLOT_TEN_NAM:
        put_male_name(d, out, NULL);
        break;
    case SLOT_TEN_NU:
        put_female_name(d, out, NULL);
        break;
    case SLOT_SAN_PHAM:
        buf_put(out, buf_str(&a->product));
        break;
    case SLOT_HTX:
        buf_put(out, buf_str(&a->cooperative));
        break;
    case SLOT_SAO:
        buf_put(out, buf_str(&a->stars));
        break;
    case SLOT_VAN_BAN:
        buf_put(out, buf_str(&a->document));
        break;
    case SLOT_VAN_BAN_KHAC:
        put_document(d, out, a->published_at - (int64_t)rng_range(r, 200, 1500) * DAY);
        break;
    case SLOT_NAM:
        buf_printf(out, "%d", a->date.year);
        break;
    case SLOT_NAM_TRUOC:
        buf_printf(out, "%d", a->date.year - 1);
        break;
    case SLOT_NAM_SAU: {
        int phase_end = a->date.year <= 2020 ? 2020 : a->date.year <= 2025 ? 2025 : 2030;
        buf_printf(out, "%d", a->date.year < phase_end ? phase_end : a->date.year + 1);
        break;
    }
    case SLOT_NGAY:
        buf_printf(out, "%d/%d", a->event.day, a->event.month);
        break;
    case SLOT_NGAY_DAY_DU:
        buf_printf(out, "%d/%d/%d", a->event.day, a->event.month, a->event.year);
        break;
    case SLOT_THANG:
        buf_printf(out, "%d", a->event.month);
        break;
    case SLOT_HAN: {
        struct vn_date deadline = vn_date_of(a->published_at + (int64_t)rng_range(r, 14, 84) * DAY);
        buf_printf(out, "%d/%d", deadline.day, deadline.month);
        break;
    }
    case SLOT_BUOI:
        buf_puts(out, a->part_of_day);
        break;
    case SLOT_QUY: {
        static const char *const quarters[] = {"I", "II", "III", "IV"};
        buf_puts(out, quarters[(a->event.month - 1) / 3]);
        break;
    }
    case SLOT_GIAI_DOAN:
        buf_puts(out, a->date.year <= 2020 ? "2016-2020" : a->date.year <= 2025 ? "2021-2025" : "2026-2030");
        break;
    case SLOT_BO:
        buf_puts(out, a->ministry_merged ? "Bộ Nông nghiệp và Môi trường" : "Bộ Nông nghiệp và Phát triển nông thôn");
        break;
    case SLOT_SO_NN:
        buf_puts(out, a->ministry_merged ? "Sở Nông nghiệp và Môi trường" : "Sở Nông nghiệp và Phát triển nông thôn");
        break;
    case SLOT_BO_TIEU_CHI:
        buf_puts(out, a->criteria_2026 ? "Quyết định số 51/2025/QĐ-TTg ngày 29/12/2025 của Thủ tướng Chính phủ"
                      : a->criteria_318 ? "Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ"
                                        : "Quyết định số 1980/QĐ-TTg ngày 17/10/2016 của Thủ tướng Chính phủ");
        break;
    case SLOT_TONG_TIEU_CHI:
        buf_puts(out, a->criteria_2026 ? "10" : "19");
        break;
    case SLOT_SO_TIEU_CHI:
        buf_printf(out, "%d/%d", a->criteria_met, a->criteria_2026 ? 10 : 19);
        break;
    case SLOT_TIEU_CHI:
        buf_puts(out, rng_pick(r, a->criteria_2026 ? &words_criteria_2026 : &words_criteria_2021));
        break;
    case SLOT_CHU_DE:
        buf_puts(out, a->topic);
        break;
    case SLOT_MO_HINH:
        buf_puts(out, a->community_model);
        break;
    case SLOT_KINH_TE:
        buf_puts(out, a->farm_model);
        break;
    case SLOT_HANG_MUC:
        buf_puts(out, a->works);
        break;
    case SLOT_DOAN_THE:
        buf_puts(out, rng_pick(r, &words_unions));
        break;
    case SLOT_UNG_DUNG:
        buf_puts(out, a->sales_channel);
        break;
    case SLOT_SO_NHO:
        buf_printf(out, "%d", rng_range(r, 2, 12));
        break;
    case SLOT_SO_VUA:
        buf_printf(out, "%d", rng_range(r, 15, 200));
        break;
    case SLOT_SO_LON: {
        int n = rng_range(r, 120, 980) * 10;
        buf_printf(out, "%d.%03d", n / 1000, n % 1000);
        break;
    }
    case SLOT_PHAN_TRAM:
        put_tenths(out, rng_range(r, 600, 999));
        buf_putc(out, '%');
        break;
    case SLOT_PHAN_TRAM_CAO:
        put_tenths(out, rng_range(r, 900, 995));
        buf_putc(out, '%');
        break;
    case SLOT_PHAN_TRAM_NHO:
        put_tenths(out, rng_range(r, 5, 49));
        buf_putc(out, '%');
        break;
    case SLOT_TY:
        put_tenths(out, rng_range(r, 12, 850));
        buf_puts(out, " tỷ đồng");
        break;
    case SLOT_TRIEU:
        buf_printf(out, "%d triệu đồng", rng_range(r, 8, 95) * 5);
        break;
    case SLOT_THU_NHAP:
        buf_printf(out, "%d triệu đồng", 36 + 4 * (a->date.year - 2020) + rng_range(r, 0, 8));
        break;
    case SLOT_KM:
        put_tenths(out, rng_range(r, 8, 250));
        buf_puts(out, " km");
        break;
    case SLOT_HA:
        buf_printf(out, "%d ha", rng_range(r, 3, 120) * 5);
        break;
    case SLOT_COUNT:
        assert(0);
        break;
    }
}

/* Appends `pattern` with its slots filled from the current article. The
 * patterns were checked by check_patterns(), so every slot is known. */
static void expand(struct demo *d, struct buf *out, const char *pattern)
{
    const char *p = pattern;
    for (;;) {
        const char *open = strchr(p, '{');
        if (!open) {
            buf_puts(out, p);
            return;
        }
        buf_append(out, p, (size_t)(open - p));
        const char *close = strchr(open, '}');
        assert(close);
        int slot = slot_lookup(open + 1, (size_t)(close - open - 1));
        assert(slot >= 0);
        size_t start = out->n;
        expand_slot(d, out, (enum slot)slot);
        if (open[1] >= 'A' && open[1] <= 'Z')
            capitalise_at(out, start);
        p = close + 1;
    }
}

/* Refuses a pattern with an unknown slot, unbalanced braces, or a character
 * that would break the body format ('|', "]]", a newline). */
static int check_pattern(struct demo *d, const char *pattern)
{
    if (!pattern)
        return 0;
    if (strchr(pattern, '|') || strstr(pattern, "]]") || strchr(pattern, '\n'))
        return fail(d, "mẫu câu có ký tự dành riêng cho định dạng nội dung bài: %s", pattern);
    for (const char *p = pattern; (p = strchr(p, '{')) != NULL;) {
        const char *close = strchr(p, '}');
        if (!close || memchr(p + 1, '{', (size_t)(close - p - 1)))
            return fail(d, "mẫu câu có dấu ngoặc nhọn không khớp: %s", pattern);
        if (slot_lookup(p + 1, (size_t)(close - p - 1)) < 0)
            return fail(d, "mẫu câu có chỗ điền lạ {%.*s}: %s", (int)(close - p - 1), p + 1, pattern);
        p = close + 1;
    }
    if (strchr(pattern, '}') && !strchr(pattern, '{'))
        return fail(d, "mẫu câu có dấu ngoặc nhọn không khớp: %s", pattern);
    return 0;
}

/* Checks a list; `pooled` lists are drawn without repetition through a
 * 64-bit mask, so they may hold at most 64 items. */
static int check_list(struct demo *d, const struct words_list *list, bool pooled)
{
    if (list->count == 0 || (pooled && list->count > 64))
        return fail(d, "một danh sách từ có số mục không hợp lệ (%zu)", list->count);
    for (size_t i = 0; i < list->count; i++)
        if (check_pattern(d, list->items[i]) != 0)
            return -1;
    return 0;
}

static int check_patterns(struct demo *d)
{
    if (words_category_count > 16)
        return fail(d, "quá nhiều chuyên mục");
    for (size_t c = 0; c < words_category_count; c++) {
        const struct words_category *cat = &words_categories[c];
        if (cat->title_count == 0 || cat->tags.count == 0 || cat->tags.count > 8)
            return fail(d, "chuyên mục %s cần có tiêu đề và từ 1 đến 8 từ khóa", cat->slug);
        for (size_t i = 0; i < cat->title_count; i++)
            if (check_pattern(d, cat->titles[i].title) || check_pattern(d, cat->titles[i].summary) ||
                check_pattern(d, cat->titles[i].lead))
                return -1;
        if (check_list(d, &cat->firsts, true) || check_list(d, &cat->openings, true) ||
            check_list(d, &cat->details, true))
            return -1;
    }
    const struct words_list *pooled[] = {&words_general,  &words_quotes,   &words_closings,
                                         &words_headings, &words_captions, &words_summary_tails};
    for (size_t i = 0; i < sizeof pooled / sizeof pooled[0]; i++)
        if (check_list(d, pooled[i], true) != 0)
            return -1;
    const struct words_list *other[] = {
        &words_province_roles, &words_local_roles_district, &words_local_roles_commune, &words_resident_roles,
        &words_products,       &words_cooperatives};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (check_list(d, other[i], false) != 0)
            return -1;
    if (words_province_roles.count > MAX_ROSTER)
        return fail(d, "quá nhiều chức danh cấp tỉnh");
    return 0;
}

static bool exhausted(const struct words_list *list, uint64_t used)
{
    uint64_t all = list->count == 64 ? ~0ull : (1ull << list->count) - 1;
    return (used & all) == all;
}

/* An item of `list` not yet used in this article (all of them again once
 * the list is exhausted). */
static const char *pick_fresh(struct demo *d, const struct words_list *list, uint64_t *used)
{
    assert(list->count > 0 && list->count <= 64);
    if (exhausted(list, *used))
        *used = 0;
    size_t i = rng_below(&d->rng, (uint32_t)list->count);
    while (*used & (1ull << i))
        i = (i + 1) % list->count;
    *used |= 1ull << i;
    return list->items[i];
}

/* --- the set of (category, slug) pairs ------------------------------------------ */

static uint64_t slug_hash(size_t category, struct str slug)
{
    uint64_t h = 0xCBF29CE484222325ull ^ (category * 0x9E3779B97F4A7C15ull);
    for (size_t i = 0; i < slug.n; i++)
        h = (h ^ (unsigned char)slug.p[i]) * 0x100000001B3ull;
    h ^= h >> 29;
    return h ? h : 1;
}

/* Adds the pair; false if it was there already. A 64-bit hash stands for
 * the pair: a false "already there" only costs one more title attempt. */
static bool slug_set_add(struct demo *d, size_t category, struct str slug)
{
    uint64_t h = slug_hash(category, slug);
    for (size_t i = (size_t)h & d->slug_mask;; i = (i + 1) & d->slug_mask) {
        if (d->slug_set[i] == h)
            return false;
        if (d->slug_set[i] == 0) {
            d->slug_set[i] = h;
            return true;
        }
    }
}

/* --- the small tables --------------------------------------------------------- */

static int check_empty(struct demo *d)
{
    int checks[] = {site_has_content(d->db), news_has_content(d->db), docs_has_content(d->db),
                    stats_has_content(d->db)};
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (checks[i] < 0)
            return fail_sql(d, "không kiểm tra được cơ sở dữ liệu có còn trống không");
        if (checks[i])
            return fail(d, "cơ sở dữ liệu đã có nội dung; chỉ thêm được nội dung mẫu vào cơ sở dữ liệu còn trống");
    }
    return 0;
}

static int write_settings(struct demo *d)
{
    for (size_t i = 0; i < words_setting_count; i++) {
        const char *problem = NULL;
        int rc = site_setting_set(d->db, str_cstr(words_settings[i].key), str_cstr(words_settings[i].value), &problem);
        if (wrote(d, rc, "một thiết lập", problem) != 0)
            return -1;
    }
    return 0;
}

static size_t tag_index(struct demo *d, const char *name)
{
    for (size_t i = 0; i < d->tag_count; i++)
        if (strcmp(d->tag_names[i], name) == 0)
            return i;
    assert(d->tag_count < MAX_TAGS);
    d->tag_names[d->tag_count] = name;
    return d->tag_count++;
}

static int write_categories_and_tags(struct demo *d)
{
    for (size_t c = 0; c < words_category_count; c++) {
        const struct words_category *cat = &words_categories[c];
        struct site_category_input in = {(int64_t)c + 1, str_cstr(cat->slug), str_cstr(cat->name),
                                         str_cstr(cat->description), (int)c + 1};
        const char *problem = NULL;
        if (wrote(d, site_category_save(d->db, &in, NULL, &problem), "một chuyên mục", problem) != 0)
            return -1;
        for (size_t t = 0; t < cat->tags.count; t++)
            d->category_tags[c][t] = tag_index(d, cat->tags.items[t]);
        d->category_tag_count[c] = cat->tags.count;
    }
    for (size_t t = 0; t < words_extra_tags.count; t++)
        tag_index(d, words_extra_tags.items[t]);

    for (size_t t = 0; t < d->tag_count; t++) {
        buf_reset(&d->slug);
        if (vi_slug(&d->slug, str_cstr(d->tag_names[t]), SLUG_MAX) != 0 || d->slug.n == 0)
            return fail(d, "không tạo được đường dẫn cho từ khóa \"%s\"", d->tag_names[t]);
        int64_t id;
        if (wrote(d, news_tag_ensure(d->db, (int64_t)t + 1, buf_str(&d->slug), str_cstr(d->tag_names[t]), &id),
                  "một từ khóa", NULL) != 0)
            return -1;
    }
    return 0;
}

static int write_media(struct demo *d, int64_t created_before)
{
    unsigned base_seed = (unsigned)rng_next(&d->rng);
    for (int i = 0; i < MEDIA_COUNT; i++) {
        bool share = i % SHARE_IMAGE_EVERY == SHARE_IMAGE_EVERY - 1;
        int width = share ? 1200 : 640, height = share ? 630 : 400;
        unsigned seed = base_seed + (unsigned)i * 7919u;
        unsigned char *png = NULL;
        size_t len = 0;
        if (demo_image_png(seed, width, height, &png, &len) != 0)
            return fail(d, "không vẽ được ảnh thứ %d", i + 1);
        buf_reset(&d->scratch);
        buf_printf(&d->scratch, "anh-%d.png", 100 + i + 1);
        size_t name_len = d->scratch.n;
        demo_image_alt(seed, &d->scratch);
        struct media_import in = {
            .id = i + 1,
            .name = str_make(d->scratch.p, name_len),
            .mime = STR("image/png"),
            .alt = str_skip(buf_str(&d->scratch), name_len),
            .width = width,
            .height = height,
            .bytes = png,
            .n = len,
            .created_at = created_before - (int64_t)(MEDIA_COUNT - i) * DAY,
        };
        const char *problem = NULL;
        int rc = media_import(d->db, &in, NULL, &problem);
        free(png);
        if (wrote(d, rc, "một ảnh", problem) != 0)
            return -1;
    }
    return 0;
}

static int write_weblinks(struct demo *d)
{
    for (size_t i = 0; i < words_weblink_count; i++) {
        struct site_link_input in = {0, str_cstr(words_weblinks[i].key), str_cstr(words_weblinks[i].value),
                                     (int)i + 1};
        const char *problem = NULL;
        if (wrote(d, site_link_save(d->db, &in, NULL, &problem), "một liên kết website", problem) != 0)
            return -1;
    }
    return 0;
}

static int write_counters(struct demo *d)
{
    int64_t total = 9900000 + rng_range(&d->rng, 0, 99999);
    int64_t bots = 2100000 + rng_range(&d->rng, 0, 400000);
    const struct {
        const char *key;
        int64_t value;
    } rows[] = {{"total", total}, {"bots_total", bots}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (wrote(d, stats_counter_set(d->db, rows[i].key, rows[i].value), "một bộ đếm", NULL) != 0)
            return -1;
    return 0;
}

/* --- articles -------------------------------------------------------------------- */

static int compare_times(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/*
 * Publication times over the six years before now, in ascending order (so
 * ids follow dates): the age is a mix of a uniform and a squared uniform
 * draw, which puts about a third of the articles in the last year and one
 * in nine in the oldest; each time is moved into office hours in Vietnam.
 */
static int64_t *publication_times(struct demo *d, size_t count)
{
    int64_t *times = malloc(count * sizeof *times);
    if (!times)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        double u = rng_unit(&d->rng);
        double age = SPAN_SECONDS * (0.3 * u + 0.7 * u * u);
        int64_t t = d->now - (int64_t)age;
        int64_t local = t + VN_OFFSET;
        int64_t midnight = local - ((local % DAY) + DAY) % DAY - VN_OFFSET;
        t = midnight + rng_range(&d->rng, 7 * 3600, 17 * 3600 + 1800) + rng_range(&d->rng, 0, 59);
        if (t > d->now)
            t = d->now - rng_range(&d->rng, 0, 3600);
        times[i] = t;
    }
    qsort(times, count, sizeof *times, compare_times);
    return times;
}

static size_t pick_category(struct demo *d)
{
    int total = 0;
    for (size_t c = 0; c < words_category_count; c++)
        total += words_categories[c].weight;
    int x = (int)rng_below(&d->rng, (uint32_t)total);
    for (size_t c = 0; c < words_category_count; c++) {
        x -= words_categories[c].weight;
        if (x < 0)
            return c;
    }
    return 0;
}

/* Fixes the context of an article: place, people, product, document, and
 * the era of its date. Called again, with a new draw, when a title turns
 * out to be taken. */
static void article_setup(struct demo *d, size_t category, int64_t published_at)
{
    static const char *const parts_of_day[] = {"sáng", "sáng", "chiều", "ngày"};
    struct article *a = &d->a;
    struct rng *r = &d->rng;

    a->category = &words_categories[category];
    a->published_at = published_at;
    a->date = vn_date_of(published_at);
    a->event = vn_date_of(published_at - (int64_t)rng_range(r, 0, 2) * DAY);
    a->criteria_318 = published_at >= vn_midnight(2022, 3, 8);
    a->ministry_merged = published_at >= vn_midnight(2025, 3, 1);
    a->districts_gone = published_at >= vn_midnight(2025, 7, 1);
    a->criteria_2026 = published_at >= vn_midnight(2026, 2, 15);
    a->part_of_day = parts_of_day[rng_below(r, 4)];
    a->place = &words_places[rng_below(r, (uint32_t)words_place_count)];
    a->other_place = a->place;
    while (a->other_place == a->place)
        a->other_place = &words_places[rng_below(r, (uint32_t)words_place_count)];
    a->village = rng_pick(r, &words_villages);
    a->leader = (int)rng_below(r, (uint32_t)words_province_roles.count);
    int total = a->criteria_2026 ? 10 : 19;
    a->criteria_met = rng_range(r, total - 4, total - 1); /* one is still "being worked on" */
    a->topic = rng_pick(r, &words_topics);
    a->farm_model = rng_pick(r, &words_farm_models);
    a->community_model = rng_pick(r, &words_community_models);
    a->sales_channel = rng_pick(r, &words_digital);
    a->works = rng_pick(r, &words_works);
    a->used_openings = a->used_details = a->used_general = a->used_quotes = 0;
    a->used_closings = a->used_headings = a->used_captions = 0;

    buf_reset(&a->local_official);
    expand(d, &a->local_official,
           rng_pick(r, a->districts_gone ? &words_local_roles_commune : &words_local_roles_district));
    buf_putc(&a->local_official, ' ');
    if (rng_percent(r, 80))
        put_male_name(d, &a->local_official, NULL);
    else
        put_female_name(d, &a->local_official, NULL);

    buf_reset(&a->farmer);
    buf_reset(&a->farmer_short);
    const char *given;
    bool female = rng_percent(r, 40);
    buf_puts(&a->farmer, female ? "bà " : "ông ");
    if (female)
        put_female_name(d, &a->farmer, &given);
    else
        put_male_name(d, &a->farmer, &given);
    buf_printf(&a->farmer_short, "%s %s", female ? "bà" : "ông", given);

    buf_reset(&a->product);
    expand(d, &a->product, rng_pick(r, &words_products));
    buf_reset(&a->cooperative);
    expand(d, &a->cooperative, rng_pick(r, &words_cooperatives));
    buf_reset(&a->stars);
    unsigned stars = rng_below(r, 100);
    buf_puts(&a->stars, stars < 60 ? "3 sao" : stars < 96 ? "4 sao" : "5 sao");
    buf_reset(&a->document);
    put_document(d, &a->document, published_at - (int64_t)rng_range(r, 1, 25) * DAY);
}

/* One paragraph of `sentences` sentences drawn from `first` (with the
 * probability `first_percent`, and while it has unused sentences) or else
 * from the general list, so no sentence repeats within an article. */
static void put_sentences(struct demo *d, struct buf *out, const struct words_list *first, uint64_t *first_used,
                          unsigned first_percent, int sentences)
{
    struct article *a = &d->a;
    for (int i = 0; i < sentences; i++) {
        if (i > 0)
            buf_putc(out, ' ');
        if (rng_percent(&d->rng, first_percent) && !exhausted(first, *first_used))
            expand(d, out, pick_fresh(d, first, first_used));
        else
            expand(d, out, pick_fresh(d, &words_general, &a->used_general));
    }
}

static void put_figure(struct demo *d, struct buf *out, int media_id)
{
    buf_printf(out, "\n\n[[anh:%d|", media_id);
    expand(d, out, pick_fresh(d, &words_captions, &d->a.used_captions));
    buf_puts(out, "]]");
}

/* The body: 3-8 paragraphs, 0-2 figures, sometimes a sub-heading. The
 * first paragraph opens the story, the last quotes someone and closes. */
static void write_body(struct demo *d, const struct words_title *title, int lead_image)
{
    static const int paragraph_weights[] = {12, 22, 26, 20, 12, 8}; /* 3..8 paragraphs */
    struct article *a = &d->a;
    const struct words_category *cat = a->category;
    struct buf *out = &d->body;
    struct rng *r = &d->rng;

    int paragraphs = 3;
    for (int x = (int)rng_below(r, 100), i = 0; i < 6; i++) {
        x -= paragraph_weights[i];
        if (x < 0) {
            paragraphs = 3 + i;
            break;
        }
    }
    unsigned figure_roll = rng_below(r, 100);
    int figures = figure_roll < 25 ? 0 : figure_roll < 80 ? 1 : 2;
    int heading_before = paragraphs >= 5 && rng_percent(r, 35) ? rng_range(r, 2, paragraphs - 2) : -1;
    int second_figure_after = paragraphs / 2 + 1 < paragraphs - 1 ? paragraphs / 2 + 1 : paragraphs - 2;
    unsigned detail_percent = cat->is_documents ? 80 : 60;

    buf_reset(out);
    for (int k = 0; k < paragraphs; k++) {
        if (k > 0)
            buf_puts(out, "\n\n");
        if (k == heading_before) {
            buf_puts(out, "## ");
            expand(d, out, pick_fresh(d, &words_headings, &a->used_headings));
            buf_puts(out, "\n\n");
        }
        if (k == 0) {
            uint64_t used_firsts = 0;
            expand(d, out, title->lead ? title->lead : pick_fresh(d, &cat->firsts, &used_firsts));
            buf_putc(out, ' ');
            expand(d, out, pick_fresh(d, &cat->openings, &a->used_openings));
        } else if (k == paragraphs - 1) {
            if (!cat->is_documents && rng_percent(r, 60))
                expand(d, out, pick_fresh(d, &words_quotes, &a->used_quotes));
            else
                put_sentences(d, out, &cat->details, &a->used_details, detail_percent, 1);
            buf_putc(out, ' ');
            expand(d, out, pick_fresh(d, &words_closings, &a->used_closings));
        } else {
            put_sentences(d, out, &cat->details, &a->used_details, detail_percent, rng_range(r, 2, 3));
        }
        if (figures >= 1 && k == 0) {
            int id = (int)rng_below(r, MEDIA_COUNT) + 1;
            if (id == lead_image)
                id = id % MEDIA_COUNT + 1;
            put_figure(d, out, id);
        }
        if (figures == 2 && k == second_figure_after) {
            int id = (int)rng_below(r, MEDIA_COUNT) + 1;
            if (id == lead_image)
                id = id % MEDIA_COUNT + 1;
            put_figure(d, out, id);
        }
    }
}

/* Author and source: a name (a pen name, a full name, sometimes with a
 * degree), or a source in the "Pen Name/site" form, or both. Documents are
 * signed by the office. */
static void write_byline(struct demo *d)
{
    struct rng *r = &d->rng;
    buf_reset(&d->author);
    buf_reset(&d->source);
    if (d->a.category->is_documents) {
        buf_puts(&d->source, rng_percent(r, 70) ? "Văn phòng Điều phối nông thôn mới tỉnh"
                                                : "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh");
        return;
    }
    unsigned roll = rng_below(r, 100);
    if (roll < 45) {
        put_pen_name(d, &d->author);
    } else if (roll < 60) {
        if (rng_percent(r, 50))
            put_male_name(d, &d->author, NULL);
        else
            put_female_name(d, &d->author, NULL);
    } else if (roll < 70) {
        buf_printf(&d->author, "%s ", rng_pick(r, &words_degrees));
        if (rng_percent(r, 50))
            put_male_name(d, &d->author, NULL);
        else
            put_female_name(d, &d->author, NULL);
    } else if (roll < 85) {
        put_pen_name(d, &d->source);
        if (rng_percent(r, 50))
            buf_puts(&d->source, "/baohatinh.vn");
        else
            buf_printf(&d->source, "/%s.hatinh.gov.vn", d->a.place->district_host);
    } else if (roll < 95) {
        put_pen_name(d, &d->author);
        buf_puts(&d->source, rng_pick(r, &words_sources));
    } else {
        buf_puts(&d->source, rng_pick(r, &words_sources));
    }
}

/* Chooses the title (and the context behind it) so that (category, slug)
 * is new; after TITLE_ATTEMPTS taken titles, falls back to a numbered
 * bulletin title, which is unique by its number. */
static int write_title(struct demo *d, size_t category, int64_t published_at, size_t index,
                       const struct words_title **chosen)
{
    const struct words_category *cat = &words_categories[category];
    for (int attempt = 0; attempt <= TITLE_ATTEMPTS; attempt++) {
        article_setup(d, category, published_at);
        buf_reset(&d->title);
        if (attempt < TITLE_ATTEMPTS) {
            *chosen = &cat->titles[rng_below(&d->rng, (uint32_t)cat->title_count)];
            expand(d, &d->title, (*chosen)->title);
        } else {
            *chosen = &cat->titles[rng_below(&d->rng, (uint32_t)cat->title_count)];
            buf_printf(&d->title, "Bản tin nông thôn mới số %zu", index + 1);
        }
        buf_reset(&d->slug);
        if (vi_slug(&d->slug, buf_str(&d->title), SLUG_MAX) != 0 || d->slug.n == 0)
            return fail(d, "không tạo được đường dẫn cho tiêu đề \"%.*s\"", (int)d->title.n, d->title.p);
        if (slug_set_add(d, category, buf_str(&d->slug)))
            return 0;
    }
    return fail(d, "hết tiêu đề chưa dùng trong chuyên mục %s", cat->slug);
}

static int write_article(struct demo *d, size_t index, size_t category, int64_t published_at, bool featured)
{
    struct rng *r = &d->rng;
    const struct words_title *title;
    if (write_title(d, category, published_at, index, &title) != 0)
        return -1;

    buf_reset(&d->summary);
    expand(d, &d->summary, title->summary);
    if (rng_percent(r, 25)) {
        buf_putc(&d->summary, ' ');
        expand(d, &d->summary, rng_pick(r, &words_summary_tails));
    }

    int lead_image = rng_percent(r, 85) ? (int)rng_below(r, MEDIA_COUNT) + 1 : 0;
    buf_reset(&d->caption);
    if (lead_image)
        expand(d, &d->caption, pick_fresh(d, &words_captions, &d->a.used_captions));
    write_body(d, title, lead_image);
    write_byline(d);

    int64_t updated_at = published_at;
    if (rng_percent(r, 20)) {
        updated_at += rng_range(r, 600, 5 * DAY);
        if (updated_at > d->now)
            updated_at = d->now;
    }
    int64_t age_days = (d->now - published_at) / DAY;
    int64_t views = 30 + rng_range(r, 0, 400) + age_days * rng_range(r, 1, 5);
    if (featured)
        views *= 2;
    int rating_count = rng_percent(r, 30) ? rng_range(r, 1, 40) : 0;
    int rating_sum = 0;
    for (int i = 0; i < rating_count; i++)
        rating_sum += rng_range(r, 3, 5);

    /* The category's first tag, then up to three more, mostly its own. */
    int64_t tags[MAX_ARTICLE_TAGS];
    size_t tag_total = 0;
    tags[tag_total++] = (int64_t)d->category_tags[category][0] + 1;
    int extra = rng_range(r, 0, MAX_ARTICLE_TAGS - 1);
    for (int attempt = 0; attempt < 8 && (int)tag_total < 1 + extra; attempt++) {
        size_t t = rng_percent(r, 75)
                       ? d->category_tags[category][rng_below(r, (uint32_t)d->category_tag_count[category])]
                       : rng_below(r, (uint32_t)d->tag_count);
        bool seen = false;
        for (size_t i = 0; i < tag_total; i++)
            seen |= tags[i] == (int64_t)t + 1;
        if (!seen)
            tags[tag_total++] = (int64_t)t + 1;
    }
    struct news_article_input in = {
        .id = (int64_t)index + 1,
        .create = true,
        .category_id = (int64_t)category + 1,
        .slug = buf_str(&d->slug),
        .title = buf_str(&d->title),
        .summary = buf_str(&d->summary),
        .body = buf_str(&d->body),
        .author = buf_str(&d->author),
        .source = buf_str(&d->source),
        .image_id = lead_image,
        .image_caption = buf_str(&d->caption),
        .featured = featured,
        .status = NEWS_PUBLISHED_STATUS,
        .published_at = published_at,
        .updated_at = updated_at,
        .tag_ids = tags,
        .n_tags = tag_total,
        .views = views,
        .rating_sum = rating_sum,
        .rating_count = rating_count,
    };
    const char *problem = NULL;
    return wrote(d, news_article_save(d->db, &in, NULL, &problem), "một bài viết", problem);
}

static int write_articles(struct demo *d, const int64_t *times)
{
    size_t count = (size_t)d->article_total;
    size_t slots = 64;
    while (slots < 2 * count + 16)
        slots *= 2;
    d->slug_set = calloc(slots, sizeof *d->slug_set);
    if (!d->slug_set)
        return fail(d, "hết bộ nhớ");
    d->slug_mask = slots - 1;

    for (size_t i = 0; i < count; i++) {
        /* The newest articles cover every category once and are featured,
         * so the home page has something in each box; otherwise ~5%. */
        size_t from_newest = count - 1 - i;
        bool forced = from_newest < words_category_count;
        size_t category = forced ? from_newest : pick_category(d);
        bool featured = forced || rng_percent(&d->rng, 5);
        if (write_article(d, i, category, times[i], featured) != 0)
            return -1;
    }
    return 0;
}

/* --- entry point ------------------------------------------------------------------- */

static void demo_free(struct demo *d)
{
    for (size_t i = 0; i < MAX_ROSTER; i++)
        buf_free(&d->roster[i]);
    struct buf *bufs[] = {&d->a.local_official, &d->a.farmer, &d->a.farmer_short, &d->a.product,
                          &d->a.cooperative,    &d->a.stars,  &d->a.document,     &d->title,
                          &d->summary,          &d->body,     &d->slug,           &d->caption,
                          &d->author,           &d->source,   &d->scratch};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        buf_free(bufs[i]);
    free(d->slug_set);
    d->slug_set = NULL;
}

/* Writes everything; the caller owns the transaction. */
static int fill(struct demo *d)
{
    if (check_empty(d) != 0)
        return -1;

    d->roster_count = words_province_roles.count;
    for (size_t i = 0; i < d->roster_count; i++) {
        if (rng_percent(&d->rng, 25))
            put_female_name(d, &d->roster[i], NULL);
        else
            put_male_name(d, &d->roster[i], NULL);
    }

    int64_t *times = publication_times(d, (size_t)d->article_total);
    if (!times)
        return fail(d, "hết bộ nhớ");
    int64_t first = d->article_total > 0 ? times[0] : d->now;
    int rc = -1;
    /* the search indexes built once, after the articles (see news_bulk_begin) */
    struct news_bulk held;
    if (news_bulk_begin(d->db, &held) != 0) {
        free(times);
        return fail_sql(d, "không tạm gỡ được các bộ kích hoạt của chỉ mục tìm kiếm");
    }
    bool written = write_settings(d) == 0 && write_categories_and_tags(d) == 0 && write_media(d, first) == 0 &&
                   write_articles(d, times) == 0;
    if (news_bulk_end(d->db, &held) != 0 && written)
        written = fail_sql(d, "không dựng được chỉ mục tìm kiếm các bài viết") == 0;
    if (written &&
        demo_fill_documents(d->db, (unsigned)(d->rng.state >> 32), d->now, times, (size_t)d->article_total, d->err,
                            d->errlen) == 0 &&
        write_weblinks(d) == 0 && write_counters(d) == 0 &&
        demo_fill_visits(d->db, d->rng.state, d->now, d->err, d->errlen) == 0)
        rc = 0;
    free(times);
    return rc;
}

int demo_fill(struct store_conn *db, const struct demo_options *opt, char *err, size_t errlen)
{
    struct demo d = {.db = db, .err = err, .errlen = errlen};
    if (errlen > 0)
        err[0] = '\0';
    if (!db)
        return fail(&d, "không có cơ sở dữ liệu");
    struct demo_options defaults = {DEMO_DEFAULT_ARTICLES, 0, 0};
    if (!opt)
        opt = &defaults;
    if (opt->articles < 0 || opt->articles > DEMO_MAX_ARTICLES)
        return fail(&d, "số bài viết phải từ 0 đến %d", DEMO_MAX_ARTICLES);
    d.article_total = opt->articles ? opt->articles : DEMO_DEFAULT_ARTICLES;
    d.now = opt->now ? opt->now : clock_now();
    d.rng.state = 0x4E544D2D44494E48ull ^ ((uint64_t)opt->seed * 0x9E3779B97F4A7C15ull);

    if (check_patterns(&d) != 0)
        return -1;
    /* One transaction for everything: each module's write is a savepoint
     * inside it, and a failure anywhere leaves the database as it was. */
    if (store_write_begin(db) != 0)
        return fail_sql(&d, "không bắt đầu được giao dịch");

    int rc = fill(&d);
    if (rc == 0 && store_write_commit(db) != 0)
        rc = fail_sql(&d, "không lưu được giao dịch");
    else if (rc != 0)
        store_write_rollback(db);
    demo_free(&d);
    return rc;
}
