/* files.c - the copies on disk the library's files are sent from; see
 * files.h. */
#include "media/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "media/sniff.h"

static char folder[PATH_MAX];

/* Whether a name in the folder is a width's folder ("400"). */
static bool is_width(const char *name)
{
    size_t n = strspn(name, "0123456789");
    return n && !name[n];
}

/* Removes what a stopped server left half-written in `dir`. */
static void clear_spills(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, ".spill-", 7) == 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
}

const char *media_files_start(const char *db_path)
{
    if (snprintf(folder, sizeof folder, "%s-media", db_path) >= (int)sizeof folder ||
        (mkdir(folder, 0700) != 0 && errno != EEXIST)) {
        log_warn("the folder for the media files beside %s cannot be made (%s): they are sent from memory", db_path,
                 strerror(errno));
        folder[0] = 0;
        return NULL;
    }
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode) || access(folder, W_OK | X_OK) != 0) {
        log_warn("%s is not a folder the server may write: the media files are sent from memory", folder);
        folder[0] = 0;
        return NULL;
    }
    clear_spills(folder);
    DIR *d = opendir(folder);
    if (d) {
        struct dirent *e;
        char sub[PATH_MAX + 300];
        while ((e = readdir(d)))
            if (is_width(e->d_name)) {
                snprintf(sub, sizeof sub, "%s/%s", folder, e->d_name);
                clear_spills(sub);
            }
        closedir(d);
    }
    return folder;
}

const char *const *media_files_types(void)
{
    static const char *types[2 * 16 + 1];
    if (!types[0]) {
        size_t k = 0;
        for (size_t i = 0; media_types[i] && k + 2 < sizeof types / sizeof types[0]; i++) {
            types[k++] = media_types[i]->ext;
            types[k++] = media_types[i]->mime;
        }
    }
    return types;
}

void media_files_forget(struct str name)
{
    if (!folder[0] || !media_name_ok(name))
        return;
    char path[PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%.*s", folder, (int)name.n, name.p);
    unlink(path);
    DIR *d = opendir(folder);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (is_width(e->d_name)) {
            snprintf(path, sizeof path, "%s/%s/%.*s", folder, e->d_name, (int)name.n, name.p);
            unlink(path);
        }
    closedir(d);
}

/* Writes all of n bytes; false on an error. */
static bool write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

int media_file_spill(struct web_req *r, struct str path, struct str name, int width, const struct media_bytes *meta)
{
    struct stat st;
    if (stat(path.p, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == meta->n &&
        (int64_t)st.st_mtime == meta->created_at)
        return 1;
    static atomic_bool told;
    static _Thread_local unsigned serial;
    const char *slash = memrchr(path.p, '/', path.n);
    struct str dir = arena_strdup(r->arena, path.p, (size_t)(slash - path.p));
    /* the folder, or a width's, may have been emptied away since the start */
    if ((mkdir(folder, 0700) != 0 && errno != EEXIST) || (width && mkdir(dir.p, 0700) != 0 && errno != EEXIST))
        goto cannot;
    struct media_bytes f;
    int found = media_bytes_get(r->db, name, width, &f);
    if (found <= 0) {
        media_bytes_done(r->db, width);
        return found;
    }
    struct str tmp = arena_printf(r->arena, "%s/.spill-%ld-%u-%u", dir.p, (long)getpid(), randombytes_random(), serial++);
    int fd = open(tmp.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && write_all(fd, f.bytes, f.n) &&
              futimens(fd, (struct timespec[2]){{.tv_sec = (time_t)f.created_at}, {.tv_sec = (time_t)f.created_at}}) == 0;
    media_bytes_done(r->db, width);
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok && rename(tmp.p, path.p) == 0)
        return 1;
    if (fd >= 0)
        unlink(tmp.p);
cannot:
    if (!atomic_exchange(&told, true))
        log_warn("the media files cannot be written to %s (%s): they are sent from memory", dir.p, strerror(errno));
    return -2;
}

