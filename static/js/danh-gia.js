/* danh-gia.js - rating an article without leaving its page.
 *
 * The article page is cached for every reader, so its rating form carries
 * no token: sent as it is, the server answers a page that asks to confirm
 * the vote (that is how it works without script). With this script, a
 * click takes a token for this reader from the JSON endpoint named by the
 * form's data-api, votes there at once, and writes the new totals into the
 * rating line. Anything unexpected (offline, an error answer) falls back to
 * sending the form itself. */
(function () {
  "use strict";
  var form = document.getElementById("danh-gia");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var api = form.getAttribute("data-api");
  var line = document.getElementById("diem-danh-gia");
  var status = document.getElementById("danh-gia-ket-qua");
  if (!api || !line || !status) return;
  var busy = false;

  function say(text) { status.textContent = text; }

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
        line.textContent = "Tổng số điểm của bài viết là: " + j.tong_diem + " trong " + j.so_danh_gia + " đánh giá";
        say("Cảm ơn bạn đã đánh giá " + j.cua_ban + " sao.");
        busy = false;
      })
      .catch(function () {
        busy = false;
        fallback();
      });
  });
})();
