/*
 * number.c - parsing document numbers; see number.h.
 *
 * How the pieces fit: normalise() turns the input into one canonical
 * spelling of spaces, dashes and slashes; strip_prefix() takes off a type
 * name and "số" in front; parse_token() reads the number and dispatches
 * on what follows it ('-' for the Party, "/YYYY/" for legal documents,
 * '/' for the rest); the family parsers split the symbol into groups at
 * '-', check each group's letters, give each group its canonical case and
 * look the type up in the tables below.
 */
#include "docs/number.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "text/utf8.h"
#include "text/vi.h"

/* --- the tables ------------------------------------------------------------------ */

/* Nghị định 30/2020/NĐ-CP, Phụ lục III, table I, as the reference quotes
 * it from the official appendix (portal-rules.md §2.2). Công văn and Thư
 * công have no abbreviation there; CV and TT are not in the table. The
 * three copy forms (sao y, trích sao, sao lục) close the table. */
static const struct doc_type_abbr admin_types[] = {
    {"NQ", "Nghị quyết"},     {"QĐ", "Quyết định"},   {"CT", "Chỉ thị"},          {"QC", "Quy chế"},
    {"QyĐ", "Quy định"},      {"TC", "Thông cáo"},    {"TB", "Thông báo"},        {"HD", "Hướng dẫn"},
    {"CTr", "Chương trình"},  {"KH", "Kế hoạch"},     {"PA", "Phương án"},        {"ĐA", "Đề án"},
    {"DA", "Dự án"},          {"BC", "Báo cáo"},      {"BB", "Biên bản"},         {"TTr", "Tờ trình"},
    {"HĐ", "Hợp đồng"},       {"CĐ", "Công điện"},    {"BGN", "Bản ghi nhớ"},     {"BTT", "Bản thỏa thuận"},
    {"GUQ", "Giấy ủy quyền"}, {"GM", "Giấy mời"},     {"GGT", "Giấy giới thiệu"}, {"GNP", "Giấy nghỉ phép"},
    {"PG", "Phiếu gửi"},      {"PC", "Phiếu chuyển"}, {"PB", "Phiếu báo"},        {"SY", "Bản sao y"},
    {"TrS", "Bản trích sao"}, {"SL", "Bản sao lục"},
};

/* Seen in the field for administrative công văn but not in the rules: the
 * reference calls such abbreviations non-standard. Accepted so that
 * "123/CV-UBND" is not misread as a công văn of an agency called "CV";
 * marked `nonstandard`. */
static const struct doc_type_abbr nonstandard_types[] = {
    {"CV", "Công văn"},
};

/* Legal normative documents (portal-rules.md §2.3). NĐ, TT, TTLT, QĐ and
 * NQ appear in the reference's examples; NQLT (joint resolution), CT
 * (chỉ thị of a people's committee, a normative form before the 2015
 * law) and L (lệnh of the President) are UNCONFIRMED there: from the usual
 * form of the Official Gazette, to be checked against NĐ 78/2025. Laws
 * (N/YYYY/QHnn) and ordinances (N/YYYY/UBTVQHnn) carry no type. */
static const struct doc_type_abbr legal_types[] = {
    {"NĐ", "Nghị định"},  {"TT", "Thông tư"},   {"TTLT", "Thông tư liên tịch"},
    {"QĐ", "Quyết định"}, {"NQ", "Nghị quyết"}, {"NQLT", "Nghị quyết liên tịch"},
    {"CT", "Chỉ thị"},    {"L", "Lệnh"},
};

/* Party documents, Hướng dẫn 36-HD/VPTW. The reference takes this list
 * from third-party implementations of HD 36 and asks for a check against
 * its text: the whole table is THIRD-PARTY, UNCONFIRMED. Quy định is QĐi
 * here, not the administrative QyĐ; TT is Thông tri, not Thông tư. */
static const struct doc_type_abbr party_types[] = {
    {"NQ", "Nghị quyết"}, {"QĐ", "Quyết định"}, {"CT", "Chỉ thị"},   {"KL", "Kết luận"},
    {"QĐi", "Quy định"},  {"QC", "Quy chế"},    {"TT", "Thông tri"}, {"HD", "Hướng dẫn"},
    {"TB", "Thông báo"},  {"BC", "Báo cáo"},    {"KH", "Kế hoạch"},  {"CTr", "Chương trình"},
    {"TTr", "Tờ trình"},  {"CV", "Công văn"},   {"BB", "Biên bản"},  {"QTr", "Quy trình"},
};

