import { describe, expect, it } from "vitest";
import en from "../i18n/messages/en.json";
import es from "../i18n/messages/es.json";
import hi from "../i18n/messages/hi.json";
import { translator } from "./format";
import {
  announcementOf,
  checkInOpensAt,
  checkInOpensText,
  indicatorHtml,
  notifyHtml,
  pickTrackData,
  problemMainHtml,
  type QueueStatus,
  sentenceOf,
  type TrackData,
  trackMainHtml,
  type ViewState,
  waitText,
} from "./view";

const t = translator(en.track, "en");

function data(over: Partial<TrackData["queue"]> = {}, rest: Partial<TrackData> = {}): TrackData {
  return {
    appointment: {
      ticket: 12,
      scheduledAt: "2026-11-29T09:00:00.000Z",
      doctor: { name: "Dr Chen", room: "2" },
      hospital: { name: "Harbourview <Hospital>", timeZone: "Pacific/Auckland" },
    },
    queue: {
      position: 3,
      peopleAhead: 2,
      estimatedWaitTime: 25,
      estimatedStartAt: "2026-11-29T09:25:00.000Z",
      queueStatus: "waiting",
      ...over,
    },
    notice: null,
    paused: false,
    version: 7,
    ...rest,
  };
}
const state = (d: TrackData, over: Partial<ViewState> = {}): ViewState => ({
  data: d,
  locale: "en",
  t,
  mode: "live",
  seconds: 0,
  arrived: false,
  permission: "default",
  ...over,
});

describe("sentenceOf", () => {
  const cases: [QueueStatus, string][] = [
    ["waiting", "When you arrive, check in at reception or with the code on the waiting-room screen."],
    ["checked_in", "You're checked in. Please wait nearby; we'll call you."],
    ["next", "You're next. Please stay close to room 2."],
    ["called", "It's your turn. Please go to room 2 now."],
    ["in_consultation", "You're with the doctor in room 2."],
    ["completed", "Your visit is complete. Take care."],
    ["no_show", "You were marked as not arrived. Please see reception: they can put you back in the queue."],
    ["cancelled", "This appointment was cancelled. Please contact reception if you think this is a mistake."],
  ];
  it.each(cases)("%s", (status, sentence) => {
    expect(sentenceOf(data({ queueStatus: status }), t)).toBe(sentence);
  });

  it("adds a paused queue while in line, not after; the delay is left to the notice banner", () => {
    const notice = { message: "Emergency", delayMinutes: 30, since: null };
    expect(sentenceOf(data({}, { notice, paused: true }), t)).toBe(
      "When you arrive, check in at reception or with the code on the waiting-room screen. The doctor's queue is paused for now. This page will update when it moves.",
    );
    expect(sentenceOf(data({ queueStatus: "called", position: 0 }, { notice, paused: true }), t)).toBe(
      "It's your turn. Please go to room 2 now.",
    );
  });
});

