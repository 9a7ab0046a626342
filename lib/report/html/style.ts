// Inline stylesheet of conformance.html (the page loads nothing from anywhere).
export const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--skip:#59636e;--skip-bg:#eff2f5;--known:#8250df;--known-bg:#fbefff;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px 20px 60px}
header.top{display:flex;justify-content:space-between;align-items:baseline;gap:16px;flex-wrap:wrap}
header.top h1{font-size:20px;margin:0}
.meta{color:var(--muted);font-size:12.5px}
.meta code{font-family:var(--mono);font-size:12px}
.verdict{margin:18px 0;border-radius:10px;padding:18px 22px;border:1px solid;display:grid;grid-template-columns:1fr auto;gap:18px;align-items:center}
.verdict.ok{background:var(--pass-bg);border-color:#4ac26b}
.verdict.bad{background:var(--fail-bg);border-color:#ff8182}
.verdict h2{margin:0 0 4px;font-size:26px;letter-spacing:-.01em}
.verdict.incomplete{background:var(--warn-bg);border-color:#d4a72c}
.verdict.ok h2{color:var(--pass)} .verdict.bad h2{color:var(--fail)} .verdict.incomplete h2{color:var(--warn)}
.skips{margin-top:10px} .skips ul{margin:6px 0;padding-left:18px} .skips li{margin:4px 0}
.skips li.undeclared strong{color:var(--fail)} .skips .why{color:var(--muted);font-size:12.5px}
.skips .ids{font-family:var(--mono);font-size:12px} .skips a{color:inherit}
.body .lacks{margin:-4px 0 10px;font-size:12.5px;color:var(--muted)}
.lack{font-family:var(--mono);font-size:12px;border-radius:4px;padding:0 5px}
.lack.declared{background:var(--skip-bg)} .lack.undeclared{background:var(--fail-bg);color:var(--fail)}
.verdict p{margin:2px 0;color:var(--fg)}
table.counts{border-collapse:collapse;background:var(--card);border-radius:8px;overflow:hidden;font-variant-numeric:tabular-nums}
table.counts th,table.counts td{padding:5px 12px;border:1px solid var(--line);text-align:right}
table.counts th:first-child,table.counts td:first-child{text-align:left}
table.counts thead th{background:var(--bg);font-weight:600;font-size:12px;text-transform:uppercase;color:var(--muted)}
td.n-failed.nz{color:var(--fail);font-weight:700} td.n-warning.nz{color:var(--warn);font-weight:700} td.n-passed.nz{color:var(--pass)}
.notices{display:grid;gap:8px;margin-bottom:14px}
.notice{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--known);border-radius:6px;padding:8px 12px}
.notice.regress{border-left-color:var(--fail)} .notice.fixed{border-left-color:var(--pass)}
.toolbar{position:sticky;top:0;z-index:2;background:var(--bg);padding:10px 0;display:flex;gap:10px;flex-wrap:wrap;align-items:center;border-bottom:1px solid var(--line);margin-bottom:14px}
.toolbar button{font:inherit;border:1px solid var(--line);background:var(--card);border-radius:999px;padding:4px 12px;cursor:pointer}
.toolbar button[aria-pressed=true]{background:var(--fg);color:#fff;border-color:var(--fg)}
.toolbar select,.toolbar input{font:inherit;border:1px solid var(--line);border-radius:6px;padding:5px 8px;background:var(--card)}
.toolbar input{min-width:240px}
.toolbar .shown{color:var(--muted);margin-left:auto}
section.area{margin:0 0 22px}
section.area > h3{font-size:16px;margin:0 0 8px;display:flex;gap:10px;align-items:baseline}
section.area > h3 small{color:var(--muted);font-weight:400;font-size:12.5px}
details.req{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:6px 0;border-left:4px solid var(--line)}
details.req.o-failed{border-left-color:var(--fail)} details.req.o-warning{border-left-color:#d4a72c}
details.req.o-passed{border-left-color:#4ac26b} details.req.o-skipped{border-left-color:#afb8c1}
details.req.known{border-left-color:var(--known)}
details.req > summary{list-style:none;cursor:pointer;padding:8px 12px;display:grid;grid-template-columns:auto auto 1fr auto;gap:10px;align-items:baseline}
details.req > summary::-webkit-details-marker{display:none}
.badge{font-size:11px;font-weight:700;border-radius:4px;padding:1px 7px;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
.b-passed{background:var(--pass-bg);color:var(--pass)} .b-failed{background:var(--fail-bg);color:var(--fail)}
.b-warning{background:var(--warn-bg);color:var(--warn)} .b-skipped{background:var(--skip-bg);color:var(--skip)}
.b-known{background:var(--known-bg);color:var(--known)} .b-regression{background:var(--fail);color:#fff} .b-fixed{background:var(--pass);color:#fff}
.lvl{font-family:var(--mono);font-size:11px;color:var(--muted)}
.rid{font-family:var(--mono);font-weight:600;font-size:12.5px}
.title{color:var(--fg)}
.tags{display:flex;gap:6px}
.body{padding:4px 14px 14px;border-top:1px solid var(--line)}
.body .msg{margin:10px 0;font-weight:600}
.body .src{color:var(--muted);font-size:12px}
.ea{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:10px 0}
.ea h4,.ex h4,.body h4{margin:0 0 4px;font-size:11.5px;text-transform:uppercase;color:var(--muted);letter-spacing:.04em}
pre{margin:0;font-family:var(--mono);font-size:12px;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:8px 10px;white-space:pre-wrap;word-break:break-word;max-height:340px;overflow:auto}
pre.expected{border-color:#4ac26b} pre.actual{border-color:#ff8182}
.ex{margin:10px 0;border:1px dashed var(--line);border-radius:6px;padding:8px}
.ex .line{font-family:var(--mono);font-size:12.5px;margin-bottom:6px}
.ex .st{font-weight:700} .st.s2{color:var(--pass)} .st.s4,.st.s5{color:var(--fail)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.curl{position:relative}
.curl button{position:absolute;top:4px;right:4px;font-size:11px;border:1px solid var(--line);background:var(--card);border-radius:4px;cursor:pointer}
ul.notes{margin:6px 0;padding-left:18px;color:var(--muted)}
.hidden{display:none!important}
footer{color:var(--muted);font-size:12px;margin-top:30px}
@media (max-width:760px){.verdict{grid-template-columns:1fr}.ea,.cols{grid-template-columns:1fr}}
table.coverage{border-collapse:collapse;font-size:12.5px;margin:4px 0 8px;background:var(--card)}
table.coverage th,table.coverage td{padding:3px 8px;border:1px solid var(--line);text-align:left;vertical-align:top}
table.coverage thead th{background:var(--bg);color:var(--muted);font-weight:600}
table.coverage .gap{color:var(--fail);font-weight:700} details.not-exercised{font-size:12.5px;color:var(--muted)}
`;
