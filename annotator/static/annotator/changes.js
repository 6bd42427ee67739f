// Changes on their way to the server, and the changes it did not save.
//
// The annotate and review pages send each change (a label, a decision) as one htmx request,
// one at a time, in the order made. A change counts as saved only when the server says so:
// a 2xx answer, whose fragment htmx swaps in, or 409 (changed elsewhere first: the fragment
// shows what is saved). Any other answer (401 logged out, 403, 422, 5xx) and no answer at
// all (no connection, a timeout) leave it unsaved: the item shows what is saved again, is
// marked, and the alert #unsaved lists it until it is resent (r, or the button) or
// discarded. The list is kept in sessionStorage too, so that it survives reloading the tab
// (logged out, a reload goes to the login page, which comes back here after logging in).
window.Changes = (function () {
  "use strict";

  const LOGGED_OUT = "You are logged out";
  const RELOADED = "Not saved before the page was reloaded";

  // Django gives a new CSRF token at login, so after logging in again in another tab the
  // token this page was rendered with is refused (403). The csrftoken cookie, which all tabs
  // share, always holds the current one: read it before every request, and give it to the
  // page's plain forms too (log out, say). It is the token's unmasked form, which Django
  // accepts as well; settings.py keeps the cookie readable. No extra request, no endpoint.
  function freshCsrfToken() {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    const token = cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : headers["X-CSRFToken"];
    document.body.setAttribute("hx-headers", JSON.stringify({ ...headers, "X-CSRFToken": token }));
    for (const input of document.querySelectorAll('input[name="csrfmiddlewaretoken"]')) input.value = token;
    return token;
  }

  // What became of a request: { saved: true }, or { saved: false, reason }.
  function outcomeOf(xhr, { path, timedOut, loginPath }) {
    if (!xhr || xhr.status === 0) {
      return { saved: false, reason: timedOut ? "No answer from the server" : "No connection" };
    }
    const status = xhr.status;
    // The server answers 401 to htmx (annotator/http.py); a login page reached through a
    // redirect is the same news, should anything between redirect anyway.
    const answeredBy = new URL(xhr.responseURL || path, location.href).pathname;
    if (status === 401 || answeredBy === loginPath) return { saved: false, reason: LOGGED_OUT };
    if (answeredBy !== new URL(path, location.href).pathname) {
      return { saved: false, reason: "Unexpected answer from the server" };
    }
    if ((status >= 200 && status < 300) || status === 409) return { saved: true };
    if (status >= 500) return { saved: false, reason: `The server failed (${status})` };
    return { saved: false, reason: `The server refused it (${status})` };
  }

  // One POST through htmx, so that the answer's fragments are swapped in and its HX-Trigger
  // events fire; resolves with its outcome. The body is the source: it stays in the page
  // whatever an answer swaps (htmx sends nothing for a source no longer in the page), and
  // `values` carry every field. Our headers object tells our request's events from others'.
  function post(path, values, loginPath) {
    const headers = { "X-CSRFToken": freshCsrfToken() };
    return new Promise((resolve) => {
      let xhr = null;
      let timedOut = false;
      const events = {
        "htmx:afterRequest": (detail) => (xhr = detail.xhr),
        "htmx:timeout": () => (timedOut = true),
        "htmx:onLoadError": (detail) => finish((xhr = detail.xhr)), // a swap failed
      };
      const listener = (event) => {
        if (event.detail && event.detail.etc && event.detail.etc.headers === headers) {
          events[event.type](event.detail);
        }
      };
      const finish = () => {
        for (const type of Object.keys(events)) document.removeEventListener(type, listener);
        resolve(outcomeOf(xhr, { path, timedOut, loginPath }));
      };
      for (const type of Object.keys(events)) document.addEventListener(type, listener);
      try {
        htmx
          .ajax("POST", path, { source: document.body, swap: "none", values, headers })
          .then(finish, finish);
      } catch {
        finish(); // not sent: unsaved, like any other failure
      }
    });
  }

  // `list` is the page's Keyboard.itemList; `basedOn(key)` reads the revision the page shows
  // for an item, sent with a change so that a change made elsewhere is not overwritten.
  function queue({ list, basedOn }) {
    const alert = document.getElementById("unsaved");
    const loginLink = alert && alert.querySelector("a[data-log-in]");
    const loginPath = loginLink ? new URL(loginLink.href).pathname : null;
    const storageKey = "annotator:unsaved:" + location.pathname;
    const userName = alert ? alert.dataset.user : "";
    const unsaved = new Map(); // key -> the last change of that item the server did not save
    const sending = new Map(); // key -> how many of its changes are queued or in flight
    const showing = new Map(); // key -> what its last change sent shows, until answered
    let chain = Promise.resolve();

    // The answer to an earlier change replaced an item while a later change of it is on its
    // way: show the later one again at once, at the swap (htmx settles, and our promise
    // resolves, only some milliseconds later), since the page builds the next change from
    // what it shows and a key pressed in between would build on the older state.
    for (const type of ["htmx:afterSwap", "htmx:oobAfterSwap"]) {
      document.addEventListener(type, () => {
        for (const [key, shows] of showing) {
          const element = list.find(key);
          if (element && (sending.get(key) || 0) > 1) showUnsent(element, shows);
        }
      });
    }

    // Settling puts the fragment's class back on a swapped-in item (htmx's
    // attributesToSettle), which drops its is-pending mark while a later change of it is
    // still on its way: mark again at once, not only when the request's promise resolves.
    document.addEventListener("htmx:afterSettle", () => render());

    // Leaving now would lose changes: ask first.
    window.addEventListener("beforeunload", (event) => {
      if (sending.size > 0 || unsaved.size > 0) event.preventDefault();
    });

    // Show `data` (data-* names to values) on the item at once. What is saved is kept
    // beside it, to be put back if the server does not save the change; the server's
    // fragment replaces the whole element, and with it both.
    function showUnsent(element, data) {
      for (const [name, value] of Object.entries(data)) {
        const saved = "saved" + name[0].toUpperCase() + name.slice(1);
        if (!(saved in element.dataset)) element.dataset[saved] = element.dataset[name];
        element.dataset[name] = value;
      }
    }

    function putBackSaved(element) {
      for (const saved of Object.keys(element.dataset)) {
        if (!/^saved[A-Z]/.test(saved)) continue;
        const name = saved[5].toLowerCase() + saved.slice(6);
        element.dataset[name] = element.dataset[saved];
        delete element.dataset[saved];
      }
    }

    function enqueue(change) {
      sending.set(change.key, (sending.get(change.key) || 0) + 1);
      render();
      chain = chain
        .then(async () => {
          // Read when sent, not when the key was pressed: the answer to an earlier change of
          // this item may have brought a new revision. A resent change keeps the one it had.
          if (change.values.based_on === undefined) change.values.based_on = basedOn(change.key);
          settle(change, await post(change.path, change.values, loginPath));
        })
        .catch((error) => console.error(error)); // a bug here must not stop later changes
    }

    function settle(change, outcome) {
      const left = sending.get(change.key) - 1;
      if (left) sending.set(change.key, left);
      else sending.delete(change.key);
      unsaved.delete(change.key); // saved now, or superseded by this newer change
      const element = list.find(change.key);
      if (!left) showing.delete(change.key);
      if (!outcome.saved) {
        unsaved.set(change.key, { ...change, reason: outcome.reason });
        // Nothing replaced the item: show what is saved, unless a later change is on its way.
        if (element && !left) putBackSaved(element);
      }
      store();
      // A swapped-in item does not know it is current; the client does.
      list.setCurrent(list.current(), { scroll: false });
      render();
    }

    // Send a change of item `key`: { key, path, values, name, shows }. `name` says what it
    // is in the alert ("sentence 3 (Opinion)"); `shows` is what to show until the answer.
    function send({ shows = {}, ...change }) {
      const element = list.find(change.key);
      if (element) showUnsent(element, shows);
      showing.set(change.key, shows);
      enqueue({ ...change, values: { ...change.values } });
    }

    function resend() {
      for (const change of unsaved.values()) {
        if (!sending.has(change.key)) enqueue({ ...change, values: { ...change.values } });
      }
    }

    function discard() {
      const count = unsaved.size;
      if (!count || !window.confirm(`Discard ${count} unsaved change${count > 1 ? "s" : ""}?`)) return;
      unsaved.clear();
      store();
      render();
    }

    // A request that is not kept for resending (undo: repeated later it would undo something
    // else). Resolves with its outcome, after the queued changes.
    function sendOnce(path, values) {
      const outcome = chain.then(() => post(path, values, loginPath));
      chain = outcome.then(() => list.setCurrent(list.current(), { scroll: false }));
      return outcome;
    }

    function store() {
      try {
        if (unsaved.size === 0) sessionStorage.removeItem(storageKey);
        else {
          const changes = Array.from(unsaved.values(), ({ key, path, values, name }) => ({ key, path, values, name }));
          sessionStorage.setItem(storageKey, JSON.stringify({ user: userName, changes }));
        }
      } catch {
        // Storage full or switched off: the list stays in this page's memory.
      }
    }

    function restore() {
      let stored = null;
      try {
        stored = JSON.parse(sessionStorage.getItem(storageKey) || "null");
      } catch {
        return;
      }
      if (!stored || stored.user !== userName) return; // not this person's work
      for (const change of stored.changes) unsaved.set(change.key, { ...change, reason: RELOADED });
    }

    // The alert and the marks on the items, from `unsaved` and `sending`.
    function render() {
      for (const element of document.querySelectorAll(".is-unsaved, .is-pending")) {
        element.classList.remove("is-unsaved", "is-pending");
      }
      for (const key of unsaved.keys()) {
        const element = list.find(key);
        if (element) element.classList.add("is-unsaved");
      }
      for (const key of sending.keys()) {
        const element = list.find(key);
        if (element) element.classList.add("is-pending");
      }
      if (!alert) return;
      alert.hidden = unsaved.size === 0;
      const count = unsaved.size;
      const resending = Array.from(unsaved.keys()).some((key) => sending.has(key));
      alert.querySelector("[data-unsaved-title]").textContent =
        `${count} change${count === 1 ? " is" : "s are"} not saved` + (resending ? ": sending again…" : ".");
      const byReason = Map.groupBy(unsaved.values(), (change) => change.reason);
      alert.querySelector("[data-unsaved-reasons]").replaceChildren(
        ...Array.from(byReason, ([reason, changes]) => reasonLine(reason, changes)),
      );
      for (const element of alert.querySelectorAll("[data-log-in]")) element.hidden = !byReason.has(LOGGED_OUT);
      alert.querySelector("[data-resend]").disabled = resending;
    }

    // "You are logged out: sentence 3 (Opinion), sentence 4 (Claim)"; each name selects its item.
    function reasonLine(reason, changes) {
      const line = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = reason + ":";
      line.append(strong, " ");
      changes.forEach((change, index) => {
        const link = document.createElement("a");
        link.href = "#";
        link.dataset.key = JSON.stringify(change.key);
        link.textContent = change.name;
        line.append(...(index ? [", ", link] : [link]));
      });
      return line;
    }

    if (alert) {
      alert.addEventListener("click", (event) => {
        const target = event.target instanceof Element ? event.target : null;
        const link = target && target.closest("a[data-key]");
        if (link) {
          event.preventDefault();
          list.setCurrent(JSON.parse(link.dataset.key));
        } else if (target && target.closest("[data-resend]")) {
          resend();
        } else if (target && target.closest("[data-discard]")) {
          discard();
        }
      });
      restore();
      render();
    }

    return { send, sendOnce, resend };
  }

  return { queue };
})();
