"""The HTML review page (``--html-report FILE.html``): one self-contained file for a batch.

At the top, a table of rules (lines removed, files touched, reason) and a
table of files; below, each file's text with the removed parts struck through
and coloured by rule, the rule id and reason in each cut's ``title`` (shown on
hover). A rule filter, also settable from the address as ``#rule=RULE_ID``,
shows only the files a rule touched and greys out the other rules' cuts.

Everything is inline (CSS and a small script) and the page loads nothing
from the network. Every piece of text is escaped; the script reads the
page's own attributes, so no data is ever spliced into JavaScript.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from html import escape

import regex

from cleaner.report.summary import Summary

_DOC_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|)")

_CSS = """
:root { font-family: system-ui, sans-serif; color: #1d1d1f; background: #fafafa; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.05rem; margin: 0 0 .5rem; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; margin: .75rem 0 1.25rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
          background: var(--c); margin-right: .4rem; vertical-align: middle; }
.controls { position: sticky; top: 0; background: #fafafa; padding: .5rem 0;
            border-bottom: 1px solid #ddd; z-index: 1; }
section.file { background: #fff; border: 1px solid #ddd; border-radius: 6px;
               padding: .75rem 1rem; margin: 1rem 0; }
section.file[hidden] { display: none; }
.status { font-size: .8rem; font-family: system-ui, sans-serif; padding: .05rem .4rem;
          border-radius: 3px; background: #e8e8e8; margin-left: .5rem; }
.status.changed { background: #ffe3b3; } .status.failed, .status.error { background: #ffc9c9; }
.status.refused { background: #d7e3ff; }
.note { margin: .25rem 0 .5rem; font-size: .9rem; }
pre.text { margin: 0; white-space: pre-wrap; word-break: break-word; font-size: .85rem;
           line-height: 1.45; font-family: ui-monospace, monospace; }
.line { display: block; padding-left: 3.5rem; text-indent: -3.5rem; }
.line::before { content: attr(data-n); display: inline-block; width: 3rem; margin-right: .5rem;
                text-align: right; color: #999; text-indent: 0; }
del.cut { text-decoration: line-through; text-decoration-thickness: 2px;
          text-decoration-color: var(--c); background: color-mix(in srgb, var(--c) 18%, white);
          color: #555; border-left: 3px solid var(--c); padding-left: .2rem; }
del.cut.dim { background: none; border-left-color: #ccc; text-decoration-color: #bbb; color: #999; }
.blank { color: #aaa; font-style: italic; }
"""

_SCRIPT = """
(function () {
  var select = document.getElementById('rule-filter');
  var files = Array.prototype.slice.call(document.querySelectorAll('section.file'));
  var cuts = Array.prototype.slice.call(document.querySelectorAll('del.cut'));
  var shown = document.getElementById('shown');
  function apply(rule) {
    var nFiles = 0, nCuts = 0;
    files.forEach(function (f) {
      var rules = (f.getAttribute('data-rules') || '').split(' ');
      var visible = !rule || rules.indexOf(rule) >= 0;
      f.hidden = !visible;
      if (visible) { nFiles += 1; }
    });
    cuts.forEach(function (c) {
      var on = !rule || c.getAttribute('data-rule') === rule;
      c.classList.toggle('dim', !on);
      if (on) { nCuts += 1; }
    });
    document.body.setAttribute('data-filter', rule);
    shown.textContent = 'Showing ' + nFiles + ' of ' + files.length + ' files; ' + nCuts +
      ' highlighted cut' + (nCuts === 1 ? '' : 's') + (rule ? ' by ' + rule : '') + '.';
  }
  function fromHash() {
    var m = /^#rule=(.+)$/.exec(window.location.hash);
    var wanted = m ? decodeURIComponent(m[1]) : '';
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
    select.value = known ? wanted : '';
    apply(select.value);
  }
  select.addEventListener('change', function () {
    history.replaceState(null, '', select.value ? '#rule=' + encodeURIComponent(select.value) : '#');
    apply(select.value);
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', 'yes');
})();
"""


def rule_colours(rule_ids) -> dict[str, str]:
    """A colour for each rule id on a page, as far apart as the number of rules allows.

    Hues step by the golden angle from a start that depends on the ids, so
    neighbours in the rule table never share a colour.
    """
    ordered = sorted(set(rule_ids))
    start = zlib.crc32(" ".join(ordered).encode("utf-8")) % 360
    return {rid: f"hsl({(start + i * 137.508) % 360:.0f} 70% 42%)" for i, rid in enumerate(ordered)}


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _cut(text: str, removal: dict, colours: dict[str, str]) -> str:
    rule_id, reason = removal["rule_id"], removal["reason"]
    shown = escape(text) if text.strip() else '<span class="blank">(blank line)</span>'
    return (
        f'<del class="cut" data-rule="{_attr(rule_id)}" title="{_attr(rule_id + ": " + reason)}" '
        f'style="--c: {colours.get(rule_id, "#888")}">{shown}</del>'
    )


def render_text(original: str, removals: list[dict], colours: dict[str, str] | None = None) -> str:
    """One file's text as HTML lines, removed characters struck through.

    Line endings are not shown; a removed blank line shows as "(blank line)".
    """
    cuts = sorted(removals, key=lambda r: r["start"])
    colours = colours if colours is not None else rule_colours(r["rule_id"] for r in cuts)
    out = []
    pos = 0
    k = 0
    number = 0
    for match in _DOC_LINE.finditer(original):
        line = match.group()
        if not line:
            break
        number += 1
        start, end = pos, pos + len(line)
        pos = end
        body_end = start + len(line.rstrip("\r\n"))
        while k < len(cuts) and cuts[k]["end"] <= start:
            k += 1
        pieces, at, j = [], start, k
        while j < len(cuts) and cuts[j]["start"] < end:
            cut = cuts[j]
            lo, hi = max(cut["start"], start), min(cut["end"], body_end)
            if lo > at:
                pieces.append(escape(original[at:lo]))
            if hi > lo or (lo == start and cut["end"] >= end and body_end == start):
                pieces.append(_cut(original[lo:hi], cut, colours))
            at = max(at, hi)
            j += 1
        if at < body_end:
            pieces.append(escape(original[at:body_end]))
        out.append(f'<span class="line" data-n="{number}">{"".join(pieces)}</span>')
    return "".join(out)


def _file_section(n: int, outcome, colours: dict[str, str]) -> str:
    rules = sorted({r["rule_id"] for r in outcome.removals})
    head = (
        f'<section class="file" id="file-{n}" data-rules="{_attr(" ".join(rules))}" '
        f'data-status="{_attr(outcome.status)}">'
        f'<h2>{escape(outcome.display)}<span class="status {_attr(outcome.status)}">'
        f"{escape(outcome.status)}</span></h2>"
    )
    notes = []
    if outcome.message:
        notes.append(escape(outcome.message.splitlines()[0]))
    notes += [f"Kept whole by the guard: {escape(reason)}" for reason in outcome.refusals]
    notes += [escape(problem) for problem in outcome.problems]
    body = "".join(f'<p class="note">{note}</p>' for note in notes)
    if outcome.original is not None:
        body += f'<pre class="text">{render_text(outcome.original, outcome.removals, colours)}</pre>'
    elif outcome.removals:
        # JSONL corpora: the records are not shown whole, only what went from each.
        rows = "".join(
            f'<span class="line" data-n="{r.get("record", "")}">{_cut(r["text"].rstrip(chr(10)), r, colours)}</span>'
            for r in outcome.removals
        )
        body += f'<pre class="text">{rows}</pre>'
    return head + body + "</section>"


def render_page(outcomes, summary: Summary, *, title: str = "cleaner review") -> str:
    """The review page for a batch, as one HTML string."""
    reasons: dict[str, str] = {}
    files_per_rule: Counter = Counter()
    for outcome in outcomes:
        touched = set()
        for removal in outcome.removals:
            reasons.setdefault(removal["rule_id"], removal["reason"])
            touched.add(removal["rule_id"])
        files_per_rule.update(touched)
    lines = defaultdict(int, summary.lines_removed)
    rule_ids = sorted(set(reasons) | set(summary.lines_removed))
    colours = rule_colours(rule_ids)
    rule_rows = "".join(
        f'<tr data-rule="{_attr(rid)}"><td><span class="swatch" style="--c: {colours[rid]}"></span>'
        f'<code>{escape(rid)}</code></td><td class="num">{lines[rid]}</td>'
        f'<td class="num">{files_per_rule[rid]}</td><td>{escape(reasons.get(rid, ""))}</td></tr>'
        for rid in sorted(rule_ids, key=lambda r: (-lines[r], r))
    )
    file_rows = "".join(
        f'<tr><td><a href="#file-{n}">{escape(o.display)}</a></td><td>{escape(o.status)}</td>'
        f'<td class="num">{sum(o.rule_counts.values())}</td></tr>'
        for n, o in enumerate(outcomes, start=1)
    )
    options = "".join(f'<option value="{_attr(rid)}">{escape(rid)}</option>' for rid in rule_ids)
    sections = "".join(_file_section(n, o, colours) for n, o in enumerate(outcomes, start=1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p id="totals">{escape(summary.format().splitlines()[0])}</p>'
        '<table id="rules"><thead><tr><th>rule</th><th>lines removed</th><th>files</th>'
        f"<th>reason</th></tr></thead><tbody>{rule_rows}</tbody></table>"
        '<table id="files"><thead><tr><th>file</th><th>status</th><th>lines removed</th></tr></thead>'
        f"<tbody>{file_rows}</tbody></table>"
        '<div class="controls"><label>Rule filter: <select id="rule-filter">'
        f'<option value="">all rules</option>{options}</select></label> <span id="shown"></span></div>'
        f"<main>{sections}</main><script>{_SCRIPT}</script></body></html>\n"
    )


__all__ = ["render_page", "render_text", "rule_colours"]
