// Popups, village search and the plan-progress panel.
import { styles } from './layers.js';
import { t, statusWords } from './i18n.js';

export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else if (k === 'style') node.style.cssText = v; else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
export const carrierName = (id, lang) => {
  const c = styles.carriers.find((x) => x.id === id);
  return c ? (lang === 'zh' ? c.zh : c.en) : id;
};
const basisWords = {
  zh: { filing: '业务申报', base_station: '基站', access_point: '接入网点', switching_node: '交换节点', broadcast_transmitter: '发射台', fiber_route: '光缆' },
  en: { filing: 'filing', base_station: 'base station', access_point: 'access point', switching_node: 'switching node', broadcast_transmitter: 'transmitter', fiber_route: 'fiber route' },
};
const basis = (b, lang) => basisWords[lang][b] ?? b;
const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const row = (k, v) => (v === undefined || v === null || v === '' ? null : el('tr', {}, el('th', {}, k), el('td', {}, String(v))));

/** The popup of any clicked feature: its attributes; for a village its status per service, provenance and nearest candidates. */
export function popupFor(feature, state) {
  const p = feature.properties;
  const lang = state.lang;
  const layer = feature.layer.id;
  if (layer === 'villages') return villagePopup(p, state);
  if (layer === 'counties' || layer === 'townships') {
    return el('div', { class: 'popup' }, el('h3', {}, lang === 'en' && p.name_en ? p.name_en : p.name),
      el('table', {}, row(t(lang, 'code'), p.code),
        ...styles.services.map((s) => row(lang === 'zh' ? `${s.zh}（${s.shareZh}）` : `${s.en} (${s.shareEn})`, pct(p[s.id]))),
      ));
  }

  const title = [p.name, p.code].filter(Boolean).join(' · ');
  return el('div', { class: 'popup' }, el('h3', {}, title || layer),
    el('table', {},
      row(t(lang, 'carrier'), carrierName(p.carrier, lang)),
      row(t(lang, 'status'), statusWords[lang][p.status] ?? p.status),
      row(t(lang, 'commissioned'), p.commissioned_on),
      row(t(lang, 'technology'), p.technology ?? p.node_kind ?? p.broadcast_kind),
      row(t(lang, 'radius'), p.radius_m ? `${p.radius_m} m` : p.service_radius_m ? `${p.service_radius_m} m` : null),
      row(t(lang, 'tier'), p.tier), row(t(lang, 'cores'), p.cores), row(t(lang, 'length'), p.length_m ? `${(p.length_m / 1000).toFixed(2)} km` : null),
      row(t(lang, 'capacity'), p.capacity_lines ? `${p.capacity_lines} (${t(lang, 'used')} ${p.subscribers_in_use})` : null),
      row(t(lang, 'ports'), p.ports ? `${p.ports} (${t(lang, 'used')} ${p.ports_used})` : null),
      row(t(lang, 'utilisation'), p.utilisation != null ? pct(p.utilisation) : null),
      row(t(lang, 'power'), p.power_kw ? `${p.power_kw} kW` : null),
      row(p.since_plan ? styles.layers.find((l) => l.kind === 'fiber').sincePlan[lang] : null, p.since_plan ? '✓' : null)));
}

function villagePopup(p, state) {
  const lang = state.lang;
  const services = el('table', { class: 'services' }, ...styles.services.map((s) =>
    el('tr', { 'data-service': s.id }, el('th', {}, lang === 'zh' ? s.zh : s.en),
      el('td', { class: p[s.id] ? 'served' : 'unserved' }, p[s.id] ? `✓ ${t(lang, 'served')}` : `✗ ${t(lang, 'unserved')}`))));
  const details = el('div', { class: 'details' }, t(lang, 'details'));
  const root = el('div', { class: 'popup village' },
    el('h3', {}, p.name), el('div', { class: 'sub' }, `${t(lang, p.kind) ?? p.kind} · ${p.code} · ${t(lang, 'population')} ${p.population ?? '—'}`),
    services, details);
  loadVillageDetails(p.code, state, details);
  return root;
}

