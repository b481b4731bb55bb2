"""test_cli.py - the command line as an operator meets it."""
import os
import sqlite3
import subprocess

from harness import DINH, WORK, Failure, Server, check, demo_db, fresh_db, run, test



def remove_db(path):
    """Removes a database file of an earlier run and what SQLite left beside it."""
    for extra in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + extra):
            os.remove(path + extra)

@test
def help_everywhere():
    code, out, err = run([DINH, "--help"])
    check(code == 0 and "init" in out and "serve" in out and "backup" in out, "dinh --help: %s" % out)
    for cmd in ("init", "serve", "backup"):
        code, out, err = run([DINH, cmd, "--help"])
        check(code == 0 and out.startswith("Cách dùng: dinh " + cmd), "dinh %s --help: %d %s" % (cmd, code, out))


@test
def wrong_flags_are_usage_errors():
    cases = [
        [DINH],
        [DINH, "frobnicate"],
        [DINH, "serve", "--db"],
        [DINH, "serve", "--bogus", "x"],
        [DINH, "serve", "--db", "x.db", "--port", "8081"],  # not an abbreviation of --port-file
        [DINH, "serve", "--db=x.db", "--thread=2"],
        [DINH, "serve", "--db", "x.db", "--threads", "zero"],
        [DINH, "serve", "--db", "x.db", "--listen", "nonsense"],
        [DINH, "serve", "--db", "x.db", "--base-url", "ftp://x"],
        # a base address links are made of: a host, a port that is one, no space
        [DINH, "serve", "--db", "x.db", "--base-url", "http://"],
        [DINH, "serve", "--db", "x.db", "--base-url", "https://exa mple.com"],
        [DINH, "serve", "--db", "x.db", "--base-url", "http://x:99999"],
        # not a number of seconds (NaN passed every range check, and the server then answered nothing)
        [DINH, "serve", "--db", "x.db", "--request-timeout", "nan"],
        [DINH, "serve", "--db", "x.db", "--stats-flush", "nan"],
        [DINH, "init"],
        [DINH, "init", "--db", "x.db", "--articles", "-5"],
        [DINH, "init", "--db", "x.db", "--seed", "7"],  # a seed without the demo it would seed
        [DINH, "backup", "--db", "x.db"],
        [DINH, "user", "list", "--db", "x.db", "--name", "X"],  # a name is only for add
        [DINH, "serve", "--db", "x.db", "--trusted-proxy", "10.0.0.0/8"],  # one address, not a range
    ]
    for args in cases:
        code, out, err = run(args)
        check(code == 2, "%s exited %d, expected 2" % (" ".join(args[1:]), code))
        check(err.strip() != "" and len(err.strip().splitlines()) <= 12, "%s: no clear message" % args)


@test
def unwritable_path_is_an_error():
    code, out, err = run([DINH, "init", "--db", "/proc/nonexistent/dir/dinh.db"])
    check(code == 1, "init on an unwritable path exited %d" % code)
    check("/proc/nonexistent/dir" in err and "không tồn tại" in err and len(err.strip().splitlines()) == 1,
          "message: %r" % err)


@test
def a_read_only_database_is_named_not_sqlites_sentence():
    """An operator who runs init or serve as a user who may not write the
    file is told which file and what to do, before anything is tried."""
    import shutil
    import tempfile
    folder = tempfile.mkdtemp(prefix="dinh-ro-", dir="/tmp")
    os.chmod(folder, 0o755)
    path = os.path.join(folder, "chi-doc.db")
    shutil.copy(fresh_db("ro.db"), path)
    os.chmod(path, 0o444)
    as_nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    for cmd in (["init"], ["serve", "--listen", "127.0.0.1:0"]):
        code, out, err = run(as_nobody + [DINH] + cmd + ["--db", path], timeout=30)
        check(code == 1 and path in err and "chỉ đọc được với người dùng này" in err and "readonly database" not in err,
              "%s on a read-only file: %d %r" % (cmd[0], code, err))
    # checking it needs only to read it, but a WAL database needs its -shm beside it: said so, with the way out
    code, out, err = run(as_nobody + [DINH, "check", "--db", path], timeout=30)
    check(code == 1 and "ở chế độ WAL mà người dùng này không ghi được vào thư mục" in err and "bản sao lưu" in err,
          "check of a read-only file: %d %r %r" % (code, out, err))
    shutil.rmtree(folder, ignore_errors=True)


