/*
 * unitmore.c - the parts of a commune's page (/nong-thon-moi/xa/CODE)
 * beyond its yearly report: its progress reports quarter by quarter in the
 * year shown, the results of the former units merged into it under their
 * old names ("trước sáp nhập"), the recognition decisions linked to their
 * documents in /van-ban/, and the published articles and documents that
 * name it, found through the news and documents modules' search headers
 * (never their tables).
 *
 * Tags: the former units' "ntm:unit:CODE" (a write to their assessments
 * renews the page), "news" and "docs" (an article or document naming the
 * commune may appear at any time), and "doc:ID" of each document shown.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "docs/docs.h"
#include "docs/index.h"
#include "docs/query.h"
#include "http/web.h"
#include "news/index.h"
#include "news/query.h"
#include "ntm/internal.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "search/terms.h"

/* A commune's page lists at most MENTIONS_MAX articles naming it... */
#define MENTIONS_MAX 6
/* ...among the newest this many article ids: the phrase of a commune's
 * name is made of words most articles hold ("xã", "đồng"), and a walk
 * that finds fewer than MENTIONS_MAX reads the positions of every article
 * holding them all (21 ms a drawing at 100,000 articles); years of an
 * office's news, and a bound on the page's work whatever the portal's size */
#define MENTIONS_IDS 20000

static struct str result_text(int unit_state)
{
    return unit_state == NTM_MET       ? STR("Đạt đủ các tiêu chí")
           : unit_state == NTM_NOT_MET ? STR("Chưa đạt đủ các tiêu chí")
                                       : STR("Chưa xác định");
}

struct id_list {
    int64_t ids[MENTIONS_MAX];
    size_t n;
};

static void add_article(void *ctx, int64_t id, double score, int64_t published)
{
    struct id_list *l = ctx;
    if (l->n < MENTIONS_MAX)
        l->ids[l->n++] = id;
}

static void add_document(void *ctx, int64_t id, double score, int64_t issued)
{
    struct id_list *l = ctx;
    for (size_t i = 0; i < l->n; i++)
        if (l->ids[i] == id)
            return;
    if (l->n < MENTIONS_MAX)
        l->ids[l->n++] = id;
}

/* "dd/mm/yyyy" of an ISO date ("2025-12-20"), or the text as it is. */
static struct str iso_date(struct arena *a, struct str iso)
{
    if (iso.n != 10)
        return iso;
    return arena_printf(a, "%.2s/%.2s/%.4s", iso.p + 8, iso.p + 5, iso.p);
}

/* The published articles and shown documents naming the commune (its full
 * name as a phrase, as the portal's search reads it). */
static int mentions(struct web_req *r, struct ntm_unit_page *p, struct str full_name)
{
    struct arena *a = r->arena;
    struct buf match = BUF_INIT;
    struct search_words words;
    struct str q = arena_printf(a, "\"%.*s\"", (int)full_name.n, full_name.p);
    int rc = 0;
    if (search_terms(q, &match, &words) != SEARCH_TERMS_OK) {
        buf_free(&match);
        return 0;
    }
    struct str fts = arena_strdup(a, match.p, match.n);
    buf_free(&match);
    int64_t lo = 0, hi = 0;
    int any = news_index_id_range(r->db, r->now, INT64_MIN / 2, INT64_MAX / 2, true, &lo, &hi);
    if (any < 0)
        return -1;
    if (hi - lo >= MENTIONS_IDS)
        lo = hi - MENTIONS_IDS + 1;
    struct id_list found = {.n = 0};
    if (any && news_index_walk(r->db, fts, false, false, r->now, INT64_MIN / 2, INT64_MAX / 2, lo, hi, MENTIONS_MAX,
                               add_article, &found) < 0)
        return -1;
    if (found.n) {
        struct news_query nq = {.db = r->db, .arena = a, .site = portal_site(r), .now = r->now};
        struct news_card *cards;
        size_t n;
        if (news_cards_by_ids(&nq, found.ids, found.n, MENTIONS_MAX, &cards, &n) != 0)
            return -1;
        p->articles = ARENA_ARRAY(a, struct ntm_mention, n + 1);
        for (size_t i = 0; i < n; i++)
            p->articles[p->n_articles++] =
                (struct ntm_mention){cards[i].title, cards[i].url, cards[i].date, cards[i].category_name};
    }
    web_tag(r, "news");
    struct id_list docs = {.n = 0};
    if (docs_index_walk(r->db, fts, 0, r->now, MENTIONS_MAX, add_document, &docs) < 0)
        return -1;
    p->documents = ARENA_ARRAY(a, struct ntm_mention, docs.n + 1);
    for (size_t i = 0; i < docs.n && rc == 0; i++) {
        struct docs_item it;
        int k = docs_item(r->db, a, docs.ids[i], r->now, &it);
        if (k < 0)
            return -1;
        if (k == 0)
            continue;
        p->documents[p->n_documents++] = (struct ntm_mention){
            arena_printf(a, "%.*s %.*s", (int)it.type_name.n, it.type_name.p, (int)it.number.n, it.number.p), it.url,
            it.date, it.abstract};
        web_tag(r, "doc:%lld", (long long)it.id);
    }
    web_tag(r, "docs");
    return rc;
}

/* The page of a recognition decision in /van-ban/: the document recorded
 * with it, else a shown document with its number issued the same year
 * (numbers start again each year). "" when none. */
