// rasid web interface: hash router. Views live in js/; all data is inserted as text nodes.
import { h, clear, parseHash, link, errorBox } from './js/util.js';
import { homeView } from './js/home.js';
import { readerView, analyzeView } from './js/reader.js';
import { searchView } from './js/search.js';
import { claimsView } from './js/claims.js';
import { mapView } from './js/map.js';
import { timelineView } from './js/timeline.js';
import { entityView } from './js/entity.js';

const ROUTES = {
  '': homeView,
  article: readerView,
  search: searchView,
  claims: claimsView,
  map: mapView,
  timeline: timelineView,
  entity: entityView,
  analyze: analyzeView,
};

const app = document.getElementById('app');
let pending = null;
let seq = 0; // the previous view's promise (may resolve to a cleanup function)

function notFound(root) {
  root.append(h('h2', null, 'Not found'), h('p', null, 'No such page. ', h('a', { href: '#/' }, 'Home')));
}

async function route() {
  const my = ++seq;
  delete document.body.dataset.ready;
  const r = parseHash();
  const name = r.parts[0] || '';
  const view = ROUTES[name] || notFound;
  if (pending) {
    const prev = pending;
    prev.then(fn => { if (typeof fn === 'function') fn(); }).catch(() => {});
  }
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.route === name);
  const root = h('div', { class: 'view view-' + (name || 'home') });
  clear(app).append(root);
  window.scrollTo(0, 0);
  pending = Promise.resolve().then(() => view(root, r)).catch(e => {
    root.append(errorBox(e));
    console.warn(e);
  });
  await pending;
  if (my === seq) document.body.dataset.ready = name || 'home';
}

document.getElementById('quicksearch').addEventListener('submit', ev => {
  ev.preventDefault();
  const q = ev.target.elements.q.value.trim();
  location.hash = link('search', q ? { q } : null);
});
window.addEventListener('hashchange', route);
route();
