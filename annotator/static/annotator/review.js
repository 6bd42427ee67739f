// Keyboard and mouse for the review page.
//
// Every action here also works without JavaScript: each sentence's title links to ?s=<id>,
// which makes it current and shows its form, and the label buttons are plain form posts.
// This file only makes them fast: it keeps the current sentence on the client, sends a
// decision as one htmx request whose response swaps that sentence and the counts out of
// band, and moves on to the next undecided sentence at once. No inline handlers, no hx-on
// and no trigger filters: under our CSP those fail (see base.html).
(function () {
  "use strict";

  if (!document.querySelector("[data-review]") || typeof htmx === "undefined") return;

  let current = null; // sentence id of the current item, as a string
  let queue = Promise.resolve(); // decisions go out one at a time, in the order made
  let pending = 0; // decisions queued or in flight

  const items = () => Array.from(document.querySelectorAll(".review-item"));
  const itemFor = (id) => document.getElementById("item-" + id);
  const formFor = (id) => document.getElementById("decide-" + id);
  const idOf = (element) => element.dataset.sentenceId;
  const help = () => document.getElementById("help");

  function setCurrent(id, { scroll = true } = {}) {
    const element = id === null ? null : itemFor(id);
    if (!element) return;
    for (const old of document.querySelectorAll(".review-item.is-current")) {
      if (old === element) continue;
      old.classList.remove("is-current");
      old.removeAttribute("aria-current");
    }
    element.classList.add("is-current");
    element.setAttribute("aria-current", "true");
    current = id;
    // Keep the address in step, so a reload (or a plain post) stays on this sentence.
    const url = new URL(window.location.href);
    url.searchParams.set("s", id);
    url.hash = "";
    history.replaceState(history.state, "", url);
    if (scroll) element.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = items();
    const index = all.findIndex((element) => idOf(element) === current);
    const next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    if (next) setCurrent(idOf(next));
  }

  // The next sentence without a reviewer's decision after `after`, else the first one.
  function nextUndecided(after) {
    const all = items();
    const undecided = (element) => element.dataset.decided !== "true";
    const index = all.findIndex((element) => idOf(element) === after);
    const target = all.slice(index + 1).find(undecided) || all.find(undecided);
    return target ? idOf(target) : null;
  }

  function showMessage(text) {
    const message = document.getElementById("review-message");
    if (message) message.textContent = text;
  }

  function decide(id, labelKey) {
    const form = formFor(id);
    const element = itemFor(id);
    if (!form || !element) return;
    pending += 1;
    // Read when the request is sent, not when the key was pressed: an earlier decision
    // on this sentence may still be on its way, and its response carries the new based_on.
    const values = () => {
      const latest = formFor(id) || form;
      return {
        label: labelKey,
        note: latest.elements.note.value,
        based_on: latest.elements.based_on.value,
        show: latest.elements.show.value,
      };
    };
    const wasDecided = element.dataset.decided;
    queue = queue
      .then(() => htmx.ajax("POST", form.action, { source: form, swap: "none", values: values() }))
      .catch(() => showMessage("Could not reach the server: your last decision may not be saved."))
      .finally(() => {
        pending -= 1;
        // Not replaced by the response (bad input, or no response): undo what we showed.
        if (itemFor(id) === element) {
          element.dataset.decided = wasDecided;
          element.classList.remove("is-pending");
        }
        // A swapped-in sentence does not know it is current; the client does.
        setCurrent(current, { scroll: false });
      });
    // Show the decision at once and move on; the response replaces the sentence with what
    // was saved or, if another reviewer decided first, with their decision.
    element.dataset.decided = "true";
    element.classList.add("is-pending");
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const next = nextUndecided(id);
    if (next !== null) setCurrent(next);
  }

  function focusNote() {
    const form = current === null ? null : formFor(current);
    if (form) form.elements.note.focus();
  }

  function toggleHelp(open) {
    const dialog = help();
    if (!dialog) return;
    const show = open === undefined ? !dialog.open : open;
    if (show && !dialog.open) dialog.showModal();
    if (!show && dialog.open) dialog.close();
  }

  function hotkeyLabel(digit) {
    const form = current === null ? null : formFor(current);
    const button = form && form.querySelector('.label-button[data-hotkey="' + digit + '"]');
    return button ? button.value : null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
      // Typing a note must not decide anything; Esc leaves the field for the keys.
      if (event.key === "Escape" && target instanceof HTMLElement) {
        target.blur();
        event.preventDefault();
      }
      return;
    }
    const key = event.key;
    const helpIsOpen = Boolean(help() && help().open);
    if (key === "?") {
      toggleHelp();
    } else if (helpIsOpen) {
      if (key === "Escape") toggleHelp(false);
      return; // the dialog is modal: other keys do nothing behind it
    } else if (event.shiftKey) {
      return;
    } else if (/^[1-9]$/.test(key) && hotkeyLabel(key)) {
      decide(current, hotkeyLabel(key));
    } else if (key === "j" || key === "ArrowDown") {
      move(1);
    } else if (key === "k" || key === "ArrowUp") {
      move(-1);
    } else if (key === "n") {
      focusNote();
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    if (event.target.closest("[data-help-toggle]")) {
      toggleHelp();
      return;
    }
    const item = event.target.closest(".review-item");
    if (!item) return;
    if (event.target.closest(".item-link")) event.preventDefault();
    if (idOf(item) !== current) setCurrent(idOf(item), { scroll: false });
  });

  // The label buttons post through htmx instead of reloading the page.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-review-action]")) return;
    const button = event.submitter;
    if (!button || button.name !== "label") return;
    event.preventDefault();
    const item = form.closest(".review-item");
    if (item) decide(idOf(item), button.value);
  });

  // Sent by the server when a decision was refused (409, 422): look at that sentence.
  document.addEventListener("review:refused", (event) => {
    setCurrent(String(event.detail.sentence));
  });

  document.addEventListener("htmx:responseError", () => {
    showMessage("The server could not save your last decision. Reload the page and try again.");
  });

  // Leaving while decisions are still on their way would lose them: ask first.
  window.addEventListener("beforeunload", (event) => {
    if (pending > 0) event.preventDefault();
  });

  for (const button of document.querySelectorAll("[data-help-toggle]")) button.hidden = false;
  const marked = document.querySelector(".review-item.is-current");
  if (marked) setCurrent(idOf(marked), { scroll: false });
})();
