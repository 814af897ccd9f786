// flashpoint dashboard. Libraries are bundled under /static/vendor (d3,
// Observable Plot, Leaflet, Leaflet.markercluster: scripts/vendor_web.py);
// nothing is loaded from outside the machine.
"use strict";
const $ = (s, el = document) => el.querySelector(s);
const $$ = (s, el = document) => [...el.querySelectorAll(s)];
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const params = new URLSearchParams(location.search);
const token = params.get("token");
const POLL_MS = Math.max(500, Number(params.get("poll")) || 5000);
const CODE = /^[A-Za-z0-9]{2,6}$/;

// the answer to the latest of several requests of one kind, or null when a
// later one was sent meanwhile (a stale answer must not overwrite a fresh one)
const asked = {};
async function latest(kind, promise) {
  const n = (asked[kind] = (asked[kind] || 0) + 1);
  const value = await promise;
  return n === asked[kind] ? value : null;
}

async function api(path, query = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== "" && v != null && v !== false) url.searchParams.set(k, v);
  const res = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).detail || res.statusText);
  return res.json();
}

// ---- views ----------------------------------------------------------------------------
let current = "events";
function show(view) {
  current = view;
  $$("nav button").forEach((b) => { const on = b.dataset.view === view; b.classList.toggle("active", on); b.setAttribute("aria-pressed", on); });
  $$(".view").forEach((v) => v.classList.toggle("active", v.id === `view-${view}`));
  $("#filter-box").hidden = !(view === "events" || view === "map");  // the map takes the table's filters
  return redraw(view);
}
function redraw(view = current) {
  if (view === "events") return loadEvents();
  if (view === "timeline") return loadTimeline();
  if (view === "map") return loadMap();
  if (view === "claims") return loadClaims();
}
$$("nav button").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));

// ---- actors by name ---------------------------------------------------------------------
// Every actor field takes a name or a code; suggestions come from the
// project's own actor tables (/api/actors), and a name is resolved to its
// code when the form is sent ("Putin" -> RUS).
let suggestTimer = null;
$$("input[data-actor]").forEach((inp) => inp.addEventListener("input", () => {
  clearTimeout(suggestTimer);
  const v = inp.value.trim();
  if (v.length < 2) return;
  suggestTimer = setTimeout(async () => {
    const { items } = await api("/api/actors", { q: v, limit: 8 });
    $("#actor-list").innerHTML = items.map((a) => `<option value="${esc(a.code)}" label="${esc(describe(a))}"></option>`).join("");
  }, 150);
}));
function describe(a) {
  const who = a.person ? `${a.person}${a.role ? ", " + a.role : ""}` : a.matched !== a.name && a.kind !== "code" ? a.matched : "";
  return `${a.name}${who ? " — " + who : ""} (${a.code}, ${a.events} events)`;
}
async function resolveActor(text) {
  const v = (text || "").trim();
  if (!v) return { code: "", note: "" };
  const { items } = await api("/api/actors", { q: v, limit: 1 });
  if (!items.length) {
    if (CODE.test(v)) return { code: v.toUpperCase(), note: "" };
    return { code: null, note: `no actor named “${v}”: try a country, a group, a leader or a code` };
  }
  const a = items[0];
  const via = a.person ? ` (${a.person})` : a.matched !== a.name && a.kind !== "code" && a.matched !== v ? ` (${a.matched})` : "";
  return { code: a.code, note: a.code.toUpperCase() === v.toUpperCase() ? "" : `“${v}” → ${a.name}${via}: ${a.code}, ${a.events} events` };
}
async function resolveForm(form, names, hint) {
  const out = {};
  const notes = [];
  for (const n of names) {
    const r = await resolveActor(form.elements[n].value);
    if (r.code === null) { hint.textContent = r.note; return null; }
    out[n] = r.code;
    if (r.note) notes.push(r.note);
  }
  hint.textContent = notes.join(" · ");
  return out;
}

// ---- events -----------------------------------------------------------------------------
const PAGE = 50;
let offset = 0;
let filters = {};
const actor = (a) => (a ? `${a.code}${a.sector ? "/" + a.sector : ""}` : "–");
const statusTag = (s) => `<span class="status ${esc(s)}">${esc(s)}</span>`;

