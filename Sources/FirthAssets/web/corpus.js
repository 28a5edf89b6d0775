// Corpus page: sizes, the Zipf curve, the stored tables with their parameters, words to start from.
'use strict';

// A log-log plot of count against rank: Zipf's law is a straight line of slope about -1.
Firth.zipfPlot = function (points) {
  const { svg, el } = Firth;
  const width = 640, height = 360, pad = 48;
  const maxRank = Math.max(...points.map(p => p.rank)), maxCount = Math.max(...points.map(p => p.count));
  const lx = Math.log10(Math.max(maxRank, 10)), ly = Math.log10(Math.max(maxCount, 10));
  const x = r => pad + (Math.log10(r) / lx) * (width - 2 * pad);
  const y = c => height - pad - (Math.log10(Math.max(c, 1)) / ly) * (height - 2 * pad);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart zipf', role: 'img', 'aria-label': 'Zipf plot: count against rank, both on log scales' });
  for (let e = 0; e <= Math.ceil(lx); e++) {
    chart.appendChild(svg('line', { x1: x(10 ** e), x2: x(10 ** e), y1: pad / 2, y2: height - pad, class: 'grid' }));
    chart.appendChild(svg('text', { x: x(10 ** e), y: height - pad + 16, class: 'tick', 'text-anchor': 'middle' }, (10 ** e).toLocaleString('en-US')));
  }
  for (let e = 0; e <= Math.ceil(ly); e++) {
    chart.appendChild(svg('line', { x1: pad, x2: width - pad / 2, y1: y(10 ** e), y2: y(10 ** e), class: 'grid' }));
    chart.appendChild(svg('text', { x: pad - 6, y: y(10 ** e) + 4, class: 'tick', 'text-anchor': 'end' }, (10 ** e).toLocaleString('en-US')));
  }
  chart.appendChild(svg('polyline', { points: points.map(p => `${x(p.rank).toFixed(1)},${y(p.count).toFixed(1)}`).join(' '), class: 'curve' }));
  for (const p of points.filter((p, i) => i % 3 === 0)) {
    chart.appendChild(svg('circle', { cx: x(p.rank), cy: y(p.count), r: 2.5, class: 'dot' },
      svg('title', {}, `#${p.rank} ${p.word}: ${p.count.toLocaleString('en-US')}`)));
  }
  chart.appendChild(svg('text', { x: width / 2, y: height - 8, class: 'axis', 'text-anchor': 'middle' }, 'rank (log)'));
  chart.appendChild(svg('text', { x: 12, y: height / 2, class: 'axis', transform: `rotate(-90 12 ${height / 2})`, 'text-anchor': 'middle' }, 'count (log)'));
  return el('figure', {}, chart, el('figcaption', {}, 'Each word\'s count against its rank, both on log scales. Hover a dot for the word.'));
};

Firth.pages.corpus = async function () {
  const { el, table, section, wordLink, number } = Firth;
  const c = await Firth.api('corpus');
  Firth.corpus = c;
  const sizes = table(['documents', 'tokens', 'types', 'sentences'], [[c.documents, c.tokens, c.types, c.sentences]], 'sizes');
  const stored = (rows, empty) => rows.length === 0 ? el('p', { class: 'note' }, empty)
    : table(['name', 'kind', 'parameters', 'sizes', 'made', 'current'],
      rows.map(r => [el('code', {}, r.name), r.kind, el('span', { class: 'params' }, Firth.parameters(r.parameters)),
        Object.entries(r.details).map(([k, v]) => k.replace(/_/g, ' ') + ' ' + number(v)).join(', '), r.created, r.stale ? 'stale' : 'yes']));
  return el('div', { class: 'page corpus' },
    el('h1', {}, 'Corpus ', el('q', {}, c.name)),
    sizes,
    c.collections.length > 1 ? table(['collection', 'documents', 'tokens'], c.collections.map(k => [k.name, k.documents, k.tokens])) : null,
    section('Words to start from',
      el('p', { class: 'words suggested' }, c.suggested_words.map((w, i) => [i ? ' · ' : '', wordLink(w)])),
      el('p', { class: 'note' }, c.suggested_because || '')),
    section('Frequency: Zipf\'s law', c.zipf.length > 1 ? Firth.zipfPlot(c.zipf) : el('p', {}, 'Too few words to plot.')),
    section('Count tables', stored(c.tables, 'None yet: run `firth count` to count co-occurrences.')),
    section('Embeddings', stored(c.embeddings, 'None yet: run `firth embed` to make word vectors.')),
    section('Language models', stored(c.ngram_models, 'None yet: run `firth ngrams` for the next-word table of the Sentence page.')));
};
