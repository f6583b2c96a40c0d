// The map of places and events: Leaflet with the bundled world-atlas country outlines and no tile
// layer (nothing is fetched from outside the server).
/* global L, topojson */
import { h, ar, api, clear, link, loading, errorBox, empty, label, queryObject, fmtNum } from './util.js';
import { outletOptions, eventTypeSelect } from './filters.js';

let worldPromise = null;
function world() {
  if (!worldPromise) {
    worldPromise = fetch('vendor/countries-110m.json').then(r => {
      if (!r.ok) throw new Error('cannot load country outlines');
      return r.json();
    }).catch(e => { worldPromise = null; throw e; });
  }
  return worldPromise;
}

const TYPE_COLOUR = {
  armed_clash: '#c0392b', attack: '#8e1b10', air_strike: '#d35400', shelling: '#e67e22', explosion: '#f39c12',
  arrest: '#6c3483', protest: '#2874a6', deployment: '#117a65', withdrawal: '#1e8449', agreement: '#229954',
  talks: '#5d6d7e', other: '#7f8c8d',
};
export function typeColour(t) {
  return TYPE_COLOUR[t] || '#7f8c8d';
}

function eventLine(e) {
  return h('li', { class: 'event' + (e.negated ? ' negated' : '') },
    h('span', { class: 'etype', 'data-type': e.type }, label(e.type)), ' ',
    ar('span', { class: 'trigger' }, e.trigger || ''),
    e.negated ? h('span', { class: 'badge' }, 'negated') : null, ' ',
    h('span', { class: 'meta' }, e.date || e.published || '', ' · ', e.source || ''),
    ' ', h('a', { href: link(['article', e.article]) }, ar('span', null, e.title || `article ${e.article}`)));
}

/**
 * Leaflet draws on a plane: a ring that crosses the antimeridian (Russia's east, Fiji) would be
 * drawn as a line across the whole map. Such rings get their western longitudes moved past 180°;
 * Antarctica (a ring around the pole) is left out.
 */
function unwrapAntimeridian(fc) {
  const fixRing = ring => {
    let crosses = false;
    for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { crosses = true; break; }
    return crosses ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
  };
  const features = fc.features.filter(f => !(f.properties && f.properties.name === 'Antarctica') && f.id !== '010').map(f => {
    const g = f.geometry;
    if (!g) return f;
    if (g.type === 'Polygon') return { ...f, geometry: { type: 'Polygon', coordinates: g.coordinates.map(fixRing) } };
    if (g.type === 'MultiPolygon') return { ...f, geometry: { type: 'MultiPolygon', coordinates: g.coordinates.map(p => p.map(fixRing)) } };
    return f;
  });
  return { ...fc, features };
}