function eventRow(e, withDate = true) {
  return `<tr tabindex="0" data-article="${esc(e.article_id)}" data-event="${esc(e.id)}">
      ${withDate ? `<td data-label="date">${esc(e.date)}</td>` : ""}<td data-label="type">${esc(e.type)}${e.mode ? " <span class=muted>" + esc(e.mode) + "</span>" : ""}</td>
      <td data-label="status">${statusTag(e.status)}</td>
      <td data-label="actors">${esc(actor(e.source))} → ${esc(actor(e.target))}</td><td data-label="place">${esc(e.place?.name ?? "")}</td>
      <td data-label="mentions">${e.mentions}</td><td data-label="sentence" class="sentence">${esc(e.sentence.length > 180 ? e.sentence.slice(0, 180) + "…" : e.sentence)}</td>
    </tr>`;
}
async function loadEvents() {
  let data;
  try {
    data = await latest("events", api("/api/events", { ...filters, limit: PAGE, offset }));
    if (!data) return;
  } catch (e) {
    $("#events tbody").innerHTML = `<tr><td colspan="7">${esc(e.message)}</td></tr>`;
    return;
  }
  $("#events tbody").innerHTML = data.items.map((e) => eventRow(e)).join("");
  $("#page").textContent = `${data.total ? offset + 1 : 0}–${Math.min(offset + PAGE, data.total)} of ${data.total}`;
  $("#prev").disabled = offset === 0;
  $("#next").disabled = offset + PAGE >= data.total;
}
$("#filters").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const form = ev.target;
  const actors = await resolveForm(form, ["source", "target"], $("#filter-hint"));
  if (!actors) return;
  filters = { ...Object.fromEntries(new FormData(form)), ...actors };
  offset = 0;
  const n = Object.values(filters).filter((v) => v).length;
  $("#filter-count").textContent = n ? `(${n} set)` : "";
  redraw();
});
$("#filters").addEventListener("reset", () => {
  filters = {}; offset = 0; $("#filter-hint").textContent = ""; $("#filter-count").textContent = ""; setTimeout(redraw);
});
// on a phone the filters fold away under their heading, so the table starts on the first screen
if (matchMedia("(max-width: 700px)").matches) $("#filter-box").open = false;
$("#prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadEvents(); });
$("#next").addEventListener("click", () => { offset += PAGE; loadEvents(); });
// a row opens its sentence: by click, or Enter on the focused row
for (const sel of ["#events tbody", "#tl-day-events"]) {
  const open = (ev) => {
    const tr = ev.target.closest("tr[data-article]");
    if (tr && (ev.type === "click" || ev.key === "Enter")) openArticle(tr.dataset.article, { event: tr.dataset.event });
  };
  $(sel).addEventListener("click", open);
  $(sel).addEventListener("keydown", open);
}

// ---- article: every event, claim and place highlighted in the text ----------------------
async function openArticle(id, focus = {}) {
  const d = await api(`/api/articles/${encodeURIComponent(id)}`);
  const text = d.article.text;
  const marks = [];
  for (const e of d.events) {
    marks.push({ s: e.span[0], e: e.span[1], cls: "ev", attr: `data-event="${esc(e.id)}"` });
    for (const [s, t] of e.also_in_spans || []) marks.push({ s, e: t, cls: "ev", attr: `data-event="${esc(e.id)}"` });  // the same event told again
  }
  for (const c of d.claims) marks.push({ s: c.number_span[0], e: c.number_span[1], cls: "cl", attr: `data-claim="${c.claim_index}"` });
  for (const p of d.places) for (const f of p.forms || [p.name]) {
    let i = -1;
    while ((i = text.indexOf(f, i + 1)) >= 0) {
      if (/\p{L}/u.test(text[i - 1] || "") || /\p{L}/u.test(text[i + f.length] || "")) continue;  // "Russia" in "Russian" is no place
      marks.push({ s: i, e: i + f.length, cls: "pl", attr: "" });
    }
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
      piece = `<mark class="${m.cls}" ${m.attr}>${piece}</mark>`;
    }
    html += piece;
  }
  $("#art-title").textContent = d.article.title || d.article.id;
  $("#art-meta").textContent = `${d.article.published || "no date"} · ${d.article.url || d.article.source || ""}` +
    (d.article.duplicate_of ? ` · near-duplicate of ${d.article.duplicate_of}` : "");
  $("#art-text").innerHTML = html;
  $("#art-events tbody").innerHTML = d.events.map((e) => `<tr tabindex="0" data-event="${esc(e.id)}"><td data-label="type">${esc(e.type)}</td>
    <td data-label="status">${statusTag(e.status)}</td><td data-label="actors">${esc(actor(e.source))} → ${esc(actor(e.target))}</td>
    <td data-label="date">${esc(e.date)}</td><td data-label="evidence" class="muted sentence">${esc(e.evidence)}</td></tr>`).join("");
  $("#tab-article").disabled = false;
  show("article");
  if (focus.claim != null) focusMarks(`#art-text mark[data-claim="${CSS.escape(String(focus.claim))}"]`);
  else focusMarks(focus.event ? `#art-text mark[data-event="${CSS.escape(focus.event)}"]` : null);
}
function focusMarks(selector) {
  // every telling of the event is outlined (a headline and the body's sentence)
  $$("#art-text mark.focus").forEach((m) => m.classList.remove("focus"));
  const ms = selector ? $$(selector) : [];
  ms.forEach((m) => m.classList.add("focus"));
  if (ms.length) ms[0].scrollIntoView({ block: "center" });
}
const focusRow = (ev) => {
  const tr = ev.target.closest("tr[data-event]");
  if (tr && (ev.type === "click" || ev.key === "Enter")) focusMarks(`#art-text mark[data-event="${CSS.escape(tr.dataset.event)}"]`);
};
$("#art-events").addEventListener("click", focusRow);
$("#art-events").addEventListener("keydown", focusRow);

