// Infra's planners' map. Everything it loads comes from the Infra server it is served by: tiles, data, fonts (local).
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { styles, mapLayers, labelLayers, tileSources, choroplethColor } from './layers.js';
import { t, applyWords, setRegion } from './i18n.js';
import { popupFor, runSearch, renderPlan } from './panel.js';
import { scenarioController, scenarioLayerIds } from './scenario.js';
import { scenarioFromUrl, scenarioToUrl } from './scenario-data.js';

/* global __WORKER_URL__ */
maplibregl.setWorkerUrl(new URL(__WORKER_URL__, location.origin).href);

const FIRST_DAY = new Date(Date.UTC(2005, 0, 1));
const DAY_MS = 86_400_000;
const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
const isoDay = (d) => d.toISOString().slice(0, 10);
const dayIndex = (iso) => Math.round((Date.parse(`${iso}T00:00:00Z`) - FIRST_DAY) / DAY_MS);

// State lives in the URL, so a link reproduces the map (position in #map=zoom/lat/lon, kept by MapLibre).
const params = new URLSearchParams(location.search);
const state = {
  lang: params.get('lang') === 'en' ? 'en' : 'zh',
  service: styles.services.some((s) => s.id === params.get('service')) ? params.get('service') : 'broadband',
  carrier: styles.carriers.some((c) => c.id === params.get('carrier')) ? params.get('carrier') : '',
  asOf: /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf') : isoDay(today),
  hidden: new Set((params.get('hide') ?? 'footprints,access-points').split(',').filter(Boolean)),
  ...scenarioFromUrl(params),
};
window.infra = { state };

function saveUrl() {
  const p = new URLSearchParams({ lang: state.lang, service: state.service, asOf: state.asOf, hide: [...state.hidden].join(',') });
  if (state.carrier) p.set('carrier', state.carrier);
  scenarioToUrl(state, p);
  history.replaceState(null, '', `${location.pathname}?${p}${location.hash}`);
}

const tileUrl = (name) => `${location.origin}/tiles/${name}/{z}/{x}/{y}.pbf?asOf=${state.asOf}`;
const minzoomOf = (name) => Math.min(...styles.layers.filter((l) => l.tiles === name).map((l) => Math.floor(l.minzoom)));

// The data set's region names the title and is the first view (unless the URL holds one).
const region = await fetch('/api/maps/region').then((r) => (r.ok ? r.json() : null)).catch(() => null);
setRegion(region);
const [west, south, east, north] = region?.bounds ?? [-180, -85, 180, 85];

const map = new maplibregl.Map({
  container: 'map',
  hash: 'map',
  bounds: [[west, south], [east, north]],
  fitBoundsOptions: { padding: 20 },
  maxZoom: 18,
  attributionControl: false,
  // No glyphs URL: MapLibre draws every glyph with the browser's local fonts (Debian's Noto Sans CJK), nothing is fetched.
  localIdeographFontFamily: `'${styles.font}', 'Noto Sans CJK SC', sans-serif`,
  style: {
    version: 8,
    sources: Object.fromEntries(tileSources.map((name) => [name, {
      type: 'vector', tiles: [tileUrl(name)], minzoom: minzoomOf(name), maxzoom: 14,
      attribution: 'Infra',
    }])),
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': styles.background } }],
  },
});
map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
window.infra.map = map;

function addLayers() {
  for (const layer of styles.layers) for (const l of mapLayers(layer, state)) map.addLayer(l);
  scenarios.addLayers();
  for (const layer of styles.layers) for (const l of labelLayers(layer, state)) map.addLayer(l);
  applyVisibility();
}

function applyVisibility() {
  for (const l of map.getStyle().layers) {
    const owner = l.metadata?.styleLayer;
    const shown = l.metadata?.scenario ? scenarios.shows(l.id, owner) : !state.hidden.has(owner);
    if (owner) map.setLayoutProperty(l.id, 'visibility', shown ? 'visible' : 'none');
  }
}

function applyService() {
  for (const layer of styles.layers) {
    if (layer.kind === 'choropleth') map.setPaintProperty(layer.id, 'fill-color', scenarios.choropleth(layer.tiles) ?? choroplethColor(state.service));
    if (layer.kind === 'village') map.setPaintProperty(layer.id, 'circle-color', ['case', ['get', state.service], layer.served, layer.unserved]);
  }
}

