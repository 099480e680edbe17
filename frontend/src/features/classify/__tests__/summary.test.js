import { describeGenres } from "../summary";

const ranked = (...pairs) => pairs.map(([genre, probability]) => ({ genre, probability }));

test.each([
  [ranked(["Blues", 0.9], ["Jazz", 0.1]), "Clearly Blues"],
  [ranked(["Blues", 0.61], ["Jazz", 0.24], ["Rock", 0.15]), "Mostly Blues, some Jazz"],
  [ranked(["Rock", 0.7], ["Rap", 0.1], ["Jazz", 0.1]), "Mostly Rock"],
  [ranked(["Jazz", 0.4], ["Blues", 0.35], ["Rock", 0.25]), "A mix of Jazz and Blues"],
  [ranked(["Jazz", 0.3], ["Blues", 0.25], ["Rock", 0.2], ["Rap", 0.25]), "Hard to say: Jazz, Blues and Rock are close"],
  [[], ""],
])("%j reads “%s”", (genres, words) => {
  expect(describeGenres(genres)).toBe(words);
});