/** Why a village has a service or not, from the coverage API (sources with their basis, candidates with reasons). */
async function loadVillageDetails(code, state, into) {
  const lang = state.lang;
  const response = await fetch(`/api/villages/${code}/services?asOf=${state.asOf}`).catch(() => null);
  if (!response?.ok) {
    into.textContent = t(lang, 'noDetails');
    return;
  }

  const body = await response.json();
  const focus = body.services.find((s) => s.service === state.service) ?? body.services[0];
  into.replaceChildren();
  if (!focus) return;
  const svc = styles.services.find((s) => s.id === focus.service);
  into.append(el('h4', {}, lang === 'zh' ? svc?.zh ?? focus.service : svc?.en ?? focus.service));
  if (focus.sources?.length) {
    into.append(el('div', { class: 'label' }, t(lang, 'sources')), el('ul', {}, ...focus.sources.map((s) =>
      el('li', {}, `${basis(s.basis, lang)} ${s.code ?? ''} ${carrierName(s.carrier, lang) ?? ''}${s.distanceM != null ? ` · ${(s.distanceM / 1000).toFixed(2)} km` : ''}`))));
  }
  if (focus.nearestFiber) {
    const f = focus.nearestFiber;
    into.append(el('div', { class: 'label' }, t(lang, 'nearestFiber')),
      el('div', {}, `${f.code} ${carrierName(f.carrier, lang)} · ${f.tier} · ${(f.distanceM / 1000).toFixed(2)} km${f.status ? ` · ${statusWords[lang][f.status] ?? f.status}` : ''}`));
  }
  if (focus.candidates?.length) {
    into.append(el('div', { class: 'label' }, t(lang, 'candidates')), el('ul', {}, ...focus.candidates.map((c) =>
      el('li', {}, `${basis(c.basis, lang)} ${c.code ?? ''} ${carrierName(c.carrier, lang) ?? ''}${c.distanceM != null ? ` · ${(c.distanceM / 1000).toFixed(2)} km` : ''}`,
        el('small', {}, ` — ${t(lang, 'why')}: ${(c.reasons ?? []).join(', ')}`)))));
  }
}

/** Finds villages by name or code with the read API and flies to the chosen one. */
export async function runSearch(text, list, map, state, showPopup) {
  list.replaceChildren();
  const q = text.trim();
  if (q.length < 1) return;
  const response = await fetch(`/api/villages?q=${encodeURIComponent(q)}&limit=12`);
  if (!response.ok) return;
  const page = await response.json();
  if (page.features.length === 0) {
    list.append(el('li', { class: 'empty' }, t(state.lang, 'noResults')));
    return;
  }
  for (const f of page.features) {
    const item = el('li', {}, el('button', { type: 'button' }, `${f.properties.name}`, el('small', {}, ` ${t(state.lang, f.properties.kind)} · ${f.properties.code}`)));
    item.querySelector('button').addEventListener('click', () => {
      const [lon, lat] = f.geometry.coordinates;
      map.once('idle', () => {
        const point = map.project([lon, lat]);
        const hit = map.queryRenderedFeatures([[point.x - 3, point.y - 3], [point.x + 3, point.y + 3]], { layers: ['villages'] })
          .find((x) => x.properties.code === f.properties.code);
        if (hit) showPopup([lon, lat], hit);
      });
      map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 13), duration: 600 });
    });
    list.append(item);
  }
}

/** Each target's progress: bar, %, projected date and the value over time (from the plan-progress API). */
export async function renderPlan(container, state) {
  const lang = state.lang;
  const plans = await fetch('/api/plans').then((r) => (r.ok ? r.json() : [])).catch(() => []);
  if (!plans.length) return;
  const plan = plans[0];
  const response = await fetch(`/api/plans/${plan.id}/progress?asOf=${state.asOf}`).catch(() => null);
  if (!response?.ok) {
    container.replaceChildren(el('p', { class: 'muted' }, t(lang, 'noProgress')),
      el('ul', { class: 'targets' }, ...plan.targets.map((x) => el('li', {}, lang === 'zh' ? x.name : x.nameEn, el('small', {}, ` ${t(lang, 'goal')} ${x.goal} ${x.unit}`)))));
    return;
  }

  const progress = await response.json();
  container.replaceChildren(...progress.targets.map((x) => {
    const share = Math.max(0, Math.min(1, (x.percentAchieved ?? 0) / 100));
    const projected = x.met ? t(lang, 'met') : x.projection?.date ?? t(lang, 'notAtPace');
    return el('div', { class: 'target' },
      el('div', { class: 'target-name' }, lang === 'zh' ? x.name : x.nameEn),
      el('div', { class: 'bar' }, el('span', { style: `width:${(share * 100).toFixed(1)}%` })),
      el('div', { class: 'target-figures' }, `${(x.percentAchieved ?? 0).toFixed(1)}% · ${t(lang, 'value')} ${fmt(x.value)} / ${t(lang, 'goal')} ${fmt(x.goal)} ${x.unit ?? ''} · ${t(lang, 'projected')}: ${projected}`),
      chart(x.series ?? [], x.goal));
  }));
}

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString() : v.toFixed(2)) : v ?? '—');

function chart(series, goal) {
  if (series.length < 2) return null;
  const w = 280, h = 60;
  const xs = series.map((s) => Date.parse(s.date));
  const max = Math.max(goal ?? 0, ...series.map((s) => s.value)) || 1;
  const x = (d) => ((d - xs[0]) / Math.max(1, xs.at(-1) - xs[0])) * (w - 4) + 2;
  const y = (v) => h - 2 - (v / max) * (h - 4);
  const points = series.map((s, i) => `${x(xs[i]).toFixed(1)},${y(s.value).toFixed(1)}`).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'chart');
  svg.innerHTML = `<line x1="0" x2="${w}" y1="${y(goal)}" y2="${y(goal)}" class="goal"/><polyline points="${points}" class="series"/>`;
  return svg;
}
