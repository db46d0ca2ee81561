// A planning scenario on the map: the selector, its proposals as layers, the before/after view, and the numbers compared.
//
// Proposals are few (a scenario holds at most a few thousand: 98 sites, some hundred fibre routes), so they come as GeoJSON
// from /api/scenarios/{id}/assets into GeoJSON sources, which MapLibre tiles in its worker. Vector tiles would need a
// per-scenario tile cache on the server for no gain at this size, and would put proposals in the carriers' tile layers.
import { styles, choroplethColor } from './layers.js';
import { t } from './i18n.js';
import { el, carrierName } from './panel.js';
import { footprints, compare, newlyServed, technologyName, shareOf } from './scenario-data.js';

const look = styles.scenario;
const layerStyle = (kind) => look.layers.find((l) => l.kind === kind);
const empty = { type: 'FeatureCollection', features: [] };
const carrierColor = ['match', ['get', 'carrier'], ...styles.carriers.flatMap((c) => [c.id, c.color]), '#777777'];
const stops = (pairs) => pairs.flat();

/** Ids of the map layers that belong to the scenario, topmost first: the order clicks look in. A station sited at a village sits on it. */
export const scenarioLayerIds = ['proposed-stations', 'proposed-access-points', 'newly-served', 'proposed-fiber', 'proposed-footprints'];

function kindFilter(kind, state) {
  return state.carrier ? ['all', ['==', ['get', 'kind'], kind], ['==', ['get', 'carrier'], state.carrier]] : ['==', ['get', 'kind'], kind];
}

