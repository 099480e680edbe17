import { createRoot } from "react-dom/client";
import { App } from "./app";
import { readConfig } from "./lib/config";
import "./styles.css";
import "./favicon.svg";

const root = document.getElementById("root");
createRoot(root).render(<App config={readConfig(root)} />);
