// A page's htmx request after the session ended: the server answers with the login page (a
// redirect the browser followed) or a 401. Show the login page whole, not inside a panel.
document.addEventListener('htmx:beforeSwap', function (event) {
  var xhr = event.detail.xhr;
  var toLogin = xhr.status === 401 || (xhr.responseURL && new URL(xhr.responseURL).pathname === '/login');
  if (toLogin) {
    event.detail.shouldSwap = false;
    window.location.href = '/login?lang=' + encodeURIComponent(document.documentElement.lang || 'en');
  }
});
