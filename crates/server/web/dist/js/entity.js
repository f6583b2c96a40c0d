// Entity pages (GET /api/entities/{id}): aliases, mentions over time, what the entity said and what
// was said about it, its articles.
import { h, ar, api, clear, link, loading, errorBox, empty, fmtNum, bars, monthRange, statementCard, articleRow, ApiError } from './util.js';

const TYPE_NAME = { PER: 'person', ORG: 'organisation', LOC: 'place', MISC: 'other' };

export async function entityView(root, { parts }) {
  const id = parts.slice(1).join('/');
  root.append(loading());
  let e;
  try {
    e = await api(`/api/entities/${encodeURIComponent(id)}`);
  } catch (err) {
    // an entity page asked for by a name rather than an id: look the name up
    if (err instanceof ApiError && err.status === 404) {
      try {
        const found = await api('/api/entities', { q: id, limit: 1 });
        const first = found.entities && found.entities[0];
        if (first && String(first.id) !== id) {
          location.replace(link(['entity', first.id]));
          return;
        }
      } catch { /* fall through */ }
    }
    clear(root).append(errorBox(err));
    return;
  }
  clear(root);
  document.title = `${e.name || id} — rasid`;
  const months = (e.months || []).map(m => ({ key: m.month, count: m.count }));
  const said = e.said || [], about = e.said_about || [];
  // `articles` is how many articles name it; `latest_articles` the newest of them.
  const artList = e.latest_articles || [];
  const artCount = e.articles;
  const isPlace = e.type === 'LOC';
  root.append(
    h('div', { class: 'entity-head' },
      ar('h2', { class: 'ename' }, e.name || id),
      h('div', { class: 'meta' },
        h('span', { class: 'etag t-' + (e.type || 'MISC') }, TYPE_NAME[e.type] || e.type || ''),
        e.name_en ? [' · ', e.name_en] : null, ' · ', h('code', null, String(e.id)),
        e.country ? ` · country ${e.country}` : null,
        e.lat != null ? ` · ${Number(e.lat).toFixed(3)}, ${Number(e.lon).toFixed(3)}` : null),
      h('div', { class: 'statline' },
        h('span', { class: 'stat' }, h('b', null, fmtNum(artCount)), ' articles'),
        h('span', { class: 'stat' }, h('b', null, fmtNum(e.mentions)), ' mentions'),
        h('span', { class: 'stat' }, h('b', null, fmtNum(said.length)), ' statements by'),
        h('span', { class: 'stat' }, h('b', null, fmtNum(about.length)), ' statements about')),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: link('search', { [isPlace ? 'place' : 'entity']: e.id }) }, 'Articles'),
        h('a', { class: 'button', href: link('claims', { entity: e.id }) }, 'Claims'),
        h('a', { class: 'button', href: link('timeline', isPlace ? { place: e.id } : { speaker: e.id }) }, isPlace ? 'Events here' : 'Statements timeline'),
        isPlace ? h('a', { class: 'button', href: link('map') }, 'Map') : null)),
    h('div', { class: 'entity-grid' },
      h('section', { class: 'panel' }, h('h3', null, `Aliases (${(e.aliases || []).length})`),
        (e.aliases || []).length ? h('ul', { class: 'aliases' }, e.aliases.map(a => h('li', { class: 'chip' }, ar('span', null, a.text), h('span', { class: 'count' }, fmtNum(a.count))))) : empty('No alias.')),
      h('section', { class: 'panel' }, h('h3', null, 'Mentions by month'),
        months.length ? bars(months, { height: 80, onClick: it => { const r = monthRange(it.key); if (r) location.hash = link('search', { [isPlace ? 'place' : 'entity']: e.id, month: it.key }); } }) : empty('No dated mention.'))),
    h('div', { class: 'two-col' },
      h('section', { class: 'panel said' }, h('h3', null, `What ${e.name_en || 'it'} said (${said.length})`),
        said.length ? said.map(statementCard) : empty('No statement by this entity.')),
      h('section', { class: 'panel said-about' }, h('h3', null, `What was said about it (${about.length})`),
        about.length ? about.map(statementCard) : empty('No statement about this entity.'))),
    h('section', { class: 'panel' }, h('h3', null, artCount > artList.length ? `Latest articles (${artList.length} of ${fmtNum(artCount)})` : `Articles (${artList.length})`),
      artList.length ? h('ul', { class: 'artlist' }, artList.map(articleRow)) : empty('No article.')));
}
