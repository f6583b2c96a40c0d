// Search with facets (GET /api/search); with no query, browses the articles (GET /api/articles)
// under the same filters.
import { h, ar, add, idLabel, dots, api, clear, link, loading, errorBox, empty, fmtNum, monthRange, label, articleRow, pager, queryObject } from './util.js';

const FACETS = [
  ['outlet', 'Outlet'],
  ['entity', 'Entity'],
  ['place', 'Place'],
  ['month', 'Month'],
  ['event', 'Event type'],
];
const FILTER_KEYS = ['entity', 'place', 'speaker', 'outlet', 'month', 'since', 'until', 'event'];
const LIMIT = 50;

/** Turns the hash parameters into API parameters (month → since/until). */
export function apiFilters(p) {
  const o = {};
  for (const k of FILTER_KEYS) if (p[k]) o[k] = p[k];
  if (o.month) {
    const r = monthRange(o.month);
    delete o.month;
    if (r) {
      o.since = o.since && o.since > r.since ? o.since : r.since;
      o.until = o.until && o.until < r.until ? o.until : r.until;
    }
  }
  return o;
}

function snippet(text, highlights) {
  const cps = Array.from(text || '');
  const el = ar('p', { class: 'snippet' });
  let pos = 0;
  const hs = (highlights || []).filter(x => Array.isArray(x) && x[1] > x[0]).sort((a, b) => a[0] - b[0]);
  for (const [s, e] of hs) {
    if (s < pos) continue;
    el.append(cps.slice(pos, s).join(''));
    el.append(h('mark', null, cps.slice(s, e).join('')));
    pos = e;
  }
  el.append(cps.slice(pos).join(''));
  return el;
}

function hitItem(hit) {
  return h('li', { class: 'hit', 'data-id': hit.id, 'data-outlet': hit.source },
    ar('a', { class: 'arttitle', href: link(['article', hit.id]) }, hit.title || hit.doc || `#${hit.id}`),
    h('div', { class: 'meta' }, dots(hit.source ? h('span', { class: 'outlet' }, hit.source) : null, hit.published || 'undated',
      hit.score != null ? `score ${Number(hit.score).toFixed(2)}` : null,
      hit.attributions != null ? `${hit.attributions} attributions · ${hit.events} events` : null)),
    hit.snippet ? snippet(hit.snippet, hit.highlights) : null);
}

export async function searchView(root, { query }) {
  const p = queryObject(query);
  const q = (p.q || '').trim();
  const offset = Number(p.offset) || 0;
  const input = ar('input', { type: 'search', name: 'q', value: q, placeholder: 'ابحث: ليبيا، "حكومة الوفاق"…', 'aria-label': 'Query' });
  const form = h('form', { class: 'searchform', role: 'search' }, input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const np = { ...p, q: input.value.trim() };
    delete np.offset;
    delete np.limit;
    location.hash = link('search', np);
  });

  // active filters as removable chips
  const chips = h('div', { class: 'chips' });
  for (const k of FILTER_KEYS) {
    if (!p[k]) continue;
    const np = { ...p };
    delete np[k];
    delete np.offset;
    chips.append(h('a', { class: 'chip', href: link('search', np), title: 'remove this filter', 'data-filter': k },
      `${k}: `, ar('span', null, idLabel(p[k])), ' ✕'));
  }
  const facetsBox = h('aside', { class: 'facets' });
  const results = h('section', { class: 'results' });
  root.append(h('h2', null, q || Object.keys(apiFilters(p)).length ? 'Search' : 'Articles'), form, chips, h('div', { class: 'search-layout' }, facetsBox, results));
  results.append(loading());
  document.title = (q ? `${q} — search` : 'Articles') + ' — rasid';
  const filters = apiFilters(p);

  try {
    const hasFilter = Object.keys(filters).length > 0;
    if (q || hasFilter) {
      // the query may be empty when a filter is given: facets then cover the filtered articles
      const lim = Math.min(1000, Number(p.limit) || LIMIT);
      const data = await api('/api/search', { q, ...filters, limit: lim });
      clear(results);
      const hits = data.hits || [];
      results.append(h('p', { class: 'count', id: 'hit-count', 'data-total': data.total, 'data-for': location.hash }, `${fmtNum(data.total)} matching articles`,
        data.total > hits.length ? ` (first ${hits.length} shown)` : ''));
      results.append(hits.length ? h('ol', { class: 'hits' }, hits.map(hitItem)) : empty('No article matches.'));
      if (data.total > hits.length && lim < 1000) {
        results.append(h('p', { class: 'pager' }, h('a', { href: link('search', { ...p, limit: Math.min(1000, lim * 2) }) }, `show ${Math.min(1000, lim * 2)} →`)));
      }
      renderFacets(facetsBox, data.facets || {}, p);
    } else {
      const data = await api('/api/articles', { ...filters, limit: LIMIT, offset });
      clear(results);
      results.append(h('p', { class: 'count', id: 'hit-count' }, `${fmtNum(data.total)} articles`));
      const arts = data.articles || [];
      results.append(arts.length ? h('ol', { class: 'hits' }, arts.map(a => hitItem(a))) : empty('No article.'));
      add(results, pager(data.total, offset, LIMIT, o => link('search', { ...p, offset: o })));
      facetsBox.append(h('p', { class: 'hint' }, 'Type a query (or pick a filter) to see facets: entities, places, outlets, months, event types over the matching articles.'));
    }
  } catch (e) {
    clear(results).append(errorBox(e));
  }
}

function renderFacets(box, facets, p) {
  clear(box);
  for (const [key, title] of FACETS) {
    const vals = facets[key] || [];
    if (!vals.length) continue;
    const active = p[key];
    box.append(h('div', { class: 'facet', 'data-facet': key },
      h('h4', null, title),
      h('ul', null, vals.map(v => {
        const np = { ...p, [key]: v.value };
        delete np.offset;
        delete np.limit;
        const isOn = active != null && String(active) === String(v.value);
        const lab = key === 'event' ? label(v.label || v.value) : (v.label || v.value);
        return h('li', { class: isOn ? 'on' : null },
          h('a', { href: link('search', np), 'data-value': v.value, title: String(v.value) },
            key === 'event' || key === 'month' ? h('span', null, lab) : ar('span', null, lab),
            h('span', { class: 'count' }, fmtNum(v.count))));
      }))));
  }
  if (!box.firstChild) box.append(empty('No facets.'));
}
