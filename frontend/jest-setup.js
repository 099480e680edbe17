// Matchers like toBeInTheDocument(), and the Web APIs jsdom leaves out.
require("@testing-library/jest-dom");
const { TextDecoder, TextEncoder } = require("util");

if (!global.TextDecoder) global.TextDecoder = TextDecoder;
if (!global.TextEncoder) global.TextEncoder = TextEncoder;
// jsdom has no layout: scrolling an option into view is a no-op here.
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