/* Type names that may stand before a number without an abbreviation of
 * their own. */
static const char *const bare_type_names[] = {"Luật", "Bộ luật", "Pháp lệnh", "Công văn", "Thư công"};

/* Tokens that keep their mixed case: type abbreviations, and the Prime
 * Minister's "TTg" where an issuer stands. Everything else is upper case. */
static const char *const mixed_type_tokens[] = {"TTr", "CTr", "QyĐ", "QĐi", "TrS", "QTr"};
static const char *const mixed_issuer_tokens[] = {"TTg"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

size_t doc_type_table(enum doc_family family, const struct doc_type_abbr **out)
{
    switch (family) {
    case DOC_ADMIN:
        *out = admin_types;
        return COUNT(admin_types);
    case DOC_LEGAL:
        *out = legal_types;
        return COUNT(legal_types);
    case DOC_PARTY:
        *out = party_types;
        return COUNT(party_types);
    default:
        *out = NULL;
        return 0;
    }
}

static const struct doc_type_abbr *find_abbr(const struct doc_type_abbr *table, size_t n, const char *abbr)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].abbr, abbr) == 0)
            return &table[i];
    return NULL;
}

const char *doc_type_name_in(enum doc_family family, const char *abbr)
{
    const struct doc_type_abbr *t = NULL;
    if (!abbr)
        return NULL;
    switch (family) {
    case DOC_ADMIN:
        t = find_abbr(admin_types, COUNT(admin_types), abbr);
        if (!t)
            t = find_abbr(nonstandard_types, COUNT(nonstandard_types), abbr);
        break;
    case DOC_LEGAL:
        t = find_abbr(legal_types, COUNT(legal_types), abbr);
        break;
    case DOC_PARTY:
        t = find_abbr(party_types, COUNT(party_types), abbr);
        break;
    default:
        break;
    }
    return t ? t->name : NULL;
}

const char *doc_type_name(const char *abbr)
{
    const char *name = doc_type_name_in(DOC_ADMIN, abbr);
    if (!name)
        name = doc_type_name_in(DOC_LEGAL, abbr);
    if (!name)
        name = doc_type_name_in(DOC_PARTY, abbr);
    return name;
}

const char *doc_family_name(enum doc_family family)
{
    switch (family) {
    case DOC_ADMIN:
        return "Văn bản hành chính";
    case DOC_LEGAL:
        return "Văn bản quy phạm pháp luật";
    case DOC_PARTY:
        return "Văn bản của Đảng";
    case DOC_LETTER:
        return "Công văn";
    case DOC_INCOMPLETE:
        return "Số hiệu chưa đầy đủ";
    }
    return "";
}

bool doc_number_year_matches(const struct doc_number *n, int issue_year)
{
    return n->family != DOC_LEGAL || n->year == issue_year;
}

/* --- small helpers ---------------------------------------------------------------- */

struct span {
    const char *p;
    size_t n;
};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* "Đ" and "đ" in UTF-8: C4 90 and C4 91. */
static bool is_d_stroke(const char *p, size_t left)
{
    return left >= 2 && (unsigned char)p[0] == 0xC4 && ((unsigned char)p[1] == 0x90 || (unsigned char)p[1] == 0x91);
}

static int refuse(struct doc_number *out, const char *reason)
{
    memset(out, 0, sizeof *out);
    out->reason = reason;
    return -1;
}

/* Copies s upper-cased (ASCII letters and đ) into dst with a NUL. Returns
 * false if it does not fit. */
static bool upper_into(struct span s, char *dst, size_t cap)
{
    if (s.n + 1 > cap)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if ((unsigned char)c == 0x91 && i > 0 && (unsigned char)s.p[i - 1] == 0xC4)
            c = (char)0x90;
        dst[i] = c;
    }
    dst[s.n] = '\0';
    return true;
}

/* A group of a symbol: ASCII letters and digits, Đ/đ, and '&' after the
 * first character; at least one letter. */
