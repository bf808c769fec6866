"""The Responses API acceptance run: `/v1/responses` on a live `swiftlet serve` with the real default model, driven by
the official `openai` SDK.

Usage: python3 responses_acceptance.py BASE_URL ADMIN_KEY MODEL

The server must keep a database (the stored responses live there) and accept ADMIN_KEY as a static key, with which
two API keys are created through the admin API. Checks (exits non-zero on the first failure, prints one JSON line of
facts at the end):
1. `responses.create` answers with `output_text`, a `usage` with its details and a status; the SDK's stream
   accumulator (`responses.stream`) rebuilds exactly the non-streamed output for the same request (temperature 0),
   and the raw `stream=True` events are numbered from 0 without gaps, `response.created` first and
   `response.completed` (or `response.incomplete`) last.
2. A function tool round trip: an enforced call whose arguments validate against the tool's schema (`jsonschema`),
   its `function_call_output` sent back with `previous_response_id`, and the continuation reuses the cached prompt
   (`input_tokens_details.cached_tokens` > 0).
3. `text.format` with a JSON schema gives output that validates against it.
4. `responses.retrieve` gives back the stored response; `input_items.list` the continued conversation's items;
   another key gets 404 for it; `responses.delete` removes it (then 404).
5. Bad input is a 400 in OpenAI's error shape naming the parameter.
"""
import json
import sys
import urllib.request

import jsonschema
import openai

base, admin_key, model = sys.argv[1], sys.argv[2], sys.argv[3]
facts = {}


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def create_key(name):
    req = urllib.request.Request(base + "/admin/keys", data=json.dumps({"name": name}).encode(),
                                 headers={"Authorization": f"Bearer {admin_key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["secret"]


alice = openai.OpenAI(base_url=base + "/v1", api_key=create_key("alice"), max_retries=0, timeout=600)
bob = openai.OpenAI(base_url=base + "/v1", api_key=create_key("bob"), max_retries=0, timeout=600)

# 1. Non-streaming, the SDK's stream accumulator, and the raw event stream.
ASK = dict(model=model, input="Name three colors of the rainbow.", instructions="Answer in one short sentence.",
           temperature=0, max_output_tokens=40)
plain = alice.responses.create(**ASK)
check(plain.id.startswith("resp_") and plain.object == "response", f"id/object {plain.id} {plain.object}")
check(plain.status in ("completed", "incomplete"), f"status {plain.status}")
check(plain.output_text.strip() != "", f"empty output_text: {plain.output}")
u = plain.usage
check(u.input_tokens > 0 and u.output_tokens > 0 and u.total_tokens == u.input_tokens + u.output_tokens,
      f"usage {u}")
check(u.input_tokens_details.cached_tokens >= 0 and u.output_tokens_details.reasoning_tokens >= 0, f"usage details {u}")
if plain.status == "incomplete":
    check(plain.incomplete_details.reason == "max_output_tokens", f"incomplete_details {plain.incomplete_details}")

with alice.responses.stream(**ASK) as stream:
    kinds = [event.type for event in stream]
    final = stream.get_final_response()
check(final.output_text == plain.output_text, f"stream {final.output_text!r} != plain {plain.output_text!r}")
check([o.type for o in final.output] == [o.type for o in plain.output], "stream and plain output items differ")
check(final.status == plain.status and final.usage.output_tokens == plain.usage.output_tokens,
      f"stream {final.status}/{final.usage} vs plain {plain.status}/{plain.usage}")
check("response.output_text.delta" in kinds, f"no text deltas in {kinds}")

raw = list(alice.responses.create(**ASK, stream=True))
check([e.sequence_number for e in raw] == list(range(len(raw))), "sequence numbers are not 0, 1, 2, ...")
check(raw[0].type == "response.created" and raw[1].type == "response.in_progress", f"first events {raw[:2]}")
check(raw[-1].type in ("response.completed", "response.incomplete"), f"last event {raw[-1].type}")
text = "".join(e.delta for e in raw if e.type == "response.output_text.delta")
check(text == plain.output_text, f"raw deltas {text!r} != {plain.output_text!r}")
facts["events"] = len(raw)

# 2. A function tool round trip through previous_response_id.
WEATHER = {"type": "object", "properties": {"city": {"type": "string", "maxLength": 20},
                                            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
           "required": ["city", "unit"], "additionalProperties": False}
TOOLS = [{"type": "function", "name": "get_weather", "description": "Current weather in a city",
          "parameters": WEATHER, "strict": True}]
first = alice.responses.create(model=model, input="What is the weather in Paris right now?", tools=TOOLS,
                               tool_choice={"type": "function", "name": "get_weather"}, temperature=0,
                               max_output_tokens=96)
calls = [o for o in first.output if o.type == "function_call"]
check(len(calls) >= 1, f"no function call in {first.output}")
call = calls[0]
check(call.name == "get_weather" and call.call_id, f"call {call}")
jsonschema.validate(json.loads(call.arguments), WEATHER)
second = alice.responses.create(model=model, previous_response_id=first.id, tools=TOOLS, tool_choice="auto",
                                input=[{"type": "function_call_output", "call_id": call.call_id,
                                        "output": json.dumps({"temperature": 18, "sky": "sunny"})}],
                                temperature=0, max_output_tokens=48)
check(second.previous_response_id == first.id, f"previous_response_id {second.previous_response_id}")
check(second.output, "the continuation has no output")
cached = second.usage.input_tokens_details.cached_tokens
check(cached > 0, f"the continuation reused no cached prompt tokens: {second.usage}")
facts["continuation_cached_tokens"] = cached
facts["continuation_input_tokens"] = second.usage.input_tokens

# 3. Structured output.
PERSON = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 20},
                                           "age": {"type": "integer", "minimum": 0, "maximum": 150}},
          "required": ["name", "age"], "additionalProperties": False}
structured = alice.responses.create(model=model, input="Make up a person: a name and an age.", temperature=0,
                                    text={"format": {"type": "json_schema", "name": "person", "schema": PERSON,
                                                     "strict": True}}, max_output_tokens=64)
jsonschema.validate(json.loads(structured.output_text), PERSON)
facts["structured"] = json.loads(structured.output_text)

# 4. Retrieval, input items, another key, deletion.
got = alice.responses.retrieve(plain.id)
check(got.id == plain.id and got.output_text == plain.output_text, f"retrieved {got}")
items = alice.responses.input_items.list(second.id, order="asc")
types = [i.type for i in items.data]
check(types[0] == "message" and "function_call" in types and types[-1] == "function_call_output",
      f"input items {types}")
try:
    bob.responses.retrieve(plain.id)
    check(False, "another key retrieved the response")
except openai.NotFoundError:
    pass
alice.responses.delete(plain.id)
try:
    alice.responses.retrieve(plain.id)
    check(False, "the deleted response is still there")
except openai.NotFoundError:
    pass

# 5. Errors in OpenAI's shape.
try:
    alice.responses.create(model=model, input=[{"role": "robot", "content": "hi"}])
    check(False, "a bad role was accepted")
except openai.BadRequestError as e:
    check(e.status_code == 400 and e.param == "input[0].role", f"error {e.status_code} {e.body}")
try:
    alice.responses.create(model=model, input="hi", previous_response_id="resp_missing")
    check(False, "an unknown previous_response_id was accepted")
except openai.BadRequestError as e:
    check(e.code == "previous_response_not_found", f"error {e.body}")

print(json.dumps({"ok": True, **facts}))
