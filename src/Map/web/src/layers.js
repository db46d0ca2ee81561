// Turns the shared style data (src/Map/Styles/styles.json, also drawn by the server renderer) into MapLibre layers.
import styles from '../../Styles/styles.json';

export { styles };

const font = [styles.font];
const carrierColor = ['match', ['get', 'carrier'], ...styles.carriers.flatMap((c) => [c.id, c.color]), '#777777'];
const stops = (pairs) => pairs.flat();

/** The choropleth's colour of a share: by default the tile's own for the service; a scenario's "after" view passes its shares instead. */
export const choroplethColor = (service, share = ['get', service]) => [
  'case', ['==', ['typeof', share], 'number'],
  ['interpolate', ['linear'], share, ...stops(styles.choropleth.stops)],
  styles.choropleth.noData,
];

const utilisationColor = ['interpolate', ['linear'], ['coalesce', ['get', 'utilisation'], 0], ...stops(styles.utilisation.stops)];

// Planned and under-construction assets are drawn faint: they exist on the date but serve nobody yet.
const inService = ['case', ['==', ['get', 'status'], 'in_service'], 1, 0.4];

const label = (lang) => (lang === 'en' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['get', 'name']);

/** The MapLibre layers of one style layer, each tagged with the style layer's id in metadata. */
export function mapLayers(layer, state) {
  const zoom = { minzoom: layer.minzoom, maxzoom: layer.maxzoom };
  const base = { source: layer.tiles, metadata: { styleLayer: layer.id }, ...zoom };
  const assets = state.carrier ? ['==', ['get', 'carrier'], state.carrier] : true;
  switch (layer.kind) {
    case 'choropleth':
      return [
        { ...base, id: layer.id, type: 'fill', 'source-layer': layer.tiles,
          paint: { 'fill-color': choroplethColor(state.service), 'fill-opacity': styles.choropleth.opacity } },
        { ...base, id: `${layer.id}-line`, type: 'line', 'source-layer': layer.tiles,
          paint: { 'line-color': layer.line.color, 'line-width': layer.line.width } },
      ];
    case 'outline':
      return [{ ...base, id: layer.id, type: 'line', 'source-layer': layer.tiles, paint: { 'line-color': layer.line.color, 'line-width': layer.line.width } }];
    case 'footprint':
      return [
        { ...base, id: layer.id, type: 'fill', 'source-layer': 'footprints', filter: assets,
          paint: { 'fill-color': carrierColor, 'fill-opacity': layer.fillOpacity } },
        { ...base, id: `${layer.id}-line`, type: 'line', 'source-layer': 'footprints', filter: assets,
          paint: { 'line-color': carrierColor, 'line-width': layer.line.width, 'line-opacity': layer.line.opacity } },
      ];
    case 'fiber': {
      const width = ['match', ['get', 'tier'], ...Object.entries(layer.width).flat(), 1];
      return [
        { ...base, id: `${layer.id}-since-plan`, type: 'line', 'source-layer': layer.tiles, filter: ['all', assets, ['get', 'since_plan']],
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': layer.sincePlan.color, 'line-opacity': 0.9, 'line-width': ['+', width, layer.sincePlan.extraWidth] } },
        { ...base, id: layer.id, type: 'line', 'source-layer': layer.tiles, filter: assets,
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': carrierColor, 'line-width': width, 'line-opacity': inService } },
      ];
    }
    case 'capacity':
      return [{ ...base, id: layer.id, type: 'circle', 'source-layer': layer.tiles, filter: assets,
        paint: { 'circle-color': utilisationColor, 'circle-stroke-color': layer.stroke, 'circle-stroke-width': 1, 'circle-opacity': inService,
          'circle-radius': ['interpolate', ['linear'], ['coalesce', ['get', layer.sizeField], 0], ...stops(layer.size)] } }];
    case 'point':
      return [{ ...base, id: layer.id, type: 'circle', 'source-layer': layer.tiles, filter: assets,
        paint: { 'circle-color': carrierColor, 'circle-radius': layer.radius, 'circle-stroke-color': layer.stroke, 'circle-stroke-width': 1,
          'circle-opacity': inService } }];
    case 'transmitter':
      return [{ ...base, id: layer.id, type: 'circle', 'source-layer': layer.tiles, filter: assets,
        paint: { 'circle-color': ['match', ['get', 'broadcast_kind'], 'tv', layer.color.tv, layer.color.radio],
          'circle-radius': layer.radius, 'circle-stroke-color': layer.stroke, 'circle-stroke-width': 1.5 } }];
    case 'village':
      return [{ ...base, id: layer.id, type: 'circle', 'source-layer': 'villages',
        paint: { 'circle-color': ['case', ['get', state.service], layer.served, layer.unserved],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], ...stops(layer.radius)],
          'circle-stroke-color': layer.stroke, 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0, 12, 1] } }];
    default:
      throw new Error(`style layer ${layer.id} has kind ${layer.kind}, which the viewer does not draw`);
  }
}

/** Label layers go above everything else. */
export function labelLayers(layer, state) {
  if (!layer.label) return [];
  const l = layer.label;
  const sourceLayer = layer.kind === 'choropleth' ? `${layer.tiles}-label` : layer.tiles;
  return [{
    id: `${layer.id}-label`, type: 'symbol', source: layer.tiles, 'source-layer': sourceLayer, metadata: { styleLayer: layer.id },
    minzoom: l.minzoom, maxzoom: l.maxzoom ?? 24,
    layout: { 'text-field': label(state.lang), 'text-font': font, 'text-size': l.size,
      'text-offset': layer.kind === 'village' ? [0, 0.9] : [0, 0], 'text-anchor': layer.kind === 'village' ? 'top' : 'center',
      'text-optional': true },
    paint: { 'text-color': l.color, 'text-halo-color': l.halo, 'text-halo-width': l.haloWidth },
  }];
}

export const tileSources = [...new Set(styles.layers.map((l) => l.tiles))];
