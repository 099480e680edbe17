// Component tests: Jest + Testing Library in jsdom, transpiled with the bundle's Babel settings.
const path = require("path");

module.exports = {
  rootDir: path.resolve(__dirname, "src"),
  testEnvironment: "jsdom",
  testMatch: ["**/__tests__/**/*.test.{js,jsx}"],
  transform: { "\\.[jt]sx?$": ["babel-jest", require("./babel-options")] },
  moduleNameMapper: { "\\.(css|svg)$": path.resolve(__dirname, "jest-file-stub.js") },
  setupFilesAfterEnv: [path.resolve(__dirname, "jest-setup.js")],
};