describe("announcementOf", () => {
  const at = (queue: Parameters<typeof data>[0]) => data(queue);
  it("says nothing on the first paint or when only the estimate moved", () => {
    expect(announcementOf(null, at({}), t, "en")).toBeNull();
    expect(announcementOf(at({}), at({ estimatedWaitTime: 31 }), t, "en")).toBeNull();
  });

  it("a new place is one polite line: the place, who is ahead and the wait", () => {
    expect(
      announcementOf(at({}), at({ position: 2, peopleAhead: 1, estimatedWaitTime: 12 }), t, "en"),
    ).toEqual({
      text: "Your place in line: 2. 1 person ahead of you. about 12\u00a0min · around 10:25\u00a0PM",
      urgent: false,
    });
    expect(
      announcementOf(at({}), at({ queueStatus: "next", position: 1, peopleAhead: 0 }), t, "en")?.text,
    ).toMatch(/^You're next\. about 25/);
  });

  it("being called is an alert with where to go", () => {
    expect(
      announcementOf(
        at({ queueStatus: "next", position: 1 }),
        at({ queueStatus: "called", position: 0 }),
        t,
        "en",
      ),
    ).toEqual({ text: "It's your turn. Please go to room 2 now.", urgent: true });
    expect(
      announcementOf(
        at({ queueStatus: "called", position: 0 }),
        at({ queueStatus: "in_consultation", position: 0 }),
        t,
        "en",
      ),
    ).toMatchObject({ urgent: false });
  });
});

describe("waitText", () => {
  it("minutes and the clock time in the hospital's zone", () => {
    expect(waitText(data(), t, "en")).toBe("about 25\u00a0min · around 10:25\u00a0PM");
    expect(waitText(data({ estimatedStartAt: null }), t, "en")).toBe("about 25\u00a0min");
    expect(waitText(data({ estimatedWaitTime: 0 }), t, "en")).toBe("any minute now");
    expect(waitText(data({ estimatedWaitTime: null }), t, "en")).toBeNull();
  });

  it("a booking half a day or more away gives its day and time, not a count of minutes", () => {
    const far = waitText(data({ estimatedWaitTime: 1360 }), t, "en");
    expect(far).toMatch(/^Your appointment: Sunday.*29.*10:00\s?PM$/);
    expect(far).not.toMatch(/min/);
    expect(waitText(data({ estimatedWaitTime: 719 }), t, "en")).toMatch(/^about 12\u00a0h · /);
  });

  it("an hour or more reads in hours and minutes, to 5 minutes, never wrapped inside a figure", () => {
    // A user's review (2026-12-07): "about 277 min" made the patient do the sum, and could wrap
    // between "277" and "min" on a phone.
    const long = data({ estimatedWaitTime: 277, likelyWaitTime: { from: 231, to: 318 } });
    expect(waitText(long, t, "en")).toBe(
      "about 4\u00a0h\u00a035\u00a0min, likely 3\u00a0h\u00a050\u00a0min to 5\u00a0h\u00a020\u00a0min · around 10:25\u00a0PM",
    );
    expect(waitText(long, translator(es.track, "es"), "es")).toMatch(
      /^unos 4\u00a0h\u00a035\u00a0min, probablemente entre 3\u00a0h\u00a050\u00a0min y 5\u00a0h\u00a020\u00a0min · /,
    );
    expect(waitText(long, translator(hi.track, "hi"), "hi")).toMatch(
      /^लगभग 4\u00a0घंटे\u00a035\u00a0मिनट, शायद 3\u00a0घंटे\u00a050\u00a0मिनट से 5\u00a0घंटे\u00a020\u00a0मिनट · /,
    );
    // A range that crosses the hour gives both ends their units; a whole hour has no "0 min".
    const across = data({ estimatedWaitTime: 58, likelyWaitTime: { from: 44, to: 75 } });
    expect(waitText(across, t, "en")).toBe(
      "about 58\u00a0min, likely 40\u00a0min to 1\u00a0h\u00a015\u00a0min · around 10:25\u00a0PM",
    );
    const hour = data({ estimatedWaitTime: 61, likelyWaitTime: null });
    expect(waitText(hour, t, "en")).toBe("about 1\u00a0h · around 10:25\u00a0PM");
    expect(waitText(hour, translator(hi.track, "hi"), "hi")).toMatch(/^लगभग 1\u00a0घंटा · /);
    // No wait text breaks inside a figure or a time: only between the words around them.
    for (const text of [waitText(long, t, "en"), waitText(across, t, "en")])
      expect(text).not.toMatch(/\d (min|h|PM)\b|h \d/);
  });

  it("gives the likely range, to 5 minutes once it is wide, in every language", () => {
    const likely = data({ estimatedWaitTime: 40, likelyWaitTime: { from: 31, to: 54 } });
    expect(waitText(likely, t, "en")).toBe(
      "about 40\u00a0min, likely 30 to 55\u00a0min · around 10:25\u00a0PM",
    );
    expect(waitText({ ...likely, queue: { ...likely.queue, estimatedStartAt: null } }, t, "en")).toBe(
      "about 40\u00a0min, likely 30 to 55\u00a0min",
    );
    expect(waitText(likely, translator(hi.track, "hi"), "hi")).toMatch(
      /^लगभग 40\u00a0मिनट, शायद 30 से 55\u00a0मिनट · करीब /,
    );
    expect(waitText(likely, translator(es.track, "es"), "es")).toMatch(
      /^unos 40\u00a0min, probablemente entre 30 y 55\u00a0min · hacia las /,
    );
    // A narrow range stays in whole minutes; one that adds nothing to "about" is left out.
    const near = data({ estimatedWaitTime: 6, likelyWaitTime: { from: 2, to: 11 } });
    expect(waitText(near, t, "en")).toBe("about 6\u00a0min, likely 2 to 11\u00a0min · around 10:25\u00a0PM");
    const tight = data({ estimatedWaitTime: 3, likelyWaitTime: { from: 2, to: 5 } });
    expect(waitText(tight, t, "en")).toBe("about 3\u00a0min · around 10:25\u00a0PM");
    // A range from now says "within", not "likely 0 to 40".
    const fromNow = data({ estimatedWaitTime: 17, likelyWaitTime: { from: 0, to: 38 } });
    expect(waitText(fromNow, t, "en")).toBe(
      "about 17\u00a0min, likely within 40\u00a0min · around 10:25\u00a0PM",
    );
    expect(waitText(fromNow, translator(es.track, "es"), "es")).toMatch(/en menos de 40/);
    // It travels in the first paint's data.
    expect(pickTrackData(likely).queue.likelyWaitTime).toEqual({ from: 31, to: 54 });
  });
});

describe("the page's HTML", () => {
  it("shows the place in line, escapes text, and has a quiet card with live lines of its own", () => {
    const html = trackMainHtml(state(data()));
    expect(html).toContain('data-testid="position"');
    expect(html).toMatch(/>3<\/p>/);
    // The place is read once: the label above it, not again inside the number.
    expect(html).not.toContain("Your place in line: ");
    expect(html).toContain("2 people ahead of you");
    expect(html).toContain("Harbourview &lt;Hospital&gt;");
    // The card is a named region, not a live one (it is redrawn on every change in the queue).
    expect(html).toMatch(/<section aria-label="Your place in line" id="track-card"/);
    expect(html).not.toMatch(/<section[^>]*aria-live/);
    expect(html).toContain('<p id="track-announce" class="sr-only" role="status" aria-live="polite"></p>');
    expect(html).toContain('<p id="track-alert" class="sr-only" role="alert"></p>');
    expect(html).toContain('lang="en"');
    expect(html).not.toContain('data-testid="notice"');
  });

  it("a notice is an alert banner that flashes when it arrived", () => {
    const d = data({}, { notice: { message: "", delayMinutes: 15, since: null } });
    const html = trackMainHtml(state(d, { arrived: true }));
    expect(html).toMatch(/role="alert" data-testid="notice" class="[^"]*animate-arrive/);
    expect(html).toContain("The doctor is running late.");
    expect(html).toContain("Expect a delay of about 15\u00a0min.");
  });

  it("gives the delay once: not in the card, and not twice when the message already says it", () => {
    const own = "Dr Chen has been called to an emergency. Expect a delay of about 20 minutes.";
    const stated = trackMainHtml(
      state(data({}, { notice: { message: own, delayMinutes: 20, since: null } })),
    );
    expect(stated.match(/20\smin/g)).toHaveLength(1);
    const bare = trackMainHtml(
      state(data({}, { notice: { message: "Dr Chen is in theatre.", delayMinutes: 20, since: null } })),
    );
    expect(bare.match(/20\smin/g)).toHaveLength(1);
    expect(bare).toContain("Expect a delay of about 20\u00a0min.");
    const th = translator(hi.track, "hi");
    const hindi = trackMainHtml(
      state(data({}, { notice: { message: own, delayMinutes: 20, since: null } }), { t: th, locale: "hi" }),
    );
    expect(hindi).not.toMatch(/20\sमिनट/);
  });

  it("a visit that is over shows no notice, and a no-show is told kindly how to get back in line", () => {
    const notice = { message: "Dr Chen has been called to an emergency.", delayMinutes: 20, since: null };
    for (const queueStatus of ["completed", "no_show", "cancelled"] as const) {
      const html = trackMainHtml(state(data({ queueStatus, position: null }, { notice })));
      expect(html).not.toContain('data-testid="notice"');
      expect(html).not.toContain("emergency");
    }
    expect(trackMainHtml(state(data({ queueStatus: "called", position: 0 }, { notice })))).toContain(
      'data-testid="notice"',
    );
    const noShow = trackMainHtml(state(data({ queueStatus: "no_show", position: null })));
    expect(noShow).toContain(">Marked as not arrived</p>");
    expect(noShow).not.toMatch(/missed/i);
    for (const [messages, locale] of [
      [es.track, "es"],
      [hi.track, "hi"],
    ] as const) {
      const tl = translator(messages, locale);
      const html = trackMainHtml(state(data({ queueStatus: "no_show", position: null }), { t: tl, locale }));
      expect(html).toContain(messages.titles.no_show);
      expect(html).toContain(messages.states.no_show);
    }
    expect(es.track.titles.no_show).not.toMatch(/perdió/);
  });

  it("called: the room, big; no place in line", () => {
    const html = trackMainHtml(state(data({ queueStatus: "called", position: 0, peopleAhead: 0 })));
    expect(html).toContain(">Room 2</p>");
    expect(html).not.toContain('data-testid="position"');
  });

  it("in Hindi", () => {
    const th = translator(hi.track, "hi");
    const html = trackMainHtml(state(data(), { t: th, locale: "hi" }));
    expect(html).toContain('lang="hi"');
    expect(html).toContain("आपसे आगे 2 लोग हैं");
    expect(html).toContain('<option value="hi" lang="hi" selected>');
  });

  it("the live indicator says which way the page is updated", () => {
    expect(indicatorHtml("live", 0, t)).toMatch(/data-mode="live"[^>]*>.*Live<\/span>$/);
    expect(indicatorHtml("polling", 12, t)).toContain("Updated 12 s ago");
    expect(indicatorHtml("reconnecting", 0, t)).toContain("Reconnecting…");
  });

  it("the notification control follows the permission, only while waiting", () => {
    expect(notifyHtml(state(data()))).toContain('data-action="notify"');
    expect(notifyHtml(state(data(), { permission: "granted" }))).toContain("You'll get a notification");
    expect(notifyHtml(state(data(), { permission: "denied" }))).toContain("Notifications are blocked");
    expect(notifyHtml(state(data(), { permission: "unsupported" }))).toBe("");
    expect(notifyHtml(state(data({ queueStatus: "completed", position: null })))).toBe("");
  });

  it("a broken link: an alert in the patient's language, a retry only when it may help", () => {
    const invalid = problemMainHtml("invalid", "en", t, "/track/x");
    expect(invalid).toContain('role="alert"');
    expect(invalid).toContain("This link is not valid.");
    expect(invalid).not.toContain("Try again");
    expect(problemMainHtml("unavailable", "en", t, "/track/x")).toContain('href="/track/x"');
  });
});

