/*
 * fts_vi.h - the "vi" tokenizer for SQLite FTS5.
 *
 * FTS5's unicode61 tokenizer with remove_diacritics 2 folds case and every
 * Vietnamese tone and vowel mark, but not đ/Đ: U+0111 is a letter of its
 * own that Unicode does not decompose, so "duong" would never find
 * "đường". This wrapper runs unicode61 and rewrites each đ in its tokens
 * to d, keeping the original offsets so that highlight() and snippet()
 * still mark the accented text. It also writes a final y after an
 * initial consonant as i ("kỳ" and "kì" meet: text/vi.h, vi_fold_final_y).
 *
 * Each word that carries a mark is indexed twice at the same position:
 * folded, and by its exact spelling (text/vi.h, vi_exact_key: case and the
 * place of the tone do not count). A query word is matched folded, unless
 * it begins with FTS_VI_EXACT (a private-use character, which unicode61
 * keeps inside a token and the reader's words never hold: search/terms.c
 * takes letters and digits only): then it is matched by its exact
 * spelling, "bão" finding "Bão" and not "báo" or "bảo". The ranking function dinh_rank() and the
 * SQL function vi_fold(text) (text/vi.h's fold, for LIKE searches of short
 * lists) are registered with it (see fts_vi.c), and so is vi_sort_key(text)
 * (text/vi.h's sort key as a BLOB, for the sort keys a table keeps beside
 * a text). They must be registered on every connection before a table using
 * them is touched (store_open does it).
 */
#ifndef DINH_STORE_FTS_VI_H
#define DINH_STORE_FTS_VI_H

#include <sqlite3.h>

/* U+E000 in UTF-8: a query word after it is matched by its exact spelling. */
#define FTS_VI_EXACT "\xEE\x80\x80"

/* Registers the tokenizer "vi", dinh_rank(), vi_fold() and vi_sort_key() on `db`. Returns SQLITE_OK or an error. */
int fts_vi_register(sqlite3 *db);

#endif
