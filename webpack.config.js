// One entry; the hashed bundle, its stylesheet and the favicon are listed in
// frontend/dist/manifest.json, which the `frontend_asset` template tag reads and
// WhiteNoise serves.
const path = require("path");
const { WebpackManifestPlugin } = require("webpack-manifest-plugin");
const babelOptions = require("./frontend/babel-options");

const hashedAsset = { type: "asset/resource", generator: { filename: "frontend/[name].[contenthash:8][ext]" } };

module.exports = {
  entry: { main: "./frontend/src/index.jsx" },
  output: {
    path: path.resolve(__dirname, "frontend/dist"),
    filename: "frontend/[name].[contenthash:8].js",
    publicPath: "/static/",
    clean: true,
  },
  module: {
    rules: [
      {
        test: /\.jsx?$/,
        exclude: /node_modules/,
        use: { loader: "babel-loader", options: babelOptions },
      },
      { test: /\.(css|svg)$/, ...hashedAsset },
    ],
  },
  resolve: { extensions: [".js", ".jsx"] },
  plugins: [new WebpackManifestPlugin({ fileName: "manifest.json", publicPath: "" })],
  // The budget (150 KB gzipped, React included) is checked by
  // frontend/scripts/check-bundle-size.js, which `make test` runs.
  performance: { hints: false },
};
