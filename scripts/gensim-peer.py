#!/usr/bin/env python3
"""Train gensim's skip-gram on exactly the tokens Firth's skip-gram reads, and time it.

Reads a Firth database the way SkipGramCorpus.load does: words seen at least MIN_COUNT times,
the corpus's tokens in order without the rarer words, cut at document ends and every 10,000
words. Then trains gensim's Word2Vec with Firth's settings (sg=1, hs=0) and prints the seconds
and tokens per second of training alone (building the vocabulary is not timed).

    python3 scripts/gensim-peer.py DB [--epochs 3] [--workers 1] [--dimensions 300] [--save FILE]
"""
import argparse, sqlite3, sys, time

p = argparse.ArgumentParser()
p.add_argument("db")
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--workers", type=int, default=1)
p.add_argument("--dimensions", type=int, default=300)
p.add_argument("--window", type=int, default=5)
p.add_argument("--negative", type=int, default=5)
p.add_argument("--min-count", type=int, default=5)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--save", help="write the vectors in word2vec text format")
a = p.parse_args()

from gensim.models import Word2Vec

db = sqlite3.connect(a.db)
words = {i: w for i, w in db.execute("SELECT word_id, word FROM words WHERE count >= ?", (a.min_count,))}
ranges = db.execute("SELECT first_position, token_count FROM documents WHERE token_count > 0 ORDER BY first_position").fetchall()
sentences, current, r, end = [], [], 0, -1
for position, word_id in db.execute("SELECT position, word_id FROM tokens ORDER BY position"):
    if position >= end:
        if current: sentences.append(current); current = []
        while r < len(ranges):
            first, count = ranges[r]; r += 1
            if position < first + count: end = first + count; break
    w = words.get(word_id)
    if w is not None: current.append(w)
if current: sentences.append(current)
segments = [s[i:i + 10000] for s in sentences for i in range(0, len(s), 10000)]
total = sum(map(len, segments))
print(f"{len(words)} words, {total} tokens, {len(segments)} segments", file=sys.stderr)

model = Word2Vec(vector_size=a.dimensions, window=a.window, min_count=a.min_count, sg=1, hs=0,
                 negative=a.negative, sample=1e-3, alpha=0.025, min_alpha=0.0001, seed=a.seed,
                 workers=a.workers)
model.build_vocab(segments)
started, cpu = time.perf_counter(), time.process_time()
model.train(segments, total_examples=len(segments), epochs=a.epochs)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
import gensim
print(f"gensim {gensim.__version__} workers {a.workers}, {a.epochs} epochs: {seconds:.2f} s, "
      f"{total * a.epochs / seconds:,.0f} tokens/s; CPU {cpu:.2f} s, {total * a.epochs / cpu:,.0f} tokens per CPU second")
if a.save: model.wv.save_word2vec_format(a.save)
