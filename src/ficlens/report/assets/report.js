/* ficlens report: draws the page from the JSON context in #ficlens-data.
 * Written for ficlens; plain JavaScript and SVG, no framework, no network.
 * Safety rule: story strings only ever reach the page through textContent, attribute values or
 * createTextNode; nothing here asks the browser to parse a string as HTML. */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("ficlens-data").textContent);
  const CAST = D.cast;
  const T = D.text;
  const TEXT = T.text;
  const SVGNS = "http://www.w3.org/2000/svg";
  const NOBODY = "#8C8C8C";
  const HEX = /^#[0-9A-Fa-f]{6}$/;

  // ---------------------------------------------------------------- helpers

  function add(node, kids) {
    for (const kid of kids) {
      if (kid === null || kid === undefined || kid === false) continue;
      if (Array.isArray(kid)) add(node, kid);
      else if (typeof kid === "string" || typeof kid === "number") node.appendChild(document.createTextNode(String(kid)));
      else node.appendChild(kid);
    }
    return node;
  }

  function setProps(node, props) {
    if (!props) return node;
    for (const key of Object.keys(props)) {
      const v = props[key];
      if (v === null || v === undefined || v === false) continue;
      if (key === "class") node.setAttribute("class", v);
      else if (key === "text") node.textContent = String(v);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), v);
      else if (key === "style") for (const s of Object.keys(v)) node.style.setProperty(s, v[s]);
      else node.setAttribute(key, v === true ? "" : String(v));
    }
    return node;
  }

  function h(tag, props, ...kids) { return add(setProps(document.createElement(tag), props), kids); }
  function s(tag, props, ...kids) { return add(setProps(document.createElementNS(SVGNS, tag), props), kids); }

  function colourOf(i) {
    if (i < 0 || i >= CAST.length) return NOBODY;
    return HEX.test(CAST[i].colour) ? CAST[i].colour : NOBODY;
  }
  function nameOf(i) { return i >= 0 && i < CAST.length ? CAST[i].name : "Unknown"; }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function plural(n, one, many) { return fmt(n) + " " + (n === 1 ? one : (many || one + "s")); }
  function initials(name) {
    const parts = name.replace(/[^\p{L}\p{N}\s'-]/gu, " ").trim().split(/\s+/).filter(Boolean);
    if (!parts.length) return "?";
    return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
  }
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }

  // First record (of `stride` numbers) in flat array `arr` whose field 0 is >= value.
  function lowerBound(arr, stride, value) {
    let lo = 0, hi = arr.length / stride;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid * stride] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function chapterAt(offset) {
    let found = null;
    for (const ch of T.chapters) if (ch.start <= offset) found = ch;
    return found;
  }

  function whereLabel(offset) {
    const ch = chapterAt(offset);
    const pct = Math.round((100 * offset) / Math.max(1, TEXT.length));
    return (ch ? "Ch. " + ch.index + " · " : "") + pct + "%";
  }

  function excerpt(start, end, before, after) {
    // Up to `before`/`after` characters around [start, end), not crossing a paragraph break.
    let a = Math.max(0, start - before), b = Math.min(TEXT.length, end + after);
    const nlBefore = TEXT.lastIndexOf("\n", start - 1);
    if (nlBefore >= a) a = nlBefore + 1;
    const nlAfter = TEXT.indexOf("\n", end);
    if (nlAfter >= 0 && nlAfter < b) b = nlAfter;
    const cutA = a > 0 && TEXT[a - 1] !== "\n", cutB = b < TEXT.length && TEXT[b] !== "\n";
    return [(cutA ? "…" : "") + TEXT.slice(a, start).replace(/\s+/g, " "), TEXT.slice(start, end),
      TEXT.slice(end, b).replace(/\s+/g, " ") + (cutB ? "…" : "")];
  }

  function inkOn(hex) {
    // Dark or white text, whichever reads better on this colour (relative luminance, WCAG).
    const lin = (k) => { const v = parseInt(hex.slice(k, k + 2), 16) / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const lum = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
    return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#1d1d22" : "#fff";
  }

  function characterStyles() {
    // One class per character carries its colour; colours come from the palette and are checked above.
    let css = "";
    for (let i = 0; i < CAST.length; i++) css += ".c" + i + "{--c:" + colourOf(i) + ";--on:" + inkOn(colourOf(i)) + "}";
    css += ".c-1{--c:" + NOBODY + ";--on:#fff}";
    document.head.appendChild(h("style", { text: css }));
  }

  function section(id, title, lede, ...kids) {
    return h("section", { class: "panel", id: id, "aria-labelledby": id + "-h" },
      h("h2", { id: id + "-h", text: title }), lede ? h("p", { class: "lede", text: lede }) : null, kids);
  }

  function table(headers, rows, numeric) {
    return h("div", { class: "tablewrap" }, h("table", { class: "data" },
      h("thead", null, h("tr", null, headers.map((t, k) => h("th", { class: numeric && numeric[k] ? "num" : null, scope: "col", text: t })))),
      h("tbody", null, rows.map((r) => h("tr", null, r.map((c, k) => h("td", { class: numeric && numeric[k] ? "num" : null }, c)))))));
  }

  function alt(summary, build) {
    // Text alternative of a chart, built when first opened (and rebuilt on every opening).
    const box = h("div");
    const d = h("details", { class: "alt" }, h("summary", { text: summary }), box);
    d.addEventListener("toggle", () => { if (d.open) { box.replaceChildren(build()); } });
    d.refresh = () => { if (d.open) box.replaceChildren(build()); };
    return d;
  }

  function nameChip(i) {
    return h("button", { class: "namechip c" + i, type: "button", title: "Follow " + nameOf(i) + " in the text",
      onclick: () => focusCharacter(i) }, nameOf(i));
  }

  // ---------------------------------------------------------------- character focus (shared by every section)

  const focusStyle = h("style", { id: "focus-style" });
  let focused = -1;
  let focusMentions = [];
  let focusPos = -1;
  const focusListeners = [];

  function focusCharacter(i) {
    focused = (i === focused) ? -1 : i;
    if (focused < 0) {
      focusStyle.textContent = "";
      delete document.body.dataset.focus;
    } else {
      const c = ".c" + focused;
      focusStyle.textContent =
        ".story .m:not(" + c + "){background:none;border-bottom-color:transparent}" +
        ".story .m" + c + "{background:color-mix(in srgb,var(--c) 45%,transparent);outline:2px solid var(--c);outline-offset:1px}" +
        ".story .q.s" + focused + "{background:color-mix(in srgb,var(--c) 13%,transparent)}" +
        ".script .line:not(.s" + focused + "){opacity:.35}";
      document.body.dataset.focus = String(focused);
      focusMentions = [];
      const M = T.mentions;
      for (let k = 0; k < M.length; k += 3) if (M[k + 2] === focused) focusMentions.push(M[k]);
      const Q = T.quotes;
      for (let k = 0; k < Q.length; k += 5) if (Q[k + 2] === focused) focusMentions.push(Q[k]);
      focusMentions.sort((a, b) => a - b);
      focusPos = -1;
    }
    for (const f of focusListeners) f(focused);
  }

  function stepFocus(dir) {
    if (focused < 0 || !focusMentions.length) return;
    focusPos = (focusPos + dir + focusMentions.length) % focusMentions.length;
    jumpTo(focusMentions[focusPos]);
  }

  function buildFocusBar() {
    const sw = h("span", { class: "sw" });
    const label = h("span");
    const bar = h("div", { class: "focusbar", role: "region", "aria-label": "Followed character", hidden: true },
      sw, label,
      h("button", { type: "button", "aria-label": "Previous mention", onclick: () => stepFocus(-1), text: "◀" }),
      h("button", { type: "button", "aria-label": "Next mention", onclick: () => stepFocus(1), text: "▶" }),
      h("button", { type: "button", "aria-label": "Stop following", onclick: () => focusCharacter(focused), text: "✕" }));
    focusListeners.push((i) => {
      bar.hidden = i < 0;
      if (i >= 0) {
        bar.className = "focusbar c" + i;
        label.textContent = nameOf(i) + " · " + plural(CAST[i].mentions, "mention") + " · " + plural(CAST[i].lines, "line");
      }
    });
    return bar;
  }

  // ---------------------------------------------------------------- header

  function ratingClass(r) {
    const k = (r || "").trim().charAt(0).toLowerCase();
    return "g t m e".split(" ").includes(k) ? "rating r-" + k : "rating";
  }

  function noteBox(note) {
    const paras = (note.text || "").split(/\n\s*\n/).filter((p) => p.trim());
    return h("aside", { class: "note", "aria-label": note.label },
      h("div", { class: "nl", text: note.label + (note.chapter ? " · chapter " + note.chapter : "") }),
      paras.map((p) => h("p", { text: p.trim() })));
  }

  function renderHeader() {
    const H = D.header;
    const groups = [
      ["Warnings", H.warnings, "warn"], ["Categories", H.categories, ""],
      ["Relationships", H.relationships.map((r) => r.tag), H.relationships.map((r) => (r.kind === "romantic" ? "rom" : "pla"))],
      ["Characters", H.characters, ""], ["Tags", H.tags, ""],
    ].filter((g) => g[1].length);
    // "3/?" is AO3's mark of a work in progress; a plain text has no planned count at all
    const isWorkInProgress = () => ["ao3_html", "ao3_epub", "ao3_page"].includes(H.source_format) && H.completed === null;
    const chapters = fmt(H.chapters) + "/" + (H.chapters_planned === null ? "?" : fmt(H.chapters_planned));
    const stats = [
      [fmt(H.words), "words"], [H.chapters_planned !== null || isWorkInProgress() ? chapters : fmt(H.chapters), "chapters"],
      [fmt(CAST.length), "characters"], [fmt(T.quotes.length / 5), "quotations"],
    ];
    const dates = [["Published", H.published], ["Updated", H.updated], ["Completed", H.completed]].filter((d) => d[1]);
    const metaBits = [];
    if (H.language) metaBits.push("Language: " + H.language);
    if (H.stated_words !== null && H.stated_words !== H.words) metaBits.push("The source states " + fmt(H.stated_words) + " words (ficlens counts by AO3's rule)");
    for (const d of dates) metaBits.push(d[0] + " " + d[1]);
    if (H.series.length) metaBits.push("Series: " + H.series.join("; "));
    if (H.source_name) metaBits.push("File: " + H.source_name + " (" + H.source_format + ")");
    if (H.url) metaBits.push("Source: " + H.url);
    const notes = D.notes;
    return h("header", { class: "hero", id: "top" },
      h("div", null,
        H.rating ? h("span", { class: ratingClass(H.rating) }, h("i", { text: H.rating.trim().charAt(0).toUpperCase() || "?" }), H.rating) : null,
        h("h1", { text: H.title }),
        H.authors.length ? h("div", { class: "byline" }, "by ", H.authors.map((a, k) => [k ? ", " : "", h("b", { text: a })])) : null,
        H.fandoms.length ? h("div", { class: "fandoms", text: H.fandoms.join(" · ") }) : null,
        H.summary ? h("p", { class: "summary", text: H.summary }) : null,
        groups.length ? h("div", { class: "taggroups" }, groups.map((g) =>
          h("div", { class: "taggroup" }, h("span", { class: "k", text: g[0] }),
            h("div", null, g[1].map((t, k) => h("span", { class: "chip " + (Array.isArray(g[2]) ? g[2][k] : g[2]), text: t })))))) : null,
        metaBits.length ? h("div", { class: "meta-line", text: metaBits.join(" · ") }) : null,
        notes.length ? h("details", { class: "notes" },
          h("summary", { text: "Author's notes, kept apart from the story (" + notes.length + ")" }),
          h("div", { class: "notelist" }, notes.map(noteBox))) : null),
      h("div", { class: "stats" }, stats.map((st) => h("div", { class: "stat" }, h("div", { class: "n", text: st[0] }), h("div", { class: "l", text: st[1] })))));
  }

  // ---------------------------------------------------------------- cast

  const EMO = D.emotions;

  function emotionColour(label) {
    const k = EMO.labels.indexOf(label);
    return k >= 0 && HEX.test(EMO.colours[k]) ? EMO.colours[k] : "#555555";
  }

  function sparkline(values, colour, w, hgt) {
    const pts = [];
    const n = values.length;
    const svg = s("svg", { class: "spark", width: w, height: hgt, viewBox: "0 0 " + w + " " + hgt, role: "img" });
    svg.appendChild(s("line", { x1: 0, x2: w, y1: hgt / 2, y2: hgt / 2, stroke: "#ddd", "stroke-width": 1 }));
    let d = "";
    let pen = false;
    values.forEach((v, k) => {
      if (v === null) { pen = false; return; }
      const x = n > 1 ? (k * (w - 4)) / (n - 1) + 2 : w / 2;
      const y = hgt / 2 - (clamp(v, -1, 1) * (hgt / 2 - 2));
      d += (pen ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
      pen = true;
      pts.push([x, y]);
    });
    if (d) svg.appendChild(s("path", { d: d, fill: "none", stroke: colour, "stroke-width": 1.8, "stroke-linejoin": "round" }));
    for (const p of pts) if (pts.length < 3) svg.appendChild(s("circle", { cx: p[0], cy: p[1], r: 2, fill: colour }));
    const known = values.filter((v) => v !== null);
    const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    svg.setAttribute("aria-label", known.length ? "Mood over the story, " + (mean > 0.1 ? "mostly positive" : mean < -0.1 ? "mostly negative" : "mixed") +
      "; valence per segment: " + values.map((v) => (v === null ? "none" : v.toFixed(2))).join(", ") : "No feelings found");
    return svg;
  }

  function profileRow(label, items) {
    if (!items.length) return null;
    return h("div", { class: "prof" }, h("span", { class: "k", text: label }),
      h("span", { class: "v" }, items.map((it, k) => [k ? ", " : "", it[0], h("small", { text: " " + it[1] })])));
  }

  const CARDS_SHOWN = 24;

  // ---------------------------------------------------------------- the cast filter (cast grid, presence, text)

  let castFilter = null; // null: everyone; else the Set of cast indices whose name or alias matches
  let minorFilter = null; // the same over the minor tier (indices into D.minor)
  const MINOR = D.minor || [];
  const filterListeners = [];
  const filterStyle = h("style", { id: "filter-style" });

  function matchesFilter(i) { return castFilter === null || castFilter.has(i); }

  function setCastFilter(query) {
    const q = query.trim().toLowerCase();
    const named = (c) => [c.name, ...c.aliases].some((n) => n.toLowerCase().includes(q));
    castFilter = q ? new Set(CAST.filter(named).map((c) => c.index)) : null;
    minorFilter = q ? new Set(MINOR.map((m, k) => (named(m) ? k : -1)).filter((k) => k >= 0)) : null;
    // Mentions of the characters filtered out lose their marks in the text (rules by class, so blocks drawn
    // later follow too); the matching ones keep theirs.
    filterStyle.textContent = castFilter === null ? "" :
      ".story .m{background:none;border-bottom-color:transparent}" +
      (castFilter.size ? [...castFilter].map((i) => ".story .m.c" + i).join(",") +
        "{background:color-mix(in srgb,var(--c) 16%,transparent);border-bottom-color:var(--c)}" : "");
    for (const f of filterListeners) f();
  }

  function filterBox() {
    const count = h("span", { class: "filtercount", role: "status" });
    const input = h("input", { type: "search", id: "cast-filter", placeholder: "Find a character…", autocomplete: "off",
      "aria-label": "Find a character: filters the cast" + (MINOR.length ? ", the minor characters" : "") + ", the presence chart and the marks in the text" });
    input.addEventListener("input", () => setCastFilter(input.value));
    filterListeners.push(() => {
      const minor = minorFilter && minorFilter.size ? plural(minorFilter.size, "minor character") : "";
      count.textContent = castFilter === null ? "" : castFilter.size
        ? plural(castFilter.size, "character") + " match" + (minor ? ", and " + minor : "")
        : "no character matches" + (minor ? "; " + minor + (minorFilter.size === 1 ? " does" : " do") : "");
    });
    return h("div", { class: "filterbar" }, input, count);
  }

  // Charts are drawn at their box's width in CSS pixels (never scaled), so their text keeps its size; they are
  // drawn once the page is laid out and again when the box's width changes.
  const whenAttached = [];
  const NARROW = window.matchMedia("(max-width: 700px)");

  function drawAtWidth(box, draw) {
    let last = -1;
    const redraw = () => {
      const css = getComputedStyle(box);
      const w = Math.floor(box.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight));
      if (w <= 0 || Math.abs(w - last) < 2) return;
      last = w;
      draw(w);
    };
    whenAttached.push(redraw);
    if ("ResizeObserver" in window) new ResizeObserver(redraw).observe(box);
    return () => { last = -1; redraw(); };
  }

  let measureCtx = null;
  function textWidth(text, font) {
    if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
    if (!measureCtx) return text.length * 7;
    measureCtx.font = font;
    return measureCtx.measureText(text).width;
  }

  // The minor tier: names kept out of the cast on too little evidence, listed so they are not lost. They have
  // no colour and no marks in the text; the first mention's place links into it.
  function minorBox() {
    if (!MINOR.length) return null;
    const rows = MINOR.map((m) => h("tr", null,
      h("th", { scope: "row", text: m.name }),
      h("td", { text: m.aliases.join(", ") }),
      h("td", { class: "num", text: fmt(m.mentions) }),
      h("td", null, h("button", { class: "linkish", type: "button", onclick: () => jumpTo(m.first),
        "aria-label": "Go to the first mention of " + m.name + ", " + whereLabel(m.first), text: whereLabel(m.first) }))));
    const box = h("details", { class: "minor", id: "minor" },
      h("summary", { text: "Minor characters, kept out of the cast (" + fmt(MINOR.length) + ")" }),
      h("p", { class: "note-derived", text: "Names met once, or never seen acting, speaking or referred to as a person: too little evidence to count them as characters. Their mentions are in no character's count." }),
      h("div", { class: "tablewrap" }, h("table", { class: "data" },
        h("thead", null, h("tr", null, ["name", "also called", "mentions", "first mention"].map((t, k) => h("th", { class: k === 2 ? "num" : null, scope: "col", text: t })))),
        h("tbody", null, rows))));
    filterListeners.push(() => {
      rows.forEach((row, k) => { row.hidden = minorFilter !== null && !minorFilter.has(k); });
      // a name found only among the minor ones is shown there, not left behind a closed box
      if (minorFilter !== null && minorFilter.size && castFilter !== null && !castFilter.size) box.open = true;
    });
    return box;
  }

  function renderCast() {
    if (!CAST.length) return section("cast", "Cast", null, h("p", { class: "empty", text: "No characters were found in this story." }), minorBox());
    const cards = CAST.map((c) => {
      const total = Math.max(1, c.mention_kinds[0] + c.mention_kinds[1] + c.mention_kinds[2]);
      const kindNames = ["by name", "by description", "by pronoun"];
      const card = h("article", { class: "card c" + c.index, tabindex: 0, role: "button", "aria-pressed": "false", "data-char": c.index,
        "aria-label": c.name + ": " + plural(c.mentions, "mention") + ", " + plural(c.lines, "line") + ". Press to follow in the text." },
        h("div", { class: "top" }, h("div", { class: "avatar", "aria-hidden": "true", text: initials(c.name) }),
          h("div", null, h("div", { class: "name", text: c.name }),
            h("div", { class: "sub", text: ["#" + c.prominence, c.pronouns, c.tag && c.tag !== c.name ? "tag: " + c.tag : null].filter(Boolean).join(" · ") }))),
        c.aliases.length ? h("div", { class: "aliases", text: "also " + c.aliases.slice(0, 6).join(", ") + (c.aliases.length > 6 ? "…" : "") }) : null,
        h("div", { class: "nums" },
          h("span", null, h("b", { text: fmt(c.mentions) }), "mentions"),
          h("span", null, h("b", { text: fmt(c.lines) }), "lines"),
          h("span", null, h("b", { text: fmt(c.words_spoken) }), "words said")),
        h("div", { class: "kinds", role: "img", "aria-label": c.mention_kinds.map((n, k) => n + " " + kindNames[k]).join(", ") },
          c.mention_kinds.map((n, k) => h("span", { title: n + " " + kindNames[k], style: { width: (100 * n / total) + "%", background: "var(--c)", opacity: String(1 - k * 0.3) } }))),
        profileRow("does", c.agent), profileRow("done to", c.patient), profileRow("has", c.possessions), profileRow("is", c.descriptors),
        (c.emotions.length || c.spark.some((v) => v !== null)) ? h("div", { class: "feels" },
          h("span", null, c.emotions.map((e) => h("span", { class: "emo", style: { background: emotionColour(e), color: inkOn(emotionColour(e)) }, text: e }))),
          c.spark.length ? sparkline(c.spark, colourOf(c.index), 96, 26) : null) : null);
      card.addEventListener("click", () => focusCharacter(c.index));
      card.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); focusCharacter(c.index); } });
      focusListeners.push((i) => card.setAttribute("aria-pressed", String(i === c.index)));
      return card;
    });
    const grid = h("div", { class: "cast" }, cards);
    let expanded = cards.length <= CARDS_SHOWN;
    const more = expanded ? null : h("button", { class: "toggle", type: "button", style: { "margin-top": "14px" }, text: "Show all " + cards.length + " characters" });
    const show = () => {
      // Filtering shows every match; otherwise the most present first, the rest on request.
      cards.forEach((card, i) => { card.hidden = castFilter !== null ? !castFilter.has(i) : !expanded && i >= CARDS_SHOWN; });
      if (more) more.hidden = expanded || castFilter !== null;
    };
    if (more) more.addEventListener("click", () => { expanded = true; show(); });
    filterListeners.push(show);
    show();
    return section("cast", "Cast", plural(CAST.length, "character") + ", most present first. Choose one to follow them through the text.",
      CAST.length > 1 ? filterBox() : null, grid, more, minorBox());
  }

  // ---------------------------------------------------------------- presence over story time

  const PRESENCE_ROWS = 16;

  function renderPresence() {
    if (!CAST.length || !TEXT.length) return section("presence", "Who is there when", null, h("p", { class: "empty", text: "No mentions to place." }));
    const total = TEXT.length;
    const box = h("div", { class: "chartbox" });
    const svg = s("svg", { class: "presence-svg", role: "img" });
    const note = h("p", { class: "note-derived" });
    let rows = [];
    let bins = 60;
    let counts = [];
    let firstAt = [];

    function count() {
      rows = CAST.map((c) => c.index).filter(matchesFilter).slice(0, PRESENCE_ROWS);
      const pos = new Map(rows.map((c, r) => [c, r]));
      counts = rows.map(() => new Array(bins).fill(0));
      firstAt = rows.map(() => new Array(bins).fill(-1));
      const M = T.mentions;
      for (let k = 0; k < M.length; k += 3) {
        const r = pos.get(M[k + 2]);
        if (r === undefined) continue;
        const bin = Math.min(bins - 1, Math.floor((M[k] * bins) / total));
        counts[r][bin]++;
        if (firstAt[r][bin] < 0) firstAt[r][bin] = M[k];
      }
      const matching = castFilter === null ? CAST.length : castFilter.size;
      note.textContent = matching > rows.length ? "The " + rows.length + " most present of " + plural(matching, "character") + (castFilter === null ? "; find one above to see them here." : " that match.") : "";
    }

    function draw(W) {
      const narrow = W < 560;
      bins = narrow ? 30 : 60;
      count();
      const LABEL = narrow ? 92 : 150, ROW = 18, CELL = (W - LABEL - 4) / bins;
      const HH = Math.max(1, rows.length) * ROW + 22;
      svg.replaceChildren();
      svg.setAttribute("width", W);
      svg.setAttribute("height", HH);
      svg.setAttribute("viewBox", "0 0 " + W + " " + HH);
      svg.setAttribute("aria-label", "Where each of " + plural(rows.length, "character") + " is mentioned, in " + bins + " stretches of the story; a table follows.");
      for (const ch of T.chapters) {
        const x = LABEL + (ch.start / total) * bins * CELL;
        svg.appendChild(s("line", { class: "chapter-mark", x1: x, x2: x, y1: 0, y2: HH - 18 }));
      }
      if (!rows.length) svg.appendChild(s("text", { class: "axis-label", x: LABEL, y: 14, text: "No character matches." }));
      const maxChars = Math.floor((LABEL - 12) / 7);
      counts.forEach((row, r) => {
        const i = rows[r], y = r * ROW;
        const max = Math.max(1, ...row);
        const g = s("g", { class: "c" + i, "data-char": i });
        g.appendChild(s("text", { x: LABEL - 8, y: y + 12, "text-anchor": "end", class: "axis-label row-label",
          text: nameOf(i).length > maxChars ? nameOf(i).slice(0, maxChars - 1) + "…" : nameOf(i) }, s("title", { text: nameOf(i) })));
        row.forEach((n, b) => {
          if (!n) return;
          const cell = s("rect", { x: (LABEL + b * CELL + 0.5).toFixed(1), y: y + 1, width: Math.max(1, CELL - 1).toFixed(1), height: ROW - 4, rx: 2, fill: colourOf(i),
            opacity: (0.25 + 0.75 * (n / max)).toFixed(2), style: { cursor: "pointer" } },
            s("title", { text: nameOf(i) + ": " + plural(n, "mention") + " around " + Math.round(((b + 0.5) * 100) / bins) + "% of the story" }));
          cell.addEventListener("click", () => jumpTo(firstAt[r][b]));
          g.appendChild(cell);
        });
        svg.appendChild(g);
      });
      svg.appendChild(s("text", { class: "axis-label", x: LABEL, y: HH - 4, text: "start" }));
      svg.appendChild(s("text", { class: "axis-label", x: W - 4, y: HH - 4, "text-anchor": "end", text: "end →" }));
      tableAlt.refresh();
    }

    const tableAlt = alt("Presence as a table (mentions per tenth of the story)", () => {
      const rowsOut = counts.map((row, r) => {
        const tenths = new Array(10).fill(0);
        row.forEach((n, b) => { tenths[Math.floor((b * 10) / bins)] += n; });
        return [nameOf(rows[r]), ...tenths.map(String)];
      });
      return table(["Character", ...Array.from({ length: 10 }, (_, k) => (k + 1) * 10 + "%")], rowsOut, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    });
    add(box, [svg, note, tableAlt]);
    const redraw = drawAtWidth(box, draw);
    filterListeners.push(redraw);
    return section("presence", "Who is there when", "Where in the story each character is mentioned. Choose a square to read that passage.", box);
  }

  // ---------------------------------------------------------------- interaction network

  const NET = D.network;
  const TYPE_LABEL = { speaks_to: "speaks to", acts_on: "acts on", mentions: "talks about", co_present: "shares a scene with" };
  const TYPE_DASH = { speaks_to: null, acts_on: "7 4", mentions: "2 4", co_present: null };
  const NET_STEPS = [10, 25, 50];
  const WEAK_SHARE = 0.15; // a pair below this share of the strongest pair's weight is a weak link
  const LABEL_FONT = "600 12px " + (getComputedStyle(document.documentElement).getPropertyValue("--sans") || "sans-serif");

  function renderNetwork() {
    if (!CAST.length) return section("network", "Who meets whom", null, h("p", { class: "empty", text: "No characters, so no network." }));
    let W = 1000, HH = 560;
    const svg = s("svg", { id: "net-svg", role: "group", "aria-label": "Interaction network; each character is a focusable circle" });
    const defs = s("defs");
    NET.types.forEach((t, k) => {
      if (t === "co_present") return;
      defs.appendChild(s("marker", { id: "arrow-" + k, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
        s("path", { d: "M0 0L10 5L0 10z", fill: NET.colours[k] })));
    });
    svg.appendChild(defs);
    const gEdges = s("g"), gNodes = s("g");
    svg.append(gEdges, gNodes);
    const tip = h("div", { class: "tip", hidden: true, role: "status" });

    const maxM = Math.max(1, ...CAST.map((c) => c.mentions));
    const nodes = CAST.map((c, i) => {
      const name = c.name.length > 22 ? c.name.slice(0, 21) + "…" : c.name;
      return { i: i, x: 0, y: 0, placed: false, fixed: false, shown: false, r: 5 + 17 * Math.sqrt(c.mentions / maxM),
        label: name, lw: textWidth(name, LABEL_FONT), lx: 0, ly: 0, anchor: "middle", labelled: true };
    });
    const typeOn = NET.types.map(() => true);
    let chapter = 0;
    let shownCount = CAST.length <= NET_STEPS[1] ? CAST.length : NARROW.matches ? NET_STEPS[0] : NET_STEPS[1];
    let weakOn = false;
    let links = [];
    let list = [];
    let asGraph = !NARROW.matches;

    const chapterSel = h("select", { "aria-label": "Chapter" }, h("option", { value: "0", text: "Whole story" }),
      NET.chapters.map((c) => h("option", { value: String(c), text: "Chapter " + c })));
    chapterSel.addEventListener("change", () => { chapter = Number(chapterSel.value); rebuild(true); });
    const typeButtons = NET.types.map((t, k) => {
      const b = h("button", { class: "toggle", type: "button", "aria-pressed": "true", style: { "--c": NET.colours[k] } },
        h("span", { class: "sw" }), TYPE_LABEL[t] || t);
      b.addEventListener("click", () => { typeOn[k] = !typeOn[k]; b.setAttribute("aria-pressed", String(typeOn[k])); rebuild(true); });
      return b;
    });
    const steps = NET_STEPS.filter((n) => n < CAST.length);
    const showSel = steps.length ? h("select", { "aria-label": "Characters shown", id: "net-top" },
      steps.map((n) => h("option", { value: String(n), text: "Top " + n, selected: n === shownCount })),
      h("option", { value: String(CAST.length), text: "All " + CAST.length, selected: shownCount === CAST.length })) : null;
    if (showSel) showSel.addEventListener("change", () => { shownCount = Number(showSel.value); rebuild(true); });
    const weakBox = h("input", { type: "checkbox", id: "net-weak" });
    const weakLabel = h("span");
    weakBox.addEventListener("change", () => { weakOn = weakBox.checked; rebuild(false); });
    const graphButton = h("button", { class: "toggle", type: "button", id: "net-graph-toggle", "aria-pressed": "false", text: "Show as a graph" });
    graphButton.addEventListener("click", () => { asGraph = !asGraph; mode(); });
    const rankList = h("ol", { class: "netlist", "aria-label": "Characters by presence, with whom each interacts most" });

    const nodeEls = nodes.map((nd) => {
      const c = CAST[nd.i];
      const g = s("g", { class: "node c" + nd.i, tabindex: 0, role: "button", "data-char": nd.i,
        "aria-label": c.name + ", " + plural(c.mentions, "mention") + ", " + plural(c.lines, "line") + ". Arrow keys move, Enter follows in the text." },
        s("circle", { r: nd.r.toFixed(1), fill: colourOf(nd.i) }),
        s("text", { class: "node-label", text: nd.label }));
      return g;
    });

    function inView(e) { return e[4] === chapter && typeOn[e[2]] && nodes[e[0]].shown && nodes[e[1]].shown; }

    function rebuild(relayout) {
      nodes.forEach((nd) => { nd.shown = nd.i < shownCount; });
      const agg = new Map();
      const all = NET.edges.filter(inView);
      for (const e of all) {
        const key = Math.min(e[0], e[1]) * 100000 + Math.max(e[0], e[1]);
        agg.set(key, (agg.get(key) || 0) + e[3]);
      }
      const maxAgg = Math.max(1e-9, ...agg.values());
      const weakPair = (e) => (agg.get(Math.min(e[0], e[1]) * 100000 + Math.max(e[0], e[1])) || 0) < WEAK_SHARE * maxAgg;
      list = all.filter((e) => weakOn || !weakPair(e));
      const weakCount = new Set(all.filter(weakPair).map((e) => Math.min(e[0], e[1]) * 100000 + Math.max(e[0], e[1]))).size;
      weakLabel.textContent = " weak links" + (weakCount ? " (" + weakCount + ")" : "");
      links = [];
      agg.forEach((w, key) => links.push({ a: Math.floor(key / 100000), b: key % 100000, w: w / maxAgg }));
      const maxW = {};
      for (const e of list) maxW[e[2]] = Math.max(maxW[e[2]] || 0, e[3]);
      gEdges.replaceChildren();
      for (const e of list) {
        const t = NET.types[e[2]];
        const p = s("path", { class: "edge t" + e[2], stroke: NET.colours[e[2]], "stroke-width": (1 + 5 * Math.sqrt(e[3] / Math.max(1e-9, maxW[e[2]]))).toFixed(2),
          "stroke-dasharray": TYPE_DASH[t], "marker-end": t === "co_present" ? null : "url(#arrow-" + e[2] + ")" },
          s("title", { text: nameOf(e[0]) + " " + (TYPE_LABEL[t] || t) + " " + nameOf(e[1]) + " (weight " + (+e[3].toFixed(2)) + ")" }));
        p.edge = e;
        gEdges.appendChild(p);
      }
      gNodes.replaceChildren(...nodeEls.filter((_, k) => nodes[k].shown));
      renderList();
      tableAlt.refresh();
      if (asGraph) { if (relayout) layout(); settle(); }
    }

    function renderList() {
      const shown = nodes.filter((n) => n.shown);
      rankList.replaceChildren(...shown.map((n) => {
        const partners = partnersOf(n.i).filter((p) => nodes[p[0]].shown).slice(0, 3);
        return h("li", { class: "c" + n.i, "data-char": n.i }, nameChip(n.i),
          h("span", { class: "with", text: partners.length ? "most with " + partners.map((p) => nameOf(p[0])).join(", ") : "no interactions" + (chapter ? " in this chapter" : "") }));
      }));
    }

    // --- layout: a force layout run to rest before drawing, then labels placed where they overlap nothing
    function boxOf(n) {
      // The node's circle and its label below it, as one rectangle (x0, y0, x1, y1).
      const half = Math.max(n.r, n.lw / 2) + 3;
      return [n.x - half, n.y - n.r - 3, n.x + half, n.y + n.r + 18];
    }

    function layout() {
      const shown = nodes.filter((n) => n.shown);
      const cx = W / 2, cy = HH / 2;
      shown.forEach((n, k) => {
        if (n.placed) { n.x = clamp(n.x, 0, W); n.y = clamp(n.y, 0, HH); return; }
        const a = k * 2.39996; // golden angle: the most present in the middle, the rest spiralling out
        const rr = Math.sqrt((k + 0.5) / shown.length) * Math.min(W, HH) * 0.42;
        n.x = cx + rr * Math.cos(a); n.y = cy + rr * Math.sin(a) * 0.9; n.placed = true;
      });
      const k2 = (0.5 * W * HH) / (shown.length + 1);
      let alpha = 1;
      for (let step = 0; step < 320; step++) {
        for (const n of shown) { n.vx = 0; n.vy = 0; }
        for (let x = 0; x < shown.length; x++) {
          const a = shown[x];
          for (let y = x + 1; y < shown.length; y++) {
            const b = shown[y];
            let dx = b.x - a.x, dy = b.y - a.y;
            let d2 = dx * dx + dy * dy;
            if (d2 < 1) { dx = ((x * 7 + y * 13) % 11) / 11 - 0.5; dy = ((x * 5 + y * 3) % 7) / 7 - 0.5; d2 = 1; }
            const d = Math.sqrt(d2), f = Math.min(30, k2 / d2) * alpha;
            a.vx -= (dx / d) * f; a.vy -= (dy / d) * f; b.vx += (dx / d) * f; b.vy += (dy / d) * f;
          }
        }
        for (const l of links) {
          const a = nodes[l.a], b = nodes[l.b];
          if (!a.shown || !b.shown) continue;
          const dx = b.x - a.x, dy = b.y - a.y;
          const d = Math.sqrt(dx * dx + dy * dy) || 1;
          const target = a.r + b.r + Math.min(260, 1.1 * Math.sqrt(k2)) * (1.3 - 0.6 * l.w);
          const f = (d - target) * 0.05 * (0.1 + l.w) * alpha;
          a.vx += (dx / d) * f; a.vy += (dy / d) * f; b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
        }
        for (const n of shown) {
          if (n.fixed) continue;
          n.x += clamp(n.vx + (cx - n.x) * 0.01 * alpha, -30, 30);
          n.y += clamp(n.vy + (cy - n.y) * 0.015 * alpha, -30, 30);
        }
        separate(shown, step > 200 ? 3 : 1);
        alpha = Math.max(0.05, alpha * 0.985);
      }
      separate(shown, 30);
    }

    function keepInside(n) {
      const half = Math.max(n.r, n.lw / 2) + 4;
      n.x = clamp(n.x, half, W - half);
      n.y = clamp(n.y, n.r + 4, HH - n.r - 20);
    }

    function separate(shown, passes) {
      // Pull apart any two nodes whose circle-and-label rectangles overlap, along the shorter way out.
      for (let pass = 0; pass < passes; pass++) {
        let moved = false;
        for (let x = 0; x < shown.length; x++) {
          const a = shown[x];
          for (let y = x + 1; y < shown.length; y++) {
            const b = shown[y];
            const A = boxOf(a), B = boxOf(b);
            const ox = Math.min(A[2], B[2]) - Math.max(A[0], B[0]) + 4, oy = Math.min(A[3], B[3]) - Math.max(A[1], B[1]) + 4;
            if (ox <= 0 || oy <= 0) continue;
            moved = true;
            const share = a.fixed ? 0 : b.fixed ? 1 : 0.5;
            if (ox * (HH / W) < oy) {
              const dir = a.x <= b.x ? -1 : 1;
              a.x += dir * ox * share; b.x -= dir * ox * (1 - share);
            } else {
              const dir = a.y <= b.y ? -1 : 1;
              a.y += dir * oy * share; b.y -= dir * oy * (1 - share);
            }
          }
        }
        for (const n of shown) keepInside(n);
        if (!moved) break;
      }
    }

    function placeLabels() {
      // Most present first: below the circle, else above, right or left, wherever the label overlaps no other
      // label and no circle. A label with no free place is hidden (it shows on hover and focus).
      const shown = nodes.filter((n) => n.shown);
      const placed = [];
      const hits = (r) => placed.some((p) => r[0] < p[2] && p[0] < r[2] && r[1] < p[3] && p[1] < r[3]) ||
        shown.some((m) => r[0] < m.x + m.r && m.x - m.r < r[2] && r[1] < m.y + m.r && m.y - m.r < r[3] && !(m.x === r.ownX && m.y === r.ownY));
      for (const n of shown) {
        const cands = [
          ["middle", 0, n.r + 14], ["middle", 0, -n.r - 5], ["start", n.r + 4, 4], ["end", -n.r - 4, 4],
          ["start", n.r * 0.7, n.r + 12], ["end", -n.r * 0.7, n.r + 12], ["start", n.r * 0.7, -n.r - 3], ["end", -n.r * 0.7, -n.r - 3],
        ];
        let chosen = null;
        for (const c of cands) {
          const x0 = c[0] === "middle" ? n.x + c[1] - n.lw / 2 : c[0] === "start" ? n.x + c[1] : n.x + c[1] - n.lw;
          const r = [x0 - 2, n.y + c[2] - 12.5, x0 + n.lw + 2, n.y + c[2] + 4];
          r.ownX = n.x; r.ownY = n.y;
          if (r[0] < 0 || r[2] > W || r[1] < 0 || r[3] > HH) continue;
          if (!hits(r)) { chosen = [c, r]; break; }
        }
        n.labelled = chosen !== null;
        const c = chosen ? chosen[0] : cands[0];
        n.anchor = c[0]; n.lx = c[1]; n.ly = c[2];
        if (chosen) placed.push(chosen[1]);
      }
    }

    function draw() {
      nodes.forEach((n, k) => {
        if (!n.shown) return;
        const g = nodeEls[k];
        g.setAttribute("transform", "translate(" + n.x.toFixed(1) + " " + n.y.toFixed(1) + ")");
        const t = g.lastChild;
        t.setAttribute("x", n.lx.toFixed(1)); t.setAttribute("y", n.ly.toFixed(1)); t.setAttribute("text-anchor", n.anchor);
        g.classList.toggle("unlabelled", !n.labelled);
      });
      for (const p of gEdges.children) {
        const e = p.edge;
        const a = nodes[e[0]], b = nodes[e[1]];
        const t = NET.types[e[2]];
        const dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        const ux = dx / d, uy = dy / d;
        const x1 = a.x + ux * a.r, y1 = a.y + uy * a.r, x2 = b.x - ux * (b.r + 3), y2 = b.y - uy * (b.r + 3);
        if (t === "co_present") { p.setAttribute("d", "M" + x1.toFixed(1) + " " + y1.toFixed(1) + "L" + x2.toFixed(1) + " " + y2.toFixed(1)); continue; }
        const bend = 12 + 8 * e[2];
        const mx = (x1 + x2) / 2 - uy * bend, my = (y1 + y2) / 2 + ux * bend;
        p.setAttribute("d", "M" + x1.toFixed(1) + " " + y1.toFixed(1) + "Q" + mx.toFixed(1) + " " + my.toFixed(1) + " " + x2.toFixed(1) + " " + y2.toFixed(1));
      }
    }

    function settle() {
      // The label widths the browser itself lays out, once the graph is on screen (until then, the canvas's).
      for (const n of nodes) {
        if (!n.shown || n.measured) continue;
        const len = nodeEls[n.i].lastChild.getComputedTextLength();
        if (len > 0) { n.lw = len; n.measured = true; }
      }
      placeLabels(); draw(); svg.setAttribute("data-settled", String(Date.now()));
    }

    function resize(w) {
      const oldW = W, oldH = HH;
      W = w;
      HH = w < 560 ? Math.round(clamp(w * 1.15, 300, 480)) : 560;
      svg.setAttribute("width", W); svg.setAttribute("height", HH); svg.setAttribute("viewBox", "0 0 " + W + " " + HH);
      for (const n of nodes) if (n.placed) { n.x *= W / oldW; n.y *= HH / oldH; }
      if (asGraph) { layout(); settle(); }
    }

    function mode() {
      graphBox.hidden = !asGraph;
      rankList.hidden = asGraph && !NARROW.matches;
      graphButton.hidden = !NARROW.matches;
      graphButton.setAttribute("aria-pressed", String(asGraph));
      graphButton.textContent = asGraph ? "Hide the graph" : "Show as a graph";
      if (asGraph) { relayoutSoon(); }
    }
    const relayoutSoon = () => { if (graphBox.clientWidth > 0) { resize(Math.floor(graphBox.clientWidth)); } };

    function partnersOf(i) {
      const sum = new Map();
      for (const e of NET.edges) {
        if (e[4] !== chapter || !typeOn[e[2]]) continue;
        const other = e[0] === i ? e[1] : e[1] === i ? e[0] : -1;
        if (other >= 0) sum.set(other, (sum.get(other) || 0) + e[3]);
      }
      return [...sum.entries()].sort((x, y) => y[1] - x[1]);
    }

    function hot(i, on) {
      svg.classList.toggle("dim", on);
      for (const p of gEdges.children) p.classList.toggle("hot", on && (p.edge[0] === i || p.edge[1] === i));
      const near = new Set(on ? partnersOf(i).map((x) => x[0]) : []);
      nodeEls.forEach((g, k) => g.classList.toggle("hot", on && (k === i || near.has(k))));
      if (!on) { tip.hidden = true; return; }
      const c = CAST[i];
      const partners = partnersOf(i).slice(0, 4).map((x) => nameOf(x[0]));
      tip.replaceChildren(h("b", { text: c.name }),
        h("div", { text: plural(c.mentions, "mention") + " · " + plural(c.lines, "line") }),
        partners.length ? h("div", { text: "Most with " + partners.join(", ") }) : h("div", { text: "No interactions " + (chapter ? "in this chapter" : "found") }),
        c.emotions.length ? h("div", { text: "Feels " + c.emotions.join(", ") }) : null);
      const n = nodes[i];
      tip.style.left = clamp(n.x + 24, 0, Math.max(0, W - 220)) + "px";
      tip.style.top = (n.y + 12 + svg.offsetTop) + "px";
      tip.hidden = false;
    }

    function svgPoint(ev) {
      const m = svg.getScreenCTM();
      if (!m) return { x: 0, y: 0 };
      const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
      return { x: p.x, y: p.y };
    }

    nodeEls.forEach((g, i) => {
      const n = nodes[i];
      let drag = null;
      g.addEventListener("pointerenter", () => hot(i, true));
      g.addEventListener("pointerleave", () => { if (!drag) hot(i, false); });
      g.addEventListener("focus", () => hot(i, true));
      g.addEventListener("blur", () => hot(i, false));
      g.addEventListener("pointerdown", (ev) => {
        g.setPointerCapture(ev.pointerId);
        drag = { x: ev.clientX, y: ev.clientY, moved: false };
      });
      g.addEventListener("pointermove", (ev) => {
        if (!drag) return;
        if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 4) drag.moved = true;
        if (!drag.moved) return;
        const p = svgPoint(ev);
        n.fixed = true;
        n.x = clamp(p.x, n.r, W - n.r); n.y = clamp(p.y, n.r, HH - n.r);
        draw();
      });
      g.addEventListener("pointerup", () => {
        if (drag && !drag.moved) focusCharacter(i);
        else if (drag) { separate(nodes.filter((m) => m.shown), 30); settle(); }
        drag = null;
      });
      g.addEventListener("keydown", (ev) => {
        const step = { ArrowLeft: [-15, 0], ArrowRight: [15, 0], ArrowUp: [0, -15], ArrowDown: [0, 15] }[ev.key];
        if (step) {
          ev.preventDefault();
          n.fixed = true; n.x = clamp(n.x + step[0], n.r, W - n.r); n.y = clamp(n.y + step[1], n.r, HH - n.r);
          separate(nodes.filter((m) => m.shown), 30); settle(); hot(i, true);
        } else if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); focusCharacter(i); }
      });
    });
    focusListeners.push((f) => nodeEls.forEach((g, k) => g.classList.toggle("sel", k === f)));

    const tableAlt = alt("The network as a table", () => {
      const rows = list.slice().sort((x, y) => y[3] - x[3]);
      return rows.length ? table(["From", "Interaction", "To", "Weight"], rows.map((e) => [nameOf(e[0]), TYPE_LABEL[NET.types[e[2]]] || NET.types[e[2]], nameOf(e[1]), String(+e[3].toFixed(2))]), [0, 0, 0, 1])
        : h("p", { class: "empty", text: "No interactions with these settings." });
    });

    const legend = h("div", { class: "legend" }, NET.types.map((t, k) => h("span", null,
      s("svg", { width: 34, height: 10, "aria-hidden": "true" }, s("line", { x1: 1, x2: 33, y1: 5, y2: 5, stroke: NET.colours[k], "stroke-width": 3, "stroke-dasharray": TYPE_DASH[t] })),
      " " + (TYPE_LABEL[t] || t))), h("span", { text: "Circle size: how present a character is. Drag circles to rearrange." }));
    const graphBox = h("div", { class: "netgraph" }, svg, tip, legend);
    const box = h("div", { class: "chartbox" },
      h("div", { class: "controls" }, h("label", null, "Show ", chapterSel), showSel,
        h("label", { title: "Pairs whose links weigh less than " + Math.round(WEAK_SHARE * 100) + "% of the strongest pair's" }, weakBox, weakLabel),
        graphButton),
      h("div", { class: "controls" }, typeButtons), rankList, graphBox, tableAlt);
    rebuild(false);
    mode();
    drawAtWidth(box, () => { if (asGraph) relayoutSoon(); });
    NARROW.addEventListener("change", () => { asGraph = !NARROW.matches; mode(); renderList(); });
    const n = NET.edges.filter((e) => e[4] === 0).length;
    return section("network", "Who meets whom", plural(n, "connection") + " between " + plural(CAST.length, "character") + ".",
      box, NET.derived ? h("p", { class: "note-derived", text: "Drawn from quotations and shared scenes only (this analysis holds no interaction graph)." }) : null);
  }

  // ---------------------------------------------------------------- emotion arcs

  function renderEmotions() {
    if (!EMO.arcs.length) {
      return section("feelings", "Feelings over the story", null, h("p", { class: "empty", text: "This analysis holds no emotions." }));
    }
    let W = 1000, HH = 380, L = 48;
    const R = 16, TOP = 22, B = 34;
    const svg = s("svg", { id: "emo-svg", role: "img" });
    const arcsBy = new Map(EMO.arcs.map((a) => [a.character, a]));
    const measures = ["valence", ...EMO.labels.filter((l) => l !== "neutral")];
    let measure = "valence";
    let mode = "segments";
    const selected = new Set(EMO.arcs.slice(0, 3).map((a) => a.character));

    const measureSel = h("select", { "aria-label": "Feeling" }, measures.map((m) => h("option", { value: m, text: m === "valence" ? "mood (negative to positive)" : m })));
    measureSel.addEventListener("change", () => { measure = measureSel.value; draw(); });
    const modeSel = h("select", { "aria-label": "Story time" }, h("option", { value: "segments", text: EMO.segments + " equal parts" }),
      EMO.boundaries.length > 1 ? h("option", { value: "chapters", text: "chapters" }) : null);
    modeSel.addEventListener("change", () => { mode = modeSel.value; draw(); });
    const toggles = EMO.arcs.map((a) => {
      const b = h("button", { class: "toggle c" + a.character, type: "button", "aria-pressed": String(selected.has(a.character)), "data-char": a.character },
        h("span", { class: "sw" }), nameOf(a.character));
      b.addEventListener("click", () => {
        if (selected.has(a.character)) selected.delete(a.character); else selected.add(a.character);
        b.setAttribute("aria-pressed", String(selected.has(a.character)));
        draw();
      });
      return b;
    });

    function series(arc) {
      // [x in 0..1, value or null] per point.
      const col = measure === "valence" ? 1 : 2 + EMO.labels.indexOf(measure);
      if (mode === "chapters") {
        const b = EMO.boundaries;
        return arc.chapters.map((row, k) => {
          const x0 = b[k] ? b[k][1] : k / arc.chapters.length;
          const x1 = b[k + 1] ? b[k + 1][1] : 1;
          return [(x0 + x1) / 2, row[col]];
        });
      }
      const n = arc.segments.length;
      return arc.segments.map((row, k) => [(k + 0.5) / n, row[col]]);
    }

    function draw() {
      svg.replaceChildren();
      svg.setAttribute("width", W); svg.setAttribute("height", HH); svg.setAttribute("viewBox", "0 0 " + W + " " + HH);
      const narrow = W < 560;
      const valence = measure === "valence";
      let hi = valence ? 1 : 0.05;
      if (!valence) for (const a of EMO.arcs) if (selected.has(a.character)) for (const p of series(a)) if (p[1] !== null) hi = Math.max(hi, p[1]);
      hi = valence ? 1 : Math.min(1, Math.ceil(hi * 10) / 10);
      const lo = valence ? -1 : 0;
      const X = (x) => L + x * (W - L - R);
      const Y = (v) => TOP + (1 - (v - lo) / (hi - lo)) * (HH - TOP - B);
      for (const t of valence ? (narrow ? [-1, 0, 1] : [-1, -0.5, 0, 0.5, 1]) : [0, hi / 2, hi]) {
        svg.appendChild(s("line", { class: "axis", x1: L, x2: W - R, y1: Y(t), y2: Y(t), "stroke-width": t === 0 && valence ? 1.5 : 1 }));
        svg.appendChild(s("text", { class: "axis-label", x: L - 8, y: Y(t) + 4, "text-anchor": "end", text: valence ? (t > 0 ? "+" : "") + t : t.toFixed(2) }));
      }
      if (valence) {
        svg.appendChild(s("text", { class: "axis-label", x: W - R, y: TOP - 6, "text-anchor": "end", text: "happier ↑" }));
        svg.appendChild(s("text", { class: "axis-label", x: W - R, y: Y(-1) - 6, "text-anchor": "end", text: "sadder ↓" }));
      }
      const every = Math.ceil(EMO.boundaries.length / Math.max(1, Math.floor((W - L - R) / 60)));
      EMO.boundaries.forEach((b, k) => {
        svg.appendChild(s("line", { class: "chapter-mark", x1: X(b[1]), x2: X(b[1]), y1: TOP, y2: HH - B }));
        if (k % every === 0) svg.appendChild(s("text", { class: "axis-label", x: X(b[1]) + 3, y: HH - B + 14, text: "Ch. " + b[0] }));
      });
      svg.appendChild(s("text", { class: "axis-label", x: W - R, y: HH - 6, "text-anchor": "end", text: "story time →" }));
      if (valence && EMO.story.length && mode === "segments") {
        let d = "";
        let pen = false;
        EMO.story.forEach((v, k) => {
          if (v === null) { pen = false; return; }
          d += (pen ? "L" : "M") + X((k + 0.5) / EMO.story.length).toFixed(1) + " " + Y(v).toFixed(1); pen = true;
        });
        svg.appendChild(s("path", { d: d, fill: "none", stroke: "#b9b4aa", "stroke-width": 6, "stroke-linecap": "round", "stroke-linejoin": "round", opacity: 0.5 },
          s("title", { text: "The whole story's mood" })));
      }
      const names = [];
      for (const a of EMO.arcs) {
        if (!selected.has(a.character)) continue;
        names.push(nameOf(a.character));
        const pts = series(a);
        let d = "";
        let pen = false;
        const dots = [];
        for (const p of pts) {
          if (p[1] === null || p[1] === undefined) { pen = false; continue; }
          d += (pen ? "L" : "M") + X(p[0]).toFixed(1) + " " + Y(p[1]).toFixed(1);
          pen = true;
          dots.push(p);
        }
        const g = s("g", { class: "c" + a.character });
        g.appendChild(s("path", { class: "arc-line", "data-char": a.character, d: d || "M0 0", stroke: colourOf(a.character) }));
        for (const p of dots) {
          g.appendChild(s("circle", { cx: X(p[0]).toFixed(1), cy: Y(p[1]).toFixed(1), r: 3.5, fill: "#fff", stroke: colourOf(a.character), "stroke-width": 2 },
            s("title", { text: nameOf(a.character) + ", " + Math.round(p[0] * 100) + "% into the story: " + measure + " " + p[1].toFixed(2) })));
        }
        svg.appendChild(g);
      }
      svg.setAttribute("aria-label", "Line chart of " + measure + " over story time for " + (names.join(", ") || "no one") + "; a table follows.");
      tableAlt.refresh();
    }

    const tableAlt = alt("The chart as a table", () => {
      const arcs = EMO.arcs.filter((a) => selected.has(a.character));
      if (!arcs.length) return h("p", { class: "empty", text: "Choose a character." });
      const cols = arcs.map(series);
      const rows = cols[0].map((p, k) => [Math.round(p[0] * 100) + "%", ...cols.map((c) => (c[k] && c[k][1] !== null ? c[k][1].toFixed(2) : "–"))]);
      return table(["Story time", ...arcs.map((a) => nameOf(a.character))], rows, [0, ...arcs.map(() => 1)]);
    });

    const legend = h("div", { class: "legend", text: "Each line is one character's " + "feelings in the sentences they speak, think or live through. Dashed lines mark chapters." });
    const box = h("div", { class: "chartbox" },
      h("div", { class: "controls" }, h("label", null, "Feeling ", measureSel), h("label", null, "Over ", modeSel)),
      h("div", { class: "controls", role: "group", "aria-label": "Characters" }, toggles), svg, legend, tableAlt);
    draw();
    drawAtWidth(box, (w) => {
      // a phone gets a chart of phone height, not a desktop chart shrunk
      W = w; HH = W < 560 ? 250 : 380; L = W < 560 ? 38 : 48;
      draw();
    });
    return section("feelings", "Feelings over the story", "What each character feels, from first page to last.", box);
  }

  // ---------------------------------------------------------------- relationships

  const PAIRS_SHOWN = 8;

  function renderRelationships() {
    const R = D.relationships;
    if (!R.pairs.length && !R.unmatched_tags.length) {
      return section("bonds", "Bonds", null, h("p", { class: "empty", text: "This analysis holds no relationships." }));
    }
    const toneNames = ["affection", "conflict", "family", "romance"];
    const toneColours = ["#009E73", "#D55E00", "#0072B2", "#CC79A7"];
    const strong = new Set(R.untagged_strong.map((p) => p[0] + ":" + p[1]));
    const rows = R.pairs.map((p) => {
      let state;
      if (p.tag) state = h("div", { class: "tagstate" }, h("span", { class: "badge " + (p.borne_out ? "ok" : "no"), text: p.borne_out ? "✓ borne out" : "✗ not borne out" }),
        " ", h("span", { text: "tagged " + (p.tagged || "") + ": " + p.tag }));
      else if (strong.has(p.a + ":" + p.b)) state = h("div", { class: "tagstate" }, h("span", { class: "badge new", text: "★ strong, untagged" }));
      else state = h("div", { class: "tagstate", style: { color: "var(--faint)" }, text: "not tagged" });
      const facts = [plural(p.shared_scenes, "shared scene"), plural(p.lines_between, "line") + " between them", plural(p.acts_between, "act")].join(" · ");
      return h("div", { class: "pair" },
        h("div", { class: "rank", text: "#" + p.rank }),
        h("div", null, h("div", { class: "who" }, nameChip(p.a), h("span", { class: "amp", text: "&" }), nameChip(p.b)),
          h("div", { class: "note-derived", text: facts })),
        h("div", { "aria-label": "strength " + Math.round(p.strength * 100) + "%" }, h("div", { class: "note-derived", text: "bond " + Math.round(p.strength * 100) + "%" }),
          h("div", { class: "bar" }, h("span", { style: { width: (100 * p.strength) + "%" } }))),
        h("div", { class: "tones" }, toneNames.map((t, k) => h("div", { title: t + " " + p.tone[k].toFixed(2) }, t,
          h("div", { class: "bar" }, h("span", { style: { width: (100 * p.tone[k]) + "%", background: toneColours[k] } }))))),
        state,
        p.cues.length ? h("div", { class: "cues" }, "cues: ", p.cues.slice(0, 8).map((c) => h("button", { class: "cue", type: "button",
          title: c[0] + " — show in the text", onclick: () => jumpTo(c[2]), text: c[1] }))) : null);
    });
    const unmatched = R.unmatched_tags.length ? h("p", { class: "note-derived", text: "Tagged but not found in the text: " + R.unmatched_tags.join(" · ") }) : null;
    const lede = R.pairs.length ? "The strongest bonds, with their tone, set against the work's relationship tags." : null;
    const tableAlt = alt("Bonds as a table", () => table(["Rank", "Pair", "Strength", "Affection", "Conflict", "Family", "Romance", "Tag"],
      R.pairs.map((p) => ["#" + p.rank, nameOf(p.a) + " & " + nameOf(p.b), p.strength.toFixed(2), ...p.tone.map((t) => t.toFixed(2)),
        p.tag ? p.tag + (p.borne_out ? " (borne out)" : " (not borne out)") : "—"]), [0, 0, 1, 1, 1, 1, 1, 0]));
    // The strongest few and every tagged pair at once; the long tail of weak pairs on demand.
    const first = [], rest = [];
    R.pairs.forEach((p, k) => (k < PAIRS_SHOWN || p.tag ? first : rest).push(rows[k]));
    const list = h("div", { class: "pairs" }, first);
    const more = rest.length ? h("button", { class: "toggle", type: "button", style: { "margin-top": "10px" }, text: "Show " + rest.length + " weaker pairs" }) : null;
    if (more) more.addEventListener("click", () => { add(list, rest); more.remove(); });
    return section("bonds", "Bonds", lede, list, more, unmatched, tableAlt);
  }

  // ---------------------------------------------------------------- point of view and tense

  function renderPovTense() {
    const P = D.pov, TN = D.tense;
    const parts = [];
    if (P.scenes.length) {
      const total = Math.max(1, TEXT.length);
      // A guess below the threshold is no claim: drawn hatched as "unclear", the guess and its confidence in the title.
      const unclear = (sc) => sc.character < 0 || sc.confidence < P.unclear_below;
      const strip = h("div", { class: "strip", role: "group", "aria-label": "Point of view per scene" }, P.scenes.map((sc, k) =>
        h("button", { class: unclear(sc) ? "unclear" : "c" + sc.character, type: "button", style: { flex: String(Math.max(1, sc.end - sc.start) / total) },
          title: "Scene " + (k + 1) + ": " + (unclear(sc) ? "unclear" + (sc.character >= 0 ? " (perhaps " + nameOf(sc.character) + ")" : "") : nameOf(sc.character)) +
            ", " + Math.round(sc.confidence * 100) + "% sure — go to the text",
          onclick: () => jumpTo(sc.start), text: unclear(sc) ? "?" : nameOf(sc.character) })));
      const person = P.person ? "Told in the " + P.person + " person" + (P.narrator >= 0 ? ", narrated by " + nameOf(P.narrator) : "") + "." : "";
      parts.push(h("div", null, h("h3", { text: "Whose eyes" }), person ? h("p", { text: person }) : null, strip,
        h("div", { class: "strip-axis" }, h("span", { text: "start" }), h("span", { text: "end" })),
        alt("Scenes as a table", () => table(["Scene", "Where", "Point of view", "Person", "Confidence", ""],
          P.scenes.map((sc, k) => [String(k + 1), whereLabel(sc.start), unclear(sc) ? "unclear" + (sc.character >= 0 ? " (perhaps " + nameOf(sc.character) + ")" : "") : nameOf(sc.character), sc.person || "–",
            Math.round(sc.confidence * 100) + "%", h("button", { class: "linkish", type: "button", onclick: () => jumpTo(sc.start), text: "read" })]),
          [0, 0, 0, 0, 1, 0]))));
    }
    const TP = TN.paragraphs;
    if (TP.length || TN.shifts.length) {
      const tenseColours = ["#e6e3dc", "#0072B2", "#E69F00", "#CC79A7"];
      const canvas = h("canvas", { id: "tense-canvas", role: "img", "aria-label": "Tense of each paragraph along the story: " +
        "mostly " + TN.dominant + "; " + plural(TN.shifts.length, "shift") + " listed below." });
      const paint = () => {
        const w = canvas.clientWidth || 600, hh = 28;
        const ratio = window.devicePixelRatio || 1;
        canvas.width = w * ratio; canvas.height = hh * ratio;
        const cx = canvas.getContext("2d");
        if (!cx) return;
        cx.scale(ratio, ratio);
        const total = Math.max(1, TEXT.length);
        for (let k = 0; k < TP.length; k += 3) {
          cx.fillStyle = tenseColours[TP[k + 2]] || "#ddd";
          const x0 = (TP[k] / total) * w, x1 = (TP[k + 1] / total) * w;
          cx.fillRect(x0, 0, Math.max(1, x1 - x0), hh);
        }
        cx.fillStyle = "#1d1d22";
        for (const sh of TN.shifts) cx.fillRect((sh.start / total) * w - 1, 0, 2, hh);
      };
      requestAnimationFrame(paint);
      window.addEventListener("resize", paint);
      canvas.addEventListener("click", (ev) => {
        const r = canvas.getBoundingClientRect();
        jumpTo(Math.floor(((ev.clientX - r.left) / r.width) * TEXT.length));
      });
      const shifts = TN.shifts.map((sh) => {
        const ex = excerpt(sh.start, sh.end, 90, 70);
        return h("li", null,
          h("span", { class: sh.at_break ? "badge new" : "badge no", text: sh.at_break ? "at a break" : "likely slip" }),
          h("span", { class: "excerpt" }, ex[0], h("mark", { text: ex[1] }), ex[2]),
          h("span", { class: "note-derived", text: sh.from_tense + " → " + sh.to_tense + " · " + whereLabel(sh.start) }),
          h("button", { class: "linkish", type: "button", onclick: () => jumpTo(sh.start, sh.end), text: "go to text" }));
      });
      parts.push(h("div", null, h("h3", { text: "Tense" }),
        h("p", { text: "The narration is mostly in the " + TN.dominant + " tense" + (TN.shifts.length ? "; it shifts " + plural(TN.shifts.length, "time") + "." : ", with no shifts.") }),
        canvas,
        h("div", { class: "tense-legend" }, TN.tenses.map((t, k) => h("span", null, h("i", { style: { background: tenseColours[k] } }), t === "none" ? "dialogue only" : t)),
          h("span", null, h("i", { style: { background: "#1d1d22", width: "3px" } }), "shift")),
        shifts.length ? h("ul", { class: "shifts" }, shifts) : null));
    }
    if (!parts.length) return section("pov", "Point of view and tense", null, h("p", { class: "empty", text: "This analysis holds no point of view or tense." }));
    return section("pov", "Point of view and tense", "Through whose eyes each scene is told, and when the narration slips between past and present.",
      parts.length > 1 ? h("div", { class: "twocol" }, parts) : parts);
  }

  // ---------------------------------------------------------------- the text, drawn lazily by block

  const EAGER_CHARS = 60000; // a short story is drawn at once; longer ones block by block as they scroll near
  const blockEls = [];
  const nBlocks = T.blocks.length / 3;
  const rendered = new Uint8Array(nBlocks);
  let showLabels = true;

  function appendStyled(parent, a, b) {
    // Text [a, b) with italics/bold from T.styled.
    const S = T.styled;
    let k = lowerBound(S, 3, a);
    if (k > 0) k -= 1;
    let pos = a;
    for (let guard = 0; k * 3 < S.length && guard < 10000; k++, guard++) {
      const ss = S[k * 3], se = S[k * 3 + 1];
      if (ss >= b) break;
      const xs = Math.max(ss, pos), xe = Math.min(se, b);
      if (xe <= xs) continue;
      if (xs > pos) parent.appendChild(document.createTextNode(TEXT.slice(pos, xs)));
      const kind = T.style_kinds[S[k * 3 + 2]];
      parent.appendChild(h(kind === "bold" ? "strong" : kind === "strike" ? "s" : "em", { text: TEXT.slice(xs, xe) }));
      pos = xe;
    }
    if (pos < b) parent.appendChild(document.createTextNode(TEXT.slice(pos, b)));
  }

  function appendRuns(parent, a, b) {
    // Text [a, b) with character mentions marked.
    const M = T.mentions;
    let k = lowerBound(M, 3, a);
    let pos = a;
    for (; k * 3 < M.length && M[k * 3] < b; k++) {
      const ms = M[k * 3], me = Math.min(M[k * 3 + 1], b), c = M[k * 3 + 2];
      if (ms < pos || me <= ms) continue; // nested or overlapping: the outer one is drawn
      if (ms > pos) appendStyled(parent, pos, ms);
      const span = h("span", { class: "m c" + c, "data-c": c, "data-s": ms, title: nameOf(c) });
      appendStyled(span, ms, me);
      parent.appendChild(span);
      pos = me;
    }
    if (pos < b) appendStyled(parent, pos, b);
  }

  function renderParagraph(ps, pe) {
    const p = h("p", { "data-s": ps, "data-e": pe });
    const Q = T.quotes;
    let k = lowerBound(Q, 5, ps);
    if (k > 0 && Q[(k - 1) * 5 + 1] > ps) k -= 1;
    let pos = ps;
    for (; k * 5 < Q.length && Q[k * 5] < pe; k++) {
      const qs0 = Q[k * 5], qs = Math.max(qs0, ps), qe = Math.min(Q[k * 5 + 1], pe);
      if (qe <= qs || qs < pos) continue;
      const speaker = Q[k * 5 + 2], kind = T.quote_kinds[Q[k * 5 + 3]];
      if (qs > pos) appendRuns(p, pos, qs);
      const q = h("span", { class: "q s" + speaker + " c" + speaker + (kind !== "spoken" ? " " + kind : ""), "data-q": k,
        title: (speaker >= 0 ? nameOf(speaker) : "Speaker unknown") + " · " + kind + (speaker >= 0 ? " · " + Q[k * 5 + 4] + "% sure" : "") });
      if (qs0 >= ps) q.appendChild(h("span", { class: "spk" + (speaker < 0 ? " unknown" : ""), "aria-hidden": "true", text: speaker >= 0 ? nameOf(speaker) : "?" }));
      appendRuns(q, qs, qe);
      p.appendChild(q);
      pos = qe;
    }
    if (pos < pe) appendRuns(p, pos, pe);
    const mood = paragraphMood(ps, pe);
    if (mood) p.prepend(mood);
    return p;
  }

  function paragraphMood(ps, pe) {
    // A mark in the margin for a paragraph whose sentences feel something: blue sad, orange glad.
    const F = T.feelings;
    let k = lowerBound(F, 4, ps);
    if (k > 0 && F[(k - 1) * 4 + 1] > ps) k -= 1;
    let sum = 0, weight = 0;
    const felt = new Map();
    for (; k * 4 < F.length && F[k * 4] < pe; k++) {
      const len = Math.max(1, Math.min(F[k * 4 + 1], pe) - Math.max(F[k * 4], ps));
      sum += F[k * 4 + 2] * len; weight += len;
      const label = T.feeling_labels[F[k * 4 + 3]];
      felt.set(label, (felt.get(label) || 0) + 1);
    }
    if (!weight) return null;
    const v = sum / weight / 100;
    const colour = v < 0 ? "0,114,178" : "230,159,0";
    const words = [...felt.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    return h("span", { class: "mood", "aria-hidden": "true", title: "Feels " + words.join(", ") + " (mood " + (v > 0 ? "+" : "") + v.toFixed(2) + ")",
      style: { background: "rgba(" + colour + "," + (0.25 + 0.75 * Math.min(1, Math.abs(v))).toFixed(2) + ")" } });
  }

  function isHeadingLine(ps, pe, headingAt, prevEnd) {
    // A chapter's own title line in the text ("Chapter 3: The Storm") is shown once, as the heading.
    if (pe - ps > 100) return false;
    for (const [start, ch] of headingAt) {
      if (ps < start || prevEnd > start) continue;
      if (TEXT.slice(start, ps).trim()) continue;
      const line = TEXT.slice(ps, pe).trim().toLowerCase();
      const title = (ch.title || "").trim().toLowerCase();
      return /^(chapter|part|book|prologue|epilogue)\b/.test(line) || (title !== "" && line === title);
    }
    return false;
  }

  function renderBlock(b) {
    if (rendered[b]) return;
    rendered[b] = 1;
    const el = blockEls[b];
    const bs = T.blocks[b * 3], be = T.blocks[b * 3 + 1];
    const last = b === nBlocks - 1;
    const inside = (x) => x >= bs && (x < be || (last && x <= be));
    const items = [];
    for (const ch of T.chapters) if (ch.start === bs && inside(ch.start)) items.push([ch.start, 1, () =>
      h("h3", { class: "chapter" }, h("small", { text: "Chapter " + ch.index }), ch.title && ch.title.trim() && !/^chapter\s+\d+$/i.test(ch.title.trim()) ? ch.title : "Chapter " + ch.index)]);
    for (const n of D.notes) if (inside(n.start)) {
      // The work's summary is already in the header; work-level and end notes stand before a chapter
      // heading at the same point, a chapter's own notes after it.
      if (n.kind === "summary" && D.header.summary) continue;
      const before = ["chapter_end_notes", "end_notes", "work_notes", "summary", "disclaimer"].includes(n.kind);
      items.push([n.start, n.in_text ? 3 : before ? 0 : 2, () => noteBox(n)]);
    }
    const B = T.breaks;
    for (let k = lowerBound(B, 2, bs); k * 2 < B.length && B[k * 2] < be; k++) {
      const marker = TEXT.slice(B[k * 2], B[k * 2 + 1]).trim();
      items.push([B[k * 2], 3, () => h("div", { class: "scene-break", role: "separator", "aria-label": "Scene break", title: marker || "scene break", "data-s": B[k * 2], text: "⁂" })]);
    }
    const P = T.paragraphs;
    const headingAt = new Map(T.chapters.filter((ch) => ch.start >= bs && ch.start < be).map((ch) => [ch.start, ch]));
    for (let k = lowerBound(P, 2, bs); k * 2 < P.length && P[k * 2] < be; k++) {
      const ps = P[k * 2], pe = P[k * 2 + 1];
      if (k > 0 ? isHeadingLine(ps, pe, headingAt, P[k * 2 - 1]) : isHeadingLine(ps, pe, headingAt, -1)) continue;
      items.push([ps, 3, () => renderParagraph(ps, pe)]);
    }
    items.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const frag = document.createDocumentFragment();
    for (const it of items) frag.appendChild(it[2]());
    el.replaceChildren(frag);
    el.classList.remove("pending");
    el.style.minHeight = "";
    el.removeAttribute("aria-busy");
  }

  function blockOf(offset) {
    let lo = 0, hi = nBlocks - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (T.blocks[mid * 3] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  let lastFlash = null;

  function jumpTo(offset, end) {
    if (!nBlocks) return;
    const b = blockOf(offset);
    renderBlock(b);
    if (b > 0) renderBlock(b - 1);
    const el = blockEls[b];
    let target = null;
    for (const child of el.children) {
      const st = Number(child.getAttribute("data-s"));
      if (child.hasAttribute("data-s") && st <= offset) target = child; else if (child.hasAttribute("data-s") && st > offset) break;
    }
    if (target && end !== undefined) {
      for (const m of target.querySelectorAll("[data-s]")) if (Number(m.getAttribute("data-s")) === offset) { target = m; break; }
    } else if (target) {
      for (const m of target.querySelectorAll(".m")) if (Number(m.getAttribute("data-s")) === offset) { target = m; break; }
      if (target.tagName === "P") {
        const q = T.quotes;
        const k = lowerBound(q, 5, offset);
        if (k * 5 < q.length && q[k * 5] === offset) { const qe = target.querySelector('[data-q="' + k + '"]'); if (qe) target = qe; }
      }
    }
    target = target || el;
    // Keyboard users land where they jumped to.
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    const go = () => target.scrollIntoView({ block: "center", behavior: "auto" });
    go();
    if (lastFlash) lastFlash.classList.remove("flash");
    lastFlash = target;
    requestAnimationFrame(() => { go(); target.classList.remove("flash"); void target.getBoundingClientRect(); target.classList.add("flash"); });
  }

  function renderText() {
    const story = h("div", { class: "story", id: "story" });
    const width = 640, lineChars = 68, lineHeight = 32;
    for (let b = 0; b < nBlocks; b++) {
      const len = T.blocks[b * 3 + 1] - T.blocks[b * 3];
      const el = h("div", { class: "block pending", "data-b": b, "aria-busy": "true", style: { "min-height": Math.max(60, Math.round((len / lineChars) * lineHeight * 1.12)) + "px" } });
      blockEls.push(el);
      story.appendChild(el);
    }
    void width;
    if ("IntersectionObserver" in window && TEXT.length > EAGER_CHARS) {
      // Blocks coming near the screen are drawn one per frame, nearest first, so scrolling never stalls.
      const queue = [];
      let scheduled = false;
      const drain = () => {
        scheduled = false;
        const t0 = performance.now();
        while (queue.length && performance.now() - t0 < 8) renderBlock(queue.shift());
        if (queue.length) { scheduled = true; requestAnimationFrame(drain); }
      };
      const io = new IntersectionObserver((entries) => {
        for (const en of entries) {
          if (!en.isIntersecting) continue;
          const b = Number(en.target.getAttribute("data-b"));
          io.unobserve(en.target);
          if (en.boundingClientRect.top < window.innerHeight && en.boundingClientRect.bottom > 0) queue.unshift(b); else queue.push(b);
        }
        if (queue.length && !scheduled) { scheduled = true; requestAnimationFrame(drain); }
      }, { rootMargin: "1800px 0px 1800px 0px" });
      blockEls.forEach((el) => io.observe(el));
    } else {
      for (let b = 0; b < nBlocks; b++) renderBlock(b);
    }
    story.addEventListener("click", (ev) => {
      const m = ev.target.closest ? ev.target.closest(".m") : null;
      if (m) focusCharacter(Number(m.getAttribute("data-c")));
    });

    const counts = CAST.map((c) => c.mentions);
    const whoButtons = CAST.map((c) => {
      const b = h("button", { class: "c" + c.index, type: "button", "aria-pressed": "false", "data-char": c.index },
        h("span", { class: "sw" }), h("span", { text: c.name }), h("span", { class: "cnt", text: fmt(counts[c.index]) }));
      b.addEventListener("click", () => focusCharacter(c.index));
      focusListeners.push((i) => b.setAttribute("aria-pressed", String(i === c.index)));
      filterListeners.push(() => { b.hidden = !matchesFilter(c.index); });
      return b;
    });
    const labelsBox = h("input", { type: "checkbox", checked: true });
    labelsBox.addEventListener("change", () => { showLabels = labelsBox.checked; story.classList.toggle("hide-labels", !showLabels); });
    const mentionsBox = h("input", { type: "checkbox", checked: true });
    mentionsBox.addEventListener("change", () => story.classList.toggle("hide-mentions", !mentionsBox.checked));
    const moodBox = T.feelings.length ? h("input", { type: "checkbox", checked: true }) : null;
    if (moodBox) moodBox.addEventListener("change", () => story.classList.toggle("hide-mood", !moodBox.checked));
    const chapterNav = T.chapters.length > 1 ? h("select", { "aria-label": "Go to chapter" }, h("option", { value: "", text: "Go to chapter…" }),
      T.chapters.map((ch) => h("option", { value: String(ch.start), text: ch.index + ". " + (ch.title || "Chapter " + ch.index) }))) : null;
    if (chapterNav) chapterNav.addEventListener("change", () => { if (chapterNav.value !== "") jumpTo(Number(chapterNav.value)); });
    const side = h("aside", { class: "legendcol", "aria-label": "Characters in the text" },
      h("h3", { text: "Follow a character" }),
      h("div", { class: "who-list" }, whoButtons),
      h("div", { class: "opts" },
        h("label", null, labelsBox, " speaker labels"), h("label", null, mentionsBox, " mark mentions"),
        moodBox ? h("label", { title: "A mark beside each paragraph that feels something: blue for sad, orange for glad" }, moodBox, " mood in the margin") : null,
        chapterNav));
    return section("text", "The text", null, h("div", { class: "reader" }, side, story));
  }

  // ---------------------------------------------------------------- script view

  function renderScript() {
    const Q = T.quotes;
    const nQ = Q.length / 5;
    if (!nQ) return section("script", "Script", null, h("p", { class: "empty", text: "No quotations were found." }));
    const to = new Map(T.addressees.map((row) => [row[0], row.slice(1)]));
    const groups = [];
    const chapters = T.chapters.length ? T.chapters : [{ index: 0, title: null, start: 0, end: TEXT.length }];
    let k = 0;
    chapters.forEach((ch, ci) => {
      const end = ci + 1 < chapters.length ? chapters[ci + 1].start : Infinity;
      const first = k;
      while (k < nQ && Q[k * 5] < end) k++;
      if (k > first) groups.push([ch, first, k]);
    });
    if (k < nQ) groups.push([{ index: 0, title: null }, k, nQ]);
    const B = T.breaks;
    const kindWord = { written: "writes", thought: "thinks" };
    const box = h("div", { class: "script" });
    const renderGroup = (el, g) => {
      const [ch, a, b] = g;
      const frag = document.createDocumentFragment();
      if (ch.index) frag.appendChild(h("h3", { text: "Chapter " + ch.index + (ch.title && !/^chapter\s+\d+$/i.test(ch.title.trim()) ? ": " + ch.title : "") }));
      let br = lowerBound(B, 2, Q[a * 5]);
      for (let q = a; q < b; q++) {
        const qs = Q[q * 5], sp = Q[q * 5 + 2], kind = T.quote_kinds[Q[q * 5 + 3]];
        if (br * 2 < B.length && B[br * 2] < qs && q > a) { frag.appendChild(h("div", { class: "scene", role: "separator", text: "⁂ new scene ⁂" })); }
        while (br * 2 < B.length && B[br * 2] < qs) br++;
        const addr = to.get(q);
        frag.appendChild(h("div", { class: "line s" + sp + " c" + sp },
          h("div", { class: "sp", text: sp >= 0 ? nameOf(sp) : "unknown" }),
          h("div", null, kindWord[kind] ? h("span", { class: "kind", text: "(" + kindWord[kind] + ") " }) : null,
            TEXT.slice(qs, Q[q * 5 + 1]), addr ? h("span", { class: "to", text: "  → " + addr.map(nameOf).join(", ") }) : null),
          h("button", { class: "linkish", type: "button", title: "Show in the text", "aria-label": "Show this line in the text", onclick: () => jumpTo(qs), text: "¶" })));
      }
      el.replaceChildren(frag);
      el.classList.remove("pending");
    };
    const els = groups.map((g) => h("div", { class: "block pending", style: { "min-height": Math.min(4000, 30 * (g[2] - g[1]) + 60) + "px" } }));
    add(box, els);
    if ("IntersectionObserver" in window && TEXT.length > EAGER_CHARS) {
      const io = new IntersectionObserver((entries) => {
        for (const en of entries) if (en.isIntersecting) { const i = els.indexOf(en.target); renderGroup(en.target, groups[i]); en.target.style.minHeight = ""; io.unobserve(en.target); }
      }, { rootMargin: "1200px 0px" });
      els.forEach((el) => io.observe(el));
    } else groups.forEach((g, i) => renderGroup(els[i], g));
    const speakers = new Set();
    for (let q = 0; q < nQ; q++) if (Q[q * 5 + 2] >= 0) speakers.add(Q[q * 5 + 2]);
    return section("script", "Script", "Every line of dialogue, by speaker: " + plural(nQ, "line") + " from " + plural(speakers.size, "speaker") + ".", box);
  }

  // ---------------------------------------------------------------- the page

  function topbar() {
    const links = [["#cast", "Cast"], ["#presence", "Presence"], ["#network", "Network"], ["#feelings", "Feelings"], ["#bonds", "Bonds"], ["#pov", "POV & tense"], ["#text", "Text"], ["#script", "Script"]];
    return h("div", { class: "topbar" }, h("div", { class: "topbar-inner" },
      h("div", { class: "brand" }, "ficlens ", h("span", { text: "report" })),
      h("nav", { "aria-label": "Sections" }, links.map((l) => h("a", { href: l[0], text: l[1] }))),
      h("div", { class: "work", text: D.header.title })));
  }

  function main() {
    characterStyles();
    document.head.appendChild(filterStyle);
    document.head.appendChild(focusStyle);
    const app = document.getElementById("app");
    const page = h("main", null);
    app.replaceChildren(topbar(), page, buildFocusBar(),
      h("footer", { text: "Made by ficlens " + (D.header.ficlens_version || "") + " from the saved analysis. Figures are machine estimates; read the text to judge." }));
    const parts = [renderHeader, renderCast, renderPresence, renderNetwork, renderEmotions, renderRelationships, renderPovTense, renderText, renderScript];
    for (const part of parts) {
      try {
        page.appendChild(part());
      } catch (err) {
        page.appendChild(h("p", { class: "empty", text: "This part of the report could not be drawn: " + (err && err.message ? err.message : String(err)) }));
        if (window.console) console.error(err);
      }
    }
    for (const draw of whenAttached) draw();
    document.title = D.header.title + " · ficlens";
    window.ficlensReport = { focusCharacter: focusCharacter, jumpTo: jumpTo, renderBlock: renderBlock, setCastFilter: setCastFilter, drawnAt: performance.now() };
  }

  main();
})();
