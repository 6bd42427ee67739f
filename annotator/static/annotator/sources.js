// Source mode of the annotate page: marking who a sentence rests on, from the keyboard.
//
// In source mode a caret moves over the words of the sentence and of the sentences around
// it (a name is often given a sentence or two before "he said"); a mouse selection works
// too. The kind's letter makes the selection an attribution's source; `c` marks a cue, `=`
// links the source to an entity already marked in the article, `v` relays it via another
// attribution of the sentence, `e` toggles embedded, Delete removes it. Every change sends
// the sentence's whole list of attributions, with its label, as one change through the
// page's queue (changes.js): shown at once, counted as saved only when the server says so,
// put back when it does not. What is drawn in the text comes from the server's fragment;
// until it arrives the sources sent are drawn as pending (CSS Custom Highlights, which
// draw over the text without touching it, so offsets keep reading the article as imported).
//
// Without JavaScript the same is done on the sentence's sources page (a plain form).
window.Sources = (function () {
  "use strict";

  // A word: letters or digits, joined by an apostrophe, a hyphen or a full stop inside
  // ("al-Maloumah", "don't", "U.S").
  const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;
  const BEFORE = 2; // sentences before the current one the caret reaches (as the server's
  const AFTER = 1; //  text finder, claims/attribution_text.py)
  const MAX_ATTRIBUTIONS = 20; // claims/attributions.py
  const MOVES = { h: -1, ArrowLeft: -1, l: 1, ArrowRight: 1 };
  const SENTENCE_MOVES = { k: -1, ArrowUp: -1, j: 1, ArrowDown: 1 };

  const highlights = typeof CSS !== "undefined" && CSS.highlights ? CSS.highlights : null;

  // `sentences` is the page's Keyboard.itemList; `save(position, attributions, labelKey)`
  // sends a change; `attributionLabel()` is the key of the label whose role is attribution.
  function mode({ sentences, save, attributionLabel }) {
    const panel = document.getElementById("source-panel");
    if (!panel) return null;
    const kindButtons = () => Array.from(panel.querySelectorAll("[data-kind-key]"));
    const kindOfLetter = (letter) => kindButtons().find((button) => button.dataset.hotkey === letter);
    const kindName = (key) => {
      const button = kindButtons().find((each) => each.dataset.kindKey === key);
      return button ? button.dataset.name : key;
    };

    let active = null; // position of the sentence in source mode, or null
    let words = []; // the caret's words: { start, end, position }
    let caret = 0;
    let anchor = 0;
    let mouseSpan = null; // a selection made with the mouse: { start, end }
    let selected = -1; // index of the attribution the keys act on
    let pendingCue = null; // a cue marked before its source
    let withoutSource = false; // the next kind letter adds an attribution with no source
    let picking = null; // { what: "entity" | "via", options: [...] }

    const sentenceAt = (position) => document.getElementById("sentence-" + position);
    const startOf = (element) => Number(element.dataset.start);

    // ---- Text and offsets --------------------------------------------------------------

    // The article offset of a DOM point inside a sentence, or null outside any sentence.
    // A range's text leaves out the kind tags, which are pseudo-elements.
    function offsetOf(node, offset) {
      const element = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest(".sentence");
      if (!element) return null;
      const range = document.createRange();
      range.setStart(element, 0);
      range.setEnd(node, offset);
      return startOf(element) + range.toString().length;
    }

    function sentenceHolding(offset) {
      return sentences.items().find((element) => {
        const start = startOf(element);
        return offset >= start && offset < start + element.textContent.length;
      });
    }

    // A DOM point at an article offset inside `element`.
    function pointAt(element, offset) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let left = offset - startOf(element);
      let node = walker.nextNode();
      while (node) {
        if (left <= node.length) return [node, left];
        left -= node.length;
        const next = walker.nextNode();
        if (!next) return [node, node.length];
        node = next;
      }
      return [element, 0];
    }

    // A Range over [start, end) (within one sentence; clipped to it), or null.
    function rangeOver(start, end) {
      const element = sentenceHolding(start);
      if (!element) return null;
      const range = document.createRange();
      range.setStart(...pointAt(element, start));
      range.setEnd(...pointAt(element, Math.min(end, startOf(element) + element.textContent.length)));
      return range;
    }

    function textOf(span) {
      const element = span && sentenceHolding(span.start);
      if (!element) return "";
      const start = startOf(element);
      return element.textContent.slice(span.start - start, span.end - start);
    }

    function wordsOf(element) {
      const start = startOf(element);
      const position = Number(element.dataset.position);
      return Array.from(element.textContent.matchAll(WORD), (match) => ({
        start: start + match.index,
        end: start + match.index + match[0].length,
        position,
      }));
    }

    // ---- The sentence's attributions ---------------------------------------------------

    const attributionsOf = (element) => JSON.parse((element && element.dataset.attributions) || "[]");
    const current = () => attributionsOf(sentenceAt(active));
    const labelOf = (element) => element.dataset.label;
    const roleOf = (labelKey) => {
      const button = document.querySelector('#label-form .label-button[data-label="' + labelKey + '"]');
      return button ? button.dataset.role : "";
    };

    // Every entity this annotator marked in the article, named by its first mention: the
    // earliest source in the text (an id such as "m1234" tells a reader nothing); by its
    // id only when no mention has a source span.
    function entities() {
      const found = new Map();
      for (const element of sentences.items()) {
        for (const attribution of attributionsOf(element)) {
          if (!attribution.entity) continue;
          const known = found.get(attribution.entity);
          const source = attribution.source;
          if (known && (!source || (known.source && known.source.start <= source.start))) continue;
          found.set(attribution.entity, {
            entity: attribution.entity,
            kind: attribution.kind,
            text: source ? textOf(source) : `${attribution.entity} (no source span)`,
            position: Number(element.dataset.position),
            source,
          });
        }
      }
      return Array.from(found.values());
    }

    function commit(attributions, message) {
      const element = sentenceAt(active);
      let labelKey = labelOf(element);
      if (!labelKey) labelKey = attributionLabel(); // sources make an unlabelled sentence an attribution
      if (!labelKey) return say("This project has no attribution label: label the sentence first.");
      save(active, attributions, labelKey);
      selected = Math.min(selected, attributions.length - 1);
      say(message);
      render();
    }

    // ---- What the keys do --------------------------------------------------------------

    function selection() {
      if (mouseSpan) return mouseSpan;
      if (!words.length) return null;
      const low = Math.min(caret, anchor);
      const high = Math.max(caret, anchor);
      return { start: words[low].start, end: words[high].end };
    }

    function move(step, extend) {
      mouseSpan = null;
      caret = Math.min(words.length - 1, Math.max(0, caret + step));
      if (!extend) anchor = caret;
      render();
    }

    function moveSentence(step) {
      mouseSpan = null;
      const here = words[caret] ? words[caret].position : active;
      const target = step < 0
        ? words.findLastIndex((word) => word.position < here)
        : words.findIndex((word) => word.position > here);
      if (target < 0) return;
      // To the first word of that sentence.
      const position = words[target].position;
      caret = anchor = words.findIndex((word) => word.position === position);
      render();
    }

    function same(a, b) {
      return a === b || Boolean(a && b && a.start === b.start && a.end === b.end);
    }

    function markKind(kindKey) {
      const attributions = current();
      const span = withoutSource ? null : selection();
      withoutSource = false;
      const existing = span ? attributions.findIndex((each) => same(each.source, span)) : -1;
      if (existing >= 0) {
        attributions[existing].kind = kindKey;
        selected = existing;
        return commit(attributions, `Source ${existing + 1} is now ${kindName(kindKey)}.`);
      }
      if (attributions.length >= MAX_ATTRIBUTIONS) return say(`A sentence holds at most ${MAX_ATTRIBUTIONS} attributions.`);
      const element = sentenceAt(active);
      attributions.push({
        source: span,
        cue: pendingCue,
        kind: kindKey,
        entity: "",
        via: null,
        // Under a claim (or opinion) the sentence is not attributed as a whole: the
        // attribution sits inside it (the server refuses any other there).
        embedded: roleOf(labelOf(element)) !== "attribution" && labelOf(element) !== "",
      });
      pendingCue = null;
      selected = attributions.length - 1;
      const what = span ? `“${textOf(span)}”` : "An attribution with no source span";
      commit(attributions, `${what}: ${kindName(kindKey)}.`);
    }

    function markCue() {
      const span = selection();
      if (!span) return;
      const attributions = current();
      if (selected < 0 || !attributions[selected]) {
        pendingCue = span;
        render();
        return say(`Cue “${textOf(span)}” kept for the next source: select it and press its kind's letter.`);
      }
      attributions[selected].cue = same(attributions[selected].cue, span) ? null : span;
      commit(attributions, attributions[selected].cue ? `Cue “${textOf(span)}”.` : "Cue removed.");
    }

    function toggleEmbedded() {
      const attributions = current();
      const attribution = attributions[selected];
      if (!attribution) return say("No source selected.");
      attribution.embedded = !attribution.embedded;
      commit(attributions, attribution.embedded ? "Embedded in the sentence." : "Not embedded.");
    }

    function remove() {
      const attributions = current();
      if (!attributions[selected]) return say("No source selected.");
      attributions.splice(selected, 1);
      for (const each of attributions) {
        if (each.via === selected) each.via = null;
        else if (each.via !== null && each.via > selected) each.via -= 1;
      }
      commit(attributions, "Source removed.");
    }

    function startPicking(what) {
      const attributions = current();
      const attribution = attributions[selected];
      if (!attribution) return say("Mark a source first: select it and press its kind's letter.");
      let options;
      if (what === "entity") {
        options = entities().filter((each) => each.entity !== attribution.entity).slice(0, 9);
        if (!options.length) return say("No other source is marked in this article yet.");
      } else {
        options = attributions
          .map((each, index) => ({ index, text: each.source ? textOf(each.source) : "(no source span)", kind: each.kind }))
          .filter((each) => each.index !== selected)
          .slice(0, 9);
        if (!options.length) return say("Relayed via another source: mark that source first.");
        if (attribution.via !== null) options.unshift({ index: null, text: "not relayed", kind: "" });
      }
      picking = { what, options };
      render();
    }

    function pick(number) {
      const option = picking.options[number - 1];
      const what = picking.what;
      picking = null;
      if (!option) return render();
      const attributions = current();
      if (what === "entity") {
        attributions[selected].entity = option.entity;
        commit(attributions, `Same source as “${option.text}”.`);
      } else {
        attributions[selected].via = option.index;
        commit(attributions, option.index === null ? "Not relayed." : `Relayed via “${option.text}”.`);
      }
    }

    function choose(step) {
      const count = current().length;
      if (!count) return;
      selected = (selected + step + count) % count;
      render();
    }

    // ---- Entering and leaving ------------------------------------------------------------

    function enter(position) {
      const element = sentenceAt(position);
      if (!element) return;
      active = position;
      const all = sentences.items();
      const index = all.indexOf(element);
      words = all.slice(Math.max(0, index - BEFORE), index + AFTER + 1).flatMap(wordsOf);
      caret = anchor = Math.max(0, words.findIndex((word) => word.position === position));
      mouseSpan = null;
      pendingCue = null;
      withoutSource = false;
      picking = null;
      selected = current().length - 1;
      document.body.classList.add("is-source-mode");
      say("");
      render();
    }

    function leave() {
      if (active === null) return;
      active = null;
      picking = null;
      document.body.classList.remove("is-source-mode");
      render();
    }

    function say(text) {
      const line = panel.querySelector("[data-source-message]");
      if (line) line.textContent = text;
    }

    // ---- Drawing ---------------------------------------------------------------------------

    function render() {
      panel.hidden = active === null;
      if (highlights) {
        highlights.delete("source-caret");
        highlights.delete("source-pending");
      }
      if (active === null) return;
      const element = sentenceAt(active);
      if (!element) return leave();
      const attributions = current();
      panel.querySelector("[data-source-sentence]").textContent = `sentence ${active + 1}`;
      if (highlights) {
        const span = selection();
        const range = span && rangeOver(span.start, span.end);
        if (range) highlights.set("source-caret", new Highlight(range));
        // Sent but not answered yet: the server has not drawn these.
        const pending = "savedAttributions" in element.dataset
          ? attributions.map((each) => each.source).filter(Boolean)
          : [];
        if (pendingCue) pending.push(pendingCue);
        const ranges = pending.map((each) => rangeOver(each.start, each.end)).filter(Boolean);
        if (ranges.length) highlights.set("source-pending", new Highlight(...ranges));
      }
      const list = panel.querySelector("[data-source-list]");
      const named = new Map(entities().map((each) => [each.entity, each]));
      list.replaceChildren(
        ...(picking ? pickingRows() : attributions.map((each, index) => attributionRow(each, index, named))),
      );
      panel.querySelector("[data-source-empty]").hidden = picking !== null || attributions.length > 0;
      panel.querySelector("[data-source-picking]").textContent = picking
        ? (picking.what === "entity" ? "Same source as which? Press its number (Esc: none)." : "Relayed via which? Press its number (Esc: none).")
        : "";
      panel.querySelector("[data-source-no-span]").hidden = !withoutSource;
    }

    function attributionRow(attribution, index, named) {
      const row = document.createElement("li");
      row.dataset.index = index;
      row.dataset.kind = attribution.kind;
      if (index === selected) {
        row.classList.add("is-selected");
        row.setAttribute("aria-current", "true");
      }
      const kind = document.createElement("span");
      kind.className = "kind-tag";
      kind.textContent = kindName(attribution.kind);
      const source = document.createElement("q");
      source.textContent = attribution.source ? textOf(attribution.source) : "";
      const parts = [kind, " ", attribution.source ? source : "no source span"];
      if (attribution.cue) parts.push(` · cue “${textOf(attribution.cue)}”`);
      // Entity ids mean nothing to a reader: name the first mention of a linked source.
      const first = named.get(attribution.entity);
      if (first && !(first.position === active && same(first.source, attribution.source))) {
        parts.push(` · same source as “${first.text}” (sentence ${first.position + 1})`);
      }
      if (attribution.via !== null) parts.push(` · via ${attribution.via + 1}`);
      if (attribution.embedded) parts.push(" · embedded");
      row.append(...parts);
      return row;
    }

    function pickingRows() {
      return picking.options.map((option, index) => {
        const row = document.createElement("li");
        row.dataset.pick = index + 1;
        const number = document.createElement("kbd");
        number.textContent = String(index + 1);
        row.append(number, " ", option.text, option.kind ? ` (${kindName(option.kind)})` : "");
        return row;
      });
    }

    // ---- Events -------------------------------------------------------------------------------

    // Before the page's key loop (capture on window): in source mode these keys are ours.
    window.addEventListener(
      "keydown",
      (event) => {
        if (active === null || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
        const target = event.target;
        if (target instanceof Element && target.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
        const help = document.getElementById("help");
        if (help && help.open) return;
        const key = event.key;
        if (picking) {
          const digit = Keyboard.keyName(event); // the digit row on any layout (AZERTY)
          if (/^[1-9]$/.test(digit)) pick(Number(digit));
          else if (key === "Escape") {
            picking = null;
            render();
          } else return;
        } else if (Object.hasOwn(MOVES, key)) move(MOVES[key], event.shiftKey);
        else if (event.shiftKey && (key === "H" || key === "L")) move(key === "H" ? -1 : 1, true);
        else if (Object.hasOwn(SENTENCE_MOVES, key)) moveSentence(SENTENCE_MOVES[key]);
        else if (key === "Escape") leave();
        else if (key === "Enter") {
          leave();
          sentences.setCurrent(nextUnlabelled());
        } else if (key === "c") markCue();
        else if (key === "e") toggleEmbedded();
        else if (key === "=") startPicking("entity");
        else if (key === "v") startPicking("via");
        else if (key === "n") {
          withoutSource = !withoutSource;
          render();
        } else if (key === "Delete" || key === "Backspace") remove();
        else if (key === "[" || key === "]") choose(key === "[" ? -1 : 1);
        else if (key === "s") enter(active);
        else if (key.length === 1 && kindOfLetter(key)) markKind(kindOfLetter(key).dataset.kindKey);
        else return; // digits (labels), u, r, ?: the page's keys
        event.preventDefault();
        event.stopImmediatePropagation();
      },
      { capture: true },
    );

    function nextUnlabelled() {
      const all = sentences.items();
      const later = all.find((element) => Number(element.dataset.position) > active && !labelOf(element));
      const first = all.find((element) => !labelOf(element));
      const target = later || first || sentenceAt(active);
      return Number(target.dataset.position);
    }

    // A mouse selection inside the text becomes the selection to mark. Capture, so that
    // releasing the button over a sentence does not also make that sentence current.
    document.addEventListener(
      "click",
      (event) => {
        if (active === null) return;
        const target = event.target instanceof Element ? event.target : null;
        if (target && target.closest("#source-panel")) {
          const kindButton = target.closest("[data-kind-key]");
          const row = target.closest("li[data-index]");
          const pickRow = target.closest("li[data-pick]");
          if (kindButton) markKind(kindButton.dataset.kindKey);
          else if (pickRow) pick(Number(pickRow.dataset.pick));
          else if (row) {
            selected = Number(row.dataset.index);
            render();
          } else if (target.closest("[data-source-done]")) leave();
          return;
        }
        const chosen = window.getSelection();
        if (chosen && !chosen.isCollapsed && target && target.closest(".article-text")) {
          const range = chosen.getRangeAt(0);
          const start = offsetOf(range.startContainer, range.startOffset);
          const end = offsetOf(range.endContainer, range.endOffset);
          if (start !== null && end !== null && end > start) {
            const text = textOf({ start, end });
            // Leave out the spaces a drag picks up at either end.
            const lead = text.length - text.trimStart().length;
            const trail = text.length - text.trimEnd().length;
            if (end - trail > start + lead) mouseSpan = { start: start + lead, end: end - trail };
          }
          chosen.removeAllRanges();
          event.preventDefault();
          event.stopImmediatePropagation();
          render();
        }
      },
      { capture: true },
    );

    // The fragment the server sent replaced the sentence: draw again over the new element.
    document.addEventListener("htmx:afterSettle", () => {
      if (active !== null) render();
      showLinks(sentenceAt(sentences.current()));
    });

    // Mentions of the same sources as a sentence's, wherever they are in the article.
    function showLinks(element) {
      for (const mark of document.querySelectorAll(".mark.is-linked")) mark.classList.remove("is-linked");
      if (!element) return;
      const linked = new Set(attributionsOf(element).map((each) => each.entity).filter(Boolean));
      if (!linked.size) return;
      for (const mark of document.querySelectorAll(".mark[data-entity]")) {
        if (mark.dataset.entity.split(" ").some((entity) => linked.has(entity))) mark.classList.add("is-linked");
      }
    }
    document.addEventListener("mouseover", (event) => {
      const sentence = event.target instanceof Element && event.target.closest(".sentence");
      if (sentence) showLinks(sentence);
    });
    document.addEventListener("mouseout", (event) => {
      if (event.target instanceof Element && event.target.closest(".sentence")) showLinks(sentenceAt(sentences.current()));
    });

    return {
      enter,
      leave,
      refresh: render,
      isActive: () => active !== null,
      position: () => active,
      showLinks,
    };
  }

  return { mode };
})();
