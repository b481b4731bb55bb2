/*
 * search.c - the search page; the ranking rule is in search.h.
 *
 *   /tim-kiem?q=...&loai=bai-viet|van-ban&nam=YYYY&trang=N
 */
#include "search/search.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "docs/docs.h"
#include "docs/index.h"
#include "docs/number.h"
#include "docs/query.h"
#include "http/parse.h"
#include "http/router.h"
#include "http/web.h"
#include "news/index.h"
#include "news/query.h"
#include "portal/app.h"
#include "search/terms.h"
#include "search/view.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vitime.h"

struct candidate {
    int64_t id;
    double score; /* dinh_rank: higher is better */
    int64_t published;
    bool title;    /* the title matched, or the document's number was typed */
    bool document; /* a document, not an article */
    bool exact;    /* found by the words as they were typed, marks and all */
};

/* Where the candidates of one search collect. */
struct candidates {
    struct candidate *c;
    size_t n, cap;
    size_t seen;   /* candidates before this walk: a match among them is not added again */
    bool title;    /* what the walk under way reads */
    bool document;
    bool exact;
};

static bool seen_before(const struct candidates *cs, int64_t id, bool document)
{
    for (size_t i = 0; i < cs->seen; i++)
        if (cs->c[i].id == id && cs->c[i].document == document)
            return true;
    return false;
}

static void add_candidate(void *ctx, int64_t id, double score, int64_t published)
{
    struct candidates *cs = ctx;
    if (cs->n == cs->cap || seen_before(cs, id, cs->document))
        return;
    cs->c[cs->n++] = (struct candidate){id, score, published, cs->title, cs->document, cs->exact};
}

/* Appends the document candidates: the exact number first (with
 * `number`), then the newest matches of the documents' index. Returns -1
 * on a failure. */
static int collect_documents(struct web_req *r, struct str match, struct str q, bool number_first, int year,
                             struct candidates *cs, bool *full)
{
    struct doc_number number;
    cs->document = true;
    cs->seen = cs->n;
    if (number_first && doc_number_parse(q, &number) == 0 && number.family != DOC_INCOMPLETE) {
        cs->title = true;
        if (docs_index_exact(r->db, number.canonical, year, r->now, add_candidate, cs) < 0)
            return -1;
    }
    cs->title = false;
    cs->seen = cs->n;
    int got = docs_index_walk(r->db, match, year, r->now, SEARCH_DOC_CANDIDATES, add_candidate, cs);
    if (got < 0)
        return -1;
    if (got == SEARCH_DOC_CANDIDATES)
        *full = true;
    return 0;
}

static int compare_candidates(const void *x, const void *y)
{
    const struct candidate *a = x, *b = y;
    if (a->exact != b->exact)
        return a->exact ? -1 : 1;
    if (a->title != b->title)
        return a->title ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->published != b->published)
        return a->published > b->published ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
}

/* What the walks of one search share: the query, its period, and the
 * floor of the second walks (walk_floor), found once for both indexes. */
struct search_walks {
    struct str all;            /* the FTS5 query search_terms wrote */
    struct search_words words; /* where its words stand in `all` */
    bool scoped;               /* a word could be a bucket token (news/index.h) */
    int64_t from, to;          /* publication times */
    int64_t lo, hi;            /* article ids */
    int64_t floor;             /* -1 until found */
};

static struct str word_of(const struct search_walks *s, size_t i)
{
    return (struct str){s->all.p + s->words.word[i].at, s->words.word[i].n};
}

/* Where a walk down from hi may stop and still read at most `rows`
 * articles holding all the words: the oldest of the newest `rows`
 * articles of [lo, hi] holding the word that is rarest there; lo if a
 * word is in fewer than `rows` of them. Read from the full index, whose
 * articles holding all the words include the title index's. A word that
 * could be a bucket token is counted with its bucket postings, which
 * only makes the floor higher. Returns -1 on a failure. */
