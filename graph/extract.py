"""One file in, one :class:`ArticleRecord` out: the per-file pipeline.

``extract_file`` is a pure function of the file's bytes and name, so its result can be
cached by content hash and computed in any process.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from pathlib import Path

from . import lexicon as L
from .figures import COUNT_RE, FIGURE_RE, MEMBER_COUNT_RE, PERIOD_RE, count_value, parse_amount, parse_rate
from .mentions import StoryMentions, bare_chain, kind_ident
from .normalize import normalize
from .read import DEFAULT_MAX_BYTES, InputError, read_text
from .records import ArticleRecord, EntityRecord, Evidence, Fact, Figure, Post, Problem, Story
from .relations import cues_in, mask, rules_for
from .stories import find_date, split_sentences, split_stories, story_id
from .webpage import html_to_text

__all__ = ["extract_file", "extract_text", "EXTRACTOR_VERSION", "is_chain_story"]

EXTRACTOR_VERSION = "1"
_CHAIN_CUES = re.compile(r"产业链党|党建联盟|链主|链长|联合党委|综合党委|联盟党委|党建联合体|链上企业|产业党建|党建联席会议|产业链联合")
_SUBUNIT_RE = re.compile("(?:" + "|".join(re.escape(s) for s in sorted(L.PARK_SUBUNITS + ("党支部", "党总支", "党委", "支部", "区委", "县委", "市委", "镇委", "两新工委", "工委", "组织部", "宣传部", "统战部", "常委"), key=len, reverse=True)) + ")+$")
_IMPLIED = {"局长": ("GovernmentBody",), "副局长": ("GovernmentBody",), "院长": ("AcademicInstitution",),
            "副院长": ("AcademicInstitution",), "校长": ("AcademicInstitution",), "所长": ("AcademicInstitution",)}
# posts that name the level of the region they belong to: 副区长 → the story's 区
_REGION_POSTS = {"区长": "区", "副区长": "区", "县长": "县", "副县长": "县", "市长": "市", "副市长": "市", "镇长": "镇", "副镇长": "镇", "乡长": "乡", "省长": "省", "副省长": "省"}
_POST_END = re.compile("(?:" + "|".join(re.escape(p) for p in sorted(L.POSTS + ("党员",), key=len, reverse=True)) + ")$")
_FUTURE = re.compile(r"(?:将|拟|计划|准备|下一步|力争|争取|明年)[^，。；]{0,12}(?:组建|成立|建立|打造|筹建|设立)")
_DIGIT = re.compile(r"\d")
_BARE_ALLIANCE = re.compile(r"(?:该|这一|这个)?(?:产业链党建联盟|产业链联合党委|产业链党委|联合党委|综合党委|联盟党委|党建联合体|联合体|联席会议|党建联盟|联盟)(?![\u4e00-\u9fff]{0,2}(?:单位|企业|成员|活动|成立|机制|平台))")
# a bare firm word opening a clause, before 与/和/同/向/为 (a partner, a buyer)
_BARE_FIRM = re.compile(r"(?:^|(?<=[。，；！？\n]))(?:同时|此外|目前|去年|今年|近年来)?[，,]?(?P<word>该集团|该公司|该企业|集团|公司)(?:还|也|先后|已|主动|积极)?(?=[与和同向为])"
                        # 以集团所属…为链主: a bare 集团 owning the firm named next is the story's group
                        r"|(?:^|(?<=[。，；！？\n、以由将是为“]))(?P<group>该集团|集团)(?=所属|旗下|下属|控股的|全资子|控股子)", re.M)
_ANAPHOR_FIRM = ("该公司", "该企业", "公司", "企业")
_ANAPHOR_PARK = ("该高新区", "高新区", "园区", "该园区", "开发区", "产业园", "经开区")


def is_chain_story(text: str) -> bool:
    """Whether a story is about chain party building at all (others yield no facts)."""
    return _CHAIN_CUES.search(text) is not None


def extract_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> ArticleRecord:
    """Read and extract one file; problems are recorded, never raised."""
    source = source or path.name
    try:
        data = path.read_bytes() if path.stat().st_size <= max_bytes else b""
    except OSError:
        data = b""
    digest = hashlib.sha256(data).hexdigest()
    try:
        text, encoding, is_html = read_text(path, max_bytes)
        title = ""
        if is_html:
            text, title = html_to_text(text)
            if not text.strip():
                raise InputError("HTML page has no article text")
    except InputError as exc:
        return ArticleRecord(source, digest, problems=[Problem(source, str(exc))])
    return extract_text(text, source, digest, encoding=encoding, page_title=title)


def extract_text(raw: str, source: str, digest: str | None = None, encoding: str = "utf-8", page_title: str = "") -> ArticleRecord:
    """Extract everything from the text of one page."""
    digest = digest or hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    norm = normalize(raw)
    record = ArticleRecord(source, digest)
    segments = split_stories(norm.text)
    entities: dict[tuple[str, str], EntityRecord] = {}
    for index, seg in enumerate(segments):
        text = norm.text[seg.start:seg.end]
        original = norm.original[seg.start:seg.end] if norm.original else ""
        title = seg.title or (page_title if index == 0 else "")
        story = Story(story_id(digest, index), source, index, text, title, seg.creator, find_date(text), encoding)
        record.stories.append(story)
        if not is_chain_story(text):
            continue
        _StoryExtraction(story, original, record, entities).run()
    record.entities = sorted(entities.values(), key=lambda e: (e.type, e.name))
    for e in record.entities:
        e.aliases = sorted(set(e.aliases) - {e.name})
        e.stories = sorted(set(e.stories))
    record.facts.sort(key=lambda f: (f.evidence.story, f.evidence.start, f.predicate, f.subject, f.object))
    return record


class _StoryExtraction:
    def __init__(self, story: Story, original: str, record: ArticleRecord, entities: dict):
        self.story, self.text, self.original = story, story.text, original
        # each simplified character as this story wrote it (產 for 产), to spell every name
        # the way the story would, labels put together from its parts included
        self.written = {a: b for a, b in zip(self.text, original) if a != b} if original else {}
        self.record, self.entities = record, entities
        self.sentences = split_sentences(self.text)
        self.m = StoryMentions(self.text)
        self.spans: list[tuple[int, int, tuple[str, str]]] = []
        self.ids: dict[tuple[str, str], int] = {}
        self.used: set[tuple[str, str]] = set()
        self.local: dict[tuple[str, str], set] = {}

    # entity bookkeeping --------------------------------------------------------
    def _key(self, type_: str, name: str, surface: str | None = None, start: int | None = None) -> tuple[str, str]:
        key = (type_, name)
        aliases = self.local.setdefault(key, set())
        if surface and surface != name:
            aliases.add(surface)
        if start is not None and self.original:
            orig = self.original[start:start + len(surface or name)]
            if orig and orig != (surface or name):
                aliases.add(orig)
        self.ids.setdefault(key, len(self.ids))
        return key

    def _emit_entity(self, key: tuple[str, str]) -> None:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = EntityRecord(key[0], key[1])
        names = set(ent.aliases) | self.local.get(key, set())
        if self.written:
            names |= {w for n in (key[1], *names) if (w := "".join(self.written.get(c, c) for c in n)) != n}
            names.discard(key[1])
        ent.aliases = sorted(names)
        if self.story.id not in ent.stories:
            ent.stories.append(self.story.id)

    def _sentence_of(self, pos: int):
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return self.sentences[-1]

    def _evidence(self, pos: int, rule: str) -> Evidence:
        s = self._sentence_of(pos)
        return Evidence(self.story.id, s.start, s.end, s.text, rule)

    def fact(self, s: tuple[str, str], p: str, o: tuple[str, str], pos: int, rule: str) -> None:
        if s == o:
            return
        self.used.update((s, o))
        self.record.facts.append(Fact(s, p, o, self._evidence(pos, rule)))

    # the pipeline of one story ---------------------------------------------------
    def run(self) -> None:
        m = self.m
        # resolved mentions: short forms point at their full names
        for f in m.found:
            name = f.ref.name if f.ref is not None else f.name
            surface = None if f.rule == "alias.paren" else self.text[f.start:f.end]
            key = self._key(f.type, name, surface, f.start if surface else None)
            self.local[key].update(f.aliases)
            self.spans.append((f.start, f.end, key))
        self._mend_cut_branches()
        self._link_short_firms()
        self._branches()
        self.host = self._main_host()
        self._alliances()
        self._bare_alliances()
        self._bare_firms()
        # where two mentions start together the longer is read: 峦江县锂电产业链党建联盟, not
        # the county that is written in its name
        self.spans.sort(key=lambda span: (span[0], -span[1], span[2]))
        self._posts()
        inside = self._by_sentence()
        self._rules(inside)
        self._figures(inside)
        for key in self.ids:
            if key[0] in ("Firm", "GovernmentBody", "AcademicInstitution", "Park", "Person", "Alliance") or key in self.used:
                self._emit_entity(key)

    def _link_short_firms(self) -> None:
        """A short firm name that is a piece of a full one in the same story is that firm;
        a park name that ends another park's name (新材料产业园) is that park."""
        fulls = [k for k in self.ids if k[0] == "Firm" and any(k[1].endswith(s) for s in L.FIRM_SUFFIXES)]
        remap = {}
        govs = [k for k in self.ids if k[0] == "GovernmentBody"]
        for k in govs:
            # 市国资委 / 江西省国资委 for 江西省人民政府国有资产监督管理委员会 (简称“省国资委”)
            longer = [g for g in govs if g != k and len(g[1]) > len(k[1]) and (
                g[1].endswith(k[1]) and k[1][0] in "省市县区镇"
                or any(len(a) >= 3 and k[1].endswith(a) and g[1].startswith(k[1][:-len(a)] or "\0") for a in self.local.get(g, ())))]
            if len(longer) == 1:
                remap[k] = longer[0]
        for kind in ("Park", "AcademicInstitution", "GovernmentBody", "Region"):
            same = [k for k in self.ids if k[0] == kind and k not in remap]
            for k in same:
                # 新材料产业园 / 贺兰化工研究院: the same name with its place left out
                longer = [p for p in same if p != k and p[1].endswith(k[1]) and (
                    len(p[1]) - len(k[1]) <= 4  # or a park's place is a park: 辉岭高新区化工循环产业园
                    or kind == "Park" and len(p[1]) - len(k[1]) <= 8 and p[1][:-len(k[1])].endswith(L.PARK_SUFFIXES))]
                if kind == "Region":  # 陶岭镇 for 渌州市陶岭镇 (桂塘街道 for 澜溪区桂塘街道), not 新区 for 江北新区
                    longer = [p for p in longer if p[1][-len(k[1]) - 1] in L.REGION_ENDS and k[1].endswith(L.REGION_SUFFIXES)]
                if kind == "Park":  # 禺江高新区 for 禺江高新技术产业开发区
                    longer += [p for p in same if p != k and p not in longer and _park_short_of(k[1], p[1])]
                if kind in ("Park", "GovernmentBody"):  # 楠州澹湖新区 for 楠州市澹湖新区
                    longer += [p for p in same if p != k and p not in longer and _without_division(p[1]) == k[1]]
                if kind == "GovernmentBody":
                    sk = _gov_short(k[1])
                    longer += [p for p in same if p != k and p not in longer and len(p[1]) > len(k[1]) and len(sk) >= 3
                               and (_gov_short(p[1]).endswith(sk) or _abridges(k[1], p[1]))]
                longer = _fullest(longer)
                if len(longer) == 1:
                    remap[k] = longer[0]
        parks = [k for k in self.ids if k[0] == "Park"]
        for k in list(self.ids):
            if k[0] == "Region" and k not in remap:  # 槐塘经开区, read as a district, for 槐塘经济开发区
                hits = [p for p in parks if _park_short_of(k[1], p[1])]
                if k[1] in L.PARK_SHORT_FORMS:  # 经开区 alone: the story's one park of that kind
                    hits = [p for p in parks if p[1].endswith(L.PARK_SHORT_FORMS[k[1]])]
                hits = _fullest(hits)
                if len(hits) == 1:
                    remap[k] = hits[0]
        for k in list(self.ids):
            if k[0] == "Firm" and k[1].endswith(_BRANCH):
                # 青岛分公司 written alone: the story's one branch office of that name
                # (迅联通信贵阳分公司 for 深圳迅联通信技术有限公司贵阳分公司: the firm's short name, the same
                # two- or three-character place)
                hits = [f for f in self.ids if f[0] == "Firm" and f != k and (f[1].endswith(k[1]) or any(
                        len(k[1]) - n >= 2 and f[1].endswith(k[1][-n:]) and _in_order(k[1][:-n], f[1][:-n]) for n in (5, 6)))]
                if len(hits) == 1:
                    remap[k] = hits[0]
                continue
            if k[0] != "Firm" or k in fulls:
                continue
            bare = re.sub(r"(?:公司|集团)$", "", k[1])
            hits = [f for f in fulls if k[1] in f[1] or _core(k[1]) and _core(k[1]) in f[1] or len(bare) >= 2 and bare in f[1]]
            if len(hits) == 1:
                remap[k] = hits[0]
        if remap:
            for k in remap:  # follow chains: 市国资委 → 江西省国资委 → the full name
                seen = {k}
                while remap[k] in remap and remap[k] not in seen:
                    seen.add(remap[k])
                    remap[k] = remap[remap[k]]
            remap = {k: v for k, v in remap.items() if v not in remap}
            for k, v in remap.items():
                self.local.setdefault(v, set()).update({k[1]} | self.local.pop(k, set()))
                del self.ids[k]
            self.spans = [(s, e, remap.get(key, key)) for s, e, key in self.spans]

    def _mend_cut_branches(self) -> None:
        """康颐养老长沙分公司 read as 老长沙分公司 (jieba: 康|颐养|老): a branch office whose
        name starts inside a name of a firm of the story written right before it starts
        with that whole name."""
        names = {n for k in self.ids if k[0] == "Firm" and not k[1].endswith(_BRANCH)
                 for n in (k[1], *self.local.get(k, ())) if len(n) >= 2}
        for k in [k for k in self.ids if k[0] == "Firm" and k[1].endswith(_BRANCH)]:
            starts = sorted({s for s, _, kk in self.spans if kk == k})
            if not starts:
                continue
            for n in sorted(names, key=lambda n: (-len(n), n)):  # longest first, then by name: the same on every run
                cut = next((j for j in range(1, len(n)) if k[1].startswith(n[j:])
                            and all(self.text.startswith(n[:j], s - j) for s in starts)), None)
                if cut is None:
                    continue
                whole = self._key("Firm", n[:cut] + k[1])
                self.local[whole] |= self.local.pop(k, set())
                del self.ids[k]
                self.spans = [(s - cut, e, whole) if kk == k else (s, e, kk) for s, e, kk in self.spans]
                break

    def _branches(self) -> None:
        """纬纶集团上海分公司 is a branch of the story's firm called 纬纶集团 (by name or short
        name), written before a place of two to four characters."""
        firms = [k for k in self.ids if k[0] == "Firm"]
        for k in firms:
            if not k[1].endswith(_BRANCH):
                continue
            head = k[1][:-len(next(b for b in _BRANCH if k[1].endswith(b)))]
            for cut in range(len(head) - 2, max(1, len(head) - 5), -1):
                name = head[:cut]
                parent = next((p for p in firms if p != k and (p[1] == name or name in self.local.get(p, ()))), None)
                if parent is None and name.endswith(L.FIRM_SUFFIXES):
                    parent = self._key("Firm", name)
                if parent is not None:
                    at = min((s for s, _, kk in self.spans if kk == k), default=0)
                    self.fact(k, "subsidiaryOf", parent, at, "subsidiary.branch")
                    break

    def _main_host(self):
        counts = Counter(key for _, _, key in self.spans if key[0] == "Park")
        if counts:
            return max(counts, key=lambda k: (counts[k], -min(s for s, _, kk in self.spans if kk == k)))
        counts = Counter(key for _, _, key in self.spans if key[0] == "Region")
        if counts:
            return max(counts, key=lambda k: (counts[k], -min(s for s, _, kk in self.spans if kk == k)))
        return None

    def _alliances(self) -> None:
        """Canonical alliance entities, their hosts and chains.

        All mentions of one (brand, chain, kind) in a story are one alliance, labelled with
        the host written with it, else the host that formed it, else the story's host.
        """
        self.alliance_of_chain: dict[str, tuple[str, str]] = {}
        self.alliance_keys: list[tuple[str, str]] = []
        self.alliance_spans: list = []
        span_key = {(s, e): key for s, e, key in self.spans}
        hosts: dict[tuple, tuple] = {}
        how: dict[tuple, str] = {}
        written: dict[tuple, str] = {}
        # each mention with its chains and their identities (brand, chain as named most fully, kind)
        mentions = [(am, [(chain, (am.brand, self.m.chain_ident(chain), kind_ident(am.kind))) for chain in am.chains or [""]])
                    for am in self.m.alliances]
        # 陇原集团产业链党委, written with its host but no chain: the story's one alliance of that kind
        for am, idents in mentions:
            if idents[0][1][1] == "" and am.host is not None:
                brand, _, kind = idents[0][1]
                kin = {i for _, ids in mentions for _, i in ids if i[1] and i[0] == brand and i[2] == kind}
                if len(kin) == 1:
                    idents[0] = ("", kin.pop())
        for am, idents in mentions:
            for _, ident in idents:
                if am.host is not None and ident not in hosts:
                    hosts[ident] = span_key.get((am.host.start, am.host.end))
                    how[ident] = "alliance.host.explicit"
                    # 芦墩镇电线电缆产业链党建联合体, 北垣集团奶业产业链综合党委: named as written
                    written[ident] = self.text[am.host.start:am.host.end]
        for am, idents in mentions:
            for _, ident in idents:
                if hosts.get(ident) is None:
                    formed = self._formation_host(am.start)
                    hosts[ident] = formed or self.host
                    how[ident] = "alliance.host.formed" if formed else "alliance.host.story"
        planned = {ident for ident in hosts if all(
            _FUTURE.search(self._sentence_of(am.start).text[:max(0, am.start - self._sentence_of(am.start).start)])
            for am, idents in mentions for _, i in idents if i == ident)}
        # the label spells the chain as the story does where it names it most fully (家具, not
        # the 湄江家具 of a headline that writes the place into the chain)
        spelt: dict[tuple, tuple[str, str]] = {}
        for am, idents in mentions:
            for chain, ident in idents:
                if ident not in spelt or bare_chain(chain) == ident[1] != bare_chain(spelt[ident][0]):
                    spelt[ident] = (chain, am.kind)
        made: dict[tuple, tuple] = {}
        for am, idents in mentions:
            if all(ident in planned for _, ident in idents):
                continue
            for chain, ident in idents:
                host = hosts.get(ident)
                short = f"{am.brand}{chain}{am.kind}"
                if ident not in made:
                    prefix = written.get(ident) or (host[1] if host else "")
                    full = am.brand + "".join(spelt[ident])
                    label = full if not prefix or full.startswith(prefix) else prefix + full
                    made[ident] = self._key("Alliance", label)
                key = made[ident]
                self.local[key].add(short)
                if am.brand:
                    self.local[key].add(short.replace(am.brand, am.brand.strip("“”\"「」")))
                    self.local[key].add(f"{chain}{am.kind}")
                self.alliance_keys.append(key)
                self.alliance_spans.append((am.start, am.end, key))
                if am.host is not None and len(idents) == 1:  # every host it is written with
                    self.local[key].add(self.text[am.host.start:am.end])
                if len(idents) == 1:
                    self.spans.append((am.start, am.end, key))
                    # 贵州省黔岭县工业硅产业链党建联盟: the fuller name with the province
                    outer = next((f.start for f in self.m.found if f.end == am.start and f.rule == "suffix.Region.host"), None)
                    if outer is not None:
                        self.local[key].add(self.text[outer:am.end])
                if host:
                    self.fact(host, "hasAlliance", key, am.start, how[ident])
                if chain:
                    as_written = bare_chain(chain)
                    chain_name = ident[1]  # 茶 of 茶产业链 in a story about 茶叶产业
                    ckey = self._key("IndustrialChain", chain_name)
                    self.local[ckey].update({chain_name + "产业链", as_written, as_written + "产业链"} - {chain_name})
                    if re.search(re.escape(chain_name) + "产业(?!链)", self.text):
                        self.local[ckey].add(chain_name + "产业")
                    self.fact(key, "onChain", ckey, am.start, am.rule)
                    self.alliance_of_chain.setdefault(chain_name, key)
            if len(idents) > 1:
                # the list mention stands for all of them: mask it as the first
                self.spans.append((am.start, am.end, made[idents[0][1]]))

    def _spanned(self) -> bytearray:
        """1 for each character some mention's span covers."""
        taken = bytearray(len(self.text))
        for s, e, _ in self.spans:
            taken[s:e] = b"\1" * (e - s)
        return taken

    def _bare_firms(self) -> None:
        """集团与浙江海洋大学签订协议, 该公司向…供货: a clause that starts with a bare 集团,
        公司 or 该企业 and goes on to a partner or a buyer speaks of the firm named last
        before it in the paragraph (a 集团 of the last group named)."""
        taken = self._spanned()
        firms = [(s, e, k) for s, e, k in self.spans if k[0] == "Firm"]
        for m in _BARE_FIRM.finditer(self.text):
            word = "word" if m.group("word") else "group"
            start, end = m.span(word)
            if any(taken[start:end]):
                continue
            para = self.text.rfind("\n", 0, start) + 1
            group = m.group(word).endswith("集团")
            before = [k for s, e, k in firms if para <= s and e <= start
                      and (not group or "集团" in k[1] or any("集团" in a for a in self.local[k]))]
            if before:
                self.spans.append((start, end, before[-1]))

    def _bare_alliances(self) -> None:
        """联合体, 联盟党委, 该联盟 …: a bare kind word stands for the alliance spoken of."""
        if not self.alliance_keys:
            return
        taken = self._spanned()
        for m in _BARE_ALLIANCE.finditer(self.text):
            if any(taken[m.start():m.end()]):
                continue
            key = self._recent_alliance(m.start(), re.sub("^(?:该|这一|这个)", "", m.group()))
            if key is not None:
                self.spans.append((m.start(), m.end(), key))

    def _formation_host(self, pos: int):
        """The host that formed the alliance mentioned at ``pos``: a place or body before a
        formation verb in the same sentence. A park the alliance is based in (依托…) wins; a
        party committee or organisation department stands for its region."""
        s = self._sentence_of(pos)
        rank = {"Park": 0, "Region": 1, "GovernmentBody": 2, "Firm": 3}
        best, best_end = None, -1
        for start, end, key in self.spans:
            if not (s.start <= start < pos) or key[0] not in rank:
                continue
            if key[0] == "Park" and "依托" in self.text[max(s.start, start - 3):start]:
                return key
            if not re.search("打造|组建|成立|建立|构建|设立|牵头|揭牌", self.text[end:pos]):
                continue
            if key[0] == "Firm" and not key[1].endswith(("集团", "集团有限公司", "集团股份有限公司")):
                continue
            if key[0] == "GovernmentBody" and re.search("组织部|工委|党委|委员会$", key[1]) and "国资" not in key[1]:
                region = next((k for k in sorted(self.ids) if k[0] == "Region" and key[1].startswith(k[1])), None)
                if region is None:
                    continue
                key = region
            # 石嘴山市大武口区成立…: a division written right after the one it belongs to is the host
            if best is None or rank[key[0]] < rank[best[0]] or rank[key[0]] == rank[best[0]] and start == best_end:
                best, best_end = key, end
        return best

    def _recent_alliance(self, pos: int, word: str | None = None):
        """The alliance a sentence at ``pos`` speaks of without naming it: the only one, or
        the one named last before it; none when a body that is not an industrial-chain
        alliance (志愿服务联盟, 商会 …) was named since."""
        before = [(s, k) for s, e, k in self.spans if s < pos and k[0] == "Alliance"]
        other = max(((s, e) for s, e in self.m.non_alliance_spans if s < pos), default=None)
        if other is not None and other[0] > max(before, default=(-1,))[0]:
            # 志愿服务联盟 … 该联盟: the same kind of word; nearby: what the sentence is about
            if self.text[other[0]:other[1]].endswith(word or "\0") or word is None and pos - other[1] <= 60:
                return None
        if len(set(self.alliance_keys)) == 1:
            return self.alliance_keys[0]
        if before:
            return max(before)[1]
        before = [(s, k) for s, e, k in self.spans if s < pos and k[0] == "IndustrialChain" and self._alliance_for(k)]
        return self._alliance_for(max(before)[1]) if before else None

    def _alliance_for(self, key):
        """The alliance a chain or alliance placeholder stands for."""
        if key is None:
            return self.alliance_keys[0] if len(set(self.alliance_keys)) == 1 else None
        if key[0] == "Alliance":
            return key
        if key[0] == "IndustrialChain":
            return self.alliance_of_chain.get(key[1])
        return None

    def _chain_for(self, key):
        if key is None:
            if len(set(self.alliance_keys)) == 1:
                return self._chain_of_alliance(self.alliance_keys[0])
            return None
        if key[0] == "IndustrialChain":
            return key
        return self._chain_of_alliance(key)

    def _chain_of_alliance(self, akey):
        for name, k in self.alliance_of_chain.items():
            if k == akey:
                return ("IndustrialChain", name)
        return None

    # posts ---------------------------------------------------------------------------
    def _posts(self) -> None:
        text = self.text
        by_end = {e: key for s, e, key in self.spans}
        by_start = {s: (e, key) for s, e, key in self.spans}
        for s, e, key in list(self.spans):
            if key[0] != "Person" or s not in by_start:
                continue
            pos, titles, org = s, [], None
            results = []
            while True:
                m = _POST_END.search(text[max(0, pos - 12):pos])
                if not m:
                    break
                title = m.group()
                pos -= len(title)
                titles.insert(0, title)
                sub = _SUBUNIT_RE.search(text[max(0, pos - 8):pos])
                subunit = ""
                if sub:
                    subunit = sub.group()
                    pos -= len(subunit)
                org = by_end.get(pos)
                if org is None:
                    org = self._anaphor(pos) or self._region_by_post(title, subunit, pos) or self._implied_org(title, pos)
                if org is not None:
                    results.append((org, (subunit + titles[0]) if subunit and org[0] not in ("Firm",) and not org[0] == "Park" else titles[0], titles[:]))
                    start_org = next((ss for ss, ee, kk in self.spans if ee == pos and kk == org), pos)
                    pos = start_org
                if text[pos - 1:pos] == "、" or text[pos - 1:pos] in "，," and _POST_END.search(text[max(0, pos - 13):pos - 1]):
                    pos -= 1  # 县委副书记、县长，工业硅产业链链长杨再兴: one person's posts
                    titles = []
                    continue
                break
            for org, _, tl in results:
                for t in tl:
                    if t == "链长" and org[0] in ("IndustrialChain", "Alliance"):
                        chain = self._chain_for(org)
                        if chain:
                            self.fact(key, "chainChiefOf", chain, s, "post.chain_chief")
                        continue
                    if org[0] in ("Firm", "Park", "Region", "GovernmentBody", "AcademicInstitution", "Alliance", "PartyOrganization"):
                        self.record.posts.append(Post(key, org, t, self._evidence(s, "post.before_name")))
                        self.used.add(org)
                if org[0] in ("Firm", "Park", "Region", "GovernmentBody", "AcademicInstitution", "Alliance"):
                    self.fact(key, "affiliatedWith", org, s, "post.before_name")

    def _implied_org(self, title: str, pos: int):
        """局长 after a clause naming a bureau, 院长 after an institute: the body of that kind
        named last in the same sentence."""
        kinds = _IMPLIED.get(title)
        if not kinds:
            return None
        return self._last_in_sentence(pos, lambda k: k[0] in kinds)

    def _last_in_sentence(self, pos: int, accept):
        """The mention ``accept`` takes that was named last before ``pos`` in its sentence."""
        sent = self._sentence_of(max(0, pos - 1))
        before = [(s, k) for s, e, k in self.spans if sent.start <= s and e <= pos and accept(k)]
        return max(before)[1] if before else None

    def _region_by_post(self, title: str, subunit: str, pos: int | None = None):
        """副区长 / 县委常委 / 镇党委书记 with no place written: the story's region of that level
        (of several: the one named last before in the sentence, else the host)."""
        level = _REGION_POSTS.get(title)
        if level is None:
            m = re.match(r"^(区|县|市|镇|乡|省|街道)", subunit)
            level = m.group(1) if m else None
        if level is None:
            return None
        regions = sorted({k for _, _, k in self.spans if k[0] == "Region" and k[1].endswith(level)})
        if len(regions) <= 1:
            return regions[0] if regions else None
        named = self._last_in_sentence(pos, regions.__contains__) if pos is not None else None
        return named or (self.host if self.host in regions else None)

    def _anaphor(self, pos: int):
        text = self.text
        for level in ("区", "县", "市", "镇", "乡", "省", "街道"):
            if text.endswith(level, 0, pos) and not re.match(r"[\u4e00-\u9fff]", text[pos - len(level) - 1:pos - len(level)] or " "):
                r = self._region_by_post("", level)
                if r:
                    return r
        for word in _ANAPHOR_PARK:
            if text.endswith(word, 0, pos) and self.host and self.host[0] == "Park":
                return self.host
        for word, kind in (("研究院", "AcademicInstitution"), ("研究所", "AcademicInstitution"), ("学院", "AcademicInstitution"), ("大学", "AcademicInstitution")):
            if text.endswith(word, 0, pos) and not re.match(r"[\u4e00-\u9fff]", text[pos - len(word) - 1:pos - len(word)] or " "):
                found = [key for s, e, key in self.spans if e <= pos and key[0] == kind]
                if found:
                    return found[-1]
        for word in _ANAPHOR_FIRM:
            if text.endswith(word, 0, pos):
                para_start = text.rfind("\n", 0, pos) + 1
                firms = [key for s, e, key in self.spans if para_start <= s < pos and key[0] == "Firm"]
                if firms:
                    return firms[-1]
        return None

    # relation rules --------------------------------------------------------------
    def _rules(self, by_sentence: list[list]) -> None:
        prev_orgs: list = []
        for sent, inside in zip(self.sentences, by_sentence):
            spans = [sp for sp in inside if sp[1] <= sent.end]
            if not spans:
                prev_orgs = []
                continue
            masked = mask(sent.text, sent.start, spans, self.ids)
            keys = masked.keys
            for rule in rules_for(cues_in(masked.text)):
                for mt in rule.pattern.finditer(masked.text):
                    self._apply(rule, mt, keys, sent, prev_orgs)
            prev_orgs = [k for _, _, k in spans if k[0] in ("Firm", "GovernmentBody", "AcademicInstitution")]

    def _by_sentence(self) -> list[list]:
        """The spans starting in each sentence (``self.spans`` is sorted and final by then)."""
        starts = [s for s, _, _ in self.spans]
        return [self.spans[bisect_left(starts, sent.start):bisect_left(starts, sent.end)] for sent in self.sentences]

    def _firm_before(self, pos: int):
        """The last firm mentioned before ``pos``."""
        i = bisect_left(self.spans, (pos,))
        while i > 0:
            i -= 1
            if self.spans[i][2][0] == "Firm":
                return self.spans[i][2]
        return None

    @staticmethod
    def _nearest_chain(masked: str, at: int, keys):
        """The alliance or chain written nearest before ``at`` in the sentence, else after it."""
        marks = [(i, keys[c]) for i, c in enumerate(masked) if c in keys and keys[c][0] in ("Alliance", "IndustrialChain")]
        before = [k for i, k in marks if i < at]
        if before:
            return before[-1]
        return marks[0][1] if marks else None

    def _list(self, s: str, keys) -> list:
        return [keys[c] for c in s if c in keys]

    def _one_or_list(self, groups: dict, name: str, keys, plural: str = "") -> list:
        """The mentions of group ``name`` (one mention) or ``plural`` (a list of them,
        by default ``name + "s"``)."""
        text = groups.get(name) or groups.get(plural or name + "s") or ""
        return [k for k in self._list(text, keys) if k[0] == "Firm"]

    def _apply(self, rule, mt, keys, sent, prev_orgs) -> None:
        g = mt.groupdict()
        pos = sent.start
        kind = rule.kind
        get = lambda name: keys.get(g[name]) if g.get(name) else None  # noqa: E731
        if kind in ("owner", "owner_list"):
            firms = [get("firm")] if kind == "owner" else self._list(g["firms"], keys)
            ctx = get("chain") if "chain" in g else None
            if ctx is None:
                ctx = self._nearest_chain(mt.string, mt.start(), keys)
            alliance, chain = self._alliance_for(ctx), self._chain_for(ctx)
            for firm in firms:
                if firm is None or firm[0] != "Firm":
                    continue
                if alliance:
                    self.fact(alliance, "chainOwner", firm, pos, rule.id)
                if chain:
                    self.fact(firm, "chainOwnerOf", chain, pos, rule.id)
        elif kind == "owner_groups":
            # 为A产业链的F1、F2，B产业链的F3…授予“链主企业”牌匾
            if not re.search("链主|链长单位|牵头企业", sent.text) or not re.search("授|颁", sent.text):
                return
            ctx = get("chain")
            alliance, chain = self._alliance_for(ctx), self._chain_for(ctx)
            for firm in self._list(g["firms"], keys):
                if firm[0] == "Firm":
                    if alliance:
                        self.fact(alliance, "chainOwner", firm, pos, rule.id)
                    if chain:
                        self.fact(firm, "chainOwnerOf", chain, pos, rule.id)
        elif kind == "owner_resp":
            firms = self._list(g["firms"], keys)
            # "分别" pairs with the alliances as last listed, in that order
            prev = max((s.start for s in self.sentences if s.end <= sent.start), default=sent.start)
            # (the alliances of one list share its span: their order is the list's)
            near = [k for s, e, k in sorted(self.alliance_spans, key=lambda span: span[0]) if prev <= s < sent.end]
            alliances = list(dict.fromkeys(near)) if len(set(near)) == len(firms) else list(dict.fromkeys(self.alliance_keys))
            if len(firms) == len(alliances):
                for firm, alliance in zip(firms, alliances):
                    self.fact(alliance, "chainOwner", firm, pos, rule.id)
                    chain = self._chain_of_alliance(alliance)
                    if chain:
                        self.fact(firm, "chainOwnerOf", chain, pos, rule.id)
        elif kind == "chief":
            ctx = get("chain") if g.get("chain") else self._nearest_chain(mt.string, mt.start(), keys) or self._recent_alliance(sent.start)
            person, chain = get("person"), self._chain_for(ctx) if ctx else None
            if person and chain:
                self.fact(person, "chainChiefOf", chain, pos, rule.id)
        elif kind in ("affiliate", "affiliate_alliance"):
            person = get("person")
            org = get("org") if kind == "affiliate" else self._recent_alliance(sent.end)
            if person and org:
                self.fact(person, "affiliatedWith", org, pos, rule.id)
        elif kind in ("member", "member_list"):
            firms = [get("firm")] if kind == "member" else self._list(g["firms"], keys)
            ctx = get("chain")
            if ctx is None:
                ctx = next((k for k in keys.values() if k[0] in ("Alliance", "IndustrialChain")), None)
            alliance = self._alliance_for(ctx) if ctx else self._recent_alliance(sent.start)
            if alliance:
                for firm in firms:
                    if firm and firm[0] != "Person":
                        self.fact(alliance, "hasMember", firm, pos, rule.id)
        elif kind == "partner":
            a = get("a")
            for b in self._list(g["bs"], keys):
                if a and b and a != b and a[0] != "Region" and b[0] != "Region":
                    self.fact(a, "partnerOf", b, pos, rule.id)
        elif kind == "partner_both":
            # 双方, 两家企业: the two organisations named before it in the sentence, with the last sentence's if fewer
            orgs = list(dict.fromkeys(keys[c] for c in mt.string[:mt.start()] if c in keys
                                      and keys[c][0] in ("Firm", "GovernmentBody", "AcademicInstitution")))
            if len(orgs) < 2:
                orgs = list(dict.fromkeys(prev_orgs + orgs))
            if len(orgs) == 2:
                self.fact(orgs[0], "partnerOf", orgs[1], pos, rule.id)
        elif kind in ("supply", "supply_rev"):
            for up in self._one_or_list(g, "up", keys):
                for down in self._one_or_list(g, "down", keys):
                    if up != down:
                        self.fact(up, "supplies", down, pos, rule.id)
        elif kind in ("subsidiary", "subsidiary_rev"):
            parent = get("parent")
            for child in self._one_or_list(g, "child", keys, "children"):
                if parent and child != parent:
                    self.fact(child, "subsidiaryOf", parent, pos, rule.id)
        elif kind in ("located", "located_rev"):
            org, place = get("org"), get("place")
            if org and place:
                self.fact(org, "locatedIn", place, pos, rule.id)
        elif kind == "host":
            host = get("host")
            for a in self._list(g["alliances"], keys):
                if host and a[0] == "Alliance" and not any(f.predicate == "hasAlliance" and f.object == a for f in self.record.facts):
                    self.fact(host, "hasAlliance", a, pos, rule.id)
        elif kind == "launched":
            name = g["name"].strip()
            if re.search(r"[\ue000-\uf3ff]", name):
                return
            subject = next((k for k in keys.values() if k[0] in ("Park", "Region", "GovernmentBody", "Firm")), self.host)
            if subject:
                ikey = self._key("Initiative", name)
                self.fact(subject, "launched", ikey, pos, rule.id)

    # figures -------------------------------------------------------------------------
    def _figures(self, by_sentence: list[list]) -> None:
        for sent, inside in zip(self.sentences, by_sentence):
            if not _DIGIT.search(sent.text):
                continue  # every figure has a number in digits: two sentences in three have none
            subject = next((key for _, _, key in inside if key[0] in ("Park", "Region", "Firm", "Alliance", "GovernmentBody")),
                           None) or self.host
            if subject is None:
                continue
            before = self._firm_before(sent.start)
            found = PERIOD_RE.search(sent.text)
            period = found.group() if found else ""
            for m in FIGURE_RE.finditer(sent.text):
                raw_ind = m.group("ind")
                raw_ind = re.sub(r"^.*(?:完成|实现|达到|达)(?=.)", "", raw_ind)
                ind = re.sub(r"^(?:完成|实现|达到|其中|全年|累计|共|企业|公司|该企业|该公司|新增|年)+", "", raw_ind)
                if raw_ind.startswith(("企业", "公司", "该企业", "该公司")) and before:
                    self._figure(before, ind, *parse_amount(m.group("num"), (m.group("scale") or "") + m.group("unit")),
                                 parse_rate(m.group("rate")) if m.group("rate") else None, period, sent, "figure.amount.anaphor")
                    continue
                value, unit = parse_amount(m.group("num"), (m.group("scale") or "") + m.group("unit"))
                rate = parse_rate(m.group("rate")) if m.group("rate") else None
                self._figure(subject, ind, value, unit, rate, period, sent, "figure.amount")
            in_sent = [key for _, _, key in inside]
            alliances = list(dict.fromkeys(k for k in in_sent if k[0] == "Alliance"))
            plural = re.search(r"(?:两|[二三四五六七八九十\d])(?:个|大|条)[^，。；]{0,6}(?:联盟|党委|联合体)", sent.text)
            counted: list[tuple[int, int]] = []
            for m in COUNT_RE.finditer(sent.text):
                ind = m.group("ind") or m.group("ind2") or m.group("ind3")
                num = count_value(m.group("num") or m.group("num2") or m.group("num3"), m.group("wan") or m.group("wan2"))
                unit = m.group("unit") or m.group("unit2") or m.group("unit3")
                if unit == "名":
                    unit = "人"
                who = self._count_subject(sent, inside, m.start(), subject, alliances, plural)
                self._figure(who, ind, num, unit, None, period, sent, "figure.count")
                counted.append(m.span())
            for m in MEMBER_COUNT_RE.finditer(sent.text):
                if any(s < m.end() and m.start() < e for s, e in counted):
                    continue
                num = next(v for v in m.groups() if v is not None)
                who = self._count_subject(sent, inside, m.start(), subject, alliances, plural)
                self._figure(who, "成员单位", count_value(num, None), "家", None, period, sent,
                             "figure.count.members")

    def _count_subject(self, sent, inside, at: int, subject, alliances: list, plural) -> tuple[str, str]:
        """Whose count a number of members or party members at ``at`` in ``sent`` is: the
        alliance the sentence names or speaks of (by its chain, or as 联盟/党委 …), the host
        when several alliances are counted together (3个产业链党委成员单位共64家), and an
        organisation only when its clause is about it (公司现有党员56名, 全区…)."""
        if plural and self.host:
            return self.host
        if len(alliances) == 1:
            return alliances[0]
        if alliances:
            return subject
        clause = max(sent.text.rfind(c, 0, at) for c in "，,；：:") + 1
        owner = next((key for s, e, key in inside if s - sent.start == clause
                      and key[0] in ("Firm", "Park", "Region", "GovernmentBody")), None)
        if owner is not None:
            return owner
        chains = [self._alliance_for(k) for _, _, k in inside if k[0] == "IndustrialChain"]
        chains = list(dict.fromkeys(a for a in chains if a is not None))
        if len(chains) == 1:
            return chains[0]
        return self._recent_alliance(sent.start + at) or subject

    def _figure(self, subject, ind, value, unit, rate, period, sent, rule) -> None:
        self.used.add(subject)
        ev = Evidence(self.story.id, sent.start, sent.end, sent.text, rule)
        self.record.figures.append(Figure(subject, ind, value, unit, rate, period, ev))


