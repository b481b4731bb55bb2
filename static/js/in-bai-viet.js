/* in-bai-viet.js - the "In bài viết" button of the print view (/in/ID.html).
 *
 * The button comes hidden: without script it could do nothing, and the
 * browser's own print command remains. With script it shows and opens the
 * browser's print dialog. print.css hides it on paper. */
(function () {
  "use strict";
  var button = document.getElementById("nut-in");
  if (!button || typeof window.print !== "function") return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
