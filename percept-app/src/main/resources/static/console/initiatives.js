// The initiatives pages: the form's 400 answer (the reason) replaces the form; one initiative's KPI
// over time, target vs control, with the start marked, drawn from the page's JSON (the API's figures).
document.addEventListener('htmx:beforeSwap', function (event) {
  if (event.detail.xhr.status === 400 && event.detail.target.id === 'initiative-form') {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

(function () {
  var el = document.getElementById('initiative-chart');
  var source = document.getElementById('initiative-data');
  var select = document.getElementById('initiative-kpi');
  if (!el || !source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (data.series.length === 0) {
    el.style.display = 'none';
    return;
  }
  var chart = echarts.init(el, null, { renderer: 'svg' });
  function draw(kpi) {
    var series = data.series.filter(function (s) { return s.kpi === kpi; })[0] || data.series[0];
    var lines = [{
      name: el.dataset.treated, type: 'line', showSymbol: false, connectNulls: true, lineStyle: { width: 2 }, itemStyle: { color: '#1f6feb' },
      data: series.treated,
      markLine: { symbol: 'none', label: { formatter: el.dataset.start, fontSize: 11, position: 'insideEndTop' }, lineStyle: { color: '#d9534f', type: 'dashed' },
        data: [{ xAxis: data.start }] }
    }];
    if (series.control.length > 0) {
      lines.push({ name: el.dataset.control, type: 'line', showSymbol: false, connectNulls: true, lineStyle: { width: 2 }, itemStyle: { color: '#8a99a8' },
        data: series.control });
    }
    chart.setOption({
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, fontSize: 12 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.days, axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: '#e8ecf1' } } },
      series: lines
    }, true);
  }
  draw(select ? select.value : data.series[0].kpi);
  if (select) {
    select.addEventListener('change', function () { draw(select.value); });
  }
  window.addEventListener('resize', function () { chart.resize(); });
})();
