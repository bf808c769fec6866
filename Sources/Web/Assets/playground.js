// The playground: streams answers from /v1/chat/completions with the settings on the page, shows the reasoning
// trace apart from the answer, stops a request on demand, keeps the conversation, and writes the code for the next
// request in every language.
//
// The snippets must equal the server's (Sources/Web/Snippets.swift, CodeLiteral.swift) for the same settings: the
// model pages are rendered there, and the browser test compares the two at the default settings.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("playground-data").textContent);
  const models = new Map(data.models.map((m) => [m.name, m]));
  const KEY_PLACEHOLDER = "YOUR_API_KEY";
  const DEFAULT_PROMPT = "Hello!";
  const el = {
    model: $("model"), system: $("system"), temperature: $("temperature"), maxTokens: $("max-tokens"),
    topP: $("top-p"), frequency: $("frequency-penalty"), presence: $("presence-penalty"),
    effort: $("reasoning-effort"), key: $("api-key"), forget: $("forget-key"), facts: $("model-facts"),
    transcript: $("transcript"), suggestions: $("suggestions"), composer: $("composer"), prompt: $("prompt"),
    send: $("send"), stop: $("stop"), newChat: $("new-chat"), status: $("status"),
  };
  /** The finished turns, as the next request sends them. */
  let history = [];
  /** The running request's controller (null when idle). */
  let controller = null;

  // ---- Settings ----------------------------------------------------------------------------------------------

  function number(input, fallback) {
    const v = parseFloat(input.value);
    return Number.isFinite(v) ? v : fallback;
  }

  function settings() {
    return {
      model: el.model.value,
      system: el.system.value,
      temperature: number(el.temperature, 0.7),
      maxTokens: Math.round(number(el.maxTokens, 1000)),
      topP: number(el.topP, 0.9),
      frequencyPenalty: number(el.frequency, 0),
      presencePenalty: number(el.presence, 0),
      effort: el.effort.value,
      key: el.key.value.trim(),
    };
  }

  /** The messages of the next request: system, the conversation so far, then `prompt`. */
  function messages(s, prompt) {
    const list = s.system.length > 0 ? [{ role: "system", content: s.system }] : [];
    return list.concat(history, [{ role: "user", content: prompt }]);
  }

  /** The Chat Completions body (without the streaming fields), fields in the snippets' order. */
  function chatBody(s, prompt) {
    const body = { model: s.model, messages: messages(s, prompt) };
    Object.assign(body, samplingFields(s));
    return body;
  }

  function samplingFields(s) {
    const f = {
      temperature: s.temperature, max_tokens: s.maxTokens, top_p: s.topP,
      frequency_penalty: s.frequencyPenalty, presence_penalty: s.presencePenalty,
    };
    if (s.effort) f.reasoning_effort = s.effort;
    return f;
  }

  // ---- Code literals (the twin of CodeLiteral.swift) ---------------------------------------------------------

  function formatNumber(v) {
    if (!Number.isFinite(v)) return "0";
    if (Number.isInteger(v)) return String(v === 0 ? 0 : v);
    let s = v.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
    return s === "-0" ? "0" : s;
  }
  const phpString = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  const shellWord = (s) => "'" + s.replace(/'/g, "'\\''") + "'";
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  function keyText(k, syntax) { return syntax === "json" ? JSON.stringify(k) : phpString(k); }
  function pair(syntax) { return syntax === "json" ? ": " : " => "; }

  function compact(v, syntax) {
    if (typeof v === "string") return syntax === "json" ? JSON.stringify(v) : phpString(v);
    if (typeof v === "number") return formatNumber(v);
    if (Array.isArray(v)) return "[" + v.map((x) => compact(x, syntax)).join(", ") + "]";
    const inner = Object.keys(v).map((k) => keyText(k, syntax) + pair(syntax) + compact(v[k], syntax)).join(", ");
    return syntax === "json" ? "{" + inner + "}" : "[" + inner + "]";
  }

  function block(open, close, lines, syntax, indent, unit) {
    const inner = indent + unit;
    const body = syntax === "json"
      ? lines.map((l) => inner + l).join(",\n")
      : lines.map((l) => inner + l + ",").join("\n");
    return open + "\n" + body + "\n" + indent + close;
  }

  function literal(v, syntax, indent, unit) {
    if (typeof v === "string" || typeof v === "number") return compact(v, syntax);
    if (Array.isArray(v)) {
      if (v.length === 0 || !v.some(isObject)) return compact(v, syntax);
      return block("[", "]", v.map((x) => compact(x, syntax)), syntax, indent, unit);
    }
    const lines = Object.keys(v).map((k) => keyText(k, syntax) + pair(syntax) + literal(v[k], syntax, indent + unit, unit));
    return block(syntax === "json" ? "{" : "[", syntax === "json" ? "}" : "]", lines, syntax, indent, unit);
  }

  function keywordArguments(fields) {
    return Object.keys(fields).map((k) => "    " + k + "=" + literal(fields[k], "json", "    ", "    ") + ",").join("\n");
  }

  // ---- Snippets (the twin of Snippets.swift) -----------------------------------------------------------------

  function snippets(s, prompt) {
    const base = data.base_url;
    const key = s.key || KEY_PLACEHOLDER;
    const body = chatBody(s, prompt);
    const json = JSON.stringify;
    const python = Object.assign({ key: key, model_id: s.model, messages: body.messages }, samplingFields(s));
    const anthropicFields = { model: s.model, max_tokens: s.maxTokens };
    if (s.system.length > 0) anthropicFields.system = s.system;
    anthropicFields.messages = history.concat([{ role: "user", content: prompt }]);
    anthropicFields.extra_body = { temperature: s.temperature, top_p: s.topP };
    return {
      python: `import requests

url = ${json(base + "/api/v7/llm/chat/completions")}

payload = ${literal(python, "json", "", "    ")}

headers = {
    "Content-Type": "application/json"
}

response = requests.post(url, json=payload, headers=headers)
print(response.json())
`,
      openai: `from openai import OpenAI

client = OpenAI(
    base_url=${json(base + "/v1")},
    api_key=${json(key)},
)

completion = client.chat.completions.create(
${keywordArguments(body)}
)

print(completion.choices[0].message.content)
`,
      javascript: `const response = await fetch(${json(base + "/v1/chat/completions")}, {
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    "Authorization": ${json("Bearer " + key)}
  },
  body: JSON.stringify(${literal(body, "json", "  ", "  ")})
});

const data = await response.json();
console.log(data.choices[0].message.content);
`,
      curl: `curl ${shellWord(base + "/v1/chat/completions")} \\
  -H 'Content-Type: application/json' \\
  -H ${shellWord("Authorization: Bearer " + key)} \\
  -d ${shellWord(literal(body, "json", "", "  "))}
`,
      php: `<?php
$payload = ${literal(body, "php", "", "    ")};

$ch = curl_init(${phpString(base + "/v1/chat/completions")});
curl_setopt_array($ch, [
    CURLOPT_POST => true,
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_HTTPHEADER => [
        'Content-Type: application/json',
        ${phpString("Authorization: Bearer " + key)},
    ],
    CURLOPT_POSTFIELDS => json_encode($payload),
]);

$response = curl_exec($ch);
curl_close($ch);

$data = json_decode($response, true);
echo $data['choices'][0]['message']['content'], PHP_EOL;
`,
      anthropic: `import anthropic

client = anthropic.Anthropic(
    base_url=${json(base)},
    api_key=${json(key)},
)

message = client.messages.create(
${keywordArguments(anthropicFields)}
)

print("".join(block.text for block in message.content if block.type == "text"))
`,
      "claude-code": `export ANTHROPIC_BASE_URL=${shellWord(base)}
export ANTHROPIC_AUTH_TOKEN=${shellWord(key)}
export ANTHROPIC_MODEL=${shellWord(s.model)}
export ANTHROPIC_DEFAULT_HAIKU_MODEL=${shellWord(s.model)}
claude
`,
    };
  }

  function updateSnippets() {
    const code = snippets(settings(), el.prompt.value.trim() || DEFAULT_PROMPT);
    for (const [name, text] of Object.entries(code)) {
      const target = document.querySelector(`[data-testid="snippet-${name}"]`);
      if (target && target.textContent !== text) target.textContent = text;
    }
  }

  // ---- Model facts -------------------------------------------------------------------------------------------

  function dollars(v) {
    if (!(v > 0)) return "$0";
    let s = v.toFixed(6).replace(/0+$/, "");
    const [whole, fraction] = s.split(".");
    return "$" + Number(whole).toLocaleString("en-US") + "." + (fraction + "00").slice(0, Math.max(2, fraction.length));
  }

  function priceText(p) {
    if (!p || !(p.input > 0 || p.output > 0 || p.cached_input > 0)) return "free";
    return `${dollars(p.input)} / 1M input tokens, ${dollars(p.cached_input)} / 1M cached input tokens, ${dollars(p.output)} / 1M output tokens`;
  }

  function updateFacts() {
    const m = models.get(el.model.value);
    if (!m) return;
    const parts = [];
    if (m.alias) parts.push("alias of " + m.model);
    parts.push(m.context_length.toLocaleString("en-US") + " tokens context");
    parts.push(priceText(m.price));
    if (m.reasons) parts.push("reasons by default");
    const link = document.createElement("a");
    link.href = m.page;
    link.textContent = "model page";
    el.facts.replaceChildren(parts.join(" · ") + " · ", link);
  }

  // ---- Conversation ------------------------------------------------------------------------------------------

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /** Adds the user's turn and an empty answer; the test hooks move to the new answer. */
  function newTurn(prompt) {
    el.suggestions.hidden = true;
    for (const old of el.transcript.querySelectorAll("[data-testid]")) old.removeAttribute("data-testid");
    const user = make("div", "turn user");
    user.append(make("p", "role", "You"), prompt);
    const turn = make("article", "turn assistant");
    turn.setAttribute("aria-label", "Answer");
    const reasoning = make("details", "reasoning");
    reasoning.hidden = true;
    reasoning.open = true;
    reasoning.dataset.testid = "reasoning";
    const summary = make("summary", "", "Reasoning");
    const trace = make("pre", "trace");
    reasoning.append(summary, trace);
    const answer = make("div", "answer waiting");
    answer.dataset.testid = "output";
    answer.setAttribute("aria-live", "polite");
    const usage = make("p", "usage-line");
    usage.dataset.testid = "usage";
    const error = make("p", "error-text");
    error.hidden = true;
    turn.append(make("p", "role", el.model.value), reasoning, answer, usage, error);
    el.transcript.append(user, turn);
    turn.scrollIntoView({ block: "nearest" });
    return { turn, reasoning, summary, trace, answer, usage, error };
  }

  function setBusy(busy) {
    el.send.disabled = busy;
    el.stop.disabled = !busy;
    el.transcript.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function setStatus(text, isError) {
    el.status.textContent = text;
    el.status.classList.toggle("error", Boolean(isError));
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      const e = body && body.error;
      if (e && e.message) return `${response.status}: ${e.message}`;
    } catch (_) { /* not JSON */ }
    return `${response.status} ${response.statusText}`;
  }

  function cost(usage, model) {
    if (usage && typeof usage.cost_in_usd_ticks === "number") return usage.cost_in_usd_ticks / 1e10;
    const p = model && model.price;
    if (!p || !usage) return 0;
    const cached = (usage.prompt_tokens_details && usage.prompt_tokens_details.cached_tokens) || 0;
    const reasoning = (usage.completion_tokens_details && usage.completion_tokens_details.reasoning_tokens) || 0;
    return ((usage.prompt_tokens - cached) * p.input + cached * p.cached_input
      + (usage.completion_tokens + reasoning) * p.output) / 1e6;
  }

  function usd(v) {
    if (!(v > 0)) return "$0";
    if (v >= 0.01) return "$" + v.toFixed(4);
    return "$" + Number(v.toPrecision(3)).toFixed(10).replace(/0+$/, "");
  }

  function usageText(usage, model, seconds, firstToken) {
    const parts = [];
    if (usage) {
      const cached = (usage.prompt_tokens_details && usage.prompt_tokens_details.cached_tokens) || 0;
      const reasoning = (usage.completion_tokens_details && usage.completion_tokens_details.reasoning_tokens) || 0;
      parts.push(`${usage.prompt_tokens} prompt${cached ? ` (${cached} cached)` : ""}`);
      parts.push(`${usage.completion_tokens} completion`);
      if (reasoning) parts.push(`${reasoning} reasoning`);
      parts[parts.length - 1] += " tokens";
      parts.push(usd(cost(usage, model)));
    }
    parts.push(`${seconds.toFixed(1)} s`);
    if (firstToken !== null) parts.push(`first token ${firstToken.toFixed(2)} s`);
    return parts.join(" · ");
  }

  async function send(text) {
    const prompt = (text === undefined ? el.prompt.value : text).trim();
    if (!prompt || controller) return;
    const s = settings();
    const body = chatBody(s, prompt);
    body.stream = true;
    body.stream_options = { include_usage: true };
    const ui = newTurn(prompt);
    const model = models.get(s.model);
    el.prompt.value = "";
    updateSnippets();
    controller = new AbortController();
    setBusy(true);
    setStatus("Generating… (Escape stops)");
    const started = performance.now();
    let firstToken = null, answer = "", usage = null, id = null, finish = null, failure = null, stopped = false;
    let reasoningStarted = null;
    try {
      const headers = { "Content-Type": "application/json" };
      if (s.key) headers.Authorization = "Bearer " + s.key;
      const response = await fetch("/v1/chat/completions", {
        method: "POST", headers, body: JSON.stringify(body), signal: controller.signal,
      });
      if (!response.ok) {
        failure = await errorMessage(response);
      } else {
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        let done = false;
        while (!done) {
          const chunk = await reader.read();
          if (chunk.done) break;
          buffer += decoder.decode(chunk.value, { stream: true });
          let match;
          while (!done && (match = /\r?\n\r?\n/.exec(buffer))) {
            const event = buffer.slice(0, match.index);
            buffer = buffer.slice(match.index + match[0].length);
            const lines = event.split(/\r?\n/).filter((l) => l.startsWith("data:")).map((l) => l.slice(5).replace(/^ /, ""));
            if (lines.length === 0) continue;
            const payload = lines.join("\n");
            if (payload === "[DONE]") { done = true; break; }
            let frame;
            try { frame = JSON.parse(payload); } catch (_) { continue; }
            if (frame.error) { failure = frame.error.message || "The server reported an error."; continue; }
            if (frame.id) id = frame.id;
            if (frame.usage) usage = frame.usage;
            const choice = frame.choices && frame.choices[0];
            if (!choice) continue;
            const delta = choice.delta || {};
            const thought = delta.reasoning_content || delta.reasoning;
            if (thought) {
              if (reasoningStarted === null) reasoningStarted = performance.now();
              firstToken = firstToken === null ? (performance.now() - started) / 1000 : firstToken;
              ui.reasoning.hidden = false;
              ui.trace.append(thought);
            }
            if (delta.content) {
              if (firstToken === null) firstToken = (performance.now() - started) / 1000;
              if (answer === "" && reasoningStarted !== null) {
                ui.summary.textContent = `Reasoning (${((performance.now() - reasoningStarted) / 1000).toFixed(1)} s)`;
                ui.reasoning.open = false;
              }
              answer += delta.content;
              ui.answer.append(delta.content);
            }
            if (choice.finish_reason) finish = choice.finish_reason;
          }
        }
      }
    } catch (e) {
      if (e && e.name === "AbortError") stopped = true;
      else failure = "Could not reach the server: " + (e && e.message ? e.message : e);
    }
    controller = null;
    setBusy(false);
    ui.answer.classList.remove("waiting");
    const seconds = (performance.now() - started) / 1000;
    if (failure) {
      ui.error.hidden = false;
      ui.error.textContent = failure;
      setStatus("The request failed.", true);
    } else if (stopped) {
      setStatus("Stopped.");
      ui.usage.textContent = `Stopped after ${seconds.toFixed(1)} s; the usage page shows what was billed.`;
    } else {
      setStatus(finish === "length" ? "Done (stopped at max tokens)." : "Done.");
      ui.usage.textContent = usageText(usage, model, seconds, firstToken);
    }
    if (id) {
      ui.usage.dataset.responseId = id;
      ui.usage.title = "Request id " + id;
    }
    if (!failure && answer) history = history.concat([{ role: "user", content: prompt }, { role: "assistant", content: answer }]);
    updateSnippets();
    el.prompt.focus();
  }

  function stop() {
    if (controller) controller.abort();
  }

  function newChat() {
    stop();
    history = [];
    for (const turn of el.transcript.querySelectorAll(".turn")) turn.remove();
    el.suggestions.hidden = false;
    setStatus("");
    updateSnippets();
    el.prompt.focus();
  }

  // ---- Tabs --------------------------------------------------------------------------------------------------

  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  function selectTab(tab, focus) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute("aria-selected", selected ? "true" : "false");
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
  }
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab, false));
    tab.addEventListener("keydown", (e) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      selectTab(tabs[(next + tabs.length) % tabs.length], true);
    });
  }

  // ---- Wiring ------------------------------------------------------------------------------------------------

  el.key.value = window.Swiftlet.key.get();
  el.key.addEventListener("input", () => {
    window.Swiftlet.key.set(el.key.value.trim());
    updateSnippets();
  });
  el.forget.addEventListener("click", () => {
    el.key.value = "";
    window.Swiftlet.key.set("");
    updateSnippets();
    el.key.focus();
  });
  for (const input of [el.system, el.temperature, el.maxTokens, el.topP, el.frequency, el.presence, el.prompt]) {
    input.addEventListener("input", updateSnippets);
  }
  el.model.addEventListener("change", () => { updateFacts(); updateSnippets(); });
  el.effort.addEventListener("change", updateSnippets);
  el.composer.addEventListener("submit", (e) => { e.preventDefault(); send(); });
  el.prompt.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && controller) { e.preventDefault(); stop(); } });
  el.stop.addEventListener("click", stop);
  el.newChat.addEventListener("click", newChat);
  for (const button of document.querySelectorAll(".suggestion")) {
    button.addEventListener("click", () => { el.prompt.value = button.dataset.prompt; send(); });
  }
  if (models.has(data.selected)) el.model.value = data.selected;
  updateFacts();
  updateSnippets();
})();
