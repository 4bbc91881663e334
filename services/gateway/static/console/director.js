// The director's schedule grid, kept live: one Server-Sent Events stream (the spectators'
// messages) patches each game's status and score in place and marks fields running late;
// when the schedule or a table changes, the grid is fetched again and swapped in. Without
// this script the page is whole, as of when it was loaded.
"use strict";

const grid = document.getElementById("grid");
if (grid) {
  const tournament = grid.dataset.tournament;
  let reloadTimer = null;
  let lateFields = [];

  const patchGame = (game) => {
    const selector = '[data-game="' + CSS.escape(game.game_id) + '"]';
    for (const cell of document.querySelectorAll(selector)) {
      cell.dataset.status = game.status;
      for (const score of cell.querySelectorAll(".score")) score.textContent = game.score;
      for (const status of cell.querySelectorAll(".status")) {
        status.textContent = game.label;
        status.dataset.status = game.status;
      }
    }
    for (const status of document.querySelectorAll('[data-game-status="' + CSS.escape(game.game_id) + '"]')) {
      status.textContent = game.label;
    }
  };

  const patchFields = (fields) => {
    lateFields = fields;
    showLateFields(fields, "th[data-field]", (late) => "running " + late.minutes + " min late");
  };

  const reloadGrid = async () => {
    try {
      const answer = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html").getElementById("grid");
      if (fresh) grid.replaceChildren(...fresh.childNodes);
      patchFields(lateFields);
    } catch (error) {
      // offline: the stream reconnects and brings us back here
    }
  };

  const reloadSoon = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(reloadGrid, 300);
  };

  const source = new EventSource("/console/" + encodeURIComponent(tournament) + "/live");
  const heard = () => {
    const line = document.getElementById("live-status");
    if (line) line.textContent = "Live: updated " + new Date().toLocaleTimeString() + ".";
    document.body.dataset.live = "on";
  };
  source.addEventListener("hello", (m) => {
    const data = JSON.parse(m.data);
    data.games.forEach(patchGame);
    patchFields(data.fields);
    heard();
  });
  source.addEventListener("game", (m) => { patchGame(JSON.parse(m.data)); heard(); });
  source.addEventListener("fields", (m) => { patchFields(JSON.parse(m.data)); heard(); });
  source.addEventListener("changed", () => { reloadSoon(); heard(); });
  source.addEventListener("heartbeat", heard);
  source.addEventListener("error", () => {
    document.body.dataset.live = "offline";
    const line = document.getElementById("live-status");
    if (line) line.textContent = "Connection lost: showing what was known; reconnecting…";
  });
}
