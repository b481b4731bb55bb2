/* roles.c - the roles, what each may do, and the form of a login name;
 * see people.h. */
#include "people/people.h"

/* --- roles --------------------------------------------------------------------------- */

static const struct {
    const char *code, *title;
} ROLES[] = {
    [ROLE_NONE] = {"", ""},
    [ROLE_ADMIN] = {"admin", "Quản trị"},
    [ROLE_CHIEF] = {"chief", "Trưởng ban biên tập"},
    [ROLE_EDITOR] = {"editor", "Biên tập viên"},
    [ROLE_CONTRIBUTOR] = {"contributor", "Cộng tác viên"},
    [ROLE_NTM_OFFICE] = {"ntm_office", "Văn phòng Điều phối nông thôn mới"},
    [ROLE_NTM_DEPARTMENT] = {"ntm_department", "Cán bộ sở, ngành (nông thôn mới)"},
    [ROLE_NTM_REPORTER] = {"ntm_reporter", "Cán bộ xã (nông thôn mới)"},
};

enum people_role people_role_parse(struct str s)
{
    for (int r = ROLE_ADMIN; r <= PEOPLE_ROLE_LAST; r++)
        if (str_eq(s, str_cstr(ROLES[r].code)))
            return (enum people_role)r;
    return ROLE_NONE;
}

const char *people_role_code(enum people_role role)
{
    return role >= ROLE_ADMIN && role <= PEOPLE_ROLE_LAST ? ROLES[role].code : "";
}

const char *people_role_title(enum people_role role)
{
    return role >= ROLE_ADMIN && role <= PEOPLE_ROLE_LAST ? ROLES[role].title : "";
}

bool people_role_may(enum people_role role, enum people_right right)
{
    switch (right) {
    case RIGHT_MANAGE_USERS:
    case RIGHT_SETTINGS: return role == ROLE_ADMIN;
    case RIGHT_PUBLISH: return role == ROLE_ADMIN || role == ROLE_CHIEF;
    case RIGHT_EDIT_ANY: return role == ROLE_ADMIN || role == ROLE_CHIEF || role == ROLE_EDITOR;
    case RIGHT_WRITE: return role >= ROLE_ADMIN && role <= ROLE_CONTRIBUTOR;
    case RIGHT_NTM_MANAGE: return role == ROLE_ADMIN || role == ROLE_NTM_OFFICE;
    case RIGHT_NTM_ENTER:
        return role == ROLE_ADMIN || role == ROLE_NTM_OFFICE || role == ROLE_NTM_DEPARTMENT ||
               role == ROLE_NTM_REPORTER;
    }
    return false;
}

const char *people_login_problem(struct str login)
{
    if (login.n < 3 || login.n > 64)
        return "Tên đăng nhập cần từ 3 đến 64 ký tự.";
    for (size_t i = 0; i < login.n; i++) {
        char c = login.p[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (bắt đầu bằng chữ "
                   "hoặc số).";
    }
    return NULL;
}