@test
def serve_without_database_is_an_error():
    code, out, err = run([DINH, "serve", "--db", os.path.join(WORK, "missing.db"), "--listen", "127.0.0.1:0"])
    check(code == 1 and "không tìm thấy" in err, "exit %d: %s" % (code, err))
    # the way out it names makes a real install, not one full of invented articles and accounts
    check("`dinh init --db %s`" % os.path.join(WORK, "missing.db") in err and "chỉ khi dùng thử" in err,
          "the hint: %s" % err)


@test
def serve_listens_on_localhost_as_typed():
    """Administrators type "localhost"; it is this machine's loopback
    address (no resolver asked), for --listen and --trusted-proxy."""
    from harness import Server
    with Server(args=["--listen", "localhost:0", "--trusted-proxy", "localhost"]) as srv:
        status, _, _ = srv.get("/")
        check(status == 200, "the home page on localhost answered %d" % status)


@test
def newer_schema_is_refused():
    path = fresh_db("newer.db")
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()
    code, out, err = run([DINH, "init", "--db", path])
    check(code == 1 and "mới hơn" in err, "init on a newer schema: %d %s" % (code, err))
    code, out, err = run([DINH, "serve", "--db", path, "--listen", "127.0.0.1:0"])
    check(code == 1 and "mới hơn" in err, "serve on a newer schema: %d %s" % (code, err))


@test
def an_older_schema_is_refused_with_what_to_run_before_anything_reads_it():
    path = fresh_db("older.db")
    db = sqlite3.connect(path)
    have = db.execute("PRAGMA user_version").fetchone()[0]
    # as a database made before migration 030 (the sort key of articles'
    # titles, a column and its index; 031: the keys of new-article forms, a
    # table; those after it build the search indexes again, widen a CHECK
    # and add tables (035: the office's province) and indexes (036), which
    # the old database takes as they are, those it already has dropped
    # here). Dropping a
    # column checks every trigger, and
    # those that feed the search tables need dinh's tokenizer: they are set
    # aside meanwhile.
    old = 29
    check(have > old, "the schema is at %d" % have)
    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        db.execute("DROP TRIGGER %s" % name)
    db.executescript("DROP TABLE article_form_key; DROP TABLE news_counter; DROP TABLE ntm_home; "
                     "DROP INDEX article_admin_category; DROP INDEX talk_comment_by_state; "
                     "DROP INDEX talk_comment_refused; "
                     "DROP INDEX article_by_title_key; ALTER TABLE article DROP COLUMN title_key; "
                     "CREATE INDEX article_by_title ON article(title COLLATE NOCASE, id);")
    for _, sql in triggers:
        db.execute(sql)
    db.execute("PRAGMA user_version = %d" % old)
    db.commit()
    db.close()
    for args in (["serve", "--listen", "127.0.0.1:0"], ["user", "list"], ["ntm", "load"]):
        code, out, err = run([DINH] + args + ["--db", path])
        check(code == 1, "%s on an older schema exited %d" % (args[0], code))
        check(len(err.strip().splitlines()) == 1 and "phiên bản lược đồ %d" % old in err
              and "dinh init --db %s" % path in err, "%s said: %r" % (args[0], err))
    code, out, err = run([DINH, "init", "--db", path])
    check(code == 0, "init could not migrate it: %s" % err)
    check(sqlite3.connect(path).execute("SELECT count(*) FROM article WHERE title_key IS NULL").fetchone()[0] == 0
          and sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master WHERE name = 'article_by_title_key'")
          .fetchone()[0] == 1, "the migration did not fill the titles' sort keys and their index")
    check(sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master WHERE name = 'article_form_key'")
          .fetchone()[0] == 1, "the migration did not make the table of new-article forms")
    code, out, err = run([DINH, "user", "list", "--db", path])
    check(code == 0, "user list after the migration: %d %s" % (code, err))


@test
def init_migrates_and_keeps_content():
    path = fresh_db("again.db")
    before = sqlite3.connect(path).execute("SELECT count(*) FROM article").fetchone()[0]
    code, out, err = run([DINH, "init", "--db", path])
    check(code == 0, "second init failed: %s" % err)
    after = sqlite3.connect(path).execute("SELECT count(*) FROM article").fetchone()[0]
    check(before == after and before >= 300, "articles before %d, after %d" % (before, after))
    code, out, err = run([DINH, "init", "--db", path, "--demo"])
    check(code == 1 and "còn trống" in err, "--demo on a filled database must refuse: %d %s" % (code, err))


