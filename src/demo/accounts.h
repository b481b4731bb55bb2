/*
 * accounts.h - one demo account per role (the newsroom's and the NTM
 * monitor's), so that a newcomer can try the office side at once.
 *
 * Their passwords are random, made at `dinh init --demo` and printed once;
 * the accounts are marked as demo accounts, which `dinh serve` refuses
 * unless it is given --demo-logins (a real install never signs them in).
 */
#ifndef DINH_DEMO_ACCOUNTS_H
#define DINH_DEMO_ACCOUNTS_H

#include <stdint.h>

#include "people/people.h"
#include "store/store.h"

#define DEMO_ACCOUNTS 7

struct demo_login {
    char login[32];
    char password[32];
    enum people_role role;
    int64_t id;
};

/* Adds the accounts (one transaction) and returns their logins and
 * passwords in `out`. -1 with a sentence in err. */
int demo_accounts_add(struct store_conn *db, int64_t now, struct demo_login out[DEMO_ACCOUNTS], char *err,
                      size_t errlen);

#endif
