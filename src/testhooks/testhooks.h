/*
 * testhooks.h - routes for the test suite, present only when `dinh serve`
 * runs with --test-hooks: the page cache's counters, a real write that
 * publishes an article through the worker threads and invalidates what it
 * changed, and a slow request for the shutdown test.
 */
#ifndef DINH_TESTHOOKS_TESTHOOKS_H
#define DINH_TESTHOOKS_TESTHOOKS_H

void testhooks_register(void);

#endif
