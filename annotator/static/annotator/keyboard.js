// The keyboard of the annotate and review pages: the one key loop, and what both share.
//
// A page's own script (annotate.js, review.js) is loaded after this file and changes.js (the
// queue that sends changes and keeps those not saved), all deferred so they run in order,
// and registers its keys with Keyboard.listen(). What lives here: the guards (modifier keys,
// typing in a field, the modal help), the help dialog, the list of items with one current
// item that j/k and the arrows move over, and the status message. No inline handlers, no
// hx-on and no trigger filters: under our CSP those fail (see base.html).
window.Keyboard = (function () {
  "use strict";

  const MOVES = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
  const help = () => document.getElementById("help");

  function toggleHelp(open) {
    const dialog = help();
    if (!dialog) return;
    const show = open === undefined ? !dialog.open : open;
    if (show && !dialog.open) dialog.showModal();
    if (!show && dialog.open) dialog.close();
  }

  function showMessage(id, text) {
    const message = document.getElementById(id);
    if (message) message.textContent = text;
  }

  // The key as the page's keys name it (event.key), except on the digit row and the numeric
  // pad, which count as their digit wherever the layout puts digits: AZERTY types "&" on
  // the 1 key and needs Shift for "1", so the key's place (event.code) decides. With Shift
  // held the character decides instead, so that Shift+1 on QWERTY stays "!" while on
  // AZERTY it is "1".
  function keyName(event) {
    const place = /^(?:Digit|Numpad)([0-9])$/.exec(event.code || "");
    return place && !event.shiftKey ? place[1] : event.key;
  }

  // The label a digit stands for among the label buttons inside `scope`, or null.
  function hotkeyLabel(scope, digit) {
    const button = scope && scope.querySelector('.label-button[data-hotkey="' + digit + '"]');
    return button ? button.value : null;
  }

  // The page's items (`selector` is one class, such as ".sentence"), one of them current.
  // `keyOf` reads an item's key, `find` finds the item of a key (after a swap, the new
  // element), `onCurrent` runs whenever an item is made current.
  function itemList({ selector, keyOf, find, onCurrent = () => {} }) {
    let current = null;
    const items = () => Array.from(document.querySelectorAll(selector));

    // Only the marks: the current item has the class and aria-current, no other has.
    function mark(element) {
      for (const old of document.querySelectorAll(selector + ".is-current")) {
        if (old === element) continue;
        old.classList.remove("is-current");
        old.removeAttribute("aria-current");
      }
      if (!element) return;
      element.classList.add("is-current");
      element.setAttribute("aria-current", "true");
    }

    function setCurrent(key, { scroll = true } = {}) {
      const element = key === null ? null : find(key);
      if (!element) return;
      mark(element);
      const moved = key !== current;
      current = key;
      onCurrent(element, { moved });
      // Keep the address in step, so a reload (or a plain post) stays on this item.
      const url = new URL(window.location.href);
      url.searchParams.set("s", key);
      url.hash = "";
      history.replaceState(history.state, "", url);
      if (scroll) element.scrollIntoView({ block: "nearest" });
    }

    function move(step) {
      const all = items();
      const index = all.findIndex((element) => keyOf(element) === current);
      const next = all[Math.min(all.length - 1, Math.max(0, index + step))];
      if (next) setCurrent(keyOf(next));
    }

    // The server marks the item a page opens on; from then on the client keeps it, here
    // and nowhere else. An answer's fragment replaces items by id, and the server cannot
    // know which item the client made current since (keys pressed while the answer was on
    // its way), so its items come unmarked. htmx first gives a swapped-in element the old
    // one's class and puts the fragment's class back when it settles (attributesToSettle),
    // so mark the current item again at both moments, in the same task, before the
    // browser draws: else the highlight blinks off, or stays off until the request's
    // promise resolves (after a clear, or on the last sentence, the changed item is the
    // current one).
    function start() {
      const marked = document.querySelector(selector + ".is-current");
      if (marked) setCurrent(keyOf(marked), { scroll: false });
      for (const type of ["htmx:afterSwap", "htmx:oobAfterSwap", "htmx:afterSettle"]) {
        document.addEventListener(type, () => {
          if (current !== null) mark(find(current));
        });
      }
    }

    return { items, find, setCurrent, move, start, current: () => current };
  }

  // The key loop. `keys` maps a key (keyName: the character, or a digit key's digit) to
  // its handler; a handler that returns a function makes it a prefix key: that function
  // gets the next key instead (review's "a" then a digit), and no other key runs. `label`
  // is called with the label key of a digit 1-9 among the label buttons in `labelScope()`;
  // j, k and the arrows move over `list`. Call it last: it makes the item the server
  // marked current.
  function listen({ keys = {}, label, labelScope = () => document, list }) {
    let nextKey = null; // after a prefix key, what the key that follows it does
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target;
      if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
        // Typing (a note, say) must not trigger anything; Esc leaves the field for the keys.
        if (event.key === "Escape" && target instanceof HTMLElement) {
          target.blur();
          event.preventDefault();
        }
        return;
      }
      const key = keyName(event);
      const helpIsOpen = Boolean(help() && help().open);
      if (nextKey) {
        if (key === "Shift") return; // not a key of its own: wait for the one it shifts
        const then = nextKey;
        nextKey = null;
        then(key); // it decides what the key means; any it does not know cancels
        event.preventDefault();
        return;
      }
      if (key === "?") {
        toggleHelp();
      } else if (helpIsOpen) {
        if (key === "Escape") toggleHelp(false);
        return; // the dialog is modal: other keys do nothing behind it
      } else if (event.shiftKey && !/^[0-9]$/.test(key)) {
        return; // but a digit typed with Shift is the digit (AZERTY)
      } else if (label && /^[1-9]$/.test(key) && hotkeyLabel(labelScope(), key)) {
        label(hotkeyLabel(labelScope(), key));
      } else if (Object.hasOwn(keys, key)) {
        const then = keys[key]();
        if (typeof then === "function") nextKey = then;
      } else if (list && Object.hasOwn(MOVES, key)) {
        list.move(MOVES[key]);
      } else {
        return;
      }
      event.preventDefault();
    });

    document.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest("[data-help-toggle]")) {
        toggleHelp();
      }
    });

    for (const button of document.querySelectorAll("[data-help-toggle]")) button.hidden = false;
    if (list) list.start();
  }

  return { listen, itemList, keyName, showMessage, toggleHelp };
})();
