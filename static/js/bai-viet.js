/* bai-viet.js - nobody loses an article they are writing.
 *
 * On the article form of the newsroom: every change is kept in this
 * browser (localStorage) at once, and sent to the server as a draft save
 * every 15 seconds while something changed (the server keeps one revision
 * per sitting, not one per save), unless the article is published: what
 * readers see changes only when someone presses "Lưu". If the page is opened again with text
 * that never reached the server (a closed tab, a session that ended), it
 * offers to put that text back. The body's rich editor (bien-tap.js)
 * writes into the form's textarea and fires `input` there, so this file
 * sees it like typing; text put back fires `dinh:khoi-phuc` on its field.
 *
 * Every field of the form is kept (the categories, the times, "Tin nổi
 * bật" as well as the text), and a new article's copy keeps its form's
 * one-time key (ma-bai-moi): text put back into another new form is saved
 * into the article that key already made, if it made one, not into a
 * second. */
(function () {
  "use strict";

  /* The article became one this person cannot edit (the chief published
   * it, it went to the bin) while they were typing: the text this browser
   * kept and never saved is shown to copy, since the form takes no
   * keystroke now. */
  function unsavedOfLockedArticle() {
    var copyKey = DRAFTS + form.getAttribute("action"), kept;
    try { kept = JSON.parse(localStorage.getItem(copyKey) || "null"); } catch (e) { return; }
    if (!kept || !kept.truong) return;
    /* a refused save shows what was typed in the locked fields (hard to
     * copy from there): offered all the same; otherwise only what differs
     * from what the page shows */
    var refused = !!document.querySelector("main .notice-error[role='alert']");
    var t = kept.truong, parts = [];
    function field(name) {
      var el = form.elements[name];
      return typeof t[name] === "string" && t[name].trim() && (refused || !el || el.value !== t[name]) ? t[name] : "";
    }
    var body = field("noi-dung");
    if (body) {
      var doc = new DOMParser().parseFromString(body, "text/html"), blocks = [];
      Array.prototype.forEach.call(doc.body.querySelectorAll("p, h2, h3, h4, li, figcaption, td, th"), function (b) {
        if (b.textContent.trim()) blocks.push(b.textContent.trim());
      });
      body = blocks.length ? blocks.join("\n\n") : doc.body.textContent.trim();
    }
    [["Tiêu đề", field("tieu-de")], ["Tóm tắt", field("tom-tat")], ["Nội dung", body]].forEach(function (p) {
      if (p[1]) parts.push(p[0] + ":\n" + p[1]);
    });
    if (!parts.length) return;
    var box = document.createElement("div");
    box.className = "notice notice-error unsaved-copy";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = "Trên máy này còn nội dung bạn viết cho bài này mà chưa lưu được (lúc " +
      new Date(kept.luc).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }) +
      "). Bài không sửa được ở trạng thái hiện tại: hãy chép nội dung dưới đây để dùng lại.";
    var area = document.createElement("textarea");
    area.readOnly = true;
    area.rows = 8;
    area.value = parts.join("\n\n");
    area.setAttribute("aria-label", "Nội dung chưa lưu");
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "button";
    copy.textContent = "Chép nội dung";
    copy.addEventListener("click", function () {
      area.select();
      var done = function () { copy.textContent = "Đã chép"; };
      if (navigator.clipboard) navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    });
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "button-link";
    drop.textContent = "Bỏ bản đó";
    drop.addEventListener("click", function () {
      try { localStorage.removeItem(copyKey); } catch (e) { /* nothing kept */ }
      box.remove();
    });
    box.appendChild(p);
    box.appendChild(area);
    var actions = document.createElement("p");
    actions.appendChild(copy);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(drop);
    box.appendChild(actions);
    form.parentNode.insertBefore(box, form);
  }

  var form = document.querySelector("form.article-form");
  if (!form) return;
  /* Copies are kept per account: on a computer an office shares, the next
   * person to sign in is never offered what another typed. */
  var DRAFTS = "dinh-ban-nhap:" + (form.getAttribute("data-nguoi") || "") + ":";
  /* Copies kept before they were per account ("dinh-ban-nhap:/quan-tri/…")
   * belong to no one we can tell: never offered, they are removed rather
   * than left for whoever uses the browser next. */
  try {
    var oldKeys = [];
    for (var old = 0; old < localStorage.length; old++) {
      var oldKey = localStorage.key(old);
      if (oldKey && oldKey.indexOf("dinh-ban-nhap:/") === 0) oldKeys.push(oldKey);
    }
    oldKeys.forEach(function (k) { localStorage.removeItem(k); });
  } catch (e) { /* no storage */ }
  /* A save that reached the server (?thong-bao=) clears what this browser
   * kept: the copy of this article, and that of the new-article form it
   * was sent from (marked when it was sent: a form refused comes back
   * without ?thong-bao= and keeps its copy), whatever the user may do
   * with the article now. */
  var SENT = "dinh-gui-bai-moi";
  var saved = /[?&]thong-bao=/.test(location.search);
  try {
    var sent = sessionStorage.getItem(SENT);
    sessionStorage.removeItem(SENT);
    if (sent && saved) localStorage.removeItem(sent);
    if (saved) localStorage.removeItem(DRAFTS + form.getAttribute("action"));
  } catch (e) { /* no storage */ }
  var fieldset = form.querySelector("fieldset");
  if (fieldset && fieldset.disabled) {
    unsavedOfLockedArticle();
    return;
  }
  if (!form.querySelector('button[name="viec"][value="luu"]')) return;
  var FORM_KEY = "ma-bai-moi";
  var key = DRAFTS + form.getAttribute("action");
  var isNew = /\/moi$/.test(form.getAttribute("action"));
  /* Every tab writing a new article has the same address: each keeps its
   * own copy, named for the tab (sessionStorage lives as long as the tab,
   * through a sign-in again and a browser's session restore). */
  if (isNew) {
    try {
      var tab = sessionStorage.getItem("dinh-the");
      if (!tab) {
        tab = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
        sessionStorage.setItem("dinh-the", tab);
      }
      key += "#" + tab;
    } catch (e) { /* no sessionStorage: one copy for every new article */ }
  }
  var status = document.createElement("p");
  status.className = "hint autosave-status";
  status.setAttribute("role", "status");
  form.insertBefore(status, form.querySelector(".form-actions"));
  var dirty = false, sending = false;

  /* The fields a person fills: every named control but the buttons and
   * the hidden ones (the token, the version, the key). */
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button" &&
        el.type !== "reset" && el.type !== "file" && el.tagName !== "BUTTON" && el.tagName !== "FIELDSET";
    });
  }

  /* name -> its value; a checkbox's name -> the values checked. */
  function values() {
    var v = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (!v[el.name]) v[el.name] = [];
        if (el.checked) v[el.name].push(el.value);
      } else {
        v[el.name] = el.value;
      }
    });
    return v;
  }

  function put(v) {
    var touched = {};
    fields().forEach(function (el) {
      var value = v[el.name];
      if (value === undefined) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      } else if (typeof value === "string") {
        el.value = value;
      }
      touched[el.name] = el;
    });
    Object.keys(touched).forEach(function (n) {
      /* the article editor (bien-tap.js) shows the text put back */
      touched[n].dispatchEvent(new Event("dinh:khoi-phuc"));
    });
  }

  function formKey() {
    var el = form.elements[FORM_KEY];
    return el ? el.value : "";
  }

  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({ luc: Date.now(), truong: values(), ma: formKey() }));
    } catch (e) { /* storage full or off: the server copy still comes */ }
  }

  /* "07/12/2026 00:48", Vietnam time, as the newsroom writes times. */
  function when(ms) {
    var d = new Date(ms + 7 * 3600 * 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getUTCDate()) + "/" + two(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear() + " " +
      two(d.getUTCHours()) + ":" + two(d.getUTCMinutes());
  }

  function forget(k) {
    try { localStorage.removeItem(k || key); } catch (e) { /* nothing kept */ }
  }

  form.addEventListener("submit", function () {
    try {
      if (isNew) sessionStorage.setItem(SENT, key);
    } catch (e) { /* no sessionStorage */ }
  });
  /* The form's key in the address: Back to this form once it is saved
   * brings the article it made (the server answers with it), not the form
   * again to make a second one. */
  if (isNew && formKey() && !/[?&]ma=/.test(location.search)) {
    try { history.replaceState(history.state, "", "/quan-tri/bai-viet/moi?ma=" + encodeURIComponent(formKey())); }
    catch (e) { /* the address stays */ }
  }

  /* A new article's copy left by a tab since closed (each tab keeps its
   * own): the newest one, if it has words and was not touched in the last
   * minute (a tab still open and writing keeps its own). */
  function orphan() {
    var best = null, prefix = DRAFTS + "/quan-tri/bai-viet/moi#";
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (!k || k === key || k.indexOf(prefix) !== 0) continue;
        var c = JSON.parse(localStorage.getItem(k) || "null");
        if (!c || !c.truong || Date.now() - c.luc < 60000) continue;
        var words = ["tieu-de", "tom-tat", "noi-dung"].some(function (n) {
          return typeof c.truong[n] === "string" && c.truong[n].replace(/<[^>]*>/g, "").trim();
        });
        if (words && (!best || c.luc > best.copy.luc)) best = { key: k, copy: c };
      }
    } catch (e) { /* no storage */ }
    return best;
  }

  /* Text kept here but never saved: offer it back. */
  try {
    var keptKey = key;
    var kept = JSON.parse(localStorage.getItem(key) || "null");
    if (!kept && isNew) {
      var other = orphan();
      if (other) {
        kept = other.copy;
        keptKey = other.key;
      }
    }
    var now = values();
    var differs = kept && Object.keys(kept.truong).some(function (n) {
      return now[n] !== undefined && JSON.stringify(kept.truong[n]) !== JSON.stringify(now[n]);
    });
    if (differs) {
      var box = document.createElement("div");
      box.className = "notice notice-error";
      box.setAttribute("role", "alert");
      var p = document.createElement("p");
      p.textContent = "Có nội dung chưa lưu của bài này trên máy (lúc " + when(kept.luc) + "). ";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "button";
      restore.textContent = "Khôi phục nội dung chưa lưu";
      restore.addEventListener("click", function () {
        put(kept.truong);
        if (keptKey !== key) {
          forget(keptKey); /* this tab's copy from now on */
          keep();
        }
        if (kept.ma && form.elements[FORM_KEY]) {
          form.elements[FORM_KEY].value = kept.ma;
          try { history.replaceState(history.state, "", "/quan-tri/bai-viet/moi?ma=" + encodeURIComponent(kept.ma)); }
          catch (e) { /* the address stays */ }
        }
        box.remove();
        dirty = true;
      });
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "button-link";
      drop.textContent = "Bỏ bản đó";
      drop.addEventListener("click", function () { forget(keptKey); box.remove(); });
      p.appendChild(restore);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(drop);
      box.appendChild(p);
      form.parentNode.insertBefore(box, form);
    }
  } catch (e) { /* a damaged copy is ignored */ }

  form.addEventListener("input", function () {
    dirty = true;
    keep();
  });

  /* Leaving the page with changes the server has not got: the browser asks
   * first (the copy on this machine stays either way). */
  var submitting = false;
  form.addEventListener("submit", function (e) {
    if (!e.defaultPrevented) submitting = true;
  });
  window.addEventListener("beforeunload", function (e) {
    if (submitting || !(dirty || sending)) return;
    e.preventDefault();
    e.returnValue = "";
  });

  function save() {
    if (!dirty || sending) return;
    if (!form.elements["tieu-de"].value.trim()) {
      status.textContent = "Chưa tự lưu lên máy chủ: bài cần có tiêu đề. Nội dung vẫn được giữ trên máy này.";
      return;
    }
    sending = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("viec", "luu");
    data.set("tu-dong", "1");
    dirty = false;
    fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: data.toString()
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      return type.indexOf("application/json") === 0 ? r.json() : { da_luu: false };
    }).then(function (j) {
      if (j.da_luu) {
        document.dispatchEvent(new CustomEvent("dinh:da-luu"));
        status.textContent = "Đã tự lưu bản nháp lúc " + j.luc + ".";
        if (j.dia_chi && j.dia_chi !== form.getAttribute("action")) {
          var old = key;
          form.setAttribute("action", j.dia_chi);
          key = DRAFTS + j.dia_chi;
          forget(old);
          history.replaceState(null, "", j.dia_chi);
        }
        forget();
      } else {
        dirty = true;
        status.textContent = "Chưa tự lưu được" + (j.loi ? ": " + j.loi : "") +
          ". Nội dung vẫn được giữ trên máy này.";
      }
    }).catch(function () {
      dirty = true;
      status.textContent = "Mất kết nối: nội dung vẫn được giữ trên máy này.";
    }).then(function () { sending = false; });
  }

  /* A published article changes on the site only when someone presses a
   * button: no timer saves it; the browser still keeps what is typed. */
  if (form.getAttribute("data-tu-dong") === "tat") {
    status.textContent = "Bài đang đăng trên trang: nội dung sửa chỉ lên trang khi bấm Lưu; trong lúc đó nó " +
      "được giữ trên máy này.";
    return;
  }
  setInterval(save, 15000);
})();
