// The All papers table, sorted and filtered in place: click a column's head to sort by it;
// filter by words (title, topic, venue, authors), topic, venue, a range of years and starred
// papers. What is chosen is kept in the page's query string (?text=…&topic=…&sort=year&order=desc;
// not `q`, which Material's search takes for a query to open the search with), so a filtered
// view can be shared and opened again. Without this script the page is the whole plain table.
// It runs for each page Material shows (document$, which instant navigation emits on too) and
// does nothing on a page without the table's controls block.
//
// Speed, for 10,000 papers (benchmarks/bench_table.py): Chromium takes one to two seconds to
// lay out a table of 10,000 rows, whatever changes in it, so the table holds the first PAGE
// matching rows ("Show more" and "Show all" add the rest) and each filter or sort replaces
// them; each row's text and sort keys are read once, when the page opens.
(() => {
  "use strict";

  // The table's columns, in the order render.py writes them (raw_html.TABLE_HEAD).
  const COLUMNS = ["paper", "topic", "venue", "year", "starred", "noted"];
  const FIRST_DESCENDING = new Set(["year", "starred", "noted"]);
  // Rows in the table at a time: a filter or sort lays out this many rows, not 10,000.
  const PAGE = 100;
  const TEXT = new Set(["paper", "topic", "venue"]);

  function element(tag, props, children) {
    const node = Object.assign(document.createElement(tag), props || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  // Text is compared by its lower case, which is ten times faster over 10,000 titles than a
  // collator, and orders the titles people write (Latin letters, digits) the same way.
  const key = (value) => value.toLowerCase();

  // What a row is sorted and filtered by, read once from its cells.
  function record(tr, index) {
    const cell = (i) => (tr.cells[i] ? tr.cells[i].textContent.trim() : "");
    const stars = cell(4);
    const year = parseInt(cell(3), 10);
    return {
      tr,
      index,
      paper: cell(0),
      topic: cell(1),
      venue: cell(2),
      paperKey: key(cell(0)),
      topicKey: key(cell(1)),
      venueKey: key(cell(2)),
      year: Number.isNaN(year) ? null : year,
      starredMark: stars.includes("★"),
      starred: stars ? (stars.includes("★") ? 100 : 0) + (stars.match(/⭐/g) || []).length : null,
      noted: cell(5) || null,
      text: tr.textContent.toLowerCase(),
    };
  }

  function compare(column, order) {
    const sign = order === "desc" ? -1 : 1;
    const field = TEXT.has(column) ? `${column}Key` : column;
    return (a, b) => {
      const x = a[field];
      const y = b[field];
      const emptyX = x === null || x === "";
      const emptyY = y === null || y === "";
      if (emptyX || emptyY) {
        // Rows without a value go last, whichever the order.
        return emptyX && emptyY ? a.index - b.index : emptyX ? 1 : -1;
      }
      const c = x < y ? -1 : x > y ? 1 : 0;
      return c ? sign * c : a.index - b.index;
    };
  }

  function options(select, values, all) {
    select.append(element("option", { value: "", textContent: all }));
    for (const value of values) {
      select.append(element("option", { value, textContent: value }));
    }
  }

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const get = (name) => params.get(name) || "";
    return {
      text: get("text"),
      topic: get("topic"),
      venue: get("venue"),
      from: get("from"),
      to: get("to"),
      starred: get("starred") === "1",
      sort: COLUMNS.includes(get("sort")) ? get("sort") : "",
      order: get("order") === "desc" ? "desc" : "asc",
    };
  }

  function writeState(state) {
    const params = new URLSearchParams();
    for (const name of ["text", "topic", "venue", "from", "to"]) {
      if (state[name]) {
        params.set(name, state[name]);
      }
    }
    if (state.starred) {
      params.set("starred", "1");
    }
    if (state.sort) {
      params.set("sort", state.sort);
      params.set("order", state.order);
    }
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function setup() {
    const marker = document.querySelector(".ns-papers-controls");
    const table = marker && marker.parentElement.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length || marker.childElementCount) {
      return;
    }
    const body = table.tBodies[0];
    const rows = Array.from(body.rows, record);
    const state = readState();

    const unique = (key) => [...new Set(rows.map((r) => r[key]).filter((v) => v))];
    const years = unique("year");
    const search = element("input", {
      type: "search",
      className: "ns-filter-text",
      placeholder: "Filter by title, topic, venue, authors",
      value: state.text,
    });
    search.setAttribute("aria-label", "Filter papers by title, topic, venue or authors");
    const topic = element("select", { className: "ns-filter-topic" });
    topic.setAttribute("aria-label", "Topic");
    options(topic, unique("topic"), "All topics");
    const venue = element("select", { className: "ns-filter-venue" });
    venue.setAttribute("aria-label", "Venue");
    options(venue, unique("venue").sort((a, b) => a.localeCompare(b)), "All venues");
    const yearInput = (name, label) => {
      const input = element("input", {
        type: "number",
        className: `ns-filter-${name}`,
        min: String(Math.min(...years, 1950)),
        max: String(Math.max(...years, 1950)),
        placeholder: name === "from" ? "from" : "to",
        value: state[name],
      });
      input.setAttribute("aria-label", label);
      return input;
    };
    const from = yearInput("from", "Years from");
    const to = yearInput("to", "Years to");
    const starred = element("input", { type: "checkbox", className: "ns-filter-starred" });
    starred.checked = state.starred;
    const count = element("output", { className: "ns-count" });
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    // A value the table does not have (a link to a view of older notes) chooses nothing.
    topic.value = state.topic;
    venue.value = state.venue;
    state.topic = topic.value;
    state.venue = venue.value;
    marker.append(
      search,
      topic,
      venue,
      element("span", { className: "ns-years" }, ["Years ", from, " – ", to]),
      element("label", { className: "ns-starred-only" }, [starred, " Starred only"]),
      count,
    );

    const more = element("button", { type: "button", className: "ns-more" });
    const all = element("button", { type: "button", className: "ns-all" });
    const paging = element("p", { className: "ns-paging" }, [more, " ", all]);
    table.after(paging);
    let ordered = rows;
    let limit = PAGE;

    function matches() {
      const words = state.text.toLowerCase().split(/\s+/).filter((w) => w);
      const low = parseInt(state.from, 10);
      const high = parseInt(state.to, 10);
      return ordered.filter(
        (r) =>
          (!state.topic || r.topic === state.topic) &&
          (!state.venue || r.venue === state.venue) &&
          (Number.isNaN(low) || (r.year !== null && r.year >= low)) &&
          (Number.isNaN(high) || (r.year !== null && r.year <= high)) &&
          (!state.starred || r.starredMark) &&
          words.every((w) => r.text.includes(w)),
      );
    }

    // The table shows the first `limit` papers that match, in the chosen order.
    function show() {
      const found = matches();
      const fragment = document.createDocumentFragment();
      for (const r of found.slice(0, limit)) {
        fragment.append(r.tr);
      }
      body.replaceChildren(fragment);
      const noun = rows.length === 1 ? "paper" : "papers";
      count.textContent =
        found.length === rows.length
          ? `${rows.length} ${noun}`
          : `${found.length} of ${rows.length} ${noun}`;
      const rest = found.length - limit;
      paging.hidden = rest <= 0;
      more.textContent = `Show ${Math.min(rest, PAGE)} more`;
      all.textContent = `Show all ${found.length}`;
    }

    const heads = Array.from(table.tHead.rows[0].cells);
    const sorted = new Map(); // "column order" → the rows in that order, sorted once
    function sort() {
      const name = `${state.sort} ${state.order}`;
      if (state.sort && !sorted.has(name)) {
        sorted.set(name, rows.slice().sort(compare(state.sort, state.order)));
      }
      ordered = state.sort ? sorted.get(name) : rows;
      heads.forEach((th, i) => {
        if (COLUMNS[i] === state.sort) {
          th.setAttribute("aria-sort", state.order === "desc" ? "descending" : "ascending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });
    }

    more.addEventListener("click", () => {
      limit += PAGE;
      show();
    });
    all.addEventListener("click", () => {
      limit = Infinity;
      show();
    });

    heads.forEach((th, i) => {
      const column = COLUMNS[i];
      if (!column) {
        return;
      }
      const button = element("button", { type: "button", className: "ns-sort" }, [
        ...th.childNodes,
      ]);
      button.title = `Sort by ${th.textContent.trim().toLowerCase()}`;
      th.append(button);
      button.addEventListener("click", () => {
        if (state.sort === column) {
          state.order = state.order === "asc" ? "desc" : "asc";
        } else {
          state.sort = column;
          state.order = FIRST_DESCENDING.has(column) ? "desc" : "asc";
        }
        sort();
        limit = PAGE;
        show();
        writeState(state);
      });
    });

    const on = (input, event, update) =>
      input.addEventListener(event, () => {
        update();
        limit = PAGE;
        show();
        writeState(state);
      });
    on(search, "input", () => (state.text = search.value));
    on(topic, "change", () => (state.topic = topic.value));
    on(venue, "change", () => (state.venue = venue.value));
    on(from, "input", () => (state.from = from.value));
    on(to, "input", () => (state.to = to.value));
    on(starred, "change", () => (state.starred = starred.checked));
    sort();
    show();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
