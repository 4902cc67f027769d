// How the patient page nudges: a vibration, a chime (browsers play sound only after a tap, so the
// first one unlocks it) and, while the page is hidden, a flag in the tab's title. Which changes
// deserve a nudge is decided in live.ts (nudgesFor).

export function createNudges() {
  let audio: AudioContext | undefined;
  const unlockAudio = () => {
    try {
      audio ??= new AudioContext();
      void audio.resume();
    } catch {
      // no Web Audio: vibration and the banner remain
    }
  };
  document.addEventListener("pointerdown", unlockAudio, { once: true, capture: true });
  document.addEventListener("keydown", unlockAudio, { once: true, capture: true });

  function chime() {
    if (audio?.state !== "running") return;
    const at = audio.currentTime;
    for (const [offset, freq] of [
      [0, 880],
      [0.3, 660],
    ] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, at + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + offset + 0.28);
      tone.connect(gain).connect(audio.destination);
      tone.start(at + offset);
      tone.stop(at + offset + 0.3);
    }
  }

  let titleFlagged = false;
  return {
    /** Became next or was called. (While the page is hidden, the server's push is the notification.) */
    turn() {
      navigator.vibrate?.([200, 100, 200, 100, 400]);
      chime();
    },
    /** A notice to alert for; `flag` is what the tab's title says meanwhile if the page is hidden. */
    notice(flag: string) {
      navigator.vibrate?.([300, 100, 300]);
      chime();
      if (document.visibilityState === "visible") return;
      titleFlagged = true;
      document.title = `⚠ ${flag}`;
    },
    /** The page is seen again: its own title comes back. */
    unflag(title: string) {
      if (!titleFlagged) return;
      titleFlagged = false;
      document.title = title;
    },
    /** The page's title changed (another language): shown unless the flag is up. */
    retitle(title: string) {
      if (!titleFlagged) document.title = title;
    },
  };
}
