// The patient page's own actions without reloading it: the forms (check in, running late, cancel)
// posted to their REST paths, and sharing the link. The live feed then redraws the card; these only
// say how it went.
import type { Translate } from "./format";
import { type ActionNote, actionPath } from "./view";

export function createActions(o: {
  token: string;
  t: () => Translate;
  title: () => string;
  /** What the page's action note should say now. */
  onNote: (note: ActionNote) => void;
}) {
  return {
    /** Shares the link (the phone's share sheet), else copies it. */
    async share() {
      const url = location.origin + location.pathname;
      try {
        if (navigator.share) return await navigator.share({ title: o.title(), url });
        await navigator.clipboard.writeText(url);
      } catch {
        return; // dismissed, or no clipboard
      }
      o.onNote({ text: o.t()("actions.copied") });
    },

    /** Posts the form's action; `submitter` is the button that sent it (its value counts). */
    async act(form: HTMLFormElement, submitter: HTMLButtonElement | null) {
      const action = form.dataset.act ?? "";
      const fields = new FormData(form);
      if (submitter?.name) fields.set(submitter.name, submitter.value);
      const body =
        action === "check-in"
          ? { code: String(fields.get("code") ?? "") }
          : action === "late"
            ? { minutes: Number(fields.get("minutes")) }
            : {};
      for (const b of form.querySelectorAll("button")) b.disabled = true;
      let note: ActionNote;
      try {
        const res = await fetch(actionPath(o.token, action), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const answer = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        const reason = res.status === 429 ? "TOO_MANY_REQUESTS" : answer.error?.code;
        const t = o.t();
        const known = reason && t(`actions.refused.${reason}`) !== `actions.refused.${reason}`;
        note = res.ok
          ? { text: t(`actions.done.${action}`) }
          : { text: t(`actions.refused.${known ? reason : "other"}`), refused: true };
      } catch {
        note = { text: o.t()("actions.refused.other"), refused: true };
      }
      o.onNote(note);
      if (note.text) document.querySelector<HTMLElement>('[data-testid="action-note"]')?.focus?.();
    },
  };
}
