/*
 * oserr.h - what the system said, in the words the commands print: the
 * errors a person running `dinh` meets (a folder without permission, a
 * full disk, a port in use), in Vietnamese; the rarer ones as the C
 * library says them.
 */
#ifndef DINH_CORE_OSERR_H
#define DINH_CORE_OSERR_H

/* The sentence part for errno value e ("không có quyền ghi"): a static
 * string. */
const char *os_error_words(int e);

#endif
