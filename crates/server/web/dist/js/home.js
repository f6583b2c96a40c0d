// Home: store statistics, outlets, recent articles, most mentioned entities and speakers.
import { h, ar, api, clear, link, loading, errorBox, empty, fmtNum, articleRow } from './util.js';
import { stats, outletsOf } from './filters.js';

export async function homeView(root) {
  document.title = 'rasid — Arabic news analysis';
  const statsBox = h('section', { class: 'stats' }, loading());
  const recent = h('section', { class: 'panel' }, h('h3', null, 'Recent articles'), loading());
  const ents = h('section', { class: 'panel' }, h('h3', null, 'Most mentioned'), loading());
  const spk = h('section', { class: 'panel' }, h('h3', null, 'Speakers'), loading());
  root.append(statsBox, h('div', { class: 'home-grid' }, recent, h('div', null, ents, spk)));

  stats().then(s => {
    clear(statsBox);
    const cards = [];
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number') cards.push(h('div', { class: 'card' }, h('b', null, fmtNum(v)), h('span', null, k.replace(/_/g, ' '))));
    }
    const first = s.first || s.first_date || (s.dates && s.dates.first);
    const last = s.last || s.last_date || (s.dates && s.dates.last);
    if (first || last) cards.push(h('div', { class: 'card' }, h('b', { class: 'small' }, `${first || '?'} → ${last || '?'}`), h('span', null, 'dates')));
    cards.push(h('div', { class: 'card' }, h('b', { class: 'small' }, s.writable ? 'writable' : 'read-only'), h('span', null, 'store')));
    statsBox.append(h('div', { class: 'cards' }, cards));
    const outs = outletsOf(s);
    if (outs.length) {
      statsBox.append(h('div', { class: 'outlets' }, h('span', { class: 'lbl' }, 'Outlets: '),
        outs.map(o => h('a', { class: 'chip', href: link('search', { outlet: o.name }) }, o.name, o.count != null ? h('span', { class: 'count' }, fmtNum(o.count)) : null))));
    }
  }).catch(e => clear(statsBox).append(errorBox(e)));

  api('/api/articles', { limit: 25 }).then(d => {
    recent.lastChild.replaceWith((d.articles || []).length
      ? h('div', null, h('ul', { class: 'artlist' }, d.articles.map(articleRow)), h('p', null, h('a', { href: link('search') }, `All ${fmtNum(d.total)} articles →`)))
      : empty('The store is empty: ingest articles with `rasid ingest`.'));
  }).catch(e => recent.lastChild.replaceWith(errorBox(e)));

  api('/api/entities', { limit: 30 }).then(d => {
    const list = d.entities || [];
    ents.lastChild.replaceWith(list.length ? h('ul', { class: 'toplist' }, list.map(e => h('li', null,
      h('a', { class: 'ent t-' + (e.type || 'MISC'), href: link(['entity', e.id]) }, ar('span', null, e.name)),
      e.name_en ? h('span', { class: 'en' }, e.name_en) : null,
      h('span', { class: 'count' }, `${fmtNum(e.articles)} art`)))) : empty('No entity.'));
  }).catch(e => ents.lastChild.replaceWith(errorBox(e)));

  api('/api/speakers', { limit: 20 }).then(d => {
    const list = d.speakers || [];
    spk.lastChild.replaceWith(list.length ? h('ul', { class: 'toplist' }, list.map(s => h('li', null,
      h('a', { href: s.canonical ? link(['entity', s.canonical]) : link('timeline', { speaker: s.id || s.name }) }, ar('span', null, s.name)),
      h('span', { class: 'count' }, `${fmtNum(s.statements)} · `, h('span', { class: 'pol affirm' }, fmtNum(s.affirm)), ' / ', h('span', { class: 'pol deny' }, fmtNum(s.deny)))))) : empty('No speaker.'));
  }).catch(e => spk.lastChild.replaceWith(errorBox(e)));
}
