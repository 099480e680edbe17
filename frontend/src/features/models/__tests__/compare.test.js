import { genreChanges, headlineEvaluation } from "../compare";
import { NEW, OLD, detail } from "./fixtures";

test("a version is judged by its cross-validation where it has one", () => {
  expect(headlineEvaluation(OLD)).toBe(OLD.evaluations.cross_validation);
  const heldOut = { ...OLD, evaluations: { cross_validation: null, validation_split: OLD.evaluations.validation_split } };
  expect(headlineEvaluation(heldOut)).toBe(OLD.evaluations.validation_split);
});

test("each genre's figures in A and B and how they moved", () => {
  const [jazz, rock] = genreChanges(OLD, NEW);

  expect(jazz.genre).toBe("Jazz");
  expect(jazz.tracks).toEqual({ a: 10, b: 13, change: 3 });
  expect(jazz.feedback).toEqual({ a: 0, b: 3, change: 3 });
  expect(jazz.precision).toEqual({ a: 0.5, b: 0.75, change: 0.25 });
  expect(rock.precision.change).toBe(0);
  expect(rock.onlyIn).toBeNull();
});

test("a genre only one version knows has no change", () => {
  const wider = detail("v3", { genres: ["Jazz", "Rock", "Metal"] });
  const rows = genreChanges(OLD, wider);

  expect(rows.map((row) => [row.genre, row.onlyIn])).toEqual([["Jazz", null], ["Rock", null], ["Metal", "b"]]);
  expect(rows[2].precision).toEqual({ a: null, b: null, change: null });
  expect(rows[2].tracks).toEqual({ a: null, b: null, change: null });
  const untrained = { ...OLD, training_data: null };
  expect(genreChanges(untrained, NEW)[0].tracks).toEqual({ a: null, b: 13, change: null });
});