static bool group_valid(struct span g)
{
    bool letter = false;
    for (size_t i = 0; i < g.n; i++) {
        if (is_d_stroke(g.p + i, g.n - i)) {
            letter = true;
            i++;
        } else if (is_ascii_letter(g.p[i])) {
            letter = true;
        } else if (!is_digit(g.p[i]) && !(g.p[i] == '&' && i > 0)) {
            return false;
        }
    }
    return letter;
}

enum role { ROLE_TYPE, ROLE_ISSUER, ROLE_PLAIN };

/* Appends the canonical case of group g at dst[*len], within cap bytes
 * (NUL kept). Returns false if it does not fit. */
static bool put_group(struct span g, enum role role, char *dst, size_t *len, size_t cap)
{
    char up[64];
    if (!upper_into(g, up, sizeof up))
        return false;
    const char *const *mixed = role == ROLE_TYPE ? mixed_type_tokens : role == ROLE_ISSUER ? mixed_issuer_tokens : NULL;
    size_t n_mixed = role == ROLE_TYPE     ? COUNT(mixed_type_tokens)
                     : role == ROLE_ISSUER ? COUNT(mixed_issuer_tokens)
                                           : 0;
    const char *word = up;
    for (size_t i = 0; i < n_mixed; i++) {
        char mu[16];
        if (upper_into((struct span){mixed[i], strlen(mixed[i])}, mu, sizeof mu) && strcmp(mu, up) == 0)
            word = mixed[i];
    }
    size_t k = strlen(word);
    if (*len + k + 1 > cap)
        return false;
    memcpy(dst + *len, word, k + 1);
    *len += k;
    return true;
}

#define MAX_GROUPS 8

/* Splits s at '-' into groups. Returns their number, or -1 if a group is
 * empty, has a character a symbol may not hold, or there are too many. */
static int split_groups(struct span s, struct span *g)
{
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= s.n; i++) {
        if (i < s.n && s.p[i] != '-')
            continue;
        if (n == MAX_GROUPS)
            return -1;
        g[n] = (struct span){s.p + start, i - start};
        if (g[n].n == 0 || !group_valid(g[n]))
            return -1;
        n++;
        start = i + 1;
    }
    return n;
}

/* Joins groups[from..n) with '-', the first in `first_role`, the rest
 * upper-cased. */
static bool join_groups(const struct span *g, int from, int n, enum role first_role, char *dst, size_t cap)
{
    size_t len = 0;
    dst[0] = '\0';
    for (int i = from; i < n; i++) {
        if (i > from) {
            if (len + 2 > cap)
                return false;
            dst[len++] = '-';
            dst[len] = '\0';
        }
        if (!put_group(g[i], i == from ? first_role : ROLE_PLAIN, dst, &len, cap))
            return false;
    }
    return true;
}

static const char REASON_SYMBOL[] = "Ký hiệu chỉ gồm chữ cái, chữ số và dấu & ngăn bởi dấu gạch nối (-), "
                                    "không có phần trống.";
static const char REASON_LONG[] = "Số ký hiệu quá dài.";

static int too_many_digits(struct doc_number *out, size_t digits, size_t max)
{
    if (digits <= max)
        return 0;
    return refuse(out, max == 4   ? "Số thứ tự quá dài: tối đa 4 chữ số."
                       : max == 5 ? "Số thứ tự quá dài: tối đa 5 chữ số."
                                  : "Số thứ tự quá dài: tối đa 6 chữ số.");
}

/* --- the families --------------------------------------------------------------------- */

