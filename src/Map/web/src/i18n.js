// The viewer's words, Chinese first. Data names come from the data (name / name_en), the title's region too (setRegion).
export const words = {
  zh: {
    title: '通信覆盖图', demo: '生成的演示数据，非真实地图或网络', service: '业务', carrier: '运营商', allCarriers: '全部运营商',
    asOf: '截至', search: '查找村庄', searchHint: '村名或代码', layers: '图层', progress: '规划目标进度', permalink: '复制本图链接',
    copied: '链接已复制', api: 'API 文档', served: '已通', unserved: '未通', noData: '无数据', population: '人口', code: '代码',
    kind: '类型', administrative: '行政村', natural: '自然村', community: '社区', sources: '依据', candidates: '最近的候选设施',
    why: '原因', goal: '目标', value: '当前', projected: '预计达成', notAtPace: '按当前速度无法达成', met: '已达成',
    noProgress: '目标进度服务暂不可用', noResults: '没有找到', city: '全市', share: '覆盖率', capacity: '容量', used: '已用',
    utilisation: '利用率', status: '状态', commissioned: '投产日期', tier: '层级', cores: '芯数', length: '长度', radius: '半径',
    technology: '制式', ports: '端口', power: '功率', distance: '距离', details: '详情加载中…', noDetails: '暂无覆盖明细', nearestFiber: '最近的光缆',
    scenario: '规划方案', noScenario: '不显示方案（现网）', before: '现状', after: '方案实施后', baseDate: '基准日', points: '个百分点',
    newlyServed: '新通村庄', county: '区县', exportScenario: '导出方案（GeoJSON）', stationsUnit: '个基站', proposalNote: '方案提议，非运营商实有设施',
    proposedBy: '来源', newPopulation: '新覆盖人口', sequence: '序号', routeLength: '敷设长度（含绕行）', scenarioUnavailable: '方案数据暂不可用',
  },
  en: {
    title: 'Telecom coverage', demo: 'Generated demo data, not a real map or network', service: 'Service', carrier: 'Carrier',
    allCarriers: 'All carriers', asOf: 'As of', search: 'Find a village', searchHint: 'Village name or code', layers: 'Layers',
    progress: 'Plan targets', permalink: 'Copy link to this map', copied: 'Link copied', api: 'API docs', served: 'served',
    unserved: 'not served', noData: 'no data', population: 'Population', code: 'Code', kind: 'Kind', administrative: 'administrative village',
    natural: 'natural village', community: 'community', sources: 'Served by', candidates: 'Nearest candidates', why: 'why not',
    goal: 'Goal', value: 'Now', projected: 'Projected', notAtPace: 'not at this pace', met: 'met', noProgress: 'Target progress is not available',
    noResults: 'No match', city: 'City', share: 'share', capacity: 'Capacity', used: 'used', utilisation: 'Utilisation', status: 'Status',
    commissioned: 'Commissioned', tier: 'Tier', cores: 'Cores', length: 'Length', radius: 'Radius', technology: 'Technology',
    ports: 'Ports', power: 'Power', distance: 'Distance', details: 'Loading details…', noDetails: 'No coverage details available', nearestFiber: 'Nearest fiber',
    scenario: 'Planning scenario', noScenario: 'No scenario (network only)', before: 'Before', after: 'After', baseDate: 'Base date',
    points: 'percentage points', newlyServed: 'Villages newly served', county: 'County', exportScenario: 'Export scenario (GeoJSON)',
    stationsUnit: 'stations', proposalNote: "a proposal, not a carrier's record", proposedBy: 'Proposed by', newPopulation: 'Newly covered people',
    sequence: 'Sequence', routeLength: 'Cable to lay (with detour)', scenarioUnavailable: 'The scenario could not be loaded',
  },
};

export const statusWords = {
  zh: { in_service: '在网', under_construction: '在建', planned: '规划', retired: '退网' },
  en: { in_service: 'in service', under_construction: 'under construction', planned: 'planned', retired: 'retired' },
};

/** Names the title after the data set's region (GET /api/maps/region): 驻马店市通信覆盖图, Zhumadian telecom coverage. */
export function setRegion(region) {
  if (!region?.name) return;
  words.zh.title = `${region.name}通信覆盖图`;
  words.en.title = `${region.nameEn || region.name} telecom coverage`;
}

export function t(lang, key) {
  return words[lang][key] ?? key;
}

export function applyWords(lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(lang, el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(lang, el.dataset.i18nPlaceholder);
  document.title = `Infra · ${t(lang, 'title')}`;
}