function applyCarrier() {
  const filter = state.carrier ? ['==', ['get', 'carrier'], state.carrier] : null;
  for (const l of map.getStyle().layers) {
    const owner = styles.layers.find((x) => x.id === l.metadata?.styleLayer);
    if (!owner || !['footprint', 'fiber', 'capacity', 'point', 'transmitter'].includes(owner.kind) || l.type === 'symbol') continue;
    map.setFilter(l.id, l.id.endsWith('-since-plan') ? ['all', filter ?? true, ['get', 'since_plan']] : filter);
  }
  scenarios.applyCarrier();
}

function applyDate() {
  for (const name of tileSources) map.getSource(name)?.setTiles([tileUrl(name)]);
  refreshNumbers();
}

let numbersRequest = 0;
async function refreshNumbers() {
  const mine = ++numbersRequest;
  const response = await fetch(`/api/maps/summary?asOf=${state.asOf}&service=${state.service}`);
  if (!response.ok || mine !== numbersRequest) return;
  const s = await response.json();
  document.getElementById('coverage-measure').textContent = state.lang === 'zh' ? `${t('zh', 'city')}${s.measure}` : `${t('en', 'city')}: ${s.measureEn}`;
  document.getElementById('coverage-number').textContent = s.city.share == null ? '—' : `${(s.city.share * 100).toFixed(1)}%`;
  document.getElementById('coverage-count').textContent = `${s.city.served.toLocaleString()} / ${s.city.counted.toLocaleString()}`;
  document.getElementById('coverage').dataset.asOf = s.asOf;
  renderPlan(document.getElementById('plan'), state);
}

// Controls ---------------------------------------------------------------------------------------------------
const serviceSelect = document.getElementById('service');
const carrierSelect = document.getElementById('carrier');
const slider = document.getElementById('date');
const dateLabel = document.getElementById('date-label');

function fillSelects() {
  serviceSelect.replaceChildren(...styles.services.map((s) => new Option(state.lang === 'zh' ? s.zh : s.en, s.id, false, s.id === state.service)));
  const all = new Option(t(state.lang, 'allCarriers'), '', false, state.carrier === '');
  carrierSelect.replaceChildren(all, ...styles.carriers.map((c) => new Option(state.lang === 'zh' ? `${c.zh} ${c.en}` : c.en, c.id, false, c.id === state.carrier)));
}

function renderLegend() {
  const list = document.getElementById('layers');
  list.replaceChildren(...styles.layers.map((layer) => {
    const li = document.createElement('li');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `layer-${layer.id}`;
    box.checked = !state.hidden.has(layer.id);
    box.addEventListener('change', () => {
      if (box.checked) state.hidden.delete(layer.id); else state.hidden.add(layer.id);
      applyVisibility();
      saveUrl();
    });
    const labelEl = document.createElement('label');
    labelEl.htmlFor = box.id;
    labelEl.append(swatch(layer), state.lang === 'zh' ? layer.zh : layer.en);
    li.append(box, labelEl);
    return li;
  }));
  const ramp = document.getElementById('ramp');
  const gradient = styles.choropleth.stops.map(([at, c]) => `${c} ${at * 100}%`).join(', ');
  const svc = styles.services.find((s) => s.id === state.service);
  ramp.innerHTML = `<div class="ramp-title">${state.lang === 'zh' ? svc.zh + svc.shareZh : `${svc.en}: ${svc.shareEn}`}</div>
    <div class="ramp-bar" style="background: linear-gradient(to right, ${gradient})"></div>
    <div class="ramp-ticks"><span>0%</span><span>50%</span><span>100%</span></div>
    <div class="carriers">${styles.carriers.map((c) => `<span><i style="background:${c.color}"></i>${state.lang === 'zh' ? c.zh : c.en}</span>`).join('')}</div>`;
}

