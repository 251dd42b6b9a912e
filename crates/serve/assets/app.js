// khabar's web interface: one page, routed on the URL fragment (#/, #/article/ID, #/analyze).
//
// Safety rule: text from the server (articles, titles, names) only ever reaches the page as
// text nodes (createTextNode / textContent), never as markup, so an article containing
// <script> or <img onerror=...> shows those characters and nothing runs. The server's
// Content-Security-Policy forbids inline script as a second line of defence.
'use strict';

const TYPES = {
  PER: 'أشخاص',
  ORG: 'منظمات',
  LOC: 'أماكن',
  MISC: 'أسماء أخرى',
};
const TYPE_ONE = { PER: 'شخص', ORG: 'منظمة', LOC: 'مكان', MISC: 'اسم' };
const PAGE = 10;

// Builds an element. `attrs` values are set as attributes or properties (never innerHTML);
// children are nodes or strings (strings become text nodes).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

const svgNS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

const app = () => document.getElementById('app');
function show(...nodes) {
  const root = app();
  root.replaceChildren();
  append(root, nodes);
}

function fmtNumber(n) {
  return new Intl.NumberFormat('ar-EG').format(n);
}

// Fetches JSON; an error response becomes an exception carrying the server's message.
async function api(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    body = null;
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : `HTTP ${res.status}`;
    throw new Error(msg);
  }
  return body;
}

function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, 'تعذّر الطلب: ', String(err.message || err));
}

// ----- routing -----

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?', 2);
  return { path, params: new URLSearchParams(query || '') };
}

function searchHash(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && !(k === 'offset' && Number(v) === 0)) p.set(k, v);
  }
  const q = p.toString();
  return '#/' + (q ? '?' + q : '');
}

let lastSearch = '#/';

async function route() {
  const { path, params } = parseHash();
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const nav = a.getAttribute('data-nav');
    const on = (nav === 'analyze' && path === '/analyze') || (nav === 'search' && path !== '/analyze');
    a.classList.toggle('active', on);
  });
  window.scrollTo(0, 0);
  if (path.startsWith('/article/')) {
    await articlePage(decodeURIComponent(path.slice('/article/'.length)));
  } else if (path === '/analyze') {
    analyzePage();
  } else {
    lastSearch = location.hash || '#/';
    await searchPage(params);
  }
}

// ----- search page -----

const FILTER_KEYS = ['q', 'entity', 'source', 'speaker', 'from', 'to', 'sort', 'offset'];
const FILTER_LABELS = {
  entity: 'الاسم',
  source: 'المصدر',
  speaker: 'المتحدث',
  from: 'من',
  to: 'إلى',
};

function currentFilters(params) {
  const f = {};
  for (const k of FILTER_KEYS) if (params.get(k)) f[k] = params.get(k);
  return f;
}

function go(filters) {
  location.hash = searchHash(filters);
}

function searchForm(f) {
  const q = h('input', { type: 'search', name: 'q', placeholder: 'ابحث في الأخبار… مثلاً: بلنكن العراق', 'aria-label': 'نص البحث', maxlength: 1000 });
  q.value = f.q || '';
  const from = h('input', { type: 'date', name: 'from', 'aria-label': 'من تاريخ' });
  from.value = f.from || '';
  const to = h('input', { type: 'date', name: 'to', 'aria-label': 'إلى تاريخ' });
  to.value = f.to || '';
  const sort = h('select', { name: 'sort', 'aria-label': 'الترتيب' },
    h('option', { value: '' }, 'تلقائي'),
    h('option', { value: 'relevance' }, 'الأكثر صلة'),
    h('option', { value: 'newest' }, 'الأحدث أولاً'),
    h('option', { value: 'oldest' }, 'الأقدم أولاً'));
  sort.value = f.sort || '';
  const form = h('form', {
    class: 'search-form', role: 'search',
    onsubmit: (e) => {
      e.preventDefault();
      go({ ...f, q: q.value.trim(), from: from.value, to: to.value, sort: sort.value, offset: 0 });
    },
  },
  h('div', { class: 'q' }, q),
  h('label', {}, 'من', from),
  h('label', {}, 'إلى', to),
  h('label', {}, 'الترتيب', sort),
  h('button', { type: 'submit' }, 'بحث'));
  return form;
}