static int walk_floor(struct web_req *r, const struct search_walks *s, int64_t lo, int64_t hi, int rows,
                      int64_t *floor)
{
    struct buf m = BUF_INIT;
    *floor = hi + 1;
    int rc = 0;
    for (size_t i = 0; i < s->words.n && *floor > lo; i++) {
        bool again = false;
        for (size_t j = 0; j < i; j++)
            again |= str_eq(word_of(s, j), word_of(s, i));
        if (again)
            continue;
        buf_reset(&m);
        struct str word = word_of(s, i);
        if (word.n && word.p[0] == '(') { /* a word with its synonyms (terms.h): one list, as it is */
            buf_put(&m, word);
        } else {
            buf_putc(&m, '"');
            buf_put(&m, word);
            buf_putc(&m, '"');
        }
        int64_t id = 0;
        int found = news_index_probe(r->db, buf_str(&m), lo, hi, rows - 1, &id);
        if (found < 0) {
            rc = -1;
            break;
        }
        if (!found)
            *floor = lo;
        else if (id < *floor)
            *floor = id;
    }
    buf_free(&m);
    return rc;
}

/* One walk of an index, newest first, over ids [lo, hi]: appends up to
 * `limit` matches not already among the candidates, and adds the rows read
 * to *got. */
static int walk(struct web_req *r, const struct search_walks *s, bool title, int64_t lo, int64_t hi, int limit,
                struct candidates *cs, int *got)
{
    cs->title = title;
    int rows = news_index_walk(r->db, s->all, s->scoped, title, r->now, s->from, s->to, lo, hi, limit,
                               add_candidate, cs);
    if (rows < 0)
        return -1;
    *got += rows;
    return 0;
}

/* Appends the newest matches of the period, at most `limit`, from the
 * title-only index or the full one.
 *
 * FTS5 checks a rowid bound only when it reaches the next match, so a
 * walk that finds no match below the bound (a quoted phrase of common
 * words in an order nobody writes) would go on to the oldest article.
 * Every walk is therefore ANDed with the bucket tokens of its range
 * (news/index.h), and the range is chosen so that the work is bounded:
 * first the newest SEARCH_FIRST_IDS ids; then, if the limit is not
 * reached, older ids down to walk_floor, so that at most
 * SEARCH_SCAN_UNITS / units articles holding all the words are read, and
 * to no more than SEARCH_SCAN_IDS / units ids (each word's list is stepped
 * through over the range). A query of one word needs no floor: each
 * article its walk reads is a match. *cut is set when the full index's
 * walk stopped above the period's first article with the limit not
 * reached: older matches may exist. */
static int collect(struct web_req *r, struct search_walks *s, bool title, int limit, struct candidates *cs,
                   bool *full, bool *cut)
{
    cs->seen = cs->n;
    cs->document = false;
    int got = 0;
    int64_t first = s->hi - SEARCH_FIRST_IDS + 1 > s->lo ? s->hi - SEARCH_FIRST_IDS + 1 : s->lo;
    if (walk(r, s, title, first, s->hi, limit, cs, &got) != 0)
        return -1;
    if (got < limit && first > s->lo) {
        if (s->floor < 0) {
            int units = s->words.units > 0 ? s->words.units : 1;
            int rows = SEARCH_SCAN_UNITS / units;
            s->floor = s->lo;
            if (s->words.n > 1) {
                if (walk_floor(r, s, s->lo, first - 1, rows > SEARCH_MIN_PROBE ? rows : SEARCH_MIN_PROBE,
                               &s->floor) != 0)
                    return -1;
                if (s->floor < first - SEARCH_SCAN_IDS / units)
                    s->floor = first - SEARCH_SCAN_IDS / units;
            }
        }
        if (walk(r, s, title, s->floor, first - 1, limit - got, cs, &got) != 0)
            return -1;
        if (s->floor > s->lo && got < limit && !title)
            *cut = true;
    }
    if (got == limit)
        *full = true;
    return 0;
}

/* Splits text marked with \1 ... \2 into pieces, dropping the body
 * format's own marks ("[[anh:12|", "]]", "## "). */