// ---- timeline ---------------------------------------------------------------------------
const DAY = 864e5;
const toDate = (s) => new Date(s + "T00:00:00Z");
const iso = (d) => d.toISOString().slice(0, 10);
const tl = { a: null, b: null, data: null, extent: null, domain: null, selected: null };

async function loadTimeline() {
  if (!$("#top-pairs").childElementCount) {
    // the busiest pairs, both directions together, as a quick pick; any other pair by name above
    const { items } = await api("/api/pairs", { limit: 60 });
    const pairs = new Map();
    for (const p of items) {
      const key = [p.source, p.target].sort().join("/");
      pairs.set(key, (pairs.get(key) || 0) + p.events);
    }
    $("#top-pairs").innerHTML = "busiest: " + [...pairs].sort((x, y) => y[1] - x[1]).slice(0, 8)
      .map(([k, n]) => `<button type="button" class="chip" data-pair="${esc(k)}">${esc(k.replace("/", " ⇄ "))} <span class="muted">${n}</span></button>`).join("");
    if (!tl.a && !pairAsked && pairs.size) {  // unless a pair was asked for meanwhile
      const [a, b] = [...pairs].sort((x, y) => y[1] - x[1])[0][0].split("/");
      return choosePair(a, b);
    }
  }
  if (tl.a) return choosePair(tl.a, tl.b, true);
}
$("#top-pairs").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-pair]");
  if (b) { const [x, y] = b.dataset.pair.split("/"); choosePair(x, y); }
});
$("#pair-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const r = await resolveForm(ev.target, ["a", "b"], $("#pair-hint"));
  if (r && r.a) choosePair(r.a, r.b || null);
});

let pairAsked = 0;
async function choosePair(a, b, keepDomain = false) {
  const asked = ++pairAsked;
  const data = await api("/api/dyad", { a, b });
  if (asked !== pairAsked) return;  // a later choice (the user's, over the first busiest pair) wins
  const f = $("#pair-form").elements;
  if (f.a.value.toUpperCase() !== a) f.a.value = a;
  if ((f.b.value || "").toUpperCase() !== (b || "")) f.b.value = b || "";
  tl.a = a; tl.b = b; tl.data = data;
  const days = data.days.map((d) => toDate(d.date));
  const lo = days.length ? d3.min(days) : new Date(), hi = days.length ? d3.max(days) : new Date();
  tl.extent = [new Date(+lo - 3 * DAY), new Date(+hi + 4 * DAY)];
  if (!keepDomain || !tl.domain) tl.domain = tl.extent.slice();
  const nameA = `${data.a_name} (${data.a})`, nameB = data.b ? `${data.b_name} (${data.b})` : "anyone";
  $("#tl-title").textContent = `${nameA} ⇄ ${nameB}` + (data.undated ? ` · ${data.undated} undated events not drawn` : "");
  drawTimeline();
}