function activeChips(f) {
  const chips = [];
  for (const k of Object.keys(FILTER_LABELS)) {
    if (!f[k]) continue;
    chips.push(h('span', { class: 'chip', 'data-filter': k },
      FILTER_LABELS[k], ': ', h('bdi', {}, f[k]),
      h('button', { type: 'button', title: 'إزالة', 'aria-label': 'إزالة ' + FILTER_LABELS[k], onclick: () => go({ ...f, [k]: '', offset: 0 }) }, '×')));
  }
  return chips.length ? h('div', { class: 'chips' }, chips) : null;
}

// A snippet with its highlights: offsets are characters of the article, the snippet starting
// at `snippet.start`.
function snippetNode(sn) {
  const cps = Array.from(sn.text);
  const marks = (sn.highlights || []).map(([a, b]) => ({
    start: a - sn.start,
    end: b - sn.start,
    make: (kids) => h('mark', {}, kids),
  }));
  return h('p', { class: 'snippet' }, marked(cps, marks));
}

function hitNode(hit) {
  const title = hit.title || hit.id;
  return h('li', { class: 'hit' },
    h('a', { class: 'hit-title', href: '#/article/' + encodeURIComponent(hit.id) }, title),
    h('div', { class: 'meta' }, [hit.source, hit.published].filter(Boolean).join(' · ')),
    snippetNode(hit.snippet));
}

function facetPanel(title, key, items, f) {
  if (!items || !items.length) return null;
  return h('section', { class: 'panel facet', 'data-facet': key },
    h('h3', {}, title),
    h('ul', { class: 'facet-list' }, items.map((it) => h('li', {},
      h('button', {
        type: 'button',
        'data-value': it.name,
        onclick: () => go({ ...f, [key === 'sources' ? 'source' : 'entity']: it.name, offset: 0 }),
      }, it.name),
      h('span', { class: 'count' }, fmtNumber(it.count))))));
}