describe("pickTrackData", () => {
  it("keeps only what the page shows", () => {
    const full = {
      ...data(),
      queue: { ...data().queue, totalWaiting: 40, message: "x" },
      appointment: { ...data().appointment, id: "a1", status: "BOOKED" },
      updatedAt: "2026-11-29T09:00:00.000Z",
    };
    const picked = pickTrackData(full as TrackData);
    expect(picked).toEqual(data());
    expect(JSON.stringify(picked)).not.toContain("totalWaiting");
  });
});

describe("when check-in opens", () => {
  const withWindow = (minutes: number | undefined, over: Partial<TrackData["queue"]> = {}) => {
    const d = data(over);
    return {
      ...d,
      appointment: {
        ...d.appointment,
        hospital: { ...d.appointment.hospital, checkInWindowMinutes: minutes },
      },
    };
  };

  it("says the hospital's window before the appointment, in the hospital's zone", () => {
    // 09:00Z is 22:00 in Auckland (NZDT): 30 min earlier is 9:30\u00a0pm.
    expect(checkInOpensText(withWindow(30), t, "en")).toBe("Check-in opens at 9:30\u00a0PM.");
    expect(checkInOpensText(withWindow(90), t, "en")).toBe("Check-in opens at 8:30\u00a0PM.");
    expect(trackMainHtml(state(withWindow(30)))).toContain('data-testid="check-in-opens"');
  });

  it("counts from the start of the appointment's hour, as the server does (rule 5)", () => {
    // 20:36 in Auckland: the slot is 20:00-21:00, so a 30-minute window opens at 19:30, not 20:06.
    const at2036 = withWindowOf(data({}, {}), 30);
    at2036.appointment.scheduledAt = "2026-11-29T07:36:00.000Z";
    expect(checkInOpensText(at2036, t, "en")).toBe("Check-in opens at 7:30\u00a0PM.");
    // Kathmandu is UTC+5:45: 10:20 local is 04:35Z; its hour started at 10:00 local (04:15Z).
    const kathmandu = withWindowOf(data(), 30);
    kathmandu.appointment.scheduledAt = "2026-11-29T04:35:00.000Z";
    kathmandu.appointment.hospital = { ...kathmandu.appointment.hospital, timeZone: "Asia/Kathmandu" };
    expect(checkInOpensAt(kathmandu)).toBe(Date.parse("2026-11-29T03:45:00.000Z"));
  });

  it("says nothing once check-in has opened (the page's now), and says it until then", () => {
    const opensAt = new Date("2026-11-29T08:30:00Z").getTime(); // 09:00Z less 30 min
    expect(checkInOpensText(withWindow(30), t, "en", opensAt - 60_000)).toBe(
      "Check-in opens at 9:30\u00a0PM.",
    );
    expect(checkInOpensText(withWindow(30), t, "en", opensAt)).toBeNull();
    expect(trackMainHtml(state(withWindow(30), { now: opensAt + 60_000 }))).not.toContain("check-in-opens");
    expect(trackMainHtml(state(withWindow(30), { now: opensAt - 60_000 }))).toContain("check-in-opens");
  });

  it("says nothing once checked in, or without a window", () => {
    expect(checkInOpensText(withWindow(30, { queueStatus: "checked_in" }), t, "en")).toBeNull();
    expect(checkInOpensText(withWindow(undefined), t, "en")).toBeNull();
    expect(trackMainHtml(state(withWindow(30, { queueStatus: "checked_in" })))).not.toContain(
      "check-in-opens",
    );
  });

  it("travels in the first paint's data", () => {
    expect(pickTrackData(withWindow(45)).appointment.hospital.checkInWindowMinutes).toBe(45);
  });
});

