// Live notifications (Server-Sent Events from /live): the menu's unread
// badge, a short toast for each new notification, and, on the notification
// centre, the new entry at the top. The browser reconnects by itself and
// sends the last event id, so the server resumes after it: nothing is lost.
(function () {
  if (!window.EventSource) return;
  var badge = document.querySelector('[data-unread]');
  var toasts = document.getElementById('toasts');
  var list = document.querySelector('.notification-list');
  function setUnread(n) {
    if (!badge) return;
    badge.textContent = n > 99 ? '99+' : String(n);
    badge.hidden = !(n > 0);
    document.body.setAttribute('data-unread', String(n));
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function titleOf(n) {
    if (!n.link) return document.createTextNode(n.title);
    var a = el('a', '', n.title);
    a.href = n.link;
    return a;
  }
  function toast(n) {
    if (!toasts) return;
    var t = el('div', 'toast');
    var h = el('strong', '');
    h.appendChild(titleOf(n));
    t.appendChild(h);
    t.appendChild(el('p', '', n.body));
    toasts.appendChild(t);
    setTimeout(function () { t.remove(); }, 8000);
    while (toasts.children.length > 3) toasts.firstChild.remove();
  }
  function prepend(n) {
    if (!list || document.getElementById('n' + n.id)) return;
    var li = el('li', 'card notification unread');
    li.id = 'n' + n.id;
    var h = el('h2', '');
    h.appendChild(titleOf(n));
    li.appendChild(h);
    li.appendChild(el('time', '', n.at));
    li.appendChild(el('p', '', n.body));
    list.insertBefore(li, list.firstChild);
  }
  // A page's live parts (a thread and its response time; a list of
  // threads) fetch the page again when a notification points at the page
  // itself, or at a link under the part's `data-live-refresh` prefix, and
  // swap the fresh part in.
  var parts = Array.prototype.slice.call(document.querySelectorAll('[data-live-refresh][id]'));
  function wants(part, link) {
    var prefix = part.getAttribute('data-live-refresh');
    return link === location.pathname || (!!prefix && !!link && link.indexOf(prefix) === 0);
  }
  function refresh(stale) {
    fetch(location.pathname + location.search, {credentials: 'same-origin'})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        stale.forEach(function (part) {
          var fresh = doc.getElementById(part.id);
          if (fresh) part.innerHTML = fresh.innerHTML;
        });
      })
      .catch(function () {});
  }
  function onNotification(e) {
    var n;
    try { n = JSON.parse(e.data); } catch (_) { return; }
    var stale = parts.filter(function (p) { return wants(p, n.link); });
    if (stale.length > 0) refresh(stale);
    // The open thread shows the news itself; anything else also toasts.
    if (stale.length > 0 && n.link === location.pathname) return;
    toast(n);
    prepend(n);
  }
  // The centre's page continues after the newest entry it shows.
  var after = list && list.getAttribute('data-after');
  var source = null;
  function connect() {
    source = new EventSource('/live' + (after && after !== '0' ? '?after=' + encodeURIComponent(after) : ''));
    source.addEventListener('unread', function (e) { setUnread(parseInt(e.data, 10) || 0); });
    source.addEventListener('notification', onNotification);
  }
  // A page that is left closes its stream: a browser keeps only a few
  // connections per site, and a page kept in the back/forward cache would
  // hold one open. Coming back reconnects.
  window.addEventListener('pagehide', function () { if (source) { source.close(); source = null; } });
  // upload.js replaces the document in place (the window stays): it closes
  // this page's stream first so the new page's script is the only one.
  window.ddLiveClose = function () { if (source) { source.close(); source = null; } };
  window.addEventListener('pageshow', function () { if (!source) connect(); });
  connect();
})();
