// The phone menu opens with a CSS checkbox, so it works without scripts
// for a tap. This adds what a keyboard needs: Enter or Space on the ☰
// button toggles it, Escape closes it, and aria-expanded tells screen
// readers whether it is open.
(function () {
  var toggle = document.getElementById('menu-toggle');
  var button = document.querySelector('.menu-button');
  if (!toggle || !button) return;
  function sync() { button.setAttribute('aria-expanded', toggle.checked ? 'true' : 'false'); }
  button.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle.checked = !toggle.checked;
      sync();
      if (toggle.checked) {
        var first = document.querySelector('nav.sidebar a');
        if (first) setTimeout(function () { first.focus(); }, 50);
      }
    }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && toggle.checked) {
      toggle.checked = false;
      sync();
      button.focus();
    }
  });
  toggle.addEventListener('change', sync);
  sync();
})();
