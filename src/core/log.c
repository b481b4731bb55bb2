/* log.c - timestamped lines on stderr; see log.h. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static enum log_level log_min = LOG_INFO;

void log_set_level(enum log_level min) { log_min = min; }

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level < log_min)
        return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char line[2048];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    int k = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02dZ %s: ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + k, sizeof line - (size_t)k - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)k + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    /* One event, one line: a line end or other control byte inside (from
     * a library's message, or anything a client sent) cannot start a line
     * of its own that a reader would take for the server's. */
    while (len > (size_t)k && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    for (size_t i = (size_t)k; i < len; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7F)
            line[i] = ' ';
    line[len++] = '\n';
    fwrite(line, 1, len, stderr); /* one write per line keeps threads' lines whole */
}
