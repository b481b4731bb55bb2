-- 032_search_exact_spelling.sql: the "vi" tokenizer (src/store/fts_vi.c)
-- now indexes each word that carries a mark twice at its position: folded,
-- as before, and by its exact spelling (text/vi.h, vi_exact_key), so that a
-- query typed with its tone marks can put "bão" before "báo" and "bảo"
-- (src/search/search.c); and it folds a final y after an initial
-- consonant as i ("Kì Tân" finds "Kỳ Tân": vi_fold_final_y). Every index
-- in that tokenizer is built again from its content table, so that what
-- an update deletes is what was indexed.
INSERT INTO article_fts(article_fts) VALUES ('rebuild');
INSERT INTO article_title_fts(article_title_fts) VALUES ('rebuild');
INSERT INTO document_fts(document_fts) VALUES ('rebuild');
