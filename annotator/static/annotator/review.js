// The review page's keys and clicks; the key loop itself is keyboard.js.
//
// Every action here also works without JavaScript: each sentence's title links to ?s=<id>,
// which makes it current and shows its form, and the label and take buttons are plain form
// posts.
// This file only makes them fast: it keeps the current sentence on the client, sends a
// decision as one htmx request (through changes.js, which also keeps the decisions the
// server did not save) whose response swaps that sentence and the counts out of band, and
// moves on to the next undecided sentence at once.
(function () {
  "use strict";

  if (!document.querySelector("[data-review]") || typeof htmx === "undefined") return;

  const itemFor = (id) => document.getElementById("item-" + id);
  const formFor = (id) => document.getElementById("decide-" + id);
  const idOf = (element) => element.dataset.sentenceId; // a string, as in the address

  const items = Keyboard.itemList({ selector: ".review-item", keyOf: idOf, find: itemFor });
  const changes = Changes.queue({
    list: items,
    basedOn: (id) => formFor(id).elements.based_on.value,
  });
  const currentForm = () => (items.current() === null ? null : formFor(items.current()));

  // The next sentence without a reviewer's decision after `after`, else the first one.
  function nextUndecided(after) {
    const all = items.items();
    const undecided = (element) => element.dataset.decided !== "true";
    const index = all.findIndex((element) => idOf(element) === after);
    const target = all.slice(index + 1).find(undecided) || all.find(undecided);
    return target ? idOf(target) : null;
  }

  function decide(id, labelKey) {
    const form = formFor(id);
    const element = itemFor(id);
    if (!form || !element) return;
    const button = form.querySelector('.label-button[data-label="' + labelKey + '"]');
    changes.send({
      key: id,
      path: form.action,
      values: { label: labelKey, note: form.elements.note.value, show: form.elements.show.value },
      name: `${element.dataset.name} (${button ? button.dataset.name : labelKey})`,
      // Show the decision at once and move on; the response replaces the sentence with what
      // was saved or, if another reviewer decided first, with their decision. Not saved,
      // the sentence shows what is saved again.
      shows: { decided: "true" },
    });
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const next = nextUndecided(id);
    if (next !== null) items.setCurrent(next);
  }

  // Take annotator `number`'s whole annotation (label and attributions) as gold, as
  // their take button does, and move on as a label decision does.
  function take(id, number) {
    const form = formFor(id);
    const element = itemFor(id);
    const button = element && element.querySelector('.take-button[data-take="' + number + '"]');
    if (!form || !button) return;
    changes.send({
      key: id,
      path: form.action,
      values: { take_from: button.value, note: form.elements.note.value, show: form.elements.show.value },
      name: `${element.dataset.name} (${button.dataset.name}'s annotation)`,
      shows: { decided: "true" },
    });
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const next = nextUndecided(id);
    if (next !== null) items.setCurrent(next);
  }

  // "a" arms taking: the current sentence shows its annotators' numbers, and the next key,
  // a digit, says whose annotation to take. Any other key (Esc, say) takes nothing.
  function startTaking() {
    const id = items.current();
    const element = id === null ? null : itemFor(id);
    const count = element ? element.querySelectorAll(".take-button").length : 0;
    if (!count) {
      Keyboard.showMessage("review-message", "No annotator labels this sentence: nothing to take.");
      return null;
    }
    element.classList.add("is-taking");
    const range = count === 1 ? "1" : `1–${Math.min(count, 9)}`;
    Keyboard.showMessage("review-message", `Take whose annotation? Press ${range} (Esc: none).`);
    return (key) => {
      element.classList.remove("is-taking");
      Keyboard.showMessage("review-message", "");
      // The current sentence may have changed meanwhile (a click): take only from the one shown.
      if (/^[1-9]$/.test(key) && items.current() === id) take(id, key);
    };
  }

  function focusNote() {
    const form = currentForm();
    if (form) form.elements.note.focus();
  }

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const item = event.target.closest(".review-item");
    if (!item) return;
    if (event.target.closest(".item-link")) event.preventDefault();
    if (idOf(item) !== items.current()) items.setCurrent(idOf(item), { scroll: false });
  });

  // The label buttons post through htmx instead of reloading the page.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-review-action]")) return;
    const button = event.submitter;
    if (!button || (button.name !== "label" && button.name !== "take_from")) return;
    event.preventDefault();
    const item = form.closest(".review-item");
    if (!item) return;
    if (button.name === "label") decide(idOf(item), button.value);
    else take(idOf(item), button.dataset.take);
  });

  // Sent by the server when a decision was refused (409, 422): look at that sentence.
  document.addEventListener("review:refused", (event) => {
    items.setCurrent(String(event.detail.sentence));
  });

  Keyboard.listen({
    keys: { a: startTaking, n: focusNote, r: changes.resend },
    label: (labelKey) => decide(items.current(), labelKey),
    labelScope: currentForm,
    list: items,
  });
})();
