/*
 * tplc.c - the template compiler: HTML templates in, C functions out.
 *
 *   tplc OUT_BASE TEMPLATE_DIR        e.g.  tplc build/gen/templates templates
 *
 * Every .html file under TEMPLATE_DIR becomes one function in OUT_BASE.c,
 * declared in OUT_BASE.h: templates/news/article.html becomes
 *
 *   void tpl_news_article(struct tpl_out *out, <the template's #params>);
 *
 * ('/' and '-' in the path become '_', ".html" is dropped). The point of the
 * compiler is that the template author never chooses an escaper: while it
 * copies the literal HTML it follows where that HTML puts the parser of a
 * browser (text, a tag, an attribute value, a URL, a <script> body...) and
 * for every placeholder writes a call to the escaper of that context, or
 * refuses to compile the template when no escaper makes the position safe.
 * A refusal prints "file:line:col: error: why" and writes no output at all;
 * the exit status is then 1.
 *
 * The language (a template is trusted code: expressions are C, copied as is):
 *
 *   {{#include "news/view.h"}}      header lines, before any HTML: any number
 *   {{#params const struct x *page}} of includes and exactly one #params
 *   {{ EXPR }}                      output of a C expression, escaped by context
 *   {{#if C}} {{#elif C}} {{#else}} {{/if}}
 *   {{#for DECL : ARRAY, COUNT}} {{/for}}   DECL = &(ARRAY)[NAME_index], where
 *                                   NAME is DECL's last identifier
 *   {{> NAME(ARGS)}}                calls tpl_NAME(out, ARGS) (text only)
 *   {{#live NAME}}                  tpl_live_mark(out, "NAME") (text only)
 *   {{!-- comment --}}
 *
 * A line that holds nothing but block tags, comments, calls, live marks and
 * blanks produces no output.
 *
 * The HTML context machine (struct ctx) is a small subset of the HTML
 * tokenizer: text, tags, attribute names and values, comments, <!...>
 * declarations, RCDATA (<title>, <textarea>, and the raw-text elements that
 * are shown escaped the same way), <style>, <script> and JSON <script>
 * bodies. Where it is unsure it refuses. The refusals: refuse() for the
 * position of a tag, feed() for literal HTML that would make the reading
 * ambiguous, compile_body() for blocks; tests/tplc/bad has a case for each.
 *
 * Blocks: the HTML context where {{#elif}}, {{#else}}, {{/if}} and {{/for}}
 * stand must be the one where their {{#if}} or {{#for}} stood, so every path
 * through a template is read the same way. Block tags may stand in text,
 * RCDATA, raw-text bodies, JSON, quoted attribute values and between the
 * attributes of a start tag (<option {{#if s}}selected{{/if}}>).
 *
 * Code generation: adjacent literal HTML becomes one buf_append of a string
 * literal; a placeholder becomes TPL_TEXT(out, (EXPR)) or a sibling macro of
 * src/view/tpl.h, which dispatches on the type of EXPR with _Generic. C code
 * from a template is written under a #line that names the template, so a C
 * error in an expression points at the template line.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"

#define MAX_TEMPLATE_BYTES (4u << 20) /* a template larger than this is a mistake */
#define MAX_NESTING 64                /* open {{#if}} / {{#for}} blocks */

/* ---- small helpers ----------------------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("tplc: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool is_ident_char(unsigned char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static struct str trim(struct str s)
{
    while (s.n && is_space((unsigned char)s.p[0]))
        s.p++, s.n--;
    while (s.n && is_space((unsigned char)s.p[s.n - 1]))
        s.n--;
    return s;
}

/* The first occurrence of `needle` in p[0..n), or NULL. */
static const char *find(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (p[i] == needle[0] && memcmp(p + i, needle, k) == 0)
            return p + i;
    return NULL;
}

static bool is_identifier(struct str s)
{
    if (s.n == 0 || (s.p[0] >= '0' && s.p[0] <= '9'))
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (!is_ident_char((unsigned char)s.p[i]))
            return false;
    return true;
}

/* Appends `p` as the inside of a C string literal (no quotes). */
static void c_escape(struct buf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c == '\r')
            buf_puts(b, "\\r");
        else if (c < 0x20 || c == 0x7F)
            buf_printf(b, "\\%03o", c); /* always three digits: the next byte cannot join */
        else if (c == '?' && i > 0 && p[i - 1] == '?')
            buf_puts(b, "\\?"); /* no trigraphs */
        else
            buf_putc(b, (char)c);
    }
}

/* ---- templates and their errors ------------------------------------------------------ */

struct template {
    char *path; /* as opened: templates/news/article.html */
    char *name; /* under the template directory: news/article.html */
    char *func; /* tpl_news_article */
    char *text; /* the file, NUL-terminated */
    size_t n;
    bool ok;             /* read and header parsed without error */
    bool has_params;     /* saw {{#params}} */
    struct str params;   /* its parameter list, trimmed ("" for none) */
    size_t params_at;    /* offset of the {{#params}} tag */
    size_t body;         /* offset where the HTML starts */
};

static int n_errors;

/*
 * Line and column (in characters, from 1) of a byte offset. Code generation
 * asks for offsets in increasing order, so the last answer is kept and the
 * count goes on from there: one pass over the template, not one per tag.
 */
static void position(const struct template *t, size_t offset, size_t *line, size_t *col)
{
    static const struct template *last_t;
    static size_t last_offset, last_line = 1, last_col = 1;

    if (t != last_t || offset < last_offset) {
        last_t = t;
        last_offset = 0;
        last_line = last_col = 1;
    }
    for (size_t i = last_offset; i < offset && i < t->n; i++) {
        unsigned char c = (unsigned char)t->text[i];
        if (c == '\n') {
            last_line++;
            last_col = 1;
        } else if ((c & 0xC0) != 0x80) {
            last_col++;
        }
    }
    last_offset = offset;
    *line = last_line;
    *col = last_col;
}

__attribute__((format(printf, 3, 4))) static void error_at(const struct template *t, size_t offset,
                                                           const char *fmt, ...)
{
    size_t line, col;
    position(t, offset, &line, &col);
    fprintf(stderr, "%s:%zu:%zu: error: ", t->path, line, col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    n_errors++;
}

static size_t offset_of(const struct template *t, const char *p) { return (size_t)(p - t->text); }

/* The offset of the first byte that is not well-formed UTF-8, or t->n. */
static size_t first_invalid_utf8(const struct template *t)
{
    const unsigned char *p = (const unsigned char *)t->text;
    size_t n = t->n, i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n)
                return i;
            unsigned char d = p[i + k];
            if (d < (k == 1 ? low : 0x80) || d > (k == 1 ? high : 0xBF))
                return i;
        }
        i += need + 1;
    }
    return n;
}

/* ---- the include list (shared by every template, first use first) ----------------- */

static char **includes;
static size_t n_includes;

static void add_include(struct str spec)
{
    for (size_t i = 0; i < n_includes; i++)
        if (strlen(includes[i]) == spec.n && memcmp(includes[i], spec.p, spec.n) == 0)
            return;
    includes = xrealloc(includes, (n_includes + 1) * sizeof *includes);
    includes[n_includes++] = xstrndup(spec.p, spec.n);
}

/* ---- tags -------------------------------------------------------------------------------- */

enum tok_kind {
    TOK_TEXT,
    TOK_COMMENT,
    TOK_EXPR,
    TOK_IF,
    TOK_ELIF,
    TOK_ELSE,
    TOK_END_IF,
    TOK_FOR,
    TOK_END_FOR,
    TOK_PARTIAL,
    TOK_LIVE,
    TOK_INCLUDE,
    TOK_PARAMS,
};

struct token {
    enum tok_kind kind;
    size_t at, end;  /* the token's bytes in the template */
    struct str arg;  /* TOK_TEXT: the text; tags: what follows the keyword, trimmed */
    bool dropped;    /* TOK_TEXT on a line that holds only block tags and blanks */
};