function monthEnd(ym) {
  const [y, m] = ym.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${ym}-${String(last).padStart(2, '0')}`;
}

function timelinePanel(t, f) {
  if (!t || !t.buckets.length) return null;
  const n = t.buckets.length;
  const max = Math.max(1, ...t.buckets.map((b) => b.count));
  const W = 300, H = 110, gap = n > 60 ? 0 : 1;
  const bw = W / n;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'عدد المقالات عبر الزمن' });
  t.buckets.forEach((b, i) => {
    const bh = b.count ? Math.max(2, (b.count / max) * (H - 4)) : 0;
    const from = t.interval === 'month' ? `${b.date}-01` : b.date;
    const to = t.interval === 'month' ? monthEnd(b.date) : b.date;
    svg.appendChild(s('rect', {
      class: 'bar', x: i * bw + gap / 2, y: H - bh, width: Math.max(0.5, bw - gap), height: bh,
      'data-date': b.date,
      onclick: () => go({ ...f, from, to, offset: 0 }),
    }, s('title', {}, `${b.date}: ${b.count}`)));
  });
  return h('section', { class: 'panel timeline' },
    h('h3', {}, t.interval === 'month' ? 'المقالات حسب الشهر' : 'المقالات حسب اليوم'),
    svg,
    h('div', { class: 'axis' }, h('span', {}, t.buckets[0].date), h('span', {}, t.buckets[n - 1].date)));
}

function pager(total, f) {
  const offset = Number(f.offset || 0);
  if (total <= PAGE) return null;
  return h('nav', { class: 'pager', 'aria-label': 'الصفحات' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go({ ...f, offset: Math.max(0, offset - PAGE) }) }, 'السابق'),
    h('span', {}, `${fmtNumber(offset + 1)}–${fmtNumber(Math.min(total, offset + PAGE))} من ${fmtNumber(total)}`),
    h('button', { type: 'button', disabled: offset + PAGE >= total, onclick: () => go({ ...f, offset: offset + PAGE }) }, 'التالي'));
}

function apiQuery(f, extra) {
  const p = new URLSearchParams();
  for (const k of ['q', 'entity', 'source', 'speaker', 'from', 'to']) if (f[k]) p.set(k, f[k]);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

function dayDiff(a, b) {
  return (Date.parse(b) - Date.parse(a)) / 86400000;
}

async function searchPage(params) {
  const f = currentFilters(params);
  const form = searchForm(f);
  show(form, activeChips(f), h('p', { class: 'summary' }, 'جارٍ البحث…'));
  // Without a query there is nothing to rank: browse newest first.
  const sort = f.sort || (f.q ? 'relevance' : 'newest');
  const interval = f.from && f.to && dayDiff(f.from, f.to) <= 92 ? 'day' : 'month';
  try {
    const [res, tl] = await Promise.all([
      api('/api/search?' + apiQuery(f, { limit: PAGE, offset: f.offset || 0, sort, facets: 8 })),
      api('/api/timeline?' + apiQuery(f, { interval })),
    ]);
    const summary = f.q || Object.keys(f).some((k) => FILTER_LABELS[k])
      ? `${fmtNumber(res.total)} نتيجة`
      : `كل المقالات (${fmtNumber(res.total)})`;
    const list = res.hits.length
      ? h('ol', { class: 'results' }, res.hits.map(hitNode))
      : h('p', { class: 'empty' }, 'لا نتائج. جرّب كلمات أخرى أو أزل بعض المرشحات.');
    const fc = res.facets || {};
    show(form, activeChips(f),
      h('div', { class: 'layout' },
        h('section', { class: 'main' },
          h('p', { class: 'summary', id: 'summary' }, summary),
          res.terms && res.terms.length
            ? h('p', { class: 'meta', id: 'terms' }, 'كلمات البحث، مع صيغ الأسماء: ', h('bdi', {}, res.terms.join('، ')))
            : null,
          list, pager(res.total, f)),
        h('aside', { class: 'side' },
          timelinePanel(tl, f),
          facetPanel(TYPES.PER, 'PER', fc.PER, f),
          facetPanel(TYPES.ORG, 'ORG', fc.ORG, f),
          facetPanel(TYPES.LOC, 'LOC', fc.LOC, f),
          facetPanel(TYPES.MISC, 'MISC', fc.MISC, f),
          facetPanel('المصادر', 'sources', fc.sources, f))));
  } catch (err) {
    show(form, activeChips(f), errorBox(err));
  }
}

// ----- marked text -----

// Renders characters `cps` with nested marks ({start, end, make(children)}); a mark that
// crosses the boundary of an earlier one is left out rather than breaking the text.
function marked(cps, marks) {
  const sorted = marks
    .filter((m) => m.start >= 0 && m.start < m.end && m.end <= cps.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  return build(cps, sorted, 0, cps.length);
}

function build(cps, marks, start, end) {
  const out = [];
  let pos = start;
  let i = 0;
  while (i < marks.length) {
    const m = marks[i];
    if (m.start < pos) { i++; continue; }
    let j = i + 1;
    const inner = [];
    while (j < marks.length && marks[j].start < m.end) {
      if (marks[j].end <= m.end) inner.push(marks[j]);
      j++;
    }
    if (m.start > pos) out.push(cps.slice(pos, m.start).join(''));
    out.push(m.make(build(cps, inner, m.start, m.end)));
    pos = m.end;
    i = j;
  }
  if (pos < end) out.push(cps.slice(pos, end).join(''));
  return out;
}

function fmtValue(v) {
  if (typeof v !== 'number') return String(v);
  return Number.isInteger(v) ? fmtNumber(v) : new Intl.NumberFormat('ar-EG', { maximumFractionDigits: 4 }).format(v);
}

// The article text with entities, dates, numbers and quotes marked, and panels listing them.
function analysisView(text, a) {
  const cps = Array.from(text);
  const marks = [];
  for (const q of a.quotes || []) {
    marks.push({ start: q.start, end: q.end, make: (k) => h('span', { class: 'quote' }, k) });
  }
  for (const e of a.entities || []) {
    marks.push({
      start: e.start, end: e.end,
      make: (k) => h('span', {
        class: `ent ent-${e.type}`, 'data-type': e.type, 'data-cluster': e.cluster,
        title: `${TYPE_ONE[e.type] || e.type}: ${e.canonical}${e.latin ? ' (' + e.latin + ')' : ''}`,
      }, k),
    });
  }
  for (const d of a.dates || []) {
    marks.push({
      start: d.start, end: d.end,
      make: (k) => h('span', { class: 'date', 'data-value': d.value || '', title: d.value ? `${d.value} (${d.grain})`
        : d.duration ? `مدة: ${d.duration}` : d.recurrence ? `يتكرر: ${d.recurrence}` : 'تاريخ غير محدد' },
        k, d.value ? h('span', { class: 'date-value', dir: 'ltr' }, d.value) : null),
    });
  }
  for (const n of a.numbers || []) {
    marks.push({
      start: n.start, end: n.end,
      make: (k) => h('span', { class: 'num', title: `${n.value}${n.unit ? ' ' + n.unit : ''}${n.per ? ' / ' + n.per : ''}` }, k),
    });
  }
  const legend = h('div', { class: 'legend' },
    Object.keys(TYPES).map((t) => h('span', { class: `ent ent-${t}` }, TYPE_ONE[t])),
    h('span', { class: 'date' }, 'تاريخ'),
    h('span', { class: 'num' }, 'رقم'),
    h('span', { class: 'quote' }, 'اقتباس'));
  return [legend, h('div', { class: 'article-text', id: 'article-text' }, marked(cps, marks))];
}

function entityPanel(a) {
  const clusters = new Map();
  for (const e of a.entities || []) {
    if (!clusters.has(e.cluster)) clusters.set(e.cluster, { e, spellings: new Set() });
    clusters.get(e.cluster).spellings.add(e.text);
  }
  if (!clusters.size) return null;
  const rows = [...clusters.values()].map(({ e, spellings }) => h('tr', {},
    h('td', {}, h('span', { class: `ent ent-${e.type}` }, TYPE_ONE[e.type] || e.type)),
    h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => go({ entity: e.canonical }) }, e.canonical),
      e.latin ? h('div', { class: 'ltr' }, e.latin) : null),
    h('td', {}, [...spellings].join('، '))));
  return h('section', { class: 'panel', id: 'entities' }, h('h3', {}, 'الأسماء وكل صيغها'),
    h('table', { class: 'facts' }, h('tr', {}, h('th', {}, 'النوع'), h('th', {}, 'الاسم'), h('th', {}, 'الصيغ في النص')), rows));
}

// The article's keywords, best first: an entity filters the search by that entity, any other
// keyword searches for its words.
function keywordPanel(a) {
  const ks = a.keywords || [];
  if (!ks.length) return null;
  return h('section', { class: 'panel', id: 'keywords' }, h('h3', {}, 'الكلمات المفتاحية'),
    h('ul', { class: 'keywords' }, ks.map((k) => h('li', {},
      h('button', {
        type: 'button',
        class: k.type ? `keyword ent ent-${k.type}` : 'keyword',
        title: `${k.count} ${k.count === 1 ? 'مرة' : 'مرات'}`,
        onclick: () => go(k.type ? { entity: k.canonical } : { q: k.text }),
      }, k.canonical || k.text)))));
}

function factsPanel(title, id, headers, rows) {
  if (!rows.length) return null;
  return h('section', { class: 'panel', id }, h('h3', {}, title),
    h('table', { class: 'facts' }, h('tr', {}, headers.map((x) => h('th', {}, x))), rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

function sidePanels(a) {
  const speaker = (q) => (q.speaker ? q.speaker.text : '—');
  return [
    keywordPanel(a),
    entityPanel(a),
    factsPanel('التواريخ', 'dates', ['في النص', 'القيمة'], (a.dates || []).map((d) => [d.text, d.value ? h('span', { class: 'ltr' }, d.value) : 'غير محدد'])),
    factsPanel('الأرقام', 'numbers', ['في النص', 'القيمة'], (a.numbers || []).map((n) => [n.text, fmtValue(n.value) + (n.unit ? ' ' + n.unit : '')])),
    factsPanel('الاقتباسات', 'quotes', ['المتحدث', 'النص'], (a.quotes || []).map((q) => [speaker(q), q.text])),
  ];
}

// ----- article page -----

async function articlePage(id) {
  show(h('p', { class: 'summary' }, 'جارٍ التحميل…'));
  let res;
  try {
    res = await api('/api/articles/' + encodeURIComponent(id));
  } catch (err) {
    show(h('a', { href: lastSearch }, '→ العودة إلى النتائج'), errorBox(err));
    return;
  }
  const art = res.article;
  document.title = (art.title || art.id) + ' · خبر';
  show(h('article', { class: 'article' },
    h('a', { href: lastSearch }, '→ العودة إلى النتائج'),
    h('h1', {}, art.title || art.id),
    h('div', { class: 'meta' }, [art.source, art.published].filter(Boolean).join(' · ')),
    h('div', { class: 'layout' },
      h('div', {}, analysisView(art.text, res.analysis)),
      h('aside', {}, sidePanels(res.analysis)))));
}

// ----- analyze page -----

function analyzePage() {
  document.title = 'تحليل نص · خبر';
  const text = h('textarea', { name: 'text', 'aria-label': 'نص المقال', placeholder: 'الصق نص مقال هنا…', required: true });
  const title = h('input', { type: 'text', name: 'title', 'aria-label': 'العنوان', placeholder: 'العنوان (اختياري)' });
  const published = h('input', { type: 'date', name: 'published', 'aria-label': 'تاريخ النشر' });
  published.value = new Date().toISOString().slice(0, 10);
  const out = h('div', { id: 'analysis' });
  const form = h('form', {
    class: 'analyze-form',
    onsubmit: async (e) => {
      e.preventDefault();
      out.replaceChildren(h('p', { class: 'summary' }, 'جارٍ التحليل…'));
      const body = { text: text.value };
      if (title.value.trim()) body.title = title.value.trim();
      if (published.value) body.published = published.value;
      try {
        const a = await api('/api/analyze', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        out.replaceChildren(h('div', { class: 'layout' },
          h('div', {}, analysisView(text.value, a)),
          h('aside', {}, sidePanels(a))));
      } catch (err) {
        out.replaceChildren(errorBox(err));
      }
    },
  },
  h('h1', {}, 'تحليل نص'),
  h('p', { class: 'meta' }, 'تُحسب التواريخ النسبية (أمس، الجمعة، الشهر المقبل) من تاريخ النشر.'),
  text,
  h('div', { class: 'row' }, title, h('label', {}, 'تاريخ النشر ', published), h('button', { type: 'submit' }, 'حلّل')));
  show(form, out);
}

// ----- start -----

async function loadInfo() {
  try {
    const info = await api('/api/info');
    const what = info.index === 'demo' ? 'فهرس تجريبي' : info.index;
    document.getElementById('info').textContent = `${fmtNumber(info.articles)} مقالة · ${what}`;
  } catch (_) {
    // The header line is a nicety; the pages report their own errors.
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  loadInfo();
  route();
});
