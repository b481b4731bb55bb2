/* quan-tri.js - the newsroom's idle warning, questions before a step
 * readers would see, and forms sent once.
 *
 * The server ends a session after data-idle-seconds without a request.
 * Sixty seconds before that, the page shows the warning with a live
 * countdown; its button renews the session on the server. Typing renews
 * it too (at most once a minute). When the countdown runs out, the page
 * first asks the server how long is really left (another tab may have
 * renewed the session), then goes to the login page, which brings the
 * editor back here afterwards. A draft saved by its timer (the event
 * "dinh:da-luu") renewed the session as well: the countdown starts again. */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds"), 10);
  var left = parseInt(body.getAttribute("data-remaining"), 10);
  var csrf = body.getAttribute("data-csrf");
  if (!idle || isNaN(left) || !csrf) return;

  var WARN = 60;
  var bar = document.getElementById("idle-warning");
  var count = document.getElementById("idle-countdown");
  var keep = document.getElementById("idle-keep");
  var deadline = Date.now() + left * 1000;
  var lastRenew = Date.now();
  var timer = null;

  function secondsLeft() { return Math.ceil((deadline - Date.now()) / 1000); }

  function renew() {
    lastRenew = Date.now();
    var form = new URLSearchParams();
    form.set("csrf", csrf);
    return fetch("/quan-tri/gia-han", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString()
    }).then(function (r) { return r.ok ? r.json() : { con_lai: 0 }; })
      .then(function (j) { setLeft(j.con_lai); })
      .catch(function () { /* offline: the countdown goes on */ });
  }

  function ask() {
    return fetch("/quan-tri/phien", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { con_lai: 0 }; })
      .catch(function () { return { con_lai: 0 }; });
  }

  function setLeft(seconds) {
    deadline = Date.now() + Math.max(0, seconds) * 1000;
    tick();
  }

  function leave() {
    var back = location.pathname + location.search;
    location.href = "/quan-tri/dang-nhap?het-han=1&ve=" + encodeURIComponent(back);
  }

  function tick() {
    var s = secondsLeft();
    if (s > WARN) {
      bar.hidden = true;
    } else if (s > 0) {
      count.textContent = String(s);
      bar.hidden = false;
    } else {
      clearInterval(timer);
      ask().then(function (j) {
        if (j.con_lai > 0) {
          setLeft(j.con_lai);
          timer = setInterval(tick, 1000);
        } else {
          leave();
        }
      });
    }
  }

  /* A draft saved by its timer is a request too: the server has renewed
   * the session, so the countdown takes the time the server now gives. */
  document.addEventListener("dinh:da-luu", function () {
    lastRenew = Date.now();
    ask().then(function (j) { if (j.con_lai > 0) setLeft(j.con_lai); });
  });
  keep.addEventListener("click", function () { renew(); bar.hidden = true; });
  document.addEventListener("input", function () {
    if (Date.now() - lastRenew > 60000) renew();
  });
  timer = setInterval(tick, 1000);
  tick();
})();

/* A button whose action cannot be taken back without another step (a
 * restore that changes a page readers see) asks first: its
 * data-xac-nhan is the question. */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    var question = button && button.getAttribute("data-xac-nhan");
    if (question && !window.confirm(question)) e.preventDefault();
  });
})();

/* A second click on a form's button while the first is on its way (a slow
 * answer, a double click) is not sent again: one article, not two. Runs
 * after every other handler (on window), so a submission another script
 * cancelled (a confirmation answered "no") does not count; a page shown
 * again from the back-forward cache may send at once. */
(function () {
  "use strict";
  var SENDING = 10000;
  window.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form || (form.method || "").toLowerCase() !== "post") return;
    var since = parseInt(form.getAttribute("data-dang-gui") || "0", 10);
    if (since && Date.now() - since < SENDING) {
      e.preventDefault();
      return;
    }
    form.setAttribute("data-dang-gui", String(Date.now()));
  });
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-dang-gui]"), function (f) {
      f.removeAttribute("data-dang-gui");
    });
  });
})();