/*
 * Finds the "}}" that closes a tag whose content starts at `from`. The
 * content is C, so braces, brackets and parentheses nest and string or
 * character literals are skipped: {{ (struct str){"}}", 2} }} is one tag.
 */
static bool find_tag_end(const char *s, size_t n, size_t from, size_t *end)
{
    int depth = 0;
    for (size_t i = from; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '\'') {
            for (i++; i < n && s[i] != c; i++)
                if (s[i] == '\\')
                    i++;
            if (i >= n)
                return false;
        } else if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']') {
            if (depth > 0)
                depth--;
        } else if (c == '}') {
            if (depth == 0 && i + 1 < n && s[i + 1] == '}') {
                *end = i;
                return true;
            }
            if (depth > 0)
                depth--;
        }
    }
    return false;
}

/* Reads the tag that starts with "{{" at `at` into *tok. */
static bool scan_tag(const struct template *t, size_t at, struct token *tok)
{
    const char *s = t->text;
    size_t n = t->n, from = at + 2;

    tok->at = at;
    tok->dropped = false;
    tok->arg = str_make(s + from, 0);
    if (n - from >= 3 && memcmp(s + from, "!--", 3) == 0) {
        const char *close = find(s + from + 3, n - from - 3, "--}}");
        if (!close) {
            error_at(t, at, "comment {{!-- is never closed by --}}");
            return false;
        }
        tok->kind = TOK_COMMENT;
        tok->end = offset_of(t, close) + 4;
        return true;
    }
    size_t close;
    if (!find_tag_end(s, n, from, &close)) {
        error_at(t, at, "{{ is never closed by }}");
        return false;
    }
    tok->end = close + 2;
    struct str body = trim(str_make(s + from, close - from));
    if (body.n == 0) {
        error_at(t, at, "empty tag {{ }}");
        return false;
    }
    char sigil = body.p[0];
    if (sigil == '!') {
        error_at(t, at, "unknown tag {{%.*s}}; a comment is written {{!-- ... --}}", (int)body.n,
                 body.p);
        return false;
    }
    if (sigil == '>') {
        tok->kind = TOK_PARTIAL;
        tok->arg = trim(str_skip(body, 1));
        return true;
    }
    if (sigil != '#' && sigil != '/') {
        tok->kind = TOK_EXPR;
        tok->arg = body;
        return true;
    }

    size_t k = 1;
    while (k < body.n && is_ident_char((unsigned char)body.p[k]))
        k++;
    struct str word = str_make(body.p + 1, k - 1);
    struct str rest = trim(str_skip(body, k));
    static const struct {
        char sigil;
        const char *word;
        enum tok_kind kind;
        int arg; /* 0: none, 1: required, 2: optional */
    } tags[] = {
        {'#', "if", TOK_IF, 1},          {'#', "elif", TOK_ELIF, 1},
        {'#', "else", TOK_ELSE, 0},      {'/', "if", TOK_END_IF, 0},
        {'#', "for", TOK_FOR, 1},        {'/', "for", TOK_END_FOR, 0},
        {'#', "live", TOK_LIVE, 1},      {'#', "include", TOK_INCLUDE, 1},
        {'#', "params", TOK_PARAMS, 2},
    };
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        if (tags[i].sigil != sigil || !str_eq_lit(word, tags[i].word))
            continue;
        if (tags[i].arg == 0 && rest.n) {
            error_at(t, at, "{{%c%s}} takes nothing, found \"%.*s\"", sigil, tags[i].word,
                     (int)rest.n, rest.p);
            return false;
        }
        if (tags[i].arg == 1 && rest.n == 0) {
            error_at(t, at, "{{%c%s}} needs %s", sigil, tags[i].word,
                     tags[i].kind == TOK_FOR       ? "DECL : ARRAY, COUNT"
                     : tags[i].kind == TOK_LIVE    ? "a name"
                     : tags[i].kind == TOK_INCLUDE ? "a header, \"x.h\" or <x.h>"
                                                   : "a condition");
            return false;
        }
        tok->kind = tags[i].kind;
        tok->arg = rest;
        return true;
    }
    error_at(t, at, "unknown tag {{%.*s}}", (int)body.n, body.p);
    return false;
}

/* ---- the header: {{#include}} and {{#params}} before the HTML ----------------------------- */

static bool parse_include(struct template *t, const struct token *tok)
{
    struct str s = tok->arg;
    bool quoted = s.n >= 2 && s.p[0] == '"' && s.p[s.n - 1] == '"';
    bool angled = s.n >= 2 && s.p[0] == '<' && s.p[s.n - 1] == '>';
    bool clean = s.n > 2;
    for (size_t i = 1; i + 1 < s.n; i++)
        if (strchr("\"<>\n\r\\", s.p[i]))
            clean = false;
    if (!(quoted || angled) || !clean) {
        error_at(t, tok->at, "{{#include}} takes a header written \"name.h\" or <name.h>");
        return false;
    }
    add_include(s);
    return true;
}

/*
 * Reads the directives at the top of the file and sets t->body to where the
 * HTML starts: at the start of its line, so indentation is kept, and past
 * every line that held only directives.
 */
static bool parse_header(struct template *t)
{
    const char *s = t->text;
    size_t n = t->n, pos = 0;

    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a byte order mark is not content */
    for (;;) {
        size_t q = pos;
        while (q < n && is_space((unsigned char)s[q]))
            q++;
        struct token tok;
        if (q + 1 < n && s[q] == '{' && s[q + 1] == '{') {
            if (!scan_tag(t, q, &tok))
                return false;
            if (tok.kind == TOK_INCLUDE || tok.kind == TOK_PARAMS || tok.kind == TOK_COMMENT) {
                if (tok.kind == TOK_INCLUDE && !parse_include(t, &tok))
                    return false;
                if (tok.kind == TOK_PARAMS) {
                    if (t->has_params) {
                        error_at(t, tok.at, "a second {{#params}}; a template has exactly one");
                        return false;
                    }
                    t->has_params = true;
                    t->params = str_eq_lit(tok.arg, "void") ? str_make(tok.arg.p, 0) : tok.arg;
                    t->params_at = tok.at;
                }
                pos = tok.end;
                size_t r = pos;
                while (r < n && (s[r] == ' ' || s[r] == '\t' || s[r] == '\r'))
                    r++;
                if (r == n || s[r] == '\n')
                    pos = r < n ? r + 1 : n;
                continue;
            }
        }
        size_t line = q;
        while (line > pos && s[line - 1] != '\n')
            line--;
        t->body = line;
        break;
    }
    if (!t->has_params) {
        error_at(t, t->body,
                 "missing {{#params ...}}: a template starts with its {{#include}} lines and "
                 "one {{#params}} (empty for none), before any HTML");
        return false;
    }
    return true;
}

/* ---- the body: tokens and the removal of lines that hold only block tags ----------------- */

struct tokens {
    struct token *v;
    size_t n, cap;
};

static void push_token(struct tokens *list, struct token tok)
{
    if (list->n == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 64;
        list->v = xrealloc(list->v, list->cap * sizeof *list->v);
    }
    list->v[list->n++] = tok;
}

/* Text tokens end after a newline at the latest, so a line is a run of tokens. */
static void push_text(struct tokens *list, const struct template *t, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(t->text + from, '\n', to - from);
        size_t end = nl ? offset_of(t, nl) + 1 : to;
        push_token(list, (struct token){TOK_TEXT, from, end, str_make(t->text + from, end - from),
                                        false});
        from = end;
    }
}

static bool is_blank_text(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (!is_space((unsigned char)s.p[i]))
            return false;
    return true;
}

/* Drops the blanks and the newline of every line that holds only tags that
 * write no text of their own (blocks, comments, calls, live marks). */
