/*
 * clock.h - the one source of "now".
 *
 * Everything that depends on the date (Vietnam-time days for the visitor
 * counter, "today" on the home page) asks clock_now(). Tests shift the
 * clock with clock_set_offset() (or DINH_CLOCK_OFFSET in the environment)
 * instead of sleeping.
 */
#ifndef DINH_CORE_CLOCK_H
#define DINH_CORE_CLOCK_H

#include <stdint.h>

/* Seconds since the Unix epoch, UTC, plus the injected offset. */
int64_t clock_now(void);
/* Milliseconds since the Unix epoch, plus the injected offset. */
int64_t clock_now_ms(void);
void clock_set_offset(int64_t seconds);
/* Reads DINH_CLOCK_OFFSET (seconds) once at start-up. */
void clock_init_from_env(void);

#endif