static size_t pieces(struct arena *a, struct str s, struct search_piece **out)
{
    struct buf clean = BUF_INIT;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '[' && i + 6 < s.n && memcmp(s.p + i, "[[anh:", 6) == 0) {
            const char *bar = memchr(s.p + i, '|', s.n - i);
            i = bar ? (size_t)(bar - s.p) : i + 5;
            continue;
        }
        if (s.p[i] == ']' && i + 1 < s.n && s.p[i + 1] == ']') {
            buf_putc(&clean, ' ');
            i++;
            continue;
        }
        if (s.p[i] == '#' && i + 2 < s.n && s.p[i + 1] == '#' && s.p[i + 2] == ' ') {
            i += 2;
            continue;
        }
        buf_putc(&clean, s.p[i] == '\n' ? ' ' : s.p[i]);
    }
    size_t cap = 2;
    for (size_t i = 0; i < clean.n; i++)
        cap += clean.p[i] == '\1' || clean.p[i] == '\2';
    struct search_piece *ps = ARENA_ARRAY(a, struct search_piece, cap);
    size_t n = 0, start = 0;
    bool mark = false;
    for (size_t i = 0; i <= clean.n; i++) {
        if (i < clean.n && clean.p[i] != '\1' && clean.p[i] != '\2')
            continue;
        if (i > start && n < cap)
            ps[n++] = (struct search_piece){arena_strdup(a, clean.p + start, i - start), mark};
        if (i < clean.n)
            mark = clean.p[i] == '\1';
        start = i + 1;
    }
    buf_free(&clean);
    *out = ps;
    return n;
}

/* 1 when the hit is filled, 0 when the article is gone, -1 on a failure. */
static int load_hit(struct web_req *r, const struct search_walks *s, const struct candidate *c, struct search_hit *h)
{
    struct news_index_hit hit;
    int found = news_index_hit(r->db, r->arena, s->all, s->scoped, c->id, &hit);
    if (found <= 0)
        return found;
    h->kind = STR("Tin bài");
    h->n_title = pieces(r->arena, hit.title, &h->title);
    h->n_snippet = pieces(r->arena, hit.snippet, &h->snippet);
    const struct site_category *cat = site_category_by_id(portal_site(r), hit.category_id);
    struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
    h->where = cat ? cat->name : STR("Tin tức");
    h->url = news_article_url(r->arena, cat_slug, hit.slug, c->id);
    char *date = arena_alloc(r->arena, 10 + 25);
    vi_date_iso_chars(hit.published, date);
    h->date = (struct str){date, 10};
    h->iso = (struct str){date + 10, 25};
    web_tag(r, "art:%lld", (long long)c->id);
    return 1;
}

static int load_document_hit(struct web_req *r, struct str match, const struct candidate *c, struct search_hit *h)
{
    struct docs_item item;
    int found = docs_item(r->db, r->arena, c->id, r->now, &item);
    if (found <= 0)
        return found;
    h->kind = STR("Văn bản");
    h->url = item.url;
    h->where = item.issuer_name;
    h->date = item.date;
    h->iso = item.iso;
    h->title = ARENA_ARRAY(r->arena, struct search_piece, 2);
    h->title[0] = (struct search_piece){arena_printf(r->arena, "%.*s số ", (int)item.type_name.n, item.type_name.p),
                                        false};
    h->title[1] = (struct search_piece){item.number, c->title};
    h->n_title = 2;
    struct str snippet;
    int marked = docs_index_hit(r->db, r->arena, match, c->id, &snippet);
    if (marked < 0)
        return -1;
    if (marked > 0)
        h->n_snippet = pieces(r->arena, snippet, &h->snippet);
    if (!h->n_snippet) { /* found by its number alone: show the abstract as it is */
        h->snippet = ARENA_NEW(r->arena, struct search_piece);
        h->snippet[0] = (struct search_piece){item.abstract, false};
        h->n_snippet = 1;
    }
    web_tag(r, "doc:%lld", (long long)c->id);
    return 1;
}

static struct str search_url(struct web_req *r, struct str q, struct str kind, struct str year, bool loose, int page)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/tim-kiem?q=");
    tpl_escape_url_part(&b, q);
    if (kind.n) {
        buf_puts(&b, "&loai=");
        buf_put(&b, kind);
    }
    if (year.n) {
        buf_puts(&b, "&nam=");
        buf_put(&b, year);
    }
    if (loose)
        buf_puts(&b, "&dau=bo");
    if (page > 1)
        buf_printf(&b, "&trang=%d", page);
    struct str s = arena_strdup(r->arena, b.p, b.n);
    buf_free(&b);
    return s;
}

