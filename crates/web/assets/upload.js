// Upload progress for forms marked `data-progress` (imports, page files):
// the form is sent with XMLHttpRequest so the bytes sent can be shown, then
// a "checking" line while the server works, then the server's page takes
// the place of this one: a redirect is followed as a normal navigation, an
// HTML answer (the import report, a form with errors) is written in place
// after this page's live stream is closed; anything else shows the failure
// line and lets the user send again. Without script the form posts as usual.
(function () {
  'use strict';
  document.querySelectorAll('form[data-progress]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (!window.FormData || !window.XMLHttpRequest) return;
      ev.preventDefault();
      var box = form.querySelector('.upload-progress');
      var bar = box && box.querySelector('progress');
      var text = box && box.querySelector('.upload-progress-text');
      var button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      if (box) box.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable || !bar) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.value = pct;
        if (text) text.textContent = form.dataset.sending + ' ' + pct + ' %';
      };
      xhr.upload.onload = function () {
        if (bar) bar.removeAttribute('value');
        if (text) text.textContent = form.dataset.working;
      };
      xhr.onload = function () {
        var url = xhr.responseURL || form.action;
        var type = xhr.getResponseHeader('Content-Type') || '';
        if (xhr.status === 200 && url.indexOf('_csrf=') === -1 && type.indexOf('text/html') === 0) {
          location.replace(url);
          return;
        }
        if (type.indexOf('text/html') !== 0) {
          if (button) button.disabled = false;
          if (text) text.textContent = form.dataset.failed + ' (' + xhr.status + ')';
          return;
        }
        if (window.ddLiveClose) window.ddLiveClose();
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = function () {
        if (button) button.disabled = false;
        if (text) text.textContent = form.dataset.failed;
      };
      xhr.send(new FormData(form));
    });
  });
})();