function binFor(span) {  // bars a few pixels wide at least: days, weeks or months
  if (span <= 150 * DAY) return { interval: d3.utcDay, name: "day" };
  if (span <= 3 * 365 * DAY) return { interval: d3.utcWeek, name: "week" };
  return { interval: d3.utcMonth, name: "month" };
}
const SERIES = () => {
  const a = tl.data.a, b = tl.data.b || "anyone";
  return [
    { key: "ab:happened", label: `${a} → ${b}: happened`, colour: "#c0392b" },
    { key: "ba:happened", label: `${b} → ${a}: happened`, colour: "#1f6fb2" },
    { key: "ab:threatened", label: `${a} → ${b}: threatened, planned, hypothetical`, colour: "#f0a39a" },
    { key: "ba:threatened", label: `${b} → ${a}: threatened, planned, hypothetical`, colour: "#9cc5ea" },
  ];
};

function drawTimeline() {
  const host = $("#tl-counts");
  const width = Math.max(280, host.clientWidth || 800);
  const [x0, x1] = tl.domain;
  const bin = binFor(x1 - x0);
  tl.bin = bin;
  const series = SERIES();
  // aggregate the API's day rows into bins: counts per direction and kind; intensity weighted by count
  const bars = new Map(), line = new Map();
  for (const d of tl.data.days) {
    if (d.kind === "denied") continue;  // denied events are listed, not drawn
    const start = bin.interval.floor(toDate(d.date));
    if (start > x1 || bin.interval.offset(start, 1) < x0) continue;
    const key = `${+start}|${d.direction}:${d.kind}`;
    const sign = d.kind === "happened" ? 1 : -1;
    const bar = bars.get(key) || { start, end: bin.interval.offset(start, 1), series: `${d.direction}:${d.kind}`, n: 0 };
    bar.n += d.events;
    bar.y = sign * bar.n;
    bars.set(key, bar);
    const lk = `${+start}|${d.kind}`;
    const l = line.get(lk) || { date: new Date((+start + +bin.interval.offset(start, 1)) / 2), kind: d.kind, sum: 0, n: 0 };
    l.sum += d.mean_intensity * d.events; l.n += d.events;
    line.set(lk, l);
  }
  const rows = [...bars.values()];
  const label = Object.fromEntries(series.map((s) => [s.key, s.label]));
  const colour = { domain: series.map((s) => s.key), range: series.map((s) => s.colour) };
  const fmt = d3.utcFormat("%Y-%m-%d");
  const title = (r) => `${bin.name} of ${fmt(r.start)}: ${r.n} ${label[r.series]}`;
  const counts = Plot.plot({
    width, height: 240, marginLeft: 44, marginRight: 22, style: { fontSize: "12px" },
    ariaLabel: `events per ${bin.name}, ${$("#tl-title").textContent}`,
    x: { type: "utc", domain: tl.domain, label: null },
    y: { label: `events per ${bin.name} (↑ happened, ↓ threatened)`, grid: true, tickFormat: (v) => Math.abs(v), nice: true },
    color: colour,
    marks: [
      Plot.rectY(rows, { x1: "start", x2: "end", y: "y", fill: "series", title, insetLeft: 0.5, insetRight: 0.5, clip: true }),
      Plot.ruleY([0], { stroke: "#555" }),
      tl.selected ? Plot.rectX([tl.selected], { x1: "start", x2: "end", fill: "#f5b83d", fillOpacity: 0.25, clip: true }) : null,
    ],
  });
  host.replaceChildren(counts);
  tl.xscale = counts.scale("x");
  const points = [...line.values()].map((l) => ({ ...l, mean: l.sum / l.n })).sort((p, q) => p.date - q.date);
  // the line is broken where a period has no events: a gap of years is not a trend
  const segments = (pts) => { let seg = 0, prev = null; return pts.map((p) => {
    if (prev && bin.interval.offset(bin.interval.floor(prev.date), 1) < bin.interval.floor(p.date)) seg++;
    prev = p; return { ...p, seg }; }); };
  const happened = segments(points.filter((p) => p.kind === "happened")), threatened = segments(points.filter((p) => p.kind !== "happened"));
  const lineFig = Plot.plot({
    width, height: 150, marginLeft: 44, marginRight: 22, style: { fontSize: "12px" },
    ariaLabel: `mean PLOVER intensity per ${bin.name}`,
    x: { type: "utc", domain: tl.domain, label: null },
    y: { domain: [-10, 10], label: "conflict ← intensity → cooperation", grid: true, ticks: [-10, -5, 0, 5, 10] },
    marks: [
      Plot.ruleY([0], { stroke: "#999" }),
      Plot.line(happened, { x: "date", y: "mean", z: "seg", stroke: "#1d2330", strokeWidth: 2, clip: true }),
      Plot.dot(happened, { x: "date", y: "mean", fill: "#1d2330", r: 3, clip: true, title: (p) => `${fmt(p.date)}: happened, mean intensity ${p.mean.toFixed(1)} (${p.n})` }),
      Plot.line(threatened, { x: "date", y: "mean", z: "seg", stroke: "#b35900", strokeDasharray: "5,4", strokeWidth: 1.5, clip: true }),
      Plot.dot(threatened, { x: "date", y: "mean", stroke: "#b35900", fill: "white", r: 3, clip: true, title: (p) => `${fmt(p.date)}: threatened or planned, mean intensity ${p.mean.toFixed(1)} (${p.n})` }),
    ],
  });
  $("#tl-line").replaceChildren(lineFig);
  $("#tl-legend").replaceChildren(Plot.legend({ color: { ...colour, tickFormat: (k) => label[k] }, swatchSize: 12, style: { fontSize: "12px" } }),
    Object.assign(document.createElement("span"), { className: "line-key", innerHTML: "<b>━</b> mean intensity of what happened · <b class=dash>╌</b> of threats and plans" }));
  drawOverview(width);
  $("#tl-since").value = iso(x0);
  $("#tl-until").value = iso(new Date(+x1 - 1));
  // the periods shown, for the keyboard: pick one to list its events
  const periods = d3.rollups(rows, (v) => d3.sum(v, (r) => r.n), (r) => +r.start).sort((p, q) => p[0] - q[0]);
  $("#tl-day").innerHTML = `<option value="">— ${periods.length} ${bin.name}s with events —</option>` +
    periods.map(([s, n]) => `<option value="${s}" ${tl.selected && +tl.selected.start === s ? "selected" : ""}>${bin.name} of ${fmt(new Date(s))}: ${n} events</option>`).join("");
}

