// Starts Swagger UI in the page's #swagger-ui element on the document its data-spec-url
// names (a file of its own: the page's Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    displayOperationId: true,
    validatorUrl: null, // the default badge would send the document to a public validator
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
