-- When each account last signed in or out, for the administrators' list of
-- accounts ("Hoạt động gần nhất"): an account's sessions are deleted when
-- they end, so the audit log is what remains of them (people/account.c).
CREATE INDEX IF NOT EXISTS audit_log_by_user ON audit_log(user_id, action, at);
