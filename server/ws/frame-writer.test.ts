// The frame writer's pieces write what the string path wrote: JSON.stringify's text with characters
// outside ASCII escaped (asciiJson), toISOString's dates, JSON's numbers; and each frame's bytes stay
// as written while later frames fill the slab and move on to new ones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameWriter } from "./frame-writer.ts";
import { asciiJson } from "./tracking-body.ts";

/** The payload `write` puts in a frame, as text. */
function written(write: (frame: FrameWriter) => void, frame = new FrameWriter()): string {
  write(frame.begin());
  return frame.text();
}

/** A frame's header length and payload length, as a reader of the frame sees them. */
function header(frame: Buffer): { head: number; length: number } {
  const b1 = frame[1]!;
  if (b1 < 126) return { head: 2, length: b1 };
  if (b1 === 126) return { head: 4, length: frame.readUInt16BE(2) };
  return { head: 10, length: frame.readUInt32BE(2) * 2 ** 32 + frame.readUInt32BE(6) };
}

describe("FrameWriter pieces", () => {
  it("writes a string as JSON.stringify does, with everything outside ASCII escaped", () => {
    const cases = ["", "plain", 'q"uote\\back', "\b\t\n\f\r\u0000\u001f\u007f", "Zoë – 🙂", "\ud800 \udfff"];
    for (const text of cases) expect(written((f) => f.string(text))).toBe(asciiJson(JSON.stringify(text)));
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(written((f) => f.string(text))).toBe(asciiJson(JSON.stringify(text)));
      }),
      { numRuns: 500 },
    );
  });

  it("writes an instant as toISOString does, in every year it has four digits for, and others through it", () => {
    const edges = [0, -1, 1, 951_782_400_000, 4_107_542_400_000, -62_167_219_200_000, 253_402_300_799_999];
    for (const ms of edges) expect(written((f) => f.iso(ms))).toBe(new Date(ms).toISOString());
    for (const ms of [-62_167_219_200_001, 253_402_300_800_000, 8.64e15])
      expect(written((f) => f.iso(ms))).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(written((f) => f.iso(ms))).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it("writes numbers and null as JSON does", () => {
    for (const n of [0, 7, 10, 99, 100, 123_456_789, Number.MAX_SAFE_INTEGER, -0, -5, 1.5, Number.NaN, null])
      expect(written((f) => f.int(n))).toBe(JSON.stringify(n));
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(written((f) => f.int(n))).toBe(JSON.stringify(n));
      }),
    );
  });

  it("writes ASCII as it is and bytes as they are, and what is not ASCII after all as UTF-8", () => {
    expect(written((f) => f.ascii('{"a":').bytes(Buffer.from("[1,2]")).ascii("}"))).toBe('{"a":[1,2]}');
    expect(written((f) => f.ascii("id é🙂"))).toBe("id é🙂");
  });
});

describe("FrameWriter frames", () => {
  it("gives each payload length its header form", () => {
    const frame = new FrameWriter();
    for (const n of [0, 1, 125, 126, 1000, 65_535, 65_536, 200_000]) {
      const bytes = frame.begin().ascii("x".repeat(n)).end();
      const { head, length } = header(bytes);
      expect([bytes[0], head, length, bytes.length]).toEqual([
        0x81,
        n < 126 ? 2 : n < 65_536 ? 4 : 10,
        n,
        head + n,
      ]);
    }
  });

  it("never writes over a frame it gave out, while thousands fill slabs and one grows past a slab's end", () => {
    const frame = new FrameWriter();
    const out: { text: string; bytes: Buffer }[] = [];
    for (let i = 0; i < 3000; i++) {
      // Every 97th frame is long: it starts near the end of a slab often enough to move mid-frame.
      const text = `${i}:${"abc".repeat(i % 97 === 0 ? 9000 : (i * 31) % 400)}`;
      out.push({ text, bytes: frame.begin().string(text).end() });
    }
    expect(new Set(out.map((o) => o.bytes.buffer)).size).toBeGreaterThan(10);
    // Long frames that began in a full slab were moved to the start of a new one.
    expect(out.some((o) => o.text.length > 20_000 && o.bytes.byteOffset <= 8)).toBe(true);
    for (const { text, bytes } of out) {
      const { head } = header(bytes);
      expect(bytes.subarray(head).toString("latin1")).toBe(JSON.stringify(text));
    }
  });

  it("gives text() the payload and reuses its bytes; an abandoned frame spoils nothing after it", () => {
    const frame = new FrameWriter();
    const first = frame.begin().ascii("first").end();
    expect(written((f) => f.ascii("as text"), frame)).toBe("as text");
    frame.begin().ascii("abandoned, never ended");
    const next = frame.begin().ascii("next").end();
    expect(first.subarray(2).toString()).toBe("first");
    expect(next.subarray(2).toString()).toBe("next");
  });
});
