/* Zicht: the session's idle limit in the browser (accounts/session.py is the server's side).
 *
 * - Two minutes before a login ends for lack of activity, a dialog offers "Ingelogd blijven", which POSTs to
 *   the keep-alive URL. Tabs share the end time through localStorage, so activity in one tab counts in all.
 * - Nothing typed is lost when the session has ended: a form posted after that is refused by the server and
 *   the user is sent to the login page. Its values are kept in this tab's sessionStorage, and when the user
 *   is back on the same page after logging in, they are put back into the same form (same action, same
 *   field names) with a notice to check and send again. The same happens to forms with unsent changes when
 *   this script sees the session end while the page is open.
 *
 * Passwords, hidden fields and files are never kept; the login and logout forms and forms marked
 * data-no-stash are left alone. Kept values belong to the user who typed them and live only in this tab.
 */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="zicht-session"]');
  if (!meta) {
    return;
  }
  var PENDING = "zicht.forms.pending"; // what was just submitted, until we know it arrived
  var STASH = "zicht.forms.kept"; // what the server refused, waiting for the login
  var DEADLINE = "zicht.session.deadline";
  var PENDING_MAX_AGE = 10 * 60 * 1000;
  var STASH_MAX_AGE = 60 * 60 * 1000;
  var GRACE = 1000;
  var SKIPPED_TYPES = ["password", "hidden", "file", "submit", "button", "reset", "image"];

  var loginPath = pathOf(meta.dataset.loginUrl);
  var logoutPath = pathOf(meta.dataset.logoutUrl);
  var user = meta.dataset.user || "";

  function pathOf(url) {
    return new URL(url, window.location.href).pathname;
  }

  function read(key) {
    try {
      return JSON.parse(window.sessionStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or switched off: nothing to keep then */
    }
  }

  function forget(key) {
    try {
      window.sessionStorage.removeItem(key);
    } catch (error) {
      /* as above */
    }
  }

  /* ---- keeping what was typed ---- */

  function actionOf(form) {
    return pathOf(form.getAttribute("action") || window.location.href);
  }

  function keepable(form) {
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return false;
    }
    var action = actionOf(form);
    return !form.hasAttribute("data-no-stash") && action !== loginPath && action !== logoutPath;
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !field.disabled && SKIPPED_TYPES.indexOf(field.type) === -1 &&
        field.name !== "csrfmiddlewaretoken";
    });
  }

  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.options) {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  function entryFor(form) {
    return {
      page: window.location.pathname,
      action: actionOf(form),
      user: user,
      at: Date.now(),
      fields: fieldsOf(form).map(function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          return { name: field.name, value: field.value, checked: field.checked };
        }
        if (field.type === "select-multiple") {
          var selected = Array.prototype.filter.call(field.options, function (option) {
            return option.selected;
          });
          return { name: field.name, selected: selected.map(function (option) { return option.value; }) };
        }
        return { name: field.name, value: field.value };
      }),
    };
  }

  function keep(entries) {
    var now = Date.now();
    var kept = (read(STASH) || []).filter(function (entry) {
      return now - entry.at < STASH_MAX_AGE;
    });
    write(STASH, kept.concat(entries));
  }

  function fill(form, values) {
    values.forEach(function (value) {
      fieldsOf(form).forEach(function (field) {
        if (field.name !== value.name) {
          return;
        }
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.value === value.value) {
            field.checked = value.checked;
          }
        } else if (field.type === "select-multiple") {
          Array.prototype.forEach.call(field.options, function (option) {
            option.selected = (value.selected || []).indexOf(option.value) !== -1;
          });
        } else if (typeof value.value === "string") {
          field.value = value.value;
        }
      });
    });
  }

  function restore() {
    var kept = read(STASH);
    if (!kept) {
      return;
    }
    var now = Date.now();
    var notice = document.getElementById("session-restored");
    var left = kept.filter(function (entry) {
      if (entry.user !== user || now - entry.at >= STASH_MAX_AGE) {
        return false; // never someone else's text, never old text
      }
      if (entry.page !== window.location.pathname) {
        return true;
      }
      var forms = Array.prototype.filter.call(document.forms, function (form) {
        return keepable(form) && actionOf(form) === entry.action;
      });
      if (!forms.length) {
        return true;
      }
      fill(forms[0], entry.fields);
      if (notice) {
        var message = notice.content.firstElementChild.cloneNode(true);
        forms[0].parentNode.insertBefore(message, forms[0]);
        message.focus();
      }
      return false;
    });
    if (left.length) {
      write(STASH, left);
    } else {
      forget(STASH);
    }
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form instanceof HTMLFormElement && actionOf(form) === logoutPath) {
        forget(PENDING);
        forget(STASH);
      } else if (user && keepable(form)) {
        write(PENDING, [entryFor(form)]);
      }
    },
    true
  );

  if (window.location.pathname === loginPath) {
    // A form was posted and we ended up here: the server refused it, so keep it for after the login.
    var pending = read(PENDING);
    if (pending && pending.length && Date.now() - pending[0].at < PENDING_MAX_AGE) {
      keep(pending);
    }
    forget(PENDING);
    return;
  }
  forget(PENDING); // whatever was posted before this page arrived

  if (!user) {
    return;
  }
  restore();

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var remaining = xhr && xhr.getResponseHeader("X-Session-Remaining");
    if (remaining !== null && remaining !== undefined && remaining !== "") {
      setDeadline(Date.now() + Number(remaining) * 1000);
    }
    if (event.detail.successful) {
      forget(PENDING);
    }
  });

  /* ---- the warning before the session ends ---- */

  var warningSeconds = Number(meta.dataset.warning || 120);
  var atLoginLimit = meta.hasAttribute("data-at-login-limit");
  var deadline = 0;
  var dialog = document.getElementById("session-warning");
  var focusBefore = null;
  var dismissedFor = null;
  var timer = null;
  var expired = false;

  function setDeadline(value) {
    deadline = value;
    try {
      window.localStorage.setItem(DEADLINE, String(value));
    } catch (error) {
      /* one tab then */
    }
    tick();
  }

  function showWarning() {
    if (!dialog || !dialog.hidden || dismissedFor === deadline) {
      return;
    }
    var idleText = dialog.querySelector("[data-text-idle]");
    var limitText = dialog.querySelector("[data-text-login-limit]");
    idleText.hidden = atLoginLimit;
    limitText.hidden = !atLoginLimit;
    dialog.setAttribute("aria-describedby", (atLoginLimit ? limitText : idleText).id);
    dialog.querySelector("form").hidden = atLoginLimit;
    focusBefore = document.activeElement;
    dialog.hidden = false;
    var button = dialog.querySelector("button");
    if (!atLoginLimit && button) {
      button.focus();
    } else {
      dialog.setAttribute("tabindex", "-1");
      dialog.focus();
    }
  }

  function hideWarning() {
    if (!dialog || dialog.hidden) {
      return;
    }
    var hadFocus = dialog.contains(document.activeElement);
    dialog.hidden = true;
    if (hadFocus && focusBefore && document.contains(focusBefore)) {
      focusBefore.focus();
    }
  }

  function expire() {
    if (expired) {
      return;
    }
    expired = true;
    window.clearInterval(timer);
    var entries = Array.prototype.filter.call(document.forms, function (form) {
      return keepable(form) && fieldsOf(form).some(changed);
    }).map(entryFor);
    if (entries.length) {
      keep(entries);
    }
    // The server logs the session out on this request and shows the login page, then brings us back here.
    var here = window.location.pathname + window.location.search;
    window.location.assign(loginPath + "?next=" + encodeURIComponent(here));
  }

  function tick() {
    var left = deadline - Date.now();
    if (left <= -GRACE) {
      expire();
    } else if (left <= warningSeconds * 1000) {
      showWarning();
    } else {
      dismissedFor = null;
      hideWarning();
    }
  }

  if (dialog) {
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      window
        .fetch(form.getAttribute("action"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value, Accept: "application/json" },
        })
        .then(function (response) {
          if (response.status === 401 || response.status === 403) {
            expire(); // already over (or logged out elsewhere): keep what was typed and go to the login page
            return;
          }
          if (!response.ok) {
            return; // the server did not answer well: the dialog stays, the user can try again
          }
          return response.json().then(function (answer) {
            atLoginLimit = Boolean(answer.at_login_limit);
            hideWarning();
            setDeadline(Date.now() + answer.remaining * 1000);
          });
        })
        .catch(function () {
          /* no connection: the dialog stays, the user can try again */
        });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        dismissedFor = deadline; // not again for this end time
        hideWarning();
      }
    });
  }

  window.addEventListener("storage", function (event) {
    if (event.key === DEADLINE && event.newValue) {
      deadline = Number(event.newValue); // activity in another tab
      tick();
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      var shared = Number(window.localStorage.getItem(DEADLINE) || 0);
      deadline = Math.max(deadline, shared);
      tick();
    }
  });

  setDeadline(Date.now() + Number(meta.dataset.remaining || 0) * 1000);
  timer = window.setInterval(tick, 1000);
})();
