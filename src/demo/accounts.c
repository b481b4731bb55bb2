/* accounts.c - the demo accounts; see accounts.h. */
#include "demo/accounts.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

static const struct {
    const char *login, *name;
    enum people_role role;
} ACCOUNTS[DEMO_ACCOUNTS] = {
    {"quantri", "Nguyễn Văn Quản", ROLE_ADMIN},
    {"truongban", "Trần Thị Bình", ROLE_CHIEF},
    {"bientap", "Lê Minh Tâm", ROLE_EDITOR},
    {"congtacvien", "Phạm Thu Hà", ROLE_CONTRIBUTOR},
    {"vanphong", "Hoàng Văn Điều", ROLE_NTM_OFFICE},
    {"songanh", "Võ Thị Nga", ROLE_NTM_DEPARTMENT},
    {"canboxa", "Đặng Quốc Xuân", ROLE_NTM_REPORTER},
};

/* 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I):
 * about 90 bits, easy to copy from a terminal. */
static void random_password(char out[32])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 16; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[16] = '\0';
}

int demo_accounts_add(struct store_conn *db, int64_t now, struct demo_login out[DEMO_ACCOUNTS], char *err,
                      size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "không khởi tạo được libsodium");
        return -1;
    }
    if (store_write_begin(db) != 0) {
        snprintf(err, errlen, "không mở được giao dịch ghi vào cơ sở dữ liệu");
        return -1;
    }
    for (int i = 0; i < DEMO_ACCOUNTS; i++) {
        struct demo_login *d = &out[i];
        snprintf(d->login, sizeof d->login, "%s", ACCOUNTS[i].login);
        d->role = ACCOUNTS[i].role;
        do
            random_password(d->password);
        while (people_password_problem(str_cstr(d->login), str_cstr(d->password)));
        char hash[128];
        if (people_password_hash(str_cstr(d->password), hash) != 0) {
            snprintf(err, errlen, "không băm được mật khẩu (hết bộ nhớ)");
            store_write_rollback(db);
            return -1;
        }
        struct people_new_user u = {.login = str_cstr(d->login), .name = str_cstr(ACCOUNTS[i].name),
                                    .role = d->role, .pw_hash = hash, .demo = true};
        const char *problem = NULL;
        if (people_user_add(db, &u, now, &d->id, &problem) != 0) {
            snprintf(err, errlen, "không thêm được tài khoản mẫu %s: %s", d->login, problem ? problem : "lỗi khi ghi");
            store_write_rollback(db);
            return -1;
        }
    }
    if (store_write_commit(db) != 0) {
        snprintf(err, errlen, "không lưu được các tài khoản mẫu");
        return -1;
    }
    return 0;
}
