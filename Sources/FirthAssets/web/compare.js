// Compare page: two words side by side (Sketch Engine's sketch difference), their cosine, and
// an analogy box (a : b :: c : ?).
'use strict';

Firth.pages.compare = async function (route) {
  const { el, api, section, wordLink, number, table, select } = Firth;
  const [a, b] = route.args;
  const p = route.params;
  const measure = p.get('measure') || 'logdice';
  const embedding = p.get('embedding') || '';
  const form = el('form', { class: 'pair', onsubmit: e => {
    e.preventDefault();
    const x = e.target.elements.a.value.trim(), y = e.target.elements.b.value.trim();
    if (x && y) Firth.go('compare', [x, y], { measure, embedding });
  } },
  el('input', { name: 'a', value: a || '', placeholder: 'first word', 'aria-label': 'first word' }), ' and ',
  el('input', { name: 'b', value: b || '', placeholder: 'second word', 'aria-label': 'second word' }), ' ',
  el('button', { type: 'submit' }, 'Compare'));

  const analogyParts = (p.get('analogy') || '').split(',').filter(s => s);
  const analogyForm = el('form', { class: 'analogy', onsubmit: e => {
    e.preventDefault();
    const f = e.target.elements;
    const parts = [f.x.value.trim(), f.y.value.trim(), f.z.value.trim()];
    if (parts.every(s => s)) Firth.go('compare', route.args, { measure, embedding, analogy: parts.join(',') });
  } },
  el('input', { name: 'x', value: analogyParts[0] || '', placeholder: 'man', 'aria-label': 'a' }), ' is to ',
  el('input', { name: 'y', value: analogyParts[1] || '', placeholder: 'king', 'aria-label': 'b' }), ' as ',
  el('input', { name: 'z', value: analogyParts[2] || '', placeholder: 'woman', 'aria-label': 'c' }), ' is to ? ',
  el('button', { type: 'submit' }, 'Solve'));

  let analogyResult = null;
  if (analogyParts.length === 3) {
    try {
      const rows = await api('analogy', { a: analogyParts[0], b: analogyParts[1], c: analogyParts[2], embedding });
      analogyResult = table(['method', '', 'answer', 'score'], rows.map(r => [r.method, r.rank, wordLink(r.answer), r.score]), 'analogy-result');
    } catch (error) { analogyResult = Firth.problem(error); }
  }
  const analogyBox = section('Analogy', analogyForm,
    el('p', { class: 'note' }, 'b − a + c, the nearest word by cosine (3CosAdd) and by the product of cosines (3CosMul).'), analogyResult);

  if (!a || !b) {
    return el('div', { class: 'page compare' }, el('h1', {}, 'Compare two words'), form, analogyBox);
  }
  let answer;
  try {
    answer = await api('compare', { a, b, measure, embedding });
  } catch (error) {
    return el('div', { class: 'page compare' }, el('h1', {}, 'Compare two words'), form, Firth.problem(error), analogyBox);
  }
  const difference = (d, label) => el('div', { class: 'difference' },
    el('div', {}, el('h3', {}, 'only ', wordLink(answer.a)), table(['word', label], d.only_a.map(x => [wordLink(x.word), x.score]))),
    el('div', {}, el('h3', {}, 'shared'), table(['word', answer.a, answer.b], d.shared.map(x => [wordLink(x.word), x.a, x.b]))),
    el('div', {}, el('h3', {}, 'only ', wordLink(answer.b)), table(['word', label], d.only_b.map(x => [wordLink(x.word), x.score]))));
  return el('div', { class: 'page compare' },
    el('h1', {}, wordLink(answer.a), ' and ', wordLink(answer.b)),
    form,
    el('p', { class: 'facts' }, 'cosine ', el('strong', { class: 'cosine' }, number(answer.cosine)), ' in ', el('code', {}, answer.embedding),
      ' (1: same direction, 0: unrelated)'),
    section('Collocates', select('measure', 'measure', Firth.corpus && Firth.corpus.tables.length ? ['logdice', 'pmi', 'ppmi', 'npmi', 'tscore', 'llr', 'count'] : [measure], measure,
      v => Firth.go('compare', [a, b], { measure: v, embedding, analogy: p.get('analogy') })),
    el('p', { class: 'note' }, `The ${answer.measure} top collocates of each word in ${answer.table}: those they share, and those only one has.`),
    difference(answer.collocates, answer.measure)),
    section('Nearest words', difference(answer.neighbors, 'cosine')),
    analogyBox);
};
