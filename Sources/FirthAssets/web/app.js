// The explorer's frame: hash routing, safe DOM building, the JSON API, small charts.
// Text from the corpus is only ever put in the page as text nodes (never innerHTML).
'use strict';

const Firth = {
  pages: {},
  corpus: null,

  // el('a', {href: '#/word/x', class: 'w'}, 'text', child…): an element with attributes and children.
  el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    Firth.append(node, children);
    return node;
  },

  append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  svg(tag, attributes, ...children) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, String(value));
    }
    return Firth.append(node, children);
  },

  // The hash as a route: '#/word/river?measure=pmi' -> {page: 'word', args: ['river'], params}.
  route() {
    const hash = location.hash.replace(/^#\/?/, '') || 'corpus';
    const [path, query] = hash.split('?');
    const parts = path.split('/').filter(p => p.length > 0).map(p => { try { return decodeURIComponent(p); } catch (e) { return p; } });
    return { page: parts[0] || 'corpus', args: parts.slice(1), params: new URLSearchParams(query || '') };
  },

  // A hash for a page, its path arguments and parameters (empty values left out).
  href(page, args, params) {
    const path = [page].concat((args || []).map(a => encodeURIComponent(a))).join('/');
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') query.set(k, v);
    const q = query.toString();
    return '#/' + path + (q ? '?' + q : '');
  },

  go(page, args, params) { location.hash = Firth.href(page, args, params); },

  wordLink(word) { return Firth.el('a', { href: Firth.href('word', [word]), class: 'w' }, word); },

  // Text whose words (split on spaces) are each a link to their page.
  linkedText(text) {
    const words = text.split(' ');
    const out = [];
    words.forEach((w, i) => { if (i > 0) out.push(' '); out.push(w ? Firth.wordLink(w) : ''); });
    return out;
  },

  // GET /api/<name>?params as JSON; a refused request rejects with {status, error, suggestions}.
  async api(name, params) {
    // encodeURIComponent, not URLSearchParams: a space must travel as %20 (not '+', which the
    // server reads as itself).
    const query = Object.entries(params || {}).filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');
    const response = await fetch('api/' + name + '?' + query);
    const body = await response.json();
    if (!response.ok) throw Object.assign({ status: response.status }, body);
    return body;
  },

  // A refused request shown in place: the message and, for an unknown word, its suggestions as links.
  problem(error) {
    const box = Firth.el('div', { class: 'problem', role: 'alert' }, error && error.error ? error.error : String(error));
    if (error && error.suggestions && error.suggestions.length) {
      box.appendChild(Firth.el('div', {}, 'Did you mean: ', error.suggestions.map((s, i) => [i ? ', ' : '', Firth.wordLink(s)])));
    }
    return box;
  },

  number(value, digits) {
    if (typeof value !== 'number') return String(value);
    if (Number.isInteger(value) && digits === undefined) return value.toLocaleString('en-US');
    return value.toFixed(digits === undefined ? 3 : digits);
  },

  table(columns, rows, className) {
    return Firth.el('table', { class: className || '' },
      Firth.el('thead', {}, Firth.el('tr', {}, columns.map(c => Firth.el('th', {}, c)))),
      Firth.el('tbody', {}, rows.map(r => Firth.el('tr', {}, r.map(cell =>
        Firth.el('td', { class: typeof cell === 'number' ? 'num' : '' }, typeof cell === 'number' ? Firth.number(cell) : cell))))));
  },

  select(label, name, options, value, onchange) {
    return Firth.el('label', { class: 'chooser' }, label + ' ',
      Firth.el('select', { name, onchange: e => onchange(e.target.value) },
        options.map(o => Firth.el('option', { value: o, selected: o === value }, o))));
  },

  section(title, ...children) { return Firth.el('section', {}, Firth.el('h2', {}, title), ...children); },

  // Stored parameters (an object) as "key=value" pairs.
  parameters(object) {
    if (!object || typeof object !== 'object') return String(object === undefined ? '' : object);
    return Object.entries(object).map(([k, v]) => k + '=' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : v)).join(' ');
  },

  async render() {
    const view = document.getElementById('view');
    const route = Firth.route();
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('current', a.dataset.page === route.page);
    const page = Firth.pages[route.page];
    view.replaceChildren(Firth.el('p', { class: 'loading' }, 'Loading…'));
    if (!page) { view.replaceChildren(Firth.problem({ error: 'No page "' + route.page + '".' })); return; }
    try {
      if (!Firth.corpus) Firth.corpus = await Firth.api('corpus');
      const content = await page(route);
      if (Firth.route().page === route.page) view.replaceChildren(content);
    } catch (error) {
      view.replaceChildren(Firth.problem(error));
    }
    document.title = 'Firth · ' + route.page + (route.args.length ? ' · ' + route.args.join(' / ') : '');
  },
};

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('lookup').addEventListener('submit', event => {
    event.preventDefault();
    const word = document.getElementById('lookup-word').value.trim();
    if (word) Firth.go('word', [word]);
  });
  window.addEventListener('hashchange', () => Firth.render());
  Firth.render();
});
