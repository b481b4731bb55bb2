/*
 * test_people.c - the newsroom's accounts below HTTP: the password rules,
 * what each role may do, argon2id hashes, sessions found only by their
 * token (and not after the idle time, nor for a locked user), the login
 * throttle's lock-out, and the audit log's refusal of changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/arena.h"
#include "people/people.h"
#include "store/store.h"

static void test_password_rules(void **state)
{
    (void)state;
    struct str login = STR("bientap");
    const char *refused[] = {
        "ngan-qua",                  /* 8 characters */
        "aaaaaaaaaaaa",              /* one character */
        "1234567890",                /* a run */
        "9876543210",                /* a run down */
        "abcdefghijk",               /* a run of letters */
        "12341234123412",            /* a piece repeated */
        "abcabcabcabc",              /* a piece repeated */
        "Matkhau@2024",              /* common, with a tail */
        "PASSWORD123456",            /* common, any case */
        "nongthonmoi2025",           /* common here */
        "bientap2025",               /* the login and a little */
        "bientap!!",                 /* too short and the login */
        "bientap123456",             /* the login and a run */
        "123456bientap",             /* a run and the login */
        "Bientap@123456",            /* the login, a sign and a run */
        "bientapbientap1",           /* the login twice */
        "abcabcabc1",                /* a piece repeated, then a digit */
        "aaaa1234567890",            /* one letter, then a run */
        "có\x01điều khiển ở đây",    /* a control character */
        "\xff\xfe invalid utf-8 bytes",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (!people_password_problem(login, str_cstr(refused[i])))
            fail_msg("accepted %s", refused[i]);
    const char *accepted[] = {
        "Lúa chín đồng xanh", /* 18 characters, many bytes */
        "Sen-hong-ngat-huong-3",
        "correct horse battery",
        "bientap-la-nghe-cua-toi", /* the login inside a long one */
    };
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        const char *why = people_password_problem(login, str_cstr(accepted[i]));
        if (why)
            fail_msg("refused %s: %s", accepted[i], why);
    }
    /* Characters, not bytes: nine Vietnamese letters are 9, not 18. */
    assert_non_null(people_password_problem(login, str_cstr("đường ốc")));
    char long_pw[300];
    memset(long_pw, 'x', sizeof long_pw - 1);
    long_pw[sizeof long_pw - 1] = '\0';
    long_pw[0] = 'Q';
    assert_non_null(people_password_problem(login, str_cstr(long_pw)));
    /* the name with digits after it: the name is the reason given, not the list of common passwords */
    const char *why = people_password_problem(str_cstr("bientap"), str_cstr("bientap12345"));
    assert_non_null(why);
    assert_non_null(strstr(why, "gần giống tên đăng nhập"));
}

static void test_roles_and_rights(void **state)
{
    (void)state;
    static const bool want[PEOPLE_ROLE_LAST + 1][PEOPLE_RIGHT_LAST + 1] = {
        /*                      MANAGE SETTINGS PUBLISH EDIT_ANY WRITE NTM_MANAGE NTM_ENTER */
        [ROLE_NONE] = {false, false, false, false, false, false, false},
        [ROLE_ADMIN] = {true, true, true, true, true, true, true},
        [ROLE_CHIEF] = {false, false, true, true, true, false, false},
        [ROLE_EDITOR] = {false, false, false, true, true, false, false},
        [ROLE_CONTRIBUTOR] = {false, false, false, false, true, false, false},
        [ROLE_NTM_OFFICE] = {false, false, false, false, false, true, true},
        [ROLE_NTM_DEPARTMENT] = {false, false, false, false, false, false, true},
        [ROLE_NTM_REPORTER] = {false, false, false, false, false, false, true},
    };
    for (int role = ROLE_NONE; role <= PEOPLE_ROLE_LAST; role++)
        for (int right = RIGHT_MANAGE_USERS; right <= PEOPLE_RIGHT_LAST; right++)
            if (people_role_may((enum people_role)role, (enum people_right)right) != want[role][right])
                fail_msg("role %d right %d", role, right);
    for (int role = ROLE_ADMIN; role <= PEOPLE_ROLE_LAST; role++)
        assert_int_equal(people_role_parse(str_cstr(people_role_code((enum people_role)role))), role);
    assert_int_equal(people_role_parse(STR("Admin")), ROLE_NONE);
    assert_int_equal(people_role_parse(STR("")), ROLE_NONE);
    assert_null(people_login_problem(STR("nguyen.van-a_1")));
    assert_non_null(people_login_problem(STR("-nguyen")));
    assert_non_null(people_login_problem(STR("ng")));
    assert_non_null(people_login_problem(STR("nguyễn")));
    assert_non_null(people_login_problem(STR("a b c")));
}

