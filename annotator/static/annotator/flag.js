// The flag form from the keyboard: Ctrl+Enter (or Cmd+Enter) saves the comment, Esc goes
// back to the article unsaved. The form itself is a plain post.
(function () {
  "use strict";

  const form = document.querySelector("[data-flag-form]");
  if (!form) return;
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(form.querySelector('button[type="submit"]:not([name])'));
    } else if (event.key === "Escape") {
      const back = form.querySelector("[data-flag-back]");
      if (back) window.location.href = back.href;
    }
  });
})();
