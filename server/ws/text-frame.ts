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
import { FrameWriter } from "./frame-writer.ts";

/** The parts of ws's WebSocket this writes through (ws 8; the test pins them). */
interface WsInternals {
  _socket?: (Duplex & { writableLength: number }) | null;
  _sender?: { _state?: number } | null;
  _extensions?: Record<string, unknown>;
  _isServer?: boolean;
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

/** The frames sendText writes (frame-writer.ts: shared slabs). */
const texts = new FrameWriter();

/** Sends `message` as one text frame on an open socket (sendFrame). */
export function sendText(socket: WebSocket, message: string) {
  sendFrame(socket, texts.begin().ascii(message));
}

/**
 * Ends the frame `frame` has been writing and sends it on an open socket. Where the socket's writes
 * are already queued in Node (the peer has stopped reading: a phone gone out of coverage until the
 * heartbeat ends it), the frame is copied into a buffer of its own: a slab view queued there would
 * keep its whole 64 KB slab alive for each frame of about 1 KB, 64 times what the feed's 1 MB cap on
 * a socket's queue counts. Where ws must send (rawSocketOf), it gets the message as text.
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
