/* diff.c - word-by-word differences between two texts; see diff.h. */
#include "text/diff.h"

#include <stdint.h>
#include <string.h>

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

void diff_tokens(struct arena *a, struct str text, struct str **tokens, size_t *n)
{
    /* Upper bound: every other byte starts a token. */
    size_t cap = text.n / 2 + 1;
    if (cap > DIFF_MAX_TOKENS)
        cap = DIFF_MAX_TOKENS;
    *tokens = arena_alloc(a, cap * sizeof **tokens);
    *n = 0;
    size_t i = 0;
    bool pending_break = false;
    while (i < text.n) {
        if (text.p[i] == '\n') {
            pending_break = *n > 0;
            i++;
            continue;
        }
        if (is_space(text.p[i])) {
            i++;
            continue;
        }
        if (pending_break) {
            if (*n + 1 >= cap)
                break;
            (*tokens)[(*n)++] = STR(DIFF_BREAK);
            pending_break = false;
        }
        size_t start = i;
        if (*n + 1 >= cap) { /* the last token: the rest of the text */
            (*tokens)[(*n)++] = (struct str){text.p + start, text.n - start};
            return;
        }
        while (i < text.n && text.p[i] != '\n' && !is_space(text.p[i]))
            i++;
        (*tokens)[(*n)++] = (struct str){text.p + start, i - start};
    }
}

/* --- the edit script ------------------------------------------------------------------------------ */

struct script {
    struct arena *arena;
    struct diff_op *ops;
    size_t n, cap;
    bool failed;
};

/* Appends an op (ops arrive in order), merged with the last one when of
 * the same kind and adjacent. */
static void emit(struct script *s, enum diff_kind kind, size_t a_from, size_t b_from, size_t count)
{
    if (!count || s->failed)
        return;
    if (s->n) {
        struct diff_op *last = &s->ops[s->n - 1];
        if (last->kind == kind && (kind == DIFF_INSERT || last->a_from + last->count == a_from) &&
            (kind == DIFF_DELETE || last->b_from + last->count == b_from)) {
            last->count += count;
            return;
        }
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct diff_op *grown = arena_alloc(s->arena, cap * sizeof *grown);
        if (!grown) {
            s->failed = true;
            return;
        }
        if (s->n)
            memcpy(grown, s->ops, s->n * sizeof *grown);
        s->ops = grown;
        s->cap = cap;
    }
    s->ops[s->n++] = (struct diff_op){kind, a_from, b_from, count};
}

static bool same(struct str x, struct str y) { return x.n == y.n && !memcmp(x.p, y.p, x.n); }

/* One step of the backtrack: what led to (x, y) at distance d. */
struct move {
    enum diff_kind kind; /* DIFF_DELETE or DIFF_INSERT */
    int32_t x, y;        /* where the edit starts; a snake of sames follows it up to the next move */
};

/* Myers' forward search over a[0..n), b[0..m) (no common head or tail).
 * Fills `moves` (in reverse order) and returns their count, or -1 when
 * the budget ran out or memory did. */
