/* fts_vi.c - FTS5 tokenizer folding đ/Đ as well; see fts_vi.h. */
#include "store/fts_vi.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/vi.h"

struct vi_tokenizer {
    fts5_tokenizer inner;     /* unicode61's methods */
    Fts5Tokenizer *inner_tok; /* its instance */
};

struct vi_callback {
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
    const char *text; /* what is being tokenized: the tokens' offsets point into it */
    int n;
    int flags;        /* the call's FTS5_TOKENIZE_* */
    struct buf exact; /* the exact key of the token at hand */
};

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

static int vi_create(void *user, const char **args, int n_args, Fts5Tokenizer **out)
{
    fts5_api *api = user;
    struct vi_tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    void *inner_user = NULL;
    int rc = api->xFindTokenizer(api, "unicode61", &inner_user, &t->inner);
    if (rc == SQLITE_OK) {
        /* Our options come first; the caller's may add to them. */
        const char *base[] = {"remove_diacritics", "2"};
        const char *all[16];
        int n = 0;
        all[n++] = base[0];
        all[n++] = base[1];
        for (int i = 0; i < n_args && n < 16; i++)
            all[n++] = args[i];
        rc = t->inner.xCreate(inner_user, all, n, &t->inner_tok);
    }
    if (rc != SQLITE_OK) {
        free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void vi_delete(Fts5Tokenizer *tok)
{
    struct vi_tokenizer *t = (struct vi_tokenizer *)tok;
    t->inner.xDelete(t->inner_tok);
    free(t);
}

/* The folded token: unicode61's, with đ (C4 91, already lower-cased) as d
 * and a final y after an initial consonant as i (vi_fold_final_y), in buf
 * (at least n bytes). Returns its length. */
static int fold_token(const char *token, int n, char *buf)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if ((unsigned char)token[i] == 0xC4 && i + 1 < n && (unsigned char)token[i + 1] == 0x91) {
            buf[k++] = 'd';
            i++;
        } else {
            buf[k++] = token[i];
        }
    }
    return (int)vi_fold_final_y(buf, (size_t)k);
}

static int vi_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
    struct vi_callback *cb = ctx;
    struct str spelled = {cb->text + start, (size_t)(end - start)};
    /* In a query, a word asked in its exact spelling (FTS_VI_EXACT before it). */
    bool asked = (cb->flags & FTS5_TOKENIZE_QUERY) && spelled.n > 3 && n > 3 &&
                 memcmp(spelled.p, FTS_VI_EXACT, 3) == 0 && memcmp(token, FTS_VI_EXACT, 3) == 0;
    if (asked) {
        spelled.p += 3;
        spelled.n -= 3;
        token += 3;
        n -= 3;
    }
    char small[128] = {0};
    char *folded = n <= (int)sizeof small ? small : malloc((size_t)n);
    if (!folded)
        return SQLITE_NOMEM;
    int k = fold_token(token, n, folded);
    int rc;
    buf_reset(&cb->exact);
    if (asked && vi_exact_key(&cb->exact, spelled) == 1) {
        rc = cb->token(cb->ctx, flags, cb->exact.p, (int)cb->exact.n, start, end);
    } else {
        rc = cb->token(cb->ctx, flags, folded, k, start, end);
        /* The exact spelling, at the same position, in the index only:
         * highlight() and snippet() count positions, not tokens. */
        if (rc == SQLITE_OK && (cb->flags & FTS5_TOKENIZE_DOCUMENT) && vi_exact_key(&cb->exact, spelled) == 1)
            rc = cb->token(cb->ctx, flags | FTS5_TOKEN_COLOCATED, cb->exact.p, (int)cb->exact.n, start, end);
    }
    if (folded != small)
        free(folded);
    return rc;
}

static int vi_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int n,
                       int (*token)(void *, int, const char *, int, int, int))
{
    struct vi_tokenizer *t = (struct vi_tokenizer *)tok;
    struct vi_callback cb = {ctx, token, text, n, flags, BUF_INIT};
    int rc = t->inner.xTokenize(t->inner_tok, &cb, flags, text, n, vi_token);
    buf_free(&cb.exact);
    return rc;
}

/* dinh_rank(table, w0, w1, ...): a cheap relevance score, higher is
 * better. Each matched phrase instance counts its column's weight,
 * divided by the column's length so that a word in a short title weighs
 * more than the same word lost in a long body. Unlike bm25 it needs no
 * statistics over the whole table (bm25 counts, for each phrase, every
 * row that contains it: that is what makes ranking by bm25 slow on common
 * words), so its cost is bounded by the rows it is asked about. */
