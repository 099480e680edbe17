// Bodies shaped like GET /api/models and GET /api/models/<version>.
const reliability = [
  { lower: 0.4, upper: 0.6, count: 2, confidence: 0.5, accuracy: 0.5 },
  { lower: 0.6, upper: 0.8, count: 0, confidence: null, accuracy: null },
  { lower: 0.8, upper: 1.0, count: 4, confidence: 0.9, accuracy: 0.75 },
];

function evaluation(precision, recall, matrix) {
  return {
    accuracy: 0.7,
    macro_f1: 0.68,
    n_samples: 10,
    folds: 5,
    fold_accuracies: [0.6, 0.8],
    per_genre: [
      { genre: "Jazz", precision: precision[0], recall: recall[0], f1: 0.6, support: 5 },
      { genre: "Rock", precision: precision[1], recall: recall[1], f1: 0.7, support: 5 },
    ],
    confusion_matrix: matrix,
  };
}

export function detail(version, { active = false, feedback = 0, precision = [0.5, 0.8], genres = ["Jazz", "Rock"] } = {}) {
  return {
    version,
    created_at: "2026-01-02T03:04:05Z",
    active,
    genres,
    extractor_version: "paa-test",
    accuracy: 0.7,
    accuracy_source: "cross_validation",
    tracks: 20 + feedback,
    feedback_labels: feedback,
    artifact_readable: true,
    git_commit: "abc",
    temperature: 0.8,
    best_epoch: 2,
    hyperparameters: { epochs: 3 },
    history: { loss: [1, 0.8, 0.7], accuracy: [0.5, 0.6, 0.7], val_loss: [1.1, 0.9, 0.95], val_accuracy: [0.5, 0.55, 0.5] },
    evaluations: {
      cross_validation: evaluation(precision, [0.6, 0.8], [[3, 2], [1, 4]]),
      validation_split: evaluation([0.4, 0.4], [0.4, 0.4], [[1, 1], [1, 1]]),
    },
    calibration: { temperature: 0.8, source: "out_of_fold", n_samples: 6, n_bins: 3, before: { ece: 0.2, reliability }, after: { ece: 0.05, reliability } },
    split: { total: { Jazz: 10, Rock: 10 } },
    training_data: {
      labels: ["bundled", "feedback", "folder", "tags"],
      tracks: 20 + feedback,
      feedback_labels: feedback,
      per_genre: [
        { genre: "Jazz", tracks: 10 + feedback, origins: { bundled: 10, ...(feedback ? { feedback } : {}) }, sources: { bundled: 10 }, feedback },
        { genre: "Rock", tracks: 10, origins: { bundled: 10 }, sources: { bundled: 10 }, feedback: 0 },
      ],
      dropped_too_few: {},
      dropped_conflicting_labels: 1,
      artists_known: false,
    },
  };
}

const summary = ({ version, created_at, active, genres, extractor_version, accuracy, accuracy_source, tracks, feedback_labels }) => ({
  version, created_at, active, genres, extractor_version, accuracy, accuracy_source, tracks, feedback_labels,
});

export const NEW = detail("v2", { active: true, feedback: 3, precision: [0.75, 0.8] });
export const OLD = detail("v1");
export const LIST = [summary(NEW), summary(OLD)];
