// A page's htmx request after the session ended: the server answers with the login page (a
// redirect the browser followed) or a 401. Show the login page whole, not inside a panel.
// htmx does not swap 4xx answers by default; the console's are fragments that explain the refusal.
document.addEventListener('htmx:beforeSwap', function (event) {
  var xhr = event.detail.xhr;
  var toLogin = xhr.status === 401 || (xhr.responseURL && new URL(xhr.responseURL).pathname === '/login');
  if (toLogin) {
    event.detail.shouldSwap = false;
    window.location.href = '/login?lang=' + encodeURIComponent(document.documentElement.lang || 'en');
  } else if (xhr.status >= 400 && xhr.status < 500) {
    // a refusal (bad input, not allowed, not found, conflict) comes with a fragment saying why: show it where the answer goes
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Filter lists that apply themselves: a <select data-submit> submits its form when changed, after
// emptying the fields named in data-clear (filters that exclude one another). Here rather than in
// onchange attributes: the console's Content-Security-Policy allows no inline script.
document.addEventListener('change', function (event) {
  var select = event.target;
  if (!select.matches || !select.matches('select[data-submit]') || !select.form) {
    return;
  }
  (select.getAttribute('data-clear') || '').split(' ').forEach(function (name) {
    if (name && select.form.elements[name]) {
      select.form.elements[name].value = '';
    }
  });
  select.form.submit();
});
