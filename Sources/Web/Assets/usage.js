// The usage page: reads the pasted key's balance (/v1/me) and ledger (/v1/me/usage) and shows them per day (with a
// chart) and per model, and the latest requests.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const DAYS = 30;
  const SVG = "http://www.w3.org/2000/svg";
  const form = $("key-form"), keyInput = $("api-key"), status = $("usage-status"), report = $("usage-report");
  const metric = $("chart-metric");
  let days = null;

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  async function api(path, key) {
    const response = await fetch(path, { headers: { Authorization: "Bearer " + key } });
    let body = null;
    try { body = await response.json(); } catch (_) { /* not JSON */ }
    if (!response.ok) {
      const message = body && body.error && body.error.message;
      throw new Error(message ? `${response.status}: ${message}` : `${response.status} ${response.statusText}`);
    }
    return body;
  }

  const integer = (n) => Number(n || 0).toLocaleString("en-US");
  /** Dollars: four decimals from a cent up, three significant digits below (costs are whole ticks of $1e-10). */
  function usd(v) {
    if (!(v > 0)) return "$0";
    if (v >= 0.01) return "$" + v.toFixed(v >= 100 ? 2 : 4);
    return "$" + Number(v.toPrecision(3)).toFixed(10).replace(/0+$/, "");
  }
  function dayKey(ms) {
    const d = new Date(ms);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }
  const rowTokens = (r) => r.prompt_tokens + r.completion_tokens + r.reasoning_tokens;

  function cell(text, numeric) {
    const td = document.createElement("td");
    td.textContent = text;
    if (numeric) td.className = "num";
    return td;
  }

  function fillTable(id, rows) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement("tr");
      tr.append(...cells);
      return tr;
    }));
  }

  function emptyTotals() {
    return { requests: 0, prompt: 0, completion: 0, reasoning: 0, cost: 0 };
  }
  function add(t, r) {
    t.requests += 1;
    t.prompt += r.prompt_tokens;
    t.completion += r.completion_tokens;
    t.reasoning += r.reasoning_tokens;
    t.cost += r.cost_in_usd_ticks / 1e10;
  }
  const totalsCells = (t) => [cell(integer(t.requests), true), cell(integer(t.prompt), true),
    cell(integer(t.completion), true), cell(integer(t.reasoning), true), cell(usd(t.cost), true)];

  /** Ledger rows → one entry per day of the last DAYS days (oldest first), empty days included. */
  function perDay(rows) {
    const byDay = new Map();
    const today = new Date();
    for (let i = DAYS - 1; i >= 0; i--) {
      const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
      byDay.set(dayKey(d.getTime()), emptyTotals());
    }
    for (const r of rows) {
      const t = byDay.get(dayKey(r.created_at_ms));
      if (t) add(t, r);
    }
    return Array.from(byDay, ([day, totals]) => ({ day, totals }));
  }

  function perModel(rows) {
    const byModel = new Map();
    for (const r of rows) {
      if (!byModel.has(r.model)) byModel.set(r.model, emptyTotals());
      add(byModel.get(r.model), r);
    }
    return Array.from(byModel, ([model, totals]) => ({ model, totals })).sort((a, b) => b.totals.cost - a.totals.cost || b.totals.requests - a.totals.requests);
  }

  function value(t, which) {
    if (which === "tokens") return t.prompt + t.completion + t.reasoning;
    if (which === "requests") return t.requests;
    return t.cost;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A bar per day, in inline SVG; each bar's title names the day and its value. */
  function drawChart() {
    if (!days) return;
    const which = metric.value;
    const label = { cost: "Spend", tokens: "Tokens", requests: "Requests" }[which];
    const format = which === "cost" ? usd : integer;
    const width = 900, height = 220, left = 96, bottom = 24, top = 12;
    const max = Math.max(...days.map((d) => value(d.totals, which)), which === "cost" ? 0 : 1);
    const step = (width - left) / days.length;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `${label} per day over the last ${DAYS} days; total ${format(days.reduce((s, d) => s + value(d.totals, which), 0))}` });
    chart.append(svg("line", { class: "axis", x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
    chart.append(svg("text", { x: left - 6, y: top + 4, "text-anchor": "end" }, format(max)));
    chart.append(svg("text", { x: left - 6, y: height - bottom, "text-anchor": "end" }, format(0)));
    days.forEach((d, i) => {
      const v = value(d.totals, which);
      const h = max > 0 ? (v / max) * (height - bottom - top) : 0;
      const bar = svg("rect", { class: "bar", x: left + i * step + 2, y: height - bottom - h, width: Math.max(1, step - 4), height: Math.max(h, v > 0 ? 1 : 0), rx: 2 });
      bar.append(svg("title", {}, `${d.day}: ${format(v)}`));
      chart.append(bar);
      if (i % 5 === 0 || i === days.length - 1) {
        chart.append(svg("text", { x: left + i * step + step / 2, y: height - 6, "text-anchor": "middle" }, d.day.slice(5)));
      }
    });
    $("chart").replaceChildren(chart);
  }

  function render(me, usage) {
    const rows = usage.data || [];
    $("key-name").textContent = `${me.name} (${me.prefix}…)`;
    const balance = me.available_usd !== undefined && me.available_usd !== null ? me.available_usd : me.credit_usd;
    $("balance").textContent = balance === null || balance === undefined ? "unlimited" : usd(balance);
    const all = me.usage || {};
    $("total-requests").textContent = integer(all.requests);
    $("total-tokens").textContent = integer((all.prompt_tokens || 0) + (all.completion_tokens || 0) + (all.reasoning_tokens || 0));
    $("total-spend").textContent = usd(all.cost_usd);
    days = perDay(rows);
    drawChart();
    fillTable("daily-table", days.slice().reverse().filter((d) => d.totals.requests > 0)
      .map((d) => [cell(d.day)].concat(totalsCells(d.totals))));
    fillTable("model-table", perModel(rows).map((m) => [cell(m.model)].concat(totalsCells(m.totals))));
    fillTable("latest-table", rows.slice(0, 50).map((r) => [
      cell(new Date(r.created_at_ms).toLocaleString()), cell(r.id), cell(r.model), cell(r.route),
      cell(r.status + (r.finish_reason ? ` (${r.finish_reason})` : "")), cell(integer(r.prompt_tokens), true),
      cell(integer(r.completion_tokens), true), cell(integer(r.reasoning_tokens), true),
      cell(usd(r.cost_in_usd_ticks / 1e10), true), cell(integer(r.duration_ms), true),
    ]));
    report.hidden = false;
    const truncated = rows.length >= 10000 ? " Only the newest 10,000 requests of the period are counted per day." : "";
    setStatus(`Updated ${new Date().toLocaleTimeString()}: ${integer(rows.length)} requests in the last ${DAYS} days.${truncated}`);
  }

  async function load() {
    const key = keyInput.value.trim();
    if (!key) {
      report.hidden = true;
      setStatus("Paste a key to see its balance and requests.");
      return;
    }
    setStatus("Loading…");
    const start = new Date();
    const since = Math.floor(new Date(start.getFullYear(), start.getMonth(), start.getDate() - (DAYS - 1)).getTime() / 1000);
    try {
      const [me, usage] = await Promise.all([api("/v1/me", key), api(`/v1/me/usage?since=${since}&limit=10000`, key)]);
      render(me, usage);
    } catch (e) {
      report.hidden = true;
      setStatus(e.message, true);
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    window.Swiftlet.key.set(keyInput.value.trim());
    load();
  });
  $("forget-key").addEventListener("click", () => {
    keyInput.value = "";
    window.Swiftlet.key.set("");
    load();
  });
  metric.addEventListener("change", drawChart);
  keyInput.value = window.Swiftlet.key.get();
  load();
})();