static int year_options(struct web_req *r, struct search_page *p, int selected)
{
    int first = 0, last = 0;
    if (news_index_years(r->db, r->now, &first, &last) != 0)
        return -1;
    int n = last >= first && first ? last - first + 1 : 0;
    if (n > 50)
        n = 50;
    p->years = ARENA_ARRAY(r->arena, struct search_option, (size_t)n + 1);
    p->years[p->n_years++] = (struct search_option){STR(""), STR("Mọi năm"), selected == 0};
    for (int y = last; y > last - n; y--)
        p->years[p->n_years++] =
            (struct search_option){arena_printf(r->arena, "%d", y), arena_printf(r->arena, "%d", y), y == selected};
    return 0;
}

struct search_url_ctx {
    struct web_req *r;
    struct str q, kind, year;
    bool loose;
};

static struct str search_page_url(void *p, int page)
{
    struct search_url_ctx *c = p;
    return search_url(c->r, c->q, c->kind, c->year, c->loose, page);
}

/* The walks of one FTS5 query over the period. */
static void walks_init(struct web_req *r, struct search_walks *w, struct str match, const struct search_words *words,
                       int64_t from, int64_t to)
{
    *w = (struct search_walks){.all = arena_strdup(r->arena, match.p, match.n), .words = *words, .from = from,
                               .to = to, .floor = -1};
    for (size_t i = 0; i < w->words.n; i++)
        w->scoped |= news_index_word_is_bucket_like(word_of(w, i));
}

/* Collects the candidates of one query: articles (title matches, then the
 * full index) and documents, marked `exact` or not. */
static int collect_all(struct web_req *r, struct search_walks *w, struct str q, struct str kind, int year, bool exact,
                       struct candidates *cs, bool *full, bool *cut)
{
    cs->exact = exact;
    if (!str_eq_lit(kind, "van-ban")) {
        int any = news_index_id_range(r->db, r->now, w->from, w->to, year == 0, &w->lo, &w->hi);
        if (any < 0)
            return -1;
        if (any && (collect(r, w, true, SEARCH_TITLE_CANDIDATES, cs, full, cut) != 0 ||
                    collect(r, w, false, SEARCH_BODY_CANDIDATES, cs, full, cut) != 0))
            return -1;
    }
    if (!str_eq_lit(kind, "bai-viet") && collect_documents(r, w->all, q, exact || !w->words.marked, year, cs, full) != 0)
        return -1;
    return 0;
}

/* Runs a query that has words: collects the candidates, ranks them, and
 * loads the page's hits. A query typed with marks (`spelled`, the query
 * asking its marked words in their exact spelling) is run twice: first as
 * typed, then folded; what the first finds comes first, highlighted as
 * typed ("bão" marks "bão", never "báo"). Returns -1 on a failure, or with
 * p->status set to the status to answer (a page beyond the last). */
