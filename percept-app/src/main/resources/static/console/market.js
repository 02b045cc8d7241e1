// The market page's charts, drawn from the same JSON the API returns (embedded in #market-data).
(function () {
  var holder = document.getElementById('market-data');
  if (!holder || !window.echarts) {
    return;
  }
  var data = JSON.parse(holder.dataset.json);
  var labels = holder.dataset;
  var font = { fontFamily: getComputedStyle(document.body).fontFamily, fontSize: 12 };
  var narrow = window.innerWidth < 600;
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    var chart = echarts.init(el, null, { renderer: 'svg' });
    option.textStyle = font;
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  function money(value) {
    return '¥' + Math.round(value).toLocaleString();
  }

  // demand by region: this period against the previous one, largest first
  if (data.regions.length > 0) {
    var regions = data.regions.slice().sort(function (a, b) { return a.figures.revenue - b.figures.revenue; });
    draw('region-chart', {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, data: [labels.revenue, labels.previous] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
      xAxis: { type: 'value', axisLabel: { formatter: function (v) { return v >= 10000 ? (v / 10000) + (document.documentElement.lang === 'zh-CN' ? '万' : '0K') : v; } },
        splitLine: { lineStyle: { color: '#e8ecf1' } } },
      yAxis: { type: 'category', data: regions.map(function (r) { return r.region; }), axisTick: { show: false } },
      series: [
        { name: labels.previous, type: 'bar', barMaxWidth: 14, itemStyle: { color: '#c9d6e3' },
          data: regions.map(function (r) { return r.figures.previousRevenue; }) },
        { name: labels.revenue, type: 'bar', barMaxWidth: 14, itemStyle: { color: '#1f6fb2', borderRadius: [0, 3, 3, 0] },
          data: regions.map(function (r) { return r.figures.revenue; }) }
      ]
    });
  } else {
    var empty = document.getElementById('region-chart');
    if (empty) { empty.style.display = 'none'; }
  }

  // forecast: history, the forecast mean and its interval as a band (lower + (upper - lower) stacked)
  var points = data.forecast.points;
  if (points.length > 0) {
    draw('forecast-chart', {
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, data: [labels.actual, labels.forecast, labels.interval] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', boundaryGap: false, data: points.map(function (p) { return p.day.substring(5); }) },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: '#e8ecf1' } } },
      series: [
        { name: labels.actual, type: 'line', showSymbol: false, lineStyle: { color: '#1c2733', width: 1.5 }, itemStyle: { color: '#1c2733' },
          data: points.map(function (p) { return p.actual; }) },
        { name: 'lower', type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, tooltip: { show: false },
          data: points.map(function (p) { return p.lower; }) },
        { name: labels.interval, type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, itemStyle: { color: '#9cc7ee' },
          areaStyle: { color: 'rgba(31,111,178,.22)' },
          data: points.map(function (p) { return p.upper == null ? null : p.upper - p.lower; }) },
        { name: labels.forecast, type: 'line', showSymbol: false, lineStyle: { color: '#1f6fb2', type: 'dashed', width: 2 }, itemStyle: { color: '#1f6fb2' },
          data: points.map(function (p) { return p.mean; }) }
      ]
    });
  }

  // orders by weekday and hour
  var weekdays = labels.weekdays.split(',');
  var cells = [];
  var max = 0;
  data.weekdayHours.forEach(function (hours, d) {
    hours.forEach(function (count, h) {
      cells.push([h, d, count]);
      max = Math.max(max, count);
    });
  });
  draw('heatmap-chart', {
    grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
    tooltip: { formatter: function (p) { return weekdays[p.value[1]] + ' ' + p.value[0] + ':00 · ' + p.value[2] + ' ' + labels.orders; } },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, function (_, h) { return String(h); }), splitArea: { show: true },
      axisLabel: { interval: narrow ? 3 : 1 } },
    yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: narrow ? 120 : 200,
      inRange: { color: ['#f3f7fb', '#9cc7ee', '#1f6fb2', '#0f3d5e'] } },
    series: [{ type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: '#1c2733', borderWidth: 1 } } }]
  });

  // 52 weeks of orders by region or category
  var trend = null;
  function drawTrend(kind) {
    var series = kind === 'category' ? data.weeklyByCategory : data.weeklyByRegion;
    var option = {
      grid: { left: 8, right: 16, top: narrow ? 64 : 36, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', boundaryGap: false, data: data.weeks.map(function (w) { return w.substring(5); }) },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: '#e8ecf1' } } },
      series: series.map(function (s) { return { name: s.key, type: 'line', showSymbol: false, data: s.orders }; })
    };
    if (trend) {
      trend.setOption(option, true);
    } else {
      trend = draw('trend-chart', option);
    }
  }
  drawTrend('region');
  document.querySelectorAll('[data-trend]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      document.querySelectorAll('[data-trend]').forEach(function (other) { other.classList.toggle('active', other === link); });
      drawTrend(link.dataset.trend);
    });
  });

  window.addEventListener('resize', function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
