#!/usr/bin/env python3
"""Renders every *.jinja file of a folder over a set of conversations with Python's jinja2, configured like
Hugging Face's apply_chat_template, and writes <folder>/expected.json.

Use it to check a new model's chat template against jinja2:
    python3 make_template_goldens.py /path/to/templates
    SWIFTLET_EXTRA_TEMPLATES=/path/to/templates swift test --filter ExtraTemplateTests
"""
import json
import os
import sys

from make_jinja2_cases import RaisedError, classify, env

GET_WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Get the current weather for a city.",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "City name"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}
ADD = {"type": "function", "function": {
    "name": "add", "description": "Add two integers.",
    "parameters": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                   "required": ["a", "b"]}}}


def call(call_id, name, arguments):
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


CONVERSATIONS = {
    "single_user": {"messages": [{"role": "user", "content": "What is 2+2?"}]},
    "system_user": {"messages": [{"role": "system", "content": "You are terse."},
                                 {"role": "user", "content": "Name a prime number."}]},
    "multi_turn": {"messages": [{"role": "user", "content": "Hi!"},
                                {"role": "assistant", "content": "Hello! How can I help?"},
                                {"role": "user", "content": "Tell me a joke."}]},
    "tools_offered": {"messages": [{"role": "user", "content": "What's the weather in Paris?"}],
                      "tools": [GET_WEATHER, ADD]},
    "tool_roundtrip": {"messages": [
        {"role": "user", "content": "What's the weather in Paris?"},
        {"role": "assistant", "content": "", "tool_calls": [call("call_1", "get_weather", {"city": "Paris"})]},
        {"role": "tool", "tool_call_id": "call_1", "name": "get_weather", "content": "{\"temp\": 21}"}],
        "tools": [GET_WEATHER]},
    "parallel_calls": {"messages": [
        {"role": "system", "content": "Use tools."},
        {"role": "user", "content": "Weather in Paris and 2+3?"},
        {"role": "assistant", "content": "Checking.", "tool_calls": [
            call("abcdefghi", "get_weather", {"city": "Paris", "unit": "celsius"}),
            call("jklmnopqr", "add", {"a": 2, "b": 3})]},
        {"role": "tool", "tool_call_id": "abcdefghi", "name": "get_weather", "content": "sunny"},
        {"role": "tool", "tool_call_id": "jklmnopqr", "name": "add", "content": "5"},
        {"role": "assistant", "content": "Sunny, and 5."},
        {"role": "user", "content": "Thanks!"}], "tools": [GET_WEATHER, ADD]},
    "think_in_content": {"messages": [
        {"role": "user", "content": "Is 17 prime?"},
        {"role": "assistant", "content": "<think>\nNo divisors.\n</think>\n\nYes."},
        {"role": "user", "content": "And 21?"}], "enable_thinking": True},
    "reasoning_last": {"messages": [
        {"role": "user", "content": "Is 17 prime?"},
        {"role": "assistant", "content": "Yes.", "reasoning_content": "No divisors."}],
        "add_generation_prompt": False},
    "content_parts": {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "Describe "}, {"type": "text", "text": "this."}]}]},
    "unicode": {"messages": [{"role": "user", "content": "Traduis « bonjour » en 日本語 😀"}],
                "enable_thinking": False},
}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    cases = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".jinja"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            source = f.read()
        for cid, conversation in CONVERSATIONS.items():
            context = {"add_generation_prompt": True, "bos_token": "<s>", "eos_token": "</s>", **conversation}
            case = {"template": name, "id": cid, "context": context}
            try:
                case["output"] = env.from_string(source).render(**context)
            except Exception as exc:  # noqa: BLE001 - every failure is a result
                case["error"] = {"kind": classify(exc), "message": str(exc)}
            cases.append(case)
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, ensure_ascii=False, indent=1)
    print(len(cases), "cases;", sum("error" in c for c in cases), "errors")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