static void drop_standalone_lines(struct tokens *list)
{
    size_t i = 0;
    while (i < list->n) {
        size_t j = i;
        bool has_block = false, only_blocks = true;
        for (; j < list->n; j++) {
            const struct token *tok = &list->v[j];
            if (tok->kind == TOK_TEXT) {
                if (!is_blank_text(tok->arg))
                    only_blocks = false;
                if (tok->arg.n && tok->arg.p[tok->arg.n - 1] == '\n')
                    break;
            } else if (tok->kind == TOK_EXPR) {
                only_blocks = false;
            } else {
                has_block = true;
            }
        }
        if (j == list->n)
            j--;
        if (has_block && only_blocks)
            for (size_t k = i; k <= j; k++)
                if (list->v[k].kind == TOK_TEXT)
                    list->v[k].dropped = true;
        i = j + 1;
    }
}

static bool tokenize_body(const struct template *t, struct tokens *list)
{
    size_t i = t->body;
    while (i < t->n) {
        const char *open = find(t->text + i, t->n - i, "{{");
        size_t stop = open ? offset_of(t, open) : t->n;
        push_text(list, t, i, stop);
        if (!open)
            break;
        struct token tok;
        if (!scan_tag(t, stop, &tok))
            return false;
        if (tok.kind == TOK_INCLUDE || tok.kind == TOK_PARAMS) {
            error_at(t, tok.at,
                     "{{#%s}} belongs in the header at the top of the template, before any HTML",
                     tok.kind == TOK_INCLUDE ? "include" : "params");
            return false;
        }
        push_token(list, tok);
        i = tok.end;
    }
    drop_standalone_lines(list);
    return true;
}

/* ---- the HTML context machine --------------------------------------------------------------- */

enum state {
    S_TEXT,
    S_RCDATA,      /* <title>, <textarea>, and raw-text elements shown as text */
    S_SCRIPT,      /* a <script> body that is not JSON */
    S_JSON,        /* <script type="application/json"> or "application/ld+json" */
    S_STYLE,       /* a <style> body */
    S_TAG_OPEN,    /* after '<' */
    S_END_TAG_OPEN,/* after "</" */
    S_TAG_NAME,
    S_BEFORE_ATTR, /* in a tag, between attributes */
    S_ATTR_NAME,
    S_AFTER_ATTR_NAME,
    S_BEFORE_VALUE, /* after '=' */
    S_VALUE_DQ,
    S_VALUE_SQ,
    S_VALUE_UNQUOTED,
    S_BANG,        /* after "<!" */
    S_BANG_DASH,   /* after "<!-" */
    S_DECL,        /* <!DOCTYPE ...>, <?...>, other bogus comments, until '>' */
    S_COMMENT,     /* <!-- ... --> */
};

enum attr_kind {
    A_PLAIN,
    A_URL,
    A_EVENT,       /* on* */
    A_STYLE,
    A_SRCDOC,
    A_SCRIPT_TYPE, /* type of a <script>: decides how its body is parsed */
};

/* Where a URL attribute value stands, for a placeholder about to come. */
enum url_phase {
    URL_START,       /* only blanks so far: a placeholder here is the whole URL */
    URL_SCHEME_OPEN, /* after such a placeholder and before any '/', '?' or '#' */
    URL_LATER,       /* the scheme is settled: placeholders are parts */
};

enum comment_phase { CM_START, CM_START_DASH, CM_BODY, CM_END_DASH, CM_END, CM_END_BANG };

/* Ordered from least to most restrictive: merging takes the larger. */
enum name_end {
    NAME_OPEN,         /* nothing pending */
    NAME_CLOSED_SPACE, /* blanks since: '=' is refused */
    NAME_CLOSED,       /* right after: '=' and name characters are refused */
};

#define NAME_CAP 24

/*
 * Every field that matters for the current state, and nothing else: fields
 * that stop mattering are cleared on the way out of a state, so two contexts
 * are the same exactly when their fields are equal (see ctx_equal).
 */
struct ctx {
    enum state state;
    bool end_tag;
    char tag[NAME_CAP]; /* lowercase, NUL-terminated; *_long when cut */
    bool tag_long;
    char attr[NAME_CAP];
    bool attr_long;
    enum attr_kind attr_kind;
    enum url_phase url_phase;
    char script_type[NAME_CAP]; /* the first type="..." of a <script> */
    bool script_type_long, script_type_done;
    char raw[NAME_CAP];        /* in a raw-text state: the element that ends it */
    unsigned char end_match;   /* bytes of "</raw" seen */
    unsigned char bang_match;  /* bytes of "<!--" seen, in a script */
    bool json_string, json_escape;
    enum comment_phase comment;
    /* Set when a block tag ended an attribute name ({{#if x}}checked{{/if}}).
     * The literal HTML after it must not continue the name or give it a
     * value, or the browser would read it otherwise than this machine does.
     * Not compared by ctx_equal; blocks merge it (see compile_body). */
    enum name_end name_closed;
};

static void ctx_reset(struct ctx *x)
{
    memset(x, 0, sizeof *x);
    x->state = S_TEXT;
}

static bool ctx_equal(const struct ctx *a, const struct ctx *b)
{
    return a->state == b->state && a->end_tag == b->end_tag && !strcmp(a->tag, b->tag) &&
           a->tag_long == b->tag_long && !strcmp(a->attr, b->attr) &&
           a->attr_long == b->attr_long && a->attr_kind == b->attr_kind &&
           a->url_phase == b->url_phase && !strcmp(a->script_type, b->script_type) &&
           a->script_type_long == b->script_type_long &&
           a->script_type_done == b->script_type_done && !strcmp(a->raw, b->raw) &&
           a->end_match == b->end_match && a->bang_match == b->bang_match &&
           a->json_string == b->json_string && a->json_escape == b->json_escape &&
           a->comment == b->comment;
}

static void name_add(char *name, bool *cut, unsigned char c)
{
    size_t n = strlen(name);
    if (n + 1 < NAME_CAP)
        name[n] = (char)lower(c);
    else
        *cut = true;
}

static bool name_is(const char *name, bool cut, const char *want)
{
    return !cut && strcmp(name, want) == 0;
}

static void begin_tag(struct ctx *x, bool end_tag, unsigned char first)
{
    ctx_reset(x);
    x->state = S_TAG_NAME;
    x->end_tag = end_tag;
    name_add(x->tag, &x->tag_long, first);
}

static void begin_attr(struct ctx *x, unsigned char first)
{
    memset(x->attr, 0, sizeof x->attr);
    x->attr_long = false;
    x->attr_kind = A_PLAIN;
    x->url_phase = URL_START;
    x->state = S_ATTR_NAME;
    name_add(x->attr, &x->attr_long, first);
}

static void leave_attr(struct ctx *x)
{
    if (x->attr_kind == A_SCRIPT_TYPE)
        x->script_type_done = true;
    memset(x->attr, 0, sizeof x->attr);
    x->attr_long = false;
    x->attr_kind = A_PLAIN;
    x->url_phase = URL_START;
    x->state = S_BEFORE_ATTR;
}