@test
def demo_content_is_a_working_portal():
    db = sqlite3.connect(demo_db())
    n_art = db.execute("SELECT count(*) FROM article").fetchone()[0]
    n_cat = db.execute("SELECT count(DISTINCT category_id) FROM article").fetchone()[0]
    years = db.execute("SELECT count(DISTINCT strftime('%Y', published_at, 'unixepoch')) FROM article").fetchone()[0]
    links = db.execute("SELECT count(*) FROM weblink").fetchone()[0]
    imgs = db.execute("SELECT count(*) FROM media_file WHERE mime = 'image/png'").fetchone()[0]
    check(n_art >= 300 and n_cat >= 6 and years >= 3, "articles %d, categories %d, years %d" % (n_art, n_cat, years))
    check(links >= 5 and imgs >= 10, "links %d, images %d" % (links, imgs))


@test
def port_in_use_is_refused():
    other = fresh_db("port-other.db")
    with Server() as first:
        code, out, err = run([DINH, "serve", "--db", other, "--listen", "127.0.0.1:%d" % first.port], timeout=30)
        check(code == 1 and "cổng đang được" in err and "cơ sở dữ liệu" not in err,
              "second server on the same port: exit %d: %s" % (code, err))
        check(len(err.strip().splitlines()) == 1, "one line expected: %r" % err)
        first.page("/")  # the first one still serves


@test
def a_second_server_on_the_same_database_is_refused():
    """Two servers on one file would each keep pages the other's writes
    change: the second is refused, on any port, with one line."""
    with Server() as first:
        code, out, err = run([DINH, "serve", "--db", first.db, "--listen", "127.0.0.1:0"], timeout=30)
        check(code == 1 and "đang được một dinh serve khác dùng" in err, "a second server on one database: exit %d: %s" %
              (code, err))
        check(len(err.strip().splitlines()) == 1, "one line expected: %r" % err)
        check(first.get("/")[0] == 200, "the first one stopped serving")
    # once the first has stopped, the file serves again
    with Server(db=first.db) as again:
        check(again.get("/")[0] == 200, "the database after the first server stopped")


@test
def backup_while_serving():
    with Server() as srv:
        srv.hook("POST", "/__test/publish?chuyen-muc=1")
        target = os.path.join(WORK, "backup.db")
        code, out, err = run([DINH, "backup", "--db", srv.db, "--to", target])
        check(code == 0, "backup failed: %s" % err)
        live = sqlite3.connect(srv.db).execute("SELECT count(*) FROM article").fetchone()[0]
        copy = sqlite3.connect(target)
        check(copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "backup is not a sound database")
        got = copy.execute("SELECT count(*) FROM article").fetchone()[0]
        check(got == live, "backup has %d articles, the live database %d" % (got, live))
        # a plain file, not WAL: it opens, checks and restores from a read-only disk
        check(copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "the backup is still in WAL mode")
        copy.close()
        for extra in ("-wal", "-shm"):
            if os.path.exists(target + extra):
                os.remove(target + extra)
        code, out, err = run([DINH, "check", "--db", target])
        check(code == 0, "checking the backup failed: %s" % err)
        check(not os.path.exists(target + "-wal") and not os.path.exists(target + "-shm"),
              "checking the backup left -wal or -shm beside it")
    code, out, err = run([DINH, "backup", "--db", os.path.join(WORK, "nope.db"), "--to", target])
    check(code == 1, "backup of a missing database exited %d" % code)


@test
def reading_a_database_no_one_serves_leaves_no_files_beside_it():
    """check, backup and restore read the database alone: an operator
    finds it as it was, one file, with no -wal or -shm made by reading it.
    A database a server holds keeps its files, and the server goes on."""
    db = os.path.join(WORK, "tidy.db")
    remove_db(db)
    code, out, err = run([DINH, "init", "--db", db])
    check(code == 0, "init: %s" % err)
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA journal_mode").fetchone()[0] == "wal", "the database is not in WAL mode")
    con.close()
    check(not os.path.exists(db + "-wal") and not os.path.exists(db + "-shm"), "init left -wal or -shm")
    with open(db, "rb") as f:
        before = f.read()
    copy = os.path.join(WORK, "tidy-copy.db")
    into = os.path.join(WORK, "tidy-restored.db")
    for path in (copy, into):
        remove_db(path)
    for args in (["check", "--db", db], ["backup", "--db", db, "--to", copy], ["restore", "--from", db, "--db", into]):
        code, out, err = run([DINH] + args, timeout=60)
        check(code == 0, "%s: exit %d: %s" % (args[0], code, err))
        left = [extra for extra in ("-wal", "-shm") if os.path.exists(db + extra)]
        check(not left, "dinh %s left %s beside the database" % (args[0], ", ".join(db + x for x in left)))
        with open(db, "rb") as f:
            check(f.read() == before, "dinh %s changed the database it read" % args[0])
    with Server(db=db) as srv:
        code, out, err = run([DINH, "backup", "--db", db, "--to", copy + "2"], timeout=60)
        check(code == 0, "backup while serving: %s" % err)
        check(os.path.exists(db + "-shm"), "the served database's -shm was removed under the server")
        check(srv.get("/")[0] == 200, "the server stopped answering after the backup")