export async function mapView(root, { query }) {
  const p = queryObject(query);
  const f = {
    type: eventTypeSelect(p.type),
    outlet: h('select', { name: 'outlet' }, h('option', { value: '' }, 'all outlets')),
    since: h('input', { name: 'since', type: 'date', value: p.since || '' }),
    until: h('input', { name: 'until', type: 'date', value: p.until || '' }),
  };
  outletOptions(f.outlet, p.outlet);
  const form = h('form', { class: 'filters' },
    h('label', null, 'Event type ', f.type), h('label', null, 'Outlet ', f.outlet),
    h('label', null, 'From ', f.since), h('label', null, 'To ', f.until), h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = link('map', { type: f.type.value, outlet: f.outlet.value, since: f.since.value, until: f.until.value });
  });
  const mapEl = h('div', { id: 'map', class: 'map' });
  const status = h('p', { class: 'count' }, 'Loading…');
  let map = null;
  const views = h('div', { class: 'mapviews' }, 'View: ',
    h('button', { type: 'button', class: 'linkish', onclick: () => map && map.fitBounds([[-50, -170], [72, 180]]) }, 'world'), ' · ',
    h('button', { type: 'button', class: 'linkish', onclick: () => map && map.fitBounds([[12, -17], [42, 60]]) }, 'Middle East & North Africa'), ' · ',
    h('button', { type: 'button', class: 'linkish', onclick: () => map && map.fitBounds([[19, 9], [33.5, 25.5]]) }, 'Libya'));
  const side = h('aside', { class: 'map-side' });
  root.append(h('h2', null, 'Map of places and events'), form,
    h('div', { class: 'maplegend' },
      h('span', { class: 'lg-dot place' }), ' place named in articles (size: articles)  ',
      h('span', { class: 'lg-dot event' }), ' events at a place (size: events; colour: type)'),
    h('div', { class: 'mapbar' }, status, views), h('div', { class: 'map-layout' }, mapEl, side));
  document.title = 'Map — rasid';

  if (typeof L === 'undefined') {
    clear(root).append(errorBox(new Error('Leaflet did not load')));
    return;
  }
  map = L.map(mapEl, { zoomSnap: 0.25, worldCopyJump: false, minZoom: 1, maxZoom: 10, preferCanvas: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Country outlines: Natural Earth (world-atlas)');
  map.setView([28, 25], 3);
  const cleanup = () => map.remove();

  const filt = { since: p.since, until: p.until, outlet: p.outlet };
  // Places and events of the visible box (the 500 most named / newest in it): zooming in on a
  // region shows its smaller places.
  const fetchLayers = box => Promise.all([
    api('/api/places', { ...filt, bbox: box, limit: 500 }),
    api('/api/events', { ...filt, type: p.type, bbox: box, limit: 500 }),
  ]);
  let w, places, events;
  try {
    [w, [places, events]] = await Promise.all([world(), fetchLayers(null)]);
  } catch (e) {
    status.replaceWith(errorBox(e));
    return cleanup;
  }
  if (!mapEl.isConnected) return cleanup;

  const countries = unwrapAntimeridian(topojson.feature(w, w.objects.countries));
  L.geoJSON(countries, {
    style: { color: '#8d99a6', weight: 0.7, fillColor: '#f3f1ea', fillOpacity: 1 },
    onEachFeature: (feat, layer) => {
      if (feat.properties && feat.properties.name) layer.bindTooltip(h('span', null, feat.properties.name), { sticky: true, className: 'country-tip' });
    },
  }).addTo(map);

  const placeLayer = L.layerGroup().addTo(map);
  const eventLayer = L.layerGroup().addTo(map);
  const byPlace = new Map();
  L.control.layers(null, { Places: placeLayer, Events: eventLayer }, { collapsed: false }).addTo(map);
  mapEl.dataset.loaded = '0';

  function draw(places, events, fit) {
  placeLayer.clearLayers();
  eventLayer.clearLayers();
  byPlace.clear();
  clear(side);
  const pl = (places.places || []).filter(x => x.lat != null && x.lon != null);
  const evs = events.events || [];
  const bounds = [];

  pl.sort((a, b) => (b.articles || 0) - (a.articles || 0));
  const labelledAt = [];
  pl.forEach((x, i) => {
    const r = 3 + Math.sqrt(x.articles || 1) * 1.1;
    const m = L.circleMarker([x.lat, x.lon], {
      radius: Math.min(r, 18), color: '#1f3a5f', weight: 1, fillColor: '#3b6ea5', fillOpacity: 0.3, className: 'place-marker',
    });
    const tip = h('span', { class: 'ar', dir: 'rtl', lang: 'ar' }, x.name || x.id);
    // permanent labels for the most named places, unless one is already close by
    const labelled = i < 10 && !labelledAt.some(([la, lo]) => Math.abs(la - x.lat) < 6 && Math.abs(lo - x.lon) < 12);
    if (labelled) labelledAt.push([x.lat, x.lon]);
    m.bindTooltip(tip, { direction: 'top', permanent: labelled, className: 'place-tip', offset: [0, -4] });
    const pop = h('div', { class: 'popup' },
      ar('strong', null, x.name || x.id), x.name_en ? h('div', null, x.name_en) : null,
      h('div', { class: 'meta' }, `${fmtNum(x.articles)} articles · ${fmtNum(x.events)} events`, x.country ? ` · ${x.country}` : ''),
      h('div', null,
        h('a', { href: link('search', { place: x.id || x.name }) }, 'articles'), ' · ',
        h('a', { href: link(['entity', x.id || x.name]) }, 'place page'), ' · ',
        h('a', { href: link('timeline', { place: x.id || x.name }) }, 'timeline')));
    m.bindPopup(pop);
    m.addTo(placeLayer);
    const el = m.getElement();
    if (el) {
      el.setAttribute('data-place', x.name || '');
      if (x.name_en) el.setAttribute('data-place-en', x.name_en);
      if (x.id) el.setAttribute('data-place-id', x.id);
      el.setAttribute('aria-label', x.name || x.id || '');
    }
    bounds.push([x.lat, x.lon]);
    byPlace.set(x.id, m);
  });

  // events grouped by location
  const groups = new Map();
  for (const e of evs) {
    if (e.lat == null || e.lon == null) continue;
    const k = `${e.lat.toFixed(3)},${e.lon.toFixed(3)}`;
    const g = groups.get(k) || { lat: e.lat, lon: e.lon, place: e.place, canon: e.place_canonical, list: [] };
    g.list.push(e);
    groups.set(k, g);
  }
  for (const g of groups.values()) {
    const counts = {};
    for (const e of g.list) counts[e.type] = (counts[e.type] || 0) + 1;
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
    const m = L.circleMarker([g.lat, g.lon], {
      radius: Math.min(5 + Math.sqrt(g.list.length) * 2.5, 20), color: '#fff', weight: 1.5, fillColor: typeColour(top), fillOpacity: 0.9, className: 'event-marker',
    });
    m.bindTooltip(h('span', null, ar('span', null, g.place || ''), ` — ${g.list.length} event${g.list.length > 1 ? 's' : ''}`), { direction: 'bottom' });
    m.bindPopup(h('div', { class: 'popup' }, ar('strong', null, g.place || ''),
      h('ul', { class: 'evlist' }, g.list.slice(0, 25).map(eventLine)),
      g.list.length > 25 ? h('p', { class: 'meta' }, `and ${g.list.length - 25} more`) : null), { maxWidth: 420 });
    m.addTo(eventLayer);
    const el = m.getElement();
    if (el) {
      el.setAttribute('data-place', g.place || '');
      el.setAttribute('data-events', String(g.list.length));
    }
    bounds.push([g.lat, g.lon]);
  }
  if (fit && bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });

  status.textContent = `${fmtNum(pl.length)} places, ${fmtNum(evs.length)} events (${fmtNum(evs.filter(e => e.lat != null).length)} located)`;

  // side list
  side.append(h('h3', null, 'Places'),
    pl.length ? h('ol', { class: 'placelist' }, pl.slice(0, 40).map(x => h('li', null,
      h('button', { type: 'button', class: 'linkish', onclick: () => { map.setView([x.lat, x.lon], Math.max(map.getZoom(), 5)); const m = byPlace.get(x.id); if (m) m.openPopup(); } },
        ar('span', null, x.name || x.id)),
      h('span', { class: 'count' }, `${fmtNum(x.articles)} art · ${fmtNum(x.events)} ev`)))) : empty('No place.'),
    h('h3', null, 'Events'),
    evs.length ? h('ul', { class: 'evlist' }, evs.slice(0, 60).map(eventLine)) : empty('No event.'));
  mapEl.dataset.loaded = String(Number(mapEl.dataset.loaded) + 1);
  }

  draw(places, events, true);
  // After the first fit, every move loads the layers of the new view (the latest answer wins).
  let seq = 0;
  let timer = null;
  map.on('moveend', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const b = map.getBounds();
      const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
      const box = east - west >= 359 ? null
        : [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map(v => v.toFixed(4)).join(',');
      const mine = ++seq;
      try {
        const [pl2, ev2] = await fetchLayers(box);
        if (mine === seq && mapEl.isConnected) draw(pl2, ev2, false);
      } catch (e) {
        if (mine === seq) status.textContent = String(e.message || e);
      }
    }, 250);
  });
  return cleanup;
}
