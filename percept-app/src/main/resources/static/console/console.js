// The overview's topic chart: built from the topic table's rows (data-* attributes), so the chart
// and the table always show the same figures. Clicking a bar loads that topic's verbatims.
(function () {
  var el = document.getElementById('topic-chart');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.topics tbody tr'));
  if (!el || !window.echarts) {
    return;
  }
  if (rows.length === 0) {
    el.style.display = 'none';
    return;
  }
  var top = rows.slice(0, 12).reverse();
  var names = top.map(function (r) { return r.dataset.name; });
  var chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, fontSize: 12 },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 12 }, data: [el.dataset.negative, el.dataset.mentions] },
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' },
      formatter: function (items) {
        var row = top[items[0].dataIndex];
        return '<b>' + row.dataset.name + '</b><br>' + el.dataset.mentions + ': ' + row.dataset.mentions
          + '<br>' + el.dataset.negative + ': ' + row.dataset.negative + '<br>' + el.dataset.score + ': ' + Number(row.dataset.score).toFixed(2);
      }
    },
    xAxis: { type: 'value', splitLine: { lineStyle: { color: '#e8ecf1' } } },
    yAxis: { type: 'category', data: names, axisLabel: { width: 120, overflow: 'truncate', fontSize: 12, color: '#1c2733' }, axisTick: { show: false } },
    series: [
      { name: el.dataset.negative, type: 'bar', barGap: '-100%', z: 3, barMaxWidth: 18,
        itemStyle: { color: '#d9534f', borderRadius: [0, 3, 3, 0] },
        data: top.map(function (r) { return Number(r.dataset.negative); }) },
      { name: el.dataset.mentions, type: 'bar', barMaxWidth: 18,
        itemStyle: { color: '#c9d6e3', borderRadius: [0, 3, 3, 0] },
        data: top.map(function (r) { return Number(r.dataset.mentions); }) }
    ]
  });
  chart.on('click', function (params) {
    var row = top[params.dataIndex];
    if (window.htmx) {
      htmx.ajax('GET', row.dataset.url, { target: '#verbatims', swap: 'innerHTML' });
    } else {
      window.location.href = row.dataset.url;
    }
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();

// On a narrow screen the verbatims sit below the topics: bring them into view once loaded.
document.body.addEventListener('htmx:afterSwap', function (event) {
  if (event.detail.target.id === 'verbatims' && window.innerWidth < 900) {
    event.detail.target.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
});

// The overview's orders and revenue per day: from the hidden table's rows (data-* attributes), two axes.
(function () {
  var el = document.getElementById('trend-chart');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.trend tbody tr'));
  if (!el || !window.echarts || rows.length === 0) {
    return;
  }
  var chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, fontSize: 12 },
    grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: [el.dataset.revenue, el.dataset.orders] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map(function (r) { return r.dataset.day.substring(5); }), axisTick: { show: false } },
    yAxis: [{ type: 'value', splitLine: { lineStyle: { color: '#e8ecf1' } } }, { type: 'value', splitLine: { show: false } }],
    series: [
      { name: el.dataset.revenue, type: 'bar', itemStyle: { color: '#c9d6e3' }, data: rows.map(function (r) { return Number(r.dataset.revenue); }) },
      { name: el.dataset.orders, type: 'line', yAxisIndex: 1, symbol: 'none', itemStyle: { color: '#1f6fb2' },
        data: rows.map(function (r) { return Number(r.dataset.orders); }) }
    ]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
