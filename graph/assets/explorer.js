// chainkg explorer. Every piece of text from the data reaches the page through textContent,
// createTextNode or vis-network's innerText tooltips: nothing is parsed as HTML.
(function () {
'use strict';
performance.mark('chainkg:start');
const D = JSON.parse(document.getElementById('data').textContent);
performance.mark('chainkg:parsed');
const FONT = getComputedStyle(document.documentElement).getPropertyValue('--cjk').trim() || 'sans-serif';
const C = D.classes, P = D.predicates, N = D.nodes, E = D.edges;
const $ = id => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; };
const cls = t => C[t] || {colour: '#999', shape: 'dot', zh: t};
const pred = p => P[p] || p;

// --- adjacency -----------------------------------------------------------------------
const adj = N.map(() => []);
E.forEach((e, i) => { adj[e.from].push(i); if (e.to !== e.from) adj[e.to].push(i); });
const other = (e, id) => (e.from === id ? e.to : e.from);

// --- legend icons: the same colour and shape as on the canvas ------------------------
const SVGNS = 'http://www.w3.org/2000/svg';
const SHAPES = {
  dot: ['circle', {cx: 8, cy: 8, r: 6}], square: ['rect', {x: 2, y: 2, width: 12, height: 12}],
  diamond: ['polygon', {points: '8,1 15,8 8,15 1,8'}], triangle: ['polygon', {points: '8,1 15,14 1,14'}],
  triangleDown: ['polygon', {points: '1,2 15,2 8,15'}], hexagon: ['polygon', {points: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8'}],
  star: ['polygon', {points: '8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.8 3.2,15 5,9.5 0.5,6 6,6'}],
};
function icon(type, size) {
  const c = cls(type), s = document.createElementNS(SVGNS, 'svg');
  s.setAttribute('width', size || 16); s.setAttribute('height', size || 16); s.setAttribute('viewBox', '0 0 16 16'); s.setAttribute('class', 'icon');
  const [tag, attrs] = SHAPES[c.shape] || SHAPES.dot, shape = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
  shape.setAttribute('fill', c.colour); shape.setAttribute('stroke', '#333'); shape.setAttribute('stroke-width', '0.6');
  s.appendChild(shape); return s;
}

// --- the network ---------------------------------------------------------------------
const physics = D.physics;
const nodeColour = c => ({background: c, border: '#333', highlight: {background: c, border: '#000'}, hover: {background: c, border: '#000'}});
const tooltip = n => n.label + '\n' + cls(n.type).zh + ' · ' + n.type + (n.aliases.length ? '\n简称/别名：' + n.aliases.join('、') : '') + '\n关系 ' + n.degree + ' · 文章 ' + n.articles;
const nodes = new vis.DataSet(N.map(n => {
  const v = {id: n.id, label: n.label, group: n.type, value: 1 + n.degree, title: tooltip(n)};
  if (!physics) { v.x = n.x; v.y = n.y; }
  return v;
}));
const EDGE_COLOUR = {hasAlliance: '#d7263d', onChain: '#f08c00', chainOwner: '#8a2be2', chainOwnerOf: '#8a2be2', hasMember: '#2f9e44', partnerOf: '#1f6fb2', supplies: '#0b7285', affiliatedWith: '#b08900'};
const edgeColour = (e, op) => { const c = EDGE_COLOUR[e.p] || '#888'; return {color: c, highlight: c, hover: c, opacity: op}; };
const edgeLabel = e => pred(e.p) + (e.t ? ' ' + e.t.join('、') : '');
const edges = new vis.DataSet(E.map((e, i) => ({
  id: i, from: e.from, to: e.to, label: edgeLabel(e), color: EDGE_COLOUR[e.p] || '#888',
  ...(e.p === 'partnerOf' ? {arrows: '', dashes: true} : {}),
  title: N[e.from].label + ' → ' + pred(e.p) + ' (' + e.p + ') → ' + N[e.to].label + (e.ev.length ? '\n「' + D.quotes[e.ev[0][0]] + '」' : ''),
})));
const options = {
  autoResize: true,
  physics: physics ? {enabled: true, solver: 'forceAtlas2Based', forceAtlas2Based: {gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4},
    stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}} : {enabled: false},
  layout: {randomSeed: 7, improvedLayout: physics},
  nodes: {borderWidth: 1, scaling: {min: 8, max: 38, label: {enabled: true, min: 12, max: 22, drawThreshold: 7, maxVisible: 28}},
    font: {face: FONT, size: 13, color: '#222', strokeWidth: 3, strokeColor: '#fff'}},
  groups: Object.fromEntries(Object.entries(C).map(([t, c]) => [t, {shape: c.shape, color: nodeColour(c.colour)}])),
  edges: {width: 1, selectionWidth: 2, smooth: physics ? {type: 'continuous'} : false, arrows: {to: {enabled: true, scaleFactor: 0.5}},
    font: {face: FONT, size: 10, color: '#555', strokeWidth: 3, strokeColor: '#fff', align: 'middle'}, scaling: {label: {drawThreshold: 7}}},
  interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: !physics, hideEdgesOnZoom: !physics, multiselect: false},
};
performance.mark('chainkg:datasets');
const net = new vis.Network($('net'), {nodes, edges}, options);
performance.mark('chainkg:network');
window.chainkgNetwork = net; window.chainkgNodes = nodes; window.chainkgEdges = edges;
const markReady = () => { if (window.chainkgReady === undefined) { window.chainkgReady = performance.now(); performance.mark('chainkg:ready'); document.body.dataset.ready = '1'; } };
if (physics && N.length) {
  net.once('stabilizationIterationsDone', () => { net.setOptions({physics: {enabled: false}}); net.once('afterDrawing', markReady); net.redraw(); });
} else {
  net.once('afterDrawing', markReady);
}

// --- header, left-out note -----------------------------------------------------------
$('stats').textContent = N.length + ' 个节点 nodes · ' + E.length + ' 条关系 relations · ' + D.articles + ' 篇文章 articles';
if (D.leftOut.nodes) {
  const by = Object.entries(D.leftOut.byType).sort((a, b) => b[1] - a[1]).map(([t, k]) => cls(t).zh + ' ' + k).join('、');
  $('note').textContent = '只显示连接最多的 ' + N.length + ' 个节点（共 ' + D.leftOut.total + ' 个）；未显示 ' + D.leftOut.nodes + ' 个节点（' + by + '）和 '
    + D.leftOut.edges + ' 条关系。Showing the ' + N.length + ' most connected of ' + D.leftOut.total + ' nodes; ' + D.leftOut.nodes
    + ' nodes and ' + D.leftOut.edges + ' relations are left out (chainkg build --html-max-nodes N).';
}
if (!N.length) $('net').appendChild(el('p', '图为空：没有找到实体。The graph is empty.', 'meta'));

// --- filters: class, host (park/region), chain ----------------------------------------
const hiddenTypes = new Set();
const hidden = new Uint8Array(N.length);
function scopeSet() {
  const h = $('host').value, c = $('chain').value;
  if (h === '' && c === '') return null;
  const alliancesOf = (id, p, dir) => adj[id].map(i => E[i]).filter(e => e.p === p && (dir ? e.from === id : e.to === id)).map(e => other(e, id));
  let al = null;
  if (h !== '') al = new Set(alliancesOf(+h, 'hasAlliance', true));
  if (c !== '') { const s = new Set(alliancesOf(+c, 'onChain', false)); al = al ? new Set([...al].filter(x => s.has(x))) : s; }
  const scope = new Set();
  for (const id of [h, c]) if (id !== '') {
    scope.add(+id);
    if (h === '' || c === '') for (const i of adj[+id]) scope.add(other(E[i], +id));
  }
  for (const a of al) { scope.add(a); for (const i of adj[a]) scope.add(other(E[i], a)); }
  return scope;
}
// Hiding thousands of nodes through the DataSet re-parses every node's options (seconds at
// 20,000 nodes); the flag vis-network reads is set directly when this vis-network has it.
function setHidden(changes) {
  const body = net.body;
  if (typeof net._updateVisibleIndices === 'function' && body && body.nodes) {
    for (const [id, h] of changes) body.nodes[id].options.hidden = h;
    net._updateVisibleIndices();
    net.redraw();
  } else {
    nodes.update(changes.map(([id, h]) => ({id, hidden: h})));
  }
}
function applyFilters(fit) {
  const scope = scopeSet(), changes = [];
  let shown = 0;
  for (const n of N) {
    const h = hiddenTypes.has(n.type) || (scope !== null && !scope.has(n.id)) ? 1 : 0;
    if (h !== hidden[n.id]) { hidden[n.id] = h; changes.push([n.id, !!h]); }
    if (!h) shown++;
  }
  if (changes.length) setHidden(changes);
  $('shown').textContent = shown === N.length ? '' : '显示 ' + shown + ' / ' + N.length + ' 个节点 shown';
  if (fit && scope) net.fit({nodes: [...scope].filter(id => !hidden[id]), animation: false});
}
function fillSelect(sel, ids) { for (const id of ids) { const o = el('option', N[id].label + '（' + cls(N[id].type).zh + '）'); o.value = id; sel.appendChild(o); } }
const byCount = (ids, f) => ids.map(id => [id, f(id)]).sort((a, b) => b[1] - a[1] || (N[a[0]].label < N[b[0]].label ? -1 : 1)).map(x => x[0]);
const hostIds = [...new Set(E.filter(e => e.p === 'hasAlliance').map(e => e.from))];
fillSelect($('host'), byCount(hostIds, id => adj[id].filter(i => E[i].p === 'hasAlliance' && E[i].from === id).length));
fillSelect($('chain'), byCount(N.filter(n => n.type === 'IndustrialChain').map(n => n.id), id => adj[id].length));
$('host').onchange = $('chain').onchange = () => { fade(null); applyFilters(true); };

const legend = $('legend'), legendItems = {};
const typeCount = {};
for (const n of N) typeCount[n.type] = (typeCount[n.type] || 0) + 1;
for (const t of [...D.order, ...Object.keys(typeCount).filter(t => !D.order.includes(t)).sort()]) {
  if (!typeCount[t]) continue;
  const row = el('div', null, 'cls'); row.dataset.type = t; row.title = '点击显示/隐藏 ' + t;
  row.append(icon(t), el('span', cls(t).zh + ' ' + t), el('span', typeCount[t], 'count'));
  row.onclick = () => { hiddenTypes.has(t) ? hiddenTypes.delete(t) : hiddenTypes.add(t); row.classList.toggle('off', hiddenTypes.has(t)); applyFilters(false); };
  legendItems[t] = row; legend.appendChild(row);
}
function resetFilters() {
  hiddenTypes.clear(); for (const r of Object.values(legendItems)) r.classList.remove('off');
  $('host').value = ''; $('chain').value = ''; applyFilters(false);
}
$('reset').onclick = () => { resetFilters(); fade(null); net.unselectAll(); net.fit({animation: false}); };

// --- neighbourhood view: the clicked node, its neighbours and their edges; the rest fades.
// The fade is a translucent veil painted over the frame, with the neighbourhood drawn again
// on top: nothing in the data changes, so it costs the same at 20 nodes or 20,000.
let faded = null, fadedCenter = null;
function fade(center) {
  if (center === fadedCenter) return;
  fadedCenter = center;
  faded = center === null ? null : new Set([center, ...adj[center].map(i => other(E[i], center))]);
  net.redraw();
}
net.on('afterDrawing', ctx => {
  if (faded === null) return;
  ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = 'rgba(255,255,255,0.85)'; ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.restore();
  const body = net.body, labels = [];
  const live = adj[fadedCenter].filter(i => body.edges[i] && !hidden[E[i].from] && !hidden[E[i].to]).map(i => body.edges[i]);
  for (const e of live) e.draw(ctx);
  for (const e of live) e.drawArrows(ctx);
  for (const id of faded) {
    const n = body.nodes[id];
    if (n && !hidden[id]) { const r = n.draw(ctx); if (r && r.drawExternalLabel) labels.push(r.drawExternalLabel); }
  }
  for (const f of labels) f();
});

// --- details and evidence ------------------------------------------------------------
const details = $('details');
function evidenceBlock(parent, ev, n) {
  for (const [q, s, rule] of ev) {
    const st = D.stories[s] || ['', '', ''];
    parent.appendChild(el('div', D.quotes[q], 'quote'));
    parent.appendChild(el('div', '《' + (st[0] || '无标题 untitled') + '》' + (st[2] ? ' ' + st[2] : '') + ' · 来源 ' + st[1] + ' · 规则 ' + rule, 'meta'));
  }
  if (n > ev.length) parent.appendChild(el('div', '另有 ' + (n - ev.length) + ' 条证据（见 graph.ttl）', 'more'));
}
function nodeLink(id) { const a = el('a', N[id].label); a.onclick = () => jump(id); return a; }
function showNode(id) {
  const n = N[id];
  const head = el('h3'); head.append(icon(n.type, 14), document.createTextNode(' ' + n.label));
  details.replaceChildren(head, el('div', cls(n.type).zh + ' / ' + n.type + ' · 关系 ' + n.degree + ' · 文章 ' + n.articles, 'meta'));
  if (n.aliases.length) details.appendChild(el('div', '简称/别名 Aliases：' + n.aliases.join('、')));
  const facts = adj[id].slice().sort((a, b) => (E[a].p < E[b].p ? -1 : E[a].p > E[b].p ? 1 : a - b));
  details.appendChild(el('h2', '事实 Facts（' + facts.length + '）'));
  for (const i of facts.slice(0, 200)) {
    const e = E[i], row = el('div', null, 'fact'), out = e.from === id;
    row.append(document.createTextNode(out ? '→ ' : '← '), el('b', edgeLabel(e)), document.createTextNode(' (' + e.p + ') '), nodeLink(other(e, id)));
    details.appendChild(row);
    evidenceBlock(details, e.ev.slice(0, 2), e.n);
  }
  if (facts.length > 200) details.appendChild(el('div', '另有 ' + (facts.length - 200) + ' 条关系未列出', 'more'));
  if (n.fig) {
    details.appendChild(el('h2', '数据 Figures（' + n.fig.length + '）'));
    for (const [indicator, text, q, s, rule] of n.fig) { details.appendChild(el('div', indicator + '：' + text, 'fact')); evidenceBlock(details, [[q, s, rule]], 1); }
  }
  if (n.st.length) {
    details.appendChild(el('h2', '出现于 Mentioned in'));
    for (const s of n.st) { const st = D.stories[s]; details.appendChild(el('div', '《' + (st[0] || '无标题') + '》 · ' + st[1], 'meta')); }
    if (n.articles > n.st.length) details.appendChild(el('div', '另有 ' + (n.articles - n.st.length) + ' 篇', 'more'));
  }
}
function showEdge(i) {
  const e = E[i], head = el('h3');
  head.append(nodeLink(e.from), document.createTextNode(' → ' + edgeLabel(e) + ' → '), nodeLink(e.to));
  details.replaceChildren(head, el('div', e.p + ' · ' + e.n + ' 条证据 evidence', 'meta'));
  evidenceBlock(details, e.ev, e.n);
}
net.on('click', p => {
  if (p.nodes.length) { fade(p.nodes[0]); showNode(p.nodes[0]); }
  else if (p.edges.length) { fade(null); showEdge(p.edges[0]); }
  else fade(null);
});

// --- search by label or alias --------------------------------------------------------
const norm = s => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
const keys = N.map(n => [norm(n.label), n.aliases.map(norm)]);
function search(q) {
  q = norm(q);
  if (!q) return [];
  const found = [];
  N.forEach((n, i) => {
    const [l, as] = keys[i];
    let rank = l === q ? 0 : as.includes(q) ? 1 : l.startsWith(q) ? 2 : as.some(a => a.startsWith(q)) ? 3 : l.includes(q) ? 4 : as.some(a => a.includes(q)) ? 5 : -1;
    if (rank >= 0) found.push([rank, -n.degree, n.label.length, n.id]);
  });
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  return found.slice(0, 50).map(f => f[3]);
}
function jump(id) {
  if (hidden[id]) resetFilters();
  net.selectNodes([id]);
  net.focus(id, {scale: Math.max(net.getScale(), 1.0), animation: {duration: 400, easingFunction: 'easeInOutQuad'}});
  fade(id); showNode(id);
}
const box = $('search'), hits = $('hits');
let results = [];
box.addEventListener('input', () => {
  results = search(box.value);
  hits.replaceChildren();
  for (const id of results) {
    const n = N[id], row = el('div', null, 'hit'), q = norm(box.value);
    row.append(icon(n.type, 12), el('span', n.label));
    const alias = n.aliases.find(a => norm(a).includes(q));
    if (alias && !norm(n.label).includes(q)) row.appendChild(el('small', '（' + alias + '）'));
    row.onclick = () => jump(id);
    hits.appendChild(row);
  }
  if (box.value.trim() && !results.length) hits.appendChild(el('div', '没有找到 No match', 'meta'));
});
box.addEventListener('keydown', ev => { if (ev.key === 'Enter' && results.length) { jump(results[0]); hits.firstChild.classList.add('active'); } });
performance.mark('chainkg:ui');
window.chainkg = {search, jump, applyFilters, resetFilters, isHidden: id => !!hidden[id], shownCount: () => N.length - hidden.reduce((a, b) => a + b, 0)};
})();
