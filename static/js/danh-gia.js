/* danh-gia.js - rating an article without leaving its page.
 *
 * The article page is cached for every reader, so its rating form carries
 * no token: sent as it is, the server answers a page that asks to confirm
 * the vote (that is how it works without script). With this script, a
 * click takes a token for this reader from the JSON endpoint named by the
 * form's data-api, votes there at once, and writes the new totals into the
 * rating line. Anything unexpected (offline, an error answer) falls back to
 * sending the form itself.
 *
 * On load it asks the same endpoint for what a cached page cannot carry:
 * the reader's own vote (its stars checked, and the sentence the page
 * /danh-gia/ID shows), the current totals and "Lượt xem". Without an
 * answer the page stays as it came. */
(function () {
  "use strict";
  var form = document.getElementById("danh-gia");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var api = form.getAttribute("data-api");
  var line = document.getElementById("diem-danh-gia");
  var status = document.getElementById("danh-gia-ket-qua");
  if (!api || !line || !status) return;
  var views = document.getElementById("luot-xem");
  var mine = document.getElementById("danh-gia-cua-ban");
  var busy = false;

  function say(text) { status.textContent = text; }

  /* 1234567 -> "1.234.567", as the server writes numbers */
  function number(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  function totals(j) {
    line.textContent = "Tổng số điểm của bài viết là: " + j.tong_diem + " trong " + j.so_danh_gia + " đánh giá";
  }

  /* The reader's vote, as /danh-gia/ID words it. */
  function showMine(stars) {
    if (!mine || !(stars >= 1 && stars <= 5)) return;
    mine.textContent = "Bạn đã đánh giá bài viết này " + stars + " sao. Gửi đánh giá mới sẽ thay cho đánh giá cũ.";
    mine.hidden = false;
    var radio = form.querySelector('input[name="so"][value="' + stars + '"]');
    if (radio && !form.querySelector('input[name="so"]:checked')) radio.checked = true;
  }

  /* on load: only look (no cookie for a reader who has not voted) */
  fetch(api + "?chi-xem=1", { credentials: "same-origin", cache: "no-store" })
    .then(json)
    .then(function (j) {
      if (busy) return; /* a vote under way answers for itself */
      totals(j);
      if (views && typeof j.luot_xem === "number") views.textContent = number(j.luot_xem);
      showMine(j.cua_ban);
    })
    .catch(function () { /* the page as it came */ });

  function fallback() { HTMLFormElement.prototype.submit.call(form); }

  function json(r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (busy) return;
    var chosen = form.querySelector('input[name="so"]:checked');
    if (!chosen) {
      say("Hãy chọn từ 1 đến 5 sao.");
      return;
    }
    var stars = chosen.value;
    busy = true;
    say("Đang gửi đánh giá…");
    fetch(api, { credentials: "same-origin", cache: "no-store" })
      .then(json)
      .then(function (t) {
        var body = new URLSearchParams();
        body.set("so", stars);
        body.set("ma", t.ma);
        return fetch(api, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: body.toString()
        });
      })
      .then(json)
      .then(function (j) {
        totals(j);
        showMine(j.cua_ban);
        say("Cảm ơn bạn đã đánh giá " + j.cua_ban + " sao.");
        busy = false;
      })
      .catch(function () {
        busy = false;
        fallback();
      });
  });
})();
