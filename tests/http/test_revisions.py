"""test_revisions.py - an article's saved versions in the newsroom: the list,
what changed between two of them word by word, and restoring one, with the
same rights as the article itself."""
import re
import sqlite3

from harness import check, test
from test_newsroom import CHIEF, CONTRIB, EDITOR, article_form, newsroom_server, signed_in


def revision_ids(page):
    return [int(v) for v in re.findall(r'name="tu" value="(\d+)"', page)]


@test
def editors_compare_two_versions_word_by_word_and_restore_one():
    with newsroom_server() as s:
        editor = signed_in(s, EDITOR)
        status, h, body = article_form(editor, "/quan-tri/bai-viet/moi", "luu",
                                       tieu_de="Xã Thạch Hà đạt 15 tiêu chí",
                                       noi_dung="<p>Đoạn một nói về đường giao thông.</p>")
        check(status == 303, "creating answered %d: %s" % (status, body[:300]))
        path = h["location"].split("?")[0]
        aid = int(path.rsplit("/", 1)[1])
        status, _, body = article_form(editor, path, "luu", tieu_de="Xã Thạch Hà đạt 17 tiêu chí <img src=x onerror=alert(1)>",
                                       noi_dung="<p>Đoạn một nói về đường liên xã.</p><p>Đoạn hai mới.</p>")
        check(status == 303, "saving again answered %d" % status)
        status, _, body = article_form(editor, path, "luu", tom_tat="Tóm tắt mới.")
        check(status == 303, "a third save answered %d" % status)

        status, _, page = editor.get(path)
        check('href="%s/ban-luu">2 bản lưu trước</a>' % path in page, "the form does not link its 2 versions")
        status, h, page = editor.get(path + "/ban-luu")
        check(status == 200 and "no-store" in h.get("cache-control", ""), "the list answered %d" % status)
        ids = revision_ids(page)
        check(len(ids) == 2 and ids[0] > ids[1], "the list shows versions %r" % ids)
        check("&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page, "a title was not escaped")
        newer, older = ids

        status, _, diff = editor.get("%s/ban-luu/so-sanh?tu=%d&den=%d" % (path, older, newer))
        check(status == 200, "the comparison answered %d" % status)
        check(re.search(r"<del>15</del>\s*<ins>17</ins>\s*<span>tiêu chí</span>\s*<ins>&lt;img src=x onerror=alert\(1\)&gt;</ins>", diff),
              "the title's change is not shown word by word")
        check("<del>giao thông.</del>" in diff and re.search(r"<ins>liên xã\. ¶ Đoạn hai mới\.</ins>", diff),
              "the body's change is not shown word by word")
        check("<span>Xã Thạch Hà đạt</span>" in diff, "the words kept are not shown as they were")
        check("Tóm tắt (không đổi)" in diff, "an unchanged part is not said to be unchanged")
        # Picked the other way round, the older version still comes first.
        _, _, swapped = editor.get("%s/ban-luu/so-sanh?tu=%d&den=%d" % (path, newer, older))
        check("<del>15</del>" in swapped, "the order of the two versions changed the comparison")
        # Against the article as it is now: only the summary changed since.
        status, _, now = editor.get("%s/ban-luu/so-sanh?tu=%d" % (path, newer))
        check(status == 200 and "Bài viết hiện nay" in now and "<ins>Tóm tắt mới.</ins>" in now
              and "Nội dung (không đổi)" in now, "comparing with the current article answered %d" % status)
        check(re.search(r"Bản lưu lúc \d\d/\d\d/\d{4} \d\d:\d\d \(Lê Minh Tâm\)", now),
              "a version is not named by its time and author")

        for bad, want in (("tu=abc", 400), ("tu=0", 400), ("", 400), ("tu=999999", 404),
                          ("tu=%d&den=-1" % older, 400)):
            status, _, _ = editor.get("%s/ban-luu/so-sanh?%s" % (path, bad))
            check(status == want, "so-sanh?%s answered %d, not %d" % (bad, status, want))

        # Restoring is a save: the old words come back, and one more version is kept.
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        status, h, _ = editor.post(path + "/ban-luu/khoi-phuc", {"ban-luu": str(older)})
        check(status == 403, "a restore without the form's token answered %d" % status)
        status, h, _ = editor.post(path + "/ban-luu/khoi-phuc", {"csrf": token, "ban-luu": str(older)})
        check(status == 303 and "thong-bao=da-khoi-phuc" in h.get("location", ""), "restoring answered %d" % status)
        db = sqlite3.connect(s.db)
        title, body = db.execute("SELECT title, body FROM article WHERE id = ?", (aid,)).fetchone()
        kept = db.execute("SELECT count(*) FROM article_revision WHERE article_id = ?", (aid,)).fetchone()[0]
        audited = db.execute("SELECT count(*) FROM audit_log WHERE action = 'article_revert'").fetchone()[0]
        db.close()
        check(title == "Xã Thạch Hà đạt 15 tiêu chí" and "giao thông" in body and "Đoạn hai" not in body,
              "after the restore the article says %r / %r" % (title, body))
        check(kept == 3, "the restore kept %d versions in all, not 3" % kept)
        check(audited == 1, "the audit log has %d restores" % audited)
        status, _, page = editor.get(path + "/ban-luu?thong-bao=da-khoi-phuc")
        check("Đã khôi phục bản lưu" in page and len(revision_ids(page)) == 3, "the list after the restore")

        status, _, _ = editor.post(path + "/ban-luu/khoi-phuc", {"csrf": token, "ban-luu": "999999"})
        check(status == 404, "restoring a version that does not exist answered %d" % status)

        # A contributor who did not write it sees nothing of it.
        other = signed_in(s, CONTRIB)
        for url in (path + "/ban-luu", "%s/ban-luu/so-sanh?tu=%d" % (path, older)):
            status, _, _ = other.get(url)
            check(status == 403, "a contributor opened %s: %d" % (url, status))
        status, _, _ = other.post(path + "/ban-luu/khoi-phuc", {"csrf": other.csrf(), "ban-luu": str(older)})
        check(status == 403, "a contributor restored another's article: %d" % status)
        # A version of another article is not this article's.
        status, h, _ = article_form(editor, "/quan-tri/bai-viet/moi", "luu", tieu_de="Bài khác",
                                    noi_dung="<p>Khác.</p>")
        other_path = h["location"].split("?")[0]
        article_form(editor, other_path, "luu", noi_dung="<p>Khác nữa.</p>")
        status, _, page = editor.get(other_path + "/ban-luu")
        foreign = revision_ids(page)[0]
        status, _, _ = editor.get("%s/ban-luu/so-sanh?tu=%d" % (path, foreign))
        check(status == 404, "another article's version answered %d" % status)


@test
def a_save_that_changes_no_words_keeps_no_second_copy_of_the_version():
    # A contributor saves a draft and sends it for approval; the chief
    # publishes it as it is. The list of versions shows the draft's words
    # once, as its writer saved them, not once per click.
    with newsroom_server() as s:
        writer = signed_in(s, CONTRIB)
        status, h, _ = article_form(writer, "/quan-tri/bai-viet/moi", "luu", tieu_de="Bản thảo đường liên xã",
                                    noi_dung="<p>Bản đầu.</p>")
        check(status == 303, "creating answered %d" % status)
        path = h["location"].split("?")[0]
        aid = int(path.rsplit("/", 1)[1])
        status, _, _ = article_form(writer, path, "luu", noi_dung="<p>Bản thứ hai, đủ số liệu.</p>")
        check(status == 303, "saving again answered %d" % status)
        status, _, _ = article_form(writer, path, "gui-duyet")
        check(status == 303, "sending for approval answered %d" % status)
        chief = signed_in(s, CHIEF)
        status, _, _ = article_form(chief, path, "dang")
        check(status == 303, "publishing answered %d" % status)
        db = sqlite3.connect(s.db)
        bodies = [b for (b,) in db.execute("SELECT body FROM article_revision WHERE article_id = ? ORDER BY id",
                                           (aid,))]
        db.close()
        check(len(bodies) == 2 and "Bản đầu." in bodies[0] and "Bản thứ hai" in bodies[1],
              "the versions kept: %r" % bodies)
        status, _, page = chief.get(path + "/ban-luu")
        check(status == 200 and len(revision_ids(page)) == 2, "the list shows %d versions" % len(revision_ids(page)))
        # Edits that change the words keep each version they replace (the
        # second one's words are kept already).
        for n, words in ((2, "Bản thứ ba của ban biên tập."), (3, "Bản thứ tư.")):
            status, _, _ = article_form(chief, path, "luu", noi_dung="<p>%s</p>" % words)
            check(status == 303, "the chief's edit answered %d" % status)
            _, _, page = chief.get(path + "/ban-luu")
            check(len(revision_ids(page)) == n, "after a change the list shows %d versions, not %d"
                  % (len(revision_ids(page)), n))
        db = sqlite3.connect(s.db)
        last = db.execute("SELECT body FROM article_revision WHERE article_id = ? ORDER BY id DESC LIMIT 1",
                          (aid,)).fetchone()[0]
        db.close()
        check("Bản thứ ba" in last, "the newest version kept is %r" % last)
