// Word page: frequency, nearest words (embedding chooser), collocates (measure chooser),
// concordance (paged, sortable by the words to the left or right). Every word is a link.
'use strict';

// Similarity as a bar and a number.
Firth.bar = function (value, max) {
  const share = Math.max(0, Math.min(1, max > 0 ? value / max : 0));
  return Firth.el('span', { class: 'bar', title: Firth.number(value) },
    Firth.el('span', { class: 'fill', style: null, 'data-share': share.toFixed(3) }), Firth.number(value));
};

// Bars are sized after insertion (style attributes are refused by the page's security policy).
Firth.sizeBars = function (root) {
  for (const fill of root.querySelectorAll('.bar .fill')) fill.style.width = (Number(fill.dataset.share) * 100).toFixed(1) + '%';
};

Firth.pages.word = async function (route) {
  const { el, api, section, wordLink, number, select, table } = Firth;
  const word = route.args[0];
  const p = route.params;
  if (!word) {
    return el('div', { class: 'page' }, el('h1', {}, 'Word'),
      el('p', {}, 'Type a word in the box above, or start from one of these: '),
      el('p', { class: 'words' }, Firth.corpus.suggested_words.map((w, i) => [i ? ' · ' : '', wordLink(w)])));
  }
  const info = await api('word', { word });
  const embedding = p.get('embedding') || (info.embeddings.length ? info.embeddings[info.embeddings.length - 1] : '');
  const measure = p.get('measure') || 'logdice';
  const sort = p.get('sort') || 'none';
  const page = Math.max(0, parseInt(p.get('page') || '0', 10) || 0);
  const pageSize = 25;
  const state = { embedding, measure, sort, page };
  const update = change => Firth.go('word', [info.word], Object.assign({}, state, change));

  const [neighbors, collocates, concordance] = await Promise.allSettled([
    info.embeddings.length ? api('neighbors', { word: info.word, embedding, top: 15 }) : Promise.reject({ error: 'No embedding yet: run `firth embed`.' }),
    info.tables.length ? api('collocates', { word: info.word, measure, top: 20 }) : Promise.reject({ error: 'No count table yet: run `firth count`.' }),
    api('concordance', { word: info.word, sort, offset: page * pageSize, limit: pageSize }),
  ]);

  const neighborPanel = section('Nearest words',
    info.embeddings.length > 1 ? select('embedding', 'embedding', info.embeddings, embedding, v => update({ embedding: v })) : el('p', { class: 'note' }, 'in ', el('code', {}, embedding)),
    neighbors.status === 'fulfilled'
      ? table(['', 'word', 'cosine'], neighbors.value.map(n => [n.rank, wordLink(n.neighbor), Firth.bar(n.similarity, 1)]), 'neighbors')
      : Firth.problem(neighbors.reason));

  const scoreName = measure;
  const collocatePanel = section('Collocates',
    select('measure', 'measure', info.measures, measure, v => update({ measure: v })),
    collocates.status === 'fulfilled'
      ? (collocates.value.length === 0 ? el('p', { class: 'note' }, 'No collocate seen at least twice.')
        : table(['', 'collocate', 'together', scoreName], collocates.value.map(c => [c.rank, wordLink(c.collocate), c.count, c[scoreName]]), 'collocates'))
      : Firth.problem(collocates.reason),
    el('p', { class: 'note' }, 'Pairs seen at least twice in the most recent count table. PMI favours rare pairs; logDice, t-score and log-likelihood (llr) favour reliable ones.'));

  let concordancePanel;
  if (concordance.status === 'fulfilled') {
    const k = concordance.value;
    const shownFrom = k.lines.length ? k.offset + 1 : 0;
    const sortedNote = k.sorted !== null && k.sorted !== undefined && k.sorted < k.total ? ` (sorted among the first ${number(k.sorted)})` : '';
    concordancePanel = section('Concordance',
      select('sort by', 'sort', ['none', 'left', 'right'], sort, v => update({ sort: v, page: 0 })),
      el('p', { class: 'note' }, `${number(shownFrom)}–${number(k.offset + k.lines.length)} of ${number(k.total)} occurrences${sortedNote}`),
      el('table', { class: 'kwic' }, el('tbody', {}, k.lines.map(line => el('tr', {},
        el('td', { class: 'left' }, Firth.linkedText(line.left)),
        el('td', { class: 'kw' }, line.keyword),
        el('td', { class: 'right' }, Firth.linkedText(line.right)),
        el('td', { class: 'source' }, line.source))))),
      el('p', { class: 'pager' },
        el('button', { type: 'button', disabled: page === 0, onclick: () => update({ page: page - 1 }) }, '← previous'), ' ',
        el('button', { type: 'button', disabled: k.offset + k.lines.length >= (k.sorted !== null && k.sorted !== undefined ? k.sorted : k.total), onclick: () => update({ page: page + 1 }) }, 'next →')));
  } else {
    concordancePanel = section('Concordance', Firth.problem(concordance.reason));
  }

  const content = el('div', { class: 'page word' },
    el('h1', {}, el('span', { class: 'headword' }, info.word)),
    el('p', { class: 'facts' }, `${number(info.count)} occurrences · rank ${number(info.rank)} · ${number(info.per_million, 1)} per million words · `,
      el('a', { href: Firth.href('compare', [info.word]) }, 'compare with another word')),
    el('div', { class: 'columns' }, neighborPanel, collocatePanel),
    concordancePanel);
  setTimeout(() => Firth.sizeBars(document), 0);
  return content;
};