/* Attributes whose value is a URL a browser may load or navigate to. */
static bool is_url_attr(const char *name)
{
    static const char *const names[] = {
        "href",   "src",      "action",  "formaction", "poster",   "cite",
        "data",   "background", "manifest", "icon",     "xlink:href", "longdesc",
        "lowsrc", "dynsrc",   "ping",    "usemap",     "codebase", "classid",
        "profile", "archive",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static void begin_value(struct ctx *x)
{
    enum attr_kind kind = A_PLAIN;
    if (x->attr[0] == 'o' && x->attr[1] == 'n')
        kind = A_EVENT;
    else if (x->attr_long)
        kind = A_PLAIN;
    else if (!strcmp(x->attr, "style"))
        kind = A_STYLE;
    else if (!strcmp(x->attr, "srcdoc"))
        kind = A_SRCDOC;
    else if (is_url_attr(x->attr))
        kind = A_URL;
    else if (name_is(x->tag, x->tag_long, "script") && !strcmp(x->attr, "type"))
        kind = A_SCRIPT_TYPE;
    x->attr_kind = kind;
    x->url_phase = URL_START;
    x->state = S_BEFORE_VALUE;
}

static bool script_type_is_json(const struct ctx *x)
{
    if (x->script_type_long)
        return false;
    struct str type = trim(str_cstr(x->script_type));
    return str_eq_lit(type, "application/json") || str_eq_lit(type, "application/ld+json");
}

/* '>' of a tag: where the HTML goes next depends on the element. */
static void close_tag(struct ctx *x)
{
    static const char *const rcdata[] = {"title",   "textarea", "xmp",      "iframe",
                                         "noembed", "noframes", "noscript", "plaintext"};
    enum state next = S_TEXT;

    if (!x->end_tag && !x->tag_long) {
        if (!strcmp(x->tag, "script"))
            next = script_type_is_json(x) ? S_JSON : S_SCRIPT;
        else if (!strcmp(x->tag, "style"))
            next = S_STYLE;
        for (size_t i = 0; i < sizeof rcdata / sizeof rcdata[0]; i++)
            if (!strcmp(x->tag, rcdata[i]))
                next = S_RCDATA;
    }
    char raw[NAME_CAP];
    memcpy(raw, x->tag, sizeof raw);
    ctx_reset(x);
    if (next != S_TEXT) {
        x->state = next;
        memcpy(x->raw, raw, sizeof raw);
    }
}

/* In a raw-text state: follows "</name" and leaves the state when it ends. */
static void feed_raw_end(struct ctx *x, unsigned char c)
{
    size_t len = strlen(x->raw);
    if (x->end_match == len + 2 && (is_space(c) || c == '/' || c == '>')) {
        char name[NAME_CAP];
        memcpy(name, x->raw, sizeof name);
        ctx_reset(x);
        if (c != '>') {
            x->state = S_BEFORE_ATTR;
            x->end_tag = true;
            memcpy(x->tag, name, sizeof name);
        }
        return;
    }
    if (c == '<')
        x->end_match = 1;
    else if (x->end_match == 1 && c == '/')
        x->end_match = 2;
    else if (x->end_match >= 2 && x->end_match < len + 2 && lower(c) == (unsigned char)x->raw[x->end_match - 2])
        x->end_match++;
    else
        x->end_match = 0;
}

enum feed_error {
    FEED_OK,
    FEED_SCRIPT_COMMENT, /* "<!--" in a script body */
    FEED_URL_SCHEME,     /* ':' or '&' after a placeholder at the start of a URL */
    FEED_NAME_AFTER_BLOCK, /* an attribute name ended by a block tag goes on */
};

static enum feed_error feed_comment(struct ctx *x, unsigned char c)
{
    switch (x->comment) {
    case CM_START:
    case CM_START_DASH:
        if (c == '>')
            ctx_reset(x); /* <!--> and <!---> are whole comments */
        else if (c == '-')
            x->comment = x->comment == CM_START ? CM_START_DASH : CM_END;
        else
            x->comment = CM_BODY;
        break;
    case CM_BODY:
        if (c == '-')
            x->comment = CM_END_DASH;
        break;
    case CM_END_DASH:
        x->comment = c == '-' ? CM_END : CM_BODY;
        break;
    case CM_END:
        if (c == '>')
            ctx_reset(x);
        else if (c == '!')
            x->comment = CM_END_BANG;
        else if (c != '-')
            x->comment = CM_BODY;
        break;
    case CM_END_BANG:
        if (c == '>')
            ctx_reset(x);
        else
            x->comment = c == '-' ? CM_END_DASH : CM_BODY;
        break;
    }
    return FEED_OK;
}

static enum feed_error feed_value_byte(struct ctx *x, unsigned char c)
{
    if (x->attr_kind == A_SCRIPT_TYPE && !x->script_type_done)
        name_add(x->script_type, &x->script_type_long, c);
    if (x->attr_kind == A_URL) {
        if (x->url_phase == URL_START && !is_space(c))
            x->url_phase = URL_LATER;
        else if (x->url_phase == URL_SCHEME_OPEN && (c == '/' || c == '?' || c == '#'))
            x->url_phase = URL_LATER;
        else if (x->url_phase == URL_SCHEME_OPEN && (c == ':' || c == '&'))
            return FEED_URL_SCHEME;
    }
    return FEED_OK;
}

/* Moves the machine over one byte of literal HTML. */
static enum feed_error feed(struct ctx *x, unsigned char c)
{
    switch (x->state) {
    case S_TEXT:
        if (c == '<')
            x->state = S_TAG_OPEN;
        break;
    case S_TAG_OPEN:
        if (is_alpha(c))
            begin_tag(x, false, c);
        else if (c == '/')
            x->state = S_END_TAG_OPEN;
        else if (c == '!')
            x->state = S_BANG;
        else if (c == '?')
            x->state = S_DECL;
        else if (c != '<')
            x->state = S_TEXT;
        break;
    case S_END_TAG_OPEN:
        if (is_alpha(c))
            begin_tag(x, true, c);
        else
            x->state = c == '>' ? S_TEXT : S_DECL;
        break;
    case S_BANG:
        x->state = c == '-' ? S_BANG_DASH : c == '>' ? S_TEXT : S_DECL;
        break;
    case S_BANG_DASH:
        if (c == '-') {
            x->state = S_COMMENT;
            x->comment = CM_START;
        } else {
            x->state = c == '>' ? S_TEXT : S_DECL;
        }
        break;
    case S_DECL:
        if (c == '>')
            ctx_reset(x);
        break;
    case S_COMMENT:
        return feed_comment(x, c);
    case S_TAG_NAME:
        if (is_space(c) || c == '/')
            x->state = S_BEFORE_ATTR;
        else if (c == '>')
            close_tag(x);
        else
            name_add(x->tag, &x->tag_long, c);
        break;
    case S_BEFORE_ATTR:
        if (x->name_closed != NAME_OPEN) {
            if (c == '=')
                return FEED_NAME_AFTER_BLOCK;
            if (is_space(c)) {
                x->name_closed = NAME_CLOSED_SPACE;
                break;
            }
            if (x->name_closed == NAME_CLOSED && c != '/' && c != '>')
                return FEED_NAME_AFTER_BLOCK;
            x->name_closed = NAME_OPEN;
        }
        if (c == '>')
            close_tag(x);
        else if (!is_space(c) && c != '/')
            begin_attr(x, c);
        break;
    case S_ATTR_NAME:
        if (is_space(c))
            x->state = S_AFTER_ATTR_NAME;
        else if (c == '/')
            leave_attr(x);
        else if (c == '=')
            begin_value(x);
        else if (c == '>')
            close_tag(x);
        else
            name_add(x->attr, &x->attr_long, c);
        break;
    case S_AFTER_ATTR_NAME:
        if (c == '=') {
            begin_value(x);
        } else if (c == '/') {
            leave_attr(x);
        } else if (c == '>') {
            close_tag(x);
        } else if (!is_space(c)) {
            leave_attr(x);
            begin_attr(x, c);
        }
        break;
    case S_BEFORE_VALUE:
        if (c == '"') {
            x->state = S_VALUE_DQ;
        } else if (c == '\'') {
            x->state = S_VALUE_SQ;
        } else if (c == '>') {
            close_tag(x);
        } else if (!is_space(c)) {
            x->state = S_VALUE_UNQUOTED;
            return feed_value_byte(x, c);
        }
        break;
    case S_VALUE_DQ:
    case S_VALUE_SQ:
        if (c == (x->state == S_VALUE_DQ ? '"' : '\''))
            leave_attr(x);
        else
            return feed_value_byte(x, c);
        break;
    case S_VALUE_UNQUOTED:
        if (is_space(c)) {
            leave_attr(x);
        } else if (c == '>') {
            leave_attr(x);
            close_tag(x);
        } else {
            return feed_value_byte(x, c);
        }
        break;
    case S_SCRIPT:
    case S_JSON:
        /* "<!--" in a script makes a later "<script" nest and moves the end
         * of the script where this machine does not look: refused. */
        if (c == '<')
            x->bang_match = 1;
        else if ((x->bang_match == 1 && c == '!') || (x->bang_match == 2 && c == '-'))
            x->bang_match++;
        else if (x->bang_match == 3 && c == '-')
            return FEED_SCRIPT_COMMENT;
        else
            x->bang_match = 0;
        if (x->state == S_JSON) {
            if (x->json_escape)
                x->json_escape = false;
            else if (x->json_string && c == '\\')
                x->json_escape = true;
            else if (c == '"')
                x->json_string = !x->json_string;
        }
        feed_raw_end(x, c);
        break;
    case S_RCDATA:
    case S_STYLE:
        feed_raw_end(x, c);
        break;
    }
    return FEED_OK;
}

/* A phrase for error messages: "in <where>". */
static void describe(const struct ctx *x, char *out, size_t cap)
{
    static const char *const url_phases[] = {
        [URL_START] = "at its start",
        [URL_SCHEME_OPEN] = "after a placeholder, before any '/', '?' or '#'",
        [URL_LATER] = "after its start",
    };
    const char *quote = x->state == S_VALUE_SQ ? "single-quoted" : "double-quoted";
    switch (x->state) {
    case S_TEXT:
        snprintf(out, cap, "text");
        break;
    case S_RCDATA:
        snprintf(out, cap, "the content of <%s>", x->raw);
        break;
    case S_SCRIPT:
        snprintf(out, cap, "a <script> body");
        break;
    case S_JSON:
        snprintf(out, cap, "%s",
                 x->json_string ? "a string literal of the JSON in a <script>"
                                : "the JSON of a <script>");
        break;
    case S_STYLE:
        snprintf(out, cap, "a <style> body");
        break;
    case S_TAG_OPEN:
    case S_END_TAG_OPEN:
    case S_TAG_NAME:
        snprintf(out, cap, "a tag name");
        break;
    case S_BEFORE_ATTR:
        if (x->end_tag)
            snprintf(out, cap, "the end tag </%s>", x->tag);
        else if (x->script_type_done)
            snprintf(out, cap, "the start tag <%s type=\"%s\">, between attributes", x->tag,
                     x->script_type);
        else
            snprintf(out, cap, "the start tag <%s>, between attributes", x->tag);
        break;
    case S_ATTR_NAME:
    case S_AFTER_ATTR_NAME:
        snprintf(out, cap, "the attribute name %s of <%s>", x->attr, x->tag);
        break;
    case S_BEFORE_VALUE:
    case S_VALUE_UNQUOTED:
        snprintf(out, cap, "the unquoted attribute value of %s in <%s>", x->attr, x->tag);
        break;
    case S_VALUE_DQ:
    case S_VALUE_SQ:
        if (x->attr_kind == A_URL)
            snprintf(out, cap, "the %s URL attribute value of %s in <%s>, %s", quote, x->attr,
                     x->tag, url_phases[x->url_phase]);
        else
            snprintf(out, cap, "the %s attribute value of %s in <%s>", quote, x->attr, x->tag);
        break;
    case S_BANG:
    case S_BANG_DASH:
    case S_DECL:
        snprintf(out, cap, "<!DOCTYPE> or another <!...> declaration");
        break;
    case S_COMMENT:
        snprintf(out, cap, "an HTML comment");
        break;
    }
}

/*
 * Decides whether a tag of kind `kind` may stand in context `x`. For a
 * placeholder it also names the TPL_* macro that escapes it. On refusal,
 * writes why into `why` and returns false. These are the refusal rules.
 */
static bool refuse(const struct ctx *x, enum tok_kind kind, const char **macro, char *why,
                   size_t cap)
{
    char where[200];
    describe(x, where, sizeof where);
    const char *what = kind == TOK_EXPR      ? "a placeholder"
                       : kind == TOK_PARTIAL ? "a template call {{> ...}}"
                       : kind == TOK_LIVE    ? "a live mark {{#live ...}}"
                                             : "a block tag";
    bool value = kind == TOK_EXPR;

    *macro = NULL;
    if (kind == TOK_PARTIAL || kind == TOK_LIVE) {
        if (x->state == S_TEXT)
            return false;
        snprintf(why, cap, "%s is allowed only in text context, not in %s", what, where);
        return true;
    }
    switch (x->state) {
    case S_TEXT:
        *macro = "TPL_TEXT";
        return false;
    case S_RCDATA:
    case S_SCRIPT:
    case S_STYLE:
    case S_JSON:
        if (x->end_match || x->bang_match) {
            snprintf(why, cap, "%s cannot follow '<' in %s: it could complete a tag", what, where);
            return true;
        }
        if (!value)
            return false; /* only literal HTML inside: the block changes nothing */
        if (x->state == S_RCDATA) {
            *macro = "TPL_RCDATA";
            return false;
        }
        if (x->state == S_SCRIPT) {
            snprintf(why, cap,
                     "a placeholder cannot stand inside a <script> that is not JSON; only the "
                     "body of <script type=\"application/json\"> or \"application/ld+json\" "
                     "takes placeholders");
            return true;
        }
        if (x->state == S_STYLE) {
            snprintf(why, cap, "a placeholder cannot stand inside <style>");
            return true;
        }
        if (x->json_string) {
            snprintf(why, cap,
                     "a placeholder cannot stand inside a JSON string literal; it writes a whole "
                     "JSON value (a quoted string, a number, a boolean or null), so put it outside "
                     "the quotes");
            return true;
        }
        *macro = "TPL_JSON";
        return false;
    case S_TAG_OPEN:
    case S_END_TAG_OPEN:
    case S_TAG_NAME:
        snprintf(why, cap, "%s cannot stand in a tag name", what);
        return true;
    case S_BEFORE_ATTR:
        if (x->end_tag) {
            snprintf(why, cap, "%s cannot stand in %s", what, where);
            return true;
        }
        if (!value)
            return false; /* a conditional attribute: <a {{#if x}}class="y"{{/if}}> */
        snprintf(why, cap,
                 "a placeholder cannot stand in an attribute name position (in %s); write "
                 "name=\"{{ ... }}\"",
                 where);
        return true;
    case S_ATTR_NAME:
    case S_AFTER_ATTR_NAME:
        snprintf(why, cap, "%s cannot stand in an attribute name (%s)", what, where);
        return true;
    case S_BEFORE_VALUE:
    case S_VALUE_UNQUOTED:
        snprintf(why, cap, "%s cannot stand in an unquoted attribute value (%s); quote the value",
                 what, where);
        return true;
    case S_VALUE_DQ:
    case S_VALUE_SQ:
        if (x->end_tag) {
            snprintf(why, cap, "%s cannot stand in %s", what, where);
            return true;
        }
        if (!value)
            return false;
        switch (x->attr_kind) {
        case A_EVENT:
            snprintf(why, cap,
                     "a placeholder cannot stand in the event handler attribute %s: its value is "
                     "JavaScript",
                     x->attr);
            return true;
        case A_STYLE:
            snprintf(why, cap, "a placeholder cannot stand in the style attribute: its value is CSS");
            return true;
        case A_SRCDOC:
            snprintf(why, cap, "a placeholder cannot stand in the srcdoc attribute: its value is a "
                               "whole HTML document");
            return true;
        case A_SCRIPT_TYPE:
            snprintf(why, cap, "a placeholder cannot stand in the type attribute of <script>: it "
                               "decides how the script body is read");
            return true;
        case A_URL:
            *macro = x->url_phase == URL_START ? "TPL_URL" : "TPL_URL_PART";
            return false;
        case A_PLAIN:
            *macro = "TPL_ATTR";
            return false;
        }
        return true;
    case S_BANG:
    case S_BANG_DASH:
    case S_DECL:
        snprintf(why, cap, "%s cannot stand inside <!DOCTYPE> or another <!...> declaration", what);
        return true;
    case S_COMMENT:
        snprintf(why, cap, "%s cannot stand inside an HTML comment", what);
        return true;
    }
    return true;
}

/* ---- code generation ---------------------------------------------------------------------------- */

struct gen {
    struct buf c;       /* the .c file being written */
    size_t line;        /* the line number the next byte of c goes on */
    const char *c_path; /* the .c file's name, for #line */
    struct buf lit;     /* literal HTML not yet written */
    int depth;          /* nesting of C blocks in the current function */
};

static void gen_counted(struct gen *g, size_t from)
{
    for (size_t i = from; i < g->c.n; i++)
        if (g->c.p[i] == '\n')
            g->line++;
}

__attribute__((format(printf, 2, 3))) static void gen_printf(struct gen *g, const char *fmt, ...)
{
    size_t from = g->c.n;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&g->c, fmt, ap);
    va_end(ap);
    gen_counted(g, from);
}

static void gen_indent(struct gen *g)
{
    for (int i = 0; i <= g->depth; i++)
        buf_puts(&g->c, "    ");
}

/* Writes the pending literal HTML as one buf_append, one source line per line of HTML. */
static void gen_flush(struct gen *g)
{
    if (g->lit.n == 0)
        return;
    size_t from = g->c.n;
    gen_indent(g);
    const char *first_nl = memchr(g->lit.p, '\n', g->lit.n);
    if (g->lit.n <= 60 && (!first_nl || first_nl == g->lit.p + g->lit.n - 1)) {
        buf_puts(&g->c, "buf_append(&out->buf, \"");
        c_escape(&g->c, g->lit.p, g->lit.n);
        buf_printf(&g->c, "\", %zu);\n", g->lit.n);
        gen_counted(g, from);
        g->lit.n = 0;
        return;
    }
    buf_puts(&g->c, "buf_append(&out->buf,");
    const char *p = g->lit.p;
    size_t left = g->lit.n;
    while (left) {
        const char *nl = memchr(p, '\n', left);
        size_t k = nl ? (size_t)(nl - p) + 1 : left;
        buf_puts(&g->c, "\n");
        gen_indent(g);
        buf_puts(&g->c, "        \"");
        c_escape(&g->c, p, k);
        buf_puts(&g->c, "\"");
        p += k;
        left -= k;
    }
    buf_printf(&g->c, ",\n");
    gen_indent(g);
    buf_printf(&g->c, "        %zu);\n", g->lit.n);
    gen_counted(g, from);
    g->lit.n = 0;
}

/* Writes `#line` pointing at the template, one line of template C code, and
 * `#line` back to the generated file. */
__attribute__((format(printf, 4, 5))) static void gen_template_code(struct gen *g,
                                                                    const struct template *t,
                                                                    const char *at,
                                                                    const char *fmt, ...)
{
    size_t line, col;
    position(t, offset_of(t, at), &line, &col);
    size_t from = g->c.n;
    buf_printf(&g->c, "#line %zu \"", line);
    c_escape(&g->c, t->path, strlen(t->path));
    buf_puts(&g->c, "\"\n");
    gen_indent(g);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&g->c, fmt, ap);
    va_end(ap);
    gen_counted(g, from);
    gen_printf(g, "#line %zu \"", g->line + 1);
    from = g->c.n;
    c_escape(&g->c, g->c_path, strlen(g->c_path));
    buf_puts(&g->c, "\"\n");
    gen_counted(g, from);
}

