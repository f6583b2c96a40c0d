// The claims board (GET /api/claims): each claim with its affirming and denying sources side by side.
import { h, ar, add, idLabel, dots, api, clear, link, loading, errorBox, empty, extLink, queryObject, label } from './util.js';
import { outletOptions } from './filters.js';

function sourceCard(s, pol) {
  return h('li', { class: 'source ' + pol, 'data-article': s.article, 'data-n': s.attribution },
    h('div', { class: 'src-head' },
      h('span', { class: 'outlet' }, s.outlet || ''), ' · ', s.published || 'undated', ' · ',
      ar('span', { class: 'speaker' }, s.speaker || '—'),
      s.speaker_canonical ? h('a', { class: 'canon', href: link(['entity', s.speaker_canonical]), title: s.speaker_canonical }, 'entity page') : null,
      ' ', ar('span', { class: 'cue' }, s.cue || '')),
    ar('blockquote', { class: 'content' }, s.content || ''),
    h('div', { class: 'meta' },
      h('a', { href: link(['article', s.article], { n: s.attribution }) }, 'open in reader'), ' · ',
      ar('span', { class: 'srctitle' }, s.title || s.doc || ''), ' ', extLink(s.url),
      s.similarity != null ? h('span', { class: 'sim', title: 'similarity of this statement to the claim' }, ` sim ${Number(s.similarity).toFixed(2)}`) : null));
}

function claimCard(c) {
  const aff = c.affirm || [], den = c.deny || [];
  return h('article', { class: 'claim' + (c.disputed ? ' disputed' : '') },
    h('header', null,
      ar('h3', { class: 'summary' }, c.summary || '(claim)'),
      h('div', { class: 'meta' },
        c.disputed ? h('span', { class: 'badge deny' }, 'disputed') : h('span', { class: 'badge' }, 'undisputed'),
        c.cross_outlet ? h('span', { class: 'badge' }, 'across outlets') : null,
        ' ', (c.outlets || []).join(', '), ' · ', c.first || '', c.last && c.last !== c.first ? ` → ${c.last}` : '',
        (c.entities || []).length ? [' · ', (c.entities || []).slice(0, 8).map(e => {
          const id = typeof e === 'string' ? e : (e.id || e.canonical || e.name);
          const name = typeof e === 'string' ? e : (e.name || e.id);
          return h('a', { class: 'chip small', href: link(['entity', id]), title: id }, ar('span', null, idLabel(name)));
        })] : null,
        (c.events || []).length ? [' · ', (c.events || []).slice(0, 6).map(e => h('span', { class: 'etype' }, label(typeof e === 'string' ? e : e.type)))] : null)),
    h('div', { class: 'sides' },
      h('div', { class: 'side affirm' }, h('h4', null, `Affirming (${aff.length})`), h('ul', null, aff.map(s => sourceCard(s, 'affirm')))),
      h('div', { class: 'side deny' }, h('h4', null, `Denying (${den.length})`), h('ul', null, den.map(s => sourceCard(s, 'deny'))))));
}

function storyCard(st) {
  return h('article', { class: 'story' },
    ar('h3', { class: 'summary' }, st.title || '(story)'),
    h('div', { class: 'meta' }, (st.outlets || []).join(', '), ' · ', st.first || '', st.last && st.last !== st.first ? ` → ${st.last}` : '',
      (st.entities || []).length ? [' · ', st.entities.slice(0, 8).map(e => h('a', { class: 'chip small', href: link(['entity', e]), title: e }, ar('span', null, idLabel(e))))] : null),
    h('ul', { class: 'artlist' }, (st.articles || []).map(a => h('li', { class: 'artrow' },
      ar('a', { class: 'arttitle', href: link(['article', a.id]) }, a.title || a.doc),
      h('span', { class: 'meta' }, h('span', { class: 'outlet' }, a.outlet || ''), ' · ', a.published || 'undated',
        a.similarity != null ? ` · sim ${Number(a.similarity).toFixed(2)}` : '', ' ', extLink(a.url))))));
}

