// The article reader: the text right to left with attributions (speaker, cue, content) and
// entities marked, the article's contradictions, attributions, entities and events beside it.
import { h, ar, dots, idLabel, api, clear, link, extLink, errorBox, loading, empty, label } from './util.js';

export function entityHref(e) {
  const id = e.canonical || e.name || e.text;
  return id ? link(['entity', id]) : null;
}

const PART_ORDER = { content: 0, via: 1, speaker: 2, cue: 3 };
const BLOCK_TAG = { title: 'h1', subtitle: 'h2', heading: 'h3', caption: 'p', credit: 'p', paragraph: 'p', source: 'p', dateline: 'p', other: 'p' };

function attrTitle(t, n, part) {
  const sp = t.speaker || {};
  const lines = [
    `#${n} ${t.polarity}${t.direct ? ', direct quote' : ''} — ${part}`,
    `speaker: ${sp.text || '(implicit)'}`,
  ];
  if (sp.resolved && sp.resolved !== sp.text) lines.push(`resolved: ${sp.resolved}`);
  if (sp.canonical) lines.push(`canonical: ${sp.canonical}`);
  if (sp.anonymous) lines.push('anonymous source');
  if (t.via) lines.push(`via: ${t.via.text}`);
  lines.push(`cue: ${t.cue ? t.cue.text : ''}`);
  return lines.join('\n');
}

/**
 * Renders the analysed text into `body`, block by block. Overlapping spans are handled by cutting
 * the text at every span boundary; each piece is wrapped in one element per span covering it,
 * longest outermost, so nested attributions (a statement inside another's content) each keep
 * their own elements. Returns nothing; elements carry data-n (attribution index) and data-part.
 */
export function renderBody(body, a, { onSelect } = {}) {
  const cps = Array.from(a.text || '');
  const spans = [];
  (a.attributions || []).forEach((t, n) => {
    for (const part of ['content', 'speaker', 'cue', 'via']) {
      const s = t[part];
      if (s && s.start != null && s.end != null && s.end > s.start) spans.push({ start: s.start, end: s.end, part, n, t });
    }
  });
  const ents = [];
  (a.entities || []).forEach(e => {
    if (e.start != null && e.end > e.start) ents.push({ start: e.start, end: e.end, e });
  });
  let blocks = (a.blocks || []).filter(b => b.end > b.start);
  if (!blocks.length) blocks = [{ kind: 'paragraph', start: 0, end: cps.length, lang: 'ar' }];

  for (const b of blocks) {
    const tag = BLOCK_TAG[b.kind] || 'p';
    const lang = b.lang || 'ar';
    const el = h(tag, { class: 'blk b-' + b.kind, lang, dir: lang === 'ar' ? 'rtl' : 'auto', 'data-kind': b.kind });
    const cuts = new Set([b.start, b.end]);
    const inBlock = s => s.start < b.end && s.end > b.start;
    const bs = spans.filter(inBlock);
    const be = ents.filter(inBlock);
    for (const s of [...bs, ...be]) {
      cuts.add(Math.max(b.start, s.start));
      cuts.add(Math.min(b.end, s.end));
    }
    const pts = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i + 1 < pts.length; i++) {
      const s0 = pts[i], s1 = pts[i + 1];
      const txt = cps.slice(s0, s1).join('');
      const cover = bs.filter(s => s.start <= s0 && s.end >= s1)
        .sort((x, y) => (y.end - y.start) - (x.end - x.start) || PART_ORDER[x.part] - PART_ORDER[y.part]);
      const ent = be.filter(s => s.start <= s0 && s.end >= s1).sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
      let node = document.createTextNode(txt);
      if (ent) {
        const e = ent.e;
        const href = entityHref(e);
        const tip = [e.name || e.text, e.name_en, e.type, e.canonical].filter(Boolean).join(' · ');
        const ea = h(href ? 'a' : 'span', { class: 'ent t-' + (e.type || 'MISC'), href, title: tip, 'data-entity': e.id });
        ea.append(node);
        node = ea;
      }
      for (let k = cover.length - 1; k >= 0; k--) {
        const s = cover[k];
        const wrap = h('span', {
          class: `attr ${s.t.polarity === 'deny' ? 'deny' : 'affirm'} p-${s.part}`,
          'data-n': s.n, 'data-part': s.part, title: attrTitle(s.t, s.n, s.part),
        });
        wrap.append(node);
        node = wrap;
      }
      el.append(node);
    }
    body.append(el);
  }
  body.addEventListener('click', ev => {
    if (ev.target.closest('a.ent')) return;
    const at = ev.target.closest('.attr');
    if (at && onSelect) onSelect(Number(at.dataset.n));
  });
}

