/* password.c - the password rules and argon2id hashing; see people.h. */
#include <ctype.h>
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "people/people.h"
#include "text/utf8.h"

/* Passwords people choose first, and the ones every cracking list tries
 * first: compared without case, and also with trailing digits and
 * punctuation removed ("Matkhau@2024" is "matkhau"). */
static const char *const COMMON[] = {
    "password", "passw0rd", "p@ssw0rd", "p@ssword", "matkhau", "mat khau", "admin", "administrator", "quantri",
    "quantrivien", "letmein", "welcome", "iloveyou", "anhyeuem", "emyeuanh", "yeuem", "qwerty", "qwertyuiop",
    "asdfghjkl", "zxcvbnm", "1qaz2wsx", "qazwsx", "abc", "abcd", "abcdef", "abcdefgh", "abcdefghij", "test",
    "tester", "testing", "guest", "root", "user", "username", "login", "dangnhap", "changeme", "secret", "master",
    "dragon", "monkey", "football", "baseball", "superman", "batman", "sunshine", "princess", "trustno1",
    "vietnam", "vietnam1", "hanoi", "saigon", "hochiminh", "danang", "nongthonmoi", "ntm", "ubnd", "xaphuong",
    "coquan", "vanphong", "bientap", "banbientap", "congtacvien", "tintuc", "website", "portal", "nukeviet",
    "wordpress", "dinh",
};

static size_t strip_tail(const char *p, size_t n)
{
    while (n && (isdigit((unsigned char)p[n - 1]) || ispunct((unsigned char)p[n - 1]) || p[n - 1] == ' '))
        n--;
    return n;
}

static bool equal_nocase(const char *a, size_t n, const char *b)
{
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/* Every character the same, or each byte one more (or one less) than the
 * one before: "aaaaaaaaaa", "1234567890", "9876543210", "abcdefghijk". */
static bool trivial_run(struct str s)
{
    bool same = true, up = true, down = true;
    for (size_t i = 1; i < s.n; i++) {
        unsigned char a = (unsigned char)s.p[i - 1], b = (unsigned char)s.p[i];
        same = same && a == b;
        up = up && (b == a + 1 || (a == '9' && b == '0'));
        down = down && (b + 1 == a || (a == '0' && b == '9'));
    }
    return same || up || down;
}

/* "12341234", "abcabcabcabc": a short piece repeated. */
static bool repeated_piece(struct str s)
{
    for (size_t k = 1; k <= 4 && k < s.n; k++) {
        bool rep = true;
        for (size_t i = k; i < s.n && rep; i++)
            rep = s.p[i] == s.p[i - k];
        if (rep)
            return true;
    }
    return false;
}

/* The login inside the password with little else: what is left once every
 * occurrence of the login (any case) and every sign and space are taken
 * out is under 6 characters, a run or a repetition ("hoang123456",
 * "Hoang@123456", "binhbinh12345"). */
static bool close_to_login(struct str login, struct str password)
{
    char rest[PEOPLE_PASSWORD_MAX + 1];
    size_t n = 0;
    bool found = false;
    for (size_t i = 0; i < password.n;) {
        if (login.n >= 2 && i + login.n <= password.n && strncasecmp(password.p + i, login.p, login.n) == 0) {
            found = true;
            i += login.n;
            continue;
        }
        unsigned char c = (unsigned char)password.p[i++];
        if (c < 0x80 && (ispunct(c) || c == ' '))
            continue;
        rest[n++] = (char)c;
    }
    if (!found)
        return false;
    struct str r = {rest, n};
    return utf8_count(r) < 6 || trivial_run(r) || repeated_piece(r);
}

const char *people_password_problem(struct str login, struct str password)
{
    if (password.n > PEOPLE_PASSWORD_MAX)
        return "Mật khẩu quá dài (tối đa 256 byte).";
    if (!utf8_valid(password) || utf8_has_control(password))
        return "Mật khẩu chứa ký tự không hợp lệ.";
    if (utf8_count(password) < PEOPLE_PASSWORD_MIN)
        return "Mật khẩu cần ít nhất 10 ký tự.";
    if (trivial_run(password) || repeated_piece(password))
        return "Mật khẩu quá dễ đoán (một ký tự lặp lại hoặc một dãy liên tiếp). Hãy chọn mật khẩu khác.";
    /* said before the list of common passwords, which a name plus digits
     * may also match: the reason to give is the name */
    if (login.n && password.n >= login.n && close_to_login(login, password))
        return "Mật khẩu không được gần giống tên đăng nhập.";
    size_t core = strip_tail(password.p, password.n);
    for (size_t i = 0; i < sizeof COMMON / sizeof COMMON[0]; i++)
        if (equal_nocase(password.p, password.n, COMMON[i]) || (core && equal_nocase(password.p, core, COMMON[i])))
            return "Mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị dò ra. Hãy chọn mật khẩu khác.";
    /* "abcabcabc1", "aaaa1234567890": the part before the tail of digits
     * and signs a run or a repetition */
    if (core >= 3 && (trivial_run((struct str){password.p, core}) || repeated_piece((struct str){password.p, core})))
        return "Mật khẩu quá dễ đoán (một ký tự lặp lại hoặc một dãy liên tiếp). Hãy chọn mật khẩu khác.";
    return NULL;
}

int people_password_hash(struct str password, char out[128])
{
    if (sodium_init() < 0)
        return -1;
    return crypto_pwhash_str(out, password.p ? password.p : "", password.n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
               ? 0
               : -1;
}

bool people_password_verify(struct str hash, struct str password)
{
    char h[crypto_pwhash_STRBYTES];
    if (!hash.n || hash.n >= sizeof h || sodium_init() < 0)
        return false;
    memcpy(h, hash.p, hash.n);
    h[hash.n] = '\0';
    return crypto_pwhash_str_verify(h, password.p ? password.p : "", password.n) == 0;
}
