// The review page's keys and clicks; the key loop itself is keyboard.js.
//
// Every action here also works without JavaScript: each sentence's title links to ?s=<id>,
// which makes it current and shows its form, and the label buttons are plain form posts.
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
    if (!button || button.name !== "label") return;
    event.preventDefault();
    const item = form.closest(".review-item");
    if (item) decide(idOf(item), button.value);
  });

  // Sent by the server when a decision was refused (409, 422): look at that sentence.
  document.addEventListener("review:refused", (event) => {
    items.setCurrent(String(event.detail.sentence));
  });

  Keyboard.listen({
    keys: { n: focusNote, r: changes.resend },
    label: (labelKey) => decide(items.current(), labelKey),
    labelScope: currentForm,
    list: items,
  });
})();
