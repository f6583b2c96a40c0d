// Filter helpers shared by the claims board, the map and the timeline.
import { h, api, EVENT_TYPES, label } from './util.js';

let statsPromise = null;
export function stats() {
  if (!statsPromise) statsPromise = api('/api/stats').catch(e => { statsPromise = null; throw e; });
  return statsPromise;
}

/** Outlets from /api/stats as [{name, count}], whatever shape the server uses. */
export function outletsOf(s) {
  const o = s && (s.outlets || s.sources);
  if (!o) return [];
  if (Array.isArray(o)) {
    return o.map(x => typeof x === 'string' ? { name: x, count: null }
      : { name: x.outlet || x.source || x.name || x.value || x.id, count: x.articles ?? x.count ?? null });
  }
  return Object.entries(o).map(([name, v]) => ({ name, count: typeof v === 'number' ? v : (v && (v.articles ?? v.count)) }));
}

export function outletOptions(select, current) {
  if (current) select.append(h('option', { value: current, selected: true }, current));
  stats().then(s => {
    for (const o of outletsOf(s)) {
      if (o.name === current) continue;
      select.append(h('option', { value: o.name }, o.count != null ? `${o.name} (${o.count})` : o.name));
    }
  }).catch(() => {});
}

export function eventTypeSelect(current) {
  const sel = h('select', { name: 'type' }, h('option', { value: '' }, 'all event types'));
  const types = new Set(EVENT_TYPES);
  if (current) types.add(current);
  for (const t of [...types].sort()) sel.append(h('option', { value: t, selected: t === current }, label(t)));
  return sel;
}