_BRANCH = ("分公司", "分厂")


def _fullest(keys: list) -> list:
    """``keys`` without those that are another's shorter form: 沂湾经济技术开发区 and
    山东沂湾经济技术开发区, or 潭洲榄港高新区 and 广东潭洲榄港高新技术产业开发区, are one park."""
    return [k for k in keys if not any(o != k and (o[1].endswith(k[1]) or _park_short_of(k[1], o[1])
                                                   or _without_division(o[1]) == k[1]) for o in keys)]


def _without_division(name: str) -> str:
    """The name with the suffix of the place it starts with left out: 楠州市澹湖新区 → 楠州澹湖新区."""
    m = re.match(r"([\u4e00-\u9fff]{2})[市县]", name)
    return name[:2] + name[3:] if m and len(name) >= 6 else name


def _park_short_of(short: str, full: str) -> bool:
    """禺江高新区 is a short name of (广东)禺江高新技术产业开发区."""
    for end, longs in L.PARK_SHORT_FORMS.items():
        if short.endswith(end) and len(short) > len(end):
            place = short[:-len(end)]
            # 秀洲国家高新技术产业开发区: a national park writes 国家 between place and kind
            return any(full.endswith(place + level + long) and len(full) - len(place + level + long) <= 4
                       for long in longs for level in ("", "国家", "国家级"))
    return False


def _core(name: str) -> str:
    """A short name without a leading place word: 泖州柳重 → 柳重."""
    from .segment import tag, tokens

    toks = tokens(name)
    while len(toks) > 1 and tag(toks[0]) == "ns":
        toks = toks[1:]
    return "".join(toks) if len("".join(toks)) >= 2 else ""


def _abridges(short: str, full: str) -> bool:
    """市大数据局 of 贵阳市大数据发展管理局: a bureau's short form keeps its level and kind
    (市 … 局) and some characters of the name between, in order."""
    return short[0] in "省市区县镇" and short[-1] == full[-1] and _in_order(short, full)


def _in_order(short: str, full: str) -> bool:
    """Every character of ``short`` in ``full``, in order."""
    rest = iter(full)
    return all(ch in rest for ch in short)


def _gov_short(name: str) -> str:
    """A bureau name in its usual short form: 澄湖市工业和信息化局 → 澄湖市工信局."""
    for full, short in L.GOV_ABBREVIATIONS:
        name = name.replace(full, short)
    return name
