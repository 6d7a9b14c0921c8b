// Copy-citation buttons: a button with data-cite copies its citation
// (《X》第十三条) and the article's address to the clipboard.
document.addEventListener('click', function (e) {
  var b = e.target.closest ? e.target.closest('button.cite-copy') : null;
  if (!b) return;
  var text = b.getAttribute('data-cite') + ' ' + location.origin + b.getAttribute('data-href');
  var done = function () {
    b.setAttribute('data-copied', '1');
    b.textContent = '已复制';
    setTimeout(function () { b.textContent = '复制引用'; b.removeAttribute('data-copied'); }, 2000);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
  } else { fallback(text); done(); }
  function fallback(t) {
    var area = document.createElement('textarea');
    area.value = t;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (err) { /* nothing to do */ }
    document.body.removeChild(area);
  }
});
