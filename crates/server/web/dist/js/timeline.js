// The timeline of events and statements: a month histogram and the items day by day, filterable
// by event type, dates, outlet (and place / speaker / entity when linked from other pages).
import { h, ar, api, clear, link, loading, errorBox, empty, label, queryObject, bars, monthRange, statementCard, fmtNum } from './util.js';
import { outletOptions, eventTypeSelect } from './filters.js';
import { typeColour } from './map.js';

function eventCard(e) {
  const nums = [['killed', e.killed], ['injured', e.injured], ['arrested', e.arrested]].filter(([, v]) => v != null);
  const dot = h('span', { class: 'tdot' });
  dot.style.backgroundColor = typeColour(e.type);
  return h('div', { class: 'tl-event' + (e.negated ? ' negated' : ''), 'data-type': e.type },
    h('div', { class: 'stmt-head' }, dot, h('span', { class: 'etype' }, label(e.type)), ' ',
      ar('span', { class: 'trigger' }, e.trigger || ''), e.negated ? h('span', { class: 'badge' }, 'negated') : null,
      e.place ? [' · ', h('a', { href: link(['entity', e.place_canonical || e.place]) }, ar('span', null, e.place))] : null),
    (e.agent || e.target || nums.length) ? h('div', { class: 'meta' },
      e.agent ? ['agent: ', ar('span', null, e.agent), ' '] : null,
      e.target ? ['target: ', ar('span', null, e.target), ' '] : null,
      nums.map(([k, v]) => `${k}: ${v} `)) : null,
    h('div', { class: 'meta' }, h('span', { class: 'outlet' }, e.source || ''), ' · ',
      e.date && e.date !== e.published ? `event date ${e.date} · published ${e.published || '?'} · ` : `${e.published || 'undated'} · `,
      ar('a', { href: link(['article', e.article]) }, e.title || `article ${e.article}`)));
}

const PAGE = 120;

export async function timelineView(root, { query }) {
  const p = queryObject(query);
  const show = p.show || 'both';
  const f = {
    type: eventTypeSelect(p.type),
    outlet: h('select', { name: 'outlet' }, h('option', { value: '' }, 'all outlets')),
    since: h('input', { name: 'since', type: 'date', value: p.since || '' }),
    until: h('input', { name: 'until', type: 'date', value: p.until || '' }),
    show: h('select', { name: 'show' }, [['both', 'events and statements'], ['events', 'events only'], ['statements', 'statements only']]
      .map(([v, t]) => h('option', { value: v, selected: v === show }, t))),
    polarity: h('select', { name: 'polarity' }, [['', 'any polarity'], ['affirm', 'affirm'], ['deny', 'deny']]
      .map(([v, t]) => h('option', { value: v, selected: v === (p.polarity || '') }, t))),
  };
  outletOptions(f.outlet, p.outlet);
  const keep = { place: p.place, speaker: p.speaker, entity: p.entity };
  const form = h('form', { class: 'filters' },
    h('label', null, 'Show ', f.show), h('label', null, 'Event type ', f.type), h('label', null, 'Statements ', f.polarity),
    h('label', null, 'Outlet ', f.outlet), h('label', null, 'From ', f.since), h('label', null, 'To ', f.until),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = link('timeline', { ...keep, show: f.show.value === 'both' ? '' : f.show.value, type: f.type.value, polarity: f.polarity.value, outlet: f.outlet.value, since: f.since.value, until: f.until.value });
  });
  const chips = h('div', { class: 'chips' });
  for (const k of ['place', 'speaker', 'entity']) {
    if (!p[k]) continue;
    const np = { ...p };
    delete np[k];
    chips.append(h('a', { class: 'chip', href: link('timeline', np) }, `${k}: `, ar('span', null, p[k]), ' ✕'));
  }
  const hist = h('div', { class: 'tl-hist' });
  const list = h('div', { class: 'timeline' }, loading());
  root.append(h('h2', null, 'Timeline of events and statements'), form, chips, hist, list);
  document.title = 'Timeline — rasid';

  const base = { outlet: p.outlet, since: p.since, until: p.until };
  // Without an end date, events end at the newest article: an event dated years after every
  // article is a misread date more often than a plan (the API still has them).
  if (!p.until) {
    try {
      const st = await api('/api/stats');
      if (st.last) base.until = st.last;
    } catch (_) { /* the lists below report errors */ }
  }
  const wantEvents = show !== 'statements' && !p.speaker && !p.polarity;
  const wantStmts = show !== 'events' && !p.type && !p.place;
  let evs = [], sts = [];
  try {
    const [e, s] = await Promise.all([
      wantEvents ? api('/api/events', { ...base, type: p.type, place: p.place, limit: 500 }) : null,
      wantStmts ? api('/api/statements', { ...base, speaker: p.speaker, entity: p.entity, polarity: p.polarity, limit: 500 }) : null,
    ]);
    evs = (e && e.events) || [];
    sts = (s && s.statements) || [];
  } catch (err) {
    clear(list).append(errorBox(err));
    return;
  }
  const items = [];
  for (const e of evs) items.push({ kind: 'event', day: e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date) ? e.date : (e.published || ''), x: e });
  for (const s of sts) items.push({ kind: 'stmt', day: s.published || '', x: s });
  items.sort((a, b) => b.day.localeCompare(a.day));

  // month histogram, stacked events / statements; click filters to the month
  const months = new Map();
  for (const it of items) {
    const m = it.day.slice(0, 7) || 'undated';
    const o = months.get(m) || { key: m, count: 0, ev: 0, st: 0 };
    o.count++;
    if (it.kind === 'event') o.ev++; else o.st++;
    months.set(m, o);
  }
  const ms = [...months.values()].sort((a, b) => a.key.localeCompare(b.key))
    .map(o => ({ ...o, title: `${o.key}: ${o.ev} events, ${o.st} statements`, parts: [{ count: o.st, cls: 'st' }, { count: o.ev, cls: 'ev' }] }));
  if (ms.length) {
    hist.append(h('div', { class: 'hist-legend' }, h('span', { class: 'lg-box ev' }), ' events ', h('span', { class: 'lg-box st' }), ' statements · click a month to zoom in'),
      bars(ms, {
        height: 90, onClick: it => {
          const r = monthRange(it.key);
          if (r) location.hash = link('timeline', { ...p, ...r });
        },
      }));
  }

  clear(list);
  list.append(h('p', { class: 'count' }, `${fmtNum(evs.length)} events, ${fmtNum(sts.length)} statements`,
    evs.length >= 500 || sts.length >= 500 ? ' (first 500 of each; narrow the dates to see more)' : ''));
  if (!items.length) {
    list.append(empty('Nothing in this selection.'));
    return;
  }
  let day = null, group = null, shown = 0;
  const more = h('button', { type: 'button', class: 'more' }, 'Show more');
  const showNext = () => {
    const next = items.slice(shown, shown + PAGE);
    for (const it of next) {
      if (it.day !== day) {
        day = it.day;
        group = h('div', { class: 'tl-items' });
        list.insertBefore(h('section', { class: 'tl-day' }, h('h3', { class: 'tl-date' }, day || 'undated'), group), more);
      }
      group.append(it.kind === 'event' ? eventCard(it.x) : statementCard(it.x));
    }
    shown += next.length;
    more.textContent = `Show more (${fmtNum(items.length - shown)} left)`;
    more.hidden = shown >= items.length;
  };
  more.addEventListener('click', showNext);
  list.append(more);
  showNext();
}