/* "57-NQ/TW": rest is what follows the '-'. */
static int parse_party(struct span rest, size_t digits, struct doc_number *out)
{
    const char *slash = memchr(rest.p, '/', rest.n);
    if (!slash)
        return refuse(out, "Văn bản của Đảng có dạng số-KÝ HIỆU/CƠ QUAN, ví dụ 57-NQ/TW.");
    struct span type = {rest.p, (size_t)(slash - rest.p)};
    struct span body = {slash + 1, rest.n - type.n - 1};
    if (type.n == 0 || body.n == 0 || !group_valid(type))
        return refuse(out, "Văn bản của Đảng có dạng số-KÝ HIỆU/CƠ QUAN, ví dụ 57-NQ/TW.");
    size_t len = 0;
    if (!put_group(type, ROLE_TYPE, out->type, &len, sizeof out->type) ||
        !find_abbr(party_types, COUNT(party_types), out->type))
        return refuse(out, "Loại văn bản của Đảng không có trong danh mục (NQ, QĐ, CT, KL, QĐi, HD, TB...).");
    struct span g[MAX_GROUPS];
    int n = split_groups(body, g);
    if (n < 1)
        return refuse(out, REASON_SYMBOL);
    if (!join_groups(g, 0, n, ROLE_PLAIN, out->issuer, sizeof out->issuer))
        return refuse(out, REASON_LONG);
    if (too_many_digits(out, digits, 5))
        return -1;
    out->family = DOC_PARTY;
    return 0;
}

/* "42/2022/NĐ-CP", "116/2025/QH15": rest is what follows the first '/',
 * starting with four digits and a '/'. */
static int parse_legal(struct span rest, size_t digits, struct doc_number *out)
{
    int year = 0;
    for (int i = 0; i < 4; i++)
        year = year * 10 + (rest.p[i] - '0');
    if (year < 1945 || year > 2100)
        return refuse(out, "Năm trong số ký hiệu không hợp lệ.");
    out->year = year;
    struct span sym = {rest.p + 5, rest.n - 5};
    if (sym.n == 0)
        return refuse(out, "Thiếu ký hiệu sau năm, ví dụ 42/2022/NĐ-CP.");

    /* Laws and ordinances: QH15, UBTVQH15. */
    char up[64];
    if (upper_into(sym, up, sizeof up)) {
        static const char *const bodies[] = {"QH", "UBTVQH"};
        size_t ulen = strlen(up);
        for (size_t b = 0; b < COUNT(bodies); b++) {
            size_t k = strlen(bodies[b]);
            if (ulen < k + 1 || ulen > k + 2 || strncmp(up, bodies[b], k) != 0 || !is_digit(up[k]) ||
                (ulen == k + 2 && !is_digit(up[k + 1])))
                continue;
            out->legislature = up[k] - '0';
            if (ulen == k + 2)
                out->legislature = out->legislature * 10 + (up[k + 1] - '0');
            if (out->legislature == 0)
                return refuse(out, "Khóa Quốc hội trong số ký hiệu không hợp lệ.");
            if (too_many_digits(out, digits, b == 0 ? 4 : 5))
                return -1;
            snprintf(out->issuer, sizeof out->issuer, "%s", bodies[b]);
            out->family = DOC_LEGAL;
            return 0;
        }
    }

    struct span g[MAX_GROUPS];
    int n = split_groups(sym, g);
    if (n < 0)
        return refuse(out, REASON_SYMBOL);
    size_t len = 0;
    if (!put_group(g[0], ROLE_TYPE, out->type, &len, sizeof out->type) ||
        !find_abbr(legal_types, COUNT(legal_types), out->type))
        return refuse(out, "Loại văn bản quy phạm pháp luật không có trong danh mục (NĐ, TT, QĐ, NQ...).");
    if (n < 2)
        return refuse(out, "Thiếu cơ quan ban hành sau loại văn bản, ví dụ NĐ-CP.");
    if (!join_groups(g, 1, n, ROLE_ISSUER, out->issuer, sizeof out->issuer))
        return refuse(out, REASON_LONG);
    if (too_many_digits(out, digits, 5))
        return -1;
    out->family = DOC_LEGAL;
    return 0;
}

/* "323/KH-UBND" or, when the first group is no type, the công văn
 * "3241/SNV-TT". */