/* ---- compiling one template body ---------------------------------------------------------------- */

struct block {
    enum tok_kind kind; /* TOK_IF or TOK_FOR */
    size_t at;
    struct ctx ctx;     /* the context where it began */
    bool seen_else;
    enum name_end name_closed; /* the most restrictive over the branches so far */
};

/*
 * A block tag ends an attribute name it meets: <option {{#if s}}selected{{/if}}>
 * leaves one branch in the attribute name and the other between attributes.
 * Both become "between attributes", with name_closed set so that the HTML
 * that follows cannot make the two readings differ.
 */
static void end_attr_name_at_block(struct ctx *x)
{
    if ((x->state != S_ATTR_NAME && x->state != S_AFTER_ATTR_NAME) || x->end_tag)
        return;
    enum name_end end = x->state == S_ATTR_NAME ? NAME_CLOSED : NAME_CLOSED_SPACE;
    leave_attr(x);
    x->name_closed = end;
}

static enum name_end stricter(enum name_end a, enum name_end b) { return a > b ? a : b; }

static struct template *templates;
static size_t n_templates;

static const struct template *find_template(struct str func)
{
    for (size_t i = 0; i < n_templates; i++)
        if (str_eq_lit(func, templates[i].func))
            return &templates[i];
    return NULL;
}