static int run_search(struct web_req *r, struct search_page *p, struct str match, const struct search_words *words,
                      struct str spelled, const struct search_words *spelled_words, struct str kind,
                      struct str year_s, int year, bool loose)
{
    p->searched = true;
    int64_t from = INT64_MIN / 2, to = INT64_MAX / 2;
    if (year) {
        from = vi_unix_from_local(year, 1, 1, 0, 0, 0);
        to = vi_unix_from_local(year + 1, 1, 1, 0, 0, 0);
    }
    struct search_walks walks, exact_walks = {.floor = -1};
    walks_init(r, &walks, match, words, from, to);
    size_t per_query = SEARCH_TITLE_CANDIDATES + SEARCH_BODY_CANDIDATES + SEARCH_DOC_CANDIDATES;
    struct candidates cs = {.cap = 2 * per_query + 10};
    cs.c = ARENA_ARRAY(r->arena, struct candidate, cs.cap);
    bool full = false;
    if (spelled.n) {
        walks_init(r, &exact_walks, spelled, spelled_words, from, to);
        if (collect_all(r, &exact_walks, p->q, kind, year, true, &cs, &full, &p->cut) != 0)
            return -1;
    }
    if (collect_all(r, &walks, p->q, kind, year, false, &cs, &full, &p->cut) != 0)
        return -1;
    qsort(cs.c, cs.n, sizeof *cs.c, compare_candidates);
    if (spelled.n) { /* the exact spellings sort first */
        /* Decided for articles and documents apart, so that every kind
         * together holds what each kind alone does: a kind with words
         * spelled as typed shows only those (the others a link away); one
         * without shows the other spellings, and the page says so. */
        size_t exact[2] = {0, 0}, all[2] = {0, 0};
        for (size_t i = 0; i < cs.n; i++) {
            all[cs.c[i].document]++;
            exact[cs.c[i].document] += cs.c[i].exact;
        }
        if (loose) {
            p->exact_url = search_url(r, p->q, kind, year_s, false, 1);
        } else {
            size_t kept = 0;
            for (size_t i = 0; i < cs.n; i++)
                if (cs.c[i].exact || !exact[cs.c[i].document])
                    cs.c[kept++] = cs.c[i];
            if (kept < cs.n) {
                p->loose_url = search_url(r, p->q, kind, year_s, true, 1);
                full = false;
            }
            cs.n = kept;
            bool some_exact = exact[0] || exact[1];
            p->no_exact = !some_exact && cs.n > 0;
            /* one kind spelled as typed, the other only otherwise */
            if (some_exact && !exact[0] && all[0])
                p->loose_kind = STR("bài viết");
            else if (some_exact && !exact[1] && all[1])
                p->loose_kind = STR("văn bản");
        }
    }
    p->total = (long long)cs.n;
    p->more = full;
    p->pages = cs.n ? (int)((cs.n + SEARCH_PER_PAGE - 1) / SEARCH_PER_PAGE) : 1;
    if (p->page > p->pages) {
        p->status = 404;
        return -1;
    }
    size_t first = (size_t)(p->page - 1) * SEARCH_PER_PAGE;
    p->hits = ARENA_ARRAY(r->arena, struct search_hit, SEARCH_PER_PAGE);
    for (size_t i = first; i < cs.n && i < first + SEARCH_PER_PAGE; i++) {
        const struct search_walks *w = cs.c[i].exact ? &exact_walks : &walks;
        int found = cs.c[i].document ? load_document_hit(r, w->all, &cs.c[i], &p->hits[p->n_hits])
                                     : load_hit(r, w, &cs.c[i], &p->hits[p->n_hits]);
        if (found < 0)
            return -1;
        p->n_hits += (size_t)found;
    }
    struct search_url_ctx *urls = ARENA_NEW(r->arena, struct search_url_ctx);
    *urls = (struct search_url_ctx){r, p->q, kind, year_s, loose};
    view_pager_build(&p->pager, r->arena, p->page, p->pages, STR("Phân trang kết quả"), search_page_url, urls);
    if (!cs.n)
        p->message = year ? STR("Không tìm thấy kết quả phù hợp. Hãy thử từ khóa khác, ít từ hơn, hoặc bỏ bộ lọc năm.")
                          : STR("Không tìm thấy kết quả phù hợp. Hãy thử từ khóa khác hoặc ít từ hơn.");
    return 0;
}