function drawOverview(width) {
  // the whole span, a brush on it sets the range shown above
  const all = d3.rollups(tl.data.days.filter((d) => d.kind !== "denied"), (v) => d3.sum(v, (d) => d.events), (d) => +binFor(tl.extent[1] - tl.extent[0]).interval.floor(toDate(d.date)))
    .map(([s, n]) => ({ start: new Date(s), end: binFor(tl.extent[1] - tl.extent[0]).interval.offset(new Date(s), 1), n }));
  const fig = Plot.plot({
    width, height: 56, marginLeft: 44, marginRight: 22, marginBottom: 20, style: { fontSize: "11px" },
    ariaLabel: "the whole period: brush to choose the range shown",
    x: { type: "utc", domain: tl.extent, label: null, ticks: 5 }, y: { axis: null },
    marks: [Plot.rectY(all, { x1: "start", x2: "end", y: "n", fill: "#8894a8" }), Plot.ruleY([0])],
  });
  const x = fig.scale("x");
  const brush = d3.brushX().extent([[44, 0], [width - 22, 36]]).on("end", (ev) => {
    if (!ev.sourceEvent) return;  // moved by code
    if (!ev.selection) { tl.domain = tl.extent.slice(); } else { tl.domain = ev.selection.map((px) => new Date(x.invert(px))); }
    drawTimeline();
  });
  const g = d3.select(fig).append("g").attr("class", "brush").call(brush);
  g.call(brush.move, tl.domain.map((d) => Math.max(44, Math.min(width - 22, x.apply(d)))));
  $("#tl-overview").replaceChildren(fig);
}

