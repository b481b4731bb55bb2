-- 036_list_indexes.sql: lists whose cost grew with the database (a review
-- at 100,000 articles). The newsroom's list of one category, newest
-- change first, read in order rather than sorting the category's articles
-- (35 ms there); the comments of one state (approved, refused), newest
-- first, and their counts, read from an index rather than every comment.
CREATE INDEX article_admin_category ON article(category_id, updated_at DESC, id DESC);
CREATE INDEX talk_comment_by_state ON talk_comment(state, created_at DESC, id DESC);
CREATE INDEX talk_comment_refused ON talk_comment(state, moderated_at DESC, id DESC);
