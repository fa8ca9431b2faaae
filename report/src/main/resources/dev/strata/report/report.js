(function () {
  'use strict';
  var detail = document.getElementById('node-detail');
  var selected = null;

  function showNode(g) {
    var t = document.getElementById('nd-' + g.getAttribute('data-node'));
    if (!detail || !t) {
      return;
    }
    if (selected) {
      selected.classList.remove('sel');
    }
    selected = g;
    g.classList.add('sel');
    detail.textContent = '';
    detail.appendChild(t.content.cloneNode(true));
  }

  document.querySelectorAll('#pipeline-dag .node').forEach(function (g) {
    g.addEventListener('click', function () { showNode(g); });
    g.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        showNode(g);
      }
    });
  });

  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('[data-goto]') : null;
    if (!b) {
      return;
    }
    var el = document.getElementById(b.getAttribute('data-goto'));
    if (!el) {
      return;
    }
    var d = el.closest('details');
    if (d) {
      d.open = true;
    }
    el.scrollIntoView({block: 'start'});
    el.classList.add('flash');
    setTimeout(function () { el.classList.remove('flash'); }, 1200);
  });

  function bytes(n) {
    if (n < 1024) {
      return n + ' B';
    }
    var units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    var u = -1;
    do {
      n /= 1024;
      u++;
    } while (n >= 1024 && u < units.length - 1);
    return (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)) + ' ' + units[u];
  }

  function count(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // data-t holds: job stage partition attempt ms inRows outRows inBytes shRead shWrite spill cache
  function tipText(r) {
    var d = r.getAttribute('data-t').split(' ').map(Number);
    var s = 'job ' + d[0] + ' \u00b7 stage ' + d[1] + ' \u00b7 partition ' + d[2] +
        ' \u00b7 attempt ' + d[3] + ' \u00b7 ' + (d[4] < 1000 ? d[4] + ' ms' : (d[4] / 1000).toFixed(1) + ' s') +
        (r.classList.contains('failed') ? ' \u00b7 FAILED' : r.classList.contains('killed') ? ' \u00b7 killed' : '') +
        '\nrows ' + count(d[5]) + ' \u2192 ' + count(d[6]) + ' \u00b7 read ' + bytes(d[7]);
    if (d[8] + d[9] > 0) {
      s += ' \u00b7 shuffle r ' + bytes(d[8]) + ' w ' + bytes(d[9]);
    }
    if (d[10] > 0) {
      s += ' \u00b7 spill ' + bytes(d[10]);
    }
    if (d[11] === 1) {
      s += ' \u00b7 from cache';
    }
    return s;
  }

  var gantt = document.getElementById('gantt');
  var tip = document.getElementById('tip');
  if (gantt && tip) {
    gantt.addEventListener('mousemove', function (e) {
      var r = e.target;
      if (!r || !r.getAttribute || r.getAttribute('data-t') === null) {
        tip.hidden = true;
        return;
      }
      tip.textContent = tipText(r);
      tip.style.left = (e.pageX + 14) + 'px';
      tip.style.top = (e.pageY + 14) + 'px';
      tip.hidden = false;
    });
    gantt.addEventListener('mouseleave', function () { tip.hidden = true; });
    document.querySelectorAll('.job[data-job]').forEach(function (j) {
      var k = j.getAttribute('data-job');
      j.addEventListener('mouseenter', function () {
        gantt.classList.add('dim');
        gantt.querySelectorAll('g[data-job="' + k + '"]').forEach(function (g) {
          g.classList.add('hl');
        });
      });
      j.addEventListener('mouseleave', function () {
        gantt.classList.remove('dim');
        gantt.querySelectorAll('g.hl').forEach(function (g) { g.classList.remove('hl'); });
      });
    });
  }

  document.documentElement.setAttribute('data-ready', '1');
})();
