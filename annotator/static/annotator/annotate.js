// The annotate page's keys and clicks; the key loop itself is keyboard.js.
//
// Every action here also works without JavaScript: sentences are links (?s=N) and the
// label, clear and undo buttons are plain form posts. This file only makes them fast:
// it keeps the current sentence on the client, sends each change as one htmx request
// (through changes.js, which also keeps the changes the server did not save) whose
// response swaps the changed sentence and the progress bar out of band, and measures the
// seconds spent on each sentence.
(function () {
  "use strict";

  const root = document.querySelector("[data-annotate]");
  if (!root || typeof htmx === "undefined") return;

  const MAX_SECONDS = 3600; // an open tab is not an hour of work; the server caps at a day
  let spentMs = 0; // time on the current sentence while the page was visible
  let shownAt = document.hidden ? null : performance.now();

  const sentenceAt = (position) => document.getElementById("sentence-" + position);
  const positionOf = (element) => Number(element.dataset.position);

  let sources = null; // source mode (sources.js), made below
  const sentences = Keyboard.itemList({
    selector: ".sentence",
    keyOf: positionOf,
    find: sentenceAt,
    onCurrent(element, { moved }) {
      if (moved) {
        spentMs = 0;
        shownAt = document.hidden ? null : performance.now();
      }
      // Keep the plain form in step with the current sentence.
      const form = document.getElementById("label-form");
      if (form) {
        form.elements.sentence.value = element.dataset.sentenceId;
        form.elements.based_on.value = element.dataset.revision;
      }
      const link = document.getElementById("sources-link");
      if (link) link.href = link.dataset.template.replace(/\/0\/sources\/$/, `/${element.dataset.position}/sources/`);
      const flagLink = document.getElementById("flag-link");
      if (flagLink) flagLink.href = flagLink.dataset.template.replace(/\/0\/flag\/$/, `/${element.dataset.position}/flag/`);
      if (sources) {
        if (sources.isActive() && sources.position() !== positionOf(element)) sources.leave();
        else if (sources.isActive()) sources.refresh(); // an answer came: show what is saved
        sources.showLinks(element);
      }
    },
  });
  const changes = Changes.queue({
    list: sentences,
    basedOn: (position) => sentenceAt(position).dataset.revision,
  });

  function secondsSpent() {
    const visible = shownAt === null ? 0 : performance.now() - shownAt;
    return Math.min(MAX_SECONDS, (spentMs + visible) / 1000).toFixed(1);
  }

  function isLabelled(element) {
    return element.dataset.label !== "";
  }

  // Same rule as the server's next_position(): the next unlabelled sentence, else the
  // first unlabelled one, else simply the next sentence.
  function nextPosition(after) {
    const all = sentences.items();
    const unlabelled = all.filter((element) => !isLabelled(element));
    const later = unlabelled.find((element) => positionOf(element) > after);
    const target = later || unlabelled[0] || all.find((element) => positionOf(element) > after);
    return target ? positionOf(target) : after;
  }

  // The name a label button gives a label key ("Opinion").
  function labelName(labelKey) {
    const button = document.querySelector('#label-form .label-button[data-label="' + labelKey + '"]');
    return button ? button.dataset.name : labelKey;
  }

  // The key of the label whose role is attribution (the first, if a scheme has several).
  function attributionLabel() {
    const button = document.querySelector('#label-form .label-button[data-role="attribution"]');
    return button ? button.value : "";
  }

  function roleOf(labelKey) {
    const button = document.querySelector('#label-form .label-button[data-label="' + labelKey + '"]');
    return button ? button.dataset.role : "";
  }

  // A sentence's whole list of attributions, with its label, as one change.
  function saveSources(position, attributions, labelKey) {
    const form = document.getElementById("label-form");
    const element = sentenceAt(position);
    if (!form || !element) return;
    const json = JSON.stringify(attributions);
    changes.send({
      key: position,
      path: form.action,
      values: {
        sentence: element.dataset.sentenceId,
        seconds: secondsSpent(),
        label: labelKey,
        clear: "",
        attributions: json,
      },
      name: `sentence ${position + 1} (sources)`,
      shows: { label: labelKey, attributions: json },
    });
  }

  function change(labelKey) {
    const form = document.getElementById("label-form");
    const position = sentences.current();
    const element = sentenceAt(position);
    if (!form || !element) return;
    // Both fields, always: the server tells a label from a clear by them.
    const choice = labelKey === null ? { label: "", clear: "1" } : { label: labelKey, clear: "" };
    changes.send({
      key: position,
      path: form.action,
      values: { sentence: element.dataset.sentenceId, seconds: secondsSpent(), ...choice },
      name: `sentence ${position + 1} (${labelKey === null ? "clear" : labelName(labelKey)})`,
      // Show the label at once and move on; the response replaces the sentence with what
      // was saved (or, on a conflict, with what another tab saved). Not saved, the
      // sentence shows its saved label again.
      shows: labelKey === null ? {} : { label: labelKey },
    });
    if (labelKey === null) return;
    // An attribution goes on to its sources; any other label to the next sentence.
    if (sources && roleOf(labelKey) === "attribution") sources.enter(position);
    else {
      if (sources) sources.leave();
      sentences.setCurrent(nextPosition(position));
    }
  }

  function undo() {
    const form = document.getElementById("undo-form");
    if (!form) return;
    changes.sendOnce(form.action, {}).then((outcome) => {
      if (!outcome.saved) Keyboard.showMessage("annotate-message", `Undo was not done. ${outcome.reason}.`);
    });
  }

  // The link is there once every sentence is labelled and saved (the server draws it in
  // the progress bar); before that, say why n does nothing.
  function nextArticle() {
    const link = document.getElementById("next-article");
    if (link) window.location.assign(link.href);
    else Keyboard.showMessage("annotate-message", "n goes on to the next article once every sentence is labelled.");
  }

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const sentence = event.target.closest(".sentence");
    if (sentence) {
      event.preventDefault();
      sentences.setCurrent(positionOf(sentence), { scroll: false });
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
    sentences.setCurrent(event.detail.position);
  });

  document.addEventListener("visibilitychange", () => {
    if (document.hidden && shownAt !== null) {
      spentMs += performance.now() - shownAt;
      shownAt = null;
    } else if (!document.hidden && shownAt === null) {
      shownAt = performance.now();
    }
  });

  sources = Sources.mode({ sentences, save: saveSources, attributionLabel });
  const markSources = () => {
    if (sources && sentences.current() !== null) sources.enter(sentences.current());
  };

  const clear = () => change(null);
  // The flag form is a page of its own (a comment wants a real text field); back on save.
  const flag = () => {
    const link = document.getElementById("flag-link");
    if (link && sentences.current() !== null) window.location.href = link.href;
  };
  Keyboard.listen({
    keys: {
      0: clear,
      Backspace: clear,
      u: undo,
      r: changes.resend,
      s: markSources,
      f: flag,
      n: nextArticle,
    },
    label: change,
    list: sentences,
  });
})();
