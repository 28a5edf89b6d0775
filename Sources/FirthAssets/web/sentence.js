// Sentence page: attention over a typed sentence (weights on hover, each word's largest clue,
// its neighbours before and after, how far it moved) and the language model's next words.
'use strict';

Firth.pages.sentence = async function (route) {
  const { el, api, section, wordLink, number, table } = Firth;
  const p = route.params;
  const sentence = p.get('s') || '';
  const tau = p.get('tau') || '0.2';
  const layers = p.get('layers') || '1';
  const seed = p.get('seed') || '1';
  const embedding = p.get('embedding') || '';
  const form = el('form', { class: 'sentence-form', onsubmit: e => {
    e.preventDefault();
    const f = e.target.elements;
    const text = f.s.value.trim();
    if (text) Firth.go('sentence', [], { s: text, tau: f.tau.value, layers: f.layers.value, seed: f.seed.value, embedding });
  } },
  el('textarea', { name: 's', rows: 2, placeholder: 'Type a sentence…', 'aria-label': 'sentence' }, sentence),
  el('div', { class: 'knobs' },
    el('label', {}, 'τ ', el('input', { name: 'tau', value: tau, size: 4, 'aria-label': 'temperature τ' })), ' ',
    el('label', {}, 'layers ', el('select', { name: 'layers' }, ['1', '2', '3'].map(v => el('option', { value: v, selected: v === layers }, v)))), ' ',
    el('label', {}, 'seed ', el('input', { name: 'seed', value: seed, size: 4, 'aria-label': 'seed of the continuation' })), ' ',
    el('button', { type: 'submit' }, 'Attend')),
  el('p', { class: 'note' }, 'τ: lower sharpens attention toward the best clue, higher evens it out. Layers: each layer mixes the output of the one before.'));
  if (!sentence) {
    const first = Firth.corpus.suggested_words.slice(0, 4);
    return el('div', { class: 'page sentence' }, el('h1', {}, 'Sentence'), form,
      el('p', {}, 'Each word scores every other word by cosine, turns the scores into weights (softmax at temperature τ) and adds the weighted mix of their vectors to its own: a transformer\'s attention with no learned weights.'),
      first.length ? el('p', {}, 'Try: ', el('a', { href: Firth.href('sentence', [], { s: first.join(' ') }) }, first.join(' '))) : null);
  }
  let attention;
  try {
    attention = await api('attend', { sentence, tau, layers, embedding });
  } catch (error) {
    return el('div', { class: 'page sentence' }, el('h1', {}, 'Sentence'), form, Firth.problem(error));
  }
  const words = attention.words;
  const shown = { layer: 0 };
  const hover = el('p', { class: 'hover note' }, 'Hover a cell: how much the row\'s word attends to the column\'s.');
  const matrixBox = el('div', { class: 'matrix-box' });
  const drawMatrix = () => {
    const weights = attention.weights[shown.layer];
    const cells = weights.map((row, i) => {
      const best = row.indexOf(Math.max(...row));
      return el('tr', {}, el('th', { scope: 'row' }, wordLink(words[i])), row.map((w, j) => {
        const td = el('td', { class: 'weight' + (j === best ? ' clue' : ''), title: `${words[i]} → ${words[j]}: ${w.toFixed(3)}`,
          onmouseenter: () => { hover.textContent = `${words[i]} attends to ${words[j]} with weight ${w.toFixed(3)}` + (j === best ? ' (its largest clue)' : ''); } },
        w.toFixed(2));
        td.style.backgroundColor = `rgba(37, 99, 235, ${Math.min(1, w * 1.5).toFixed(3)})`;
        if (w > 0.45) td.classList.add('dark');
        return td;
      }));
    });
    matrixBox.replaceChildren(el('table', { class: 'attention' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), words.map(w => el('th', { scope: 'col' }, w)))),
      el('tbody', {}, cells)));
  };
  drawMatrix();
  const layerChooser = attention.weights.length > 1
    ? Firth.select('layer', 'layer', attention.weights.map((_, i) => String(i + 1)), '1', v => { shown.layer = Number(v) - 1; drawMatrix(); }) : null;
    const perWord = table(['word', 'largest clue', 'moved', 'neighbours before', 'neighbours after'],
    attention.neighbors.map((w, i) => [wordLink(w.word), w.largest_clue ? wordLink(w.largest_clue) : '–', attention.movement[i],
      el('span', {}, w.before.map((n, i) => [i ? ', ' : '', wordLink(n.word)])),
      el('span', {}, w.after.map((n, i) => [i ? ', ' : '', wordLink(n.word)]))]), 'moved');

  const panels = [
    el('h1', {}, 'Sentence'), form,
    el('p', { class: 'facts' }, `${words.length} words in `, el('code', {}, attention.space),
      ` · τ = ${attention.temperature} · ${attention.mode} · ${attention.layers} layer${attention.layers === 1 ? '' : 's'} · residual λ = ${attention.residual}`,
      attention.out_of_vocabulary.length ? ` · left out (no vector): ${attention.out_of_vocabulary.join(' ')}` : ''),
    section('Attention', layerChooser, matrixBox, hover,
      el('p', { class: 'note' }, 'Row: the word attending; column: the word it listens to. Each row sums to 1; the outlined cell is the largest clue.')),
    section('How each word moved', perWord,
      el('p', { class: 'note' }, 'moved: cosine between the word\'s static vector and its vector after attention (1: unchanged). Neighbours leave out the sentence\'s own words.')),
  ];
  const model = (Firth.corpus.ngram_models || []).some(m => !m.stale);
  if (model) {
    const [next, continuation] = await Promise.allSettled([
      api('predict', { prompt: sentence, top: 10, embedding }),
      api('generate', { prompt: sentence, words: 20, seed, embedding }),
    ]);
    panels.push(section('Next word',
      next.status === 'fulfilled'
        ? table(['', 'word', 'n-gram', 'fit', 'factor', 'cache', 'probability', 'clue'],
          next.value.map(c => [c.rank, c.word.startsWith('<') ? c.word : wordLink(c.word), c.ngram, c.fit, c.factor, c.cache, c.combined, c.clue ? wordLink(c.clue) : '']), 'next-words')
        : Firth.problem(next.reason),
      el('p', { class: 'note' }, 'The n-gram model\'s probability, reweighted by how well each word fits the meaning of the whole sentence (factor) and mixed with a cache of its own words; as `firth predict`.')));
    panels.push(section('A continuation',
      continuation.status === 'fulfilled' ? el('p', { class: 'continuation' }, continuation.value.text) : Firth.problem(continuation.reason),
      el('p', { class: 'note' }, `Drawn word by word from the same distribution, seed ${seed}; as \`firth generate\`.`)));
  } else {
    panels.push(section('Next word', el('p', { class: 'note' }, 'No current language model in the database: run `firth ngrams` to see the next-word table and a continuation here.')));
  }
  return el('div', { class: 'page sentence' }, panels);
};