static long myers(struct arena *arena, const struct str *a, int32_t n, const struct str *b, int32_t m,
                  size_t budget, struct move **moves_out)
{
    int32_t max = n + m;
    int32_t *v = arena_alloc(arena, (size_t)(2 * max + 3) * sizeof *v);
    if (!v)
        return -1;
    int32_t *vk = v + max + 1; /* vk[k], k in [-max-1, max+1] */
    vk[1] = 0;
    /* trace[d] holds vk[-d..d] as it was before round d. */
    size_t trace_cap = 1024, trace_used = 0;
    int32_t *trace = arena_alloc(arena, trace_cap * sizeof *trace);
    size_t *round_at = arena_alloc(arena, (size_t)(max + 1) * sizeof *round_at);
    if (!trace || !round_at)
        return -1;
    size_t work = 0;
    int32_t found = -1;
    for (int32_t d = 0; d <= max && found < 0; d++) {
        size_t need = (size_t)(2 * d + 1);
        if (trace_used + need > budget)
            return -1;
        if (trace_used + need > trace_cap) {
            size_t cap = trace_cap * 2;
            while (cap < trace_used + need)
                cap *= 2;
            int32_t *grown = arena_alloc(arena, cap * sizeof *grown);
            if (!grown)
                return -1;
            memcpy(grown, trace, trace_used * sizeof *grown);
            trace = grown;
            trace_cap = cap;
        }
        round_at[d] = trace_used;
        if (d > 0)
            memcpy(trace + trace_used, vk - d, need * sizeof *trace);
        else
            trace[trace_used] = 0;
        trace_used += need;
        for (int32_t k = -d; k <= d; k += 2) {
            int32_t x = (k == -d || (k != d && vk[k - 1] < vk[k + 1])) ? vk[k + 1] : vk[k - 1] + 1;
            int32_t y = x - k;
            while (x < n && y < m && same(a[x], b[y])) {
                x++;
                y++;
                work++;
            }
            vk[k] = x;
            work++;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
        if (work > budget * 4)
            return -1;
    }
    if (found < 0)
        return -1;
    struct move *moves = arena_alloc(arena, (size_t)(found + 1) * sizeof *moves);
    if (!moves)
        return -1;
    long count = 0;
    int32_t x = n, y = m;
    for (int32_t d = found; d > 0; d--) {
        const int32_t *before = trace + round_at[d] + d; /* before[k] for k in [-d, d] */
        int32_t k = x - y;
        bool down = k == -d || (k != d && before[k - 1] < before[k + 1]);
        int32_t prev_k = down ? k + 1 : k - 1;
        int32_t prev_x = before[prev_k];
        int32_t prev_y = prev_x - prev_k;
        /* From (prev_x, prev_y) one edit, then sames up to (x, y). */
        moves[count++] = (struct move){down ? DIFF_INSERT : DIFF_DELETE, prev_x, prev_y};
        x = prev_x;
        y = prev_y;
    }
    *moves_out = moves;
    return count;
}

int diff_words(struct arena *a, const struct str *ta, size_t na, const struct str *tb, size_t nb, size_t budget,
               struct diff_op **ops, size_t *n_ops)
{
    struct script s = {.arena = a};
    size_t head = 0;
    while (head < na && head < nb && same(ta[head], tb[head]))
        head++;
    size_t tail = 0;
    while (tail < na - head && tail < nb - head && same(ta[na - 1 - tail], tb[nb - 1 - tail]))
        tail++;
    emit(&s, DIFF_SAME, 0, 0, head);
    const struct str *ma = ta + head, *mb = tb + head;
    size_t n = na - head - tail, m = nb - head - tail;
    struct move *moves = NULL;
    long count = -1;
    if (n && m && n + m < INT32_MAX / 2)
        count = myers(a, ma, (int32_t)n, mb, (int32_t)m, budget, &moves);
    if (count < 0) {
        /* No script within the budget (or one side empty): the middle is
         * replaced as a whole. */
        emit(&s, DIFF_DELETE, head, head, n);
        emit(&s, DIFF_INSERT, head + n, head, m);
    } else {
        /* Moves come last first. Between them, sames. */
        size_t x = 0, y = 0;
        for (long i = count - 1; i >= 0; i--) {
            size_t mx = (size_t)moves[i].x, my = (size_t)moves[i].y;
            emit(&s, DIFF_SAME, head + x, head + y, mx - x);
            if (moves[i].kind == DIFF_DELETE) {
                emit(&s, DIFF_DELETE, head + mx, head + my, 1);
                x = mx + 1;
                y = my;
            } else {
                emit(&s, DIFF_INSERT, head + mx, head + my, 1);
                x = mx;
                y = my + 1;
            }
        }
        emit(&s, DIFF_SAME, head + x, head + y, n - x);
    }
    emit(&s, DIFF_SAME, na - tail, nb - tail, tail);
    if (s.failed)
        return -1;
    *ops = s.ops;
    *n_ops = s.n;
    return 0;
}
