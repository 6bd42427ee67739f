// Keyboard and mouse for the annotate page.
//
// Every action here also works without JavaScript: sentences are links (?s=N) and the
// label, clear and undo buttons are plain form posts. This file only makes them fast:
// it keeps the current sentence on the client, sends each change as one htmx request
// whose response swaps the changed sentence and the progress bar out of band, and
// measures the seconds spent on each sentence. No inline handlers, no hx-on and no
// trigger filters: under our CSP those fail (see base.html).
(function () {
  "use strict";

  const root = document.querySelector("[data-annotate]");
  if (!root || typeof htmx === "undefined") return;

  const MAX_SECONDS = 3600; // an open tab is not an hour of work; the server caps at a day
  let current = null; // position of the current sentence
  let queue = Promise.resolve(); // changes go out one at a time, in the order made
  let pending = 0; // changes queued or in flight
  let spentMs = 0; // time on the current sentence while the page was visible
  let shownAt = document.hidden ? null : performance.now();

  const sentenceAt = (position) => document.getElementById("sentence-" + position);
  const sentences = () => Array.from(document.querySelectorAll(".sentence"));
  const positionOf = (element) => Number(element.dataset.position);
  const help = () => document.getElementById("help");

  function secondsSpent() {
    const visible = shownAt === null ? 0 : performance.now() - shownAt;
    return Math.min(MAX_SECONDS, (spentMs + visible) / 1000).toFixed(1);
  }

  function setCurrent(position, { scroll = true } = {}) {
    const element = position === null ? null : sentenceAt(position);
    if (!element) return;
    for (const old of document.querySelectorAll(".sentence.is-current")) {
      old.classList.remove("is-current");
      old.removeAttribute("aria-current");
    }
    element.classList.add("is-current");
    element.setAttribute("aria-current", "true");
    if (position !== current) {
      spentMs = 0;
      shownAt = document.hidden ? null : performance.now();
    }
    current = position;
    // Keep the plain form in step, and the address, so a reload stays on this sentence.
    const form = document.getElementById("label-form");
    if (form) {
      form.elements.sentence.value = element.dataset.sentenceId;
      form.elements.based_on.value = element.dataset.revision;
    }
    history.replaceState(history.state, "", "?s=" + position);
    if (scroll) element.scrollIntoView({ block: "nearest" });
  }

  function isLabelled(element) {
    return element.dataset.label !== "";
  }

  // Same rule as the server's next_position(): the next unlabelled sentence, else the
  // first unlabelled one, else simply the next sentence.
  function nextPosition(after) {
    const all = sentences();
    const unlabelled = all.filter((element) => !isLabelled(element));
    const later = unlabelled.find((element) => positionOf(element) > after);
    const target = later || unlabelled[0] || all.find((element) => positionOf(element) > after);
    return target ? positionOf(target) : after;
  }

  function move(step) {
    const all = sentences();
    const index = all.findIndex((element) => positionOf(element) === current);
    const next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    if (next) setCurrent(positionOf(next));
  }

  // Queue a change. `values` is read when the request is sent, not when the key was
  // pressed, so based_on is the revision of the previous response, not a stale one.
  function send(form, values) {
    pending += 1;
    queue = queue
      .then(() => htmx.ajax("POST", form.action, { source: form, swap: "none", values: values() }))
      // A swapped-in sentence does not know it is current; the client does.
      .then(() => setCurrent(current, { scroll: false }))
      .catch(() => showMessage("Could not reach the server: your last change may not be saved."))
      .finally(() => {
        pending -= 1;
      });
  }

  function showMessage(text) {
    const message = document.getElementById("annotate-message");
    if (message) message.textContent = text;
  }

  function change(labelKey) {
    const form = document.getElementById("label-form");
    const element = sentenceAt(current);
    if (!form || !element) return;
    const position = current;
    const seconds = secondsSpent();
    // Both fields, always: htmx would otherwise add the last button clicked in the form.
    const choice = labelKey === null ? { label: "", clear: "1" } : { label: labelKey, clear: "" };
    send(form, () => {
      const sentence = sentenceAt(position);
      return {
        sentence: sentence.dataset.sentenceId,
        based_on: sentence.dataset.revision,
        seconds: seconds,
        ...choice,
      };
    });
    if (labelKey === null) return;
    // Show the label at once and move on; the response replaces the sentence with what
    // was saved (or, on a conflict, with what another tab saved).
    element.dataset.label = labelKey;
    element.classList.add("is-pending");
    setCurrent(nextPosition(position));
  }

  function undo() {
    const form = document.getElementById("undo-form");
    if (form) send(form, () => ({}));
  }

  function toggleHelp(open) {
    const dialog = help();
    if (!dialog) return;
    const show = open === undefined ? !dialog.open : open;
    if (show && !dialog.open) dialog.showModal();
    if (!show && dialog.open) dialog.close();
  }

  function hotkeyLabel(digit) {
    const button = document.querySelector('.label-button[data-hotkey="' + digit + '"]');
    return button ? button.value : null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
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
      change(hotkeyLabel(key));
    } else if (key === "0" || key === "Backspace") {
      change(null);
    } else if (key === "j" || key === "ArrowDown") {
      move(1);
    } else if (key === "k" || key === "ArrowUp") {
      move(-1);
    } else if (key === "u") {
      undo();
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const sentence = event.target.closest(".sentence");
    if (sentence) {
      event.preventDefault();
      setCurrent(positionOf(sentence), { scroll: false });
    } else if (event.target.closest("[data-help-toggle]")) {
      toggleHelp();
    }
  });

  // The label and undo forms post through htmx instead of reloading the page.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("[data-annotate-action]")) return;
    event.preventDefault();
    const button = event.submitter;
    if (form.id === "undo-form") {
      undo();
    } else if (button && button.name === "clear") {
      change(null);
    } else if (button && button.name === "label") {
      change(button.value);
    }
  });

  // Sent by the server after an undo or a conflict: that sentence changed, look at it.
  document.addEventListener("annotate:changed", (event) => {
    setCurrent(event.detail.position);
  });

  document.addEventListener("htmx:responseError", () => {
    showMessage("The server could not save your last change. Reload the page and try again.");
  });

  // Leaving while changes are still on their way would lose them: ask first.
  window.addEventListener("beforeunload", (event) => {
    if (pending > 0) event.preventDefault();
  });

  document.addEventListener("visibilitychange", () => {
    if (document.hidden && shownAt !== null) {
      spentMs += performance.now() - shownAt;
      shownAt = null;
    } else if (!document.hidden && shownAt === null) {
      shownAt = performance.now();
    }
  });

  for (const button of document.querySelectorAll("[data-help-toggle]")) button.hidden = false;
  const marked = document.querySelector(".sentence.is-current");
  if (marked) setCurrent(positionOf(marked), { scroll: false });
})();