function setDomain(x0, x1) {
  const min = 7 * DAY;
  if (x1 - x0 < min) { const c = (+x0 + +x1) / 2; x0 = c - min / 2; x1 = c + min / 2; }
  const [e0, e1] = tl.extent;
  const span = Math.min(x1 - x0, Math.max(e1 - e0, min));
  if (x0 < e0) { x0 = +e0; x1 = x0 + span; }
  if (x1 > e1) { x1 = +e1; x0 = x1 - span; }
  tl.domain = [new Date(x0), new Date(x1)];
  drawTimeline();
}
function zoom(factor, at) {
  const [x0, x1] = tl.domain.map(Number);
  const c = at ?? (x0 + x1) / 2;
  setDomain(c - (c - x0) * factor, c + (x1 - c) * factor);
}
function pan(fraction) {
  const [x0, x1] = tl.domain.map(Number);
  const d = (x1 - x0) * fraction;
  setDomain(x0 + d, x1 + d);
}
$("#tl-in").addEventListener("click", () => zoom(0.5));
$("#tl-out").addEventListener("click", () => zoom(2));
$("#tl-left").addEventListener("click", () => pan(-0.5));
$("#tl-right").addEventListener("click", () => pan(0.5));
$("#tl-all").addEventListener("click", () => setDomain(...tl.extent.map(Number)));
for (const id of ["#tl-since", "#tl-until"]) $(id).addEventListener("change", () => {
  const s = $("#tl-since").value, u = $("#tl-until").value;
  if (s && u && s <= u) setDomain(+toDate(s), +toDate(u) + DAY);
});
let wheelFrame = null;
$("#tl-counts").addEventListener("wheel", (ev) => {
  if (!tl.xscale) return;
  ev.preventDefault();
  const rect = ev.currentTarget.getBoundingClientRect();
  const at = +tl.xscale.invert(ev.clientX - rect.left);
  const factor = ev.deltaY > 0 ? 1.25 : 0.8;
  cancelAnimationFrame(wheelFrame);
  wheelFrame = requestAnimationFrame(() => zoom(factor, at));
}, { passive: false });
$("#tl-counts").addEventListener("keydown", (ev) => {
  const keys = { "+": () => zoom(0.5), "=": () => zoom(0.5), "-": () => zoom(2), ArrowLeft: () => pan(-0.25), ArrowRight: () => pan(0.25) };
  if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
});
$("#tl-counts").addEventListener("click", (ev) => {
  if (!tl.xscale) return;
  const rect = ev.currentTarget.getBoundingClientRect();
  const at = tl.xscale.invert(ev.clientX - rect.left);
  selectPeriod(+tl.bin.interval.floor(at));
});
$("#tl-day").addEventListener("change", (ev) => { if (ev.target.value) selectPeriod(Number(ev.target.value)); });

async function selectPeriod(start) {
  const s = new Date(start), e = tl.bin.interval.offset(s, 1);
  tl.selected = { start: s, end: e };
  drawTimeline();
  const range = { since: iso(s), until: iso(new Date(+e - DAY)), limit: 500 };
  const asks = tl.b ? [{ source: tl.a, target: tl.b }, { source: tl.b, target: tl.a }] : [{ source: tl.a }, { target: tl.a }];
  const pages = await Promise.all(asks.map((p) => api("/api/events", { ...p, ...range })));
  const seen = new Set();
  const items = pages.flatMap((p) => p.items).filter((e) => !seen.has(e.id) && seen.add(e.id) && e.target?.code !== e.source?.code)
    .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const when = range.since === range.until ? range.since : `${range.since} – ${range.until}`;
  $("#tl-day-events").innerHTML = `<h3>${esc(when)}: ${items.length} events</h3>` + (items.length
    ? `<table class="cards"><caption class="sr">Events of ${esc(when)}; press Enter on a row to read its sentence</caption><tbody>${items.map((e) => eventRow(e)).join("")}</tbody></table>`
    : "<p>No events.</p>");
}