@test
def another_programs_database_is_refused_and_left_as_it_was():
    """A reviewer's: `dinh init` on another program's SQLite file added
    dinh's 34 steps of tables beside its own and said all was well."""
    other = os.path.join(WORK, "other-program.db")
    remove_db(other)
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE users (name, password)")
    con.execute("INSERT INTO users VALUES ('a', 'b')")
    con.commit()
    con.close()
    with open(other, "rb") as f:
        before = f.read()
    for args in (["init", "--db", other], ["init", "--db", other, "--demo"], ["check", "--db", other],
                 ["serve", "--db", other, "--listen", "127.0.0.1:0"]):
        code, out, err = run([DINH] + args, timeout=30)
        check(code == 1 and "không phải cơ sở dữ liệu do dinh tạo" in err and "không ghi gì" in err,
              "dinh %s on another program's database: exit %d: %s" % (args[0], code, err))
    # nor written over by a backup or a restore (a tester's: both said they had copied, exit 0)
    for args in (["backup", "--db", demo_db(), "--to", other], ["restore", "--from", demo_db(), "--db", other]):
        code, out, err = run([DINH] + args, timeout=60)
        check(code == 1 and "của một chương trình khác" in err and "không ghi đè" in err,
              "dinh %s over another program's database: exit %d: %s" % (args[0], code, err))
    with open(other, "rb") as f:
        check(f.read() == before, "the other program's database was changed")
    check(not [x for x in ("-wal", "-shm", "-journal") if os.path.exists(other + x)], "files were left beside it")


def small_disk():
    """In the child: files may grow to 1 MB only, as on a full disk (the
    write fails rather than the signal ending the process)."""
    import resource
    import signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))


@test
def a_full_disk_leaves_no_half_made_database():
    """A reviewer's, on a full disk: backup and restore into a new file and
    init --demo each failed but left a file of part of a database beside
    the journals, which `dinh check` then blamed on permissions."""
    made = os.path.join(WORK, "full-disk.db")
    cases = (["backup", "--db", demo_db(), "--to", made], ["restore", "--from", demo_db(), "--db", made],
             ["init", "--db", made, "--demo"])
    for args in cases:
        remove_db(made)
        code, out, err = run([DINH] + args, timeout=120, preexec_fn=small_disk)
        left = [made + x for x in ("", "-journal", "-wal", "-shm") if os.path.exists(made + x)]
        check(code == 1, "dinh %s on a full disk exited %d" % (args[0], code))
        check(not left, "dinh %s on a full disk left %s: %s" % (args[0], ", ".join(left), err))
        check("đĩa đã đầy" in err or "lỗi đọc, ghi đĩa" in err or "xóa" in err, "dinh %s said: %s" % (args[0], err))
    # restoring over a database that is there fails whole: it is as it was
    code, out, err = run([DINH, "init", "--db", made])
    check(code == 0, "init: %s" % err)
    with open(made, "rb") as f:
        before = f.read()
    code, out, err = run([DINH, "restore", "--from", demo_db(), "--db", made], timeout=120, preexec_fn=small_disk)
    check(code == 1, "restore over a database on a full disk exited %d" % code)
    code, out, err = run([DINH, "check", "--db", made])
    check(code == 0, "the database restored over on a full disk does not check: %s" % err)
    con = sqlite3.connect(made)
    check(con.execute("SELECT count(*) FROM article").fetchone()[0] == 0, "part of the copy stayed")
    con.close()


