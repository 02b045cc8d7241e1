// The segments page: a sparkline per saved segment and a larger chart of the selected one, both drawn
// from the rows' data-* attributes (the figures the table shows); suggestions and field names fill the
// definition, whose size htmx previews; error answers of the page's fragments are shown, not dropped.
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.segments tbody tr'));
  var font = getComputedStyle(document.body).fontFamily;

  function numbers(row) {
    return row.dataset.sizes ? row.dataset.sizes.split(',').map(Number) : [];
  }

  if (window.echarts) {
    rows.forEach(function (row) {
      var el = row.querySelector('.sparkline');
      var sizes = numbers(row);
      if (!el || sizes.length < 2) {
        return;
      }
      echarts.init(el, null, { renderer: 'svg' }).setOption({
        animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: 'category', show: false, data: sizes.map(function (s, i) { return i; }) },
        yAxis: { type: 'value', show: false, scale: true },
        series: [{ type: 'line', data: sizes, symbol: 'none', lineStyle: { width: 1.5, color: '#1f6fb2' },
          areaStyle: { color: 'rgba(31,111,178,.12)' } }]
      });
    });
  }

  var big = document.getElementById('history-chart');
  var chart = big && window.echarts ? echarts.init(big, null, { renderer: 'svg' }) : null;

  function show(row) {
    if (!chart || !row) {
      return;
    }
    rows.forEach(function (r) { r.classList.toggle('selected', r === row); });
    document.getElementById('history-name').textContent = row.dataset.segment;
    var sizes = numbers(row);
    var times = row.dataset.times ? row.dataset.times.split(',') : [];
    chart.setOption({
      textStyle: { fontFamily: font, fontSize: 12 },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: times, axisLabel: { hideOverlap: true, formatter: function (t) { return t.substring(5); } } },
      yAxis: { type: 'value', min: 0, minInterval: 1, splitLine: { lineStyle: { color: '#e8ecf1' } } },
      series: [{ name: big.dataset.size, type: 'line', data: sizes, showSymbol: sizes.length < 40,
        lineStyle: { width: 2, color: '#1f6fb2' }, itemStyle: { color: '#1f6fb2' }, areaStyle: { color: 'rgba(31,111,178,.10)' } }]
    }, true);
  }

  show(document.querySelector('table.segments tr.selected') || rows[0]);
  rows.forEach(function (row) {
    var link = row.querySelector('.segment-link');
    link.addEventListener('click', function (event) {
      if (chart) {
        event.preventDefault();
        show(row);
        history.replaceState(null, '', link.href);
      }
    });
  });
  window.addEventListener('resize', function () { if (chart) { chart.resize(); } });

  var definition = document.getElementById('definition');
  function fill(text, append) {
    if (!definition) {
      return;
    }
    definition.value = append && definition.value.trim() ? definition.value.replace(/\s*$/, ' and ' + text) : text;
    definition.focus();
    if (window.htmx) {
      htmx.trigger(definition, 'suggest');
    }
  }
  document.querySelectorAll('.suggestions .chip').forEach(function (chip) {
    chip.addEventListener('click', function () { fill(chip.dataset.definition, false); });
  });
  document.querySelectorAll('.field-list [data-field]').forEach(function (field) {
    field.addEventListener('click', function () { fill(field.dataset.field + ' ', true); });
  });

  // A refused or invalid comparison or save answers 400/403 with the reason: show it where the result goes.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 403) && event.detail.target && /^(comparison|save-result|preview)$/.test(event.detail.target.id)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