// ---- map ----------------------------------------------------------------------------------
let world = null, map = null, placesLayer = null;
async function loadMap() {
  world = world || fetch("/static/world.json").then((r) => r.json());  // asked once, however often this runs
  const outlines = await world;
  if (!map) {
    // no tile server: the country outlines are the base layer (Natural Earth, bundled)
    map = L.map("map", { worldCopyJump: false, minZoom: 1, maxZoom: 9, zoomSnap: 0.5, maxBounds: [[-85, -220], [85, 220]], maxBoundsViscosity: 0.8 });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth");
    L.geoJSON(outlines, {
      style: { color: "#a9a29a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      onEachFeature: (f, layer) => layer.bindTooltip(esc(f.properties.name), { sticky: true, className: "country-tip" }),
    }).addTo(map);
    // country names, the larger countries first as one zooms in
    const labels = L.layerGroup().addTo(map);
    const labelled = outlines.features.map((f) => {
      const polys = f.geometry.coordinates.map((p) => L.latLngBounds(p[0].map(([x, y]) => [y, x])));
      const big = polys.reduce((a, b) => (area(b) > area(a) ? b : a));
      return { name: f.properties.name, at: big.getCenter(), size: area(big) };
    });
    function area(b) { return (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest()); }
    // plain div markers: made once, shown or hidden on zoom (a Leaflet tooltip measures itself, one layout each)
    for (const c of labelled) c.marker = L.marker(c.at, { interactive: false, keyboard: false,
      icon: L.divIcon({ className: "country-label", iconSize: null, html: `<span>${esc(c.name)}</span>` }) });
    const relabel = () => {
      const min = 1500 / Math.pow(4, map.getZoom() - 1);
      for (const c of labelled) {
        const on = c.size >= min && Math.abs(c.at.lat) < 80;
        if (on !== labels.hasLayer(c.marker)) on ? labels.addLayer(c.marker) : labels.removeLayer(c.marker);
      }
    };
    map.on("zoomend moveend", relabel);
    map.fitBounds([[-50, -150], [72, 160]]);
    relabel();
    window.flashpointMap = map;  // for the browser tests
  }
  map.invalidateSize();
  const data = await latest("map", api("/api/map", filters));
  if (!data) return;
  if (placesLayer) map.removeLayer(placesLayer);
  placesLayer = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    iconCreateFunction: (cluster) => {
      const kids = cluster.getAllChildMarkers();
      const events = d3.sum(kids, (m) => m.options.place.events);
      const size = Math.round(28 + 6 * Math.log2(1 + events));
      return L.divIcon({ className: "cluster", iconSize: [size, size],
        html: `<span title="${kids.length} places, ${events} events: zoom in">${events}</span>` });
    },
  });
  const max = d3.max(data.items, (p) => Math.max(p.events, p.mentions)) || 1;
  const labelled = new Set(data.items.slice(0, 12).map((p) => p.name + p.country));  // the busiest places carry their name
  for (const p of data.items) {
    const size = Math.round(10 + 22 * Math.sqrt(Math.max(p.events, p.mentions) / max));
    const info = `${p.name} (${p.country || "?"}): ${p.events} events, ${p.mentions} mentions in ${p.articles} articles`;
    const label = labelled.has(p.name + p.country) ? `<b class="place-name">${esc(p.name)}</b>` : "";
    const marker = L.marker([p.lat, p.lon], {
      place: p, title: info, alt: info, keyboard: true,
      icon: L.divIcon({ className: `place${p.events ? "" : " no-events"}`, iconSize: [size, size],
        html: `<span class="dot" style="width:${size}px;height:${size}px"></span>${label}` }),
    });
    // a click, or Enter on the focused marker, lists the place's events
    if (p.events) marker.on("click keypress", (e) => { if (e.type === "click" || e.originalEvent.key === "Enter") placeEvents(marker, p); });
    marker.bindTooltip(`<b>${esc(p.name)}</b> (${esc(p.country || "?")})<br>${p.events} events · ${p.mentions} mentions · ${p.articles} articles`, { direction: "top" });
    placesLayer.addLayer(marker);
  }
  map.addLayer(placesLayer);
  const what = data.filtered ? "where the events the filters keep took place" : "all places the articles name";
  $("#map-caption").textContent = `${data.items.length} places, ${what}. Circles sized by events and mentions (grey: named, no event there); ` +
    "where they crowd, a dark circle counts their events: click it or zoom in. Country outlines: Natural Earth 1:110m.";
}

