import Foundation

extension CorpusReport {
    // MARK: - The page

    /// The report as one self-contained page: inline CSS and SVG, no script, nothing fetched.
    ///
    /// The markup is XHTML-style (well-formed XML) so that it can be checked by a parser, and a
    /// Content-Security-Policy of `default-src 'none'` makes a browser refuse any outside load.
    public func html() -> String {
        var body = header()
        body += corpusSection()
        body += cooccurrenceSection()
        body += mapSection()
        body += attentionSection()
        body += dispersionSection()
        body += parameterSection()
        return """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
        <meta name="generator" content="firth \(HTML.escape(FirthKit.version))"/>
        <title>\(HTML.escape("Firth report: \(statistics.name)"))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    static let css = """

    :root { color-scheme: light; }
    body { margin: 0; background: #fff; color: #1b1b1b; line-height: 1.5;
           font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
    main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    h1 { font-size: 1.7rem; margin: .5rem 0 .25rem; }
    h2 { font-size: 1.3rem; margin-top: 2.2rem; padding-bottom: .2rem; border-bottom: 2px solid #08519c; }
    h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
    p, li { max-width: 75ch; }
    .lede { color: #444; margin-top: 0; }
    nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; margin: .5rem 0; }
    a { color: #08519c; }
    code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; }
    pre { background: #f4f6f8; border: 1px solid #dde3ea; padding: .6rem .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr)); gap: 1.25rem 2rem; align-items: start; }
    figure { margin: 1rem 0; min-width: 0; }
    figcaption { font-size: .9rem; color: #333; margin-top: .35rem; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    code { overflow-wrap: anywhere; }
    figure.wide { overflow-x: auto; }
    .table-wrap { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .5rem 0; }
    th, td { padding: .25rem .65rem; border-bottom: 1px solid #e2e2e2; text-align: left; vertical-align: top; }
    th { background: #f4f6f8; font-weight: 600; }
    td.num, th.num { text-align: right; }
    caption { text-align: left; font-weight: 600; padding: .2rem 0; }
    table.parameters { width: 100%; }
    table.parameters td { overflow-wrap: anywhere; }
    dl.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: .5rem; margin: .75rem 0; }
    dl.summary div { border: 1px solid #dde3ea; border-radius: 6px; padding: .45rem .7rem; }
    dl.summary dt { font-size: .8rem; color: #555; }
    dl.summary dd { margin: 0; font-size: 1.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    .note { font-size: .9rem; color: #444; }
    .words { font-weight: 600; }
    svg text { font-family: inherit; }
    .tick { font-size: 11px; fill: #333; }
    .label { font-size: 12px; fill: #1b1b1b; }
    .axis-title { font-size: 13px; font-weight: 600; fill: #1b1b1b; }
    .grid { stroke: #e8e8e8; stroke-width: 1; }
    .frame { fill: none; stroke: #999; }
    .curve { fill: none; stroke: #08519c; stroke-width: 2; }
    .loglog .point { fill: #08519c; }
    .reference { stroke: #555; stroke-width: 1.5; stroke-dasharray: 6 4; }
    .cell { stroke: #fff; stroke-width: 1; }
    .mark { fill: none; stroke: #000; stroke-width: 2.5; }
    .value { font-size: 11px; pointer-events: none; }
    .scatter .point.chosen { fill: #08306b; stroke: #fff; stroke-width: 1.5; }
    .scatter .point.neighbour { fill: #fff; stroke: #4a7fb5; stroke-width: 2; }
    .link { stroke: #c4c4c4; stroke-width: 1; }
    .label.chosen { font-size: 14px; font-weight: 700; fill: #08306b; }
    .label.neighbour { font-size: 11px; fill: #333; }
    @media (max-width: 600px) {
      figure.wide svg.chart { min-width: 560px; }
      main { padding: .75rem .8rem 2rem; }
      h1 { font-size: 1.35rem; }
      th, td { padding: .2rem .4rem; }
    }
    @media print {
      nav { display: none; }
      figure, table { break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
    }

    """

    // MARK: - Sections

    func header() -> String {
        """
        <header>
        <h1>Firth report: corpus <q>\(HTML.escape(statistics.name))</q></h1>
        <p class="lede">Generated \(HTML.escape(generated)) by firth \(HTML.escape(FirthKit.version)) from count table <code>\(HTML.escape(table.name))</code> and embedding <code>\(HTML.escape(embedding.name))</code>. Hover over a cell or a point to see its value.</p>
        <nav><ol><li><a href="#corpus">1. Corpus</a></li><li><a href="#cooccurrence">2. Co-occurrence</a></li><li><a href="#map">3. Map of words</a></li><li><a href="#attention">4. Attention</a></li><li><a href="#parameters">5. Parameters</a></li></ol></nav>
        </header>

        """
    }

    /// The ranks drawn on the frequency curve: every rank up to 50, then ranks 5 % apart, and the last.
    var zipfPoints: [LogLogPlot.Point] {
        var ranks: [Int] = []
        var r = 1
        while r <= frequencies.count {
            ranks.append(r)
            r = r < 50 ? r + 1 : max(r + 1, Int((Double(r) * 1.05).rounded()))
        }
        if let last = ranks.last, last != frequencies.count, !frequencies.isEmpty { ranks.append(frequencies.count) }
        return ranks.map { LogLogPlot.Point(x: Double($0), y: Double(frequencies[$0 - 1].count), label: frequencies[$0 - 1].word) }
    }

    /// The least-squares slope of log count on log rank over `zipfPoints` (evenly spread in log rank).
    public var zipfSlope: Double {
        let points = zipfPoints
        guard points.count >= 2 else { return 0 }
        let xs = points.map { log10($0.x) }, ys = points.map { log10($0.y) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return sxx > 0 ? sxy / sxx : 0
    }

    func corpusSection() -> String {
        let s = statistics
        let hapaxes = frequencies.lazy.filter { $0.count == 1 }.count
        func item(_ name: String, _ value: String) -> String { "<div><dt>\(name)</dt><dd>\(value)</dd></div>" }
        var out = "<section id=\"corpus\">\n<h2>1. The corpus</h2>\n<dl class=\"summary\">"
        out += item("documents", HTML.grouped(s.documents)) + item("tokens (running words)", HTML.grouped(s.tokens))
        out += item("types (distinct words)", HTML.grouped(s.types)) + item("sentences", HTML.grouped(s.sentences))
        out += item("types per 1,000 tokens", String(format: "%.1f", s.tokens > 0 ? Double(s.types) * 1000 / Double(s.tokens) : 0))
        out += item("words seen once", HTML.grouped(hapaxes))
        out += "</dl>\n"
        if s.collections.count > 1 {
            out += "<div class=\"table-wrap\"><table class=\"collections\"><thead><tr><th>collection</th><th class=\"num\">documents</th><th class=\"num\">tokens</th></tr></thead><tbody>\n"
            for c in s.collections {
                out += "<tr><td>\(HTML.escape(c.name))</td><td class=\"num\">\(HTML.grouped(c.documents))</td><td class=\"num\">\(HTML.grouped(c.tokens))</td></tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        var plot = LogLogPlot(points: zipfPoints, title: "Frequency curve: count against rank, both on log scales",
                              xAxis: "rank (1 = most frequent word, log scale)", yAxis: "count (log scale)")
        let labelled = Set([1, 10, 100, 1000, 10000, 100000])
        plot.labelled = Set(plot.points.indices.filter { labelled.contains(Int(plot.points[$0].x)) })
        out += "<figure id=\"zipf\" class=\"wide\">\n" + plot.svg() + "\n<figcaption>Zipf's law: a word's count falls roughly as 1/rank, a straight line of slope −1 on log–log axes (dashed). "
        out += "Fitted slope here: \(String(format: "%.2f", zipfSlope)). \(HTML.grouped(frequencies.count)) words; ranks after 50 are sampled 5 % apart.</figcaption>\n</figure>\n"
        return out + "</section>\n"
    }

    func cooccurrenceSection() -> String {
        var out = "<section id=\"cooccurrence\">\n<h2>2. Co-occurrence</h2>\n"
        out += "<p>Words: <span class=\"words\">\(HTML.escape(words.joined(separator: ", ")))</span>. \(HTML.escape(choice.explanation))</p>\n"
        if !choice.leftOut.isEmpty {
            out += "<p class=\"note\">Frequent words whose company is closest to the average (function-like, left out): \(HTML.escape(choice.leftOut.prefix(15).joined(separator: ", ")))</p>\n"
        }
        let p = table.parameters
        let countDigits = p.weighting == .uniform ? 0 : 1
        var counts = Heatmap(rowLabels: words, columnLabels: words, values: self.counts.map { $0.map(Optional.some) },
                             title: "Co-occurrence counts in \(table.name)", valueName: "count #(w, c)")
        counts.scale = .logarithmic
        counts.digits = countDigits
        counts.id = "counts"
        var ppmiChart = Heatmap(rowLabels: words, columnLabels: words, values: ppmi.map { $0.map(Optional.some) },
                                title: "PPMI in \(table.name)", valueName: "PPMI (natural log)")
        ppmiChart.id = "ppmi"
        out += "<div class=\"figures\">\n"
        out += "<figure id=\"counts-figure\">\n" + counts.svg() + "\n<figcaption>How often each word (row) has each context word (column) within \(p.window) words \(p.direction == .both ? "on either side" : "to the \(p.direction.rawValue)"), "
        out += "windows stopping at \(p.boundary.rawValue) ends. Colour on a log scale; darker is more.</figcaption>\n</figure>\n"
        out += "<figure id=\"ppmi-figure\">\n" + ppmiChart.svg() + "\n<figcaption>Positive PMI: ln of how much more often the pair occurs than chance predicts, 0 when less "
        out += "(context smoothing α = \(HTML.number(smoothing.contextSmoothing)), shift k = \(HTML.number(smoothing.shift))). Frequency no longer dominates.</figcaption>\n</figure>\n"
        return out + "</div>\n</section>\n"
    }

    func mapSection() -> String {
        var out = "<section id=\"map\">\n<h2>3. A map of words</h2>\n"
        var plot = ScatterPlot(
            points: map.points.map { .init(x: $0.x, y: $0.y, label: $0.word, highlighted: $0.chosen,
                                           tooltip: "\($0.word) (\(String(format: "%.3f", $0.x)), \(String(format: "%.3f", $0.y)))") },
            title: "The chosen words and their nearest neighbours, on the first two principal components of their vectors",
            xAxis: String(format: "first principal component (%.0f %% of variance)", map.explained.0 * 100),
            yAxis: String(format: "second principal component (%.0f %% of variance)", map.explained.1 * 100))
        plot.links = map.links
        out += "<figure id=\"map-figure\" class=\"wide\">\n" + plot.svg() + "\n"
        out += "<figcaption>Each word's \(embedding.dimensions)-dimensional vector from <code>\(HTML.escape(embedding.name))</code>, projected on the two directions along which these \(map.points.count) words vary most "
        out += "(centred, then LAPACK's SVD). Lines join each chosen word to its \(neighborCount) nearest neighbours by cosine; nearness on the plane is only approximate.</figcaption>\n</figure>\n"
        out += "<div class=\"table-wrap\"><table class=\"neighbours\"><thead><tr><th>word</th><th>nearest neighbours (cosine)</th></tr></thead><tbody>\n"
        for (word, list) in map.neighbors {
            out += "<tr><td>\(HTML.escape(word))</td><td>\(HTML.escape(list.map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", ")))</td></tr>\n"
        }
        return out + "</tbody></table></div>\n</section>\n"
    }

    func attentionSection() -> String {
        var out = "<section id=\"attention\">\n<h2>4. Attention</h2>\n"
        guard !sentences.isEmpty else {
            return out + "<p>No sentence given: add <code>--sentence \"…\"</code> (as often as you like) to see self-attention make static vectors contextual.</p>\n</section>\n"
        }
        out += "<p>Each word scores the other words of the sentence by cosine, turns the scores into weights that sum to 1 (softmax), and adds the weighted mix of their vectors to its own: "
        out += "the arithmetic of a transformer's attention, with no learned weights. Vectors: \(HTML.escape(attentionSpace)). Settings: \(HTML.escape(attentionSettingsLine)).</p>\n"
        for (k, sentence) in sentences.enumerated() {
            let r = sentence.result
            out += "<h3 id=\"sentence-\(k + 1)\">Sentence \(k + 1): <q>\(HTML.escape(sentence.text))</q></h3>\n"
            if !r.outOfVocabulary.isEmpty {
                out += "<p class=\"note\">Out of vocabulary, left out: \(HTML.escape(r.outOfVocabulary.joined(separator: " ")))</p>\n"
            }
            out += "<div class=\"figures\">\n"
            for layer in r.layers.indices {
                let weights = r.weights(layer: layer)
                let values: [[Double?]] = (0..<weights.rows).map { i in (0..<weights.columns).map { j in
                    attention.excludeSelf && i == j && weights[i, j] == 0 && weights.rows > 1 ? nil : Double(weights[i, j]) } }
                var chart = Heatmap(rowLabels: r.words, columnLabels: r.words, values: values,
                                    title: "Attention weights, sentence \(k + 1)" + (r.layers.count > 1 ? ", layer \(layer + 1)" : ""), valueName: "attention weight")
                chart.rowAxis = "word attending"
                chart.columnAxis = "context word"
                chart.id = "attention-\(k + 1)-\(layer + 1)"
                chart.marked = Set(r.words.indices.compactMap { i in r.largestClue(of: i, layer: layer).map { [i, $0] } })
                out += "<figure class=\"attention\">\n" + chart.svg() + "\n<figcaption>Row: the word attending; column: the word it attends to. Each row sums to 1; the outlined cell is its largest clue"
                out += attention.excludeSelf ? "; grey: the word itself, left out." : "."
                out += "</figcaption>\n</figure>\n"
            }
            out += "<div class=\"table-wrap\"><table class=\"before-after\"><thead><tr><th>word</th><th class=\"num\">moved</th><th>largest clue</th><th>neighbours before attention</th><th>neighbours after attention</th></tr></thead><tbody>\n"
            for w in sentence.words {
                out += "<tr><td>\(HTML.escape(w.word))</td><td class=\"num\">\(String(format: "%.3f", w.movement))</td><td>\(HTML.escape(w.largestClue ?? "–"))</td>"
                out += "<td>\(HTML.escape(w.before.map(\.word).joined(separator: ", ")))</td><td>\(HTML.escape(w.after.map(\.word).joined(separator: ", ")))</td></tr>\n"
            }
            out += "</tbody></table></div>\n</div>\n<p class=\"note\">moved: cosine between the word's static and contextual vectors (1 = unchanged). Neighbours leave out the sentence's own words.</p>\n"
            out += nextWordPanel(sentence, number: k + 1)
        }
        return out + "</section>\n"
    }

    /// The most likely next words after the sentence: the n-gram's view, the context's factor, both combined.
    func nextWordPanel(_ sentence: Sentence, number: Int) -> String {
        guard let nextWordModel, !sentence.nextWords.isEmpty else {
            return "<p class=\"note\">Next word: make an n-gram model (<code>firth ngrams</code>) to see which words the sentence makes likely next.</p>\n"
        }
        var out = "<h4 id=\"next-word-\(number)\">Next word</h4>\n<p>The words most likely to come next (<code>firth predict</code>, \(HTML.escape(nextWordModel))): "
        out += "the n-gram's probability, times the factor by which the meaning of the whole sentence moves it, gives the combined probability (with a cache of the sentence's own words).</p>\n"
        out += "<div class=\"table-wrap\"><table class=\"next-word\"><thead><tr><th>next word</th><th class=\"num\">n-gram</th><th class=\"num\">× context</th><th class=\"num\">combined</th><th>clue</th></tr></thead><tbody>\n"
        for c in sentence.nextWords {
            out += "<tr><td>\(HTML.escape(c.word))</td><td class=\"num\">\(String(format: "%.4f", c.ngram))</td><td class=\"num\">\(String(format: "%.2f", c.contextFactor))</td>"
            out += "<td class=\"num\">\(String(format: "%.4f", c.combined))</td><td>\(HTML.escape(c.clue ?? "–"))</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    var attentionSettingsLine: String {
        return "τ = " + String(format: "%.4g", attention.temperature)
            + ", mode \(attention.mode.rawValue), self \(attention.excludeSelf ? "excluded" : "included")"
            + ", window " + (attention.window.map(String.init) ?? "whole sentence")
            + ", \(attention.layers) layer\(attention.layers == 1 ? "" : "s"), residual λ = \(HTML.number(attention.residual))"
            + ", frequency weighting a = " + (attention.frequencyWeighting.map { String(format: "%g", $0) } ?? "off")
    }

    /// The dispersion plots asked for (`firth report --dispersion WORD`), or nothing.
    func dispersionSection() -> String {
        guard !dispersion.isEmpty else { return "" }
        var out = "<section id=\"dispersion\">\n<h2>Dispersion</h2>\n"
        out += "<p>Where each word occurs: one bar per document, a tick per occurrence at its place in the document "
        out += "(<code>firth dispersion</code> gives the figures: document frequency, Juilland's D, Gries' DP).</p>\n"
        for plot in dispersion { out += "<figure>\(plot.svg())</figure>\n" }
        return out + "</section>\n"
    }

    func parameterSection() -> String {
        let p = table.parameters
        func row(_ name: String, _ value: String) -> String { "<tr><th scope=\"row\">\(HTML.escape(name))</th><td>\(HTML.escape(value))</td></tr>\n" }
        var out = "<section id=\"parameters\">\n<h2>5. Parameters</h2>\n<p>Everything needed to make this report again.</p>\n"
        out += "<div class=\"figures\">\n<div class=\"table-wrap\"><table class=\"parameters\" id=\"count-parameters\"><caption>Count table</caption><tbody>\n"
        out += row("name", table.name)
        out += row("window", String(p.window)) + row("direction", p.direction.rawValue) + row("weighting", p.weighting.rawValue)
        out += row("boundary", p.boundary.rawValue) + row("min count", String(p.minCount))
        out += row("max vocabulary", p.maxVocabulary.map(String.init) ?? "no limit") + row("gaps", p.gaps.rawValue)
        out += row("subsample", p.subsample.map { String(format: "%g (seed %d)", $0, p.seed) } ?? "off")
        out += row("vocabulary", HTML.grouped(table.vocabularySize)) + row("non-zero cells", HTML.grouped(table.nonzeroCount))
        out += row("total D", HTML.value(table.total, digits: 0)) + row("counted", table.createdAt + (table.isStale ? " (stale: the corpus changed since)" : ""))
        out += row("parameters (JSON)", p.json)
        out += "</tbody></table></div>\n<div class=\"table-wrap\"><table class=\"parameters\" id=\"embedding-parameters\"><caption>Embedding</caption><tbody>\n"
        out += row("name", embedding.name) + row("source", embedding.source.kind.rawValue)
        out += row("dimensions", String(embedding.dimensions)) + row("vocabulary", HTML.grouped(embedding.vocabularySize))
        if let e = embedding.source.svd {
            out += row("eigenvalue weight p", HTML.number(e.eigenWeight)) + row("power iterations", String(e.powerIterations))
            out += row("oversampling", String(e.oversampling)) + row("seed", String(e.seed))
            out += row("context smoothing α", HTML.number(e.smoothing.contextSmoothing)) + row("shift k", HTML.number(e.smoothing.shift))
            out += row("removed top components", String(e.removeTopComponents))
            out += row("parameters (JSON)", e.json)
        } else if let s = embedding.source.skipGram {
            out += row("window", String(s.window)) + row("negative samples k", String(s.negative))
            out += row("epochs", String(s.epochs)) + row("subsample", String(format: "%g", s.subsample))
            out += row("learning rate", String(format: "%g → %g", s.learningRate, s.minLearningRate))
            out += row("seed", String(s.seed)) + row("threads", String(s.threads))
            out += row("parameters (JSON)", embedding.parametersJSON)
        } else if embedding.source.kind == .combined {
            out += row("parameters (JSON)", embedding.parametersJSON)
        }
        out += row("made", embedding.createdAt)
        out += "</tbody></table></div>\n<div class=\"table-wrap\"><table class=\"parameters\" id=\"attention-parameters\"><caption>Attention</caption><tbody>\n"
        out += row("vectors", attentionSpace)
        out += row("temperature τ", String(format: "%g", attention.temperature))
        out += row("mode", attention.mode.rawValue) + row("self", attention.excludeSelf ? "excluded" : "included")
        out += row("window", attention.window.map(String.init) ?? "whole sentence") + row("layers", String(attention.layers))
        out += row("residual λ", HTML.number(attention.residual))
        out += row("frequency weighting a", attention.frequencyWeighting.map { String(format: "%g", $0) } ?? "off")
        out += row("neighbours shown", String(neighborCount))
        out += "</tbody></table></div>\n</div>\n"
        out += "<h3>Commands</h3>\n<pre id=\"commands\">\(HTML.escape(commands.joined(separator: "\n")))</pre>\n"
        return out + "</section>\n"
    }

    // MARK: - Reproducing

    /// The `firth` commands that make the same tables and this report again.
    public var commands: [String] {
        let p = table.parameters
        var count = "firth count --window \(p.window) --direction \(p.direction.rawValue) --weighting \(p.weighting.rawValue) --boundary \(p.boundary.rawValue) --min-count \(p.minCount) --gaps \(p.gaps.rawValue)"
        if let m = p.maxVocabulary { count += " --max-vocab \(m)" }
        if let t = p.subsample { count += " --subsample \(String(format: "%g", t)) --seed \(p.seed)" }
        count += " --name \(Self.shellQuoted(table.name))"
        return [count] + (parts + [embedding]).compactMap(remakeCommand) + [reportCommand]
    }

    /// The command that makes `embedding` again (nil for imported vectors).
    private func remakeCommand(_ embedding: Embedding) -> String? {
        if let e = embedding.source.svd {
            return "firth embed --method svd --space \(Self.shellQuoted(table.name)) --dimensions \(e.dimensions) --eigen-weight \(HTML.number(e.eigenWeight)) "
                + "--power-iterations \(e.powerIterations) --oversampling \(e.oversampling) --seed \(e.seed) --remove-top-components \(e.removeTopComponents) "
                + "--context-smoothing \(HTML.number(e.smoothing.contextSmoothing)) --shift \(HTML.number(e.smoothing.shift)) --name \(Self.shellQuoted(embedding.name))"
        } else if let s = embedding.source.skipGram {
            return "firth skipgram --dimensions \(s.dimensions) --window \(s.window) --negative \(s.negative) --epochs \(s.epochs) "
                + "--subsample \(String(format: "%g", s.subsample)) --learning-rate \(String(format: "%g", s.learningRate)) "
                + "--min-learning-rate \(String(format: "%g", s.minLearningRate)) --min-count \(s.minCount) --seed \(s.seed) "
                + "--threads \(s.threads)\(s.threads > 1 && s.lockFree != true ? " --reproducible" : "")\(s.subcorpus.map { " --subcorpus \(Self.shellQuoted($0))" } ?? "") --remove-top-components \(s.removeTopComponents) --name \(Self.shellQuoted(embedding.name))"
        } else if let c = embedding.combination {
            return "firth combine \(c.parts.map(Self.shellQuoted).joined(separator: " ")) --weights "
                + "\(c.weights.map { String(format: "%g", $0) }.joined(separator: " ")) --name \(Self.shellQuoted(embedding.name))"
        }
        return nil
    }

    /// `firth report` with every choice this report made.
    private var reportCommand: String {
        var report = "firth report --space \(Self.shellQuoted(table.name)) --embedding \(Self.shellQuoted(embedding.name))"
        switch choice.rule {
        case .given: report += " --words \(Self.shellQuoted(words.joined(separator: ",")))"
        case .tutorial: break
        case .pmiMass:
            report += " --data-words" + (words.count != 8 ? " --word-count \(words.count)" : "")
        }
        for s in sentences { report += " --sentence \(Self.shellQuoted(s.text))" }
        if let focus { report += " --focus \(Self.shellQuoted(focus))" }
        if attentionUsesPPMI { report += " --using ppmi" }
        if attention.temperature != SentenceAttention.Settings().temperature {
            report += " --temperature \(String(format: "%g", attention.temperature))"
        }
        if !attention.excludeSelf { report += " --no-exclude-self" }
        if attention.mode != .soft { report += " --mode \(attention.mode.rawValue)" }
        if let w = attention.window { report += " --attention-window \(w)" }
        if attention.layers != 1 { report += " --layers \(attention.layers)" }
        if attention.residual != 1 { report += " --residual \(HTML.number(attention.residual))" }
        report += " --frequency-weighting \(attention.frequencyWeighting.map { String(format: "%g", $0) } ?? "0")"
        if neighborCount != 5 { report += " --neighbors \(neighborCount)" }
        return report + " --out report.html"
    }

    /// `text` as one shell word: bare when it is safe, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.,/=:+"))
        if !text.isEmpty && text.unicodeScalars.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