/* Splits `s` at its first `sep` (last, if `last`) outside brackets and literals. */
static bool split_top_level(struct str s, char sep, bool last, struct str *left, struct str *right)
{
    int depth = 0;
    size_t found = s.n;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c == '"' || c == '\'') {
            for (i++; i < s.n && s.p[i] != c; i++)
                if (s.p[i] == '\\')
                    i++;
        } else if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            depth--;
        } else if (c == sep && depth == 0) {
            found = i;
            if (!last)
                break;
        }
    }
    if (found == s.n)
        return false;
    *left = trim(str_make(s.p, found));
    *right = trim(str_skip(s, found + 1));
    return left->n && right->n;
}

static bool parse_for(const struct template *t, const struct token *tok, struct str *decl,
                      struct str *array, struct str *count, struct str *name)
{
    struct str rest;
    if (!split_top_level(tok->arg, ':', false, decl, &rest) ||
        !split_top_level(rest, ',', true, array, count)) {
        error_at(t, tok->at, "{{#for}} is written {{#for DECL : ARRAY, COUNT}}");
        return false;
    }
    size_t k = decl->n;
    while (k && is_ident_char((unsigned char)decl->p[k - 1]))
        k--;
    *name = str_make(decl->p + k, decl->n - k);
    if (!is_identifier(*name)) {
        error_at(t, tok->at, "{{#for}}: \"%.*s\" does not end with the loop variable's name",
                 (int)decl->n, decl->p);
        return false;
    }
    return true;
}

static bool parse_partial(const struct template *t, const struct token *tok, struct str *name,
                          struct str *args)
{
    struct str s = tok->arg;
    size_t k = 0;
    while (k < s.n && is_ident_char((unsigned char)s.p[k]))
        k++;
    *name = str_make(s.p, k);
    struct str rest = trim(str_skip(s, k));
    *args = str_make(rest.p, 0);
    if (rest.n) {
        if (rest.p[0] != '(' || rest.p[rest.n - 1] != ')') {
            error_at(t, tok->at, "a template call is written {{> NAME(ARGS)}} or {{> NAME}}");
            return false;
        }
        *args = trim(str_make(rest.p + 1, rest.n - 2));
    }
    if (!is_identifier(*name)) {
        error_at(t, tok->at, "a template call is written {{> NAME(ARGS)}} or {{> NAME}}");
        return false;
    }
    char func[256];
    snprintf(func, sizeof func, "tpl_%.*s", (int)name->n, name->p);
    if (!find_template(str_cstr(func))) {
        error_at(t, tok->at, "{{> %.*s}}: there is no template %s%s", (int)name->n, name->p, func,
                 str_starts_with(*name, STR("tpl_")) ? " (name it without tpl_)" : "");
        return false;
    }
    return true;
}

static bool valid_live_name(struct str s)
{
    if (s.n == 0 || s.n > 64)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (!is_ident_char(c) && c != '-' && c != '.' && c != ':')
            return false;
    }
    return true;
}

static const char *tag_text(enum tok_kind kind)
{
    switch (kind) {
    case TOK_IF:
        return "{{#if}}";
    case TOK_ELIF:
        return "{{#elif}}";
    case TOK_ELSE:
        return "{{#else}}";
    case TOK_END_IF:
        return "{{/if}}";
    case TOK_FOR:
        return "{{#for}}";
    case TOK_END_FOR:
        return "{{/for}}";
    default:
        return "tag";
    }
}

