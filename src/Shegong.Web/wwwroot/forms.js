// Forms that forgive: check a field as the user leaves it (the server checks again on save).
// Only progressive: without scripts every form still works and the server's messages appear under the fields.
(function () {
  var weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var checks = {
    "resident-id": function (v) {
      v = v.replace(/\s/g, "").toUpperCase();
      if (v === "") return null;
      if (/^\d{15}$/.test(v)) return "legacy";
      if (v.length !== 18) return "length";
      if (!/^\d{17}[\dX]$/.test(v)) return "chars";
      var y = +v.substr(6, 4), m = +v.substr(10, 2), d = +v.substr(12, 2), date = new Date(y, m - 1, d);
      if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d || y < 1900 || date > new Date()) return "birth";
      var sum = 0;
      for (var i = 0; i < 17; i++) sum += (+v[i]) * weights[i];
      return "10X98765432"[sum % 11] === v[17] ? null : "check";
    },
    "phone": function (v) {
      v = v.replace(/[\s\-()（）]/g, "").replace(/^(\+?86|0086)(?=1)/, "");
      if (v === "") return null;
      if (/^1/.test(v)) return /^1[3-9]\d{9}$/.test(v) ? null : "mobile";
      return /^0\d{9,11}(转\d{1,6})?$/.test(v) ? null : "invalid";
    }
  };
  // An old 15-digit ID number: "19" inserted before the year, the check character computed (GB 11643-1999).
  function upgrade15(v) {
    var first17 = v.substr(0, 6) + "19" + v.substr(6), sum = 0;
    for (var i = 0; i < 17; i++) sum += (+first17[i]) * weights[i];
    return first17 + "10X98765432"[sum % 11];
  }
  // A valid ID number says the date of birth (digits 7–14) and the gender (the 17th digit: odd 男, even 女): fill both
  // as soon as the number is complete. The server still checks that the three agree.
  function fillFromId(input) {
    var v = (input.value || "").replace(/\s/g, "").toUpperCase(), form = input.form;
    if (!form || v.length !== 18 || checks["resident-id"](v) !== null) return;
    var birth = form.querySelector('[name="' + input.getAttribute("data-fill-birth") + '"]');
    var date = v.substr(6, 4) + "-" + v.substr(10, 2) + "-" + v.substr(12, 2), gender = (+v[16]) % 2 === 1 ? "Male" : "Female";
    var changed = false;
    if (birth && birth.value !== date) { birth.value = date; changed = true; }
    form.querySelectorAll('input[type=radio][name="' + input.getAttribute("data-fill-gender") + '"]').forEach(function (r) {
      if (r.value === gender && !r.checked) { r.checked = true; changed = true; }
    });
    if (!changed) return;
    var note = form.querySelector('.hint[data-filled-by="' + input.id + '"]');
    if (!note) {
      note = document.createElement("p");
      note.className = "hint"; note.setAttribute("role", "status"); note.setAttribute("data-filled-by", input.id); note.setAttribute("data-testid", "id-filled");
      (input.parentNode.querySelector('.field-error[data-for="' + input.id + '"]') || input).insertAdjacentElement("afterend", note);
    }
    note.textContent = input.getAttribute("data-msg-filled") || "";
  }
  document.addEventListener("input", function (e) {
    var input = e.target;
    if (input.getAttribute && input.getAttribute("data-check") === "resident-id" && input.hasAttribute("data-fill-birth")) fillFromId(input);
  });
  document.addEventListener("focusout", function (e) {
    var input = e.target, kind = input.getAttribute && input.getAttribute("data-check");
    if (!kind || !checks[kind]) return;
    var problem = checks[kind](input.value || "");
    var note = input.parentNode.querySelector('.field-error[data-for="' + input.id + '"]');
    if (!problem) { if (note) note.remove(); input.classList.remove("invalid"); return; }
    if (!note) {
      note = document.createElement("p");
      note.className = "field-error"; note.setAttribute("role", "alert"); note.setAttribute("data-for", input.id);
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = input.getAttribute("data-msg-" + problem) || input.getAttribute("data-msg") || "";
    input.classList.add("invalid");
    if (problem === "legacy") {
      // One tap to take the upgraded number, shown in full so that the worker can compare it with the old card.
      var upgraded = upgrade15(input.value.replace(/\s/g, "")), button = document.createElement("button");
      button.type = "button"; button.className = "btn small"; button.setAttribute("data-testid", "id-upgrade");
      button.textContent = (input.getAttribute("data-msg-upgrade") || "") + " " + upgraded;
      button.addEventListener("click", function () {
        input.value = upgraded; note.remove(); input.classList.remove("invalid"); input.focus();
        if (input.hasAttribute("data-fill-birth")) fillFromId(input);
      });
      note.appendChild(document.createTextNode(" "));
      note.appendChild(button);
    }
  });
  // A filter that applies as soon as it changes (the CSP allows no inline onchange).
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute("data-autosubmit") && t.form) t.form.submit();
  });
  // A button that prints the page (the CSP allows no inline onclick).
  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target.closest("[data-action='print']") : null;
    if (t) { e.preventDefault(); window.print(); }
  });
})();
