// Comment and moderation forms: show only the contact field the person chose, and the
// rejection reason only when "Không duyệt" is chosen. The forms work without this script.
(function () {
  "use strict";

  function fieldOf(input) {
    return input ? input.closest(".field") : null;
  }

  function syncContact(form) {
    var chosen = form.querySelector("input[name='contact_kind']:checked");
    var email = fieldOf(form.querySelector("input[name='email']"));
    var phone = fieldOf(form.querySelector("input[name='phone']"));
    if (!chosen || !email) {
      return;
    }
    email.hidden = chosen.value !== "email";
    if (phone) {
      phone.hidden = chosen.value !== "phone";
    }
  }

  function syncDecision(form) {
    var chosen = form.querySelector("input[name$='decision']:checked");
    var reason = fieldOf(form.querySelector("select[name$='reason']"));
    if (reason) {
      reason.hidden = !chosen || chosen.value !== "reject";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".cons-comment-form").forEach(function (form) {
      syncContact(form);
      form.addEventListener("change", function () {
        syncContact(form);
      });
    });
    document.querySelectorAll(".cons-mod-form").forEach(function (form) {
      syncDecision(form);
      form.addEventListener("change", function () {
        syncDecision(form);
      });
    });
  });
})();