describe("the patient's own actions", () => {
  const withToken = (d: TrackData, over: Partial<ViewState> = {}): ViewState => ({
    data: d,
    locale: "en",
    t,
    mode: "live",
    seconds: 0,
    arrived: false,
    permission: "unsupported",
    token: "a.b-c.d",
    ...over,
  });

  it("offers I'm here, running late, calendar and a confirmed cancel while waiting, as plain forms", () => {
    const html = trackMainHtml(withToken(data()));
    expect(html).toContain('data-region="actions"');
    expect(html).toMatch(/<form method="post"[^>]*data-act="check-in"/);
    expect(html).toContain('name="code" required');
    for (const m of [10, 20, 30]) expect(html).toContain(`name="minutes" value="${m}"`);
    expect(html).toMatch(/data-act="cancel"[\s\S]*type="checkbox" name="confirm" value="yes" required/);
    expect(html).toContain('href="/api/appointments/track/a.b-c.d/calendar.ics"');
    expect(html).toContain(t("actions.calendar"));
    expect(html).toMatch(/data-action="share" class="[^"]*noscript:hidden/);
    // Checked in: "I'm here" and "running late" are done with; calendar and cancel remain.
    const here = trackMainHtml(withToken(data({ queueStatus: "checked_in" })));
    expect(here).not.toContain('data-act="check-in"');
    expect(here).not.toContain('data-act="late"');
    expect(here).toContain('data-act="cancel"');
  });

  it("offers nothing once the visit no longer waits, but still says how the last action went", () => {
    const done = trackMainHtml(
      withToken(data({ queueStatus: "cancelled", position: null }), {
        actionNote: { text: t("actions.done.cancel") },
      }),
    );
    expect(done).not.toContain("data-act=");
    expect(done).toContain("call the clinic");
    // Without a token (a view of data alone) there are no actions.
    expect(trackMainHtml({ ...withToken(data()), token: undefined })).not.toContain("data-act=");
  });

  it("shows a refused action as a refusal, announced at once, and a done one as a plain note", () => {
    const note = (actionNote: { text: string; refused?: boolean }) => {
      const html = trackMainHtml(withToken(data(), { actionNote }));
      const [, role, refused, cls] =
        /<p role="(\w+)" tabindex="-1" data-testid="action-note"( data-refused)? class="([^"]*)"/.exec(
          html,
        ) ?? [];
      return { role, refused: !!refused, bad: !!cls?.includes("bg-bad-soft") };
    };
    expect(note({ text: t("actions.refused.CHECK_IN_CODE_WRONG"), refused: true })).toEqual({
      role: "alert",
      refused: true,
      bad: true,
    });
    expect(note({ text: t("actions.done.check-in") })).toEqual({
      role: "status",
      refused: false,
      bad: false,
    });
  });

  it("has a level-one heading with the hospital's whole name, and every action text in each language", () => {
    const html = trackMainHtml(withToken(data()));
    expect(html).toMatch(/<h1[^>]*>Harbourview &lt;Hospital&gt;<\/h1>/);
    expect(html).not.toMatch(/<h1[^>]*truncate/);
    const keys = (o: object, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(hi.track.actions).sort()).toEqual(keys(en.track.actions).sort());
  });
});

