// The engine dressed as a media element, so wavesurfer.js draws its playhead and
// seeks through it instead of playing audio of its own. It holds only what
// wavesurfer reads of a media element it is given.

export class EngineMedia extends EventTarget {
  constructor(engine) {
    super();
    this.engine = engine;
    this.readyState = 4;
    this.seeking = false;
    this.volume = 1;
    this.muted = false;
    this.playbackRate = 1;
    this.src = "";
    this.currentSrc = "";
    this.error = null;
  }

  get duration() {
    return this.engine.duration;
  }

  get currentTime() {
    return this.engine.position;
  }

  set currentTime(seconds) {
    this.engine.seek(seconds);
    this.#emit("timeupdate");
  }

  get paused() {
    return !this.engine.playing;
  }

  get ended() {
    return false;
  }

  async play() {
    if (this.engine.ctx.state === "suspended") await this.engine.ctx.resume();
    this.engine.play();
    this.#emit("play");
  }

  pause() {
    this.engine.pause();
    this.#emit("pause");
  }

  /** The engine stopped at the song's end. */
  notifyEnded() {
    this.#emit("pause");
  }

  #emit(type) {
    this.dispatchEvent(new Event(type));
  }

  canPlayType() {
    return "probably";
  }
}
