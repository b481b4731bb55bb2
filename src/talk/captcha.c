/* captcha.c - questions in Vietnamese words and the answers readers type;
 * see captcha.h. */
#include "talk/captcha.h"

#include <string.h>

#include "text/vi.h"

/* The numbers one to nine, as the question writes them: first word of a
 * sentence, and inside it. */
static const char *const CAPITALISED[10] = {"", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín"};
static const char *const LOWER[10] = {"", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};

void talk_question_make(const unsigned char seed[3], struct talk_question *q)
{
    int x = 1 + seed[0] % 9, y = 1 + seed[1] % 9;
    q->minus = seed[2] & 1;
    if (q->minus && x == y)
        q->minus = false; /* "năm trừ năm" asks for zero, a word readers hesitate over */
    if (q->minus && x < y) {
        int t = x;
        x = y;
        y = t;
    }
    q->a = x;
    q->b = y;
    q->answer = q->minus ? x - y : x + y;
}

void talk_question_text(struct buf *out, const struct talk_question *q)
{
    buf_puts(out, CAPITALISED[q->a]);
    buf_puts(out, q->minus ? " trừ " : " cộng ");
    buf_puts(out, LOWER[q->b]);
    buf_puts(out, " bằng mấy?");
}

/* The folded words of the numbers, and the forms used after "mười":
 * "mười lăm" (15), "mười tư" (14) and "mười một" (11). */
static int unit_word(struct str w, bool after_ten)
{
    static const struct {
        const char *word;
        int value;
        bool alone, after_ten;
    } WORDS[] = {
        {"khong", 0, true, false}, {"mot", 1, true, true},  {"hai", 2, true, true},  {"ba", 3, true, true},
        {"bon", 4, true, true},    {"tu", 4, false, true},  {"nam", 5, true, true},  {"lam", 5, false, true},
        {"sau", 6, true, true},    {"bay", 7, true, true},  {"tam", 8, true, true},  {"chin", 9, true, true},
        {"muoi", 10, true, false},
    };
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (str_eq_lit(w, WORDS[i].word) && (after_ten ? WORDS[i].after_ten : WORDS[i].alone))
            return WORDS[i].value;
    return -1;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The next word of s from *at (skipping blanks); empty at the end. */
static struct str next_word(struct str s, size_t *at)
{
    size_t i = *at;
    while (i < s.n && is_blank(s.p[i]))
        i++;
    size_t start = i;
    while (i < s.n && !is_blank(s.p[i]))
        i++;
    *at = i;
    return (struct str){s.p + start, i - start};
}

int talk_answer_parse(struct str typed)
{
    if (typed.n == 0 || typed.n > TALK_ANSWER_MAX)
        return -1;
    char folded_bytes[TALK_ANSWER_MAX * 4];
    struct buf folded = BUF_INIT;
    if (vi_fold(&folded, typed) != 0 || folded.n > sizeof folded_bytes) {
        buf_free(&folded);
        return -1;
    }
    memcpy(folded_bytes, folded.p, folded.n);
    struct str s = {folded_bytes, folded.n};
    buf_free(&folded);

    size_t at = 0;
    struct str first = next_word(s, &at);
    struct str second = next_word(s, &at);
    struct str third = next_word(s, &at);
    if (!first.n || third.n)
        return -1;
    if (first.p[0] >= '0' && first.p[0] <= '9') {
        if (second.n || first.n > 3)
            return -1;
        int v = 0;
        for (size_t i = 0; i < first.n; i++) {
            if (first.p[i] < '0' || first.p[i] > '9')
                return -1;
            v = v * 10 + (first.p[i] - '0');
        }
        return v <= 99 ? v : -1;
    }
    if (!second.n)
        return unit_word(first, false);
    if (!str_eq_lit(first, "muoi"))
        return -1;
    int unit = unit_word(second, true);
    return unit < 0 ? -1 : 10 + unit;
}

bool talk_answer_ok(const struct talk_question *q, struct str typed)
{
    return talk_answer_parse(typed) == q->answer;
}
