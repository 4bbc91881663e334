"use strict";
// The page's tournament and token come as attributes of <body>, never written into code.
const tournament = document.body.dataset.tournament;
const token = document.body.dataset.token;
const divisions = new Map();
const status = document.getElementById("status");

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
}

function groupTable(group) {
  const wrap = document.createElement("div");
  const title = document.createElement("h3");
  title.textContent = "Group " + group.group_id;
  wrap.appendChild(title);
  const table = document.createElement("table");
  table.dataset.group = group.group_id;
  const head = table.createTHead().insertRow();
  for (const label of ["#", "Team", "P", "W", "D", "L", "GF", "GA", "GD", "Pts", ""]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const r of group.rows) {
    const row = body.insertRow();
    row.dataset.team = r.team_id;
    for (const value of [r.rank, r.team_name, r.played, r.won, r.drawn, r.lost,
                         r.goals_for, r.goals_against, r.goal_difference, r.points]) {
      cell(row, String(value));
    }
    cell(row, r.decided_by ? "by " + r.decided_by : "", "why");
  }
  wrap.appendChild(table);
  for (const tie of group.unresolved || []) {
    const note = document.createElement("p");
    note.className = "unresolved";
    note.textContent = "Unresolved tie: " + tie.join(", ") + " (kicks from the penalty mark)";
    wrap.appendChild(note);
  }
  return wrap;
}

function bracket(games) {
  const list = document.createElement("ul");
  list.className = "bracket";
  for (const g of games) {
    const item = document.createElement("li");
    const home = g.home_team_id || g.home_label, away = g.away_team_id || g.away_label;
    let text = g.round + ": " + home + " vs " + away;
    if (g.home_goals !== null && g.home_goals !== undefined) {
      text += "  " + g.home_goals + "-" + g.away_goals;
      if (g.home_kicks !== null && g.home_kicks !== undefined) {
        text += " (" + g.home_kicks + "-" + g.away_kicks + " pens)";
      }
    }
    if (g.status === "needs_shootout") text += "  awaiting shoot-out";
    item.textContent = text;
    if (g.status === "waiting") item.className = "waiting";
    list.appendChild(item);
  }
  return list;
}

function render() {
  const main = document.getElementById("divisions");
  main.replaceChildren();
  const ordered = [...divisions.values()].sort((a, b) => a.division_id.localeCompare(b.division_id));
  for (const d of ordered) {
    const section = document.createElement("section");
    section.className = "division";
    section.dataset.division = d.division_id;
    section.dataset.version = String(d.version);
    const title = document.createElement("h2");
    title.textContent = d.division_name || d.division_id;
    section.appendChild(title);
    for (const group of d.groups) section.appendChild(groupTable(group));
    if (d.bracket && d.bracket.length) {
      const h = document.createElement("h3");
      h.textContent = "Playoffs";
      section.appendChild(h);
      section.appendChild(bracket(d.bracket));
    }
    main.appendChild(section);
  }
}

function connect() {
  const query = token ? "?token=" + encodeURIComponent(token) : "";
  const source = new EventSource(
    "/v1/tournaments/" + encodeURIComponent(tournament) + "/standings/stream" + query);
  source.addEventListener("open", () => {
    status.textContent = "live: " + tournament;
    status.className = "";
  });
  source.addEventListener("standings", (message) => {
    const snapshot = JSON.parse(message.data);
    const held = divisions.get(snapshot.division_id);
    if (!held || held.version < snapshot.version) {
      divisions.set(snapshot.division_id, snapshot);
      render();
    }
  });
  source.addEventListener("error", () => {
    status.textContent = "connection lost; reconnecting…";
    status.className = "offline";
  });
}
connect();
