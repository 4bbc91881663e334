/* Touchline field app: a referee's or marshal's phone.

   Every tap is an event with an id made on the phone at that moment, saved in IndexedDB
   before anything is shown, then sent through POST /v1/events:batch whenever there is a
   connection. The game's state is a fold of the phone's own events, so a reload, a closed
   browser or a restarted phone loses nothing and a correction is a new event, never an edit.
   The rule facts (minimum players, grace, mercy margin, heading) come from the server with
   the field's games; the decisions made here while the game runs (mercy offered,
   shoot-out decided) follow services/gateway/field_rules.py, and the playing-time warning
   services/region/playing_time/quarters.py. No framework: the whole app is
   this file, small enough to read. */
"use strict";

const TOURNAMENT = document.body.dataset.tournament;
const FIELD = document.body.dataset.field;
const TOKEN_KEY = `touchline:token:${TOURNAMENT}:${FIELD}`;
const SOURCE = `field-app:${FIELD}`.slice(0, 100);
const API = `/v1/tournaments/${TOURNAMENT}/fields/${FIELD}`;
const SHOOTOUT_ROUND = 5;

const state = { sheet: null, flags: {}, taps: [], view: { screen: "list" }, sync: { busy: false, stopped: "", last: null }, problem: "" };

/* ---------- storage: one IndexedDB store of every event this phone made ---------- */

