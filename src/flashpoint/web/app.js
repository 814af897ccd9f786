// flashpoint dashboard: plain JavaScript, no library, nothing loaded from outside.
"use strict";
const $ = (s, el = document) => el.querySelector(s);
const $$ = (s, el = document) => [...el.querySelectorAll(s)];
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const token = new URLSearchParams(location.search).get("token");

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) url.searchParams.set(k, v);
  const res = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (!res.ok) throw new Error((await res.json()).detail || res.statusText);
  return res.json();
}

function show(view) {
  $$("nav button").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
  $$(".view").forEach((v) => v.classList.toggle("active", v.id === `view-${view}`));
  if (view === "timeline") loadPairs();
  if (view === "map") loadMap();
  if (view === "claims") loadUnits();
}
$$("nav button").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));

// ---- events ---------------------------------------------------------------------
const PAGE = 50;
let offset = 0;
const actor = (a) => (a ? `${a.code}${a.sector ? "/" + a.sector : ""}` : "–");

async function loadEvents() {
  const params = Object.fromEntries(new FormData($("#filters")));
  let data;
  try {
    data = await api("/api/events", { ...params, limit: PAGE, offset });
  } catch (e) {
    $("#events tbody").innerHTML = `<tr><td colspan="7">${esc(e.message)}</td></tr>`;
    return;
  }
  $("#events tbody").innerHTML = data.items.map((e) => `
    <tr data-article="${esc(e.article_id)}" data-event="${esc(e.id)}">
      <td>${esc(e.date)}</td><td>${esc(e.type)}${e.mode ? " <span class=muted>" + esc(e.mode) + "</span>" : ""}</td>
      <td><span class="status ${esc(e.status)}">${esc(e.status)}</span></td>
      <td>${esc(actor(e.source))} → ${esc(actor(e.target))}</td><td>${esc(e.place?.name ?? "")}</td>
      <td>${e.mentions}</td><td>${esc(e.sentence.length > 180 ? e.sentence.slice(0, 180) + "…" : e.sentence)}</td>
    </tr>`).join("");
  $("#page").textContent = `${data.total ? offset + 1 : 0}–${Math.min(offset + PAGE, data.total)} of ${data.total}`;
  $("#prev").disabled = offset === 0;
  $("#next").disabled = offset + PAGE >= data.total;
}
$("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); offset = 0; loadEvents(); });
$("#prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadEvents(); });
$("#next").addEventListener("click", () => { offset += PAGE; loadEvents(); });
$("#events tbody").addEventListener("click", (ev) => {
  const tr = ev.target.closest("tr[data-article]");
  if (tr) openArticle(tr.dataset.article, tr.dataset.event);
});

// ---- article: every event, claim and place highlighted in the text ---------------
async function openArticle(id, eventId) {
  const d = await api(`/api/articles/${encodeURIComponent(id)}`);
  const text = d.article.text;
  const marks = [];
  for (const e of d.events) {
    marks.push({ s: e.span[0], e: e.span[1], cls: "ev", id: e.id });
    for (const [s, t] of e.also_in_spans || []) marks.push({ s, e: t, cls: "ev", id: e.id });  // the same event told again
  }
  for (const c of d.claims) marks.push({ s: c.number_span[0], e: c.number_span[1], cls: "cl" });
  for (const p of d.places) for (const f of p.forms || [p.name]) {
    let i = -1;
    while ((i = text.indexOf(f, i + 1)) >= 0) marks.push({ s: i, e: i + f.length, cls: "pl" });
  }
  // nested marks: an event sentence contains claims and places
  const bounds = new Set([0, text.length]);
  marks.forEach((m) => { bounds.add(m.s); bounds.add(m.e); });
  const cuts = [...bounds].sort((a, b) => a - b);
  let html = "";
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [a, b] = [cuts[k], cuts[k + 1]];
    let piece = esc(text.slice(a, b));
    // innermost (shortest) mark first, so a claim shows inside its event sentence
    for (const m of marks.filter((m) => m.s <= a && b <= m.e).sort((x, y) => (x.e - x.s) - (y.e - y.s))) {
      const focus = m.id && m.id === eventId ? " focus" : "";
      piece = `<mark class="${m.cls}${focus}"${m.id ? ` data-event="${esc(m.id)}"` : ""}>${piece}</mark>`;
    }
    html += piece;
  }
  $("#art-title").textContent = d.article.title || d.article.id;
  $("#art-meta").textContent = `${d.article.published || "no date"} · ${d.article.url || d.article.source || ""}` +
    (d.article.duplicate_of ? ` · near-duplicate of ${d.article.duplicate_of}` : "");
  $("#art-text").innerHTML = html;
  $("#art-events tbody").innerHTML = d.events.map((e) => `<tr data-event="${esc(e.id)}"><td>${esc(e.type)}</td>
    <td><span class="status ${esc(e.status)}">${esc(e.status)}</span></td><td>${esc(actor(e.source))} → ${esc(actor(e.target))}</td>
    <td>${esc(e.date)}</td><td class="muted">${esc(e.evidence)}</td></tr>`).join("");
  $("#tab-article").disabled = false;
  show("article");
  focusEvent(eventId);
}
function focusEvent(id) {
  // every telling of the event is outlined (a headline and the body's sentence)
  $$("#art-text mark.focus").forEach((m) => m.classList.remove("focus"));
  const ms = id ? $$(`#art-text mark[data-event="${CSS.escape(id)}"]`) : [];
  ms.forEach((m) => m.classList.add("focus"));
  if (ms.length) ms[0].scrollIntoView({ block: "center" });
}
$("#art-events").addEventListener("click", (ev) => {
  const tr = ev.target.closest("tr[data-event]");
  if (tr) focusEvent(tr.dataset.event);
});

// ---- timeline -----------------------------------------------------------------------
async function loadPairs() {
  const sel = $("#pair");
  if (sel.options.length) return;
  const { items } = await api("/api/pairs", { limit: 50 });
  sel.innerHTML = items.map((p) => `<option value="${esc(p.source)}/${esc(p.target)}">${esc(p.source)} → ${esc(p.target)} (${p.events})</option>`).join("");
  sel.addEventListener("change", drawTimeline);
  drawTimeline();
}
function colour(intensity) { // PLOVER intensity: -10 (violent) .. +10 (cooperative)
  const t = Math.max(0, Math.min(1, (intensity + 10) / 20));
  return `hsl(${Math.round(t * 120)}, 65%, 45%)`;
}
async function drawTimeline() {
  const [s, t] = $("#pair").value.split("/");
  const { days } = await api(`/api/pairs/${s}/${t}/timeline`);
  const W = 900, H = 320, mid = 170, left = 40;
  const maxN = Math.max(1, ...days.map((d) => Math.max(d.done, d.threatened)));
  const bw = Math.max(2, Math.min(40, (W - left - 10) / Math.max(days.length, 1) - 2));
  let svg = `<line x1="${left}" x2="${W}" y1="${mid}" y2="${mid}" stroke="#999"/>
    <text x="4" y="20" font-size="11">happened</text><text x="4" y="${H - 30}" font-size="11">threats, plans</text>`;
  let lastLabel = -1e9;
  days.forEach((d, i) => {
    const x = left + i * (bw + 2);
    const up = (d.done / maxN) * (mid - 30), down = (d.threatened / maxN) * (H - mid - 50);
    if (d.done) svg += `<rect x="${x}" y="${mid - up}" width="${bw}" height="${up}" fill="${colour(d.done_intensity)}"><title>${esc(d.date)}: ${d.done} events, mean intensity ${d.done_intensity}</title></rect>`;
    if (d.threatened) svg += `<rect x="${x}" y="${mid}" width="${bw}" height="${down}" fill="${colour(d.threatened_intensity)}" opacity=".5"><title>${esc(d.date)}: ${d.threatened} threats or plans</title></rect>`;
    if (x - lastLabel >= 80) { svg += `<text x="${x}" y="${H - 8}" font-size="10">${esc(d.date)}</text>`; lastLabel = x; }
  });
  $("#chart").innerHTML = svg;
}

// ---- map ----------------------------------------------------------------------------
let world = null;
async function loadMap() {
  if (!world) world = await (await fetch("/static/world.json")).json();
  const { items } = await api("/api/places", { limit: 2000 });
  const max = Math.max(1, ...items.map((p) => p.mentions));
  $("#map").innerHTML = world.countries.map((c) => `<path d="${c.d}"><title>${esc(c.name)}</title></path>`).join("") +
    items.map((p) => `<circle cx="${(p.lon + 180).toFixed(2)}" cy="${(90 - p.lat).toFixed(2)}" r="${(0.6 + 3 * Math.sqrt(p.mentions / max)).toFixed(2)}"><title>${esc(p.name)} (${esc(p.country || "?")}): ${p.mentions} mentions in ${p.articles} articles</title></circle>`).join("");
  $("#map-caption").textContent = `${items.length} places, sized by mentions. Country outlines: Natural Earth.`;
}

// ---- claims -------------------------------------------------------------------------
async function loadUnits() {
  const sel = $("#unit");
  if (sel.options.length) return;
  const { items } = await api("/api/claims", { limit: 1000 });
  const units = {};
  items.forEach((c) => { units[c.unit] = (units[c.unit] || 0) + 1; });
  sel.innerHTML = Object.entries(units).sort((a, b) => b[1] - a[1]).map(([u, n]) => `<option>${esc(u)}</option>`).join("");
  sel.addEventListener("change", drawClaims);
  drawClaims();
}
async function drawClaims() {
  const { claimants } = await api("/api/claims/compare", { unit: $("#unit").value });
  const fmt = (c) => (c.qualifier ? c.qualifier + " " : "") + (c.value_low === c.value_high ? c.value_low.toLocaleString() : `${c.value_low.toLocaleString()}–${c.value_high.toLocaleString()}`);
  $("#compare").innerHTML = `<table><thead><tr>${claimants.map((k) => `<th>${esc(k.claimant)}</th>`).join("")}</tr></thead><tbody><tr>` +
    claimants.map((k) => `<td>${k.claims.map((c) => `<div data-article="${esc(c.article_id)}" title="${esc(c.sentence)}"><b>${esc(fmt(c))}</b> ${esc(c.subject)} <span class="status ${esc(c.status)}">${esc(c.status)}</span></div>`).join("")}</td>`).join("") +
    `</tr></tbody></table>`;
}
$("#compare").addEventListener("click", (ev) => { const d = ev.target.closest("[data-article]"); if (d) openArticle(d.dataset.article); });

// ---- start --------------------------------------------------------------------------
(async () => {
  const meta = await api("/api/meta");
  $("select[name=type]").innerHTML += meta.types.map((t) => `<option>${t}</option>`).join("");
  $("select[name=status]").innerHTML += meta.statuses.map((t) => `<option>${t}</option>`).join("");
  const s = await api("/api/stats");
  $("#summary").textContent = `${s.articles} articles · ${s.events} events · ${s.claims} claims`;
  loadEvents();
})();
