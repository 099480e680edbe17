import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorPanel } from "./components/error-panel";
import { EmptyState } from "./components/empty-state";
import { LazyPage, NotFound } from "./components/lazy-page";
import { SiteNav } from "./components/site-nav";
import { classifyStream } from "./features/classify/api/classify-stream";
import { ResultPanel } from "./features/classify/components/result-panel";
import { describeGenres } from "./features/classify/summary";
import { FeedbackForm } from "./features/feedback/components/feedback-form";
import { getActiveModel } from "./features/model/api/get-active-model";
import { ModelExplainer } from "./features/model/components/model-explainer";
import { ModelNote } from "./features/model/components/model-note";
import { LazyFeaturePictures } from "./features/pictures/lazy-pictures";
import { NowPlaying } from "./features/player/components/now-playing";
import { SearchBox } from "./features/search/components/search-box";
import { SimilarTracks } from "./features/similar/components/similar-tracks";
import { StarterSongs } from "./features/search/components/starter-songs";
import { checkFile } from "./features/upload/check-file";
import { DropOverlay } from "./features/upload/components/drop-overlay";
import { UploadButton } from "./features/upload/components/upload-button";
import { useFileDrop } from "./features/upload/hooks/use-file-drop";
import { defaultConfig } from "./lib/config";
import { navigate, useHashRoute } from "./lib/hash-route";
import { HOME, pageOf } from "./pages";

const TITLE = "AudioFiler — which genres is this song?";
const IDLE = { status: "idle" };

// The shell: the masthead, the navigation and the current page. The classify page
// stays mounted (hidden) while another page shows, so its song and result wait.
export function App({ config = defaultConfig }) {
  const route = useHashRoute();
  const page = pageOf(route);
  return (
    <>
      <header className="masthead">
        <h1>
          <span className="logo" aria-hidden="true" />
          AudioFiler
        </h1>
        <p className="tagline">Search a song or drop in a file: hear it, and see which genres it belongs to.</p>
        <SiteNav current={route} />
      </header>
      <ClassifyPage config={config} hidden={route !== HOME} />
      {page?.component && <LazyPage component={page.component} />}
      {!page && <NotFound />}
    </>
  );
}

function ClassifyPage({ config, hidden }) {
  const [model, setModel] = useState({ status: "loading" });
  const [job, setJob] = useState(IDLE);
  const [time, setTime] = useState(0);
  const [explainerOpen, setExplainerOpen] = useState(false);
  const running = useRef(null);
  const search = useRef(null);
  const upload = useRef(null);
  const player = useRef(null);

  const loadModel = useCallback(() => {
    setModel({ status: "loading" });
    getActiveModel()
      .then((data) => setModel({ status: "ready", data }))
      .catch((error) => setModel({ status: "error", error }));
  }, []);
  useEffect(loadModel, [loadModel]);

  const run = useCallback((input) => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    const mine = (update) => setJob((current) => (current.input === input ? update(current) : current));
    setJob({ status: "waiting", input, stages: [], result: null, error: null });
    classifyStream(input, {
      signal: controller.signal,
      onStage: (stage) => mine((current) => ({ ...current, stages: [...current.stages, stage] })),
    })
      .then((result) => mine((current) => ({ ...current, status: "done", result })))
      .catch((error) => {
        if (error.name === "AbortError") return;
        // The server's "not audio" names no file: the page knows which it sent.
        if (input.file && !error.fileName) error.fileName = input.file.name;
        mine((current) => ({ ...current, status: "error", error }));
      });
  }, []);

  const pickFile = useCallback(
    (file) => {
      navigate(HOME); // a file dropped on another page is classified here
      const problem = checkFile(file, config);
      if (problem) {
        running.current?.abort();
        setJob({ status: "error", input: { file }, stages: [], result: null, error: problem });
      } else run({ file, url: URL.createObjectURL(file) });
    },
    [config, run],
  );
  const dragging = useFileDrop(pickFile);

  // An uploaded file plays from the browser's own copy, released when replaced.
  const objectUrl = job.input?.file ? job.input.url : null;
  useEffect(() => () => objectUrl && URL.revokeObjectURL(objectUrl), [objectUrl]);

  useEffect(() => {
    if (hidden) return;
    const name = job.input ? job.input.track?.title || job.input.file?.name : null;
    document.title = job.result ? `${describeGenres(job.result.genres)} — ${name} · AudioFiler` : TITLE;
  }, [job, hidden]);

  const onAction = (action) => {
    if (action === "retry") run(job.input);
    else if (action === "upload") upload.current.open();
    else search.current.focus();
  };

  return (
    <>
      <main hidden={hidden}>
        <section className="finder" aria-label="Find a song">
          <SearchBox ref={search} onPick={(track) => run({ track, url: track.preview_url })} />
          <p className="or-upload">
            or <UploadButton ref={upload} onFile={pickFile} /> <span className="hint">(or drop one anywhere here)</span>
          </p>
        </section>
        {model.status === "error" && (
          <ErrorPanel error={model.error} limits={config} onAction={loadModel} />
        )}
        {job.status === "idle" ? (
          <EmptyState>
            <StarterSongs onPick={(track) => run({ track, url: track.preview_url })} />
          </EmptyState>
        ) : (
          <div className="stage-area">
            <NowPlaying input={job.input} playerRef={player} onTime={setTime} />
            {job.status === "error" ? (
              <div className="result">
                <ErrorPanel error={job.error} limits={config} onAction={onAction} />
              </div>
            ) : (
              <ResultPanel
                job={job}
                genreNames={model.data?.genres ?? []}
                time={time}
                onSeek={(seconds) => player.current?.seek(seconds)}
              />
            )}
            {job.status !== "error" && <FeedbackForm result={job.status === "done" ? job.result : null} />}
            {job.status !== "error" && <SimilarTracks result={job.status === "done" ? job.result : null} />}
          </div>
        )}
        <ModelNote model={model.data} onExplain={() => setExplainerOpen(true)} />
        <ModelExplainer model={model.data} open={explainerOpen} onToggle={setExplainerOpen} />
        {/* Last on the page: the pictures arrive after the result, and appending them
            here moves nothing a person is already reading. */}
        {job.status === "done" && <LazyFeaturePictures result={job.result} />}
      </main>
      <DropOverlay active={dragging} />
    </>
  );
}