/* Checks that the context where `tok` stands is the one where its block began. */
static bool same_context(const struct template *t, const struct token *tok, const struct block *b,
                         const struct ctx *now)
{
    if (ctx_equal(now, &b->ctx))
        return true;
    char here[200], there[200];
    describe(now, here, sizeof here);
    describe(&b->ctx, there, sizeof there);
    size_t line, col;
    position(t, b->at, &line, &col);
    error_at(t, tok->at,
             "%s is in %s, but the %s it belongs to (line %zu, column %zu) is in %s%s; a block "
             "must end in the HTML context it began in",
             tag_text(tok->kind), here, tag_text(b->kind), line, col, there,
             strcmp(here, there) ? "" : " (the HTML around them differs)");
    return false;
}

static bool compile_body(const struct template *t, const struct tokens *list, struct gen *g)
{
    struct ctx x;
    struct block stack[MAX_NESTING];
    int open = 0;
    char why[400];
    const char *macro = NULL;

    ctx_reset(&x);
    for (size_t i = 0; i < list->n; i++) {
        const struct token *tok = &list->v[i];
        struct block *top = open ? &stack[open - 1] : NULL;

        if (tok->kind == TOK_IF || tok->kind == TOK_FOR || tok->kind == TOK_ELIF ||
            tok->kind == TOK_ELSE || tok->kind == TOK_END_IF || tok->kind == TOK_END_FOR)
            end_attr_name_at_block(&x);

        if (tok->kind != TOK_TEXT && tok->kind != TOK_COMMENT && tok->kind != TOK_ELIF &&
            tok->kind != TOK_ELSE && tok->kind != TOK_END_IF && tok->kind != TOK_END_FOR &&
            refuse(&x, tok->kind, &macro, why, sizeof why)) {
            error_at(t, tok->at, "%s", why);
            return false;
        }
        switch (tok->kind) {
        case TOK_TEXT:
            if (tok->dropped)
                break;
            for (size_t k = 0; k < tok->arg.n; k++) {
                enum feed_error e = feed(&x, (unsigned char)tok->arg.p[k]);
                if (e == FEED_SCRIPT_COMMENT) {
                    size_t off = tok->at + k;
                    error_at(t, off >= 3 ? off - 3 : 0,
                             "\"<!--\" inside a <script> body changes where the script ends");
                    return false;
                }
                if (e == FEED_NAME_AFTER_BLOCK) {
                    error_at(t, tok->at + k,
                             "'%c' right after an attribute name that a block tag ended: the "
                             "name could go on or take a value; put a space, '/' or '>' after "
                             "the block and values inside it",
                             tok->arg.p[k]);
                    return false;
                }
                if (e == FEED_URL_SCHEME) {
                    error_at(t, tok->at + k,
                             "'%c' after a placeholder at the start of a URL attribute could "
                             "complete a scheme such as javascript:; put '/', '?' or '#' "
                             "before it",
                             tok->arg.p[k]);
                    return false;
                }
            }
            buf_put(&g->lit, tok->arg);
            break;
        case TOK_COMMENT:
            break;
        case TOK_EXPR:
            gen_flush(g);
            gen_template_code(g, t, tok->arg.p, "%s(out, (%.*s));\n", macro, (int)tok->arg.n,
                              tok->arg.p);
            if (x.attr_kind == A_URL && x.url_phase == URL_START)
                x.url_phase = URL_SCHEME_OPEN;
            break;
        case TOK_IF:
        case TOK_FOR: {
            if (open == MAX_NESTING) {
                error_at(t, tok->at, "blocks nest deeper than %d", MAX_NESTING);
                return false;
            }
            struct str decl, array, count, name;
            if (tok->kind == TOK_FOR && !parse_for(t, tok, &decl, &array, &count, &name))
                return false;
            stack[open++] = (struct block){tok->kind, tok->at, x, false, x.name_closed};
            gen_flush(g);
            if (tok->kind == TOK_IF) {
                gen_template_code(g, t, tok->arg.p, "if (%.*s) {\n", (int)tok->arg.n, tok->arg.p);
            } else {
                gen_template_code(g, t, tok->arg.p,
                                  "for (size_t %.*s_index = 0, %.*s_count = (size_t)(%.*s); "
                                  "%.*s_index < %.*s_count; %.*s_index++) {\n",
                                  (int)name.n, name.p, (int)name.n, name.p, (int)count.n, count.p,
                                  (int)name.n, name.p, (int)name.n, name.p, (int)name.n, name.p);
                g->depth++;
                gen_template_code(g, t, tok->arg.p, "%.*s = &(%.*s)[%.*s_index];\n", (int)decl.n,
                                  decl.p, (int)array.n, array.p, (int)name.n, name.p);
                gen_indent(g);
                gen_printf(g, "(void)%.*s;\n", (int)name.n, name.p);
                g->depth--;
            }
            g->depth++;
            break;
        }
        case TOK_ELIF:
        case TOK_ELSE:
        case TOK_END_IF:
        case TOK_END_FOR: {
            enum tok_kind want = tok->kind == TOK_END_FOR ? TOK_FOR : TOK_IF;
            if (!top || top->kind != want) {
                if (top) {
                    size_t line, col;
                    position(t, top->at, &line, &col);
                    error_at(t, tok->at, "%s where %s (line %zu, column %zu) is still open",
                             tag_text(tok->kind), tag_text(top->kind), line, col);
                } else {
                    error_at(t, tok->at, "%s without %s", tag_text(tok->kind), tag_text(want));
                }
                return false;
            }
            if (top->seen_else && tok->kind != TOK_END_IF) {
                error_at(t, tok->at, "%s after {{#else}}", tag_text(tok->kind));
                return false;
            }
            if (!same_context(t, tok, top, &x))
                return false;
            if (tok->kind == TOK_END_FOR && x.name_closed > top->ctx.name_closed) {
                error_at(t, tok->at,
                         "{{/for}} ends an attribute name that the next turn of the loop would "
                         "go on with; end the loop body with a space");
                return false;
            }
            top->name_closed = stricter(top->name_closed, x.name_closed);
            gen_flush(g);
            g->depth--;
            if (tok->kind == TOK_ELIF) {
                gen_template_code(g, t, tok->arg.p, "} else if (%.*s) {\n", (int)tok->arg.n,
                                  tok->arg.p);
                g->depth++;
                x = top->ctx;
            } else if (tok->kind == TOK_ELSE) {
                gen_indent(g);
                gen_printf(g, "} else {\n");
                top->seen_else = true;
                g->depth++;
                x = top->ctx;
            } else {
                gen_indent(g);
                gen_printf(g, "}\n");
                x.name_closed = top->name_closed;
                open--;
            }
            break;
        }
        case TOK_PARTIAL: {
            struct str name, args;
            if (!parse_partial(t, tok, &name, &args))
                return false;
            gen_flush(g);
            gen_template_code(g, t, tok->arg.p, "tpl_%.*s(out%s%.*s);\n", (int)name.n, name.p,
                              args.n ? ", " : "", (int)args.n, args.p);
            break;
        }
        case TOK_LIVE:
            if (!valid_live_name(tok->arg)) {
                error_at(t, tok->at, "a live mark's name is letters, digits, '_', '-', '.' or ':'");
                return false;
            }
            gen_flush(g);
            gen_indent(g);
            gen_printf(g, "tpl_live_mark(out, \"%.*s\");\n", (int)tok->arg.n, tok->arg.p);
            break;
        case TOK_INCLUDE:
        case TOK_PARAMS:
            break; /* refused by tokenize_body */
        }
    }
    if (open) {
        error_at(t, stack[open - 1].at, "%s is never closed", tag_text(stack[open - 1].kind));
        return false;
    }
    if (x.state != S_TEXT) {
        char where[200];
        describe(&x, where, sizeof where);
        error_at(t, t->n, "the template ends in %s; it must end in text, where it began", where);
        return false;
    }
    gen_flush(g);
    return true;
}

