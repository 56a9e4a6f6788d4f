"""The ``html`` page's inline style sheet: system fonts only, readable on screen and on paper."""

STYLE = """
:root { --err: #c62828; --err-bg: #fde7e7; --warn: #b35c00; --warn-bg: #fff1d6; --info: #1f5fa8; --info-bg: #e4eefb;
  --ok: #2e7d32; --ok-bg: #e5f4e6; --line: #d5d9e0; --muted: #5f6670; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px 32px 64px; color: #1d2129; background: #f6f7f9;
  font: 15px/1.7 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 0 0 12px; word-break: break-all; }
h3 { font-size: 16px; margin: 20px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
h5 { font-size: 14px; margin: 0 0 6px; }
a { color: #1f5fa8; }
.page-head, .summary, .file { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin-bottom: 20px; }
.legend { color: var(--muted); font-size: 14px; }
.sev { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; white-space: nowrap; }
.sev.err, .status.err { color: var(--err); background: var(--err-bg); }
.sev.warn, .status.warn { color: var(--warn); background: var(--warn-bg); }
.sev.info, .status.info { color: var(--info); background: var(--info-bg); }
.status { display: inline-block; padding: 1px 10px; border-radius: 10px; font-size: 14px; white-space: nowrap; }
.status.ok { color: var(--ok); background: var(--ok-bg); }
.status.skip { color: var(--muted); background: #eceef1; }
table { border-collapse: collapse; }
.overview { width: 100%; font-size: 14px; }
.overview th, .overview td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
.overview th { white-space: nowrap; }
.overview td:first-child { word-break: break-all; }
.overview td.num { text-align: right; font-variant-numeric: tabular-nums; }
.facts { margin: 2px 0; color: var(--muted); }
ol.findings { padding-left: 26px; }
li.finding { margin: 6px 0; padding: 6px 10px; border-left: 4px solid var(--line); background: #fafbfc; }
li.finding.err { border-color: var(--err); }
li.finding.warn { border-color: var(--warn); }
li.finding.info { border-color: var(--info); }
li.finding:target, td.hit:target, a.tag:target { outline: 3px solid #222; outline-offset: 1px; }
.related { margin-top: 6px; font-size: 14px; color: var(--muted); }
.related ul { margin: 4px 0 0; padding-left: 18px; list-style: none; }
.related li.finding { background: #fff; }
.meta, .detail { font-size: 13px; color: var(--muted); }
code { font-family: "SFMono-Regular", Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; }
.doc { border-top: 1px dashed var(--line); padding-top: 6px; }
.doc p { margin: 6px 0; text-indent: 2em; }
mark.hit { padding: 0 2px; border-radius: 3px; color: inherit; }
.hit.err { background: var(--err-bg); box-shadow: inset 0 -2px 0 var(--err); }
.hit.warn { background: var(--warn-bg); box-shadow: inset 0 -2px 0 var(--warn); }
.hit.info { background: var(--info-bg); box-shadow: inset 0 -2px 0 var(--info); }
a.tag { display: inline-block; margin-left: 3px; padding: 0 4px; border-radius: 3px; font: 11px/1.5 monospace;
  color: #fff; text-decoration: none; vertical-align: 1px; text-indent: 0; }
a.tag.err { background: var(--err); }
a.tag.warn { background: var(--warn); }
a.tag.info { background: var(--info); }
.table-block { display: flex; gap: 14px; align-items: flex-start; margin: 10px 0 18px; }
.table-wrap { overflow-x: auto; flex: 1 1 auto; }
table.report { font-size: 13px; background: #fff; }
table.report caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.report th, table.report td { border: 1px solid #b9bec7; padding: 3px 6px; }
table.report thead th { background: #eef1f5; font-weight: 600; font-size: 12px; }
table.report th.label { text-align: left; font-weight: normal; background: #f7f8fa; min-width: 9em; }
table.report td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.hit { box-shadow: none; outline: 1px dashed currentColor; outline-offset: -2px; font-weight: normal; }
td.hit.err { color: #7a1010; }
td.hit.warn { color: #6b3800; }
td.hit.info { color: #123a66; }
table.report td.hit.main { font-weight: 700; outline: 2px solid currentColor; }
td.hit.main.err { background: #f9c4c4; }
td.hit.main.warn { background: #ffdc9e; }
td.hit.main.info { background: #c6dbf7; }
a.tag.part { background: transparent; border: 1px solid currentColor; padding: 0 3px; }
a.tag.part.err { color: var(--err); }
a.tag.part.warn { color: var(--warn); }
a.tag.part.info { color: var(--info); }
.rownote { display: block; font-size: 12px; color: var(--warn); }
aside.notes { flex: 0 0 300px; font-size: 13px; background: #fffdf5; border: 1px solid #eadfb8; border-radius: 6px; padding: 8px 10px; }
aside.notes ul { margin: 0; padding-left: 16px; }
aside.notes li { margin: 4px 0; }
aside.notes li.err::marker { color: var(--err); }
.top { text-align: right; font-size: 13px; }
@media print { body { background: #fff; } .table-block { display: block; } aside.notes { margin-top: 6px; } }
"""
