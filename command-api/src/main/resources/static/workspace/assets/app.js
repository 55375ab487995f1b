// The workspace shows times in the reader's zone: the browser tells the server which one, once.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) {
    return;
  }
  document.cookie = 'timeline-tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; SameSite=Lax';
  var shown = document.body && document.body.getAttribute('data-zone');
  var once = 'timeline-tz-reloaded';
  if (shown && shown !== zone && document.cookie.indexOf('timeline-tz=') >= 0 && !sessionStorage.getItem(once)) {
    sessionStorage.setItem(once, '1');
    if (document.readyState !== 'loading' && !document.querySelector('form textarea:not(:placeholder-shown)')) {
      location.reload();
    }
  }
})();
