// Shared helpers. Every piece of data reaches the page through h()/text nodes: nothing from the
// API is ever parsed as HTML (no innerHTML anywhere in this interface).

/** Creates an element; string children become text nodes, attributes are set one by one. */
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  add(el, kids);
  return el;
}

/** Appends children (nodes, strings, numbers, nested arrays; null/false skipped). */
export function add(el, kids) {
  for (const k of [kids].flat(Infinity)) {
    if (k == null || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

/** Arabic content element: RTL, Arabic font. */
export function ar(tag, attrs, ...kids) {
  return h(tag, { lang: 'ar', dir: 'rtl', ...attrs, class: ((attrs && attrs.class) || '') + ' ar' }, ...kids);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET (or other method) a JSON API route; params with empty values are dropped. */
export async function api(path, params, init) {
  let url = path;
  if (params) {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v != null && v !== '' && v !== false) sp.set(k, String(v));
    const s = sp.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const res = await fetch(url, { headers: { Accept: 'application/json' }, ...init });
  let body = null;
  const type = res.headers.get('content-type') || '';
  if (res.status !== 204 && type.includes('json')) body = await res.json();
  if (!res.ok) {
    const e = body && body.error;
    throw new ApiError(res.status, e ? e.code : 'http_' + res.status, e ? e.message : res.statusText || 'request failed');
  }
  return body;
}

/** Parses the current hash: `#/article/12?n=3` → {parts: ['article','12'], query: URLSearchParams}. */
export function parseHash(hash = location.hash) {
  const s = hash.replace(/^#\/?/, '');
  const i = s.indexOf('?');
  const path = i < 0 ? s : s.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : s.slice(i + 1));
  const parts = path.split('/').filter(Boolean).map(p => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { parts, query };
}

/** Builds a hash link: link('search', {q: 'x'}) → '#/search?q=x'. */
export function link(path, params) {
  const segs = [].concat(path).filter(p => p != null && p !== '').map(p => encodeURIComponent(String(p)));
  let s = '#/' + segs.join('/');
  if (params) {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v != null && v !== '' && v !== false) sp.set(k, String(v));
    const q = sp.toString();
    if (q) s += '?' + q;
  }
  return s;
}

export function queryObject(query) {
  const o = {};
  for (const [k, v] of query) o[k] = v;
  return o;
}

/** Only http(s) URLs become external links. */
export function safeUrl(u) {
  if (typeof u !== 'string') return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function extLink(u, label) {
  const href = safeUrl(u);
  if (!href) return null;
  return h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'ext' }, label || 'source ↗');
}

export function fmtNum(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : n == null ? '–' : String(n);
}

/** First and last day of a `YYYY-MM` month. */
export function monthRange(m) {
  const [y, mo] = m.split('-').map(Number);
  if (!y || !mo) return null;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const mm = String(mo).padStart(2, '0');
  return { since: `${y}-${mm}-01`, until: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

export const EVENT_TYPES = [
  'armed_clash', 'attack', 'air_strike', 'shelling', 'explosion', 'arrest', 'protest',
  'deployment', 'withdrawal', 'agreement', 'talks', 'other',
];

/** Readable form of a canonical id: `x:per:كارل-ويست` → `كارل ويست`; catalogue ids stay. */
export function idLabel(id) {
  const m = /^x:[a-z]+:(.+)$/.exec(String(id || ''));
  return m ? m[1].replace(/-/g, ' ') : String(id || '');
}

/** Non-empty parts joined with ' · '. */
export function dots(...parts) {
  const out = [];
  for (const p of parts.flat()) {
    if (p == null || p === '' || p === false) continue;
    if (out.length) out.push(' · ');
    out.push(p);
  }
  return out;
}

export function label(s) {
  return String(s || '').replace(/_/g, ' ');
}

export function loading(msg = 'Loading…') {
  return h('p', { class: 'loading' }, msg);
}

export function errorBox(err) {
  const code = err && err.code ? ` (${err.code})` : '';
  return h('div', { class: 'error', role: 'alert' }, 'Error', code, ': ', err && err.message ? err.message : String(err));
}

export function empty(msg) {
  return h('p', { class: 'empty' }, msg);
}

/** A small bar chart of [{key, count, title?}] built from divs (heights set through CSSOM). */
export function bars(items, { onClick, height = 80, cls = '' } = {}) {
  const max = Math.max(1, ...items.map(i => i.count));
  const wrap = h('div', { class: 'bars ' + cls, role: 'img' });
  for (const it of items) {
    const bar = h('div', { class: 'bar' });
    bar.style.height = Math.max(2, Math.round((it.count / max) * height)) + 'px';
    if (it.parts) {
      // stacked: parts [{count, cls}]
      for (const p of it.parts) {
        const seg = h('div', { class: 'seg ' + p.cls });
        seg.style.height = (it.count ? (p.count / it.count) * 100 : 0) + '%';
        bar.append(seg);
      }
    }
    const col = h(onClick ? 'button' : 'div', { class: 'barcol', type: onClick ? 'button' : null, title: it.title || `${it.key}: ${it.count}` },
      h('span', { class: 'barval' }, fmtNum(it.count)), bar, h('span', { class: 'barkey' }, it.key));
    if (onClick) col.addEventListener('click', () => onClick(it));
    wrap.append(col);
  }
  return wrap;
}

/** The `n`-th part of a list, paged. */
export function pager(total, offset, limit, hrefFor) {
  if (total == null || total <= limit) return null;
  const nav = h('nav', { class: 'pager' });
  if (offset > 0) nav.append(h('a', { href: hrefFor(Math.max(0, offset - limit)) }, '← previous'));
  nav.append(h('span', null, ` ${offset + 1}–${Math.min(total, offset + limit)} of ${fmtNum(total)} `));
  if (offset + limit < total) nav.append(h('a', { href: hrefFor(offset + limit) }, 'next →'));
  return nav;
}

/** Article row used by lists: title (RTL) with outlet and date. */
export function articleRow(a) {
  return h('li', { class: 'artrow' },
    ar('a', { href: link(['article', a.id]), class: 'arttitle' }, a.title || a.doc || `#${a.id}`),
    h('span', { class: 'meta' }, dots(
      a.source || a.outlet ? h('span', { class: 'outlet' }, a.source || a.outlet) : null, a.published || 'undated',
      a.attributions != null ? `${a.attributions} attributions · ${a.entities} entities · ${a.events} events` : null)));
}

/** Statement card (used by entity pages and the timeline). */
export function statementCard(s) {
  const pol = s.polarity === 'deny' ? 'deny' : 'affirm';
  return h('div', { class: 'stmt ' + pol },
    h('div', { class: 'stmt-head' },
      h('span', { class: 'pol ' + pol }, pol),
      ' ',
      ar('span', { class: 'speaker' }, s.speaker_resolved || s.speaker || '—'),
      s.speaker_canonical ? h('a', { href: link(['entity', s.speaker_canonical]), class: 'canon', title: s.speaker_canonical }, 'entity page') : null,
      s.anonymous ? h('span', { class: 'badge anon' }, 'anonymous') : null,
      s.via ? h('span', { class: 'badge via' }, 'via ', ar('span', null, s.via)) : null,
      s.direct ? h('span', { class: 'badge' }, 'direct quote') : null),
    ar('blockquote', { class: 'content' }, ar('span', { class: 'cue' }, s.cue || ''), ' ', s.content || ''),
    h('div', { class: 'meta' }, dots(
      s.source ? h('span', { class: 'outlet' }, s.source) : null, s.published || 'undated',
      ar('a', { href: link(['article', s.article], { n: s.n }) }, s.title || s.doc || `article ${s.article}`))));
}
