// Babel settings shared by webpack (the bundle) and Jest (the component tests).
module.exports = {
  presets: [
    ["@babel/preset-env", { targets: "defaults" }],
    ["@babel/preset-react", { runtime: "automatic" }],
  ],
};
