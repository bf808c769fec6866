#!/usr/bin/env python3
"""Renders the cases below with Python's jinja2, configured as Hugging Face's apply_chat_template does, and writes
jinja2_cases.json: the ground truth for JinjaTests/Jinja2DifferentialTests.swift.

Run from this folder with jinja2 installed (the fixture was made with jinja2 3.1.6):  python3 make_jinja2_cases.py
"""
import json
import random
import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from datetime import datetime

FROZEN = datetime(2026, 1, 15, 9, 30, 0)


class RaisedError(Exception):
    pass


def raise_exception(message):
    raise RaisedError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return FROZEN.strftime(fmt)


class GenerationTag(jinja2.ext.Extension):
    """Hugging Face's `{% generation %}` block (its AssistantTracker), which renders its body through a caller."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


env = ImmutableSandboxedEnvironment(
    trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTag, jinja2.ext.loopcontrols]
)
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

BASE = {
    "messages": [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi there"},
        {"role": "assistant", "content": "Hello!", "reasoning_content": "greet back"},
        {"role": "user", "content": "  What's up?  "},
    ],
    "d": {"a": 1, "b": [1, 2, 3], "c": {"x": "y"}, "items": "key named items", "n": None, "f": 1.5},
    "l": [3, 1, 2],
    "words": ["banana", "Apple", "cherry", "apple"],
    "s": "Hello, World",
    "u": "héllo wörld 日本 😀",
    "n": None,
    "t": True,
    "i": 7,
    "x": 2.5,
    "empty": [],
    "edict": {},
    "users": [{"name": "ann", "age": 30, "tags": ["a"]}, {"name": "bob", "age": 25}, {"name": "cy", "age": 30}],
}

CASES = [
    # --- whitespace control, comments, raw
    ("ws_trim_lstrip", "a\n  {% if true %}\n    b\n  {% endif %}\nc"),
    ("ws_minus", "a  {%- if true -%}  b  {%- endif -%}  c"),
    ("ws_var_minus", "x {{- 1 -}} y\n{{ 2 }}\n z"),
    ("ws_plus", "  {%+ if true %}q{% endif %}\n  {% if true +%}\nr{% endif %}"),
    ("ws_var_not_lstripped", "a\n    {{ 1 }}\n    {% if true %}x{% endif %}"),
    ("ws_comment", "a\n  {# note #}\nb{# c -#}   d  {#- e #} f"),
    ("ws_comment_multiline", "x{#\n multi\n line\n#}\ny"),
    ("ws_raw", "{% raw %}{{ not parsed }} {% if %}{% endraw %}|{%- raw -%}  x  {%- endraw -%}|"),
    ("ws_raw_newline", "{% raw %}\nA\n{% endraw %}\nB"),
    ("ws_trailing_newline", "line\n"),
    ("ws_two_trailing_newlines", "line\n\n"),
    ("ws_crlf", "a\r\nb\rc\r\n{% if true %}\r\nd{% endif %}"),
    ("ws_block_at_start", "   {% if true %}\nX\n   {% endif %}\n"),
    ("ws_after_var_then_block", "{{ 'a' }}   {% if true %}b{% endif %}"),
    ("ws_tabs", "\t\t{% for i in [1,2] %}\n\t{{ i }}\n\t\t{% endfor %}\nend"),
    ("ws_unicode_space", "a\u3000{%- if true %}b{% endif %}"),
    # --- literals and printing
    ("print_none_bools", "{{ none }}|{{ None }}|{{ true }}|{{ False }}|{{ n }}|{{ t }}"),
    ("print_numbers", "{{ 1 }}|{{ -3 }}|{{ 1.0 }}|{{ 2.5e3 }}|{{ 1e20 }}|{{ 1.5e-7 }}|{{ 0.1 + 0.2 }}|{{ 1_000 }}|{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ 1234567890123456.0 }}|{{ 12345678901234567.0 }}|{{ 0.0001 }}|{{ 0.00001 }}"),
    ("print_list_dict", "{{ [1, 'a', none, true, 1.0, {'k': 'v'}] }}|{{ d }}|{{ empty }}|{{ edict }}"),
    ("print_tuple", "{{ (1, 2) }}|{{ (1,) }}|{{ () }}|{{ 1, 'a' }}"),
    ("print_string_repr", "{{ ['it\\'s', \"say \\\"hi\\\"\", 'both \\' \"', 'tab\\tnl\\n', 'back\\\\slash', 'é😀'] }}"),
    ("print_escapes", "{{ 'a\\tb\\nc\\x41\\u00e9\\U0001F600\\101\\d' }}"),
    ("print_adjacent_strings", "{{ 'a' 'b' \"c\" }}"),
    ("print_undefined", "[{{ missing }}][{{ d.missing }}][{{ l[10] }}]"),
    ("print_unicode", "{{ u }}|{{ u|length }}|{{ u[7:] }}|{{ u|upper }}"),
    # --- arithmetic
    ("math_basic", "{{ 1 + 2 }}|{{ 7 - 10 }}|{{ 3 * 4 }}|{{ 7 / 2 }}|{{ 4 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}|{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ 2 ** 3 ** 2 }}"),
    ("math_float", "{{ 7.5 // 2 }}|{{ -7.5 // 2 }}|{{ 7.5 % 2 }}|{{ -7.5 % 2 }}|{{ 1 + 2.0 }}|{{ true + 1 }}|{{ 3 * 1.5 }}|{{ 10 / 4 }}"),
    ("math_precedence", "{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ -2 ** 2 }}|{{ 10 - 2 - 3 }}|{{ 2 * 3 % 4 }}|{{ 'a' ~ 'b' + 'c' }}|{{ -1|abs }}"),
    ("math_concat_binds_tighter", "{{ 1 + 2 ~ 3 }}"),
    ("math_strings", "{{ 'ab' * 3 }}|{{ 2 * 'x' }}|{{ [1] * 3 }}|{{ [1, 2] + [3] }}|{{ 'a' + 'b' }}|{{ 'a' ~ 1 ~ none ~ true }}"),
    ("math_div_zero", "{{ 1 / 0 }}"),
    ("math_mod_zero", "{{ 1 % 0 }}"),
    ("math_str_plus_int", "{{ 'a' + 1 }}"),
    ("math_int_plus_str", "{{ 1 + 'a' }}"),
    ("math_undefined_plus", "{{ missing + 1 }}"),
    ("math_neg_string", "{{ -'a' }}"),
    ("percent_format", "{{ '%s and %s' % ('a', 1) }}|{{ '%d%%' % 50 }}|{{ '%5.2f|%-5d|%05d' % (3.14159, 42, 42) }}|{{ '%x %X %o' % (255, 255, 8) }}|{{ '%r' % 'q' }}|{{ '%(a)s-%(b)s' % {'a': 1, 'b': 2} }}|{{ '%s' % [1, 2] }}|{{ '%e %g' % (12345.678, 0.0001) }}|{{ '%+d % d' % (5, 5) }}|{{ '%.3s' % 'abcdef' }}|{{ '%c%c' % (65, 'b') }}"),
    ("percent_too_few", "{{ '%s %s' % ('a',) }}"),
    ("percent_too_many", "{{ 'x' % 1 }}"),
    # --- comparisons and logic
    ("compare", "{{ 1 < 2 }}|{{ 2 <= 2 }}|{{ 'a' < 'b' }}|{{ [1, 2] < [1, 3] }}|{{ 1 == 1.0 }}|{{ true == 1 }}|{{ 'a' == 'a' }}|{{ 1 != 2 }}|{{ 1 < 2 < 3 }}|{{ 3 > 2 > 2 }}|{{ none == none }}|{{ d == {'a': 1} }}|{{ [1] == [1] }}"),
    ("compare_type_error", "{{ 1 < 'a' }}"),
    ("compare_undefined_eq", "{{ missing == none }}|{{ missing == missing }}|{{ none == missing }}"),
    ("membership", "{{ 'a' in 'cat' }}|{{ 2 in l }}|{{ 'a' in d }}|{{ 'zz' not in d }}|{{ 'x' in missing }}|{{ 5 in l }}|{{ 1 in d }}|{{ 'role' in messages[0] }}"),
    ("membership_error", "{{ 1 in 'abc' }}"),
    ("membership_none", "{{ 'a' in n }}"),
    ("logic", "{{ true and 'x' }}|{{ 0 or 'y' }}|{{ '' or [] }}|{{ not 0 }}|{{ not [] and 1 }}|{{ none or none }}|{{ 1 and 0 or 5 }}|{{ missing or 'dflt' }}"),
    ("truthiness", "{% for v in [0, 1, '', 'a', [], [0], {}, {'a': 1}, none, 0.0, 0.1] %}{{ 'T' if v else 'F' }}{% endfor %}{{ 'T' if missing else 'F' }}{{ 'T' if l|select('odd') else 'F' }}"),
    ("ternary", "{{ 'a' if true else 'b' }}|{{ 'a' if false else 'b' }}|[{{ 'a' if false }}]|{{ 1 if 0 else 2 if 0 else 3 }}"),
    # --- tests
    ("tests_types", "{{ 1 is number }}{{ 1.5 is number }}{{ true is number }}{{ 'a' is number }}|{{ 1 is integer }}{{ true is integer }}{{ 1.0 is float }}|{{ true is boolean }}{{ 1 is boolean }}|{{ 'a' is string }}{{ 1 is string }}|{{ d is mapping }}{{ l is mapping }}|{{ none is none }}{{ missing is none }}"),
    ("tests_defined", "{{ missing is defined }}{{ missing is undefined }}{{ d.a is defined }}{{ d.zz is defined }}{{ d.n is none }}{{ l[9] is defined }}{{ missing is not defined }}"),
    ("tests_iterable", "{{ 'a' is iterable }}{{ l is iterable }}{{ d is iterable }}{{ 1 is iterable }}{{ missing is iterable }}{{ none is iterable }}|{{ 'a' is sequence }}{{ l is sequence }}{{ d is sequence }}{{ 1 is sequence }}{{ missing is sequence }}{{ (l|select) is iterable }}{{ (l|select) is sequence }}"),
    ("tests_truefalse", "{{ true is true }}{{ 1 is true }}{{ false is false }}{{ 0 is false }}{{ none is false }}"),
    ("tests_compare", "{{ 2 is eq 2 }}{{ 2 is equalto 3 }}{{ 2 is ne 3 }}{{ 1 is lt 2 }}{{ 2 is gt 1 }}{{ 2 is ge 2 }}{{ 2 is le 1 }}{{ 'a' is in 'cat' }}{{ 3 is in l }}{{ 2 is eq(2) }}{{ 4 is divisibleby 2 }}{{ 3 is odd }}{{ 3 is even }}"),
    ("tests_case", "{{ 'abc' is lower }}{{ 'ABC' is upper }}{{ 'aBc' is lower }}{{ '123' is lower }}"),
    ("tests_callable", "{{ range is callable }}{{ 'a'.upper is callable }}{{ 1 is callable }}{{ d.items is callable }}"),
    ("tests_sameas", "{{ none is sameas none }}{{ true is sameas true }}{{ 1 is sameas true }}"),
    ("tests_filter_test", "{{ 'upper' is filter }}{{ 'nope' is filter }}{{ 'odd' is test }}"),
    ("tests_negated_precedence", "{{ not missing is defined }}|{{ missing is not defined and true }}|{{ 1 + 1 is eq 2 }}"),
    ("tests_attr_of_undefined", "{{ missing.x is defined }}"),
    ("tests_unknown", "{{ 1 is frobnicated }}"),
    # --- attribute and item access
    ("access_basic", "{{ d.a }}|{{ d['a'] }}|{{ d.b[1] }}|{{ d['c']['x'] }}|{{ d.c.x }}|{{ l[0] }}|{{ l[-1] }}|{{ l.1 }}|{{ s[0] }}|{{ s[-1] }}"),
    ("access_method_vs_key", "{{ d['items'] }}|{{ d.items()|list }}|{{ d.get('a') }}|{{ d.get('zz') }}|{{ d.get('zz', 5) }}"),
    ("access_missing_chain", "{{ d.zz.yy }}"),
    ("access_none_attr", "[{{ n.x }}][{{ d.n.x is defined }}]"),
    ("access_item_of_undefined", "{{ missing['a'] }}"),
    ("access_index_undefined", "{{ messages[10]['role'] }}"),
    ("slicing", "{{ l[1:] }}|{{ l[:-1] }}|{{ l[::-1] }}|{{ l[::2] }}|{{ s[7:] }}|{{ s[::-1] }}|{{ s[-5:-1] }}|{{ l[5:] }}|{{ l[-10:1] }}|{{ s[100:] }}|{{ l[2:0:-1] }}|{{ (1,2,3)[1:] }}"),
    ("slice_step_zero", "{{ l[::0] }}"),
    # --- string methods
    ("str_methods", "{{ '  x  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ '  x '.lstrip() }}|{{ ' x  '.rstrip() }}|{{ s.upper() }}|{{ s.lower() }}|{{ 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}|{{ s.replace('l', 'L') }}|{{ s.replace('l', 'L', 1) }}|{{ s.startswith('Hell') }}|{{ s.endswith('x') }}|{{ s.startswith(('x', 'He')) }}|{{ s.find('o') }}|{{ s.rfind('o') }}|{{ s.find('z') }}|{{ s.count('l') }}|{{ s.index('W') }}"),
    ("str_split", "{{ 'a,b,,c'.split(',') }}|{{ '  a  b c '.split() }}|{{ 'a b c'.split(' ', 1) }}|{{ 'a,b,c'.rsplit(',', 1) }}|{{ ''.split(',') }}|{{ ''.split() }}|{{ 'a\\nb\\r\\nc'.splitlines() }}|{{ 'x</think>y</think>z'.split('</think>')[-1] }}|{{ 'a  b '.rsplit(None, 1) }}"),
    ("str_misc_methods", "{{ '-'.join(['a', 'b']) }}|{{ '42'.isdigit() }}|{{ 'ab'.isalpha() }}|{{ ' '.isspace() }}|{{ 'AB'.isupper() }}|{{ '7'.zfill(3) }}|{{ 'ab'.center(6, '*') }}|{{ 'ab'.ljust(4, '.') }}|{{ 'ab'.rjust(4) }}|{{ 'a=b=c'.partition('=') }}|{{ 'a=b=c'.rpartition('=') }}|{{ 'prefix_x'.removeprefix('prefix_') }}|{{ 'aBc'.swapcase() }}"),
    ("str_format_method", "{{ '{} and {}'.format('a', 1) }}|{{ '{0}{1}{0}'.format('x', 'y') }}|{{ '{name}!'.format(name='n') }}|{{ '{{literal}}'.format() }}|{{ '{:>5}|{:<4}|{:^5}|{:.2f}|{:05d}'.format('r', 'l', 'c', 3.14159, 42) }}|{{ '{!r}'.format('q') }}"),
    ("str_split_empty_sep", "{{ 'abc'.split('') }}"),
    ("str_join_non_str", "{{ ', '.join([1, 2]) }}"),
    ("str_unknown_method", "{{ s.nomethod() }}"),
    ("str_unicode_methods", "{{ u.upper() }}|{{ u.split(' ') }}|{{ u.find('日') }}|{{ u[1] }}|{{ u|reverse }}|{{ 'ß'.upper() }}"),
    # --- list and dict methods
    ("list_methods", "{{ l.index(2) }}|{{ l.count(3) }}|{{ [1, 1, 2].count(1) }}"),
    ("list_append_unsafe", "{% set _ = l.append(4) %}{{ l }}"),
    ("dict_update_unsafe", "{{ d.update({'z': 1}) }}"),
    ("dict_views", "{{ d.keys()|list }}|{{ d.values()|list|length }}|{{ d.items()|length }}|{{ edict.items()|list }}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"),
    ("dict_items_print", "{{ {'a': 1}.items() }}|{{ {'a': 1}.keys() }}"),
    # --- filters
    ("f_default", "{{ missing|default('x') }}|{{ none|default('x') }}|{{ ''|default('x', true) }}|{{ 0|d('z', boolean=true) }}|{{ d.a|default(5) }}|[{{ missing|default }}]"),
    ("f_length", "{{ l|length }}|{{ s|length }}|{{ d|length }}|{{ missing|length }}|{{ u|count }}|{{ (1, 2)|length }}"),
    ("f_length_generator", "{{ l|select('odd')|length }}"),
    ("f_length_int", "{{ 5|length }}"),
    ("f_join", "{{ l|join }}|{{ l|join(', ') }}|{{ users|join(',', attribute='name') }}|{{ [none, true, 1.5]|join('/') }}|{{ missing|join(',') }}"),
    ("f_case", "{{ 'hello wORLD-foo (bar) [baz]'|title }}|{{ 'hELLO'|capitalize }}|{{ s|upper }}|{{ s|lower }}|{{ none|upper }}|{{ 5|lower }}"),
    ("f_trim", "[{{ '  a b  '|trim }}][{{ 'xxaxx'|trim('x') }}][{{ missing|trim }}][{{ '\\n\\t x \\u3000'|trim }}]"),
    ("f_first_last", "{{ l|first }}|{{ l|last }}|{{ s|first }}|{{ s|last }}|{{ d|first }}|{{ empty|first }}|{{ (l|select('odd'))|first }}|{{ d|last }}|[{{ missing|first }}]"),
    ("f_last_generator", "{{ l|select('odd')|last }}"),
    ("f_list", "{{ s|list }}|{{ d|list }}|{{ missing|list }}|{{ (1, 2)|list }}|{{ l|reverse|list }}"),
    ("f_string_int_float", "{{ 5|string }}|{{ none|string }}|{{ '42'|int + 1 }}|{{ '4.7'|int }}|{{ 'x'|int }}|{{ 'x'|int(9) }}|{{ 3.9|int }}|{{ '0x1f'|int(0, 16) }}|{{ ' 12 '|int }}|{{ '3.5'|float }}|{{ 'x'|float }}|{{ 2|float }}|{{ true|int }}|{{ '1_000'|int }}|{{ none|int }}|{{ none|float }}"),
    ("f_int_undefined", "{{ missing|int }}"),
    ("f_float_undefined", "{{ missing|float }}"),
    ("tests_operator_name", "{{ 2 is == 2 }}"),
    ("f_tojson", "{{ d|tojson }}|{{ 'é\"\\n<>&\\''|tojson }}|{{ [1, 2.5, none, true]|tojson }}|{{ {}|tojson }}|{{ []|tojson(indent=2) }}|{{ {'b': 1, 'a': [1, {'c': 2}]}|tojson(indent=2) }}|{{ {'b': 1, 'a': 2}|tojson(sort_keys=true) }}|{{ {'a': [1, 2]}|tojson(separators=(',', ':')) }}|{{ 'é😀'|tojson(ensure_ascii=true) }}|{{ (1, 'a')|tojson }}|{{ 1e20|tojson }}|{{ {'a': 1}|tojson(indent='\\t') }}"),
    ("f_tojson_undefined", "{{ missing|tojson }}"),
    ("f_tojson_generator", "{{ l|select('odd')|tojson }}"),
    ("f_items", "{% for k, v in d|items %}{{ k }};{% endfor %}|{{ missing|items|list }}|{{ d|items|list|length }}"),
    ("f_items_error", "{{ l|items|list }}"),
    ("f_map", "{{ users|map(attribute='name')|list }}|{{ words|map('upper')|join(',') }}|{{ users|map(attribute='tags')|list }}|{{ users|map(attribute='tags', default=[])|list }}|{{ [[1, 2], [3]]|map('length')|list }}"),
    ("f_map_missing_path", "{{ users|map(attribute='tags.0')|list }}"),
    ("f_select_reject", "{{ l|select('odd')|list }}|{{ l|reject('odd')|list }}|{{ [0, 1, '', 'a', none]|select|list }}|{{ [0, 1, '', 'a']|reject|list }}|{{ words|select('equalto', 'apple')|list }}|{{ l|select('gt', 1)|list }}|{{ l|select('in', [1, 3])|list }}"),
    ("f_selectattr", "{{ users|selectattr('age', 'equalto', 30)|map(attribute='name')|join(',') }}|{{ users|rejectattr('age', 'gt', 26)|map(attribute='name')|list }}|{{ messages|selectattr('role', 'equalto', 'user')|list|length }}|{{ users|selectattr('tags')|list|length }}|{{ messages|rejectattr('reasoning_content', 'defined')|list|length }}"),
    ("f_sort", "{{ l|sort }}|{{ words|sort }}|{{ words|sort(case_sensitive=true) }}|{{ words|sort(reverse=true) }}|{{ users|sort(attribute='age')|map(attribute='name')|list }}|{{ users|sort(attribute='age', reverse=true)|map(attribute='name')|list }}"),
    ("f_sort_mixed", "{{ [1, 'a']|sort }}"),
    ("f_unique_min_max", "{{ words|unique|list }}|{{ words|unique(case_sensitive=true)|list }}|{{ l|min }}|{{ l|max }}|{{ words|max }}|{{ words|min(case_sensitive=true) }}|{{ users|max(attribute='age') }}|{{ empty|max }}"),
    ("f_sum_abs_round", "{{ l|sum }}|{{ users|sum(attribute='age') }}|{{ l|sum(start=10) }}|{{ -3|abs }}|{{ -2.5|abs }}|{{ 2.5|round }}|{{ 3.5|round }}|{{ 2.567|round(2) }}|{{ 2.1|round(method='ceil') }}|{{ 2.9|round(0, 'floor') }}|{{ 7|round }}"),
    ("f_replace_center_indent", "{{ s|replace('o', '0') }}|{{ 'aaa'|replace('a', 'b', 2) }}|[{{ 'ab'|center(6) }}]|{{ 'a\\nb\\n\\nc'|indent }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent('> ', blank=true) }}"),
    ("f_truncate_wordcount", "{{ 'one two three four five six'|truncate(12) }}|{{ 'one two three four five six'|truncate(12, true) }}|{{ 'short'|truncate(3, leeway=5) }}|{{ 'abcdefghij'|truncate(5, true, '…', 0) }}|{{ 'one two, three'|wordcount }}"),
    ("f_dictsort_batch", "{{ {'b': 1, 'a': 2, 'C': 0}|dictsort }}|{{ {'b': 1, 'a': 2}|dictsort(by='value', reverse=true) }}|{{ l|batch(2)|list }}|{{ l|batch(2, 0)|list }}"),
    ("f_reverse", "{{ s|reverse }}|{{ l|reverse|list }}|{{ (1, 2)|reverse|list }}|{{ d|reverse|list }}"),
    ("f_escape_safe_attr", "{{ '<a href=\"x\">&\\'</a>'|e }}|{{ '<b>'|safe }}|{{ d|attr('a') }}|{{ d|attr('items') is callable }}|{{ 'x'|attr('upper') is callable }}"),
    ("f_format", "{{ '%s-%s'|format(1, 2) }}|{{ '%(a)s'|format(a='z') }}|{{ '%.1f'|format(2.25) }}"),
    ("f_pprint", "{{ d|pprint }}"),
    ("f_unknown", "{{ 1|frobnicate }}"),
    ("f_chain_precedence", "{{ 'a' ~ 'b'|upper }}|{{ 'x' + 'y'|upper }}|{{ (l|length) + 1 }}|{{ l|length + 1 }}|{{ l|join('-')|upper }}|{{ not 0|string }}"),
    # --- loops
    ("loop_vars", "{% for x in l %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}"),
    ("loop_prev_next", "{% for x in l %}[{{ loop.previtem }}|{{ loop.nextitem }}|{{ loop.previtem is defined }}]{% endfor %}"),
    ("loop_cycle_depth", "{% for x in l %}{{ loop.cycle('a', 'b') }}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}"),
    ("loop_else", "{% for x in empty %}{{ x }}{% else %}none{% endfor %}|{% for x in l if x > 5 %}{{ x }}{% else %}filtered{% endfor %}"),
    ("loop_filter", "{% for x in l if x != 1 %}{{ x }}{{ loop.index }}{{ loop.length }}{{ loop.last }},{% endfor %}"),
    ("loop_break_continue", "{% for x in [1, 2, 3, 4, 5] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"),
    ("loop_nested", "{% for a in [1, 2] %}{% for b in 'xy' %}{{ a }}{{ b }}{{ loop.index }}/{{ loop.length }} {% endfor %}{{ loop.index }}|{% endfor %}"),
    ("loop_unpack", "{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }},{% endfor %}{% for k, v in {'x': 1}.items() %}{{ k }}{{ v }}{% endfor %}{% for (a, b) in [(5, 6)] %}{{ a }}{{ b }}{% endfor %}"),
    ("loop_unpack_error", "{% for a, b in [[1, 2, 3]] %}{{ a }}{% endfor %}"),
    ("loop_over_string_dict", "{% for c in 'ab' %}{{ c }}.{% endfor %}{% for k in d %}{{ k }}.{% endfor %}{% for x in missing %}never{% endfor %}"),
    ("loop_over_none", "{% for x in n %}{{ x }}{% endfor %}"),
    ("loop_over_int", "{% for x in 5 %}{{ x }}{% endfor %}"),
    ("loop_recursive", "{% for item in [{'n': 'a', 'c': [{'n': 'b', 'c': []}, {'n': 'c', 'c': [{'n': 'd', 'c': []}]}]}] recursive %}{{ item.n }}{{ loop.depth }}({{ loop(item.c) }}){% endfor %}"),
    ("loop_scoping", "{% set x = 'outer' %}{% for i in [1, 2] %}{% if i == 2 %}[{{ x }}]{% endif %}{% set x = i %}{{ x }}{% endfor %}|{{ x }}"),
    ("loop_scoping_read_then_set", "{% set x = 1 %}{% for i in [1] %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}"),
    ("loop_var_leak", "{% for i in [1, 2] %}{% endfor %}[{{ i }}]"),
    ("loop_reverse_messages", "{% for m in messages[::-1] %}{{ m.role[0] }}{{ loop.index0 }}{% endfor %}"),
    ("loop_range", "{{ range(3)|list }}|{{ range(1, 10, 3)|list }}|{{ range(5, 0, -2)|list }}|{% for i in range(2) %}{{ i }}{% endfor %}|{{ range(0)|list }}"),
    ("loop_range_too_big", "{{ range(1000000)|length }}"),
    ("loop_break_in_else", "{% for a in [1, 2] %}{{ a }}{% for b in [] %}{% else %}{% break %}{% endfor %}{% endfor %}"),
    # --- set, namespace, with
    ("set_basic", "{% set a = 1 %}{% set b, c = [2, 3] %}{% set t = 1, 2 %}{{ a }}{{ b }}{{ c }}{{ t }}"),
    ("set_block", "{% set x %}hello {{ 'w' }}{% endset %}[{{ x }}]{% set y | upper %}abc{% endset %}{{ y }}"),
    ("set_in_if_leaks", "{% if true %}{% set z = 5 %}{% endif %}{{ z }}"),
    ("namespace", "{% set ns = namespace(count=0, found=false) %}{% for x in l %}{% set ns.count = ns.count + x %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.count }}{{ ns.found }}{{ ns.missing is defined }}"),
    ("namespace_from_dict", "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{% set ns.c = 3 %}{{ ns.c }}"),
    ("namespace_assign_non_ns", "{% set x = 1 %}{% set x.y = 2 %}"),
    ("with_block", "{% with a = 1, b = 2 %}{{ a + b }}{% set c = 3 %}{% endwith %}[{{ a }}{{ c }}]"),
    ("dict_literal", "{{ {'a': 1, 'b': [1, 2], 'c': {'d': none}} }}|{{ {'a': 1, 'a': 2} }}|{{ dict(x=1, y='z') }}|{{ {'a': 1,} }}|{{ [1, 2,] }}"),
    # --- macros
    ("macro_basic", "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('a') }}|{{ greet('b', '?') }}|{{ greet(punct='.', name='c') }}|{{ greet() }}"),
    ("macro_varargs_kwargs", "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k=4) }}"),
    ("macro_too_many_args", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}"),
    ("macro_unknown_kwarg", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, b=2) }}"),
    ("macro_recursive", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}"),
    ("macro_scope", "{% set g = 'global' %}{% macro m() %}{{ g }}{% set g = 'local' %}{{ g }}{% endmacro %}{{ m() }}{{ g }}{% set late = 'late' %}{% macro n() %}{{ late }}{{ later }}{% endmacro %}{% set later = 'L' %}{{ n() }}"),
    ("macro_caller", "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}inside {{ 1 + 1 }}{% endcall %}"),
    ("macro_caller_args", "{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}[{{ x }}]{% endcall %}"),
    ("macro_returns_string", "{% macro m() %}  12  {% endmacro %}{{ m()|trim|int + 1 }}|{{ m() is string }}|{{ m()|length }}"),
    ("macro_default_refers_arg", "{% macro m(a, b=a * 2) %}{{ a }},{{ b }}{% endmacro %}{{ m(3) }}"),
    ("macro_in_loop_namespace", "{% macro show(x) %}<{{ x }}>{% endmacro %}{% for i in l %}{{ show(i) }}{% endfor %}"),
    ("filter_block", "{% filter upper %}hello {{ 'x' }}{% endfilter %}|{% filter replace('a', 'b')|upper %}aaa{% endfilter %}"),
    # --- undefined behaviour
    ("undef_attr_error", "{{ missing.attr }}"),
    ("undef_call_error", "{{ missing() }}"),
    ("undef_iter_ok", "{% for x in missing %}{{ x }}{% endfor %}ok{{ missing|length }}{{ missing|list }}"),
    ("undef_compare_error", "{{ missing < 1 }}"),
    ("undef_concat_ok", "[{{ missing ~ 'x' }}]"),
    ("undef_in_dict_literal", "{{ {'a': missing} }}"),
    ("undef_not", "{{ not missing }}{{ missing is none }}"),
    ("call_non_callable", "{{ s() }}"),
    # --- globals
    ("raise_exception", "{{ raise_exception('Custom failure: ' ~ 42) }}"),
    ("raise_in_branch", "{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}never"),
    ("strftime", "{{ strftime_now('%Y-%m-%d %H:%M:%S') }}|{{ strftime_now('%B %d, %Y') }}|{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%A %a %j %I%p %y %m') }}|{{ strftime_now('%-d') }}"),
    ("globals_defined", "{{ strftime_now is defined }}{{ range is defined }}{{ namespace is defined }}{{ raise_exception is defined }}{{ nope is defined }}"),
    # --- chat-template idioms
    ("idiom_last_query", "{% set ns = namespace(i=messages|length - 1) %}{% for m in messages[::-1] %}{% set idx = (messages|length - 1) - loop.index0 %}{% if m.role == 'user' and ns.i == messages|length - 1 %}{% set ns.i = idx %}{% endif %}{% endfor %}{{ ns.i }}"),
    ("idiom_think_split", "{% set c = 'a<think>r</think>\\n\\nanswer' %}{{ c.split('</think>')[-1].lstrip('\\n') }}|{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}"),
    ("idiom_tojson_args", "{% for m in [{'args': {'city': 'Paris', 'n': 2}}] %}{{ m.args|tojson }}{{ m.args is mapping }}{% endfor %}"),
    ("idiom_system_extract", "{% if messages[0]['role'] == 'system' %}{% set sys = messages[0]['content']|trim %}{% set messages = messages[1:] %}{% endif %}{{ sys }}|{{ messages|length }}|{% for m in messages %}{{ m.role }},{% endfor %}"),
    ("idiom_content_string_or_parts", "{% for c in ['plain', [{'type': 'text', 'text': 'a'}, {'type': 'image'}, {'type': 'text', 'text': 'b'}]] %}{% if c is string %}{{ c }}{% else %}{% for p in c if p.type == 'text' %}{{ p.text }}{% endfor %}{% endif %}|{% endfor %}"),
    ("idiom_generation_tag", "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% set inner = 1 %}{% endgeneration %}{% endif %}{% endfor %}[{{ inner }}]"),
    ("idiom_startswith_tool_response", "{% set c = '<tool_response>x</tool_response>' %}{{ not (c.startswith('<tool_response>') and c.endswith('</tool_response>')) }}"),
    ("idiom_message_equality", "{% set users_only = messages|selectattr('role', 'equalto', 'user')|list %}{% for m in messages %}{{ m == users_only[-1] }}{% endfor %}"),
    ("idiom_json_python_types", "{% set m = {'string': 'str', 'integer': 'int'} %}{{ m['string'] is defined }}{{ m['nope'] is defined }}{% set spec = {'type': ['a', 'b']} %}{{ spec.type is iterable and spec.type is not string and spec.type is not mapping }}"),
    # --- syntax errors
    ("syntax_unclosed_if", "{% if true %}x"),
    ("syntax_unclosed_for", "{% for x in l %}{{ x }}"),
    ("syntax_unknown_tag", "{% frobnicate %}"),
    ("syntax_stray_endif", "x{% endif %}"),
    ("syntax_bad_expression", "{{ 1 + }}"),
    ("syntax_unclosed_variable", "{{ x "),
    ("syntax_unclosed_comment", "{# never closed"),
    ("syntax_unclosed_string", "{{ 'abc }}"),
    ("syntax_mismatched_bracket", "{{ (1, 2] }}"),
    ("syntax_break_outside_loop", "{% break %}"),
    ("syntax_empty_expression", "{{ }}"),
    ("syntax_set_no_value", "{% set %}"),
    ("syntax_macro_default_order", "{% macro m(a=1, b) %}{% endmacro %}"),
    ("syntax_bad_char", "{{ 1 ! 2 }}"),
    ("syntax_chained_is", "{{ 1 is number is number }}"),
    ("syntax_elif_after_else", "{% if a %}{% else %}{% elif b %}{% endif %}"),
    ("syntax_unclosed_raw", "{% raw %}abc"),
]


def whitespace_fuzz(count, seed=20260115):
    """Random nestings of text, tags, comments and raw blocks with every whitespace-control sign: the lexer's
    trim_blocks / lstrip_blocks / `-` / `+` handling must agree with jinja2's on all of them."""
    rng = random.Random(seed)
    texts = ["a", "b", " ", "  ", "\n", "\n\n", "\t", " \n ", "x\n  ", "\n    ", "\n\t", "y "]

    def sign(options):
        return rng.choice(options)

    def body(depth):
        parts = []
        for _ in range(rng.randint(1, 5)):
            r = rng.random()
            if r < 0.35 or depth >= 3:
                parts.append(rng.choice(texts))
            elif r < 0.5:
                parts.append("{{%s 'v' %s}}" % (sign(["", "-", "+"]), sign(["", "-"])))
            elif r < 0.6:
                parts.append("{#%s c %s#}" % (sign(["", "-", "+"]), sign(["", "-", "+"])))
            elif r < 0.65:
                parts.append("{%%%s raw %s%%}%s{%%%s endraw %s%%}" % (
                    sign(["", "-", "+"]), sign(["", "-"]), rng.choice(texts), sign(["", "-", "+"]), sign(["", "-", "+"])))
            elif r < 0.72:
                parts.append("{%%%s set z = 1 %s%%}" % (sign(["", "-", "+"]), sign(["", "-", "+"])))
            elif r < 0.86:
                parts.append("{%%%s if true %s%%}%s{%%%s endif %s%%}" % (
                    sign(["", "-", "+"]), sign(["", "-", "+"]), body(depth + 1), sign(["", "-", "+"]), sign(["", "-", "+"])))
            else:
                parts.append("{%%%s for i in [1, 2] %s%%}%s{{ i }}%s{%%%s endfor %s%%}" % (
                    sign(["", "-", "+"]), sign(["", "-", "+"]), rng.choice(texts), body(depth + 1),
                    sign(["", "-", "+"]), sign(["", "-", "+"])))
        return "".join(parts)

    return [("ws_fuzz_%03d" % i, rng.choice(texts) + body(0) + rng.choice(texts + ["", "\n"])) for i in range(count)]


def classify(exc):
    if isinstance(exc, RaisedError):
        return "raised"
    if isinstance(exc, (jinja2.TemplateSyntaxError, jinja2.exceptions.TemplateAssertionError, SyntaxError)):
        return "syntax"
    return "runtime"


def main():
    out = []
    names = set()
    for name, source in CASES + whitespace_fuzz(400):
        assert name not in names, name
        names.add(name)
        case = {"name": name, "template": source}
        try:
            case["output"] = env.from_string(source).render(**BASE)
        except Exception as exc:  # noqa: BLE001 - every failure is a fixture
            case["error"] = {"kind": classify(exc), "type": type(exc).__name__, "message": str(exc)}
        out.append(case)
    payload = {
        "renderer": "jinja2 " + jinja2.__version__, "frozen_now": FROZEN.isoformat(), "context": BASE, "cases": out
    }
    with open("jinja2_cases.json", "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(out), "cases;", sum("error" in c for c in out), "errors")


if __name__ == "__main__":
    main()
