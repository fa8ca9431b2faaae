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

  var gantt = document.getElementById('gantt');
  if (gantt) {
    document.querySelectorAll('.job[data-job]').forEach(function (j) {
      var k = j.getAttribute('data-job');
      j.addEventListener('mouseenter', function () {
        gantt.classList.add('dim');
        gantt.querySelectorAll('rect[data-job="' + k + '"]').forEach(function (r) {
          r.classList.add('hl');
        });
      });
      j.addEventListener('mouseleave', function () {
        gantt.classList.remove('dim');
        gantt.querySelectorAll('rect.hl').forEach(function (r) { r.classList.remove('hl'); });
      });
    });
  }

  document.documentElement.setAttribute('data-ready', '1');
})();
