// conformance.html: one self-contained page a person reads. Verdict first, then requirements by
// area; failures open with expected vs actual, their exchanges and a curl reproduction.

import { html as htmlAny } from 'htm/preact';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Exchange, Lack, OperationCoverage } from '../../types.js';
import type { Counts, RequirementResult, RunReport, VerdictStatus } from '../types.js';
import { countedReason, isCovered, lackWords, shardNotice, skipAdvice } from '../verdict.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';

// htm bound to preact's h; typed as returning one VNode (every template here has one root).
const html = htmlAny as unknown as (strings: TemplateStringsArray, ...values: unknown[]) => VNode;

const OUTCOMES = ['failed', 'warning', 'skipped', 'passed'] as const;
const MAX_BODY = 6000;

const clip = (s: string | undefined) =>
  s === undefined ? '' : s.length > MAX_BODY ? `${s.slice(0, MAX_BODY)}\n… (${s.length - MAX_BODY} more characters)` : s;

function pretty(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function prettyBody(body: string | undefined): string {
  if (!body) return '';
  try {
    return clip(JSON.stringify(JSON.parse(body), null, 2));
  } catch {
    return clip(body);
  }
}

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

function CountsTable({ counts }: { counts: Counts }) {
  const row = (label: string, c: Counts['total']) => html`
    <tr><th scope="row">${label}</th>${OUTCOMES.map((o) => html`<td class=${`n-${o}${c[o] ? ' nz' : ''}`}>${c[o]}</td>`)}</tr>`;
  return html`<table class="counts" aria-label="counts by level and outcome">
    <thead><tr><th></th>${OUTCOMES.map((o) => html`<th>${o}</th>`)}</tr></thead>
    <tbody>${row('MUST', counts.MUST)}${row('SHOULD', counts.SHOULD)}${row('total', counts.total)}</tbody>
  </table>`;
}

function ExchangeView({ ex, n }: { ex: Exchange; n: number }) {
  const status = ex.response?.status;
  return html`<div class="ex">
    <h4>exchange ${n}</h4>
    <div class="line">${ex.request.method} ${ex.request.url} → ${
      status !== undefined ? html`<span class=${`st s${String(status)[0]}`}>${status}</span>` : html`<span class="st s5">${ex.error ?? 'no response'}</span>`
    } <span class="meta">${Math.round(ex.durationMs)} ms${ex.retries ? `, ${ex.retries} transport retries` : ''}</span></div>
    <div class="cols">
      <div><h4>request</h4><pre>${headerLines(ex.request.headers)}${ex.request.body ? `\n\n${prettyBody(ex.request.body)}` : ''}</pre></div>
      <div><h4>response</h4><pre>${ex.response ? `${headerLines(ex.response.headers)}${ex.response.body ? `\n\n${prettyBody(ex.response.body)}` : ''}` : (ex.error ?? '')}</pre></div>
    </div>
    <div class="curl"><h4>reproduce</h4><pre class="curl-cmd">${ex.curl}</pre><button type="button">copy</button></div>
  </div>`;
}

/** ` · 7 judgements (+ 3 of its setup)`: what the check judged; nothing for a check that did not run. */
function judgementWords(r: Pick<RequirementResult, 'judgements' | 'preconditions'>): string {
  if (r.judgements === undefined) return '';
  const own = `${r.judgements} ${r.judgements === 1 ? 'judgement' : 'judgements'}`;
  return ` · ${own}${r.preconditions ? ` (+ ${r.preconditions} of its setup)` : ''}`;
}

function RequirementView({ r, declaredLacks }: { r: RequirementResult; declaredLacks: readonly string[] }) {
  const bad = r.outcome === 'failed' || r.outcome === 'warning';
  const tags = [
    r.known ? html`<span class="badge b-known">known</span>` : null,
    r.change ? html`<span class=${`badge b-${r.change}`}>${r.change}</span>` : null,
    html`<span class=${`badge b-${r.outcome}`}>${r.outcome}</span>`,
  ];
  const ev = r.evidence;
  return html`<details class=${`req o-${r.outcome}${r.known ? ' known' : ''}`} id=${`req-${r.id}`}
      data-outcome=${r.outcome} data-area=${r.area} data-id=${r.id} data-title=${r.title} data-known=${r.known ? '' : undefined}
      open=${bad && !r.known ? true : undefined}>
    <summary><span class="lvl">${r.level}</span><span class="rid">${r.id}</span><span class="title">${r.title}</span><span class="tags">${tags}</span></summary>
    <div class="body">
      <div class="src">source: ${r.source} · ${Math.round(r.durationMs)} ms${judgementWords(r)}</div>
      ${r.message ? html`<div class="msg">${r.outcome === 'skipped' ? 'skipped: ' : ''}${r.message}</div>` : null}
      ${
        r.outcome === 'skipped'
          ? html`<div class="lacks">${
              r.lacks?.length
                ? html`lacks: ${r.lacks.map((l) => html`<span class=${`lack ${declaredLacks.includes(l) ? 'declared' : 'undeclared'}`}>${lackWords(l)} (${declaredLacks.includes(l) ? 'declared' : 'not declared'})</span> `)}`
                : 'names no lack'
            }${r.level === 'MUST' ? (isCovered(r, declaredLacks as Lack[]) ? ' · excused: the target declares it' : ' · a skipped MUST that fails the run') : ''}</div>`
          : null
      }
      ${r.known ? html`<div class="src">known failure in the baseline${r.knownNote ? `: ${r.knownNote}` : ''}</div>` : null}
      ${
        bad && (ev.expected !== undefined || ev.actual !== undefined)
          ? html`<div class="ea"><div><h4>expected</h4><pre class="expected">${clip(pretty(ev.expected))}</pre></div><div><h4>actual</h4><pre class="actual">${clip(pretty(ev.actual))}</pre></div></div>`
          : null
      }
      ${ev.notes.length ? html`<h4>notes</h4><ul class="notes">${ev.notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
      ${ev.coverage?.length ? html`<${CoverageTable} rows=${ev.coverage} />` : null}
      ${bad ? ev.exchanges.map((ex, i) => html`<${ExchangeView} ex=${ex} n=${i + 1} />`) : null}
      ${!bad && ev.exchanges.length ? html`<div class="src">${ev.exchanges.length} exchange(s); last: <code>${ev.exchanges.at(-1)!.request.method} ${ev.exchanges.at(-1)!.request.url} → ${ev.exchanges.at(-1)!.response?.status ?? 'no response'}</code></div>` : null}
    </div>
  </details>`;
}

/** The coverage phase's table: per operation, cases judged and rules exercised out of those stated (a gap in bold). */
function CoverageTable({ rows }: { rows: OperationCoverage[] }) {
  const sum = (f: (r: OperationCoverage) => number) => rows.reduce((n, r) => n + f(r), 0);
  const missed = rows.flatMap((r) => (r.notExercised ?? []).map((x) => ({ op: r.operation, ...x })));
  return html`<h4>coverage: ${sum((r) => r.cases.judged)} cases judged, ${sum((r) => r.cases.impossible)} impossible on this target</h4>
    <table class="coverage"><thead><tr><th>operation</th><th>cases judged</th><th>members</th><th>rules exercised, by keyword</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr>
      <td><code>${r.operation}</code></td>
      <td>${r.cases.judged}${r.cases.impossible ? ` (+${r.cases.impossible} impossible)` : ''}</td>
      <td>${r.members.exercised}/${r.members.total}</td>
      <td>${r.keywords.map((k, i) => html`${i ? ' · ' : ''}<span class=${k.exercised < k.total ? 'gap' : undefined}>${k.keyword} ${k.exercised}/${k.total}</span>`)}</td>
    </tr>`,
    )}</tbody></table>
    ${missed.length ? html`<details class="not-exercised"><summary>${missed.length} not exercised, with why</summary><ul>${missed.map((m) => html`<li><code>${m.op}</code> ${m.case}: ${m.reason}</li>`)}</ul></details>` : null}`;
}

function Notices({ report }: { report: RunReport }) {
  const items: VNode[] = [];
  for (const e of report.errors ?? []) {
    items.push(html`<div class="notice regress">Incomplete run: ${e}</div>`);
  }
  const b = report.baseline;
  if (b) {
    items.push(
      html`<div class="notice">Baseline <code>${b.file}</code> (target ${b.target}): ${b.known.length} known failure(s), ${b.newFailures.length} new failure(s)${b.newFailures.length ? `: ${b.newFailures.join(', ')}` : ''}.</div>`,
    );
    if (b.fixed.length) items.push(html`<div class="notice fixed">Fixed since the baseline — tighten it: ${b.fixed.join(', ')}.</div>`);
  }
  const c = report.comparison;
  if (c) {
    items.push(
      html`<div class=${`notice${c.regressions.length ? ' regress' : ''}`}>Compared with <code>${c.previous}</code>${c.previousStartedAt ? ` (${c.previousStartedAt})` : ''}: ${c.regressions.length} regression(s)${c.regressions.length ? `: ${c.regressions.join(', ')}` : ''}; ${c.fixes.length} fix(es)${c.fixes.length ? `: ${c.fixes.join(', ')}` : ''}.</div>`,
    );
  }
  return items.length ? html`<div class="notices">${items}</div>` : null;
}

const HEADLINE: Record<VerdictStatus, string> = {
  conforming: 'Conforming',
  incomplete: 'Incomplete',
  'not-conforming': 'Not conforming',
  interrupted: 'Interrupted',
};
const BANNER: Record<VerdictStatus, string> = { conforming: 'ok', incomplete: 'incomplete', 'not-conforming': 'bad', interrupted: 'bad' };

/** Why MUSTs were not checked, one line per reason, with the ids linking to their requirement. */
function SkipReasons({ report }: { report: RunReport }) {
  const v = report.verdict;
  if (!v.skipReasons.length) return null;
  return html`<div class="skips">
    <p><strong>${v.mustSkipped} of ${v.mustTotal} MUST requirements were not checked</strong>${
      v.excused
        ? ' — every one lacked only what the target declares it cannot do, so the run passes, incomplete:'
        : ' — some lacked what the target does not declare, so the run fails:'
    }</p>
    <ul>${v.skipReasons.map(
      (g) => html`<li class=${g.declared ? 'declared' : 'undeclared'}>
      <strong>${countedReason(g)}</strong> — ${skipAdvice(g)}${g.lacks.length ? html`<br /><span class="why">${g.message}</span>` : null}
      <br /><span class="ids">${g.ids.map((id, i) => html`${i ? ', ' : ''}<a href=${`#req-${id}`}>${id}</a>`)}</span>
    </li>`,
    )}</ul>
  </div>`;
}

function Page({ report }: { report: RunReport }) {
  const v = report.verdict;
  const declaredLacks = report.target.declaredLacks ?? [];
  const areas = [...new Set(report.requirements.map((r) => r.area))];
  // A shard's verdict is its share's: the headline says so wherever it is read (title, banner).
  const shard = shardNotice(report);
  const headline = shard ? `${HEADLINE[v.status]} (${shard.tag} only)` : HEADLINE[v.status];
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${`${headline} · ${report.target.name} · ${report.suite.name}`}</title>
      <style dangerouslySetInnerHTML=${{ __html: STYLE }}></style>
    </head>
    <body>
      <main>
        <header class="top">
          <h1>${report.contract.title} ${report.contract.version} — conformance of ${report.target.profile === 'receiver' ? 'the webhook receiver ' : ''}<code>${report.target.name}</code></h1>
          <div class="meta">${report.suite.name} ${report.suite.version} · ${report.startedAt} · ${(report.durationMs / 1000).toFixed(1)} s</div>
        </header>
        <div class="meta">target <code>${report.target.baseUrl}</code> · capabilities: ${report.target.capabilities.join(', ') || 'none'}${declaredLacks.length ? ` · declares it cannot: ${declaredLacks.map(lackWords).join(', ')}` : ''}${report.target.triggers?.length ? ` · triggers: ${report.target.triggers.join(', ')}` : ''} · seed <code>${report.seed}</code> · runs ${report.runs} · contract <code>${report.contract.revision}</code> revision, digest <code>${report.contract.digest.slice(0, 19)}</code>${report.options.strict ? ' · strict' : ''}${report.options.faults.length ? ` · faults: ${report.options.faults.join(', ')}` : ''}${report.options.only.length ? ` · only: ${report.options.only.join(', ')}` : ''}</div>
        <section class=${`verdict ${BANNER[v.status]}`} id="verdict" data-status=${v.status} data-passed=${String(v.passed)}>
          <div>
            <h2>${headline}</h2>
            ${shard ? html`<p class="shard"><strong>${shard.sentence}</strong></p>` : null}
            <p class="summary">${v.summary}</p>
            ${v.status === 'not-conforming' && v.passed ? html`<p>The run passes: every failure is known in the baseline${v.mustSkipped ? ' and every MUST not checked lacked only what the target declares' : ''}.</p>` : null}
            <${SkipReasons} report=${report} />
          </div>
          <${CountsTable} counts=${report.counts} />
        </section>
        <${Notices} report=${report} />
        <nav class="toolbar" aria-label="filters">
          <button type="button" data-filter-outcome="all" aria-pressed="true">all ${report.counts.total.passed + report.counts.total.failed + report.counts.total.warning + report.counts.total.skipped}</button>
          ${OUTCOMES.map((o) => html`<button type="button" data-filter-outcome=${o} aria-pressed="false">${o} ${report.counts.total[o]}</button>`)}
          ${report.baseline ? html`<button type="button" data-filter-outcome="known" aria-pressed="false">known ${report.baseline.known.length}</button>` : null}
          <select id="area" aria-label="area"><option value="all">all areas</option>${areas.map((a) => html`<option value=${a}>${a}</option>`)}</select>
          <input id="search" type="search" placeholder="search by id or title" aria-label="search by id" />
          <span class="shown" id="shown"></span>
        </nav>
        ${areas.map((area) => {
          // Within an area, what needs attention comes first: failures, warnings, skips, passes.
          const rs = report.requirements
            .filter((r) => r.area === area)
            .sort((a, b) => OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) || a.id.localeCompare(b.id));
          const failed = rs.filter((r) => r.outcome === 'failed').length;
          return html`<section class="area" data-area=${area} id=${`area-${area}`}>
            <h3>${area} <small>${rs.length} requirement(s)${failed ? `, ${failed} failed` : ''}</small></h3>
            ${rs.map((r) => html`<${RequirementView} r=${r} declaredLacks=${declaredLacks} />`)}
          </section>`;
        })}
        ${report.requirements.length === 0 ? html`<p>No requirement was checked in this run.</p>` : null}
        <footer>Generated by ${report.suite.name} ${report.suite.version}. No secret appears in this page: requests show shell variables or [redacted] in their place.</footer>
      </main>
      <script dangerouslySetInnerHTML=${{ __html: SCRIPT }}></script>
    </body>
  </html>`;
}

export function renderHtml(report: RunReport): string {
  return `<!doctype html>\n${renderToString(html`<${Page} report=${report} />`)}\n`;
}