static int parse_admin_or_letter(struct span rest, size_t digits, struct doc_number *out)
{
    if (rest.n == 0)
        return refuse(out, "Thiếu ký hiệu sau dấu gạch chéo, ví dụ 323/KH-UBND.");
    struct span g[MAX_GROUPS];
    int n = split_groups(rest, g);
    if (n < 0)
        return refuse(out, REASON_SYMBOL);
    if (n < 2)
        return refuse(out, "Ký hiệu gồm ít nhất hai phần nối bằng dấu gạch (-), ví dụ KH-UBND.");
    if (too_many_digits(out, digits, 6))
        return -1;
    char type[16];
    size_t len = 0;
    bool fits = put_group(g[0], ROLE_TYPE, type, &len, sizeof type);
    if (fits && find_abbr(admin_types, COUNT(admin_types), type)) {
        out->family = DOC_ADMIN;
    } else if (fits && find_abbr(nonstandard_types, COUNT(nonstandard_types), type)) {
        out->family = DOC_ADMIN;
        out->nonstandard = true;
    } else {
        out->family = DOC_LETTER;
    }
    if (out->family == DOC_ADMIN) {
        memcpy(out->type, type, len + 1);
        if (!join_groups(g, 1, n, ROLE_ISSUER, out->issuer, sizeof out->issuer))
            return refuse(out, REASON_LONG);
    } else if (!join_groups(g, 0, 1, ROLE_ISSUER, out->issuer, sizeof out->issuer) ||
               !join_groups(g, 1, n, ROLE_PLAIN, out->unit, sizeof out->unit)) {
        return refuse(out, REASON_LONG);
    }
    return 0;
}

/* Reads "number", then the separator and the symbol. */
static int parse_token(struct span t, struct doc_number *out)
{
    size_t i = 0;
    unsigned long value = 0;
    while (i < t.n && is_digit(t.p[i])) {
        if (i == 9)
            return refuse(out, "Số thứ tự quá dài: tối đa 6 chữ số.");
        value = value * 10 + (unsigned long)(t.p[i] - '0');
        i++;
    }
    if (i == 0)
        return refuse(out, "Số ký hiệu phải bắt đầu bằng số thứ tự (chữ số), ví dụ 323/KH-UBND.");
    if (value == 0)
        return refuse(out, "Số thứ tự phải từ 1 trở lên.");
    out->number = (unsigned)value;
    size_t digits = i;
    if (i == t.n) {
        if (too_many_digits(out, digits, 6))
            return -1;
        out->family = DOC_INCOMPLETE;
        return 0;
    }
    struct span rest = {t.p + i + 1, t.n - i - 1};
    if (t.p[i] == '-')
        return parse_party(rest, digits, out);
    if (t.p[i] != '/')
        return refuse(out, "Sau số thứ tự phải là dấu gạch chéo (/) hoặc dấu gạch nối (-).");
    if (rest.n >= 5 && is_digit(rest.p[0]) && is_digit(rest.p[1]) && is_digit(rest.p[2]) && is_digit(rest.p[3]) &&
        rest.p[4] == '/')
        return parse_legal(rest, digits, out);
    return parse_admin_or_letter(rest, digits, out);
}

/* --- normalisation ---------------------------------------------------------------- */

/* One code point of valid UTF-8 at p; returns its length. */
static size_t decode(const unsigned char *p, size_t left, unsigned *cp)
{
    if (p[0] < 0x80 || left < 2) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0) {
        *cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        return 2;
    }
    if ((p[0] & 0xF0) == 0xE0 && left >= 3) {
        *cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return 3;
    }
    if (left >= 4) {
        *cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        return 4;
    }
    *cp = p[0];
    return 1;
}

