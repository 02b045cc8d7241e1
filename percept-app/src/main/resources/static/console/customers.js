// The customer page's sentiment chart: one point per analysed text (the JSON in #sentiment-data, the same
// list the JSON API returns as "sentiment"), red below -0.1, green above 0.1; the tooltip shows the words.
(function () {
  var el = document.getElementById('sentiment-chart');
  var data = document.getElementById('sentiment-data');
  var points = data ? JSON.parse(data.textContent) : [];
  if (!el || !window.echarts || points.length === 0) {
    return;
  }
  var chart = echarts.init(el, null, { renderer: 'svg' });
  function colour(score) {
    return score < -0.1 ? '#c23b35' : (score > 0.1 ? '#1b7f45' : '#8a96a3');
  }
  chart.setOption({
    grid: { left: 36, right: 12, top: 12, bottom: 28 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: function (p) {
        var v = points[p.dataIndex];
        var text = (v.text || v.event || '').replace(/[<>&]/g, function (c) { return {'<': '&lt;', '>': '&gt;', '&': '&amp;'}[c]; });
        return v.at + ' · ' + v.score.toFixed(2) + '<br>' + (text.length > 80 ? text.slice(0, 80) + '…' : text);
      }
    },
    xAxis: { type: 'category', data: points.map(function (v) { return v.at.slice(0, 10); }), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: -1, max: 1, splitNumber: 4 },
    series: [{
      type: 'line', symbolSize: 9, showSymbol: true, clip: false, lineStyle: { color: '#c5ced8' },
      data: points.map(function (v) { return { value: v.score, itemStyle: { color: colour(v.score) } }; }),
      markLine: { silent: true, symbol: 'none', lineStyle: { color: '#c5ced8', type: 'dashed' }, data: [{ yAxis: 0 }], label: { show: false } }
    }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