describe("a calmer first paint", () => {
  it("says Connecting in a neutral colour before the feed was ever up, Reconnecting in amber after", () => {
    const connecting = indicatorHtml("connecting", 0, t);
    expect(connecting).toContain("Connecting…");
    expect(connecting).not.toContain("warn");
    const reconnecting = indicatorHtml("reconnecting", 0, t);
    expect(reconnecting).toContain("Reconnecting…");
    expect(reconnecting).toContain("bg-warn-soft");
    expect(translator(hi.track, "hi")("connecting")).not.toBe("connecting");
  });
});

describe("the clinic's contact block", () => {
  const base: ViewState = {
    data: data(),
    locale: "en",
    t,
    mode: "live",
    seconds: 0,
    arrived: false,
    permission: "unsupported",
  };
  const contact = {
    address: "12 Queen St, Auckland",
    phone: "+64 9 555 0100",
    mapUrl: "https://maps.example/?q=12+Queen+St",
    otherDay: true,
  };

  it("leads with the date and time on another day, then address, map and phone", () => {
    const html = trackMainHtml({ ...base, contact });
    expect(html).toMatch(/Your appointment: Sunday,? (29 November|November 29),? at 10:00/);
    expect(html).toContain("12 Queen St, Auckland");
    expect(html).toContain('href="tel:+6495550100"');
    expect(html).toContain('href="https://maps.example/?q=12+Queen+St"');
    // A day away: the card leads with the day (once), and offers no check-in or lateness yet.
    const tomorrow = trackMainHtml({
      ...base,
      data: data({ estimatedWaitTime: 1360 }),
      token: "a.b",
      contact,
    });
    expect(tomorrow.match(/Your appointment:/g)).toHaveLength(1);
    expect(tomorrow).not.toContain('data-act="check-in"');
    expect(tomorrow).not.toContain('data-act="late"');
    expect(tomorrow).toContain("add-to-calendar");
    // Once the appointment's time has passed, no calendar entry is offered for it.
    const scheduled = Date.parse(data().appointment.scheduledAt as string);
    const before = trackMainHtml({ ...base, token: "a.b", contact, now: scheduled - 60_000 });
    const after = trackMainHtml({ ...base, token: "a.b", contact, now: scheduled + 60_000 });
    expect(before).toContain("add-to-calendar");
    expect(after).not.toContain("add-to-calendar");
    // No place in a line that has not formed yet ("1 · Nobody ahead of you" read as "you are
    // next"), no check-in time without its day, no "keep it open" for a day.
    const first = data({ estimatedWaitTime: 1360, position: 1, peopleAhead: 0 });
    const firstHtml = trackMainHtml({ ...base, data: withWindowOf(first, 30), token: "a.b", contact });
    expect(firstHtml).not.toContain('data-testid="position"');
    expect(firstHtml).not.toContain("Nobody ahead");
    expect(firstHtml).not.toContain("check-in-opens");
    expect(firstHtml).not.toContain("Keep it open");
    expect(firstHtml).toMatch(/data-testid="wait"[^>]*>Your appointment: Sunday/);
    // The same patient on the day: the place and the rest are back.
    const onTheDay = trackMainHtml({
      ...base,
      data: withWindowOf({ ...first, queue: { ...first.queue, estimatedWaitTime: 40 } }, 30),
      contact,
    });
    expect(onTheDay).toContain('data-testid="position"');
    expect(onTheDay).toContain("Keep it open");
  });

  it("is compact on the day itself, and absent without anything to show", () => {
    const today = trackMainHtml({ ...base, contact: { ...contact, otherDay: false } });
    expect(today).not.toContain("appointment-day");
    expect(today).toContain("clinic-phone");
    expect(
      trackMainHtml({ ...base, contact: { address: null, phone: null, mapUrl: null, otherDay: false } }),
    ).not.toContain("clinic-contact");
  });
});