static int search_page(struct web_req *r)
{
    struct search_page p;
    memset(&p, 0, sizeof p);
    struct str q = web_param(r, "q"), kind = web_param(r, "loai"), year_s = web_param(r, "nam");
    /* the query is shown in the title, the heading and the box: without the
     * characters that would turn the text around it (U+202E) or show blank */
    p.q = q.p ? utf8_query_clean(r->arena, q) : STR("");
    kind = kind.p ? kind : STR("");
    year_s = year_s.p ? year_s : STR("");
    /* An unknown kind is named on the search page, as /van-ban/ names one. */
    struct str bad_kind = STR_NULL;
    if (kind.n && !str_eq_lit(kind, "bai-viet") && !str_eq_lit(kind, "van-ban")) {
        bad_kind = kind;
        kind = STR("");
    }
    unsigned long long year = 0, page = 1;
    if (year_s.n && (!str_to_u64(year_s, &year) || year < 1900 || year > 2200))
        return web_error(r, 400);
    if (web_param(r, "trang").p && !(page = (unsigned long long)portal_page_param(r, 1000)))
        return 0;
    struct str dau = web_param(r, "dau");
    if (dau.p && !str_eq_lit(dau, "bo"))
        return web_error_saying(r, 400, STR("Tham số dau chỉ nhận giá trị bo (tìm cả các từ khác dấu)."));
    bool loose = dau.p != NULL;
    p.page = (int)page;

    static const struct {
        const char *value, *label;
    } kinds[] = {{"", "Tất cả"}, {"bai-viet", "Tin bài"}, {"van-ban", "Văn bản"}};
    p.kinds = ARENA_ARRAY(r->arena, struct search_option, 3);
    for (size_t i = 0; i < 3; i++)
        p.kinds[p.n_kinds++] = (struct search_option){str_cstr(kinds[i].value), str_cstr(kinds[i].label),
                                                      str_eq_lit(kind, kinds[i].value)};
    if (year_options(r, &p, (int)year) != 0)
        return -1;

    struct buf match = BUF_INIT, spelled = BUF_INIT;
    struct search_words words, spelled_words;
    enum search_terms_result tr = search_terms(p.q, &match, &words);
    if (tr == SEARCH_TERMS_OK && words.marked)
        search_terms_spelled(p.q, true, &spelled, &spelled_words);
    /* Longer than any other route's value (HTTP_MAX_PARAM_VALUE): taken by
     * the query parser for this route only, so that the page says so. */
    bool refused = bad_kind.n || p.q.n > HTTP_MAX_PARAM_VALUE || tr == SEARCH_TERMS_TOO_LONG;
    switch (tr) {
    case SEARCH_TERMS_EMPTY: {
        /* the example number is one of the register's, so that following it finds something */
        struct docs_item *newest;
        size_t n_newest;
        if (docs_latest(r->db, r->arena, r->now, 1, &newest, &n_newest) != 0)
            return -1;
        struct str number = n_newest && newest[0].number.n ? newest[0].number : STR("");
        p.message = number.n ? arena_printf(r->arena,
                                            "Hãy nhập từ khóa cần tìm, có dấu hoặc không dấu, ví dụ: nông thôn mới, "
                                            "duong giao thong, hoặc số ký hiệu văn bản như %.*s.",
                                            (int)number.n, number.p)
                             : STR("Hãy nhập từ khóa cần tìm, có dấu hoặc không dấu, ví dụ: nông thôn mới, "
                                   "duong giao thong.");
        break;
    }
    case SEARCH_TERMS_TOO_LONG:
        p.message = STR("Từ khóa quá dài: hãy rút gọn còn tối đa 200 ký tự, chỉ giữ những từ quan trọng.");
        break;
    case SEARCH_TERMS_NO_WORDS:
        p.message = STR("Từ khóa chỉ có dấu câu hoặc ký hiệu. Hãy nhập ít nhất một chữ hoặc một số.");
        break;
    case SEARCH_TERMS_OK:
        break;
    }
    if (bad_kind.n) {
        size_t n = utf8_truncate(bad_kind, 40);
        p.message = arena_printf(r->arena, "Không có loại kết quả «%.*s%s». Hãy chọn Tất cả, Tin bài hoặc Văn bản.",
                                 (int)n, bad_kind.p, n < bad_kind.n ? "…" : "");
    }
    if (refused) {
        r->status = 400;
        r->cacheable = false;
    } else if (tr == SEARCH_TERMS_OK && run_search(r, &p, buf_str(&match), &words, buf_str(&spelled), &spelled_words,
                                                   kind, year_s, (int)year, loose) != 0) {
        buf_free(&match);
        buf_free(&spelled);
        return p.status == 404 ? portal_page_beyond(r, p.pages) : p.status ? web_error(r, p.status) : -1;
    }
    buf_free(&match);
    buf_free(&spelled);

    struct str title = p.q.n ? arena_printf(r->arena, "Tìm kiếm: %.*s", (int)utf8_truncate(p.q, 160), p.q.p)
                             : STR("Tìm kiếm");
    portal_layout(r, &p.layout, title);
    p.layout.noindex = true;
    layout_finish(&p.layout, r->arena);
    /* A new article or document may be a new result of any search. */
    web_tag(r, "news");
    web_tag(r, "docs");
    web_tag(r, "site");
    tpl_search_results(portal_out(r), &p);
    return 0;
}

void search_register(void)
{
    static const char *const params[] = {"q", "loai", "nam", "dau", "trang", NULL};
    router_add((struct route){.pattern = "/tim-kiem", .get = search_page, .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE, .max_param_value = HTTP_MAX_QUERY});
}
