/* Trình soạn báo cáo của đơn vị: phối hợp việc tự động lưu (htmx) với nút “Lưu”, “Gửi”.
 *
 * - Khi người dùng bấm nút gửi biểu mẫu mà một lần tự động lưu đang chạy, chờ nó xong (để ô
 *   phiên bản đã được cập nhật) rồi mới gửi, tránh báo xung đột với chính mình.
 * - Sau khi đã bấm gửi, không tự động lưu nữa.
 * - Chỉ tự động lưu khi nội dung thực sự thay đổi (phím Tab, phím mũi tên không lưu lại).
 * - Tự động lưu lỗi mạng hoặc lỗi máy chủ: báo trong dòng trạng thái.
 * Không có JavaScript, nút “Lưu bản nháp” vẫn lưu như thường.
 */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("report-editor");
    var status = document.getElementById("autosave-status");
    if (!form) {
      return;
    }
    var inFlight = false;
    var submitting = false;
    var pending = false;
    var dirty = false;
    var pendingSubmitter = null;

    form.addEventListener("submit", function (event) {
      if (inFlight) {
        event.preventDefault();
        pending = true;
        pendingSubmitter = event.submitter || null;
        return;
      }
      submitting = true;
    });

    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
    });

    form.addEventListener("htmx:confirm", function (event) {
      if (submitting || !dirty) {
        event.preventDefault();
      }
    });

    form.addEventListener("htmx:beforeRequest", function () {
      inFlight = true;
      dirty = false;
    });

    function finished() {
      inFlight = false;
      if (pending) {
        var button = pendingSubmitter;
        pending = false;
        pendingSubmitter = null;
        // Let htmx finish its swaps (the new version number) before the real submission.
        window.setTimeout(function () {
          if (typeof form.requestSubmit === "function") {
            form.requestSubmit(button);
          } else if (button) {
            button.click();
          } else {
            form.submit();
          }
        }, 50);
      }
    }

    form.addEventListener("htmx:afterRequest", finished);

    function showError() {
      dirty = true; // not saved: try again on the next change
      if (status && status.dataset.errorText) {
        status.textContent = status.dataset.errorText;
      }
    }

    form.addEventListener("htmx:responseError", showError);
    form.addEventListener("htmx:sendError", showError);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