let dbPromise = null;
function db() {
  dbPromise = dbPromise || new Promise((resolve, reject) => {
    const open = indexedDB.open("touchline-field", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("taps", { keyPath: "event_id" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return dbPromise;
}
async function store(mode, work) {
  const tx = (await db()).transaction("taps", mode);
  const result = work(tx.objectStore("taps"));
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  return result;
}
async function loadTaps() {
  const request = await store("readonly", (s) => s.getAll());
  const mine = request.result.filter((t) => t.tournament === TOURNAMENT && t.field === FIELD);
  return mine.sort((a, b) => a.at - b.at || a.event_id.localeCompare(b.event_id));
}
function saveTaps(taps) { return store("readwrite", (s) => taps.forEach((t) => s.put(t))); }

/* ---------- events ---------- */

function envelope(game, type) {
  return { event_id: crypto.randomUUID(), type, tournament_id: TOURNAMENT, occurred_at: new Date().toISOString(),
    source: SOURCE, division_id: game.division_id, game_id: game.game_id };
}

/* Record one tap: into the fold and on screen at once (within this click, so the next tap
   already sees it: two quick "+1 goal" are two goals), saved in the outbox (about a
   millisecond), then sent when possible. */
let lastAt = 0;
/* The taps' order: milliseconds, but never two taps at the same one (the fold sorts by it). */
function stamp() { lastAt = Math.max(Date.now(), lastAt + 1); return lastAt; }
async function keep(record) {
  state.taps.push(record);
  render();
  await saveTaps([record]);
}
async function tap(game, kind, type, fields, label) {
  const event = Object.assign(envelope(game, type), fields);
  const record = { event_id: event.event_id, tournament: TOURNAMENT, field: FIELD, game_id: game.game_id,
    kind, label, at: stamp(), body: event, state: "waiting", error: "" };
  await keep(record);
  sync();
  return record;
}

/* ---------- a game's state: the fold of its taps ---------- */

function fold(game) {
  const g = { phase: "pre", home: 0, away: 0, sequence: 0, lineups: {}, quarters: {}, cards: [], injured: new Set(),
    sentOff: new Set(), yellows: {}, kickoffAt: null, secondAt: null, kicks: { home: [], away: [] }, ended: "" };
  for (const t of state.taps.filter((x) => x.game_id === game.game_id)) {
    const b = t.body;
    if (t.kind === "lineup") g.lineups[b.team_id] = b.members;
    if (b.type === "quarter.lineup") (g.quarters[b.team_id] = g.quarters[b.team_id] || {})[b.quarter] = b.player_ids;
    if (b.type === "score.reported" && b.sequence >= g.sequence) { g.home = b.home_goals; g.away = b.away_goals; g.sequence = b.sequence; }
    if (t.kind === "kickoff") { g.phase = "first"; g.kickoffAt = t.at; }
    if (t.kind === "halftime") g.phase = "halftime";
    if (t.kind === "second") { g.phase = "second"; g.secondAt = t.at; }
    if (t.kind === "final") { g.phase = game.rules.shootout_on_draw && g.home === g.away ? "shootout" : "over"; g.ended = "Full time"; }
    if (b.type === "card.issued") {
      g.cards.push(b);
      if (b.card === "yellow") g.yellows[b.person_id] = (g.yellows[b.person_id] || 0) + 1;
      else g.sentOff.add(b.person_id);
    }
    if (b.type === "head_injury.removed") g.injured.add(b.person_id);
    if (t.kind === "kick") g.kicks[t.side].push(t.scored);
    if (b.type === "shootout.result") { g.phase = "over"; g.ended = `Full time, ${b.home_kicks}-${b.away_kicks} on kicks`; }
    if (b.type === "forfeit.declared") { g.phase = "over"; g.ended = `Forfeit by ${teamName(b.forfeiting_team_id)}`; }
    if (b.type === "game.abandoned") { g.phase = "over"; g.ended = `Abandoned (at fault: ${b.at_fault})`; }
    if (b.type === "game.terminated") { g.phase = "over"; g.ended = "Ended: mercy rule"; }
  }
  return g;
}

function minute(game, g) {
  const now = Date.now();
  if (g.phase === "first" && g.kickoffAt) return Math.min(200, Math.floor((now - g.kickoffAt) / 60000) + 1);
  if (g.phase === "second" && g.secondAt) return Math.min(200, game.rules.half_minutes + Math.floor((now - g.secondAt) / 60000) + 1);
  if (g.phase === "halftime") return game.rules.half_minutes;
  return 0;
}

/* Mercy: offered once the margin reaches the rule's after half-time (field_rules.mercy_offered). */
function mercyOffered(game, g) {
  return (g.phase === "second") && Math.abs(g.home - g.away) >= game.rules.mercy_margin;
}

/* Best of five, then round by round (field_rules.shootout_winner). */
function shootoutWinner(home, away) {
  const sh = home.filter(Boolean).length, sa = away.filter(Boolean).length;
  if (home.length <= SHOOTOUT_ROUND && away.length <= SHOOTOUT_ROUND) {
    if (sh > sa + SHOOTOUT_ROUND - away.length) return "home";
    if (sa > sh + SHOOTOUT_ROUND - home.length) return "away";
    return null;
  }
  if (home.length === away.length && sh !== sa) return sh > sa ? "home" : "away";
  return null;
}

/* Playing time in whole quarters (playing_time/quarters.py: the server gives `needed`, the
   fewest quarters that reach the share): met, on track, must play every quarter left
   (the warning), or short (can no longer reach it). */
function playingTime(needed, played, left) {
  const needs = Math.max(0, needed - played);
  if (needs === 0) return { status: "met", needs };
  if (needs > left) return { status: "short", needs };
  return { status: needs === left ? "must_play" : "on_track", needs };
}

/* ---------- sending: the outbox through the batch endpoint ---------- */

function plain(answer) {
  const problems = (answer.errors || []).map((e) => `${e.field}: ${e.problem}`).join("; ");
  const words = { conflict: "this event's id was already used for a different event", forbidden: "not allowed for this phone",
    invalid: "the server did not accept it", too_large: "too large", failed: "the server could not deliver it" };
  return `${words[answer.status] || answer.status}${problems ? ` (${problems})` : ""}`;
}

async function sync() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (state.sync.busy || state.sync.stopped || !token) return;
  const waiting = state.taps.filter((t) => t.state === "waiting").slice(0, 100);
  if (!waiting.length) return;
  state.sync.busy = true;
  try {
    const response = await fetch("/v1/events:batch", { method: "POST", body: JSON.stringify(waiting.map((t) => t.body)),
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` } });
    if (response.status === 401 || response.status === 403) {
      state.sync.stopped = `the server refused this phone's sign-in (${response.status}): scan the field's QR code again`;
    } else if (response.ok) {
      const answers = await response.json();
      waiting.forEach((t, i) => {
        const answer = answers[i] || { status: "failed" };
        if (answer.status === "accepted" || answer.status === "duplicate") { t.state = "sent"; t.error = ""; }
        else { t.state = "refused"; t.error = plain(answer); }
      });
      state.sync.last = new Date();
      await saveTaps(waiting);
    }
    // Anything else (429, 5xx, 413) is the server's trouble, not the events': try later.
  } catch (error) {
    // No connection: the events wait in the outbox.
  } finally {
    state.sync.busy = false;
    render();
  }
  if (state.taps.some((t) => t.state === "waiting") && !state.sync.stopped && navigator.onLine) setTimeout(sync, 2000);
}

function syncLine() {
  const waiting = state.taps.filter((t) => t.state === "waiting").length;
  const refused = state.taps.filter((t) => t.state === "refused").length;
  const el = document.getElementById("sync");
  let text = waiting ? `${waiting} waiting to send` : "all sent";
  if (!waiting && state.sync.last) text += ` ${state.sync.last.toTimeString().slice(0, 5)}`;
  if (!waiting && !state.taps.length) text = "nothing to send yet";
  if (!navigator.onLine && waiting) text += " (offline)";
  if (refused) text += ` · ${refused} not accepted`;
  if (state.sync.stopped) text = state.sync.stopped;
  el.textContent = text;
  el.className = state.sync.stopped || refused ? "error" : waiting ? "waiting" : "";
}

/* ---------- data: the field's sheet and eligibility, network first, cache offline ---------- */

async function fetchJson(path) {
  const token = localStorage.getItem(TOKEN_KEY);
  const cache = await caches.open("touchline-field-v1");
  try {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
      let detail = `${response.status}`;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw Object.assign(new Error(detail), { refused: true });
    }
    await cache.put(path, response.clone());
    return await response.json();
  } catch (error) {
    if (error.refused) throw error;
    const hit = await cache.match(path);
    if (!hit) throw new Error("offline, and this phone has not loaded the field's games yet");
    return await hit.json();
  }
}

async function loadData() {
  try {
    state.sheet = await fetchJson(`${API}/sheet`);
    render();
    state.flags = (await fetchJson(`${API}/eligibility`)).flags;
    state.problem = "";
  } catch (error) {
    state.problem = error.message;
    if (error.refused) state.sheet = null;
  }
  render();
}

/* ---------- rendering ---------- */

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}
const button = (text, onclick, cls, extra) => h("button", Object.assign({ type: "button", onclick, class: cls }, extra || {}), text);
const teamName = (id) => (state.sheet && state.sheet.teams[id] && state.sheet.teams[id].name) || id || "to be decided";
const clock = (iso) => iso.slice(11, 16);
const game = (id) => state.sheet.games.find((x) => x.game_id === id);

/* Redraw the screen, keeping what was being chosen or typed (a sync may redraw mid-choice). */
function render() {
  syncLine();
  const screen = document.getElementById("screen");
  const kept = {};
  screen.querySelectorAll("[data-keep]").forEach((el) => { kept[el.dataset.keep] = el.value; });
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.keep : null;
  screen.replaceChildren(...view().filter((part) => part !== null && part !== undefined));
  screen.querySelectorAll("[data-keep]").forEach((el) => {
    const value = kept[el.dataset.keep];
    if (value === undefined) return;
    if (el.tagName === "SELECT" && ![...el.options].some((o) => o.value === value)) return;
    el.value = value;
    if (el.dataset.keep === focused) el.focus();
  });
}

function view() {
  if (!localStorage.getItem(TOKEN_KEY)) return signIn();
  if (!state.sheet) return [h("p", { class: "flag", id: "problem" }, state.problem || "Loading the field's games…")];
  document.getElementById("venue").textContent = state.sheet.venue_id ? `· ${state.sheet.venue_id}` : "";
  const chosen = state.view.screen === "game" && game(state.view.game);
  return [state.problem ? h("p", { class: "flag" }, state.problem) : null, ...(chosen ? gameScreen(chosen) : listScreen()), outbox()];
}

function signIn() {
  const input = h("input", { id: "code", "data-keep": "code", autocomplete: "off", autocapitalize: "characters", placeholder: "e.g. 7KQ2-M9XD-3FHT-P2WA" });
  const go = () => {
    const code = input.value.toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    if (code) { localStorage.setItem(TOKEN_KEY, code); loadData(); }
  };
  return [h("h1", {}, "Sign in this phone"), h("p", {}, "Scan the QR code on the field sheet, or type the field's code printed under it."),
    h("label", { for: "code" }, "Field code"), input, h("div", { class: "row" }, button("Sign in", go, "primary", { id: "sign-in" }))];
}

function gameStatus(x) {
  const g = fold(x);
  if (g.phase === "over") return g.ended + (g.ended.startsWith("Forfeit") ? "" : ` ${g.home}-${g.away}`);
  return { pre: "not started", first: `1st half ${g.home}-${g.away}`, halftime: `half-time ${g.home}-${g.away}`,
    second: `2nd half ${g.home}-${g.away}`, shootout: `shoot-out (${g.home}-${g.away})` }[g.phase];
}

function listScreen() {
  const games = state.sheet.games;
  const day = games.length ? new Date(games[0].start).toDateString() : "";
  return [h("h1", {}, `Games ${day}`), games.length ? null : h("p", {}, "No games on this field."),
    h("ul", { class: "games" }, games.map((x) => h("li", {}, button(
      [h("span", { class: "time" }, clock(x.start)), ` ${teamName(x.home) || x.home_label} v ${teamName(x.away) || x.away_label}`,
        h("br"), `${x.division_name} · ${x.round} · `, h("span", { class: "status" }, gameStatus(x))],
      () => { state.view = { screen: "game", game: x.game_id }; render(); }, "", { "data-game": x.game_id }))))];
}

function gameScreen(x) {
  const g = fold(x);
  const parts = [button("‹ All games", () => { state.view = { screen: "list" }; render(); }, "", { id: "back" }),
    h("h1", {}, `${clock(x.start)} · ${x.division_name}`),
    h("div", { class: "teams" }, h("span", {}, teamName(x.home)), h("span", {}, teamName(x.away))),
    h("div", { class: "score", id: "score" }, `${g.home} – ${g.away}`),
    h("p", { class: "rule", id: "heading" }, `${x.rules.heading} (${x.age_group}). Halves of ${x.rules.half_minutes} min.`),
    h("p", { id: "phase" }, gameStatus(x))];
  if (g.phase === "pre") parts.push(...checkIn(x, g), ...beforeKickoff(x, g));
  else if (g.phase === "over") parts.push(h("p", {}, "This game is over. A correction goes to the committee."));
  else if (g.phase === "shootout") parts.push(...shootout(x, g));
  else parts.push(...live(x, g), ...checkIn(x, g));
  return parts;
}

function flagOf(team, person) {
  return (state.flags[team] || []).find((f) => f.person_id === person);
}

/* Check-in: each team's roster, flagged players marked with the reason; head-injured ones blocked. */
function checkIn(x, g) {
  return [x.home, x.away].filter(Boolean).map((team) => {
    const roster = state.sheet.teams[team] || { players: [], staff: [] };
    const draft = state.view.draft = state.view.draft || {};
    const picked = draft[team] = draft[team] || new Set((g.lineups[team] || []).map((m) => m.person_id));
    const extra = draft[`${team}:extra`] = draft[`${team}:extra`] || [];
    const people = [...roster.players.map((p) => ({ ...p, role: "player" })), ...roster.staff, ...extra];
    const rows = people.map((p) => {
      const flag = flagOf(team, p.person_id);
      const injured = g.injured.has(p.person_id);
      const box = h("input", { type: "checkbox", checked: picked.has(p.person_id), disabled: injured,
        "data-person": p.person_id, onchange: (e) => { if (e.target.checked) picked.add(p.person_id); else picked.delete(p.person_id); render(); } });
      return h("label", { class: "player" }, box, h("span", {}, `${p.shirt_number ?? ""} ${p.name}${p.role !== "player" ? ` (${p.role})` : ""}`,
        flag ? h("span", { class: "flag", "data-flag": flag.reason }, ` ⚠ ${flag.detail}`) : null,
        p.unrostered ? h("span", { class: "flag", "data-flag": "unrostered" }, " ⚠ not on the team's roster") : null,
        injured ? h("span", { class: "blocked", "data-blocked": p.person_id }, " ✖ head injury: may not return to this game") : null));
    });
    const players = people.filter((p) => p.role === "player" && picked.has(p.person_id) && !g.injured.has(p.person_id)).length;
    const name = h("input", { placeholder: "Name of a player not listed", "data-add": team, "data-keep": `add:${team}` });
    const add = () => {
      if (!name.value.trim()) return;
      const id = `unlisted-${crypto.randomUUID().slice(0, 8)}`;
      extra.push({ person_id: id, name: name.value.trim().slice(0, 100), role: "player", unrostered: true });
      picked.add(id); name.value = ""; render();
    };
    const send = () => {
      const members = people.filter((p) => picked.has(p.person_id) && !g.injured.has(p.person_id))
        .map((p) => ({ person_id: p.person_id, name: p.name, role: p.role, shirt_number: p.shirt_number ?? null }));
      if (members.length) tap(x, "lineup", "lineup.submitted", { team_id: team, members }, `Lineup ${teamName(team)}`);
    };
    return h("section", { "data-team": team }, h("h2", {}, `Check-in: ${teamName(team)}`),
      h("p", { "data-count": team }, `${players} players checked in (at least ${x.rules.minimum_players} needed)`
        + (g.lineups[team] ? ` · lineup sent with ${g.lineups[team].length}` : "")), ...rows,
      h("div", { class: "row" }, name, button("Add", add, "narrow")),
      h("div", { class: "row" }, button(g.lineups[team] ? "Send updated lineup" : "Send lineup", send, "primary", { "data-send-lineup": team })));
  });
}

function beforeKickoff(x, g) {
  const short = [x.home, x.away].filter((team) => {
    const sent = g.lineups[team];
    return !sent || sent.filter((m) => (m.role || "player") === "player").length < x.rules.minimum_players;
  });
  const parts = [h("section", {}, h("h2", {}, "Kick-off"),
    button("Kick-off", () => tap(x, "kickoff", "score.reported", { home_goals: 0, away_goals: 0, status: "live", sequence: g.sequence + 1, minute: 0 }, "Kick-off"), "primary", { id: "kickoff" }))];
  if (short.length) {
    const ends = new Date(new Date(x.start).getTime() + x.rules.grace_minutes * 60000);
    const grace = h("p", { class: "grace", id: "grace", "data-ends": String(ends.getTime()),
      "data-teams": short.map(teamName).join(", "), "data-minutes": String(x.rules.grace_minutes) });
    parts.push(graceText(grace));
    for (const team of short) parts.push(button(`Forfeit: ${teamName(team)} has too few players`, () => confirmThen(`Forfeit by ${teamName(team)} (too few players)?`,
      () => tap(x, "forfeit", "forfeit.declared", { forfeiting_team_id: team, reason: "insufficient_players" }, `Forfeit ${teamName(team)}`)), "danger", { "data-forfeit": team }));
  }
  for (const team of [x.home, x.away].filter(Boolean)) parts.push(button(`No-show: ${teamName(team)}`, () => confirmThen(`${teamName(team)} did not show?`,
    () => tap(x, "forfeit", "forfeit.declared", { forfeiting_team_id: team, reason: "no_show" }, `No-show ${teamName(team)}`)), "", { "data-no-show": team }));
  return [...parts, confirmBox()];
}

/* The grace countdown, updated every second without redrawing the page. */
function graceText(el) {
  const ends = Number(el.dataset.ends), left = Math.max(0, ends - Date.now());
  const mmss = `${Math.floor(left / 60000)}:${String(Math.floor(left / 1000) % 60).padStart(2, "0")}`;
  el.textContent = left
    ? `Too few players (${el.dataset.teams}): grace period ends ${new Date(ends).toTimeString().slice(0, 5)}, ${mmss} left`
    : `Too few players (${el.dataset.teams}): the ${el.dataset.minutes}-minute grace period is over`;
  return el;
}

function onField(x, g, team) {
  return (g.lineups[team] || []).filter((m) => (m.role || "player") === "player" && !g.injured.has(m.person_id) && !g.sentOff.has(m.person_id));
}

function live(x, g) {
  const score = (home, away, label, scorer) => tap(x, "goal", "score.reported", Object.assign({ home_goals: home, away_goals: away, status: "live",
    sequence: g.sequence + 1, minute: minute(x, g) }, scorer ? { scorer_person_id: scorer } : {}), label);
  const side = (which) => {
    const team = x[which];
    const scorer = h("select", { "data-scorer": which, "data-keep": `scorer:${which}` }, h("option", { value: "" }, "scorer (optional)"),
      onField(x, g, team).map((m) => h("option", { value: m.person_id }, `${m.shirt_number ?? ""} ${m.name}`)));
    const plus = () => {
      const fields = which === "home" ? [g.home + 1, g.away] : [g.home, g.away + 1];
      const chosen = scorer.value;
      const who = chosen ? (g.lineups[team].find((m) => m.person_id === chosen) || {}).name : "";
      scorer.value = "";
      score(...fields, `Goal ${teamName(team)}${who ? ` (${who})` : ""}`, chosen);
    };
    const goals = which === "home" ? g.home : g.away;
    const undo = () => score(which === "home" ? g.home - 1 : g.home, which === "away" ? g.away - 1 : g.away, `Undo goal ${teamName(team)}`);
    return h("div", {}, h("h3", {}, teamName(team)), scorer, h("div", { class: "row" },
      button("+1 goal", plus, "primary", { "data-goal": which }), button("Undo", undo, "", { "data-undo": which, disabled: goals === 0 })));
  };
  const parts = [h("section", {}, h("h2", {}, `Goals · minute ${minute(x, g)}`), side("home"), side("away"))];
  if (mercyOffered(x, g)) parts.push(h("p", { class: "offer", id: "mercy-offer" }, `The margin is ${Math.abs(g.home - g.away)} after half-time: the referee may end the game (mercy rule).`),
    button("End the game: mercy rule", () => confirmThen(`End the game at ${g.home}-${g.away} (mercy rule)?`,
      () => tap(x, "mercy", "game.terminated", { reason: "mercy", home_goals: g.home, away_goals: g.away, minute: minute(x, g) }, "Mercy ending")), "primary", { id: "mercy" }));
  // (a sheet cached before the gateway gave the playing-time rule has no `playing_time`)
  if (x.playing_time) parts.push(...[x.home, x.away].filter((team) => g.lineups[team]).map((team) => quarters(x, g, team)));
  parts.push(cards(x, g), injuries(x, g));
  const phase = h("section", {}, h("h2", {}, "Whistle"));
  if (g.phase === "first") phase.append(button("Half-time", () => tap(x, "halftime", "score.reported", { home_goals: g.home, away_goals: g.away, status: "live", sequence: g.sequence + 1, minute: x.rules.half_minutes }, "Half-time"), "primary", { id: "halftime" }));
  if (g.phase === "halftime") phase.append(button("Start 2nd half", () => tap(x, "second", "score.reported", { home_goals: g.home, away_goals: g.away, status: "live", sequence: g.sequence + 1, minute: x.rules.half_minutes }, "2nd half"), "primary", { id: "second-half" }));
  if (g.phase === "second") phase.append(button("Final whistle", () => confirmThen(`Final score ${teamName(x.home)} ${g.home} – ${g.away} ${teamName(x.away)}?`,
    () => tap(x, "final", "score.reported", { home_goals: g.home, away_goals: g.away, status: "final", sequence: g.sequence + 1, minute: minute(x, g) }, "Final whistle")), "primary", { id: "final" }));
  const fault = h("select", { id: "fault", "data-keep": "fault" }, ["home", "away", "both", "neither"].map((f) => h("option", { value: f }, `at fault: ${f === "home" || f === "away" ? teamName(x[f]) : f}`)));
  phase.append(h("div", { class: "row" }, fault, button("Abandon", () => confirmThen(`Abandon the game at ${g.home}-${g.away} (at fault: ${fault.value})?`,
    () => tap(x, "abandon", "game.abandoned", { at_fault: fault.value, home_goals: g.home, away_goals: g.away, minute: minute(x, g) }, "Abandoned")), "danger", { id: "abandon" })));
  for (const team of [x.home, x.away]) phase.append(button(`Forfeit in progress: ${teamName(team)}`, () => confirmThen(`${teamName(team)} forfeits at ${g.home}-${g.away}?`,
    () => tap(x, "forfeit", "forfeit.declared", { forfeiting_team_id: team, reason: "forfeit", home_goals: g.home, away_goals: g.away }, `Forfeit ${teamName(team)}`)), "", { "data-forfeit-live": team }));
  return [...parts, phase, confirmBox()];
}

/* Each quarter's players, ticked from the team's lineup (who attended), and the players
   who must play every quarter left, or can no longer reach the share. */
function quarters(x, g, team) {
  const rule = x.playing_time, recorded = g.quarters[team] || {};
  const players = g.lineups[team].filter((m) => (m.role || "player") === "player");
  const drafts = state.view.quarters = state.view.quarters || {};
  const open = [1, 2, 3, 4].filter((n) => !recorded[n]);
  const draft = drafts[team] = drafts[team] || { quarter: open[0] || 4, picked: null };
  draft.picked = draft.picked || new Set(recorded[draft.quarter] || []);
  const choose = (n) => () => { drafts[team] = { quarter: n, picked: null }; render(); };
  const tabs = h("div", { class: "row" }, [1, 2, 3, 4].map((n) => button(`Q${n}${recorded[n] ? " ✓" : ""}`, choose(n),
    n === draft.quarter ? "primary" : "", { "data-quarter": `${team}:${n}`, "aria-pressed": String(n === draft.quarter) })));
  const boxes = players.map((m) => h("label", { class: "player" }, h("input", { type: "checkbox", checked: draft.picked.has(m.person_id),
    "data-quarter-player": m.person_id, onchange: (e) => { if (e.target.checked) draft.picked.add(m.person_id); else draft.picked.delete(m.person_id); } }),
    h("span", {}, `${m.shirt_number ?? ""} ${m.name}`)));
  const send = () => {
    const on = players.map((m) => m.person_id).filter((p) => draft.picked.has(p));
    if (!on.length) return;
    drafts[team] = { quarter: open.find((n) => n !== draft.quarter) || draft.quarter, picked: null };
    tap(x, "quarter", "quarter.lineup", { team_id: team, quarter: draft.quarter, game_minutes: rule.game_minutes, player_ids: on },
      `Q${draft.quarter} players ${teamName(team)}`);
  };
  const left = open.length;
  const warnings = players.map((m) => {
    const played = Object.values(recorded).filter((on) => on.includes(m.person_id)).length;
    const r = playingTime(rule.quarters_needed, played, left);
    if (r.status === "must_play") return h("li", { class: "flag", "data-warning": m.person_id },
      `⚠ ${m.name}: must play ${left === 1 ? "the last quarter" : `all ${left} quarters left`} to reach ${rule.share} (played ${played})`);
    if (r.status === "short") return h("li", { class: "blocked", "data-short": m.person_id },
      `✖ ${m.name}: can no longer reach ${rule.share} (played ${played} of 4)`);
    return null;
  }).filter(Boolean);
  const done = players.every((m) => Object.values(recorded).filter((on) => on.includes(m.person_id)).length >= rule.quarters_needed);
  return h("section", { "data-playing-time": team }, h("h2", {}, `Playing time: ${teamName(team)}`),
    h("p", { class: "rule" }, `Every player who attended plays ${rule.share} of the game (${rule.quarters_needed} quarters).`),
    warnings.length ? h("ul", { class: "warnings" }, warnings)
      : h("p", { "data-warnings-clear": team }, done ? `Every player has played ${rule.share}.` : `Every player can still reach ${rule.share}.`),
    h("p", {}, `Tick who is on in Q${draft.quarter}:`), tabs, ...boxes,
    h("div", { class: "row" }, button(`Record Q${draft.quarter}`, send, "primary", { "data-record-quarter": team })));
}

function people(x, g) {
  return [x.home, x.away].flatMap((team) => (g.lineups[team] || []).map((m) => ({ ...m, team })));
}

function cards(x, g) {
  const who = h("select", { id: "card-person", "data-keep": "card-person" }, h("option", { value: "" }, "who?"),
    people(x, g).filter((p) => !g.sentOff.has(p.person_id)).map((p) => h("option", { value: `${p.team}|${p.person_id}` }, `${teamName(p.team)}: ${p.shirt_number ?? ""} ${p.name}${p.role !== "player" ? ` (${p.role})` : ""}`)));
  const at = h("input", { id: "card-minute", type: "number", min: "0", max: "200", value: String(minute(x, g)), class: "narrow" });
  const give = (colour) => () => {
    if (!who.value) return;
    const [team, person] = who.value.split("|");
    const p = people(x, g).find((m) => m.person_id === person && m.team === team);
    const card = colour === "yellow" && g.yellows[person] ? "second_yellow" : colour; // a second caution is a send-off
    tap(x, "card", "card.issued", { team_id: team, person_id: person, person_name: p.name, role: p.role || "player", shirt_number: p.shirt_number ?? null,
      card, minute: Math.max(0, Math.min(200, parseInt(at.value, 10) || 0)) }, `${card.replace("_", " ")} card: ${p.name}`);
  };
  return h("section", {}, h("h2", {}, "Cards"), h("div", { class: "row" }, who, at),
    h("div", { class: "row" }, button("Yellow", give("yellow"), "", { "data-card": "yellow" }), button("Red", give("red"), "danger", { "data-card": "red" }), button("Ejection", give("ejection"), "danger", { "data-card": "ejection" })),
    g.cards.length ? h("ul", {}, g.cards.map((c) => h("li", {}, `${c.minute ?? ""}' ${c.card.replace("_", " ")}: ${c.person_name}`))) : null);
}

function injuries(x, g) {
  const who = h("select", { id: "injury-person", "data-keep": "injury-person" }, h("option", { value: "" }, "player removed?"),
    people(x, g).filter((p) => (p.role || "player") === "player" && !g.injured.has(p.person_id)).map((p) => h("option", { value: `${p.team}|${p.person_id}` }, `${teamName(p.team)}: ${p.shirt_number ?? ""} ${p.name}`)));
  const remove = () => {
    if (!who.value) return;
    const [team, person] = who.value.split("|");
    who.value = "";
    tap(x, "injury", "head_injury.removed", { team_id: team, person_id: person, minute: minute(x, g) }, "Head-injury removal");
  };
  return h("section", {}, h("h2", {}, "Head injury"), h("p", {}, "A player removed for a suspected head injury may not return to this game."),
    h("div", { class: "row" }, who, button("Remove", remove, "danger", { id: "remove-injured" })),
    [...g.injured].map((p) => h("p", { class: "blocked" }, `✖ ${(people(x, g).find((m) => m.person_id === p) || { name: p }).name}: may not return`)));
}

function shootout(x, g) {
  const { home, away } = g.kicks;
  const next = home.length === away.length ? "home" : "away";
  const winner = shootoutWinner(home, away);
  const record = (scored) => async () => {
    const t = { event_id: crypto.randomUUID(), tournament: TOURNAMENT, field: FIELD, game_id: x.game_id, kind: "kick", side: next, scored,
      at: stamp(), body: { type: "local" }, state: "local", label: "" };
    await keep(t);
  };
  const marks = (list) => list.map((s) => (s ? "●" : "○")).join(" ") || "–";
  const parts = [h("section", {}, h("h2", {}, "Kicks from the penalty mark"),
    h("p", { class: "kicks" }, `${teamName(x.home)}: ${marks(home)}`), h("p", { class: "kicks" }, `${teamName(x.away)}: ${marks(away)}`))];
  if (winner) {
    const hk = home.filter(Boolean).length, ak = away.filter(Boolean).length;
    parts.push(h("p", { class: "offer" }, `${teamName(x[winner])} wins ${hk}-${ak} on kicks.`),
      button("Send the shoot-out result", () => tap(x, "shootout", "shootout.result", { home_kicks: hk, away_kicks: ak }, "Shoot-out result"), "primary", { id: "send-shootout" }));
  } else {
    parts.push(h("p", {}, `Next kick: ${teamName(x[next])}`), h("div", { class: "row" },
      button("Scored", record(true), "primary", { "data-kick": "scored" }), button("Missed", record(false), "", { "data-kick": "missed" })));
  }
  return parts;
}

/* A confirm step inside the page (no blocking dialogs): the second tap is the decision. */
function confirmThen(question, action) { state.view.confirm = { question, action }; render(); }
function confirmBox() {
  const c = state.view.confirm;
  if (!c) return null;
  const close = () => { state.view.confirm = null; };
  return h("div", { class: "dialog", id: "confirm" }, h("p", {}, c.question), h("div", { class: "row" },
    button("Confirm", () => { close(); c.action(); }, "primary", { id: "confirm-yes" }), button("Cancel", () => { close(); render(); }, "", { id: "confirm-no" })));
}

function outbox() {
  const shown = state.taps.filter((t) => t.state !== "local").slice(-30).reverse();
  if (!shown.length) return null;
  return h("section", { class: "outbox" }, h("h2", {}, "Sent from this phone"), h("ul", {}, shown.map((t) =>
    h("li", { class: t.state, "data-state": t.state }, `${new Date(t.at).toTimeString().slice(0, 5)} ${t.game_id} ${t.label}: `,
      t.state === "sent" ? "sent" : t.state === "waiting" ? "waiting to send" : `not accepted: ${t.error}`))));
}

/* ---------- start ---------- */

async function start() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    localStorage.setItem(TOKEN_KEY, fragment.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" }).catch(() => null);
    // The shell as the service worker will serve it offline, also on the very first visit.
    caches.open("touchline-field-v1").then((c) => c.addAll([location.pathname, "/field/static/app.js", "/field/static/app.css"])).catch(() => null);
  }
  state.taps = await loadTaps();
  lastAt = state.taps.reduce((latest, t) => Math.max(latest, t.at), 0);
  render();
  await loadData();
  sync();
  window.addEventListener("online", () => { loadData(); sync(); });
  window.addEventListener("offline", render);
  setInterval(() => { syncLine(); sync(); }, 15000);
  setInterval(() => { const grace = document.getElementById("grace"); if (grace) graceText(grace); }, 1000);
}

start();
