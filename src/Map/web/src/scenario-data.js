// The pure half of the scenario view: footprints, the numbers compared, the URL state. No DOM, no map, so Node can test it.
import geodesic from 'geographiclib-geodesic';

const { Geodesic } = geodesic;

// Enough vertices that a 5 km footprint strays < 1 m from its true circle at any zoom a planner uses.
const FootprintVertices = 96;

/**
 * A station's footprint: the points at radiusM from it along 96 azimuths, each found by Karney's direct geodesic on WGS 84
 * (GeographicLib), so the drawn circle is the ground distance the coverage engine uses, not a circle in screen pixels.
 */
export function footprint([lon, lat], radiusM) {
  const ring = [];
  for (let i = 0; i < FootprintVertices; i++) {
    const p = Geodesic.WGS84.Direct(lat, lon, (360 * i) / FootprintVertices, radiusM);
    ring.push([p.lon2, p.lat2]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The footprints of a scenario's proposed stations that have a radius, carrying the station's id and properties. */
export function footprints(assets) {
  return {
    type: 'FeatureCollection',
    features: assets.features
      .filter((f) => f.properties?.kind === 'base_station' && f.geometry?.type === 'Point' && f.properties.radiusM > 0)
      .map((f) => ({ type: 'Feature', id: f.id, properties: f.properties, geometry: footprint(f.geometry.coordinates, f.properties.radiusM) })),
  };
}

/**
 * Which tally the map's number reads for a service: the same group as the choropleth (MapShares.GroupOf in src/Map/Tiles):
 * administrative villages for mobile and broadband, natural villages for phone and cable TV, people for radio and TV.
 */
export const measureOf = (service) =>
  (['mobile', 'broadband'].includes(service) ? 'administrative' : ['phone', 'cable_tv'].includes(service) ? 'natural' : 'populated');

/** One region's share, served and counted for a service, from a /api/coverage (or scenario coverage) region. */
export function shareOf(region, service) {
  const tally = region?.services?.[service]?.[measureOf(service)];
  if (!tally) return null;
  return measureOf(service) === 'populated'
    ? { share: tally.populationShare, served: tally.populationServed, counted: tally.population }
    : { share: tally.share, served: tally.served, counted: tally.count };
}

/** Before (network alone on the base date) against after (with the scenario), for the city and each county, in percentage points. */
export function compare(before, after, service) {
  const pair = (b, a) => {
    const x = shareOf(b, service);
    const y = shareOf(a, service);
    const delta = x?.share != null && y?.share != null ? (y.share - x.share) * 100 : null;
    return { code: b?.code ?? a?.code, name: b?.name ?? a?.name, before: x, after: y, deltaPoints: delta };
  };
  const afterByCode = new Map((after.counties ?? []).map((r) => [r.code, r]));
  return {
    city: pair(before.city, after.city),
    counties: (before.counties ?? []).map((r) => pair(r, afterByCode.get(r.code))),
  };
}

/** The places a scenario newly serves: how many (and how many of them administrative villages), and how many people live in them. */
export function newlyServed(villages) {
  const served = villages.features.filter((f) => f.properties.after && !f.properties.before);
  return {
    count: served.length,
    administrative: served.filter((f) => f.properties.kind === 'administrative').length,
    population: served.reduce((sum, f) => sum + (f.properties.population ?? 0), 0),
  };
}

/** A technology's wire name as people write it: gsm → GSM, td_scdma → TD-SCDMA. */
export const technologyName = (wire) => (wire ? wire.toUpperCase().replaceAll('_', '-') : wire);

/** The scenario part of the URL: ?scenario=<id>&view=before|after (after by default, since that is what a scenario is for). */
export function scenarioFromUrl(params) {
  const id = params.get('scenario') ?? '';
  return { scenario: /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : '', view: params.get('view') === 'before' ? 'before' : 'after' };
}

export function scenarioToUrl(state, params) {
  if (!state.scenario) return;
  params.set('scenario', state.scenario);
  params.set('view', state.view);
}
