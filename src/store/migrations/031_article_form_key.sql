-- 031_article_form_key.sql: what each "Viết bài mới" form created. The
-- form carries a one-time key (news/desk.c); the first save of the form
-- creates the article and records the key here with it, so that the same
-- form sent again (a double click, Back then "Lưu", the editor's timer)
-- saves into that article instead of making a second one. text_hash is
-- the BLAKE2b of the title and body as the form's last save sent them,
-- saved_at its time: a browser without JavaScript that fetches the form
-- again on Back gets a new key, but puts back the text typed, and the same
-- text from the same person is the same form.
-- owner: news
CREATE TABLE article_form_key (
    form_key   TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    text_hash  BLOB NOT NULL,
    saved_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_form_key_text ON article_form_key(user_id, text_hash);
