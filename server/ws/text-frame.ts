// One WebSocket text frame as one buffer, written to the connection's socket in one write.
//
// ws's own send writes a frame as two chunks (a header, then the payload) between cork() and
// uncork(): a writev with its array of chunks per socket. The tracking fast path sends a message of
// its own to every patient of a queue day, thousands per change, so it frames each message itself:
// the header and the UTF-8 bytes in one buffer, one write (bench/fanout/README.md has the figures).
// Only where that is exactly what ws would send: a server socket (frames unmasked), no compression
// negotiated (the server turns it off) and nothing queued in ws's sender; anything else goes
// through ws.send. The test beside this file reads these frames with ws's own client.
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { FrameWriter } from "./frame-writer.ts";

/** The parts of ws's WebSocket this writes through (ws 8; the test pins them). */
interface WsInternals {
  _socket?: (Duplex & { writableLength: number }) | null;
  _sender?: { _state?: number } | null;
  _extensions?: Record<string, unknown>;
  _isServer?: boolean;
}

const FIN_TEXT = 0x81;

/**
 * The frame ws would write for `message` as an unmasked text message, in a buffer of its own (not a
 * view of Node's shared 8 KB pool: a frame queued on a stalled socket keeps only its own bytes).
 */
export function textFrame(message: string): Buffer {
  const length = Buffer.byteLength(message);
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafeSlow(head + length);
  frame[0] = FIN_TEXT;
  if (head === 2) frame[1] = length;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(message, head, "utf8");
  return frame;
}

/**
 * Frames are written one after another into a shared slab, so a pass over thousands of sockets
 * allocates a few slabs, not a buffer per patient, and encodes each message once, without measuring
 * it first (it reserves the most its UTF-8 can take). A region is never written twice: a frame still
 * queued on a slow socket keeps its slab alive, and the slab is small so that costs little.
 */
const SLAB_BYTES = 64 * 1024;
/** Messages longer than this (in UTF-16 units) get a buffer of their own. */
const SLAB_MESSAGE_MAX = Math.floor(SLAB_BYTES / 2 / 3);
let slab = Buffer.allocUnsafeSlow(0);
let slabAt = 0;

/** `textFrame(message)`'s bytes, in the current slab where the message fits. */
function slabFrame(message: string): Buffer {
  if (message.length > SLAB_MESSAGE_MAX) return textFrame(message);
  const room = 4 + message.length * 3;
  if (slabAt + room > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabAt = 0;
  }
  // The payload goes after a 4-byte header (126 to 65,535 bytes: SLAB_MESSAGE_MAX keeps it under);
  // a shorter one takes the 2-byte header just before it.
  const payload = slabAt + 4;
  const length = slab.write(message, payload, "utf8");
  const start = length < 126 ? payload - 2 : slabAt;
  slab[start] = FIN_TEXT;
  if (length < 126) slab[start + 1] = length;
  else {
    slab[start + 1] = 126;
    slab.writeUInt16BE(length, start + 2);
  }
  slabAt = (payload + length + 7) & ~7;
  return slab.subarray(start, payload + length);
}

/** The raw socket to write a frame to, or null where ws must send it itself. */
function rawSocketOf(socket: WebSocket): Duplex | null {
  const ws = socket as unknown as WsInternals;
  if (!ws._isServer || ws._sender?._state !== 0) return null;
  const extensions = ws._extensions;
  if (!extensions) return null;
  // Any extension negotiated (no key allocated: this runs for every patient of a change).
  for (const _ in extensions) return null;
  return ws._socket ?? null;
}

/**
 * Sends `message` as one text frame on an open socket. Where the socket's writes are already queued
 * in Node (the peer has stopped reading: a phone gone out of coverage until the heartbeat ends it),
 * the frame gets a buffer of its own: a slab view queued there would keep its whole 64 KB slab alive
 * for each frame of about 1 KB, 64 times what the feed's 1 MB cap on a socket's queue counts.
 */
export function sendText(socket: WebSocket, message: string) {
  const raw = rawSocketOf(socket);
  if (!raw) socket.send(message);
  else raw.write(raw.writableLength > 0 ? textFrame(message) : slabFrame(message));
}

/**
 * Ends the frame `frame` has been writing and sends it on an open socket, as sendText does (a socket
 * whose writes queue gets a copy of its own; one where ws must send gets the message as text).
 */
export function sendFrame(socket: WebSocket, frame: FrameWriter) {
  const raw = rawSocketOf(socket);
  if (!raw) {
    socket.send(frame.text());
    return;
  }
  const bytes = frame.end();
  if (raw.writableLength === 0) raw.write(bytes);
  else {
    const own = Buffer.allocUnsafeSlow(bytes.length);
    bytes.copy(own);
    raw.write(own);
  }
}
