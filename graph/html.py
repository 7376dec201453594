"""Stage 9b: a self-contained, offline HTML explorer of the graph.

vis-network (shipped inside the pyvis package) is inlined, the data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and every
name, quote and title reaches the page through ``textContent`` only, so no text from an
article can become markup or script.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

from .rdf import atomic_write
from .resolve import Resolved

__all__ = ["render_html", "write_html", "COLOURS"]

COLOURS = {
    "Park": ("#2b7bb9", "box"), "Region": ("#5fa8d3", "box"), "Alliance": ("#d7263d", "star"),
    "IndustrialChain": ("#f49d37", "diamond"), "Firm": ("#3f8f4f", "dot"),
    "PartyOrganization": ("#b5179e", "triangle"), "GovernmentBody": ("#6c757d", "square"),
    "AcademicInstitution": ("#7b2cbf", "triangleDown"), "Person": ("#e9c46a", "ellipse"),
    "Initiative": ("#2a9d8f", "hexagon"),
}
NAMES_ZH = {
    "Park": "园区", "Region": "行政区", "Alliance": "产业链党建联盟", "IndustrialChain": "产业链",
    "Firm": "企业", "PartyOrganization": "党组织", "GovernmentBody": "政府机构",
    "AcademicInstitution": "院校", "Person": "人物", "Initiative": "行动/品牌",
}


def _vis_asset(name: str) -> str:
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")


def _safe_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def graph_data(g: Resolved, max_nodes: int | None = None) -> dict:
    """Nodes, edges and evidence of the graph as plain data for the page."""
    stories = {s.id: s for s in g.stories}
    keys = sorted(g.entities)
    index = {k: i for i, k in enumerate(keys)}
    degree = Counter()
    for r in g.relations:
        degree[r.subject] += 1
        degree[r.object] += 1
    left_out = 0
    if max_nodes is not None and len(keys) > max_nodes:
        keep = set(sorted(keys, key=lambda k: (-degree[k], k))[:max_nodes])
        left_out = len(keys) - len(keep)
    else:
        keep = set(keys)
    nodes = []
    for k in keys:
        if k not in keep:
            continue
        e = g.entities[k]
        nodes.append({"id": index[k], "label": e.label, "type": e.type, "aliases": e.aliases,
                      "degree": degree[k], "articles": len(e.stories)})
    edges = []
    for n, r in enumerate(g.relations):
        if r.subject not in keep or r.object not in keep:
            continue
        ev = [{"quote": x.quote, "rule": x.rule, "title": stories[x.story].title if x.story in stories else "",
               "source": stories[x.story].source if x.story in stories else ""} for x in r.evidence[:5]]
        edges.append({"id": n, "from": index[r.subject], "to": index[r.object], "label": r.predicate, "evidence": ev})
    return {"nodes": nodes, "edges": edges, "leftOut": left_out,
            "classes": {t: {"colour": c, "shape": s, "zh": NAMES_ZH[t]} for t, (c, s) in COLOURS.items()}}


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>chainkg 产业链党建知识图谱</title>
<style>__CSS__
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;display:flex;height:100vh}
#side{width:320px;overflow:auto;padding:10px;border-right:1px solid #ddd;font-size:13px}
#net{flex:1}#side h3{margin:8px 0 4px}#legend span{display:inline-block;margin:2px 6px 2px 0;cursor:pointer}
#legend i{display:inline-block;width:10px;height:10px;margin-right:3px;border-radius:2px}
.off{opacity:.35;text-decoration:line-through}.quote{background:#f6f6f6;padding:4px;margin:4px 0;border-left:3px solid #d7263d}
.meta{color:#666;font-size:11px}#note{color:#a00}</style></head>
<body><div id="side"><h3>chainkg</h3>
<input id="search" placeholder="搜索名称或简称 / search" style="width:95%">
<div id="hits"></div><h3>图例 Legend</h3><div id="legend"></div><div id="note"></div>
<h3>详情 Details</h3><div id="details">点击节点或连线查看证据。</div></div>
<div id="net"></div>
<script type="application/json" id="data">__DATA__</script>
<script>__JS__</script>
<script>
(function(){
const D=JSON.parse(document.getElementById('data').textContent);
const el=(t,txt,c)=>{const e=document.createElement(t);if(txt!==undefined)e.textContent=txt;if(c)e.className=c;return e;};
const hidden=new Set();
const nodes=new vis.DataSet(D.nodes.map(n=>({id:n.id,label:n.label,group:n.type,shape:D.classes[n.type].shape,
  color:D.classes[n.type].colour,value:1+n.degree,title:(()=>{const d=el('div');d.appendChild(el('b',n.label));
  d.appendChild(el('div',D.classes[n.type].zh+(n.aliases.length?' · '+n.aliases.join('、'):'')));return d;})()})));
const edges=new vis.DataSet(D.edges.map(e=>({id:e.id,from:e.from,to:e.to,label:e.label,arrows:'to',font:{size:9},
  title:(()=>{const d=el('div');d.appendChild(el('b',e.label));if(e.evidence[0])d.appendChild(el('div',e.evidence[0].quote));return d;})()})));
const big=D.nodes.length>300;
const net=new vis.Network(document.getElementById('net'),{nodes,edges},{physics:{enabled:!big,stabilization:{iterations:200}},
  layout:{randomSeed:7,improvedLayout:!big},nodes:{scaling:{min:8,max:40},font:{face:'Noto Sans CJK SC, sans-serif'}},interaction:{hover:true}});
window.chainkgNetwork=net;
const byId=new Map(D.nodes.map(n=>[n.id,n])),edgeById=new Map(D.edges.map(e=>[e.id,e]));
const legend=document.getElementById('legend');
for(const [t,c] of Object.entries(D.classes)){if(!D.nodes.some(n=>n.type===t))continue;const s=el('span');s.dataset.type=t;
  const i=el('i');i.style.background=c.colour;s.appendChild(i);s.appendChild(document.createTextNode(c.zh+' '+t));
  s.onclick=()=>{hidden.has(t)?hidden.delete(t):hidden.add(t);s.classList.toggle('off');
    nodes.update(D.nodes.filter(n=>n.type===t).map(n=>({id:n.id,hidden:hidden.has(t)})));};legend.appendChild(s);}
if(D.leftOut)document.getElementById('note').textContent='只显示连接最多的 '+D.nodes.length+' 个节点，另有 '+D.leftOut+' 个未显示 (not shown).';
const details=document.getElementById('details');
function showNode(id){const n=byId.get(id);details.replaceChildren(el('b',n.label),el('div',D.classes[n.type].zh+' / '+n.type,'meta'));
  if(n.aliases.length)details.appendChild(el('div','简称/别名: '+n.aliases.join('、')));
  for(const e of D.edges.filter(e=>e.from===id||e.to===id)){const o=byId.get(e.from===id?e.to:e.from);
    details.appendChild(el('div',(e.from===id?'→ ':'← ')+e.label+' '+(o?o.label:'')));
    for(const x of e.evidence.slice(0,1)){details.appendChild(el('div',x.quote,'quote'));details.appendChild(el('div',(x.title||'')+' · '+x.source+' · '+x.rule,'meta'));}}
  const near=new Set(net.getConnectedNodes(id));near.add(id);
  nodes.update(D.nodes.map(m=>({id:m.id,opacity:near.has(m.id)?1:0.15})));}
function showEdge(id){const e=edgeById.get(id);details.replaceChildren(el('b',byId.get(e.from).label+' '+e.label+' '+byId.get(e.to).label));
  for(const x of e.evidence){details.appendChild(el('div',x.quote,'quote'));details.appendChild(el('div',(x.title||'')+' · '+x.source+' · rule '+x.rule,'meta'));}}
net.on('click',p=>{if(p.nodes.length)showNode(p.nodes[0]);else if(p.edges.length)showEdge(p.edges[0]);
  else nodes.update(D.nodes.map(m=>({id:m.id,opacity:1})));});
const search=document.getElementById('search'),hits=document.getElementById('hits');
search.oninput=()=>{const q=search.value.trim();hits.replaceChildren();if(!q)return;
  const found=D.nodes.filter(n=>n.label.includes(q)||n.aliases.some(a=>a.includes(q))).slice(0,20);
  for(const n of found){const d=el('div',n.label);d.style.cursor='pointer';d.onclick=()=>{net.selectNodes([n.id]);net.focus(n.id,{scale:1.2});showNode(n.id);};hits.appendChild(d);}
  if(found.length){net.selectNodes([found[0].id]);net.focus(found[0].id,{scale:1.2});}};
})();
</script></body></html>
"""


def render_html(g: Resolved, max_nodes: int | None = None) -> str:
    data = graph_data(g, max_nodes)
    # the library builds a "<script>" string for old IE; split it so the page's tags balance
    js = _vis_asset("vis-network.min.js").replace('"<script>"', '"<scr"+"ipt>"').replace("</script", "<\\/script")
    css = _vis_asset("vis-network.css").replace("</style", "<\\/style")
    return _PAGE.replace("__CSS__", css, 1).replace("__JS__", js, 1).replace("__DATA__", _safe_json(data), 1)


def write_html(g: Resolved, path: Path, max_nodes: int | None = None) -> None:
    atomic_write(path, render_html(g, max_nodes).encode("utf-8"))