async function placeEvents(marker, p) {
  const data = await api("/api/map/events", { ...filters, name: p.name, country: p.country, limit: 20 });
  const list = data.items.map((e) => `<li><button type="button" class="link" data-article="${esc(e.article_id)}" data-event="${esc(e.id)}">
      ${esc(e.date ?? "undated")} ${esc(e.type)} ${esc(e.source ?? "–")} → ${esc(e.target ?? "–")}</button> ${statusTag(e.status)}</li>`).join("");
  const more = data.total > data.items.length ? `<p class="muted">${data.total - data.items.length} more: filter the table by date or actor</p>` : "";
  marker.unbindPopup().bindPopup(`<b>${esc(p.name)}</b>: ${data.total} events<ul class="place-events">${list}</ul>${more}`, { maxWidth: 320, maxHeight: 260 }).openPopup();
}
$("#map").addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-article]");
  if (b) openArticle(b.dataset.article, { event: b.dataset.event });
});

// ---- claims -------------------------------------------------------------------------------
async function loadClaims() {
  const f = $("#claims-form").elements;
  const answer = await latest("claims", api("/api/claims/groups", { q: f.q.value.trim(), disputed: f.disputed.checked }));
  if (!answer) return;
  const { items } = answer;
  const fig = (c) => (c.qualifier ? c.qualifier + " " : "") +
    (c.value_low === c.value_high ? c.value_low.toLocaleString("en") : `${c.value_low.toLocaleString("en")}–${c.value_high.toLocaleString("en")}`);
  const open = new Set($$("#groups details[open]").map((d) => d.dataset.group));
  $("#groups").innerHTML = items.length ? items.map((g) => `
    <details class="group${g.disputed ? " disputed" : ""}" data-group="${esc(g.id)}" ${open.has(g.id) ? "open" : ""}>
      <summary><span class="what">${esc(g.label)}</span> <span class="muted">${g.claims.length} figure${g.claims.length === 1 ? "" : "s"} from ${g.claimants} claimant${g.claimants === 1 ? "" : "s"}</span>
        ${g.disputed ? '<span class="badge">disputed</span>' : ""}</summary>
      <table class="cards"><caption class="sr">${esc(g.label)}</caption>
        <thead><tr><th scope="col">claimant</th><th scope="col">figure</th><th scope="col">counted</th><th scope="col">status</th><th scope="col">date</th><th scope="col">sentence</th></tr></thead>
        <tbody>${g.claims.map((c) => `<tr>
          <td data-label="claimant"><b>${esc(c.claimant)}</b>${c.claimant_name && c.claimant_name !== c.claimant ? ` <span class="muted">${esc(c.claimant_name)}</span>` : ""}</td>
          <td data-label="figure" class="figure">${esc(fig(c))}</td><td data-label="counted">${esc(c.subject)}</td>
          <td data-label="status">${statusTag(c.status)}</td><td data-label="date">${esc(c.published)}</td>
          <td data-label="sentence"><button type="button" class="link" data-article="${esc(c.article_id)}" data-claim="${c.claim_index}"
            aria-label="read the sentence: ${esc(c.sentence.slice(0, 120))}">“${esc(c.sentence.length > 90 ? c.sentence.slice(0, 90) + "…" : c.sentence)}”</button></td>
        </tr>`).join("")}</tbody></table>
    </details>`).join("") : "<p>No claims.</p>";
}
$("#claims-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadClaims(); });
$("#groups").addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-article]");
  if (b) openArticle(b.dataset.article, { claim: b.dataset.claim });
});

// ---- live: poll the database's fingerprint, redraw what is shown when it changes --------
let version = null;
async function summary() {
  const s = await api("/api/stats");
  $("#summary").textContent = `${s.articles} articles · ${s.events} events · ${s.claims} claims`;
}
async function poll() {
  if (document.hidden) return;
  try {
    const c = await api("/api/changes");
    if (version !== null && c.version !== version) {
      version = c.version;
      await summary();
      if (current !== "article") await redraw();
      $("#live").textContent = `updated ${new Date().toLocaleTimeString("en-GB")}`;
    }
    version = c.version;
  } catch (e) {
    $("#live").textContent = `live updates paused: ${e.message}`;
  }
}

// ---- start ----------------------------------------------------------------------------------
(async () => {
  const meta = await api("/api/meta");
  $("select[name=type]").innerHTML += meta.types.map((t) => `<option>${esc(t)}</option>`).join("");
  $("select[name=status]").innerHTML += meta.statuses.map((t) => `<option>${esc(t)}</option>`).join("");
  await summary();
  await loadEvents();
  await poll();
  setInterval(poll, POLL_MS);
  window.addEventListener("resize", () => { if (current === "timeline" && tl.data) drawTimeline(); });
})();
