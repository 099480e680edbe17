// One entry (the first page); every other page is a chunk of its own, loaded on
// demand (frontend/src/pages.js). The hashed files are listed in
// frontend/dist/manifest.json, which the `frontend_asset` template tag reads and
// WhiteNoise serves; its `entrypoints` say which files the first page loads.
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
  plugins: [
    new WebpackManifestPlugin({
      fileName: "manifest.json",
      publicPath: "",
      generate: (seed, files, entrypoints) => ({
        ...Object.fromEntries(files.map((file) => [file.name, file.path])),
        entrypoints,
      }),
    }),
  ],
  // The first page's budget (150 KB gzipped, React included) is checked by
  // frontend/scripts/check-bundle-size.js, which `make test` runs.
  performance: { hints: false },
};