static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_args,
                          sqlite3_value **args)
{
    enum { MAX_COLS = 8 };
    int n_cols = api->xColumnCount(fts);
    if (n_cols > MAX_COLS)
        n_cols = MAX_COLS;
    double weight[MAX_COLS];
    for (int c = 0; c < n_cols; c++) {
        weight[c] = c < n_args ? sqlite3_value_double(args[c]) : 1.0;
        int size = 0;
        if (weight[c] != 0 && api->xColumnSize(fts, c, &size) == SQLITE_OK)
            weight[c] = weight[c] * 100.0 / (size + 20.0);
    }
    /* Each phrase's instances, one phrase at a time: cheaper than xInst,
     * which first merges and sorts the instances of every phrase. */
    double score = 0;
    int n_phrases = api->xPhraseCount(fts);
    for (int p = 0; p < n_phrases; p++) {
        Fts5PhraseIter it;
        int col, off;
        if (api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK) {
            sqlite3_result_error(ctx, "dinh_rank: no instances", -1);
            return;
        }
        for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
            if (col < n_cols)
                score += weight[col];
    }
    /* The words of the query one after the other, as typed ("ha tinh"
     * in "Hà Tĩnh", not in "Thạch Hà ... tỉnh"): each pair of phrases that
     * follow each other in a column counts that column's weight twice more,
     * so that a reader who types a name without its marks finds the name
     * first. The instances of a phrase are in order of column and offset. */
    enum { MAX_AT = 64 };
    for (int p = 0; p + 1 < n_phrases; p++) {
        int at_col[MAX_AT], at_end[MAX_AT], n_at = 0;
        int size = api->xPhraseSize(fts, p);
        Fts5PhraseIter it;
        int col, off;
        if (api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK)
            break;
        for (; col >= 0 && n_at < MAX_AT; api->xPhraseNext(fts, &it, &col, &off)) {
            at_col[n_at] = col;
            at_end[n_at++] = off + size;
        }
        if (!n_at || api->xPhraseFirst(fts, p + 1, &it, &col, &off) != SQLITE_OK)
            continue;
        int k = 0;
        for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
            while (k < n_at && (at_col[k] < col || (at_col[k] == col && at_end[k] < off)))
                k++;
            if (k == n_at)
                break;
            if (at_col[k] == col && at_end[k] == off && col < n_cols)
                score += 2 * weight[col];
        }
    }
    sqlite3_result_double(ctx, score);
}

/* vi_fold(text): the text as every search of the portal compares it
 * ("Mới" and "moi" meet); NULL stays NULL, text that is not UTF-8 comes
 * back unchanged. */
/* A function's text argument; false (the result set to NULL) for NULL. */
static bool text_argument(sqlite3_context *ctx, sqlite3_value *v, struct str *in)
{
    if (sqlite3_value_type(v) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return false;
    }
    const char *p = (const char *)sqlite3_value_text(v);
    *in = (struct str){p ? p : "", (size_t)sqlite3_value_bytes(v)};
    return true;
}

static void fold_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct str in;
    if (!text_argument(ctx, argv[0], &in))
        return;
    struct buf out = BUF_INIT;
    if (vi_fold(&out, in) != 0) {
        buf_free(&out);
        sqlite3_result_text(ctx, in.p, (int)in.n, SQLITE_TRANSIENT);
        return;
    }
    sqlite3_result_text(ctx, out.p ? out.p : "", (int)out.n, SQLITE_TRANSIENT);
    buf_free(&out);
}

/* vi_sort_key(TEXT): the BLOB whose memcmp order (SQLite's order of BLOBs)
 * is Vietnamese alphabetical order (vi_sort_key), kept in a column beside
 * the text for a long list that pages in that order, so that sorting it
 * compares bytes instead of making two keys per comparison as COLLATE vi
 * does (article titles: news/write.c, migration 030). NULL for NULL, and
 * for text that is not UTF-8 (it then sorts first). Like the collation,
 * never in the schema: only the stored value is. */
static void sort_key_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct str in;
    if (!text_argument(ctx, argv[0], &in))
        return;
    struct buf out = BUF_INIT;
    if (vi_sort_key(&out, in) != 0)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_blob(ctx, out.p ? out.p : "", (int)out.n, SQLITE_TRANSIENT);
    buf_free(&out);
}

int fts_vi_register(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    if (!api)
        return SQLITE_ERROR;
    static fts5_tokenizer methods = {vi_create, vi_delete, vi_tokenize};
    int rc = api->xCreateTokenizer(api, "vi", api, &methods, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "dinh_rank", NULL, rank_function, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vi_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     fold_function, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vi_sort_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     sort_key_function, NULL, NULL);
    return rc;
}
