// Node's own test runner (node --test), run by tests/Map.Tests (ViewerModuleTests) so ./infra test covers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import geodesic from 'geographiclib-geodesic';
import { footprint, footprints, measureOf, shareOf, compare, newlyServed, technologyName, scenarioFromUrl, scenarioToUrl } from '../src/scenario-data.js';

const { Geodesic } = geodesic;

test('every footprint vertex lies radiusM from the station on the WGS 84 ellipsoid, and the ring closes', () => {
  const station = [114.0233, 32.9794];
  const ring = footprint(station, 5000).coordinates[0];
  assert.deepEqual(ring[0], ring.at(-1));
  assert.equal(ring.length, 97);
  for (const [lon, lat] of ring) {
    const d = Geodesic.WGS84.Inverse(station[1], station[0], lat, lon).s12;
    assert.ok(Math.abs(d - 5000) < 1e-6, `vertex at ${d} m`);
  }
  // At 33° N a degree of longitude is shorter than one of latitude: the circle is wider in degrees than it is tall.
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  assert.ok(Math.max(...lons) - Math.min(...lons) > (Math.max(...lats) - Math.min(...lats)) * 1.15);
});

test('footprints are drawn for proposed stations with a radius only', () => {
  const fc = { type: 'FeatureCollection', features: [
    { type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [114, 33] }, properties: { kind: 'base_station', radiusM: 3000, carrier: 'cmcc' } },
    { type: 'Feature', id: 2, geometry: { type: 'Point', coordinates: [114.1, 33] }, properties: { kind: 'base_station', radiusM: null } },
    { type: 'Feature', id: 3, geometry: { type: 'Point', coordinates: [114.2, 33] }, properties: { kind: 'access_point', radiusM: 500 } },
    { type: 'Feature', id: 4, geometry: { type: 'LineString', coordinates: [[114, 33], [114.1, 33.1]] }, properties: { kind: 'fiber_route' } },
  ] };
  const out = footprints(fc);
  assert.deepEqual(out.features.map((f) => f.id), [1]);
  assert.equal(out.features[0].geometry.type, 'Polygon');
  assert.equal(out.features[0].properties.carrier, 'cmcc');
});

const region = (code, adminServed, adminCount, natural, pop) => ({
  code, name: code, services: {
    broadband: { administrative: { count: adminCount, served: adminServed, share: adminServed / adminCount } },
    phone: { natural: { count: natural[1], served: natural[0], share: natural[0] / natural[1] } },
    tv: { populated: { population: pop[1], populationServed: pop[0], populationShare: pop[0] / pop[1] } },
  },
});

test('the number read per service is the one the choropleth colours', () => {
  assert.equal(measureOf('mobile'), 'administrative');
  assert.equal(measureOf('cable_tv'), 'natural');
  assert.equal(measureOf('radio'), 'populated');
  const r = region('411700', 50, 200, [10, 40], [300, 1000]);
  assert.deepEqual(shareOf(r, 'broadband'), { share: 0.25, served: 50, counted: 200 });
  assert.deepEqual(shareOf(r, 'phone'), { share: 0.25, served: 10, counted: 40 });
  assert.deepEqual(shareOf(r, 'tv'), { share: 0.3, served: 300, counted: 1000 });
  assert.equal(shareOf(r, 'mobile'), null);
});

test('before and after are paired by county code and differ in percentage points', () => {
  const before = { city: region('411700', 50, 200, [0, 1], [0, 1]), counties: [region('411702', 10, 100, [0, 1], [0, 1]), region('411721', 40, 100, [0, 1], [0, 1])] };
  const after = { city: region('411700', 70, 200, [0, 1], [0, 1]), counties: [region('411721', 40, 100, [0, 1], [0, 1]), region('411702', 30, 100, [0, 1], [0, 1])] };
  const c = compare(before, after, 'broadband');
  assert.equal(c.city.deltaPoints.toFixed(6), (10).toFixed(6));
  assert.deepEqual(c.counties.map((x) => [x.code, Math.round(x.deltaPoints)]), [['411702', 20], ['411721', 0]]);
});

test('newly served counts villages off before and on after, with their people', () => {
  const v = (before, after, population, kind = 'natural') => ({ type: 'Feature', properties: { before, after, population, kind } });
  assert.deepEqual(newlyServed({ features: [v(false, true, 120, 'administrative'), v(false, true, 30), v(true, true, 999), v(false, false, 5)] }),
    { count: 2, administrative: 1, population: 150 });
  assert.equal(technologyName('td_scdma'), 'TD-SCDMA');
});

test('the scenario round-trips through the URL, and junk is refused', () => {
  const p = new URLSearchParams();
  scenarioToUrl({ scenario: '42', view: 'before' }, p);
  assert.deepEqual(scenarioFromUrl(p), { scenario: '42', view: 'before' });
  assert.deepEqual(scenarioFromUrl(new URLSearchParams('scenario=%3Cscript%3E')), { scenario: '', view: 'after' });
  const none = new URLSearchParams();
  scenarioToUrl({ scenario: '', view: 'after' }, none);
  assert.equal(none.toString(), '');
});
