/*
 * test_store.c - the migrations as dinh init applies them: numbered
 * without gaps (they are applied by position, so a file may only ever be
 * appended), all applied in one go, none twice, and a database from a
 * newer dinh refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"

struct embedded_file {
    const char *name;
    const char *text;
    size_t size;
};
extern const struct embedded_file store_migrations[];

static void test_migrations_are_numbered_in_order(void **state)
{
    (void)state;
    int n = store_schema_version();
    assert_true(n >= 5);
    for (int i = 0; i < n; i++) {
        char want[16];
        snprintf(want, sizeof want, "%03d_", i + 1);
        if (strncmp(store_migrations[i].name, want, 4) != 0)
            fail_msg("migration %d is %s: numbers must run 001, 002... without gaps", i + 1,
                     store_migrations[i].name);
    }
}

static void test_migrate_once_and_refuse_newer(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    assert_int_equal(store_open(&c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    int applied;
    assert_int_equal(store_migrate(&c, &applied, err, sizeof err), 0);
    assert_int_equal(applied, store_schema_version());
    assert_int_equal(store_db_version(&c), store_schema_version());
    assert_int_equal(store_migrate(&c, &applied, err, sizeof err), 0);
    assert_int_equal(applied, 0);
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", store_schema_version() + 1);
    assert_int_equal(store_exec(&c, pragma, err, sizeof err), 0);
    assert_int_equal(store_migrate(&c, &applied, err, sizeof err), -1);
    assert_non_null(strstr(err, "newer"));
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations_are_numbered_in_order),
        cmocka_unit_test(test_migrate_once_and_refuse_newer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
