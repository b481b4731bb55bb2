/*
 * fts_vi.h - the "vi" tokenizer for SQLite FTS5.
 *
 * FTS5's unicode61 tokenizer with remove_diacritics 2 folds case and every
 * Vietnamese tone and vowel mark, but not đ/Đ: U+0111 is a letter of its
 * own that Unicode does not decompose, so "duong" would never find
 * "đường". This wrapper runs unicode61 and rewrites each đ in its tokens
 * to d, keeping the original offsets so that highlight() and snippet()
 * still mark the accented text. The ranking function dinh_rank() and the
 * SQL function vi_fold(text) (text/vi.h's fold, for LIKE searches of short
 * lists) are registered with it (see fts_vi.c), and so is vi_sort_key(text)
 * (text/vi.h's sort key as a BLOB, for the sort keys a table keeps beside
 * a text). They must be registered on every connection before a table using
 * them is touched (store_open does it).
 */
#ifndef DINH_STORE_FTS_VI_H
#define DINH_STORE_FTS_VI_H

#include <sqlite3.h>

/* Registers the tokenizer "vi", dinh_rank(), vi_fold() and vi_sort_key() on `db`. Returns SQLITE_OK or an error. */
int fts_vi_register(sqlite3 *db);

#endif
