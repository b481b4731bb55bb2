/* nhap-ntm.js - the NTM entry screen (/quan-tri/nong-thon-moi/nhap/...).
 *
 * Four things, none of which the form needs to work without script:
 *  - as the reporter types, each value is checked as the server checks it
 *    (a number with a decimal comma, "78,5"; a percentage from 0 to 100)
 *    with the message beside the field, and the states of the indicator,
 *    its criterion and the unit are recomputed by the rules of
 *    src/ntm/assess.c (the server alone decides: it computes again on save);
 *  - the draft is saved every 15 seconds while something changed (POST with
 *    tu-dong=1, answered in JSON), with a line saying when;
 *  - sending the report with indicators left empty asks first, saying how
 *    many (the server takes it either way: a commune may lack some data);
 *  - a "Chọn tệp" button beside each evidence field opens a search of the
 *    media library (the picker /quan-tri/thu-vien/chon, a page at a time,
 *    "Xem thêm" for the next) and adds the chosen file's number.
 * The data it reads: on each indicator row data-loai (met, percent,
 * number, level), data-phep and data-nguong (the unit's target; data-phep
 * "" when unknown), data-gia-tri (the stored value); on each criterion
 * data-nap (its indicators are loaded) and data-ghi (the office's recorded
 * state, -1 none). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-nhap-ntm]");
  if (!form) return;
  var editable = form.getAttribute("data-nhap-ntm") === "1";
  var NAMES = { met: "Đạt", notMet: "Không đạt", unknown: "Chưa rõ mức yêu cầu", none: "Chưa đánh giá" };

  /* "78,5" -> 78.5; NaN when it is not a number; null when empty. */
  /* The server's rule (ntm_decimal_parse): a decimal comma; points that
   * group thousands ("1.250", "1.250,5"), or spaces, no-break spaces
   * included ("62 000", "1 250 000,5": groups of exactly three, never with
   * points as well); a lone point not followed by a group of three is a
   * decimal point ("78.5", "0.125"); 15 digits at most. */
  var SPACE = /[ \u00a0\u202f]/;
  function parse(text) {
    var t = text.replace(/^[ \t\u00a0\u202f]+|[ \t\u00a0\u202f]+$/g, "");
    if (!t) return null;
    var negative = t.charAt(0) === "-";
    if (negative) t = t.slice(1);
    var comma = t.indexOf(","), whole = comma >= 0 ? t.slice(0, comma) : t;
    var fraction = comma >= 0 ? t.slice(comma + 1) : "";
    var hasComma = comma >= 0;
    if (SPACE.test(whole)) {
      if (!/^[1-9]\d{0,2}([ \u00a0\u202f]\d{3})+$/.test(whole)) return NaN;
      whole = whole.replace(/[ \u00a0\u202f]/g, "");
    }
    if (whole.indexOf(".") >= 0 && !/^[^.0][^.]{0,2}(\.[^.]{3})+$/.test(whole)) {
      var dot = whole.indexOf(".");
      if (hasComma || whole.indexOf(".", dot + 1) >= 0) return NaN;
      fraction = whole.slice(dot + 1);
      whole = whole.slice(0, dot);
      hasComma = true;
    }
    whole = whole.replace(/\./g, "");
    if (!whole || (hasComma && !fraction)) return NaN;
    if (!/^\d+$/.test(whole) || (fraction && !/^\d+$/.test(fraction)) || whole.length + fraction.length > 15) {
      return NaN;
    }
    var x = parseFloat(whole + (fraction ? "." + fraction : ""));
    return negative && x !== 0 ? -x : x;
  }

  /* The value of a row (null: none) and the message for it ("" if good). */
  function read(row) {
    var kind = row.getAttribute("data-loai");
    var field = row.querySelector("[name^='gt-']");
    if (!field) {
      var stored = row.getAttribute("data-gia-tri");
      return { value: stored === "" ? null : parseFloat(stored), error: "" };
    }
    var raw = field.value;
    if (kind === "met" || kind === "level") return { value: raw === "" ? null : parseFloat(raw), error: "" };
    /* a rate may keep its sign ("12,5%"); one point before three digits
     * reads two ways, and the server refuses it (ntm_decimal_ambiguous) */
    if (kind === "percent") raw = raw.replace(/[ \t\u00a0\u202f]*%[ \t\u00a0\u202f]*$/, "");
    var two = /^[ \t\u00a0\u202f]*(-?[1-9]\d{0,2})\.(\d{3})[ \t\u00a0\u202f]*$/.exec(raw);
    if (two) {
      var a = two[1] + two[2], b = two[1] + "," + two[2];
      return { value: null, error: "“" + two[1] + "." + two[2] + "” có thể hiểu hai cách: " + a +
        " (dấu chấm ngăn hàng nghìn) hoặc " + b + " (dấu chấm thập phân). Hãy viết " + a + " hoặc " + b + "." };
    }
    if ((raw.match(/[0-9]/g) || []).length > 15) {
      return { value: null, error: kind === "percent" ? "Tỷ lệ có quá nhiều chữ số (tối đa 15 chữ số, từ 0 đến 100%)."
        : "Giá trị quá lớn hoặc có quá nhiều chữ số (tối đa 15 chữ số)." };
    }
    var x = parse(raw);
    if (x === null) return { value: null, error: "" };
    if (isNaN(x)) {
      return { value: null, error: kind === "percent"
        ? "Tỷ lệ phải là một số từ 0 đến 100, phần thập phân sau dấu phẩy (ví dụ 78,5; dấu % có thể bỏ)."
        : "Giá trị phải là một số, phần thập phân sau dấu phẩy (ví dụ 78,5)." };
    }
    if (kind === "percent" && (x < 0 || x > 100)) return { value: null, error: "Tỷ lệ phải từ 0 đến 100%." };
    if (kind === "number" && x < 0) return { value: null, error: "Giá trị không được âm." };
    if (kind === "number" && x > 1e12) return { value: null, error: "Giá trị quá lớn." };
    return { value: x, error: "" };
  }

  /* ntm_evaluate: "met", "notMet", "unknown" or "none". */
  function evaluate(row, value) {
    if (value === null) return "none";
    var op = row.getAttribute("data-phep");
    if (!op) return "unknown";
    var t = parseFloat(row.getAttribute("data-nguong"));
    if (row.getAttribute("data-loai") === "met") return (value >= 0.5) === (t >= 0.5) ? "met" : "notMet";
    var eps = 1e-9 * Math.max(1, Math.abs(t));
    var ok = op === ">=" ? value >= t - eps : op === "<=" ? value <= t + eps : Math.abs(value - t) <= eps;
    return ok ? "met" : "notMet";
  }

  function badge(el, text, cls) {
    if (!el) return;
    el.textContent = text;
    el.className = "ntm-badge ntm-badge-" + cls;
  }

  function showError(row, message) {
    var field = row.querySelector("[name^='gt-']");
    if (!field) return;
    var p = document.getElementById(field.id + "-loi");
    if (!p) return;
    p.textContent = message;
    p.hidden = !message;
    if (message) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", p.id);
    } else {
      field.removeAttribute("aria-invalid");
    }
  }

  /* ntm_assess, over the whole screen. */
  function recompute() {
    var anyNotMet = false, allMet = true, metCount = 0, sections = form.querySelectorAll("[data-tieu-chi]");
    Array.prototype.forEach.call(sections, function (sec) {
      var rows = sec.querySelectorAll("tr[data-chi-tieu]");
      var n = 0, met = 0, notMet = 0, unassessed = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var r = read(row);
        /* the server's message (evidence, a note too long) stays until the value is typed again */
        if (row.hasAttribute("data-da-go")) showError(row, r.error);
        var s = evaluate(row, r.value);
        badge(row.querySelector("[data-trang-thai-chi-tieu]"),
          NAMES[s], s === "met" ? "dat" : s === "notMet" ? "khong" : "chua");
        if (sec.getAttribute("data-nap") !== "1") return;
        n++;
        if (s === "met") met++;
        else if (s === "notMet") notMet++;
        else if (s === "none" && row.getAttribute("data-phep")) unassessed++;
      });
      var recorded = parseInt(sec.getAttribute("data-ghi"), 10);
      var select = sec.querySelector("select[name^='kq-']");
      if (select) recorded = select.value === "" ? -1 : parseInt(select.value, 10);
      var state;
      if (notMet) state = 0;
      else if (unassessed) state = -1;
      else if (n > 0 && met === n) state = 1;
      else if (recorded === 0 || recorded === 1) state = recorded;
      else state = -1;
      badge(sec.querySelector("[data-trang-thai-tieu-chi]"),
        state === 1 ? "Đạt" : state === 0 ? "Không đạt" : "Chưa xác định",
        state === 1 ? "dat" : state === 0 ? "khong" : "chua");
      if (state === 1) metCount++;
      else allMet = false;
      if (state === 0) anyNotMet = true;
    });
    if (!sections.length) allMet = false;
    var unit = anyNotMet ? 0 : allMet ? 1 : -1;
    badge(document.querySelector("[data-trang-thai-don-vi]"),
      unit === 1 ? "Đạt chuẩn" : unit === 0 ? "Chưa đạt chuẩn" : "Chưa xác định",
      unit === 1 ? "dat" : unit === 0 ? "khong" : "chua");
    var count = document.querySelector("[data-so-tieu-chi-dat]");
    if (count) count.textContent = String(metCount);
  }

  recompute();
  if (!editable) return;

  /* --- autosave --- */
  var status = document.createElement("p");
  status.className = "hint autosave-status";
  status.setAttribute("role", "status");
  var actions = form.querySelector(".form-actions");
  form.insertBefore(status, actions);
  var dirty = false, sending = false;
  function typed(e) {
    dirty = true;
    if (e.target.name && e.target.name.indexOf("gt-") === 0) {
      var row = e.target.closest("tr[data-chi-tieu]");
      if (row) row.setAttribute("data-da-go", "1");
    }
    recompute();
  }
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);

  function save() {
    if (!dirty || sending) return;
    sending = true;
    dirty = false;
    var data = new URLSearchParams(new FormData(form));
    data.set("viec", "luu");
    data.set("tu-dong", "1");
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
        /* the next save is compared with what this one stored */
        var base = form.querySelector("input[name='ban-goc']");
        if (base && j.ban_goc) base.value = j.ban_goc;
        document.dispatchEvent(new CustomEvent("dinh:da-luu"));
        status.textContent = "Đã tự lưu bản nháp lúc " + j.luc + ".";
      } else {
        dirty = true;
        status.textContent = "Chưa tự lưu được" + (j.loi ? ": " + j.loi : "") + ".";
      }
    }).catch(function () {
      dirty = true;
      status.textContent = "Mất kết nối: chưa tự lưu được, hãy thử lại sau.";
    }).then(function () { sending = false; });
  }
  setInterval(save, 15000);

  /* --- sending with indicators left empty: said, and asked once --- */
  function emptyCount() {
    var empty = 0, all = 0;
    Array.prototype.forEach.call(form.querySelectorAll("tr[data-chi-tieu] [name^='gt-']"), function (field) {
      all++;
      if (!field.value.trim()) empty++;
    });
    return { empty: empty, all: all };
  }
  form.addEventListener("submit", function (e) {
    if (!e.submitter || e.submitter.value !== "gui") return;
    var c = emptyCount();
    if (c.empty && !window.confirm("Còn " + c.empty + " trên " + c.all + " chỉ tiêu chưa nhập số liệu. Báo cáo " +
        "gửi đi sẽ không sửa được cho đến khi Văn phòng Điều phối trả lại. Vẫn gửi?")) {
      e.preventDefault();
      status.textContent = "Chưa gửi: còn " + c.empty + " chỉ tiêu chưa nhập số liệu.";
    }
  });

  /* --- evidence files from the media library: searched, a page at a time --- */
  var pickers = 0;
  Array.prototype.forEach.call(form.querySelectorAll("input[data-minh-chung]"), function (input) {
    var n = ++pickers;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button-link";
    button.textContent = "Chọn tệp trong thư viện";
    button.setAttribute("aria-expanded", "false");
    var box = document.createElement("div");
    box.className = "ntm-evidence-picker";
    box.hidden = true;
    box.id = "chon-tep-" + n;
    button.setAttribute("aria-controls", box.id);
    var label = document.createElement("label");
    label.textContent = "Tìm trong thư viện (tên, mô tả, chú thích) ";
    var search = document.createElement("input");
    search.type = "search";
    search.maxLength = 200;
    label.appendChild(search);
    var note = document.createElement("p");
    note.className = "ntm-evidence-note";
    note.setAttribute("aria-live", "polite");
    var list = document.createElement("ul");
    list.className = "ntm-evidence-list";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "button-link";
    more.textContent = "Xem thêm tệp";
    more.hidden = true;
    box.appendChild(label);
    box.appendChild(note);
    box.appendChild(list);
    box.appendChild(more);
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", box);

    var page = 0, asked = 0, timer = 0;
    function choose(f) {
      var ids = input.value.split(/[\s,]+/).filter(Boolean);
      if (ids.indexOf(String(f.id)) < 0) ids.push(String(f.id));
      input.value = ids.join(" ");
      input.dispatchEvent(new Event("input", { bubbles: true }));
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      input.focus();
    }
    /* page 1 replaces the list (a new search); later pages are added to it */
    function load(p) {
      var q = search.value.trim();
      var mine = ++asked;
      note.textContent = "Đang tải…";
      fetch("/quan-tri/thu-vien/chon?trang=" + p + (q ? "&q=" + encodeURIComponent(q) : ""),
        { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(function (j) {
          if (mine !== asked) return; /* a later search has been typed meanwhile */
          if (p === 1) list.textContent = "";
          page = p;
          (j.tep || []).forEach(function (f) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button";
            b.className = "button-link";
            b.textContent = f.ten + " (số " + f.id + ")";
            b.addEventListener("click", function () { choose(f); });
            li.appendChild(b);
            list.appendChild(li);
          });
          more.hidden = !j.con_nua;
          note.textContent = list.children.length
            ? list.children.length + " tệp" + (j.con_nua ? ", còn nữa" : "") + "."
            : q ? "Không có tệp nào khớp “" + q + "”." : "Thư viện chưa có tệp nào.";
        })
        .catch(function () {
          if (mine !== asked) return;
          note.textContent = "Chưa tải được thư viện; vẫn có thể gõ số của tệp vào ô.";
        });
    }
    button.addEventListener("click", function () {
      box.hidden = !box.hidden;
      button.setAttribute("aria-expanded", String(!box.hidden));
      if (!box.hidden && !page) load(1);
      if (!box.hidden) search.focus();
    });
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(1); }, 300);
    });
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { /* searching, not sending the report */
        e.preventDefault();
        clearTimeout(timer);
        load(1);
      }
    });
    more.addEventListener("click", function () { load(page + 1); });
  });
})();