static int decision_url(struct web_req *r, const struct ntm_report_recognition *x, struct str *url)
{
    *url = STR("");
    struct docs_item it;
    if (x->document_id) {
        int k = docs_item(r->db, r->arena, x->document_id, r->now, &it);
        if (k < 0)
            return -1;
        if (k == 1) {
            *url = it.url;
            web_tag(r, "doc:%lld", (long long)it.id);
        }
        return 0;
    }
    struct docs_item *items;
    size_t n = 0;
    const char *problem = NULL;
    int k = docs_find_by_number(r->db, r->arena, x->decision_no, r->now, 5, &items, &n, &problem);
    if (k < 0 && k != DOCS_INVALID)
        return -1;
    for (size_t i = 0; k == 0 && i < n && !url->n; i++)
        if (items[i].iso.n >= 4 && x->decided_on.n >= 4 && !memcmp(items[i].iso.p, x->decided_on.p, 4)) {
            *url = items[i].url;
            web_tag(r, "doc:%lld", (long long)items[i].id);
        }
    return 0;
}

int ntm_unit_page_more(struct web_req *r, struct ntm_unit_page *p, const struct ntm_report *d)
{
    struct arena *a = r->arena;
    /* progress reports of the year shown */
    if (d->year) {
        struct ntm_quarter_result *q;
        size_t n;
        if (ntm_unit_quarters(r->db, d->unit.id, d->year, a, &q, &n) != 0)
            return -1;
        p->quarter_year = arena_printf(a, "%d", d->year);
        p->quarters = ARENA_ARRAY(a, struct ntm_trend_line, n + 1);
        for (size_t i = 0; i < n; i++)
            p->quarters[p->n_quarters++] = (struct ntm_trend_line){
                arena_printf(a, "Quý %d", q[i].quarter), q[i].set_name,
                arena_printf(a, "%d/%d", q[i].criteria_met, q[i].criteria_total), result_text(q[i].unit_state)};
    }
    /* former units */
    struct ntm_former_unit *f;
    size_t nf;
    if (ntm_unit_former_results(r->db, d->unit.id, a, &f, &nf) != 0)
        return -1;
    p->formers = ARENA_ARRAY(a, struct ntm_former_block, nf + 1);
    for (size_t i = 0; i < nf; i++) {
        struct ntm_former_block *b = &p->formers[p->n_formers++];
        b->name = f[i].full_name;
        b->caption = arena_printf(a, "Kết quả của %.*s (trước sáp nhập) qua các năm", (int)f[i].full_name.n,
                                  f[i].full_name.p);
        b->note = arena_printf(a, "Đơn vị cũ, hoạt động đến ngày %.*s; sáp nhập từ ngày %.*s. %s",
                               (int)iso_date(a, f[i].valid_to).n, iso_date(a, f[i].valid_to).p,
                               (int)iso_date(a, f[i].effective).n, iso_date(a, f[i].effective).p,
                               f[i].counts_history ? "Kết quả được tính vào quá trình xây dựng nông thôn mới của xã."
                                                   : "Kết quả chỉ để tham khảo, không tính cho xã mới.");
        b->years = ARENA_ARRAY(a, struct ntm_trend_line, f[i].n_years + 1);
        for (size_t k = 0; k < f[i].n_years; k++) {
            const struct ntm_report_year *y = &f[i].years[k];
            b->years[b->n_years++] = (struct ntm_trend_line){
                arena_printf(a, "%d", y->year), y->set_name,
                arena_printf(a, "%d/%d", y->criteria_met, y->criteria_total), result_text(y->unit_state)};
        }
        web_tag(r, "ntm:unit:%.*s", (int)f[i].code.n, f[i].code.p);
    }
    /* where the office counts them towards the commune, the former units'
     * years join its trend (newest first), named as they were */
    size_t extra = 0;
    for (size_t i = 0; i < nf; i++)
        extra += f[i].counts_history ? f[i].n_years : 0;
    if (extra) {
        struct ntm_trend_line *t = ARENA_ARRAY(a, struct ntm_trend_line, p->n_trend + extra + 1);
        memcpy(t, p->trend, p->n_trend * sizeof *t);
        size_t n = p->n_trend;
        for (int year = 2100; year >= 2000 && n < p->n_trend + extra; year--)
            for (size_t i = 0; i < nf; i++)
                for (size_t k = 0; f[i].counts_history && k < f[i].n_years; k++)
                    if (f[i].years[k].year == year) {
                        const struct ntm_report_year *y = &f[i].years[k];
                        t[n++] = (struct ntm_trend_line){
                            arena_printf(a, "%d", y->year),
                            arena_printf(a, "%.*s (trước sáp nhập); %.*s", (int)f[i].full_name.n, f[i].full_name.p,
                                         (int)y->set_name.n, y->set_name.p),
                            arena_printf(a, "%d/%d", y->criteria_met, y->criteria_total), result_text(y->unit_state)};
                    }
        p->trend = t;
        p->n_trend = n;
    }
    if (nf)
        p->merger_note = arena_printf(a, "%.*s được thành lập ngày %.*s trên cơ sở sáp nhập %zu đơn vị cũ.",
                                      (int)d->unit.full_name.n, d->unit.full_name.p,
                                      (int)iso_date(a, f[0].effective).n, iso_date(a, f[0].effective).p, nf);
    /* decisions linked to /van-ban/ */
    for (size_t i = 0; i < d->n_recognitions && i < p->n_recognitions; i++)
        if (decision_url(r, &d->recognitions[i], &p->recognitions[i].url) != 0)
            return -1;
    return mentions(r, p, d->unit.full_name);
}