export async function claimsView(root, { query }) {
  const p = queryObject(query);
  const stories = p.view === 'stories';
  const inside = p.view === 'inside';
  const f = {
    entity: h('input', { name: 'entity', value: p.entity || '', placeholder: 'entity id or name', dir: 'auto' }),
    outlet: h('select', { name: 'outlet' }, h('option', { value: '' }, 'all outlets')),
    since: h('input', { name: 'since', type: 'date', value: p.since || '' }),
    until: h('input', { name: 'until', type: 'date', value: p.until || '' }),
    all: h('input', { name: 'all', type: 'checkbox', checked: p.all === '1' || p.all === 'true' }),
  };
  outletOptions(f.outlet, p.outlet);
  const form = h('form', { class: 'filters' },
    h('label', null, 'Entity ', f.entity), h('label', null, 'Outlet ', f.outlet),
    h('label', null, 'From ', f.since), h('label', null, 'To ', f.until),
    h('label', { class: 'check' }, f.all, ' include undisputed'), h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = link('claims', { view: p.view, entity: f.entity.value.trim(), outlet: f.outlet.value, since: f.since.value, until: f.until.value, all: f.all.checked ? '1' : '' });
  });
  const list = h('div', { class: 'claims' }, loading());
  const keep = { entity: p.entity, outlet: p.outlet, since: p.since, until: p.until };
  root.append(h('div', { class: 'tabs' },
      h('a', { href: link('claims', keep), class: stories || inside ? null : 'on' }, 'Disputed claims'),
      h('a', { href: link('claims', { ...keep, view: 'inside' }), class: inside ? 'on' : null }, 'Inside one article'),
      h('a', { href: link('claims', { ...keep, view: 'stories' }), class: stories ? 'on' : null }, 'Stories across outlets')),
    h('h2', null, stories ? 'Stories told by several outlets' : inside ? 'Contradictions inside one article' : 'Claims board'),
    h('p', { class: 'hint' }, stories ? 'Articles of different outlets telling one story, grouped.'
      : inside ? 'A claim that one article\'s own sources affirm and deny. Left: affirming sources; right: denying sources.'
      : 'Claims that sources affirm and deny, across articles and outlets. Left: affirming sources; right: denying sources.'),
    form, list);
  if (stories || inside) f.all.parentNode.hidden = true;
  document.title = (stories ? 'Stories' : 'Claims') + ' — rasid';
  if (stories) {
    try {
      const data = await api('/api/stories', { ...keep, limit: p.limit || 50 });
      clear(list);
      const sts = data.stories || [];
      list.append(h('p', { class: 'count' }, `${sts.length} stor${sts.length === 1 ? 'y' : 'ies'}`));
      add(list, sts.length ? sts.map(storyCard) : empty('No story told by several outlets in this selection.'));
    } catch (e) {
      clear(list).append(errorBox(e));
    }
    return;
  }
  if (inside) {
    try {
      const data = await api('/api/contradictions', { ...keep, limit: p.limit || 50 });
      clear(list);
      const cs = data.claims || [];
      list.append(h('p', { class: 'count' }, `${cs.length} contradiction${cs.length === 1 ? '' : 's'}, newest first`));
      add(list, cs.length ? cs.map(claimCard) : empty('No article contradicts itself in this selection.'));
    } catch (e) {
      clear(list).append(errorBox(e));
    }
    return;
  }
  try {
    const data = await api('/api/claims', { entity: p.entity, outlet: p.outlet, since: p.since, until: p.until, all: f.all.checked ? 'true' : '', limit: p.limit || 50 });
    clear(list);
    const claims = data.claims || [];
    list.append(h('p', { class: 'count' }, `${claims.length} claim${claims.length === 1 ? '' : 's'}`,
      ' · claims grouped across articles; see also contradictions inside one article (tab above).'));
    add(list, claims.length ? claims.map(claimCard) : empty('No claim matches.'));
  } catch (e) {
    clear(list).append(errorBox(e));
  }
}
