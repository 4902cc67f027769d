// A WebSocket text frame written piece by piece straight into a shared slab, without first building
// the message as one JavaScript string. Joining a patient's message from its ~40 pieces made a tree
// of strings that the write then had to flatten into a new string before encoding it: together
// about 6 µs of the 7-8 µs of JavaScript each patient of a fan-out cost (bench/fanout/README.md).
// Every piece here is ASCII JSON text (characters outside ASCII are written as \uXXXX escapes, as
// tracking-body.ts's asciiJson does), so a character is a byte and nothing is measured first.
//
// A frame is begun, written, and ended: end() writes the header before the payload (2 or 4 bytes;
// 10 for a payload of 64 KB or more) and gives the frame's bytes, a view of the slab. A region of a
// slab is never written twice: a frame still queued on a slow socket keeps its slab alive.

const SLAB_BYTES = 64 * 1024;
/** Room kept before a payload for the longest frame header. */
const HEAD_ROOM = 10;
const FIN_TEXT = 0x81;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";
const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z. */
const MIN_ISO_MS = -62_167_219_200_000;
const MAX_ISO_MS = 253_402_300_800_000;

export class FrameWriter {
  private slab = Buffer.allocUnsafeSlow(0);
  /** Where the current frame's payload starts in the slab. */
  private start = 0;
  /** The next byte to write. */
  private at = 0;

  /** Starts a frame (the bytes written until end() are its payload). */
  begin(): this {
    this.at = Math.min(this.at, this.slab.length);
    if (this.at + HEAD_ROOM + 1024 > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.at = 0;
    }
    this.start = this.at + HEAD_ROOM;
    this.at = this.start;
    return this;
  }

  /** Makes room for `n` more bytes, moving the frame so far to a new slab where this one is full. */
  private room(n: number) {
    if (this.at + n <= this.slab.length) return;
    const written = this.at - this.start;
    const next = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, 2 * (HEAD_ROOM + written + n)));
    this.slab.copy(next, HEAD_ROOM, this.start, this.at);
    this.slab = next;
    this.start = HEAD_ROOM;
    this.at = HEAD_ROOM + written;
  }

  /** Bytes already encoded (text written once and sent to many: encodeAscii). */
  bytes(bytes: Uint8Array): this {
    const n = bytes.length;
    this.room(n);
    this.slab.set(bytes, this.at);
    this.at += n;
    return this;
  }

  /** ASCII text, written as it is (JSON punctuation, numbers, ISO dates, pieces already escaped). */
  ascii(text: string): this {
    const n = text.length;
    this.room(n);
    const slab = this.slab;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        // Not ASCII after all (a request id a client chose): the rest as UTF-8.
        this.at = at;
        this.room(3 * (n - i));
        this.at += this.slab.write(text.slice(i), this.at, "utf8");
        return this;
      }
      slab[at++] = c;
    }
    this.at = at;
    return this;
  }

  /** A whole number (or null), as JSON writes it. */
  int(value: number | null): this {
    if (value === null) return this.ascii("null");
    if (!Number.isSafeInteger(value) || value < 0) return this.ascii(JSON.stringify(value));
    this.room(16);
    const slab = this.slab;
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    let v = value;
    do {
      slab[--at] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    return this;
  }

  /** The instant `ms` as Date.prototype.toISOString writes it (2026-12-06T08:50:37.000Z). */
  iso(ms: number): this {
    // Years 0-9999 only; others (six digits and a sign) and invalid dates are left to toISOString.
    if (!(ms >= MIN_ISO_MS && ms < MAX_ISO_MS)) return this.ascii(new Date(ms).toISOString());
    this.room(24);
    const day = Math.floor(ms / DAY_MS);
    let rest = ms - day * DAY_MS;
    // Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day since 1970-01-01.
    const z = day + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    const slab = this.slab;
    const at = this.at;
    digits(slab, at, y, 4);
    slab[at + 4] = 0x2d;
    digits(slab, at + 5, m, 2);
    slab[at + 7] = 0x2d;
    digits(slab, at + 8, d, 2);
    slab[at + 10] = 0x54; // T
    digits(slab, at + 11, Math.floor(rest / 3_600_000), 2);
    rest %= 3_600_000;
    slab[at + 13] = 0x3a;
    digits(slab, at + 14, Math.floor(rest / 60_000), 2);
    rest %= 60_000;
    slab[at + 16] = 0x3a;
    digits(slab, at + 17, Math.floor(rest / 1000), 2);
    slab[at + 19] = 0x2e;
    digits(slab, at + 20, rest % 1000, 3);
    slab[at + 23] = 0x5a; // Z
    this.at = at + 24;
    return this;
  }

  /** `text` as a JSON string literal, as JSON.stringify writes it, with characters outside ASCII escaped. */
  string(text: string): this {
    const n = text.length;
    this.room(2 + 6 * n);
    const slab = this.slab;
    let at = this.at;
    slab[at++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 && c <= 0x7f) {
        if (c === QUOTE || c === BACKSLASH) slab[at++] = BACKSLASH;
        slab[at++] = c;
        continue;
      }
      slab[at++] = BACKSLASH;
      const short = SHORT_ESCAPES[c];
      if (short !== undefined) {
        slab[at++] = short;
        continue;
      }
      slab[at++] = 0x75; // u
      slab[at++] = HEX.charCodeAt((c >> 12) & 15);
      slab[at++] = HEX.charCodeAt((c >> 8) & 15);
      slab[at++] = HEX.charCodeAt((c >> 4) & 15);
      slab[at++] = HEX.charCodeAt(c & 15);
    }
    slab[at++] = QUOTE;
    this.at = at;
    return this;
  }

  /** Ends the frame as text, not bytes: the payload written since begin() (the slab's bytes are reused). */
  text(): string {
    const text = this.slab.toString("utf8", this.start, this.at);
    this.at = this.start - HEAD_ROOM;
    return text;
  }

  /** Ends the frame: its bytes (header and payload), a view of the slab. */
  end(): Buffer {
    const slab = this.slab;
    const length = this.at - this.start;
    let head: number;
    if (length < 126) {
      head = this.start - 2;
      slab[head + 1] = length;
    } else if (length < 65536) {
      head = this.start - 4;
      slab[head + 1] = 126;
      slab.writeUInt16BE(length, head + 2);
    } else {
      head = this.start - 10;
      slab[head + 1] = 127;
      slab.writeUInt32BE(Math.floor(length / 2 ** 32), head + 2);
      slab.writeUInt32BE(length >>> 0, head + 6);
    }
    slab[head] = FIN_TEXT;
    // The next frame starts on an 8-byte boundary.
    this.at = Math.min((this.at + 7) & ~7, slab.length);
    return slab.subarray(head, this.start + length);
  }
}

/** `value` in `width` decimal digits (leading zeros) at `at`. */
function digits(slab: Buffer, at: number, value: number, width: number) {
  for (let i = at + width - 1; i >= at; i--) {
    slab[i] = 0x30 + (value % 10);
    value = Math.floor(value / 10);
  }
}

/**
 * JSON.stringify's two-character escapes (\b \t \n \f \r); other control characters and everything
 * outside ASCII (lone surrogates included, as JSON.stringify writes them) become \uXXXX.
 */
const SHORT_ESCAPES: (number | undefined)[] = [];
SHORT_ESCAPES[0x08] = 0x62;
SHORT_ESCAPES[0x09] = 0x74;
SHORT_ESCAPES[0x0a] = 0x6e;
SHORT_ESCAPES[0x0c] = 0x66;
SHORT_ESCAPES[0x0d] = 0x72;
