// Stands in for imported CSS and SVG files in the component tests.
module.exports = "test-file-stub";
