/* anh-dai-dien.js - choosing an article's cover from the media library.
 *
 * On the article form, the field "anh" holds the media id of the cover (a
 * plain number input that works without this script). This adds a
 * "Chọn ảnh đại diện" button that lists the library's pictures (the JSON
 * picker GET /quan-tri/thu-vien/chon?loai=anh&q=&trang=, with a search
 * box and "Xem thêm"), a preview of the chosen picture, and "Bỏ ảnh".
 * Choosing fires `input` on the field, so the form's autosave (bai-viet.js)
 * sees it like typing. */
(function () {
  "use strict";
  var box = document.querySelector("[data-anh-dai-dien]");
  if (!box) return;
  var input = box.querySelector('input[name="anh"]');
  if (!input || input.disabled || (input.closest("fieldset") || {}).disabled) return;

  var tools = document.createElement("p");
  tools.className = "cover-tools";
  var choose = document.createElement("button");
  choose.type = "button";
  choose.className = "button button-secondary";
  choose.textContent = "Chọn ảnh đại diện";
  choose.setAttribute("aria-expanded", "false");
  var drop = document.createElement("button");
  drop.type = "button";
  drop.className = "button-link";
  drop.textContent = "Bỏ ảnh";
  tools.appendChild(choose);
  tools.appendChild(document.createTextNode(" "));
  tools.appendChild(drop);
  input.insertAdjacentElement("afterend", tools);

  var panel = document.createElement("div");
  panel.className = "cover-picker";
  panel.hidden = true;
  panel.id = "chon-anh-dai-dien";
  choose.setAttribute("aria-controls", panel.id);
  var search = document.createElement("input");
  search.type = "search";
  search.placeholder = "Tìm ảnh theo tên, mô tả…";
  search.setAttribute("aria-label", "Tìm ảnh trong thư viện");
  var list = document.createElement("ul");
  list.className = "media-grid cover-list";
  var more = document.createElement("button");
  more.type = "button";
  more.className = "button button-secondary";
  more.textContent = "Xem thêm";
  more.hidden = true;
  var note = document.createElement("p");
  note.className = "hint";
  note.setAttribute("role", "status");
  panel.appendChild(search);
  panel.appendChild(note);
  panel.appendChild(list);
  panel.appendChild(more);
  tools.insertAdjacentElement("afterend", panel);

  function preview(url, srcset, alt) {
    var fig = box.querySelector(".cover-preview");
    if (!url) {
      if (fig) fig.remove();
      return;
    }
    if (!fig) {
      fig = document.createElement("figure");
      fig.className = "cover-preview";
      fig.appendChild(document.createElement("img"));
      panel.insertAdjacentElement("afterend", fig);
    }
    var img = fig.querySelector("img");
    img.src = url;
    if (srcset) {
      img.srcset = srcset;
      img.sizes = "240px";
    } else {
      img.removeAttribute("srcset");
      img.removeAttribute("sizes");
    }
    img.alt = alt || "";
    img.width = 240;
    img.removeAttribute("height");
  }

  function set(value) {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  var page = 1, loading = false;
  function load(reset) {
    if (loading) return;
    loading = true;
    if (reset) {
      page = 1;
      list.textContent = "";
    }
    note.textContent = "Đang tải…";
    var url = "/quan-tri/thu-vien/chon?loai=anh&q=" + encodeURIComponent(search.value.trim()) + "&trang=" + page;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (j) {
        (j.tep || []).forEach(function (f) {
          var li = document.createElement("li");
          var b = document.createElement("button");
          b.type = "button";
          b.className = "cover-choice";
          var img = document.createElement("img");
          img.src = f.dia_chi;
          if (f.srcset) {
            img.srcset = f.srcset;
            img.sizes = "160px";
          }
          img.alt = "";
          img.width = 160;
          img.loading = "lazy";
          var name = document.createElement("span");
          name.textContent = f.ten + " (số " + f.id + ")";
          b.appendChild(img);
          b.appendChild(name);
          b.addEventListener("click", function () {
            set(String(f.id));
            preview(f.dia_chi, f.srcset, f.alt || f.ten);
            var cap = document.querySelector('input[name="chu-thich-anh"]');
            if (cap && !cap.value && f.chu_thich) {
              cap.value = f.chu_thich;
              cap.dispatchEvent(new Event("input", { bubbles: true }));
            }
            panel.hidden = true;
            choose.setAttribute("aria-expanded", "false");
            choose.focus();
          });
          li.appendChild(b);
          list.appendChild(li);
        });
        more.hidden = !j.con_nua;
        note.textContent = list.children.length ? "" : "Không có ảnh nào phù hợp.";
      })
      .catch(function () {
        note.textContent = "Chưa tải được danh sách ảnh; vẫn có thể gõ mã ảnh vào ô trên.";
      })
      .then(function () { loading = false; });
  }

  choose.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    choose.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) {
      if (!list.children.length) load(true);
      search.focus();
    }
  });
  more.addEventListener("click", function () {
    page++;
    load(false);
  });
  var timer;
  search.addEventListener("input", function (e) {
    e.stopPropagation(); /* not a change of the article */
    clearTimeout(timer);
    timer = setTimeout(function () { load(true); }, 300);
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") e.preventDefault(); /* never submits the article */
  });
  drop.addEventListener("click", function () {
    set("");
    preview("");
  });
})();
