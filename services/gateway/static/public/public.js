"use strict";
// Keeps a server-rendered page live: one Server-Sent Events stream patches live scores and
// the running-late notices in place, and reloads the page's <main> when a table or the
// schedule changes. The page says how fresh it is, and catches up by itself after a drop.
const body = document.body;
const tournament = body.dataset.tournament;
const token = body.dataset.token;
const statusLine = document.getElementById("live-status");
let lastHeard = 0;     // when the stream last said anything (ms)
let connected = false;
let reloadTimer = null;
let lateFields = []; // as the stream last said: [{field_id, text, ...}]

function withToken(path) {
  return token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
}

const OVER = new Set(["final", "forfeit", "abandoned"]);

function patchGame(game) {
  for (const el of document.querySelectorAll('[data-game="' + CSS.escape(game.game_id) + '"]')) {
    const before = el.dataset.status;
    // A game kicking off or ending moves what is "now" and "next" on a field: redraw those.
    if (before !== game.status && (before === "scheduled" || OVER.has(game.status)) &&
        el.closest(".fields")) reloadSoon();
    el.dataset.status = game.status;
    for (const score of el.querySelectorAll(".score")) score.textContent = game.score;
    for (const status of el.querySelectorAll(".status")) {
      status.textContent = game.label;
      status.dataset.status = game.status;
      if (game.runs_to) {
        status.dataset.minute = game.minute;
        status.dataset.runsTo = game.runs_to;
      } else {
        delete status.dataset.minute;
        delete status.dataset.runsTo;
      }
      delete status.dataset.since;
    }
  }
  runClocks();
}

// A live game's minute runs on between reports, up to the end of its half (the server says
// how far: runs_to), as the label the server made for it: "live 37'".
function runClocks() {
  const now = Date.now();
  for (const status of document.querySelectorAll(".status[data-runs-to]")) {
    if (!status.dataset.since) status.dataset.since = String(now);
    const ran = Math.floor((now - Number(status.dataset.since)) / 60000);
    const minute = Math.min(Number(status.dataset.minute) + ran, Number(status.dataset.runsTo));
    status.textContent = "live " + minute + "'";
  }
}

function patchFields(fields) {
  lateFields = fields;
  showLateFields(fields, "[data-field]", (late) => late.text);
}

async function reloadMain() {
  try {
    const answer = await fetch(location.href, { headers: { Accept: "text/html" } });
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    const main = fresh.getElementById("main");
    if (main) document.getElementById("main").replaceChildren(...main.childNodes);
    patchFields(lateFields);
    startScreen();
  } catch (error) {
    // offline: the stream's reconnect brings us back here
  }
}

function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(reloadMain, 300);
}

function ago(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + (s % 60) + " s";
}

function showFreshness() {
  if (!lastHeard) return;
  const age = Date.now() - lastHeard;
  if (connected && age < 25000) {
    statusLine.textContent = "live · updated " + ago(age) + " ago";
    statusLine.className = "";
  } else {
    const at = new Date(lastHeard).toLocaleTimeString();
    statusLine.textContent = "connection lost: showing what was known at " + at + " (" + ago(age) + " ago); reconnecting…";
    statusLine.className = "offline";
  }
}

function connect() {
  const source = new EventSource(withToken("/v1/tournaments/" + encodeURIComponent(tournament) + "/live/stream"));
  const heard = () => { lastHeard = Date.now(); connected = true; showFreshness(); };
  source.addEventListener("hello", (m) => {
    const wasOffline = body.dataset.live === "offline";
    const data = JSON.parse(m.data);
    data.games.forEach(patchGame);
    patchFields(data.fields);
    body.dataset.live = "on";
    heard();
    if (wasOffline) reloadSoon(); // catch up on tables and schedule missed meanwhile
  });
  source.addEventListener("game", (m) => { patchGame(JSON.parse(m.data)); heard(); });
  source.addEventListener("fields", (m) => { patchFields(JSON.parse(m.data)); heard(); });
  source.addEventListener("changed", () => { reloadSoon(); heard(); });
  source.addEventListener("heartbeat", heard);
  source.addEventListener("error", () => {
    connected = false;
    body.dataset.live = "offline";
    if (!lastHeard) lastHeard = Date.now();
    showFreshness();
  });
}

// Big screen: one panel of tables or brackets at a time, and long lists scrolled slowly.
let rotation = null;
function startScreen() {
  if (!body.classList.contains("screen")) return;
  const panels = [...document.querySelectorAll(".rotating .panel")];
  let shown = 0;
  panels.forEach((p, i) => { p.hidden = i !== 0; });
  clearInterval(rotation);
  if (panels.length > 1) {
    rotation = setInterval(() => {
      panels[shown].hidden = true;
      shown = (shown + 1) % panels.length;
      panels[shown].hidden = false;
      panels[shown].querySelector(".scroller").scrollTop = 0;
    }, 12000);
  }
}
setInterval(() => {
  for (const s of document.querySelectorAll(".screen .scroller")) {
    if (s.scrollHeight <= s.clientHeight + 2) continue;
    const atEnd = s.scrollTop + s.clientHeight >= s.scrollHeight - 2;
    if (atEnd) {
      s.dataset.pause = String((Number(s.dataset.pause) || 0) + 1);
      if (Number(s.dataset.pause) > 40) { s.scrollTop = 0; s.dataset.pause = "0"; }
    } else {
      s.scrollTop += 2;
    }
  }
}, 50);

setInterval(showFreshness, 1000);
setInterval(runClocks, 5000);
runClocks();
startScreen();
connect();
