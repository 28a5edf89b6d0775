// Map page: frequent content words and their neighbourhoods on a plane (their first two
// principal components; a faint line joins a word to each neighbour it brought), pan and zoom,
// search, click a word to highlight its nearest neighbours (what TensorBoard's Embedding
// Projector does, on count vectors).
'use strict';

Firth.pages.map = async function (route) {
  const { el, svg, api, section, wordLink, number } = Firth;
  const p = route.params;
  const n = parseInt(p.get('n') || '300', 10) || 300;
  const neighbors = p.get('neighbors') || '';
  const embedding = p.get('embedding') || '';
  const answer = await api('map', { n, neighbors, embedding });
  const width = 900, height = 600, pad = 30;
  const xs = answer.points.map(q => q.x), ys = answer.points.map(q => q.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = v => pad + (x1 > x0 ? (v - x0) / (x1 - x0) : 0.5) * (width - 2 * pad);
  const sy = v => height - pad - (y1 > y0 ? (v - y0) / (y1 - y0) : 0.5) * (height - 2 * pad);
  const maxCount = Math.max(1, ...answer.points.map(q => q.count));

  const layer = svg('g', { class: 'layer' });
  // Faint lines join each chosen word to the neighbours it brought (its neighbourhood).
  const hoods = svg('g', { class: 'hoods' });
  const links = svg('g', { class: 'links' });
  layer.appendChild(hoods);
  layer.appendChild(links);
  const byWord = new Map();
  const at = new Map(answer.points.map(q => [q.word, q]));
  for (const q of answer.points) {
    const seed = q.near && at.get(q.near);
    if (seed) hoods.appendChild(svg('line', { x1: sx(seed.x), y1: sy(seed.y), x2: sx(q.x), y2: sy(q.y) }));
  }
  // The most frequent chosen words are labelled at every zoom; the others once zoomed in.
  const labelled = new Set(answer.points.filter(q => !q.near).sort((a, b) => b.count - a.count).slice(0, 60).map(q => q.word));
  for (const q of answer.points) {
    const kind = (labelled.has(q.word) ? ' major' : '') + (q.near ? ' kin' : '');
    const g = svg('g', { class: 'point' + kind, transform: `translate(${sx(q.x).toFixed(1)},${sy(q.y).toFixed(1)})`, tabindex: 0 },
      svg('circle', { r: (2 + 4 * Math.sqrt(q.count / maxCount)).toFixed(1) }),
      svg('text', { x: 6, y: 4 }, q.word),
      svg('title', {}, `${q.word}: ${q.count.toLocaleString('en-US')} occurrences` + (q.near ? ` (a neighbour of ${q.near})` : '')));
    g.addEventListener('click', () => choose(q.word));
    g.addEventListener('keydown', e => { if (e.key === 'Enter') choose(q.word); });
    byWord.set(q.word, { point: q, node: g });
    layer.appendChild(g);
  }
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart map', role: 'img', 'aria-label': 'map of words' }, layer);
  const side = el('div', { class: 'side' }, el('p', { class: 'note' }, 'Click a word to see its nearest neighbours.'));

  // Pan (drag) and zoom (wheel, buttons): one transform on the layer; labels keep their size.
  const view = { scale: 1, tx: 0, ty: 0 };
  const apply = () => {
    layer.setAttribute('transform', `translate(${view.tx.toFixed(1)},${view.ty.toFixed(1)}) scale(${view.scale.toFixed(3)})`);
    for (const text of layer.querySelectorAll('text')) text.setAttribute('font-size', (12 / view.scale).toFixed(2));
    for (const c of layer.querySelectorAll('circle, line')) c.setAttribute('stroke-width', (1 / view.scale).toFixed(2));
    chart.classList.toggle('zoomed', view.scale >= 2.5);
  };
  const zoom = (factor, cx, cy) => {
    const s = Math.max(0.5, Math.min(40, view.scale * factor));
    view.tx = cx - (cx - view.tx) * (s / view.scale);
    view.ty = cy - (cy - view.ty) * (s / view.scale);
    view.scale = s;
    apply();
  };
  const toChart = e => { const r = chart.getBoundingClientRect(); return [(e.clientX - r.left) * width / r.width, (e.clientY - r.top) * height / r.height]; };
  chart.addEventListener('wheel', e => { e.preventDefault(); const [cx, cy] = toChart(e); zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, cx, cy); }, { passive: false });
  let drag = null;
  chart.addEventListener('pointerdown', e => { if (e.target.closest('.point')) return; drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty }; chart.setPointerCapture(e.pointerId); });
  chart.addEventListener('pointermove', e => {
    if (!drag) return;
    const r = chart.getBoundingClientRect();
    view.tx = drag.tx + (e.clientX - drag.x) * width / r.width;
    view.ty = drag.ty + (e.clientY - drag.y) * height / r.height;
    apply();
  });
  chart.addEventListener('pointerup', () => { drag = null; });
  const centre = word => {
    const entry = byWord.get(word);
    if (!entry) return;
    view.scale = Math.max(view.scale, 3);
    view.tx = width / 2 - sx(entry.point.x) * view.scale;
    view.ty = height / 2 - sy(entry.point.y) * view.scale;
    apply();
  };

  async function choose(word) {
    for (const node of layer.querySelectorAll('.chosen, .neighbor')) node.classList.remove('chosen', 'neighbor');
    links.replaceChildren();
    const entry = byWord.get(word);
    if (entry) entry.node.classList.add('chosen');
    history.replaceState(null, '', Firth.href('map', [], { n, neighbors, embedding, q: word }));
    try {
      const found = await api('neighbors', { word, embedding: answer.embedding, top: 10 });
      for (const f of found) {
        const other = byWord.get(f.neighbor);
        if (!other) continue;
        other.node.classList.add('neighbor');
        if (entry) links.appendChild(svg('line', { x1: sx(entry.point.x), y1: sy(entry.point.y), x2: sx(other.point.x), y2: sy(other.point.y) }));
      }
      side.replaceChildren(el('h3', {}, wordLink(word)),
        el('p', { class: 'note' }, entry ? 'Its nearest words; those on the map are highlighted.' : 'Not among the mapped words; its nearest words:'),
        el('ol', { class: 'map-neighbors' }, found.map(f => el('li', { class: byWord.has(f.neighbor) ? 'on-map' : '' }, wordLink(f.neighbor), ' ', number(f.similarity)))));
    } catch (error) {
      side.replaceChildren(Firth.problem(error));
    }
  }

  const search = el('form', { class: 'map-search', onsubmit: e => {
    e.preventDefault();
    const word = e.target.elements.q.value.trim().toLowerCase();
    if (!word) return;
    if (byWord.has(word)) centre(word);
    choose(word);
  } },
  el('input', { name: 'q', placeholder: 'find a word on the map', 'aria-label': 'find a word on the map', value: p.get('q') || '' }), ' ',
  el('button', { type: 'submit' }, 'Find'), ' ',
  el('button', { type: 'button', onclick: () => zoom(1.5, width / 2, height / 2) }, '+'), ' ',
  el('button', { type: 'button', onclick: () => zoom(1 / 1.5, width / 2, height / 2) }, '−'), ' ',
  el('button', { type: 'button', onclick: () => { view.scale = 1; view.tx = 0; view.ty = 0; apply(); } }, 'reset'));

  apply();
  if (p.get('q')) setTimeout(() => { centre(p.get('q')); choose(p.get('q')); }, 0);
  const sizes = [100, 300, 1000].map(k => el('a', { href: Firth.href('map', [], { n: k, neighbors: answer.neighbors, embedding }), class: k === n ? 'current' : '' }, String(k)));
  const kins = [0, 5, 10].map(k => el('a', { href: Firth.href('map', [], { n, neighbors: k, embedding }), class: k === answer.neighbors ? 'current' : '' }, String(k)));
  return el('div', { class: 'page map' },
    el('h1', {}, 'Map of meaning'),
    el('p', { class: 'facts' }, `${answer.points.length} words of `, el('code', {}, answer.embedding),
      ` · axes show ${(answer.explained[0] * 100).toFixed(1)}% and ${(answer.explained[1] * 100).toFixed(1)}% of their variance · words: `,
      sizes.map((s, i) => [i ? ' · ' : '', s]), ' · neighbours of each: ', kins.map((s, i) => [i ? ' · ' : '', s])),
    search,
    el('div', { class: 'map-area' }, chart, side),
    el('p', { class: 'note' }, answer.chosen_because, ' Drag to pan, scroll to zoom. Two words close on the map are close in the two directions along which these words vary most; their cosine in all dimensions can differ.'));
};
