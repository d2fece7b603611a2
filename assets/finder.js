/* Partnership Watch: the analyses index's filter.

   Reads every analysis from the data the generator writes (analyses/finder-data.js, generator/finder.py),
   not from the entries on the page, so that it covers every analysis however the index is paged. The filter is
   the query string (?partner=…&topic=…&stakeholder=…&stance=…&year=…), so that a filtered view can be linked;
   values the data doesn't hold are ignored. With a filter set, the matching entries are written here, as the
   generator writes them (render.Shown.entries), newest first; without one, the generated entries show. Content
   is untrusted: every text goes in with textContent, never as markup. Without JavaScript the form stays hidden
   and the page lists every analysis. */
(function () {
  "use strict";

  var data = window.partnershipWatchFinder;
  var form = document.getElementById("finder_form");
  var count = document.getElementById("finder_count");
  var results = document.getElementById("finder_results");
  var end = document.getElementById("finder_end");
  if (!data || !form || !count || !results || !end) return;

  /* Each field: its query key, its select, the labels of its values, and the values one analysis has. */
  var FIELDS = [
    { key: "partner", labels: data.labels.partners, of: function (a) { return a.partners; } },
    { key: "topic", labels: data.labels.topics, of: function (a) { return a.topics; } },
    { key: "stakeholder", labels: data.labels.stakeholders, of: function (a) { return a.stakeholders; } },
    { key: "stance", labels: data.labels.stances, of: function (a) { return Object.keys(a.stances); } },
    { key: "year", labels: null, of: function (a) { return [String(a.year)]; } }
  ];
  var analyses = data.analyses;
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

  /* The values in use, with how many analyses have each: by label as the data orders them, years newest first. */
  function fillChoices(field) {
    var select = form.elements[field.key];
    var tally = {};
    analyses.forEach(function (analysis) {
      field.of(analysis).forEach(function (value) { tally[value] = (tally[value] || 0) + 1; });
    });
    var values = field.labels
      ? Object.keys(field.labels).filter(function (value) { return tally[value]; })
      : Object.keys(tally).sort().reverse();
    values.forEach(function (value) {
      var label = field.labels ? field.labels[value] : value;
      select.appendChild(new Option(label + " (" + tally[value] + ")", value));
    });
    field.select = select;
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

  function show(wanted) {
    var filtered = Object.keys(wanted).length > 0;
    var found = filtered ? analyses.filter(function (analysis) { return matches(analysis, wanted); }) : analyses;
    var total = counted(analyses.length, "analysis", "analyses");
    count.textContent = filtered ? found.length.toLocaleString("en") + " of " + total + " match" : total;
    generated.forEach(function (node) { node.hidden = filtered; });
    results.replaceChildren();
    results.hidden = !filtered;
    if (!filtered) return;
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

  FIELDS.forEach(fillChoices);
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
