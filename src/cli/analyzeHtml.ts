import type { EscalationPath, Finding, PostureReport } from '../analysis/posture/index.js';
import { SEVERITIES } from '../analysis/posture/index.js';
import { shortResource } from './analyzeText.js';

/**
 * `gatehouse analyze --format html`: one self-contained page (no script, style or font from
 * anywhere else) with the findings, filters by severity, category and text, and a drawing of each
 * escalation path. Paths are chains, so each is drawn as a row of boxes joined by labelled arrows:
 * an SVG computed here, with no layout library (a chain needs none).
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const COLOURS: Readonly<Record<string, string>> = { critical: '#8b0000', high: '#c0392b', medium: '#b9770e', low: '#2e6f9e' };

/** The SVG of one path: the source, each principal reached, the administrator last. */
export function pathSvg(path: EscalationPath): string {
  const nodes: { label: string; sub: string; admin: boolean }[] = [{ label: shortResource(path.source), sub: path.sourceType, admin: false }];
  for (const [i, step] of path.steps.entries()) {
    const last = i === path.steps.length - 1;
    nodes.push({ label: shortResource(step.to), sub: last ? 'administrator' : step.from === step.to ? 'changed' : 'reached', admin: last });
  }
  const charWidth = 7.2;
  const boxWidth = Math.max(130, ...nodes.map((n) => n.label.length * charWidth + 20));
  const labels = path.steps.map((s) => [
    `${s.technique}${s.conditional ? ' (if the service exists)' : ''}${s.mfaRequired ? ' (MFA)' : ''}`,
    ...s.actions.map((a) => a.action),
  ]);
  const gap = Math.max(150, ...labels.flat().map((l) => l.length * 6.4 + 24));
  const lineCount = Math.max(1, ...labels.map((l) => l.length));
  const boxHeight = 46;
  const top = 14 + lineCount * 13;
  const width = nodes.length * boxWidth + (nodes.length - 1) * gap + 20;
  const height = top + boxHeight + 12;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="path" width="${Math.ceil(width)}" height="${height}" viewBox="0 0 ${Math.ceil(width)} ${height}" role="img" aria-label="${escapeHtml(labels.map((l) => l[0]).join(' then '))}">`,
  );
  parts.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
  );
  nodes.forEach((node, i) => {
    const x = 10 + i * (boxWidth + gap);
    parts.push(
      `<rect x="${x}" y="${top}" width="${boxWidth}" height="${boxHeight}" rx="6" fill="${node.admin ? '#fdecea' : '#f4f6f8'}" stroke="${node.admin ? '#c0392b' : '#8a97a5'}"/>`,
      `<text x="${x + boxWidth / 2}" y="${top + 20}" text-anchor="middle" font-size="12" font-family="monospace">${escapeHtml(node.label)}</text>`,
      `<text x="${x + boxWidth / 2}" y="${top + 36}" text-anchor="middle" font-size="10" fill="#555">${escapeHtml(node.sub)}</text>`,
    );
    if (i < nodes.length - 1) {
      const x1 = x + boxWidth;
      const x2 = x1 + gap;
      const y = top + boxHeight / 2;
      parts.push(`<line x1="${x1 + 2}" y1="${y}" x2="${x2 - 2}" y2="${y}" stroke="#444" stroke-width="1.5" marker-end="url(#arrow)"/>`);
      labels[i]!.forEach((text, j) => {
        parts.push(
          `<text x="${(x1 + x2) / 2}" y="${y - 8 - (labels[i]!.length - 1 - j) * 13}" text-anchor="middle" font-size="${j === 0 ? 11 : 10}" font-family="monospace"${j === 0 ? ' font-weight="bold"' : ''}>${escapeHtml(text)}</text>`,
        );
      });
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function findingHtml(f: Finding, index: number): string {
  const search = `${f.id} ${f.title} ${f.resourceArn} ${f.reason}`.toLowerCase();
  return [
    `<details class="finding" data-severity="${f.severity}" data-category="${f.category}" data-search="${escapeHtml(search)}" id="f${index}">`,
    `<summary><span class="sev ${f.severity}">${f.severity}</span> <code>${escapeHtml(f.id)}</code> <span class="res">${escapeHtml(shortResource(f.resourceArn))}</span> <span class="title">${escapeHtml(f.reason)}</span></summary>`,
    `<p class="label">${escapeHtml(f.title)}</p>`,
    f.path !== undefined ? `<div class="svg">${pathSvg(f.path)}</div>` : '',
    f.path !== undefined
      ? `<ol class="steps">${f.path.steps
          .map(
            (s) =>
              `<li><code>${escapeHtml(s.technique)}</code> ${escapeHtml(s.description)}<ul>${s.actions
                .map(
                  (a) =>
                    `<li><code>${escapeHtml(a.action)}</code> on <code>${escapeHtml(a.resource)}</code>${a.allowedBy.length > 0 ? `, allowed by ${a.allowedBy.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}` : ''}</li>`,
                )
                .join('')}</ul></li>`,
          )
          .join('')}</ol>`
      : '',
    f.remediation.length > 0 ? `<p class="label">Remediation</p><pre>${escapeHtml(f.remediation.join('\n'))}</pre>` : '',
    `<p class="meta">Resource <code>${escapeHtml(f.resourceArn)}</code> (${escapeHtml(f.resourceType)}) · ${f.sources.map(escapeHtml).join(' · ')}${f.link !== undefined ? ` · <a href="${escapeHtml(f.link)}">${escapeHtml(f.link)}</a>` : ''}</p>`,
    '</details>',
  ].join('\n');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2733;background:#fff}
header{padding:18px 24px;background:#1d2733;color:#fff}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#c7d0da}
main{padding:16px 24px;max-width:1400px}
.counts{display:flex;gap:10px;margin:12px 0}.count{padding:8px 14px;border-radius:6px;color:#fff;min-width:80px}.count b{display:block;font-size:22px}
.filters{display:flex;flex-wrap:wrap;gap:14px;align-items:center;padding:10px 0;border-bottom:1px solid #dde3e9;margin-bottom:10px;position:sticky;top:0;background:#fff}
.finding{border:1px solid #dde3e9;border-radius:6px;margin:6px 0;padding:6px 10px}.finding summary{cursor:pointer}
.sev{display:inline-block;width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;text-transform:uppercase}
.sev.critical{background:${COLOURS['critical']}}.sev.high{background:${COLOURS['high']}}.sev.medium{background:${COLOURS['medium']}}.sev.low{background:${COLOURS['low']}}
.res{font-family:monospace;color:#34495e}.title{color:#5d6d7e}
pre{background:#f4f6f8;padding:8px;overflow:auto;border-radius:4px}.label{font-weight:600;margin-bottom:2px}.meta{color:#5d6d7e;font-size:12px}
.svg{overflow-x:auto;padding:4px 0}.hidden{display:none}table{border-collapse:collapse}td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #eef1f4}
`;

const SCRIPT = `
(function(){
  var boxes=[].slice.call(document.querySelectorAll('input[name=sev]'));
  var cat=document.getElementById('category'),q=document.getElementById('q'),paths=document.getElementById('paths'),shown=document.getElementById('shown');
  function apply(){
    var sev={};boxes.forEach(function(b){sev[b.value]=b.checked;});
    var text=q.value.toLowerCase(),n=0;
    [].forEach.call(document.querySelectorAll('.finding'),function(f){
      var ok=sev[f.dataset.severity]&&(!cat.value||f.dataset.category===cat.value)&&(!text||f.dataset.search.indexOf(text)>=0)&&(!paths.checked||f.dataset.category==='privilege-escalation');
      f.classList.toggle('hidden',!ok);if(ok)n++;
    });
    shown.textContent=n;
  }
  boxes.concat([cat,q,paths]).forEach(function(e){e.addEventListener('input',apply);});
  apply();
})();`;

export function renderHtml(report: PostureReport): string {
  const categories = [...new Set(report.findings.map((f) => f.category))].sort();
  const notEvaluated = report.checks.filter((k) => k.status === 'not-evaluated');
  const title = `Gatehouse posture: account ${report.accountId}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>Analysed ${escapeHtml(report.analyzedAt)} · ${report.summary.total} findings · ${report.administrators.length} administrators · ${report.checks.filter((k) => k.status === 'pass').length} checks passed, ${notEvaluated.length} not evaluated</p></header>
<main>
<div class="counts">${SEVERITIES.map((s) => `<div class="count" style="background:${COLOURS[s]}"><b>${report.summary[s]}</b>${s}</div>`).join('')}</div>
<div class="filters">
${SEVERITIES.map((s) => `<label><input type="checkbox" name="sev" value="${s}" checked> ${s}</label>`).join('\n')}
<label>Category <select id="category"><option value="">all</option>${categories.map((c) => `<option>${escapeHtml(c)}</option>`).join('')}</select></label>
<label><input type="checkbox" id="paths"> escalation paths only</label>
<label>Search <input type="search" id="q" placeholder="id, resource, text"></label>
<span><span id="shown">${report.findings.length}</span> shown</span>
</div>
<section id="findings">
${report.findings.map((f, i) => findingHtml(f, i)).join('\n')}
</section>
<h2>Administrators</h2>
<p>Principals the policy engine allows every action on every resource (with their boundaries and their own denies; the organization's SCPs and RCPs limit every principal alike).</p>
<table><tr><th>Principal</th><th>Granted by</th><th>MFA needed</th></tr>
${report.administrators.map((a) => `<tr><td><code>${escapeHtml(a.arn)}</code></td><td>${a.grantedBy.map((g) => `<code>${escapeHtml(g)}</code>`).join(', ')}</td><td>${a.mfaRequired ? 'yes' : 'no'}</td></tr>`).join('\n')}
</table>
${
  notEvaluated.length > 0
    ? `<h2>Not evaluated</h2><table><tr><th>Check</th><th>Needs</th></tr>${notEvaluated.map((k) => `<tr><td><code>${escapeHtml(k.id)}</code></td><td>${escapeHtml(k.reason ?? '')}</td></tr>`).join('')}</table>`
    : ''
}
${report.warnings.length > 0 ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
