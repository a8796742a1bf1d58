// Parses Mermaid diagrams with the real Mermaid parser (under jsdom).
// Input on stdin: a JSON list of diagram texts. Output: a JSON list with, per diagram, the parse
// error (null when valid) and what the parser understood: the Gantt's tasks and sections, the
// quadrant's points, the flowchart's nodes (so a test can see a diagram silently rewritten).
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const shape = { error: null };
    if (db.getTasks) {
      const tasks = db.getTasks();
      shape.tasks = tasks.map((task) => task.task);
      shape.sections = [...new Set(tasks.map((task) => task.section))];
    }
    if (db.getQuadrantData) {
      shape.points = db.getQuadrantData().points.map((p) => (typeof p.text === "string" ? p.text : p.text.text));
    }
    if (db.getVertices) shape.nodes = [...db.getVertices().keys()];
    results.push(shape);
  } catch (error) {
    results.push({ error: String(error && error.message ? error.message : error) });
  }
}
process.stdout.write(JSON.stringify(results));