static bool is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static bool is_dash_cp(unsigned cp)
{
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

static bool is_slash_cp(unsigned cp) { return cp == 0xFF0F || cp == 0x2044 || cp == 0x2215; }

/* Invisible characters that copy-and-paste brings along. */
static bool is_invisible_cp(unsigned cp)
{
    return cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

/* Appends the normalised form of nfc (valid UTF-8): dashes and slashes as
 * ASCII, no spaces around them, runs of spaces as one, none at the ends. */
static void normalise(struct str nfc, struct buf *out)
{
    bool pending_space = false, after_sep = false;
    const unsigned char *p = (const unsigned char *)nfc.p;
    for (size_t i = 0; i < nfc.n;) {
        unsigned cp;
        size_t k = decode(p + i, nfc.n - i, &cp);
        if (is_space_cp(cp)) {
            pending_space = true;
        } else if (!is_invisible_cp(cp)) {
            char sep = is_dash_cp(cp) ? '-' : is_slash_cp(cp) ? '/' : (cp == '-' || cp == '/') ? (char)cp : 0;
            if (sep) {
                buf_putc(out, sep);
                after_sep = true;
            } else {
                if (pending_space && out->n > 0 && !after_sep)
                    buf_putc(out, ' ');
                buf_append(out, p + i, k);
                after_sep = false;
            }
            pending_space = false;
        }
        i += k;
    }
}

/* --- the type name in front ------------------------------------------------------------ */

#define MAX_WORDS 8

static size_t count_words(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

/* True if the fold of `name` equals `folded`. */
static bool fold_equals(const char *name, struct str folded, struct buf *scratch)
{
    buf_reset(scratch);
    return vi_fold(scratch, str_cstr(name)) == 0 && str_eq(buf_str(scratch), folded);
}

/* The canonical type name (a string of the tables) whose fold is
 * `folded` and which has `words` words, or NULL. */
static const char *match_type_name(struct str folded, size_t words, struct buf *scratch)
{
    const struct doc_type_abbr *tables[] = {admin_types, nonstandard_types, legal_types, party_types};
    size_t sizes[] = {COUNT(admin_types), COUNT(nonstandard_types), COUNT(legal_types), COUNT(party_types)};
    for (size_t t = 0; t < COUNT(tables); t++)
        for (size_t i = 0; i < sizes[t]; i++)
            if (count_words(tables[t][i].name) == words && fold_equals(tables[t][i].name, folded, scratch))
                return tables[t][i].name;
    for (size_t i = 0; i < COUNT(bare_type_names); i++)
        if (count_words(bare_type_names[i]) == words && fold_equals(bare_type_names[i], folded, scratch))
            return bare_type_names[i];
    return NULL;
}

/* Takes a type name ("Kế hoạch", "quyet dinh") and "số" / "Số:" off the
 * front of s. Sets *named to the table's spelling of the name, or NULL.
 * Returns the rest, which must be one word; .p == NULL if it is not. */
static struct span strip_prefix(struct str s, const char **named)
{
    struct span words[MAX_WORDS + 1];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= s.n; i++) {
        if (i < s.n && s.p[i] != ' ')
            continue;
        if (n == MAX_WORDS + 1)
            return (struct span){NULL, 0};
        words[n++] = (struct span){s.p + start, i - start};
        start = i + 1;
    }
    *named = NULL;
    size_t first = 0;
    struct buf folded = BUF_INIT, scratch = BUF_INIT;
    for (size_t k = n > 4 ? 4 : n - 1; k >= 1 && !*named; k--) {
        buf_reset(&folded);
        struct str prefix = {words[0].p, (size_t)(words[k - 1].p + words[k - 1].n - words[0].p)};
        if (vi_fold(&folded, prefix) == 0 && (*named = match_type_name(buf_str(&folded), k, &scratch)) != NULL)
            first = k;
    }
    if (first < n) {
        buf_reset(&folded);
        if (vi_fold(&folded, (struct str){words[first].p, words[first].n}) == 0 &&
            (str_eq_lit(buf_str(&folded), "so") || str_eq_lit(buf_str(&folded), "so:")))
            first++;
    }
    buf_free(&folded);
    buf_free(&scratch);
    if (first == n)
        return (struct span){s.p, 0}; /* nothing after the name: no number */
    if (n - first != 1)
        return (struct span){NULL, 0};
    return words[first];
}

/* True if a type name written in front agrees with the parsed number. */
static bool name_agrees(const struct doc_number *d, const char *named)
{
    switch (d->family) {
    case DOC_ADMIN:
    case DOC_PARTY: {
        const char *name = doc_type_name_in(d->family, d->type);
        return name && strcmp(name, named) == 0;
    }
    case DOC_LEGAL:
        if (!d->type[0])
            return strcmp(named, "Luật") == 0 || strcmp(named, "Bộ luật") == 0 || strcmp(named, "Pháp lệnh") == 0;
        return strcmp(doc_type_name_in(DOC_LEGAL, d->type), named) == 0;
    case DOC_LETTER:
        return strcmp(named, "Công văn") == 0 || strcmp(named, "Thư công") == 0;
    case DOC_INCOMPLETE:
        return true;
    }
    return false;
}

/* For "Nghị quyết 09": the abbreviation the name has in the first table
 * that knows it ("" for names without one). */
static void type_of_name(const char *named, char *dst, size_t cap)
{
    const struct doc_type_abbr *tables[] = {admin_types, nonstandard_types, legal_types, party_types};
    size_t sizes[] = {COUNT(admin_types), COUNT(nonstandard_types), COUNT(legal_types), COUNT(party_types)};
    dst[0] = '\0';
    for (size_t t = 0; t < COUNT(tables); t++)
        for (size_t i = 0; i < sizes[t]; i++)
            if (strcmp(tables[t][i].name, named) == 0 && strcmp(tables[t][i].abbr, "CV") != 0) {
                snprintf(dst, cap, "%s", tables[t][i].abbr);
                return;
            }
}

/* Writes out->canonical from the parsed parts. */
static int write_canonical(struct doc_number *out)
{
    int k = -1;
    size_t cap = sizeof out->canonical;
    switch (out->family) {
    case DOC_ADMIN:
        k = snprintf(out->canonical, cap, "%02u/%s-%s", out->number, out->type, out->issuer);
        break;
    case DOC_LETTER:
        k = snprintf(out->canonical, cap, "%02u/%s-%s", out->number, out->issuer, out->unit);
        break;
    case DOC_LEGAL:
        if (out->legislature)
            k = snprintf(out->canonical, cap, "%02u/%04d/%s%d", out->number, out->year, out->issuer, out->legislature);
        else
            k = snprintf(out->canonical, cap, "%02u/%04d/%s-%s", out->number, out->year, out->type, out->issuer);
        break;
    case DOC_PARTY:
        k = snprintf(out->canonical, cap, "%02u-%s/%s", out->number, out->type, out->issuer);
        break;
    case DOC_INCOMPLETE:
        k = snprintf(out->canonical, cap, "%02u", out->number);
        break;
    }
    if (k < 0 || (size_t)k >= cap)
        return refuse(out, REASON_LONG);
    return 0;
}

/* --- entry points ------------------------------------------------------------------------ */

int doc_number_parse(struct str in, struct doc_number *out)
{
    memset(out, 0, sizeof *out);
    if (in.n == 0)
        return refuse(out, "Chưa nhập số ký hiệu.");
    if (in.n > DOC_NUMBER_MAX_INPUT)
        return refuse(out, REASON_LONG);
    if (!utf8_valid(in) || utf8_has_control(in))
        return refuse(out, "Số ký hiệu có ký tự không hợp lệ.");
    struct buf nfc = BUF_INIT, norm = BUF_INIT;
    int rc = -1;
    if (vi_nfc(&nfc, in) != 0) {
        refuse(out, "Số ký hiệu có ký tự không hợp lệ.");
        goto done;
    }
    normalise(buf_str(&nfc), &norm);
    if (norm.n == 0) {
        refuse(out, "Chưa nhập số ký hiệu.");
        goto done;
    }
    const char *named = NULL;
    struct span token = strip_prefix(buf_str(&norm), &named);
    if (!token.p) {
        refuse(out, "Số ký hiệu không được có khoảng trắng hay chữ thừa, ví dụ đúng: 323/KH-UBND, 57-NQ/TW.");
        goto done;
    }
    if (parse_token(token, out) != 0)
        goto done;
    if (named && !name_agrees(out, named)) {
        refuse(out, "Tên loại văn bản không khớp với ký hiệu.");
        goto done;
    }
    if (named && out->family == DOC_INCOMPLETE)
        type_of_name(named, out->type, sizeof out->type);
    rc = write_canonical(out);
done:
    buf_free(&nfc);
    buf_free(&norm);
    return rc;
}

int doc_type_abbr_canonical(struct str in, char *out, size_t cap)
{
    if (cap == 0)
        return -1;
    out[0] = '\0';
    if (in.n == 0 || in.n >= 16 || !utf8_valid(in))
        return -1;
    struct span g = {in.p, in.n};
    char word[16];
    size_t len = 0;
    if (!group_valid(g) || !put_group(g, ROLE_TYPE, word, &len, sizeof word))
        return -1;
    if (!doc_type_name(word))
        return -1;
    if (len + 1 > cap)
        return -1;
    memcpy(out, word, len + 1);
    return 0;
}
