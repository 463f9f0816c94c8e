// The status page: fetches ./status and renders it. Every text goes through textContent (never HTML),
// and the page holds no secret: OPS_TOKEN travels in an HttpOnly cookie (docs/health.md, "Status page").
(function () {
  'use strict';

  var REFRESH_MS = 30000;
  var chart = null;

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function cell(text, className) {
    return el('td', className, text);
  }

  function fill(tableId, rows) {
    var body = $(tableId).tBodies[0];
    body.replaceChildren.apply(body, rows);
  }

  function when(iso) {
    return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    var s = Math.max(0, Math.round(seconds));
    var units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
    var parts = [];
    for (var i = 0; i < units.length && parts.length < 2; i++) {
      var n = Math.floor(s / units[i][1]);
      if (n > 0) parts.push(n + units[i][0]);
      s -= n * units[i][1];
    }
    return parts.join('') || '0s';
  }

  function ago(iso, now) {
    return iso ? duration((Date.parse(now) - Date.parse(iso)) / 1000) + ' ago' : '—';
  }

  function percent(ratio) {
    return (ratio * 100).toFixed(1).replace(/\.0$/, '') + '%';
  }

  function renderSummary(status) {
    var critical = status.openIssues.filter(function (i) { return i.severity === 'critical'; }).length;
    var stale = status.schedules.filter(function (s) { return s.stale; }).length;
    var dead = status.pipeline.deadLetters.reduce(function (n, d) { return n + d.count; }, 0);
    $('summary').textContent =
      status.openIssues.length + ' open issue(s), ' + critical + ' critical · ' + stale + ' stale schedule(s) · ' +
      dead + ' dead letter(s) · as of ' + when(status.generatedAt) + ' UTC';
  }

  function renderIssues(status) {
    var rows = status.openIssues.map(function (issue) {
      var tr = el('tr', 'issue');
      var sev = cell('');
      sev.appendChild(el('span', 'badge sev-' + issue.severity, issue.severity));
      tr.append(sev, cell(issue.code, 'mono'), cell(issue.resource, 'mono'), cell(issue.message, 'message'));
      var first = cell(ago(issue.firstSeenAt, status.generatedAt));
      first.title = issue.firstSeenAt;
      var last = cell(ago(issue.lastSeenAt, status.generatedAt));
      last.title = issue.lastSeenAt;
      tr.append(first, last);
      if (issue.action) tr.title = issue.action;
      return tr;
    });
    fill('issues', rows);
    $('issue-count').textContent = '(' + rows.length + ')';
    $('issues').hidden = rows.length === 0;
    $('no-issues').hidden = rows.length !== 0;
  }

  function renderSchedules(status) {
    fill('schedules', status.schedules.map(function (s) {
      var tr = el('tr', s.stale ? 'stale' : s.enabled ? '' : 'disabled');
      var name = cell(s.name, 'mono');
      if (s.stale) name.appendChild(el('span', 'stale-mark', ' stale'));
      if (!s.enabled) name.appendChild(el('span', 'disabled', ' disabled'));
      name.title = s.cron + ' (' + s.timeZone + ')';
      tr.append(name, cell(when(s.lastSlot)), cell(when(s.nextSlot)), cell(duration(s.tickLagSeconds), 'num'));
      return tr;
    }));
  }

  function renderChecks(status) {
    fill('checks', status.checks.map(function (c) {
      var tr = el('tr');
      tr.append(cell(c.check, 'mono'), cell(when(c.lastScheduledAt)), cell(when(c.lastRunAt)), cell(c.openIssues, 'num'));
      return tr;
    }));
  }

  function renderPipeline(status) {
    var p = status.pipeline;
    fill('dead-letters', p.deadLetters.map(function (d) {
      var tr = el('tr');
      tr.append(cell(d.consumer, 'mono'), cell(d.count, 'num'));
      return tr;
    }));
    $('no-dead-letters').hidden = p.deadLetters.length !== 0 || Boolean(p.error);
    $('pipeline-error').hidden = !p.error;
    $('pipeline-error').textContent = p.error || '';
    fill('consumers', p.consumers.map(consumerRow));
    fill('outside-consumers', p.outsideConsumers.map(consumerRow));
    $('no-outside-consumers').hidden = p.outsideConsumers.length !== 0;
  }

  function consumerRow(c) {
    var tr = el('tr');
    tr.append(cell(c.consumer, 'mono'), cell(c.stream), cell(c.pending, 'num'), cell(c.ackPending, 'num'), cell(c.lag, 'num'));
    return tr;
  }

  function chartData(email) {
    return [
      email.hourly.map(function (h) { return Date.parse(h.hour) / 1000; }),
      email.hourly.map(function (h) { return h.sent; }),
      email.hourly.map(function (h) { return h.failed; }),
    ];
  }

  function chartWidth() {
    return Math.max(320, $('mail-chart').clientWidth);
  }

  function renderMail(status) {
    var e = status.email;
    $('email-summary').textContent =
      e.sent + ' sent, ' + e.failed + ' failed, ' + e.bounced + ' bounced, ' + e.pending + ' pending · failure rate ' +
      percent(e.failureRate) + ' (' + when(e.from) + ' to ' + when(e.to) + ' UTC)';
    var data = chartData(e);
    if (chart) {
      chart.setData(data);
      return;
    }
    var bars = window.uPlot.paths.bars;
    chart = new window.uPlot(
      {
        width: chartWidth(),
        height: 220,
        tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
        scales: { x: { time: true } },
        series: [
          { label: 'hour (UTC)' },
          { label: 'sent', stroke: '#2e7d32', fill: 'rgba(46, 125, 50, 0.35)', paths: bars({ size: [0.4, 40], align: -1 }), points: { show: false } },
          { label: 'failed', stroke: '#b3261e', fill: 'rgba(179, 38, 30, 0.45)', paths: bars({ size: [0.4, 40], align: 1 }), points: { show: false } },
        ],
        axes: [
          {
            values: function (u, ticks) {
              return ticks.map(function (ts) { return new Date(ts * 1000).toISOString().slice(11, 16); });
            },
          },
          { label: 'mails' },
        ],
      },
      data,
      $('mail-chart'),
    );
  }

  function timelineKind(subject) {
    if (subject.indexOf('clock.tick.') === 0) return 'tick';
    return subject.split('.')[0];
  }

  function renderTimeline(status) {
    var entries = status.timeline.entries;
    $('timeline').replaceChildren.apply($('timeline'), entries.map(function (entry) {
      var li = el('li', 'kind-' + timelineKind(entry.subject));
      li.title = entry.id;
      var facts = Object.keys(entry.facts).map(function (k) { return k + '=' + entry.facts[k]; }).join(' ');
      li.append(el('span', 'when', when(entry.at)), el('span', 'subject mono', entry.subject), el('span', 'facts mono', facts));
      return li;
    }));
    $('timeline-count').textContent =
      '(' + entries.length + (entries.length >= status.timeline.limit ? ', the latest ' + status.timeline.limit : '') + ')';
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = !message;
  }

  function render(status) {
    renderSummary(status);
    renderIssues(status);
    renderMail(status);
    renderSchedules(status);
    renderChecks(status);
    renderPipeline(status);
    renderTimeline(status);
  }

  function load() {
    return fetch('status', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          throw new Error('This page needs OPS_TOKEN: reload it to sign in again.');
        }
        if (!response.ok) throw new Error('GET /status answered ' + response.status);
        return response.json();
      })
      .then(function (status) {
        render(status);
        showError('');
        document.body.dataset.state = 'ready';
      })
      .catch(function (error) {
        showError(error.message + ' · retrying in ' + REFRESH_MS / 1000 + ' s');
        if (document.body.dataset.state === 'loading') document.body.dataset.state = 'error';
      });
  }

  window.addEventListener('resize', function () {
    if (chart) chart.setSize({ width: chartWidth(), height: 220 });
  });

  load();
  setInterval(load, REFRESH_MS);
})();