function speakerLine(t) {
  const sp = t.speaker || {};
  return [
    ar('span', { class: 'speaker' }, sp.resolved || sp.text || '(implicit speaker)'),
    sp.canonical ? h('a', { class: 'canon', href: link(['entity', sp.canonical]), title: sp.canonical }, 'entity page') : null,
    sp.anonymous ? h('span', { class: 'badge anon' }, 'anonymous') : null,
    t.via ? h('span', { class: 'badge via' }, 'via ', ar('span', null, t.via.text)) : null,
  ];
}

function attrDetail(t, n, a) {
  const sp = t.speaker || {};
  const pol = t.polarity === 'deny' ? 'deny' : 'affirm';
  const rows = [
    ['polarity', h('span', { class: 'pol ' + pol }, pol)],
    ['speaker (text)', sp.text ? ar('span', null, sp.text) : '(implicit: no speaker span)'],
    ['resolved speaker', ar('span', null, sp.resolved || '—')],
    ['canonical', sp.canonical ? h('a', { href: link(['entity', sp.canonical]) }, sp.canonical) : '—'],
    ['anonymous', sp.anonymous ? 'yes' : 'no'],
    ['via (relay)', t.via ? ar('span', null, t.via.text) : '—'],
    ['cue', ar('span', null, t.cue ? t.cue.text : '')],
    ['direct quote', t.direct ? 'yes' : 'no'],
  ];
  if (t.kind) rows.push(['cue kind', t.kind]);
  const evs = (a.events || []).filter(e => e.attribution === n);
  return h('div', { class: 'attr-detail ' + pol },
    h('h3', null, `Attribution #${n}`),
    h('dl', null, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    ar('blockquote', { class: 'content' }, t.content ? t.content.text : ''),
    evs.length ? h('p', { class: 'meta' }, 'events reported in this statement: ', evs.map(e => label(e.type)).join(', ')) : null);
}

export function contradictionsPanel(a, select) {
  const at = a.attributions || [];
  const list = a.contradictions || [];
  const side = (cls, title, idx) => h('div', { class: 'side ' + cls },
    h('h4', null, `${title} (${idx.length})`),
    h('ul', null, idx.map(n => {
      const t = at[n];
      if (!t) return h('li', null, `#${n}`);
      return h('li', { class: 'src', 'data-n': n },
        h('button', { type: 'button', class: 'linkish', onclick: () => select(n) }, `#${n}`), ' ',
        speakerLine(t), ' ', ar('span', { class: 'cue' }, t.cue ? t.cue.text : ''),
        ar('div', { class: 'content' }, t.content ? t.content.text : ''));
    })));
  return h('section', { id: 'contradictions', class: 'panel' },
    h('h3', null, `Contradictions (${list.length})`),
    list.length ? list.map(c => h('div', { class: 'contradiction' },
      ar('p', { class: 'claim' }, c.claim || ''),
      h('div', { class: 'sides' }, side('affirm', 'Affirm', c.affirm || []), side('deny', 'Deny', c.deny || []))))
      : empty('No contradiction within this article.'));
}

export function legend() {
  return h('div', { class: 'legend' },
    h('span', { class: 'lg attr affirm p-content' }, 'affirmed content'),
    h('span', { class: 'lg attr deny p-content' }, 'denied content'),
    h('span', { class: 'lg attr affirm p-speaker' }, 'speaker'),
    h('span', { class: 'lg attr affirm p-cue' }, 'cue'),
    h('span', { class: 'lg attr affirm p-via' }, 'via'),
    h('span', { class: 'lg ent t-PER' }, 'person'),
    h('span', { class: 'lg ent t-ORG' }, 'organisation'),
    h('span', { class: 'lg ent t-LOC' }, 'place'),
    h('span', { class: 'lg ent t-MISC' }, 'other'));
}

function eventItem(e, i, select) {
  const where = e.place ? (e.place.canonical || e.place.text) : null;
  const nums = [['killed', e.killed], ['injured', e.injured], ['arrested', e.arrested]].filter(([, v]) => v != null);
  return h('li', { class: 'event' + (e.negated ? ' negated' : '') },
    h('span', { class: 'etype' }, label(e.type)), ' ',
    ar('span', { class: 'trigger' }, e.trigger ? e.trigger.text : ''),
    e.negated ? h('span', { class: 'badge' }, 'negated') : null,
    h('div', { class: 'meta' },
      e.agent ? ['agent: ', ar('span', null, e.agent.text), ' '] : null,
      e.target ? ['target: ', ar('span', null, e.target.text), ' '] : null,
      e.place ? ['place: ', e.place.entity || e.place.canonical ? h('a', { href: link(['entity', e.place.canonical || e.place.text]) }, ar('span', null, e.place.text)) : ar('span', null, e.place.text), ' '] : null,
      e.date ? `date: ${typeof e.date === 'string' ? e.date : JSON.stringify(e.date)} ` : null,
      nums.map(([k, v]) => `${k}: ${v} `),
      e.acled ? h('span', { class: 'acled' }, `(${e.acled})`) : null,
      e.attribution != null ? [' ', h('button', { type: 'button', class: 'linkish', onclick: () => select(e.attribution) }, `reported by #${e.attribution}`)] : null),
    where ? null : null);
}

function entityList(a) {
  const groups = new Map();
  for (const e of a.entities || []) {
    const key = e.canonical || e.name || e.text;
    const g = groups.get(key) || { e, count: 0, forms: new Set() };
    g.count++;
    g.forms.add(e.text);
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((x, y) => y.count - x.count);
  return h('ul', { class: 'entlist' }, sorted.map(g => h('li', null,
    h('a', { class: 'ent t-' + (g.e.type || 'MISC'), href: entityHref(g.e) }, ar('span', null, g.e.name || g.e.text)),
    ' ', h('span', { class: 'etag' }, g.e.type), g.count > 1 ? h('span', { class: 'count' }, `×${g.count}`) : null,
    g.e.name_en ? h('span', { class: 'en' }, g.e.name_en) : null)));
}

/** Renders an analysis (with or without article metadata) into `root`. */
export function renderAnalysis(root, a, meta, initialN) {
  const body = ar('article', { class: 'reader-body', id: 'reader-body' });
  const detail = h('div', { id: 'attr-detail', class: 'panel' }, h('p', { class: 'hint' }, 'Click a highlighted statement (or press j / k) to see its speaker, relay and polarity.'));
  let selected = null;
  const select = n => {
    const t = (a.attributions || [])[n];
    if (!t) return;
    selected = n;
    for (const el of body.querySelectorAll('.attr.sel')) el.classList.remove('sel');
    const els = body.querySelectorAll(`.attr[data-n="${n}"]`);
    for (const el of els) el.classList.add('sel');
    const total = (a.attributions || []).length;
    clear(detail).append(h('div', { class: 'stepper' },
      h('button', { type: 'button', class: 'linkish', disabled: n <= 0, onclick: () => select(n - 1), title: 'previous (k)' }, '‹ previous'),
      h('span', { class: 'meta' }, ` ${n + 1} of ${total} `),
      h('button', { type: 'button', class: 'linkish', disabled: n + 1 >= total, onclick: () => select(n + 1), title: 'next (j)' }, 'next ›')),
    attrDetail(t, n, a));
    for (const li of root.querySelectorAll('.attrlist li.sel')) li.classList.remove('sel');
    const li = root.querySelector(`.attrlist li[data-n="${n}"]`);
    if (li) li.classList.add('sel');
    if (els[0]) els[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  renderBody(body, a, { onSelect: select });
  // j / k step through the attributions
  const onKey = ev => {
    if (!root.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (ev.target.closest && ev.target.closest('input, textarea, select')) return;
    const total = (a.attributions || []).length;
    if (!total) return;
    if (ev.key === 'j') select(selected == null ? 0 : Math.min(total - 1, selected + 1));
    else if (ev.key === 'k') select(selected == null ? 0 : Math.max(0, selected - 1));
  };
  document.addEventListener('keydown', onKey);

  const attrs = a.attributions || [];
  const attrList = h('ol', { class: 'attrlist', start: 0 }, attrs.map((t, n) => h('li', { 'data-n': n, class: t.polarity === 'deny' ? 'deny' : 'affirm' },
    h('button', { type: 'button', class: 'linkish', onclick: () => select(n) }, `#${n}`), ' ',
    h('span', { class: 'pol ' + (t.polarity === 'deny' ? 'deny' : 'affirm') }, t.polarity), ' ',
    speakerLine(t), ' ', ar('span', { class: 'cue' }, t.cue ? t.cue.text : ''),
    ar('div', { class: 'content' }, t.content ? t.content.text : ''))));

  const aff = attrs.filter(t => t.polarity !== 'deny').length;
  const side = h('aside', { class: 'reader-side' },
    detail,
    h('details', { class: 'panel', open: true }, h('summary', null, `Attributions (${attrs.length}: ${aff} affirm, ${attrs.length - aff} deny)`), attrList),
    h('details', { class: 'panel', open: true }, h('summary', null, `Events (${(a.events || []).length})`),
      (a.events || []).length ? h('ul', { class: 'evlist' }, a.events.map((e, i) => eventItem(e, i, select))) : empty('No events.')),
    h('details', { class: 'panel', open: true }, h('summary', null, `Entities (${(a.entities || []).length} mentions)`), entityList(a)));

  const head = h('div', { class: 'reader-head' },
    meta ? h('div', { class: 'meta' }, dots(
      meta.source ? h('a', { class: 'outlet', href: link('search', { outlet: meta.source }) }, meta.source) : null,
      meta.published || a.published || 'undated', h('code', null, meta.doc || a.doc || ''), extLink(meta.url))) : h('div', { class: 'meta' }, dots(a.doc, a.published || 'undated')),
    legend());

  // the contradictions go above the text, full width, affirming and denying sides next to each other
  root.append(head, contradictionsPanel(a, select), h('div', { class: 'reader' }, body, side));
  if (initialN != null && !Number.isNaN(initialN)) setTimeout(() => select(initialN), 50);
}

export async function readerView(root, { parts, query }) {
  const id = parts[1];
  root.append(loading());
  let data;
  try {
    data = await api(`/api/articles/${encodeURIComponent(id)}`);
  } catch (e) {
    clear(root).append(errorBox(e));
    return;
  }
  clear(root);
  const a = data.analysis || data;
  const meta = data.article || null;
  document.title = `${meta && meta.title ? meta.title : a.doc} — rasid`;
  const n = query.get('n');
  renderAnalysis(root, a, meta, n != null ? Number(n) : null);
}

export async function analyzeView(root) {
  const ta = ar('textarea', { rows: 12, placeholder: 'الصق نص المقال هنا…', 'aria-label': 'Article text' });
  const title = ar('input', { type: 'text', placeholder: 'العنوان (اختياري)', 'aria-label': 'Title' });
  const out = h('div', { class: 'analyze-out' });
  const btn = h('button', { type: 'submit' }, 'Analyse');
  const form = h('form', { class: 'analyze-form' }, h('h2', null, 'Analyse an article'),
    h('p', { class: 'hint' }, 'The text is analysed by the server (POST /api/analyze) and not stored.'), title, ta, btn);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    if (!ta.value.trim()) return;
    btn.disabled = true;
    clear(out).append(loading('Analysing…'));
    try {
      const body = { text: ta.value };
      if (title.value.trim()) body.title = title.value.trim();
      const a = await api('/api/analyze', null, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
      clear(out);
      if (!a.text) a.text = ta.value;
      renderAnalysis(out, a, null, null);
    } catch (e) {
      clear(out).append(errorBox(e));
    } finally {
      btn.disabled = false;
    }
  });
  root.append(form, out);
}
