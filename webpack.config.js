// One entry; the hashed bundle is listed in frontend/dist/manifest.json, which the
// `frontend_asset` template tag reads and WhiteNoise serves.
const path = require("path");
const { WebpackManifestPlugin } = require("webpack-manifest-plugin");

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
        use: {
          loader: "babel-loader",
          options: {
            presets: [
              ["@babel/preset-env", { targets: "defaults" }],
              ["@babel/preset-react", { runtime: "automatic" }],
            ],
          },
        },
      },
      { test: /\.css$/, type: "asset/resource", generator: { filename: "frontend/[name].[contenthash:8][ext]" } },
    ],
  },
  resolve: { extensions: [".js", ".jsx"] },
  plugins: [new WebpackManifestPlugin({ fileName: "manifest.json", publicPath: "" })],
  performance: { hints: false },
};