static void test_totp_matches_rfc_6238(void **state)
{
    (void)state;
    /* RFC 6238, appendix B, SHA1: the last six digits of its eight. */
    const unsigned char *secret = (const unsigned char *)"12345678901234567890";
    static const struct {
        int64_t t;
        int code;
    } vectors[] = {{59, 287082}, {1111111109, 81804}, {1111111111, 50471}, {1234567890, 5924},
                   {2000000000, 279037}, {20000000000LL, 353130}};
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
        assert_int_equal(people_totp_code(secret, 20, vectors[i].t / 30), vectors[i].code);
    char b32[40];
    people_base32((const unsigned char *)"foobar", 6, b32);
    assert_string_equal(b32, "MZXW6YTBOI"); /* RFC 4648 section 10, without padding */
    people_base32(secret, 20, b32);
    assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

static void open_db(struct store_conn *c)
{
    char err[256];
    int applied;
    assert_int_equal(store_open(c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    assert_int_equal(store_migrate(c, &applied, err, sizeof err), 0);
}

static int64_t add_user(struct store_conn *c, const char *login, enum people_role role, const char *password)
{
    char hash[128];
    assert_int_equal(people_password_hash(str_cstr(password), hash), 0);
    struct people_new_user u = {.login = str_cstr(login), .name = STR("Người Thử"), .role = role, .pw_hash = hash};
    int64_t id = 0;
    const char *problem = NULL;
    assert_int_equal(people_user_add(c, &u, 1000, &id, &problem), 0);
    return id;
}

static void test_hashes_and_sessions(void **state)
{
    (void)state;
    struct store_conn c;
    open_db(&c);
    struct arena a;
    arena_init(&a, 4096);
    int64_t id = add_user(&c, "bientap", ROLE_EDITOR, "Sen-hong-ngat-huong-3");
    char hash[128];
    assert_int_equal(people_user_hash(&c, id, hash), 1);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_true(people_password_verify(str_cstr(hash), STR("Sen-hong-ngat-huong-3")));
    assert_false(people_password_verify(str_cstr(hash), STR("Sen-hong-ngat-huong-4")));
    assert_false(people_password_verify(STR(""), STR("")));

    /* The same login in other letters is the same account. */
    char h2[128];
    people_password_hash(STR("Another-long-one-9"), h2);
    struct people_new_user dup = {.login = STR("BienTap"), .role = ROLE_ADMIN, .pw_hash = h2};
    int64_t id2;
    const char *problem = NULL;
    assert_int_equal(people_user_add(&c, &dup, 1000, &id2, &problem), PEOPLE_INVALID);
    assert_non_null(problem);

    char token[PEOPLE_TOKEN_CHARS + 1];
    assert_int_equal(people_session_open(&c, id, STR("10.0.0.1"), STR("Firefox"), 2000, token), 0);
    assert_int_equal((int)strlen(token), PEOPLE_TOKEN_CHARS);
    struct people_session s;
    assert_int_equal(people_session_find(&c, &a, str_cstr(token), 2100, 1800, &s), 1);
    assert_int_equal(s.user.id, id);
    assert_int_equal(s.user.role, ROLE_EDITOR);
    assert_int_equal((int)s.csrf.n, PEOPLE_TOKEN_CHARS);
    /* One character changed: no session. */
    char other[PEOPLE_TOKEN_CHARS + 1];
    memcpy(other, token, sizeof other);
    other[5] = other[5] == 'A' ? 'B' : 'A';
    assert_int_equal(people_session_find(&c, &a, str_cstr(other), 2100, 1800, &s), 0);
    assert_int_equal(people_session_find(&c, &a, STR("short"), 2100, 1800, &s), 0);
    /* Idle for the whole timeout: ended; touched before: alive. */
    assert_int_equal(people_session_find(&c, &a, str_cstr(token), 2000 + 1800, 1800, &s), 0);
    assert_int_equal(people_session_touch(&c, s.id ? s.id : 1, 3000), 0);
    assert_int_equal(people_session_find(&c, &a, str_cstr(token), 2000 + 1800, 1800, &s), 1);
    /* A lock ends it. */
    assert_int_equal(people_user_set_locked(&c, id, true), 0);
    assert_int_equal(people_session_find(&c, &a, str_cstr(token), 3001, 1800, &s), 0);
    assert_int_equal(people_user_set_locked(&c, id, false), 0);
    assert_int_equal(people_session_find(&c, &a, str_cstr(token), 3001, 1800, &s), 0); /* ended, not paused */
    arena_free(&a);
    store_close(&c);
}

static void test_throttle_locks_and_unlock_clears(void **state)
{
    (void)state;
    struct store_conn c;
    open_db(&c);
    struct arena a;
    arena_init(&a, 4096);
    int64_t id = add_user(&c, "congtacvien", ROLE_CONTRIBUTOR, "Lua-chin-dong-xanh-7");
    const struct people_throttle *t = &PEOPLE_THROTTLE_DEFAULT;
    bool locked_now = false;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(people_record_failure(&c, t, STR("CongTacVien"), STR("10.0.0.9"), 5000 + i, &locked_now), 0);
        assert_int_equal(locked_now, i == 4);
    }
    struct people_user u;
    assert_int_equal(people_user_by_id(&c, &a, id, &u), 1);
    /* one address: that address is held out, the account is not locked */
    assert_int_equal(u.locked_until, 0);
    bool held = false;
    assert_int_equal(people_login_held(&c, t, STR("congtacvien"), STR("10.0.0.9"), 5010, &held), 0);
    assert_true(held);
    assert_int_equal(people_login_held(&c, t, STR("congtacvien"), STR("10.0.0.8"), 5010, &held), 0);
    assert_false(held);
    assert_int_equal(people_login_held(&c, t, STR("congtacvien"), STR("10.0.0.9"), 5004 + 1800 - 1, &held), 0);
    assert_true(held);
    assert_int_equal(people_login_held(&c, t, STR("congtacvien"), STR("10.0.0.9"), 5004 + 1800, &held), 0);
    assert_false(held);
    int by_login, by_address;
    assert_int_equal(people_failures(&c, STR("congtacvien"), STR("10.0.0.9"), 5010, 300, &by_login, &by_address), 0);
    assert_int_equal(by_login, 5);
    assert_int_equal(by_address, 5);
    /* Outside the window they no longer count. */
    assert_int_equal(people_failures(&c, STR("congtacvien"), STR("10.0.0.9"), 5400, 300, &by_login, &by_address), 0);
    assert_int_equal(by_login, 0);
    /* five failures spread over more than the window hold nothing */
    for (int i = 0; i < 5; i++)
        assert_int_equal(people_record_failure(&c, t, STR("congtacvien"), STR("10.0.0.7"), 9000 + i * 100, &locked_now),
                         0);
    assert_false(locked_now);
    assert_int_equal(people_login_held(&c, t, STR("congtacvien"), STR("10.0.0.7"), 9500, &held), 0);
    assert_false(held);
    /* guessed at from three addresses, twenty times: locked for everyone */
    for (int i = 0; i < 20; i++) {
        char where[16];
        snprintf(where, sizeof where, "10.1.0.%d", i % 3);
        assert_int_equal(people_record_failure(&c, t, STR("congtacvien"), str_cstr(where), 20000 + i, &locked_now),
                         0);
    }
    assert_true(locked_now);
    assert_int_equal(people_user_by_id(&c, &a, id, &u), 1);
    assert_int_equal(u.locked_until, 20019 + 1800);
    /* A name that is no account is counted the same way, and locks nothing. */
    for (int i = 0; i < 6; i++)
        assert_int_equal(people_record_failure(&c, t, STR("khong-ai"), STR("10.0.0.9"), 5000, &locked_now), 0);
    assert_int_equal(people_user_by_id(&c, &a, id, &u), 1);
    assert_int_equal(u.locked_until, 20019 + 1800);
    assert_int_equal(people_user_set_locked(&c, id, false), 0);
    assert_int_equal(people_user_by_id(&c, &a, id, &u), 1);
    assert_int_equal(u.locked_until, 0);
    assert_int_equal(people_failures(&c, STR("congtacvien"), STR("x"), 5010, 300, &by_login, &by_address), 0);
    assert_int_equal(by_login, 0);
    arena_free(&a);
    store_close(&c);
}

static void test_audit_log_only_grows(void **state)
{
    (void)state;
    struct store_conn c;
    open_db(&c);
    struct arena a;
    arena_init(&a, 4096);
    for (int i = 0; i < 3; i++)
        assert_int_equal(people_audit(&c, 100 + i, 0, STR("quantri"), STR("10.0.0.1"), i ? "login" : "login_failed",
                                      STR(""), STR("chi tiết")),
                         0);
    struct people_audit_entry *e;
    size_t n;
    struct people_audit_filter f = {.action = STR("login"), .limit = 10};
    assert_int_equal(people_audit_list(&c, &a, &f, &e, &n), 0);
    assert_int_equal(n, 2);
    assert_true(e[0].id > e[1].id);
    char err[256];
    assert_int_equal(store_exec(&c, "UPDATE audit_log SET login = 'x'", err, sizeof err), -1);
    assert_int_equal(store_exec(&c, "DELETE FROM audit_log", err, sizeof err), -1);
    f.action = STR("");
    assert_int_equal(people_audit_list(&c, &a, &f, &e, &n), 0);
    assert_int_equal(n, 3);
    arena_free(&a);
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_rules),
        cmocka_unit_test(test_roles_and_rights),
        cmocka_unit_test(test_totp_matches_rfc_6238),
        cmocka_unit_test(test_hashes_and_sessions),
        cmocka_unit_test(test_throttle_locks_and_unlock_clears),
        cmocka_unit_test(test_audit_log_only_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
