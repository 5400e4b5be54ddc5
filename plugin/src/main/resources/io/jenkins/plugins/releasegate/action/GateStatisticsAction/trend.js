/* Renders the weekly trend of the release gate statistics page with the ECharts API plugin. */
window.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".release-gate-statistics-trend").forEach((chart) => {
    fetch(chart.dataset.url, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) {
          throw new Error("the trend could not be loaded: HTTP " + response.status);
        }
        return response.text();
      })
      .then((model) => {
        echartsJenkinsApi.renderConfigurableZoomableTrendChart(chart.id, model, null, null);
      });
  });
});