describe("why the place went up, and Notify me", () => {
  it("says why in one line, in the patient's language, only while in line", () => {
    const html = trackMainHtml(state(data({ position: 4, peopleAhead: 3, placeChange: "urgent" })));
    expect(html).toContain('data-testid="place-change"');
    expect(html).toContain("A patient who needs urgent care was added ahead of you.");
    const th = translator(hi.track, "hi");
    expect(trackMainHtml(state(data({ placeChange: "reordered" }), { t: th, locale: "hi" }))).toContain(
      hi.track.placeChange.reordered,
    );
    expect(trackMainHtml(state(data({ placeChange: null })))).not.toContain("place-change");
    expect(
      trackMainHtml(state(data({ queueStatus: "called", position: 0, placeChange: "urgent" }))),
    ).not.toContain("place-change");
    // The first paint carries it (and nothing else new).
    expect(pickTrackData(data({ placeChange: "arrived" })).queue.placeChange).toBe("arrived");
  });

  it("offers to turn push off once on, and says so when the browser could not subscribe", () => {
    expect(notifyHtml(state(data(), { permission: "granted" }))).toContain('data-action="notify-off"');
    expect(notifyHtml(state(data(), { permission: "failed" }))).toContain(en.track.notifyFailed);
    expect(notifyHtml(state(data(), { permission: "failed" }))).not.toContain("<button");
  });
});

function withWindowOf(d: TrackData, minutes: number): TrackData {
  return {
    ...d,
    appointment: { ...d.appointment, hospital: { ...d.appointment.hospital, checkInWindowMinutes: minutes } },
  };
}
