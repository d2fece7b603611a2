/* Partnership Watch: the analyses index's filter.

   The page carries the form with its choices (generator/templates/analyses.md.j2) and the newest entries; the
   data of every analysis (analyses/finder-data.js, generator/finder.py, named by the form's data-finder-data)
   is loaded, as a script so that it loads from file:// too, only once a filter is set: opening the page fetches
   none of it. The filter works from that data, not from the entries on the page, so that it covers every
   analysis, however few the page lists. The filter is the query string
   (?partner=…&topic=…&stakeholder=…&stance=…&year=…), so that a filtered view can be linked; values the form
   doesn't offer are ignored. With a filter set, the matching entries are written here, as the generator writes
   them (render.Shown.entries), newest first; without one, the generated entries show. Content is untrusted:
   every text goes in with textContent, never as markup. Without JavaScript the form stays hidden, the page lists
   the newest analyses and the Archive every one. */
(function () {
  "use strict";

  var form = document.getElementById("finder_form");
  var count = document.getElementById("finder_count");
  var results = document.getElementById("finder_results");
  var end = document.getElementById("finder_end");
  if (!form || !count || !results || !end) return;

  /* Each field: its query key and the values one analysis has; `select` is its element in the form. */
  var FIELDS = [
    { key: "partner", of: function (a) { return a.partners; } },
    { key: "topic", of: function (a) { return a.topics; } },
    { key: "stakeholder", of: function (a) { return a.stakeholders; } },
    { key: "stance", of: function (a) { return Object.keys(a.stances); } },
    { key: "year", of: function (a) { return [String(a.year)]; } }
  ];
  FIELDS.forEach(function (field) { field.select = form.elements[field.key]; });
  var unfiltered = count.textContent;
  var data = null;
  var loading = false;
  var generated = [];
  for (var node = results.nextElementSibling; node && node !== end; node = node.nextElementSibling) {
    generated.push(node);
  }

  function counted(number, noun, plural) {
    return number.toLocaleString("en") + " " + (number === 1 ? noun : plural);
  }

  function joinWords(words) {
    if (words.length < 3) return words.join(" and ");
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function chosen() {
    var wanted = {};
    FIELDS.forEach(function (field) {
      if (field.select.value) wanted[field.key] = field.select.value;
    });
    return wanted;
  }

  function matches(analysis, wanted) {
    return FIELDS.every(function (field) {
      return !(field.key in wanted) || field.of(analysis).indexOf(wanted[field.key]) !== -1;
    });
  }

  /* One entry, as render.Shown.entries writes it: heading with the title's link, meta line, summary, stances. */
  function entry(analysis) {
    var entryNodes = [];
    var heading = element("h2", "pw-finder__title");
    var link = element("a", "", analysis.title);
    link.href = analysis.url;
    heading.appendChild(link);
    entryNodes.push(heading);

    var meta = element("p", "pw-meta");
    var time = element("time", "", analysis.day);
    time.dateTime = analysis.date;
    meta.appendChild(time);
    var partners = analysis.partners.map(function (id) { return data.labels.partners[id]; });
    meta.appendChild(document.createTextNode(" · " + joinWords(partners)));
    if (analysis.draft) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(element("strong", "", "Draft"));
    }
    entryNodes.push(meta);
    entryNodes.push(element("p", "", analysis.summary));

    var stances = Object.keys(analysis.stances);
    if (stances.length) {
      var line = element("p", "pw-stances", "Expert views: ");
      stances.forEach(function (stance, position) {
        if (position) line.appendChild(document.createTextNode(" · "));
        line.appendChild(element("span", "pw-stance pw-stance--" + stance, analysis.stances[stance] + " " + stance));
      });
      entryNodes.push(line);
    }
    return entryNodes;
  }

  /* The data of every analysis, loaded once, the first time a filter is set; then the filter as chosen now. */
  function load() {
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = form.getAttribute("data-finder-data");
    script.onload = function () {
      data = window.partnershipWatchFinder;
      show(chosen());
    };
    script.onerror = function () {
      count.textContent = "The filter's data could not be loaded; the Archive lists every analysis.";
    };
    document.head.appendChild(script);
  }

  function show(wanted) {
    var filtered = Object.keys(wanted).length > 0;
    if (filtered && !data) {
      load();
      return;
    }
    generated.forEach(function (node) { node.hidden = filtered; });
    results.replaceChildren();
    results.hidden = !filtered;
    if (!filtered) {
      count.textContent = unfiltered;
      return;
    }
    var analyses = data.analyses;
    var found = analyses.filter(function (analysis) { return matches(analysis, wanted); });
    var total = counted(analyses.length, "analysis", "analyses");
    count.textContent = found.length.toLocaleString("en") + " of " + total + " match";
    found.forEach(function (analysis) {  /* the data lists them newest first */
      entry(analysis).forEach(function (made) { results.appendChild(made); });
    });
    if (!found.length) {
      results.appendChild(element("p", "", "No analysis matches every filter: choose another value, or clear the filters."));
    }
  }

  /* The query string with the filter's keys set to `wanted`; other parameters (Material's ?h=) are kept. */
  function remember(wanted) {
    var query = new URLSearchParams(location.search);
    FIELDS.forEach(function (field) {
      if (field.key in wanted) query.set(field.key, wanted[field.key]);
      else query.delete(field.key);
    });
    var search = query.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  var asked = new URLSearchParams(location.search);
  FIELDS.forEach(function (field) {
    var value = asked.get(field.key);
    var known = Array.prototype.some.call(field.select.options, function (option) {
      return option.value && option.value === value;
    });
    field.select.value = known ? value : "";
  });
  form.hidden = false;
  show(chosen());

  form.addEventListener("change", function () {
    var wanted = chosen();
    remember(wanted);
    show(wanted);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("finder_clear").addEventListener("click", function () {
    FIELDS.forEach(function (field) { field.select.value = ""; });
    remember({});
    show({});
  });
})();
