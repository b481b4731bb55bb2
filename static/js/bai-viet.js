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
 * sees it like typing; text put back fires `dinh:khoi-phuc` on its field. */
(function () {
  "use strict";
  var form = document.querySelector("form.article-form");
  if (!form || !form.querySelector('button[name="viec"][value="luu"]')) return;
  var fieldset = form.querySelector("fieldset");
  if (fieldset && fieldset.disabled) return;
  var NAMES = ["tieu-de", "duong-dan", "tom-tat", "noi-dung", "tac-gia", "nguon", "anh", "chu-thich-anh",
    "tu-khoa", "van-ban-lien-quan"];
  var key = "dinh-ban-nhap:" + form.getAttribute("action");
  /* Every tab writing a new article has the same address: each keeps its
   * own copy, named for the tab (sessionStorage lives as long as the tab,
   * through a sign-in again and a browser's session restore). */
  if (/\/moi$/.test(form.getAttribute("action"))) {
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

  function values() {
    var v = {};
    NAMES.forEach(function (n) {
      var el = form.elements[n];
      if (el) v[n] = el.value;
    });
    return v;
  }

  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({ luc: Date.now(), truong: values() }));
    } catch (e) { /* storage full or off: the server copy still comes */ }
  }

  function forget(k) {
    try { localStorage.removeItem(k || key); } catch (e) { /* nothing kept */ }
  }

  /* A save that reached the server clears what this browser kept. */
  if (/[?&]thong-bao=/.test(location.search)) forget();

  /* Text kept here but never saved: offer it back. */
  try {
    var kept = JSON.parse(localStorage.getItem(key) || "null");
    var now = values();
    var differs = kept && NAMES.some(function (n) {
      return kept.truong[n] !== undefined && kept.truong[n] !== now[n];
    });
    if (differs) {
      var box = document.createElement("div");
      box.className = "notice notice-error";
      box.setAttribute("role", "alert");
      var when = new Date(kept.luc);
      var p = document.createElement("p");
      p.textContent = "Có nội dung chưa lưu của bài này trên máy (lúc " +
        when.toLocaleString("vi-VN") + "). ";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "button";
      restore.textContent = "Khôi phục nội dung chưa lưu";
      restore.addEventListener("click", function () {
        NAMES.forEach(function (n) {
          if (form.elements[n] && kept.truong[n] !== undefined) {
            form.elements[n].value = kept.truong[n];
            /* the article editor (bien-tap.js) shows the text put back */
            form.elements[n].dispatchEvent(new Event("dinh:khoi-phuc"));
          }
        });
        box.remove();
        dirty = true;
      });
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "button-link";
      drop.textContent = "Bỏ bản đó";
      drop.addEventListener("click", function () { forget(); box.remove(); });
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

  function save() {
    if (!dirty || sending || !form.elements["tieu-de"].value.trim()) return;
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
          key = "dinh-ban-nhap:" + j.dia_chi;
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