function swatch(layer) {
  const i = document.createElement('i');
  i.className = `swatch ${layer.kind}`;
  const colors = {
    choropleth: styles.choropleth.stops.at(-2)[1], outline: layer.line?.color, footprint: styles.carriers[2].color,
    fiber: layer.sincePlan?.color, capacity: styles.utilisation.stops[1][1], point: styles.carriers[1].color,
    transmitter: layer.color?.tv, village: layer.served,
  };
  i.style.background = colors[layer.kind] ?? '#999';
  if (layer.kind === 'village') i.style.boxShadow = `6px 0 0 ${layer.unserved}`;
  return i;
}

function setDate(iso) {
  state.asOf = iso;
  slider.value = String(Math.min(Number(slider.max), Math.max(0, dayIndex(iso))));
  dateLabel.textContent = iso;
  applyDate();
}

const scenarios = scenarioController({ map, state, saveUrl, setDate, applyVisibility, applyService, dateInUrl: params.has('asOf') });
window.infra.scenarios = scenarios;

slider.max = String(dayIndex(isoDay(today)));
slider.value = String(Math.min(Number(slider.max), Math.max(0, dayIndex(state.asOf))));
dateLabel.textContent = state.asOf;
let dateTimer = 0;
slider.addEventListener('input', () => {
  state.asOf = isoDay(new Date(FIRST_DAY.getTime() + Number(slider.value) * DAY_MS));
  dateLabel.textContent = state.asOf;
  clearTimeout(dateTimer);
  dateTimer = setTimeout(() => { applyDate(); saveUrl(); }, 200);
});
serviceSelect.addEventListener('change', () => {
  state.service = serviceSelect.value;
  applyService();
  renderLegend();
  refreshNumbers();
  scenarios.serviceChanged();
  saveUrl();
});
carrierSelect.addEventListener('change', () => { state.carrier = carrierSelect.value; applyCarrier(); saveUrl(); });
document.getElementById('lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  setLanguage();
  for (const layer of styles.layers) for (const l of labelLayers(layer, state)) map.setLayoutProperty(l.id, 'text-field', l.layout['text-field']);
  refreshNumbers();
  saveUrl();
});
document.getElementById('permalink').addEventListener('click', async (e) => {
  saveUrl();
  await navigator.clipboard?.writeText(location.href).catch(() => {});
  e.target.textContent = t(state.lang, 'copied');
  setTimeout(() => { e.target.textContent = t(state.lang, 'permalink'); }, 1500);
});
let searchTimer = 0;
document.getElementById('search').addEventListener('input', (e) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => runSearch(e.target.value, document.getElementById('search-results'), map, state, showPopup), 250);
});

function setLanguage() {
  applyWords(state.lang);
  document.getElementById('lang').textContent = state.lang === 'zh' ? 'EN' : '中文';
  fillSelects();
  renderLegend();
  scenarios.render();
}

// Popups -----------------------------------------------------------------------------------------------------
const popup = new maplibregl.Popup({ maxWidth: '360px', closeButton: true });
function showPopup(lngLat, feature) {
  const content = scenarioLayerIds.includes(feature.layer.id) ? scenarios.popup(feature) : popupFor(feature, state);
  popup.setLngLat(lngLat).setDOMContent(content).addTo(map);
}
map.on('click', (e) => {
  const order = [...scenarioLayerIds, 'villages', 'base-stations', 'transmitters', 'switching-nodes', 'access-points', 'fiber-routes', 'footprints', 'townships', 'counties'];
  const visible = order.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
  const hit = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers: visible })
    .sort((a, b) => order.indexOf(a.layer.id) - order.indexOf(b.layer.id))[0];
  if (hit) showPopup(e.lngLat, hit);
});
for (const id of [...scenarioLayerIds, 'villages', 'base-stations', 'transmitters', 'switching-nodes', 'access-points', 'fiber-routes']) {
  map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
}

// Start --------------------------------------------------------------------------------------------------------
setLanguage();
map.on('load', () => {
  addLayers();
  applyCarrier();
  refreshNumbers();
  document.body.dataset.ready = 'true';
});
scenarios.start();
map.on('moveend', saveUrl);
fetch('/healthz').then((r) => r.json()).then((h) => {
  const set = h.checks?.database?.data?.dataSet;
  if (set?.isDemo) {
    document.getElementById('demo-notice').hidden = false;
    document.getElementById('map-notice').hidden = false;
  }
}).catch(() => {});
saveUrl();
