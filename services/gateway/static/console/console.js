// The consoles' one script. Every page works without it; it only adds comfort:
// - a form, once sent, cannot be sent twice by a second tap (its buttons are disabled);
// - a refusal or problem shown by the server gets the focus, so a screen reader reads it.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
  if (form.dataset.sent === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "yes";
  // After the form's fields are gathered: a disabled button would not be sent.
  setTimeout(() => {
    for (const button of form.querySelectorAll("button")) button.disabled = true;
  });
});

window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-sent]")) {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll("button")) button.disabled = false;
  }
  const alert = document.querySelector("[role=alert]");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
});

// A live page (`data-stream`): reload its part of the page whenever the stream says it changed.
const live = document.querySelector("[data-stream]");
if (live && "EventSource" in window) {
  const status = document.getElementById("live-status");
  let reloading = null;
  const reload = async () => {
    try {
      const answer = await fetch(location.href, { headers: { Accept: "text/html" } });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
      const part = fresh.getElementById(live.id);
      // Keep what the user is doing: no reload while a filter has the focus.
      if (part && !live.contains(document.activeElement)) live.replaceChildren(...part.childNodes);
      const line = document.getElementById("live-status");
      if (line) line.textContent = "Live: updated " + new Date().toLocaleTimeString();
    } catch (error) {
      // offline: the stream reconnects by itself and says so
    }
  };
  const stream = new EventSource(live.dataset.stream);
  stream.addEventListener("hello", () => {
    const line = document.getElementById("live-status");
    if (line) line.textContent = "Live: new notices appear here by themselves.";
    // The stream watches from now on: what came between the page and now (or while the
    // connection was lost) is fetched once, or it would wait for the next change.
    clearTimeout(reloading);
    reloading = setTimeout(reload, 200);
  });
  stream.addEventListener("changed", () => {
    clearTimeout(reloading);
    reloading = setTimeout(reload, 200);
  });
  stream.addEventListener("error", () => {
    const line = document.getElementById("live-status");
    if (line) line.textContent = "Connection lost: reconnecting… (reload to see the latest)";
  });
}

// A countdown (`data-deadline`): keep its words current, once a minute.
const countdown = document.getElementById("countdown");
if (countdown) {
  const deadline = Date.parse(countdown.dataset.deadline);
  const words = (ms) => {
    let minutes = Math.floor(Math.abs(ms) / 60000);
    const days = Math.floor(minutes / 1440);
    minutes -= days * 1440;
    const hours = Math.floor(minutes / 60);
    minutes -= hours * 60;
    const parts = [];
    if (days) parts.push(days + (days === 1 ? " day" : " days"));
    if (days || hours) parts.push(hours + " h");
    parts.push(minutes + " min");
    return parts.join(" ");
  };
  const tick = () => {
    const left = deadline - Date.now();
    countdown.textContent = left >= 0 ? words(left) + " left" : "overdue by " + words(left);
  };
  setInterval(tick, 60000);
}