@test
def a_restore_over_a_served_database_is_refused_and_changes_nothing():
    """Restoring into the database a running server holds would change it
    under the server: refused before anything is copied, with a sentence
    that says why. A backup onto the database itself is refused too."""
    small = os.path.join(WORK, "restore-small.db")
    remove_db(small)
    code, out, err = run([DINH, "init", "--db", small])
    check(code == 0, "init of an empty database: %s" % err)
    with Server() as srv:
        before = sqlite3.connect(srv.db).execute("SELECT count(*) FROM article").fetchone()[0]
        code, out, err = run([DINH, "restore", "--from", small, "--db", srv.db], timeout=60)
        after = sqlite3.connect(srv.db).execute("SELECT count(*) FROM article").fetchone()[0]
        check(code == 1 and "đang được một tiến trình khác dùng" in err and "không có gì bị thay đổi" in err,
              "restore over a served database: exit %d: %s" % (code, err))
        check(after == before and before > 0, "the served database went from %d to %d articles" % (before, after))
        check(srv.get("/")[0] == 200, "the server stopped answering")
        code, out, err = run([DINH, "backup", "--db", srv.db, "--to", srv.db], timeout=60)
        check(code == 1 and "chính là cơ sở dữ liệu đang được chép" in err, "a backup onto itself: exit %d: %s" % (code, err))


@test
def what_the_system_refused_is_said_in_vietnamese():
    # a file the command cannot read, and one it cannot write: the reason in
    # the sentence's language, not the C library's
    db = os.path.join(WORK, "oserr.db")
    remove_db(db)
    code, _, err = run([DINH, "init", "--db", db])
    check(code == 0, "init exited %d: %s" % (code, err))
    code, _, err = run([DINH, "ntm", "load", "--db", db, "--units", os.path.join(WORK, "khong-co.csv")])
    check(code == 1 and "không có tệp hay thư mục này" in err and "No such file" not in err,
          "ntm --units of a missing file: %d %r" % (code, err))
    code, _, err = run([DINH, "serve", "--db", db, "--listen", "127.0.0.1:0",
                        "--port-file", os.path.join(WORK, "khong-co", "port.txt")], timeout=30)
    check(code == 1 and "không ghi được tệp số cổng" in err and "không có tệp hay thư mục này" in err,
          "serve --port-file in a missing folder: %d %r" % (code, err))
    remove_db(db)


@test
def port_file_names_the_bound_port():
    path = os.path.join(WORK, "port.txt")
    with Server(args=["--port-file", path]) as srv:
        check(open(path).read().strip() == str(srv.port), "port file says %r, server is on %d" %
              (open(path).read(), srv.port))


@test
def make_install_puts_everything_in_place():
    from harness import ROOT
    dest = os.path.join(WORK, "inst")
    p = subprocess.run(["make", "-s", "-C", ROOT, "install", "DESTDIR=" + dest, "PREFIX=/usr/local"],
                       capture_output=True, text=True, timeout=600)
    check(p.returncode == 0, "make install failed: %s" % p.stderr[-800:])
    for rel in ("usr/local/bin/dinh", "usr/local/share/man/man1/dinh.1", "usr/local/share/dinh/static/css/site.css"):
        check(os.path.exists(os.path.join(dest, rel)), "%s not installed" % rel)
    code, out, err = run([os.path.join(dest, "usr/local/bin/dinh"), "--help"])
    check(code == 0 and "serve" in out, "the installed binary does not run")


@test
def database_and_backups_are_readable_by_their_owner_alone():
    """The database holds password hashes, second-factor secrets and the
    audit log: init, backup and restore make their files 0600 whatever the
    umask, and the media folder beside it 0700."""
    import stat as statmod
    from harness import DINH, WORK, run
    old = os.umask(0o022)
    try:
        db = os.path.join(WORK, "private.db")
        copy = os.path.join(WORK, "private-copy.db")
        back = os.path.join(WORK, "private-back.db")
        code, _, err = run([DINH, "init", "--db", db])
        check(code == 0, "init failed: %s" % err)
        code, _, err = run([DINH, "backup", "--db", db, "--to", copy])
        check(code == 0, "backup failed: %s" % err)
        code, _, err = run([DINH, "restore", "--from", copy, "--db", back])
        check(code == 0, "restore failed: %s" % err)
        for path in (db, copy, back):
            mode = statmod.S_IMODE(os.stat(path).st_mode)
            check(mode & 0o077 == 0, "%s is mode %o" % (os.path.basename(path), mode))
    finally:
        os.umask(old)
