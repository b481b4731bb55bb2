/*
 * log.h - the error log.
 *
 * One line per event on stderr (or a file given at start-up), with a UTC
 * timestamp and a level. Secrets never reach these functions: callers log
 * what happened, not the passwords or tokens involved.
 */
#ifndef DINH_CORE_LOG_H
#define DINH_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level min);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
