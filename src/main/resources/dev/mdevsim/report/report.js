/*
 * mdevsim HTML report: draws one run (run --html) or several models side by side (compare --html)
 * from the JSON report embedded in the page. Nothing is fetched.
 *
 * Every number shown in a table carries data-json (a JSON pointer into the JSON report, as written
 * by --json) and data-format, so that a test can check what is shown against the JSON. When done,
 * #render-check holds {"charts": [{id, elements, pixels, faultMarks, scales}], "errors": [...]}: the
 * data elements each chart laid out, its non-blank canvas pixels (sampled), its fault markers and
 * the [min, max] of each axis.
 */
(function () {
  'use strict';

  var check = { charts: [], errors: window.mdevsimErrors };
  var charts = [];

  // ---------------------------------------------------------------- formatting

  function fmtInt(n) { return Number(n).toLocaleString('en-US'); }
  function fmtUs(us) {
    if (us < 1000) { return us + ' \u00b5s'; }
    if (us < 1e6) { return (us / 1e3).toFixed(3) + ' ms'; }
    return (us / 1e6).toFixed(6) + ' s';
  }
  function fmtRate(x) { return Number(x).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + '/s'; }
  function fmtSeconds(x) { return Number(x).toFixed(2) + ' s'; }
  function fmtBool(b) { return b === null || b === undefined ? 'not checked' : (b ? 'yes' : 'no'); }
  var FORMATS = { int: fmtInt, us: fmtUs, rate: fmtRate, s: fmtSeconds, bool: fmtBool, text: String };

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  /** A table cell showing a JSON value, tagged with where it comes from. */
  function valueCell(value, pointer, format) {
    return el('td', { 'data-json': pointer, 'data-format': format, class: format === 'text' ? 'text' : '' },
      [FORMATS[format](value)]);
  }

  function table(head, rows) {
    var t = el('table', {}, [el('thead', {}, [el('tr', {}, head.map(function (h) { return el('th', {}, [h]); }))])]);
    var body = el('tbody');
    rows.forEach(function (r) { body.appendChild(el('tr', {}, r)); });
    t.appendChild(body);
    return t;
  }

  function section(title, note, parent) {
    var s = el('section', {}, [el('h2', {}, [title])]);
    if (note) { s.appendChild(el('p', { class: 'note' }, [note])); }
    (parent || document.getElementById('report')).appendChild(s);
    return s;
  }

  function grid(parent, columns) {
    var g = el('div', { class: 'grid', style: '--columns: ' + columns });
    parent.appendChild(g);
    return g;
  }

  // ---------------------------------------------------------------- data

  var data = JSON.parse(document.getElementById('mdevsim-data').textContent);
  var runs = data.runs;
  // each assertion's actual value as the text report prints it (made by the Java side, one formatter)
  var assertionsShown = data.assertions_shown || [];
  var compare = data.kind === 'compare';
  /** Where run i lives in the JSON written with --json. */
  function base(i) { return compare ? '/runs/' + i : ''; }
  function esc(key) { return String(key).replace(/~/g, '~0').replace(/\//g, '~1'); }

  var OUTCOME_COLORS = {
    OK: '#2e7d32', EEXIST: '#ef6c00', EAGAIN: '#1565c0', ENODEV: '#6a1b9a', EBUSY: '#795548', EINVAL: '#757575',
    ENOSPC: '#ad1457', ENOENT: '#00838f', EIO: '#d84315', ETIMEDOUT: '#c62828', ESHUTDOWN: '#37474f'
  };
  var SPARE = ['#558b2f', '#0277bd', '#8e24aa', '#f9a825', '#00695c', '#4e342e', '#283593', '#9e9d24'];
  function outcomeColor(errno) {
    if (OUTCOME_COLORS[errno]) { return OUTCOME_COLORS[errno]; }
    var h = 0;
    for (var i = 0; i < errno.length; i++) { h = (h * 31 + errno.charCodeAt(i)) >>> 0; }
    return SPARE[h % SPARE.length];
  }
  var PCT_COLORS = { p50: '#1565c0', p90: '#2e7d32', p99: '#ef6c00', max: '#c62828' };
  var STATE_COLORS = { creating: '#f9a825', active: '#2e7d32', removing: '#6a1b9a' };

  function ts(run) { return run.timeseries; }
  function points(run) { return ts(run).t_s.length; }
  function opNames() {
    var seen = [];
    runs.forEach(function (r) { Object.keys(r.operations).forEach(function (op) { if (seen.indexOf(op) < 0) { seen.push(op); } }); });
    return seen;
  }

  // ---------------------------------------------------------------- shared axes

  function niceCeil(x) {
    if (!(x > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(x)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) { if (x <= steps[i] * p) { return steps[i] * p; } }
    return 10 * p;
  }
  function maxOf(values) {
    var m = 0;
    values.forEach(function (v) { if (v !== null && v > m) { m = v; } });
    return m;
  }
  var xMax = Math.max.apply(null, runs.map(function (r) { return r.duration_s; }).concat([0.1]));

  /** Log-scale ticks: label the powers of ten only. */
  function logTicks(unit) {
    return { callback: function (v) {
      var e = Math.log10(v);
      return Math.abs(e - Math.round(e)) < 1e-9 ? Number(v.toPrecision(1)).toLocaleString('en-US', { maximumFractionDigits: 6 }) + unit : '';
    } };
  }

  /** One colour per series name, the same in every run of a comparison. */
  var PALETTE = ['#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#d62728', '#8c564b', '#e377c2', '#17becf', '#bcbd22',
    '#7f7f7f', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#31a354', '#e6550d'];
  var seriesColors = {};
  function seriesColor(name) {
    if (!seriesColors[name]) { seriesColors[name] = PALETTE[Object.keys(seriesColors).length % PALETTE.length]; }
    return seriesColors[name];
  }

  function timeAxis() {
    return { type: 'linear', min: 0, max: xMax, ticks: { includeBounds: false }, title: { display: true, text: 'seconds since start' } };
  }

  /** Vertical lines where faults happened, for every time chart. */
  function faultMarks(run) {
    var marks = {};
    run.faults.forEach(function (f, i) {
      var at = f.outcome === null ? f.at_s : f.started_s;
      var what = f.action.replace(/^unregister-parent /, 'unplug ').replace(/^register-parent /, 'plug ');
      marks['fault' + i] = {
        type: 'line', xMin: at, xMax: at, borderColor: '#c62828', borderWidth: 2, borderDash: [6, 4],
        label: { display: true, content: what + (f.outcome === null ? ' (not done)' : ''), position: 'end',
          yAdjust: 4 + 18 * (i % 3), backgroundColor: 'rgba(198,40,40,0.85)', font: { size: 10 }, padding: 3 }
      };
    });
    return { annotations: marks };
  }

  // ---------------------------------------------------------------- charts

  function chart(container, id, title, config) {
    var canvas = el('canvas', { id: id, role: 'img', 'aria-label': title });
    container.appendChild(el('div', { class: 'card' }, [el('h3', {}, [title]), el('div', { class: 'chart' }, [canvas])]));
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false, normalized: true,
      interaction: { mode: 'nearest', intersect: false } }, config.options);
    config.options.plugins = Object.assign({ legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      config.options.plugins || {});
    charts.push({ id: id, chart: new Chart(canvas, config) });
  }

  /** A gauge sampled at the end of each interval; it is 0 when the run starts. */
  function xy(run, values) {
    var out = [{ x: 0, y: 0 }];
    ts(run).t_s.forEach(function (t, i) { out.push({ x: t, y: values[i] }); });
    return out;
  }

  /**
   * A quantity over each interval (t - dt, t], drawn as a step (stepped: 'before'): its first value
   * is repeated at the start of the first interval.
   */
  function steps(run, values) {
    var t = ts(run).t_s;
    if (t.length === 0) { return []; }
    var out = [{ x: Math.max(0, t[0] - ts(run).dt_s[0]), y: values[0] }];
    t.forEach(function (x, i) { out.push({ x: x, y: values[i] }); });
    return out;
  }

  function throughputSeries(run) {
    var out = [];
    var dt = ts(run).dt_s;
    Object.keys(ts(run).operations).forEach(function (op) {
      var outcomes = ts(run).operations[op].outcomes;
      Object.keys(outcomes).forEach(function (errno) {
        out.push({ label: op + ' ' + errno, op: op, errno: errno,
          values: outcomes[errno].map(function (n, i) { return dt[i] > 0 ? n / dt[i] : 0; }) });
      });
    });
    return out;
  }

  function stackedMax(seriesPerRun) {
    return maxOf(seriesPerRun.map(function (entry) {
      var sums = [];
      entry.series.forEach(function (s) { s.values.forEach(function (v, i) { sums[i] = (sums[i] || 0) + (v || 0); }); });
      return maxOf(sums);
    }));
  }

  function throughputRow() {
    var s = section('Throughput over time', 'Requests finished per second in each interval, by operation and outcome (stacked).');
    var g = grid(s, runs.length);
    var perRun = runs.map(function (r) { return { run: r, series: throughputSeries(r) }; });
    var yMax = niceCeil(stackedMax(perRun));
    perRun.forEach(function (entry, i) {
      chart(g, 'throughput-' + i, title(entry.run, 'requests per second'), {
        type: 'line',
        data: { datasets: entry.series.map(function (s) {
          var c = seriesColor(s.label);
          return { label: s.label, data: steps(entry.run, s.values), borderColor: c, backgroundColor: c + 'b3',
            fill: 'stack', pointRadius: 0, borderWidth: 1, stepped: 'before', stack: 'all' };
        }) },
        options: { scales: { x: timeAxis(), y: { stacked: true, min: 0, max: yMax, title: { display: true, text: 'requests/s' } } },
          plugins: { annotation: faultMarks(entry.run) } }
      });
    });
  }

  function latencyRows() {
    var s = section('Latency over time',
      'Percentiles of the requests finished in each interval, per operation (log scale). Gaps: nothing of that operation finished then.');
    opNames().forEach(function (op) {
      var lows = [], highs = [];
      runs.forEach(function (r) {
        var lat = ts(r).operations[op] && ts(r).operations[op].latency_us;
        if (lat) {
          lat.p50.forEach(function (v) { if (v !== null) { lows.push(Math.max(v, 1)); } });
          lat.max.forEach(function (v) { if (v !== null) { highs.push(v); } });
        }
      });
      var yMin = lows.length ? Math.pow(10, Math.floor(Math.log10(Math.min.apply(null, lows) / 1e3))) : 0.001;
      var yMax = highs.length ? Math.pow(10, Math.ceil(Math.log10(Math.max(maxOf(highs), 1) / 1e3))) : 1;
      if (yMax <= yMin) { yMax = yMin * 10; }
      var g = grid(s, runs.length);
      runs.forEach(function (r, i) {
        var lat = ts(r).operations[op] && ts(r).operations[op].latency_us;
        var datasets = ['p50', 'p90', 'p99', 'max'].map(function (p) {
          var values = lat ? lat[p].map(function (v) { return v === null ? null : Math.max(v, 1) / 1e3; }) : [];
          return { label: p, data: lat ? steps(r, values) : [], borderColor: PCT_COLORS[p], backgroundColor: PCT_COLORS[p],
            pointRadius: 0, borderWidth: 1.5, spanGaps: false, stepped: 'before' };
        });
        chart(g, 'latency-' + esc(op) + '-' + i, title(r, op + ' latency'), {
          type: 'line', data: { datasets: datasets },
          options: { scales: { x: timeAxis(), y: { type: 'logarithmic', min: yMin, max: yMax, ticks: logTicks(''), title: { display: true, text: 'ms' } } },
            plugins: { annotation: faultMarks(r) } }
        });
      });
    });
  }

  /** Percentile p (0..100) as "nines": 90% -> 1, 99% -> 2, 99.9% -> 3; 100% is drawn at 6. */
  function nines(p) { return p >= 100 ? 6 : Math.min(6, -Math.log10(1 - p / 100)); }

  function distributionRow() {
    var s = section('Latency distribution', 'Latency by percentile over the whole run, per operation (HdrHistogram percentiles).');
    var highs = [], lows = [];
    runs.forEach(function (r) {
      Object.keys(r.latency_distribution).forEach(function (op) {
        r.latency_distribution[op].latency_us.forEach(function (v) { highs.push(v); lows.push(Math.max(v, 1)); });
      });
    });
    var yMin = lows.length ? Math.pow(10, Math.floor(Math.log10(Math.min.apply(null, lows) / 1e3))) : 0.001;
    var yMax = highs.length ? Math.pow(10, Math.ceil(Math.log10(Math.max(maxOf(highs), 1) / 1e3))) : 1;
    if (yMax <= yMin) { yMax = yMin * 10; }
    var g = grid(s, runs.length);
    var palette = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#757575'];
    runs.forEach(function (r, i) {
      var datasets = Object.keys(r.latency_distribution).map(function (op, k) {
        var d = r.latency_distribution[op];
        return { label: op, borderColor: palette[k % palette.length], backgroundColor: palette[k % palette.length],
          pointRadius: 0, borderWidth: 1.5, stepped: 'before',
          data: d.percentile.map(function (p, j) { return { x: nines(p), y: Math.max(d.latency_us[j], 1) / 1e3 }; }) };
      });
      chart(g, 'distribution-' + i, title(r, 'latency by percentile'), {
        type: 'line', data: { datasets: datasets },
        options: { scales: {
          x: { type: 'linear', min: 0, max: 6, title: { display: true, text: 'percentile' },
            ticks: { stepSize: 1, callback: function (v) { return ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%', 'max'][v]; } } },
          y: { type: 'logarithmic', min: yMin, max: yMax, ticks: logTicks(''), title: { display: true, text: 'ms' } } } }
      });
    });
  }

  function devicesRow() {
    var s = section('Devices by state', 'Mdevs creating, active and removing at the end of each interval (stacked).');
    var g = grid(s, runs.length);
    var perRun = runs.map(function (r) {
      return { run: r, series: ['creating', 'active', 'removing'].map(function (st) { return { state: st, values: ts(r).devices[st] }; }) };
    });
    var yMax = niceCeil(stackedMax(perRun));
    perRun.forEach(function (entry, i) {
      chart(g, 'devices-' + i, title(entry.run, 'mdevs'), {
        type: 'line',
        data: { datasets: entry.series.map(function (sr) {
          return { label: sr.state, data: xy(entry.run, sr.values), borderColor: STATE_COLORS[sr.state],
            backgroundColor: STATE_COLORS[sr.state] + '99', fill: 'stack', pointRadius: 0, borderWidth: 1.5, stack: 'all' };
        }) },
        options: { scales: { x: timeAxis(), y: { stacked: true, min: 0, max: yMax, title: { display: true, text: 'mdevs' } } },
          plugins: { annotation: faultMarks(entry.run) } }
      });
    });
  }

  function inFlightRow() {
    var s = section('Requests in flight', 'Requests sent and not yet answered, at the end of each interval.');
    var g = grid(s, runs.length);
    var yMax = niceCeil(maxOf(runs.map(function (r) { return maxOf(ts(r).in_flight); })));
    runs.forEach(function (r, i) {
      chart(g, 'in-flight-' + i, title(r, 'in flight'), {
        type: 'line',
        data: { datasets: [{ label: 'in flight', data: xy(r, ts(r).in_flight), borderColor: '#37474f',
          backgroundColor: '#37474f33', fill: 'origin', pointRadius: 0, borderWidth: 1.5 }] },
        options: { scales: { x: timeAxis(), y: { min: 0, max: yMax, title: { display: true, text: 'requests' } } },
          plugins: { annotation: faultMarks(r) } }
      });
    });
  }

  function outcomesRow() {
    var s = section('Outcomes', 'Requests per operation and outcome over the whole run (log scale).');
    var g = grid(s, runs.length);
    var ops = opNames();
    var errnos = [];
    var top = 1;
    runs.forEach(function (r) {
      Object.keys(r.operations).forEach(function (op) {
        Object.keys(r.operations[op].outcomes).forEach(function (e) {
          if (errnos.indexOf(e) < 0) { errnos.push(e); }
          top = Math.max(top, r.operations[op].outcomes[e]);
        });
      });
    });
    runs.forEach(function (r, i) {
      chart(g, 'outcomes-' + i, title(r, 'requests by outcome'), {
        type: 'bar',
        data: { labels: ops, datasets: errnos.map(function (e) {
          return { label: e, backgroundColor: outcomeColor(e),
            data: ops.map(function (op) { var o = r.operations[op]; return o && o.outcomes[e] ? o.outcomes[e] : null; }) };
        }) },
        options: { indexAxis: 'y', interaction: { mode: 'nearest', intersect: true },
          scales: { x: { type: 'logarithmic', min: 1, max: Math.pow(10, Math.ceil(Math.log10(top + 1))), ticks: logTicks(''),
            title: { display: true, text: 'requests' } } } }
      });
    });
  }

  function warningsRow() {
    var s = section('Warnings', 'Kernel warnings raised per interval: duplicate links (legacy\u2019s cross-parent duplicates) and failed removes (linux-5.2\u2019s \u201cRemove failed\u201d, the mdev removed anyway); none in seed.');
    var g = grid(s, runs.length);
    var kinds = [['duplicate_link_warnings', 'duplicate-link warnings', '#ef6c00'], ['remove_failed_warnings', 'remove-failed warnings', '#6a1b9a']];
    var yMax = niceCeil(Math.max(1, maxOf(runs.map(function (r) {
      return maxOf(kinds.map(function (k) { return maxOf(ts(r)[k[0]] || []); }));
    }))));
    runs.forEach(function (r, i) {
      chart(g, 'warnings-' + i, title(r, 'warnings per interval'), {
        type: 'line',
        data: { datasets: kinds.map(function (k) {
          return { label: k[1], data: steps(r, ts(r)[k[0]] || []), borderColor: k[2], backgroundColor: k[2] + '80',
            fill: 'origin', pointRadius: 0, borderWidth: 1.5, stepped: 'before' };
        }) },
        options: { scales: { x: timeAxis(), y: { min: 0, max: yMax, title: { display: true, text: 'warnings' } } },
          plugins: { annotation: faultMarks(r) } }
      });
    });
  }

  function title(run, what) { return compare ? run.model + ': ' + what : what; }

  // ---------------------------------------------------------------- verdict and tables

  function passed(run) {
    return run.invariants.every(function (x) { return x.held; }) && run.assertions.every(function (x) { return x.held; });
  }

  function shownActual(i, k, a) {
    var s = assertionsShown[i];
    return s && s[k] != null ? s[k] : String(a.actual);
  }

  function verdicts(parent) {
    var s = section('Verdict', null, parent);
    var g = grid(s, runs.length);
    runs.forEach(function (r, i) {
      var ok = passed(r);
      var list = el('ul');
      r.invariants.forEach(function (inv, k) {
        list.appendChild(el('li', { 'data-json': base(i) + '/invariants/' + k + '/held', 'data-format': 'held' }, [
          el('span', { class: inv.held ? 'held' : 'broken' }, [inv.held ? '\u2713 ' : '\u2717 ']),
          inv.name + ' ', el('span', { class: 'detail' }, [inv.detail])]));
      });
      r.assertions.forEach(function (a, k) {
        list.appendChild(el('li', { 'data-json': base(i) + '/assertions/' + k + '/held', 'data-format': 'held' }, [
          el('span', { class: a.held ? 'held' : 'broken' }, [a.held ? '\u2713 ' : '\u2717 ']),
          a.expr + ' ', el('span', { class: 'detail' }, ['actual ' + shownActual(i, k, a)])]));
      });
      list.appendChild(el('li', {}, [
        el('span', { class: r.linearizable === false ? 'broken' : 'held' }, [r.linearizable === false ? '\u2717 ' : '\u2713 ']),
        'linearizable: ', el('span', { 'data-json': base(i) + '/linearizable', 'data-format': 'bool' }, [fmtBool(r.linearizable)])]));
      if (r.interrupted) {
        // Ctrl-C or SIGTERM stopped the run early: everything here covers what was sent until then
        list.appendChild(el('li', {}, [el('span', { class: 'broken' }, ['\u2717 ']),
          'interrupted: ', el('span', { 'data-json': base(i) + '/interrupted', 'data-format': 'bool' }, [fmtBool(r.interrupted)]),
          ' ', el('span', { class: 'detail' }, ['the load was stopped early; a partial run'])]));
      }
      g.appendChild(el('div', { class: 'card verdict' + (ok && !r.interrupted ? '' : ' failed') }, [
        el('div', { class: 'big', id: 'verdict-' + i }, [(compare ? r.model + ': ' : '') + (r.interrupted ? 'INTERRUPTED, ' : '')
          + (ok ? 'PASSED' : 'FAILED')]), list]));
    });
  }

  function figures(parent) {
    var s = section('Key figures', null, parent);
    var rows = [
      ['duration', '/duration_s', 's'], ['throughput', '/throughput_ops_per_s', 'rate'],
      ['requests sent', '/requests/sent', 'int'], ['answered', '/requests/answered', 'int'],
      ['timed out', '/requests/timed_out', 'int'], ['answered late', '/requests/answered_late', 'int'],
      ['answered twice', '/requests/answered_twice', 'int'], ['steps not started', '/requests/steps_not_started', 'int'],
      ['peak in flight', '/requests/peak_in_flight', 'int'], ['duplicate-link warnings', '/warnings/duplicate_link', 'int'],
      ['remove-failed warnings', '/warnings/remove_failed', 'int'],
      ['final: active', '/final_state/active', 'int'], ['final: creating', '/final_state/creating', 'int'],
      ['final: removing', '/final_state/removing', 'int']
    ];
    s.appendChild(table([''].concat(runs.map(function (r) { return r.model; })), rows.map(function (row) {
      return [el('td', {}, [row[0]])].concat(runs.map(function (r, i) {
        return valueCell(lookup(r, row[1]), base(i) + row[1], row[2]);
      }));
    })));
  }

  function lookup(obj, pointer) {
    return pointer.split('/').slice(1).reduce(function (o, k) {
      return o === undefined || o === null ? undefined : o[k.replace(/~1/g, '/').replace(/~0/g, '~')];
    }, obj);
  }

  function operationTables() {
    var s = section('Operations', 'Count, outcomes and latency percentiles per operation over the whole run.');
    var box = el('div', { class: 'tables' });
    s.appendChild(box);
    runs.forEach(function (r, i) {
      var rows = [];
      Object.keys(r.operations).forEach(function (op) {
        var o = r.operations[op];
        var p = base(i) + '/operations/' + esc(op);
        rows.push([el('td', {}, [op]), valueCell(o.count, p + '/count', 'int')]
          .concat(['p50', 'p90', 'p99', 'p999', 'max'].map(function (q) { return valueCell(o.latency_us[q], p + '/latency_us/' + q, 'us'); })));
      });
      var card = el('div', { class: 'card' }, [el('h3', {}, [title(r, 'latency')]),
        table(['operation', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'], rows)]);
      var outcomeRows = [];
      Object.keys(r.operations).forEach(function (op) {
        Object.keys(r.operations[op].outcomes).forEach(function (e) {
          outcomeRows.push([el('td', {}, [op]), el('td', {}, [e]),
            valueCell(r.operations[op].outcomes[e], base(i) + '/operations/' + esc(op) + '/outcomes/' + esc(e), 'int')]);
        });
      });
      box.appendChild(card);
      box.appendChild(el('div', { class: 'card' }, [el('h3', {}, [title(r, 'outcomes')]),
        table(['operation', 'outcome', 'requests'], outcomeRows)]));
    });
  }

  function faultTable() {
    if (!runs.some(function (r) { return r.faults.length > 0; })) { return; }
    var s = section('Faults', 'Scheduled host faults, marked on every time chart.');
    var rows = [];
    runs.forEach(function (r, i) {
      r.faults.forEach(function (f, k) {
        var p = base(i) + '/faults/' + k;
        rows.push([el('td', {}, [r.model]), valueCell(f.action, p + '/action', 'text'), valueCell(f.at_s, p + '/at_s', 's'),
          f.outcome === null ? el('td', {}, ['not done']) : valueCell(f.started_s, p + '/started_s', 's'),
          f.outcome === null ? el('td', {}, ['']) : valueCell(f.outcome, p + '/outcome', 'text')]);
      });
    });
    s.appendChild(table(['model', 'action', 'planned', 'started', 'outcome'], rows));
  }

  function flatten(prefix, value, out) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.keys(value).sort().forEach(function (k) { flatten(prefix ? prefix + '.' + k : k, value[k], out); });
    } else {
      out.push([prefix, value]);
    }
    return out;
  }

  function settingsTable() {
    var s = section('Settings', compare ? 'The scenario as run (defaults included); only the model differs between the runs.'
      : 'The scenario as run, defaults included.');
    var rows = flatten('', runs[0].settings, []).filter(function (kv) { return kv[0] !== 'model' || !compare; });
    s.appendChild(table(['key', el('span', { class: 'left' }, ['value'])], rows.map(function (kv) {
      var shown = typeof kv[1] === 'string' ? kv[1] : JSON.stringify(kv[1]);
      return [el('td', {}, ['mdevsim.' + kv[0]]), el('td', { class: 'text' }, [shown])];
    })));
  }

  // ---------------------------------------------------------------- self-check

  /** What each chart drew: its data elements, and the canvas pixels that are not blank (sampled). */
  function selfCheck() {
    charts.forEach(function (c) {
      var elements = 0;
      c.chart.data.datasets.forEach(function (d, k) { elements += c.chart.getDatasetMeta(k).data.length; });
      var canvas = c.chart.canvas;
      var pixels = 0;
      if (canvas.width > 0 && canvas.height > 0) {
        var img = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (var p = 3; p < img.length; p += 4 * 7) { if (img[p] !== 0) { pixels++; } }
      }
      var annotations = c.chart.options.plugins.annotation;
      var marks = annotations && annotations.annotations ? Object.keys(annotations.annotations).length : 0;
      var scales = {};
      Object.keys(c.chart.scales).forEach(function (k) { scales[k] = [c.chart.scales[k].min, c.chart.scales[k].max]; });
      check.charts.push({ id: c.id, elements: elements, pixels: pixels, faultMarks: marks, scales: scales });
    });
  }

  try {
    if (typeof Chart === 'undefined') { throw new Error('Chart.js did not load'); }
    var annotation = window['chartjs-plugin-annotation'];
    if (!annotation) { throw new Error('chartjs-plugin-annotation did not load'); }
    Chart.register(annotation);
    document.getElementById('title').textContent = 'mdevsim \u00b7 ' + data.scenario;
    document.getElementById('subtitle').textContent = compare
      ? 'compare: ' + runs.map(function (r) { return r.model; }).join(' vs ') + ' \u00b7 seed ' + runs[0].seed + ' \u00b7 ' + runs[0].load
      : 'model ' + runs[0].model + ' \u00b7 seed ' + runs[0].seed + ' \u00b7 ' + runs[0].load
        + (runs[0].interrupted ? ' \u00b7 interrupted: a partial run' : '');
    // one run: verdict and key figures side by side; several: each across the page, a column per model
    var overview = compare ? null : el('div', { class: 'grid', style: '--columns: 2' });
    if (overview) { document.getElementById('report').appendChild(overview); }
    verdicts(overview);
    figures(overview);
    throughputRow();
    latencyRows();
    distributionRow();
    devicesRow();
    inFlightRow();
    outcomesRow();
    warningsRow();
    operationTables();
    faultTable();
    settingsTable();
    selfCheck();
  } catch (e) {
    check.errors.push('report script: ' + (e && e.stack ? e.stack : e));
  }
  document.getElementById('render-check').textContent = JSON.stringify(check);
})();