/** The MapLibre layers of the scenario, each tagged with its style layer (for the legend's check boxes) and as a scenario layer. */
export function scenarioLayers(state) {
  const meta = (id) => ({ styleLayer: id, scenario: true });
  const fp = layerStyle('proposed-footprint');
  const fiber = layerStyle('proposed-fiber');
  const ap = layerStyle('proposed-access-point');
  const st = layerStyle('proposed-station');
  const nv = layerStyle('newly-served');
  const carrier = state.carrier ? ['==', ['get', 'carrier'], state.carrier] : true;
  return [
    { id: 'proposed-footprints', type: 'fill', source: 'scenario-footprints', metadata: meta(fp.id), filter: carrier,
      paint: { 'fill-color': look.color, 'fill-opacity': fp.fillOpacity } },
    { id: 'proposed-footprints-line', type: 'line', source: 'scenario-footprints', metadata: meta(fp.id), filter: carrier,
      paint: { 'line-color': look.color, 'line-width': fp.line.width, 'line-opacity': fp.line.opacity } },
    { id: 'proposed-fiber-casing', type: 'line', source: 'scenario-assets', metadata: meta(fiber.id), filter: kindFilter('fiber_route', state),
      layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': fiber.casing, 'line-width': fiber.width + 2 } },
    { id: 'proposed-fiber', type: 'line', source: 'scenario-assets', metadata: meta(fiber.id), filter: kindFilter('fiber_route', state),
      layout: { 'line-join': 'round' }, paint: { 'line-color': look.color, 'line-width': fiber.width, 'line-dasharray': fiber.dash } },
    { id: 'newly-served', type: 'circle', source: 'scenario-villages', metadata: meta(nv.id),
      paint: { 'circle-color': villageColor(state), 'circle-radius': ['interpolate', ['linear'], ['zoom'], ...stops(nv.radius)],
        'circle-stroke-color': nv.ring, 'circle-stroke-width': 2 } },
    { id: 'proposed-access-points', type: 'circle', source: 'scenario-assets', metadata: meta(ap.id), filter: kindFilter('access_point', state),
      paint: { 'circle-color': look.color, 'circle-radius': ap.radius, 'circle-stroke-color': ap.stroke, 'circle-stroke-width': 1.5 } },
    { id: 'proposed-stations', type: 'circle', source: 'scenario-assets', metadata: meta(st.id), filter: kindFilter('base_station', state),
      paint: { 'circle-color': carrierColor, 'circle-radius': st.radius, 'circle-stroke-color': look.color, 'circle-stroke-width': st.ring } },
  ];
}

// The villages a scenario would serve show in both views: not served (the villages layer's colour) before, served after.
const villageColor = (state) => (state.view === 'after' ? layerStyle('newly-served').color : styles.layers.find((l) => l.kind === 'village').unserved);

const kindWords = {
  zh: { base_station: '规划基站', fiber_route: '规划光缆', access_point: '规划接入网点' },
  en: { base_station: 'Proposed base station', fiber_route: 'Proposed fiber route', access_point: 'Proposed access point' },
};
const sourceWords = {
  zh: { siting: '基站选址', fiber_extension: '光缆延伸', manual: '手工添加' },
  en: { siting: 'station siting', fiber_extension: 'fiber extension', manual: 'added by hand' },
};
const row = (k, v) => (v === undefined || v === null || v === '' ? null : el('tr', {}, el('th', {}, k), el('td', {}, String(v))));
const pct = (share) => (share == null ? '—' : `${(share * 100).toFixed(1)}%`);
const count = (n) => (n == null ? '—' : n.toLocaleString());

/** The popup of a proposal or of a newly served village. */
export function scenarioPopup(feature, state, scenario, countyName) {
  const p = feature.properties;
  const lang = state.lang;
  if (feature.layer.id === 'newly-served') {
    const svc = styles.services.find((s) => s.id === state.service);
    return el('div', { class: 'popup scenario' }, el('h3', {}, p.name),
      el('div', { class: 'sub' }, `${t(lang, p.kind)} · ${p.code} · ${t(lang, 'population')} ${count(p.population)}`),
      el('table', {}, el('tr', { 'data-service': state.service }, el('th', {}, lang === 'zh' ? svc.zh : svc.en),
        el('td', { class: 'unserved' }, `✗ ${t(lang, 'before')}`), el('td', { class: 'served' }, `✓ ${t(lang, 'after')}`))),
      el('div', { class: 'muted' }, `${t(lang, 'scenario')}: ${scenario?.name ?? ''}`));
  }

  return el('div', { class: 'popup scenario' },
    el('h3', {}, p.label || kindWords[lang][p.kind] || p.kind),
    el('div', { class: 'sub proposal' }, `${kindWords[lang][p.kind] ?? p.kind} · ${t(lang, 'proposalNote')}`),
    el('table', {},
      row(t(lang, 'scenario'), scenario?.name),
      row(t(lang, 'carrier'), carrierName(p.carrier, lang)),
      row(t(lang, 'proposedBy'), sourceWords[lang][p.source] ?? p.source),
      row(t(lang, 'technology'), technologyName(p.technology)),
      row(t(lang, 'radius'), p.radiusM ? `${Math.round(p.radiusM).toLocaleString()} m` : null),
      row(t(lang, 'length'), p.lengthKm != null ? `${p.lengthKm.toFixed(2)} km` : null),
      row(t(lang, 'routeLength'), p.routeKm != null ? `${p.routeKm.toFixed(2)} km` : null),
      row(t(lang, 'tier'), p.tier),
      row(t(lang, 'ports'), p.ports),
      row(t(lang, 'newPopulation'), p.newPopulation != null ? count(p.newPopulation) : null),
      row(t(lang, 'county'), p.county ? `${countyName(p.county) ?? ''} ${p.county}`.trim() : null),
      row(t(lang, 'sequence'), p.sequence)));
}

/**
 * The scenario selector and everything hanging off it. `host` gives the map, the shared state, and what to call when the
 * scenario moves the map's date to its base date (the "before" the scenario is built on) or changes the URL.
 */
export function scenarioController(host) {
  const { map, state } = host;
  const select = document.getElementById('scenario');
  const viewBox = document.getElementById('scenario-view');
  const numbers = document.getElementById('scenario-numbers');
  const legend = document.getElementById('scenario-layers');
  let list = [];
  let current = null;
  let loading = 0;
  let data = { assets: empty, villages: empty, comparison: null, newly: null };

  const selected = () => list.find((s) => String(s.id) === state.scenario) ?? null;
  const sourcesReady = () => Boolean(map.getSource('scenario-assets'));

  function fillSelect() {
    const none = new Option(t(state.lang, 'noScenario'), '', false, !state.scenario);
    select.replaceChildren(none, ...list.map((s) => new Option(
      `${s.name} · ${s.baseDate} · ${s.stations ?? 0} ${t(state.lang, 'stationsUnit')} · ${(s.fiberKm ?? 0).toFixed(1)} km`,
      String(s.id), false, String(s.id) === state.scenario)));
  }

  function renderLegend() {
    legend.replaceChildren(...look.layers.map((layer) => {
      const box = el('input', { type: 'checkbox', id: `layer-${layer.id}` });
      box.checked = !state.hidden.has(layer.id);
      box.addEventListener('change', () => {
        if (box.checked) state.hidden.delete(layer.id); else state.hidden.add(layer.id);
        host.applyVisibility();
        host.saveUrl();
      });
      return el('li', {}, box, el('label', { for: box.id }, swatch(layer), state.lang === 'zh' ? layer.zh : layer.en));
    }));
  }

  function renderNumbers() {
    const s = selected();
    const c = data.comparison;
    if (!s || !c) {
      numbers.replaceChildren();
      return;
    }

    const lang = state.lang;
    const svc = styles.services.find((x) => x.id === state.service);
    const measure = lang === 'zh' ? `${svc.zh}${svc.shareZh}` : `${svc.en}: ${svc.shareEn}`;
    const delta = c.city.deltaPoints;
    const figure = (id, word, v) => el('div', { class: 'scn-figure', id },
      el('span', {}, word), el('strong', {}, pct(v?.share)), el('small', {}, `${count(v?.served)} / ${count(v?.counted)}`));
    numbers.replaceChildren(
      // The scenario's numbers count every carrier's network, whatever the carrier filter draws.
      el('div', { class: 'muted' }, `${t(lang, 'baseDate')} ${s.baseDate} · ${measure}${state.carrier ? ` · ${t(lang, 'allCarriers')}` : ''}`),
      el('div', { class: 'scn-compare' }, figure('scenario-before', t(lang, 'before'), c.city.before), el('span', { class: 'arrow' }, '→'),
        figure('scenario-after', t(lang, 'after'), c.city.after)),
      el('div', { id: 'scenario-delta', class: delta > 0 ? 'gain' : 'muted' },
        delta == null ? '—' : `${delta >= 0 ? '+' : ''}${delta.toFixed(1)} ${t(lang, 'points')}`),
      el('div', { id: 'scenario-newly' }, `${t(lang, 'newlyServed')} ${count(data.newly.count)} (${t(lang, 'administrative')} ${count(data.newly.administrative)})`
        + ` · ${t(lang, 'population')} ${count(data.newly.population)}`),
      el('table', { class: 'scn-counties' },
        el('tr', {}, el('th', {}, t(lang, 'county')), el('th', {}, t(lang, 'before')), el('th', {}, t(lang, 'after')), el('th', {}, '±')),
        ...c.counties.map((r) => el('tr', { 'data-county': r.code, class: r.deltaPoints > 0 ? 'changed' : '' },
          el('td', {}, r.name), el('td', {}, pct(r.before?.share)), el('td', {}, pct(r.after?.share)),
          el('td', {}, r.deltaPoints ? `${r.deltaPoints > 0 ? '+' : ''}${r.deltaPoints.toFixed(1)}` : '')))),
      el('a', { href: `/api/scenarios/${encodeURIComponent(s.id)}/export?format=geojson`, download: '' }, t(lang, 'exportScenario')));
  }

  function render() {
    fillSelect();
    renderLegend();
    const on = Boolean(selected());
    viewBox.hidden = !on;
    legend.hidden = !on;
    for (const input of viewBox.querySelectorAll('input')) input.checked = input.value === state.view;
    renderNumbers();
  }

  /** Hands the loaded data to the map's sources, once they exist (the map may still be loading its style). */
  function pushData() {
    if (!sourcesReady()) return;
    const on = Boolean(selected());
    map.getSource('scenario-assets').setData(on ? data.assets : empty);
    map.getSource('scenario-footprints').setData(on ? footprints(data.assets) : empty);
    map.getSource('scenario-villages').setData(on ? data.villages : empty);
    host.applyVisibility();
    host.applyService();
  }

  /** Loads what the selected scenario shows for the selected service; the body's data-scenario says what is on the map. */
  async function load() {
    const mine = ++loading;
    delete document.body.dataset.scenario;
    const s = selected();
    if (!s) {
      data = { assets: empty, villages: empty, comparison: null, newly: null };
      pushData();
      render();
      return;
    }

    const id = encodeURIComponent(s.id);
    const json = (url) => fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))));
    const loaded = await Promise.all([
      current === s.id ? Promise.resolve(data.assets) : json(`/api/scenarios/${id}/assets`),
      json(`/api/scenarios/${id}/villages?service=${state.service}`),
      json(`/api/coverage?level=city&service=${state.service}&asOf=${s.baseDate}`),
      json(`/api/scenarios/${id}/coverage?level=city&service=${state.service}`),
      json(`/api/coverage?level=county&service=${state.service}&asOf=${s.baseDate}`),
      json(`/api/scenarios/${id}/coverage?level=county&service=${state.service}`),
      json(`/api/scenarios/${id}/coverage?level=township&service=${state.service}`),
    ]).catch((e) => e);
    if (mine !== loading) return;
    if (loaded instanceof Error) {
      // Said in the panel rather than thrown: the rest of the map still works without the scenario.
      numbers.replaceChildren(el('p', { class: 'muted' }, `${t(state.lang, 'scenarioUnavailable')} (${loaded.message})`));
      return;
    }

    const [assets, villages, beforeCity, afterCity, beforeCounties, afterCounties, afterTownships] = loaded;
    const shares = (regions) => regions.map((r) => [r.code, shareOf(r, state.service)?.share]).filter(([, v]) => typeof v === 'number').flat();
    current = s.id;
    data = {
      assets,
      villages,
      comparison: compare({ city: beforeCity.regions[0], counties: beforeCounties.regions },
        { city: afterCity.regions[0], counties: afterCounties.regions }, state.service),
      newly: newlyServed(villages),
      // Region code → share with the scenario, for the choropleth of the "after" view.
      after: { service: state.service, counties: shares(afterCounties.regions), townships: shares(afterTownships.regions) },
    };
    pushData();
    render();
    document.body.dataset.scenario = `${s.id}:${state.view}:${state.service}`;
  }

  select.addEventListener('change', () => {
    state.scenario = select.value;
    state.view = 'after';
    const s = selected();
    if (s) host.setDate(s.baseDate);
    load();
    host.saveUrl();
  });
  for (const input of viewBox.querySelectorAll('input')) {
    input.addEventListener('change', () => {
      state.view = input.value;
      if (map.getLayer('newly-served')) map.setPaintProperty('newly-served', 'circle-color', villageColor(state));
      host.applyService();
      host.applyVisibility();
      if (selected()) document.body.dataset.scenario = `${state.scenario}:${state.view}:${state.service}`;
      host.saveUrl();
    });
  }

  return {
    /** Adds the sources and the layers, with the scenario's data if it came first; called when the map's style has loaded. */
    addLayers() {
      for (const name of ['scenario-assets', 'scenario-footprints', 'scenario-villages']) map.addSource(name, { type: 'geojson', data: empty });
      for (const l of scenarioLayers(state)) map.addLayer(l);
      pushData();
    },
    /** Whether a scenario layer shows: a scenario is selected, its legend box is checked, and it is a proposal in the "after" view or the villages. */
    shows(layerId, owner) {
      return Boolean(selected()) && !state.hidden.has(owner) && (state.view === 'after' || layerId === 'newly-served');
    },
    /**
     * The choropleth colour of the "after" view: each county's or township's share with the scenario (tiles only know the
     * network), or null to keep the tiles' own shares.
     */
    choropleth(tiles) {
      const pairs = selected() && state.view === 'after' && data.after?.service === state.service ? data.after[tiles] : null;
      return pairs?.length ? choroplethColor(state.service, ['match', ['get', 'code'], ...pairs, ['get', state.service]]) : null;
    },
    applyCarrier() {
      for (const l of scenarioLayers(state)) if (map.getLayer(l.id) && l.filter !== undefined) map.setFilter(l.id, l.filter === true ? null : l.filter);
      renderNumbers();
    },
    /** The list of scenarios; a scenario in the URL that no longer exists is dropped from the URL. */
    async start() {
      const response = await fetch('/api/scenarios');
      list = response.ok ? (await response.json()).items : [];
      if (state.scenario && !selected()) {
        state.scenario = '';
        host.saveUrl();
      }
      // A link that names a scenario but no date shows the network on the scenario's base date, the "before" it builds on.
      if (selected() && !host.dateInUrl) host.setDate(selected().baseDate);
      render();
      await load();
    },
    serviceChanged: load,
    render,
    selected,
    popup: (feature) => scenarioPopup(feature, state, selected(), (code) => data.comparison?.counties.find((c) => c.code === code)?.name),
  };
}

function swatch(layer) {
  const i = el('i', { class: `swatch ${layer.kind}` });
  const colors = { 'proposed-station': look.color, 'proposed-footprint': look.color, 'proposed-fiber': look.color,
    'proposed-access-point': look.color, 'newly-served': layer.color };
  i.style.background = colors[layer.kind];
  if (layer.kind === 'proposed-fiber') i.style.background = `repeating-linear-gradient(to right, ${look.color} 0 6px, transparent 6px 10px)`;
  if (layer.kind === 'proposed-footprint') i.style.opacity = '0.35';
  if (layer.kind === 'newly-served') i.style.boxShadow = `0 0 0 2px ${layer.ring}`;
  return i;
}