static void compile_template(const struct template *t, struct gen *g)
{
    struct tokens list = {0};
    if (tokenize_body(t, &list)) {
        size_t mark = g->c.n, mark_line = g->line;
        gen_printf(g, "/* %s */\n", t->name);
        g->depth = -1; /* no indentation */
        gen_template_code(g, t, t->text + t->params_at, "void %s(struct tpl_out *out%s%.*s)\n",
                          t->func, t->params.n ? ", " : "", (int)t->params.n, t->params.p);
        gen_printf(g, "{\n");
        g->depth = 0;
        g->lit.n = 0;
        if (compile_body(t, &list, g)) {
            gen_printf(g, "}\n\n");
        } else {
            g->c.n = mark;
            g->line = mark_line;
        }
    }
    free(list.v);
}

/* ---- finding, reading and naming the templates -------------------------------------------------- */

static void add_template(const char *path, const char *name)
{
    templates = xrealloc(templates, (n_templates + 1) * sizeof *templates);
    struct template *t = &templates[n_templates++];
    memset(t, 0, sizeof *t);
    t->path = xstrndup(path, strlen(path));
    t->name = xstrndup(name, strlen(name));
}

/* Collects every *.html under dir/rel, skipping hidden files (editor leftovers). */
static bool collect(const char *root, const char *rel)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "tplc: %s: %s\n", dir, strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096], name[4096];
        int a = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int b = snprintf(name, sizeof name, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        if (a < 0 || b < 0 || (size_t)a >= sizeof path || (size_t)b >= sizeof name) {
            fprintf(stderr, "tplc: %s/%s: path too long\n", dir, e->d_name);
            ok = false;
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0) {
            fprintf(stderr, "tplc: %s: %s\n", path, strerror(errno));
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = collect(root, name);
        } else if (S_ISREG(st.st_mode) && str_ends_with(str_cstr(name), STR(".html"))) {
            add_template(path, name);
        }
    }
    closedir(d);
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct template *)a)->name, ((const struct template *)b)->name);
}

static bool read_template(struct template *t)
{
    FILE *f = fopen(t->path, "rb");
    if (!f) {
        fprintf(stderr, "%s: error: %s\n", t->path, strerror(errno));
        n_errors++;
        return false;
    }
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && b.n <= MAX_TEMPLATE_BYTES)
        buf_append(&b, chunk, k);
    bool failed = ferror(f);
    fclose(f);
    if (failed || b.n > MAX_TEMPLATE_BYTES) {
        fprintf(stderr, "%s: error: %s\n", t->path,
                failed ? "cannot read" : "larger than the 4 MiB a template may be");
        n_errors++;
        buf_free(&b);
        return false;
    }
    t->n = b.n;
    t->text = buf_detach(&b, NULL);
    return true;
}

/* tpl_ + the name without ".html", with '/' and '-' as '_'. */
static bool name_function(struct template *t)
{
    size_t n = strlen(t->name) - strlen(".html");
    t->func = xrealloc(NULL, n + 5);
    memcpy(t->func, "tpl_", 4);
    for (size_t i = 0; i < n; i++) {
        char c = t->name[i];
        t->func[4 + i] = c == '/' || c == '-' ? '_' : c;
    }
    t->func[4 + n] = '\0';
    if (n == 0 || !is_identifier(str_cstr(t->func))) {
        fprintf(stderr, "%s:1:1: error: the name %s cannot become the C function name %s; use "
                        "letters, digits, '_', '-' and '/'\n",
                t->path, t->name, t->func);
        n_errors++;
        return false;
    }
    for (const struct template *o = templates; o < t; o++) {
        if (o->func && !strcmp(o->func, t->func)) {
            fprintf(stderr, "%s:1:1: error: its function name %s is also the name of %s\n",
                    t->path, t->func, o->path);
            n_errors++;
            return false;
        }
    }
    return true;
}

/* ---- output files ---------------------------------------------------------------------------------- */

static bool write_file(const char *path, const struct buf *b)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "tplc: %s: %s\n", tmp, strerror(errno));
        return false;
    }
    bool ok = fwrite(b->p, 1, b->n, f) == b->n;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "tplc: cannot write %s: %s\n", path, strerror(errno));
        remove(tmp);
        return false;
    }
    return true;
}

static void write_header(struct buf *h, const char *base_name, const char *dir)
{
    char guard[128];
    size_t k = 0;
    for (const char *p = base_name; *p && k + 1 < sizeof guard; p++)
        guard[k++] = is_ident_char((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
    guard[k] = '\0';
    buf_printf(h, "/* %s.h - generated by tools/tplc.c from %s; do not edit. */\n", base_name, dir);
    buf_printf(h, "#ifndef DINH_GEN_%s_H\n#define DINH_GEN_%s_H\n\n", guard, guard);
    buf_puts(h, "#include \"view/tpl.h\"\n");
    if (n_includes)
        buf_puts(h, "\n");
    for (size_t i = 0; i < n_includes; i++)
        buf_printf(h, "#include %s\n", includes[i]);
    for (size_t i = 0; i < n_templates; i++) {
        const struct template *t = &templates[i];
        buf_printf(h, "\n/* %s */\nvoid %s(struct tpl_out *out%s%.*s);\n", t->path, t->func,
                   t->params.n ? ", " : "", (int)t->params.n, t->params.p);
    }
    buf_puts(h, "\n#endif\n");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tplc OUT_BASE TEMPLATE_DIR   (writes OUT_BASE.h and OUT_BASE.c)\n");
        return 2;
    }
    const char *out_base = argv[1];
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", argv[2]);
    for (size_t k = strlen(dir); k > 1 && dir[k - 1] == '/'; k--)
        dir[k - 1] = '\0';
    const char *slash = strrchr(out_base, '/');
    const char *base_name = slash ? slash + 1 : out_base;
    char h_path[4096], c_path[4096];
    if (snprintf(h_path, sizeof h_path, "%s.h", out_base) >= (int)sizeof h_path ||
        snprintf(c_path, sizeof c_path, "%s.c", out_base) >= (int)sizeof c_path) {
        fprintf(stderr, "tplc: output path too long\n");
        return 2;
    }

    if (!collect(dir, ""))
        return 1;
    qsort(templates, n_templates, sizeof *templates, by_name);

    /* First every header, so the includes lead the .c file and calls can be checked. */
    for (size_t i = 0; i < n_templates; i++) {
        struct template *t = &templates[i];
        if (!name_function(t) || !read_template(t))
            continue;
        size_t bad = first_invalid_utf8(t);
        if (bad < t->n) {
            error_at(t, bad, "invalid UTF-8 (byte 0x%02X); templates are UTF-8",
                     (unsigned char)t->text[bad]);
            continue;
        }
        t->ok = parse_header(t);
    }
    if (n_errors)
        return 1;

    struct gen g = {BUF_INIT, 1, c_path, BUF_INIT, 0};
    gen_printf(&g, "/* %s.c - generated by tools/tplc.c from %s; do not edit.\n", base_name, dir);
    gen_printf(&g, " * One function per template; see src/view/tpl.h for the TPL_* escapers. */\n");
    /* The header carries every template's {{#include}} lines: headers
     * without include guards must not be read twice. */
    gen_printf(&g, "#include \"%s.h\"\n", base_name);
    gen_printf(&g, "\n/* Not every template uses every parameter it declares. */\n");
    gen_printf(&g, "#pragma GCC diagnostic ignored \"-Wunused-parameter\"\n\n");
    for (size_t i = 0; i < n_templates; i++)
        if (templates[i].ok)
            compile_template(&templates[i], &g);
    if (n_errors)
        return 1;

    struct buf h = BUF_INIT;
    write_header(&h, base_name, dir);
    if (!write_file(h_path, &h) || !write_file(c_path, &g.c))
        return 1;
    buf_free(&h);
    buf_free(&g.c);
    buf_free(&g.lit);
    return 0;
}
