// The audit report's filter: #rule=NAME in the address, or the select, shows the documents
// with removals by that rule (inlined into the file: it must need nothing else).
(function () {
  var select = document.getElementById('rule-filter');
  var docs = Array.prototype.slice.call(document.querySelectorAll('article.doc'));
  var pieces = Array.prototype.slice.call(document.querySelectorAll('.piece'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#rule-table tbody tr'));
  function fromHash() {
    var m = /(?:^#|&)rule=([^&]*)/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : '';
  }
  function apply(rule) {
    select.value = rule;
    if (select.value !== rule) { rule = ''; select.value = ''; }
    var shown = 0;
    docs.forEach(function (d) {
      var show = !rule || d.getAttribute('data-rules').split(' ').indexOf(rule) >= 0;
      if (show) { d.removeAttribute('hidden'); shown++; } else { d.setAttribute('hidden', ''); }
    });
    pieces.forEach(function (p) { p.classList.toggle('focus', !!rule && p.getAttribute('data-rule') === rule); });
    rows.forEach(function (r) { r.classList.toggle('active', r.getAttribute('data-rule') === rule); });
    if (rule) { document.body.setAttribute('data-filter', rule); } else { document.body.removeAttribute('data-filter'); }
    document.getElementById('shown-count').textContent =
      shown + ' of ' + docs.length + ' documents shown' + (rule ? ' (removals by ' + rule + ')' : '');
  }
  select.addEventListener('change', function () {
    history.replaceState(null, '', select.value ? '#rule=' + encodeURIComponent(select.value) : '#');
    apply(select.value);
  });
  window.addEventListener('hashchange', function () { apply(fromHash()); });
  apply(fromHash());
})();
