// Enhancements only: every task works without this file.
(function () {
  "use strict";
  document.body.classList.add("js-enabled");

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".govuk-error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  function setUpUseLocation(root) {
    var button = (root || document).querySelector("[data-use-location-button]");
    if (!button) return;
    var wrapper = button.closest("[data-use-location]");
    if (!("geolocation" in navigator)) {
      wrapper.hidden = true;
      return;
    }
    var message = wrapper.querySelector("[data-use-location-message]");
    button.addEventListener("click", function () {
      var form = button.closest("form");
      message.textContent = button.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(function (position) {
        ["lat", "lng"].forEach(function (name) {
          var input = form.querySelector("input[name=" + name + "]");
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            form.appendChild(input);
          }
          input.value = name === "lat" ? position.coords.latitude.toFixed(5)
                                       : position.coords.longitude.toFixed(5);
        });
        form.querySelector("#postcode").value = "";
        form.querySelector("#town").value = "";
        message.textContent = "";
        form.requestSubmit();
      }, function () {
        message.textContent = button.getAttribute("data-failed");
      }, { timeout: 10000, maximumAge: 300000 });
    });
  }

  setUpUseLocation(document);
  focusErrorSummary(document);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    setUpUseLocation(event.detail.target);
    focusErrorSummary(event.detail.target);
  });
})();
