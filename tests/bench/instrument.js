// Injected before any page script (Playwright addInitScript) into every benchmarked page:
// Claimmark, the Recogito pages and the floor page alike. It only observes:
// - long tasks (PerformanceObserver 'longtask');
// - the time of the last input event (keydown, pointerup, click, change), from event.timeStamp;
// - "paint end": a `claimmark:paint-end` performance mark when the app records one, or else the
//   last `CSS.highlights.set` that Claimmark's dom::paint makes (`cm-selected`) in builds without
//   paint marks; the peer pages
//   call __bench.painted() themselves, after their renderer has drawn;
// - the frame after paint end: the first moment the main thread has finished rendering a frame
//   that includes the paint (a message posted from the next requestAnimationFrame, or at once
//   when the paint happened inside a requestAnimationFrame callback);
// - the wasm module's linear memory, for the memory figure.
(() => {
  if (window.__bench) return;
  const now = () => performance.now();
  const B = (window.__bench = {
    longtasks: [],
    input: null,
    armed: null,
    paintEnd: null,
    paintSource: null,
    frameDone: null,
    framePhase: false,
    marks: [],
    wasmMemories: [],
  });

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) { /* no long task API */ }

  for (const type of ['keydown', 'pointerup', 'click', 'change']) {
    addEventListener(type, (e) => {
      if (B.armed && !B.input) B.input = { type, key: e.key, ts: e.timeStamp, seen: now() };
    }, true);
  }

  // A message channel: its tasks run after the rendering step of the current frame.
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => { const f = queue.shift(); if (f) f(); };
  const post = (f) => { queue.push(f); channel.port2.postMessage(0); };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => {
    if (!B.framePhase) { B.framePhase = true; post(() => { B.framePhase = false; }); }
    cb(ts);
  });
  B.raf = raf;
  /** Resolves once the main thread has rendered a frame that includes what was done so far. */
  B.frameAfter = () => new Promise((resolve) => {
    const done = () => resolve(now());
    if (B.framePhase) post(done); else raf(() => post(done));
  });

  /** Starts a measurement: the next input event is its start, the next paint (passing `accept`) its end. */
  B.arm = (label, accept) => {
    B.armed = { label, at: now(), accept: accept || null };
    B.input = null; B.paintEnd = null; B.paintSource = null; B.frameDone = null;
  };
  B.painted = (source) => {
    const a = B.armed;
    if (!a || B.paintEnd !== null) return;
    if (a.accept && !a.accept(source)) return;
    B.paintEnd = now();
    B.paintSource = source;
    B.frameAfter().then((t) => { B.frameDone = t; });
  };
  /** The measurement, once its frame is done (null before). */
  B.result = () => {
    if (B.frameDone === null) return null;
    const start = B.input ? B.input.ts : B.armed.at;
    const marks = performance.getEntriesByType('mark')
      .filter((m) => m.startTime >= B.armed.at - 1 && m.name.startsWith('claimmark:'))
      .map((m) => [m.name.slice(10), m.startTime]);
    // Tasks that start with or after the input (not Playwright's work before a synthetic event).
    const tasks = B.longtasks.filter(([s]) => s >= start - 2 && s <= B.frameDone + 1);
    return {
      label: B.armed.label, input: B.input, start, paintEnd: B.paintEnd, paintSource: B.paintSource,
      frameDone: B.frameDone, marks, longestTask: tasks.reduce((m, [, d]) => Math.max(m, d), 0),
      longTasks: tasks.length,
    };
  };

  // Claimmark's marks. Wrapping the prototype catches the calls web-sys makes too.
  const mark = Performance.prototype.mark;
  Performance.prototype.mark = function (name, ...rest) {
    const r = mark.call(this, name, ...rest);
    if (name === 'claimmark:paint-start') B.hasPaintMarks = true;
    if (name === 'claimmark:paint-end') B.painted('mark:paint-end');
    return r;
  };
  if (window.HighlightRegistry) {
    const set = HighlightRegistry.prototype.set;
    HighlightRegistry.prototype.set = function (name, h) {
      const r = set.call(this, name, h);
      // Builds without paint marks: dom::paint sets cm-selected last.
      if (name === 'cm-selected' && !B.hasPaintMarks) B.painted('highlights:cm-selected');
      if (B.onHighlightSet) B.onHighlightSet(name, h);
      return r;
    };
  }

  // The wasm module's memory.
  const keep = (result) => {
    const instance = result && (result.instance || result);
    const mem = instance && instance.exports && instance.exports.memory;
    if (mem instanceof WebAssembly.Memory) B.wasmMemories.push(mem);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[name];
    if (f) WebAssembly[name] = function (...args) { return f.apply(this, args).then(keep); };
  }
  B.wasmBytes = () => B.wasmMemories.reduce((n, m) => n + m.buffer.byteLength, 0);

  /** Scrolls the page from top to bottom, `step` pixels a frame; returns the frame intervals. */
  B.scrollRun = (step, maxFrames = 1200) => new Promise((resolve) => {
    const el = document.scrollingElement;
    el.scrollTop = 0;
    const times = [];
    let frames = 0;
    const tick = (ts) => {
      times.push(ts);
      const bottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      if (bottom || ++frames > maxFrames) {
        const gaps = times.slice(1).map((t, i) => t - times[i]);
        return resolve({ gaps, height: el.scrollHeight, frames: gaps.length });
      }
      el.scrollTop += step;
      raf(tick);
    };
    raf(() => raf(tick));
  });
})();
